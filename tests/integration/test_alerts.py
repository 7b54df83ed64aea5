"""Alerts over HTTP, the daemon's clock walking through the life of the
conventions of examples.md C1-C3: each alert appears on its date, once,
and is resolved when its cause disappears; acknowledge and resolve; roles;
two daemons raise one set of alerts; the iCalendar feed (parsed with
python3-icalendar); the e-mail digest through a capturing command."""
import datetime
import json
import os
import stat
import subprocess
import time
import unittest

from harness import Daemon, sanitizer_env
from test_conventions import C1, C2, C3, EXIT, ConventionCase

NO_SCHEDULER = "scheduler_interval_seconds = 0\n"


def day(s, delta=0):
    return (datetime.date.fromisoformat(s) + datetime.timedelta(days=delta)).isoformat()


class AlertCase(ConventionCase):
    extra_config = "testing = true\ntesting_today = 2025-12-01\n" + NO_SCHEDULER

    def refresh(self):
        r = self.post("/api/v1/alerts/refresh", {}, role="admin")
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json()["skipped"])
        return r.json()

    def alerts(self, conv_id=None, role="admin", query=""):
        items = self.get("/api/v1/alerts?limit=200" + query, role=role).json()["items"]
        if conv_id is not None:
            items = [a for a in items if a["object"] == {
                "type": "convention", "id": conv_id, "href": "/api/v1/conventions/%d" % conv_id}]
        return items

    def open_kinds(self, conv_id):
        return sorted((a["kind"], a["due_on"]) for a in self.alerts(conv_id)
                      if a["state"] != "resolved")

    def at(self, date):
        self.set_today(date)
        self.refresh()

    def assert_opens(self, conv_id, kind, due, opens):
        """Absent the day before `opens`, open from `opens` on, raised once."""
        self.at(day(opens, -1))
        self.assertNotIn((kind, due), self.open_kinds(conv_id), (kind, opens))
        self.at(opens)
        self.assertIn((kind, due), self.open_kinds(conv_id), (kind, opens))
        self.refresh()
        rows = [a for a in self.alerts(conv_id) if a["kind"] == kind and a["due_on"] == due]
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def start_convention(self, periods):
        """Unit, household, check, signed and active convention starting on
        periods[0]["start"]; returns (conv, adults, unit, household)."""
        start = periods[0]["start"]
        self.at(day(start, -10))
        unit = self.unit(name="Logement %s" % start)
        hh, adults, _ = self.household()
        conv = self.ok(self.create(self.check(hh, unit, start)), 201)
        conv = self.ok(self.act(conv, "sign", {"signed_on": day(start, -10),
                                               "signatories": adults}))
        self.refresh()
        kinds = [k for k, _ in self.open_kinds(conv["id"])]
        self.assertIn("plan_missing", kinds)
        self.assertIn("safety_check", kinds)
        # the plan and the safety check make those two disappear
        worker = int(self.sql("SELECT id FROM users WHERE name = 'social_worker1'"))
        r = self.d.request("PUT", "/api/v1/conventions/%d/plan" % conv["id"], body={
            "worker_user_id": worker, "persons": adults, "objectives": ["Trouver un logement"],
            "initiatives": ["Inscription SLSP"], "indicators": ["Candidatures envoyées"],
            "rental_guarantee_target_cents": 100000}, token=self.tokens["social_worker"])
        self.assertIn(r.status, (200, 201), r)
        r = self.post("/api/v1/units/%d/logbook" % unit, {
            "kind": "safety_check", "entry_date": day(start, -10), "smoke_detectors_ok": True,
            "differentials_ok": True, "guard_rails_ok": True,
            "instructions_handed_over": True}, role="social_worker")
        self.assertEqual(r.status, 201, r)
        self.refresh()
        self.assertEqual(self.open_kinds(conv["id"]), [])
        resolved = {a["kind"]: a for a in self.alerts(conv["id"])}
        self.assertTrue(resolved["plan_missing"]["resolved_automatically"])
        self.at(start)
        conv = self.ok(self.act(self.get("/api/v1/conventions/%d" % conv["id"]).json(),
                                "activate"))
        return conv, adults, unit, hh

    def walk(self, periods):
        conv, adults, unit, hh = self.start_convention(periods)
        cid = conv["id"]
        pd1, pd2 = periods[0]["posting_deadline"], periods[1]["posting_deadline"]
        e2 = periods[1]["end"]
        a = self.assert_opens(cid, "renewal_decision_due", pd1, day(pd1, -45))
        self.assertEqual(a["object"]["href"], "/api/v1/conventions/%d" % cid)
        self.assertIn("social_worker", a["audience"])
        self.assert_opens(cid, "notice_deadline_30", pd1, day(pd1, -30))
        n7 = self.assert_opens(cid, "notice_deadline_7", pd1, day(pd1, -7))
        d, m, y = pd1[8:], pd1[5:7], pd1[:4]
        self.assertEqual(n7["todo_fr"], "Envoyer le préavis avant le %s/%s/%s (lettres "
                                        "recommandées à chaque partenaire)" % (d, m, y))
        # the social worker sees it, the accountant does not
        self.assertIn(n7["id"], [x["id"] for x in self.alerts(role="social_worker")])
        self.assertNotIn(n7["id"], [x["id"] for x in self.alerts(role="accountant")])

        # renewal decided: the first period's reminders resolve themselves
        conv = self.get("/api/v1/conventions/%d" % cid).json()
        conv = self.ok(self.act(conv, "renew", {"admission_check_id": self.check(
            hh, unit, day(pd1, -7))}))
        self.refresh()
        self.assertEqual(self.open_kinds(cid), [])
        first = {(x["kind"], x["due_on"]): x for x in self.alerts(cid)}
        for kind in ("renewal_decision_due", "notice_deadline_30", "notice_deadline_7"):
            self.assertEqual(first[(kind, pd1)]["state"], "resolved")
            self.assertTrue(first[(kind, pd1)]["resolved_automatically"])

        # second period: notice reminders, then the notice resolves them
        self.assert_opens(cid, "notice_deadline_30", pd2, day(pd2, -30))
        self.assert_opens(cid, "notice_deadline_7", pd2, day(pd2, -7))
        conv = self.get("/api/v1/conventions/%d" % cid).json()
        conv = self.ok(self.act(conv, "notices", {"letters": [
            {"member_id": m, "posted_on": day(pd2, -7)} for m in adults]}))
        self.refresh()
        self.assertEqual(self.open_kinds(cid), [])

        # the end approaches, then the household stays: overstay
        self.assert_opens(cid, "convention_ending", e2, day(e2, -30))
        over = self.assert_opens(cid, "overstay", day(e2, 1), day(e2, 1))
        r = self.post("/api/v1/alerts/%d/acknowledge" % over["id"],
                      {"comment": "Médiation proposée"}, role="social_worker")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "acknowledged")
        # departure recorded: every alert of the convention is resolved
        self.at(day(e2, 3))
        conv = self.get("/api/v1/conventions/%d" % cid).json()
        if conv["state"] != "overstay":
            conv = self.ok(self.act(conv, "overstay"))
        self.ok(self.act(conv, "end", dict(EXIT, departure_on=day(e2, 3)), role="social_worker"))
        self.refresh()
        self.assertEqual(self.open_kinds(cid), [])
        # every alert was raised exactly once
        identities = [x["identity"] for x in self.alerts(cid)]
        self.assertEqual(len(identities), len(set(identities)))
        self.assertEqual(self.sql("SELECT count(*) FROM alerts WHERE object_id = %d AND "
                                  "object_type = 'convention'" % cid), str(len(identities)))
        # each stored document (sql/012) is the one its row gives now, after
        # raising, acknowledging and resolving
        self.assertEqual(self.sql("SELECT count(*) FROM alerts WHERE doc <> alert_doc(alerts)"),
                         "0")
        docs = {x["id"]: x for x in self.alerts(cid)}
        for row in self.sql("SELECT doc FROM alerts WHERE object_id = %d AND object_type ="
                            " 'convention'" % cid).splitlines():
            doc = json.loads(row)
            self.assertEqual(doc, docs[doc["id"]])


class CalendarC1(AlertCase):
    def test_c1_life(self):
        self.walk(C1)


class CalendarC2(AlertCase):
    def test_c2_life(self):
        self.walk(C2)


class CalendarC3(AlertCase):
    def test_c3_life(self):
        self.walk(C3)


class AlertActions(AlertCase):
    def test_acknowledge_resolve_roles_and_filters(self):
        conv, adults, unit, hh = self.start_convention(C1)
        a = self.assert_opens(conv["id"], "renewal_decision_due", "2026-03-27", "2026-02-10")
        path = "/api/v1/alerts/%d/" % a["id"]
        self.assertProblem(self.post(path + "resolve", {}, role="social_worker"), 422, "validation")
        self.assertProblem(self.post(path + "resolve", {"comment": "x"}, role="accountant"), 404)
        self.assertProblem(self.post(path + "resolve", {"comment": "x"}, role="auditor"), 403)
        r = self.post(path + "resolve", {"comment": "Décision prise en réunion"},
                      role="social_worker")
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["state"], r.json()["resolved_automatically"]),
                         ("resolved", False))
        self.assertProblem(self.post(path + "acknowledge", {"comment": "x"},
                                     role="social_worker"), 422, "transition-refused")
        # a manual resolution sticks: the next pass does not reopen it
        self.refresh()
        self.assertEqual(self.get("/api/v1/alerts?kind=renewal_decision_due").json()["items"][0]
                         ["state"], "resolved")
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action = 'alert.resolve'"),
                         "1")
        mine = self.get("/api/v1/alerts?assignee=me&state=resolved", role="social_worker").json()
        self.assertEqual([x["id"] for x in mine["items"]], [a["id"]])
        self.assertEqual(self.get("/api/v1/alerts?due_before=2026-03-27&state=open").json()
                         ["items"], [])
        self.assertEqual(len(self.get("/api/v1/alerts?due_before=2026-03-28&state=resolved")
                             .json()["items"]), 3)
        self.assertProblem(self.get("/api/v1/alerts?state=lost&kind=none&due_before=x"), 400)


class UnpaidIndemnity(AlertCase):
    def test_unpaid_invoice_alert_opens_after_the_grace_days_and_resolves_when_paid(self):
        import uuid
        conv, adults, unit, hh = self.start_convention(C1)
        self.at("2026-02-01")
        r = self.post("/api/v1/billing/runs", {"month": "2026-02"}, role="accountant")
        self.assertIn(r.status, (200, 201), r)
        invoice = self.get("/api/v1/invoices?household_id=%d" % hh).json()["items"]
        invoice = [i for i in invoice if i["month"].startswith("2026-02")][0]
        # due on the 5th, 5 grace days: raised from the 11th, for the accountant too
        self.at("2026-02-10")
        self.assertEqual([a for a in self.alerts(role="accountant")
                          if a["kind"] == "invoice_unpaid"], [])
        self.at("2026-02-11")
        unpaid = [a for a in self.alerts(role="accountant") if a["kind"] == "invoice_unpaid"]
        self.assertEqual(len(unpaid), 1, unpaid)
        self.assertEqual(unpaid[0]["object"]["id"], invoice["id"])
        self.assertEqual(unpaid[0]["due_on"], "2026-02-10")
        self.assertIn(unpaid[0]["id"], [a["id"] for a in self.alerts(role="social_worker")])
        self.assertNotIn(unpaid[0]["id"], [a["id"] for a in self.alerts(role="operator")])
        r = self.d.request("POST", "/api/v1/payments", body={
            "household_id": hh, "paid_on": "2026-02-11", "amount_cents": invoice["total_cents"],
            "method": "transfer", "payer": "Anne Exemple"}, token=self.tokens["accountant"],
            headers={"Idempotency-Key": str(uuid.uuid4())})
        self.assertEqual(r.status, 201, r)
        self.refresh()
        done = [a for a in self.alerts(role="accountant") if a["kind"] == "invoice_unpaid"]
        self.assertEqual([(a["state"], a["resolved_automatically"]) for a in done],
                         [("resolved", True)])


class CalendarFeed(AlertCase):
    def test_ics_feed_parses_and_lists_the_deadlines(self):
        import icalendar
        conv, adults, unit, hh = self.start_convention(C1)
        r = self.post("/api/v1/calendar-tokens", {}, role="social_worker")
        self.assertEqual(r.status, 201, r)
        url = r.json()["url"]
        self.assertProblem(self.d.request("GET", "/api/v1/calendar.ics"), 401)
        self.assertProblem(self.d.request("GET", "/api/v1/calendar.ics?token=cal_nope"), 401)
        feed = self.d.request("GET", url)
        self.assertEqual(feed.status, 200, feed)
        self.assertEqual(feed.header("Content-Type"), "text/calendar; charset=utf-8")
        self.assertTrue(all(line.endswith("\r") or line == ""
                            for line in feed.body.split("\n")))
        cal = icalendar.Calendar.from_ical(feed.body)
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        posting = events["notice_deadline_7:convention:%d:2026-03-27@transitd" % conv["id"]]
        self.assertEqual(posting.decoded("DTSTART"), datetime.date(2026, 3, 27))
        self.assertIn("préavis", str(posting["SUMMARY"]))
        self.assertEqual(len(posting.walk("VALARM")), 2)
        self.assertIn("convention_ending:convention:%d:2027-01-14@transitd" % conv["id"], events)
        self.assertIn("renewal_decision_due:convention:%d:2026-03-27@transitd" % conv["id"],
                      events)
        self.assertTrue(any(uid.startswith("visit_overdue:unit:%d:" % unit) for uid in events))
        # revoked: the feed closes
        tid = r.json()["id"]
        self.assertEqual(self.d.request("DELETE", "/api/v1/calendar-tokens/%d" % tid,
                                        token=self.tokens["social_worker"]).status, 204)
        self.assertProblem(self.d.request("GET", url), 401)


class TwoDaemonsAndDigest(AlertCase):
    def test_two_daemons_one_set_of_alerts_and_the_digest(self):
        conv, adults, unit, hh = self.start_convention(C1)
        self.at("2026-03-21")
        expected = sorted(x["identity"] for x in self.alerts() if x["state"] != "resolved")
        self.assertTrue(expected)
        # a user with an e-mail address, and a command that captures messages
        out = os.path.join(self.workdir, "mail")
        os.makedirs(out, exist_ok=True)
        fake = os.path.join(self.workdir, "fake-sendmail")
        with open(fake, "w") as f:
            f.write('#!/bin/sh\n[ "$1" = "-t" ] || exit 2\ncat > "%s/$$.eml"\n' % out)
        os.chmod(fake, stat.S_IRWXU)
        self.d.cli("user", "add", "claire", "--role", "social_worker", "--email",
                   "claire@cpas.example")
        # two daemons with their scheduler on, started together on one database
        self.d.stop()
        cfg = ("testing = true\ntesting_today = 2026-03-21\nscheduler_interval_seconds = 3600\n"
               'sendmail_command = "%s -t"\n' % fake)
        self.d.write_config(cfg)
        other = Daemon(self.app_dsn, self.workdir, cfg, name="second")
        self.d.start()
        other.start()
        try:
            deadline = time.time() + 30
            while time.time() < deadline:
                logs = self.d.read_log() + other.read_log()
                if logs.count("event=scheduler_pass") >= 2:
                    break
                time.sleep(0.1)
            self.assertGreaterEqual(logs.count("event=scheduler_pass"), 2, logs[-2000:])
            got = sorted(x["identity"] for x in self.alerts() if x["state"] != "resolved")
            self.assertEqual(got, expected)
            self.assertEqual(self.sql("SELECT count(*) - count(DISTINCT identity) FROM alerts"),
                             "0")
            mails = []
            for name in sorted(os.listdir(out)):
                with open(os.path.join(out, name), encoding="utf-8") as f:
                    mails.append(f.read())
            claire = [m for m in mails if "To: claire@cpas.example" in m]
            self.assertEqual(len(claire), 1, mails)
            self.assertIn("Subject: transitd: ", claire[0])
            self.assertIn("Envoyer le préavis avant le 27/03/2026", claire[0])
            self.assertIn("Content-Type: text/plain; charset=UTF-8", claire[0])
            # the greeting names no one by a login (issue 13)
            self.assertIn("\n\nBonjour,\n", claire[0])
            self.assertNotIn("Bonjour claire", claire[0])
        finally:
            other.stop()


if __name__ == "__main__":
    unittest.main()
