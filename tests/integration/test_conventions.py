"""Conventions over HTTP: a convention's whole life driven by the daemon's
clock (testing_today, moved with SIGHUP), the dates of examples.md C1-C3
and the indemnity of B1 in its JSON, every refusal (core's rules, stale
If-Match, actions not allowed, the unit's exclusion constraint, also under
concurrent requests), the units' availability, roles, operator isolation,
and the accompaniment (plan, log, rental-guarantee savings)."""
import signal
import threading
import time
import unittest

from harness import TransitdTestCase, psql
from household_api import assessed, current, person

UNIT = {
    "name": "Rue Haute 12", "kind": "apartment", "street": "Rue Haute",
    "house_number": "12", "postal_code": "5000", "commune": "Namur",
    "base_indemnity_cents": 45000, "subsidised": True,
    "rooms": [
        {"name": "séjour-cuisine", "kind": "kitchen_living", "area_dm2": 2000, "habitable": True},
        {"name": "chambre 1", "kind": "bedroom", "area_dm2": 1200, "habitable": True},
        {"name": "chambre 2", "kind": "bedroom", "area_dm2": 700, "habitable": True},
    ],
}

C1 = [{"number": 1, "start": "2026-01-15", "end": "2026-07-14",
       "latest_notification": "2026-03-31", "posting_deadline": "2026-03-27"},
      {"number": 2, "start": "2026-07-15", "end": "2027-01-14",
       "latest_notification": "2026-09-30", "posting_deadline": "2026-09-26"}]
C2 = [{"number": 1, "start": "2026-02-01", "end": "2026-07-31",
       "latest_notification": "2026-04-30", "posting_deadline": "2026-04-27"},
      {"number": 2, "start": "2026-08-01", "end": "2027-01-31",
       "latest_notification": "2026-10-31", "posting_deadline": "2026-10-28"}]
C3 = [{"number": 1, "start": "2026-08-31", "end": "2027-02-28",
       "latest_notification": "2026-11-30", "posting_deadline": "2026-11-26"},
      {"number": 2, "start": "2027-03-01", "end": "2027-08-30",
       "latest_notification": "2027-04-30", "posting_deadline": "2027-04-27"}]

EXIT = {"departure_on": None, "exit_reason": "relocated", "destination_type": "slsp",
        "destination_commune": "Namur", "rental_guarantee_cents": 120000, "adel": True}


class ConventionCase(TransitdTestCase):
    """Fixtures and helpers shared by the classes below."""

    extra_config = "testing = true\ntesting_today = 2026-01-05\n"
    households = 0

    def set_today(self, date):
        """Moves the daemon's clock: rewrite the config, SIGHUP, wait for the reload."""
        before = self.d.read_log().count("event=reloaded")
        self.d.write_config("testing = true\ntesting_today = %s\n" % date)
        self.d.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while self.d.read_log().count("event=reloaded") == before:
            self.assertLess(time.time(), deadline, "no reload")
            time.sleep(0.05)

    def unit(self, name="Rue Haute 12", token=None, **changes):
        body = dict(UNIT, name=name, **changes)
        r = self.d.request("POST", "/api/v1/units", body=body,
                           token=token or self.tokens["operator"])
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]

    def household(self, children=1, over_ceiling=False):
        """A couple (head + partner) with dependent children, over the households API:
        (household id, [adult ids], [child ids]). Its monthly revenues are B1's 1 512,37;
        over_ceiling makes it A3's childless couple above the P-b ceiling."""
        ConventionCase.households += 1

        def post(path, body):
            r = self.post(path, body, role="operator")
            self.assertEqual(r.status, 201, r)
            return r.json()["id"]

        hid = post("/api/v1/households", {"reference": "H-%d" % ConventionCase.households})
        adults = [
            (person("Anne", "1985-07-30", "F", "head"),
             [assessed(1200000), current(101237)]),
            (person("Marc", "1983-02-11", "M", "partner"),
             [assessed(1150000 if over_ceiling else 600000),
              current(50000, kind="unemployment")])]
        kids = [(person("Léa", "2020-05-0%d" % (k + 1), "F", "child", dependent_child=True), [])
                for k in range(0 if over_ceiling else children)]
        ids = []
        for body, incomes in adults + kids:
            ids.append(post("/api/v1/households/%d/members" % hid, body))
            for income in incomes:
                post("/api/v1/members/%d/incomes" % ids[-1], income)
        return hid, ids[:2], ids[2:]

    def check(self, household, unit, start):
        """An admission check of the household for the unit, over the API."""
        r = self.post("/api/v1/households/%d/admission-checks" % household,
                      {"unit_id": unit, "start_date": start, "ground": "precarity"},
                      role="operator")
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]

    def create(self, check_id, role="operator"):
        return self.post("/api/v1/conventions", {"admission_check_id": check_id}, role=role)

    def act(self, conv, action, body=None, version=None, role="operator", token=None):
        path = "/api/v1/conventions/%d/%s" % (conv["id"], action)
        return self.d.request("POST", path, body=body, token=token or self.tokens[role],
                              headers={"If-Match": '"%d"' % (version or conv["version"])})

    def ok(self, r, status=200):
        self.assertEqual(r.status, status, r)
        return r.json()

    def available(self, unit, date):
        items = self.get("/api/v1/units?available_on=%s&limit=200" % date).json()["items"]
        return unit in [u["id"] for u in items]

    def calendar(self, conv):
        return [{k: p[k] for k in ("number", "start", "end", "latest_notification",
                                   "posting_deadline")} for p in conv["calendar"]]


class Life(ConventionCase):
    def test_full_life(self):
        unit = self.unit()
        hh, adults, children = self.household()
        self.assertTrue(self.available(unit, "2026-01-20"))

        # draft from a positive check: C1 calendar, B1 indemnity
        r = self.create(self.check(hh, unit, "2026-01-15"))
        conv = self.ok(r, 201)
        self.assertEqual(r.header("ETag"), '"1"')
        self.assertEqual(r.header("Location"), "/api/v1/conventions/%d" % conv["id"])
        self.assertEqual(conv["state"], "draft")
        self.assertEqual(self.calendar(conv), C1)
        self.assertEqual(conv["periods"], 1)
        self.assertEqual(conv["final_end"], "2027-01-14")
        self.assertEqual(conv["renewal_decision_deadline"], "2026-03-27")
        self.assertEqual(conv["occupancy"], {"from": "2026-01-15", "to": "2027-01-14"})
        self.assertEqual(conv["indemnity"]["base_cents"], 45000)
        self.assertEqual(conv["indemnity"]["basis_cents"], 151237)
        self.assertEqual(conv["indemnity"]["cap_cents"], 30247)
        self.assertEqual(conv["indemnity"]["reduced_cents"], 30247)
        self.assertEqual(sorted(conv["allowed_actions"]), ["cancel", "sign"])
        self.assertEqual(self.get("/api/v1/conventions/%d" % conv["id"],
                                  role="auditor").json(), conv)
        # the unit is held from the start for the longest possible stay
        self.assertTrue(self.available(unit, "2026-01-14"))
        self.assertFalse(self.available(unit, "2026-01-15"))
        self.assertFalse(self.available(unit, "2027-01-14"))
        self.assertTrue(self.available(unit, "2027-01-15"))

        # an action the state does not allow: 422 with the allowed ones
        p = self.assertProblem(self.act(conv, "activate"), 422, "transition-refused")
        self.assertEqual(p["code"], "transition_not_allowed")
        self.assertEqual(sorted(p["allowed_actions"]), ["cancel", "sign"])
        self.assertIn("fr", p["reasons"][0])

        # signing: after the start, not every adult, a child, then right
        p = self.assertProblem(self.act(conv, "sign", {"signed_on": "2026-01-16",
                                                       "signatories": adults}), 422)
        self.assertEqual(p["code"], "signed_after_start")
        p = self.assertProblem(self.act(conv, "sign", {"signed_on": "2026-01-05",
                                                       "signatories": adults[:1] + children}),
                               422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["signatories", "signatories[1]"])
        self.assertProblem(self.act(conv, "sign", {"signed_on": "2026-01-05"}), 422,
                           "validation")
        r = self.d.request("POST", "/api/v1/conventions/%d/sign" % conv["id"],
                           body={"signed_on": "2026-01-05", "signatories": adults},
                           token=self.tokens["operator"])
        self.assertProblem(r, 428, "precondition-required")
        conv = self.ok(self.act(conv, "sign", {"signed_on": "2026-01-05",
                                               "signatories": adults}))
        self.assertEqual((conv["state"], conv["signed_on"], conv["signatories"]),
                         ("signed", "2026-01-05", sorted(adults)))
        self.assertEqual(conv["version"], 2)
        # a stale If-Match changes nothing
        p = self.assertProblem(self.act(conv, "cancel", version=1), 412, "stale-version")
        self.assertEqual(self.get("/api/v1/conventions/%d" % conv["id"]).json()["state"],
                         "signed")

        # activation on the start date, not before
        p = self.assertProblem(self.act(conv, "activate"), 422, "transition-refused")
        self.assertEqual(p["code"], "not_started")
        self.set_today("2026-01-15")
        conv = self.ok(self.act(conv, "activate"))
        self.assertEqual((conv["state"], conv["activated_on"]), ("active", "2026-01-15"))
        self.assertProblem(self.act(conv, "cancel"), 422, "transition-refused")

        # renewal with a fresh positive check dated before the posting deadline
        self.set_today("2026-03-20")
        fresh = self.check(hh, unit, "2026-03-25")
        stranger = self.check(self.household()[0], unit, "2026-03-25")
        p = self.assertProblem(self.act(conv, "renew", {"admission_check_id": stranger}), 422,
                               "validation")
        self.assertEqual(p["errors"][0]["code"], "mismatch")
        self.assertProblem(self.act(conv, "renew", {"admission_check_id": conv[
            "admission_check_id"]}), 422, "transition-refused")
        conv = self.ok(self.act(conv, "renew", {"admission_check_id": fresh}))
        self.assertEqual((conv["state"], conv["periods"]), ("renewed", 2))
        self.assertEqual(conv["renewals"], [{"period": 2, "admission_check_id": fresh,
                                             "decided_on": "2026-03-20"}])
        self.assertIsNone(conv["renewal_decision_deadline"])
        self.assertTrue(all(p["granted"] for p in conv["calendar"]))
        # no third period
        p = self.assertProblem(self.act(conv, "renew", {
            "admission_check_id": self.check(hh, unit, "2026-03-25")}), 422)
        self.assertEqual(p["code"], "no_period_left")

        # notice to both partners, separately, in time for the final end
        self.set_today("2026-09-22")
        p = self.assertProblem(self.act(conv, "notices", {"letters": [
            {"member_id": adults[0], "posted_on": "2026-09-21"}]}), 422, "transition-refused")
        self.assertEqual(p["code"], "notice_letters_missing")
        p = self.assertProblem(self.act(conv, "notices", {"letters": [
            {"member_id": adults[0], "posted_on": "2026-09-21"},
            {"member_id": children[0], "posted_on": "2026-09-21"}]}), 422, "validation")
        self.assertEqual(p["errors"][0]["field"], "letters[1].member_id")
        conv = self.ok(self.act(conv, "notices", {"letters": [
            {"member_id": adults[0], "posted_on": "2026-09-21"},
            {"member_id": adults[1], "posted_on": "2026-09-22"}]}))
        notice = conv["notice"]
        self.assertEqual(conv["state"], "notice_given")
        self.assertEqual((notice["period"], notice["posted_on"], notice["notified_on"],
                          notice["run_from"], notice["run_to"], notice["end_date"]),
                         (2, "2026-09-22", "2026-09-25", "2026-10-01", "2026-12-31",
                          "2027-01-14"))
        self.assertEqual([l["notified_on"] for l in notice["letters"]],
                         ["2026-09-24", "2026-09-25"])
        self.assertEqual(sorted(conv["allowed_actions"]), ["end", "overstay"])

        # still there the day after the end: overstay, the unit held without end
        self.set_today("2027-01-14")
        p = self.assertProblem(self.act(conv, "overstay"), 422, "transition-refused")
        self.assertEqual(p["code"], "not_yet_over")
        self.set_today("2027-02-03")
        conv = self.ok(self.act(conv, "overstay"))
        self.assertEqual(conv["state"], "overstay")
        self.assertEqual(conv["occupancy"], {"from": "2026-01-15", "to": None})
        self.assertFalse(self.available(unit, "2030-01-01"))

        # the exit, recorded by the social worker
        bad = dict(EXIT, departure_on="2027-02-02", exit_reason="vanished",
                   destination_commune=None, rental_guarantee_cents=-1)
        p = self.assertProblem(self.act(conv, "end", bad, role="social_worker"), 422,
                               "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["destination_commune", "exit_reason", "rental_guarantee_cents"])
        conv = self.ok(self.act(conv, "end", dict(EXIT, departure_on="2027-02-02"),
                                role="social_worker"))
        self.assertEqual(conv["state"], "ended")
        self.assertEqual(conv["exit"], {
            "departure_on": "2027-02-02", "reason": "relocated", "destination_type": "slsp",
            "destination_commune": "Namur", "rental_guarantee_cents": 120000, "adel": True})
        self.assertEqual(conv["occupancy"], {"from": "2026-01-15", "to": "2027-02-02"})
        self.assertFalse(self.available(unit, "2027-02-02"))
        self.assertTrue(self.available(unit, "2027-02-03"))
        self.assertEqual(conv["allowed_actions"], [])

        audit = self.sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log"
                         " WHERE entity = 'convention' AND entity_id = '%d'" % conv["id"])
        self.assertEqual(audit, "convention.create,convention.sign,convention.activate,"
                                "convention.renew,convention.notice,convention.overstay,"
                                "convention.end")
        before = self.sql("SELECT before->>'state' || '>' || (after->>'state') FROM audit_log"
                          " WHERE action = 'convention.end'")
        self.assertEqual(before, "overstay>ended")
        listed = self.get("/api/v1/conventions?state=ended", role="accountant").json()
        self.assertEqual([c["id"] for c in listed["items"]], [conv["id"]])
        self.assertEqual(listed["items"][0]["allowed_actions"], [])


class Refusals(ConventionCase):
    def test_negative_check_and_invalid_input(self):
        unit = self.unit()
        hh, _, _ = self.household()
        count = self.sql("SELECT count(*) FROM conventions")
        negative = self.household(over_ceiling=True)[0]
        p = self.assertProblem(self.create(self.check(negative, unit, "2026-01-15")), 422,
                               "convention-refused")
        self.assertEqual(p["code"], "admission_check_negative")
        self.assertEqual([r["code"] for r in p["reasons"]], ["ELIG_PB_CEILING"])
        self.assertIn("fr", p["reasons"][0])
        p = self.assertProblem(self.post("/api/v1/conventions", {"colour": "blue"},
                                         role="operator"), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["admission_check_id", "colour"])
        p = self.assertProblem(self.create(999999), 422, "validation")
        self.assertEqual(p["errors"][0]["code"], "not-found")
        self.assertProblem(self.post("/api/v1/conventions", {"admission_check_id": "7"},
                                     role="operator"), 422, "validation")
        self.assertEqual(self.sql("SELECT count(*) FROM conventions"), count)
        self.assertProblem(self.get("/api/v1/conventions?state=lost"), 400, "invalid-query")
        self.assertProblem(self.get("/api/v1/conventions/999999"), 404, "not-found")

    def test_overlapping_convention_on_the_same_unit(self):
        unit = self.unit()
        first = self.ok(self.create(self.check(self.household()[0], unit, "2026-01-15")), 201)
        other = self.household()[0]
        # any day in common is refused by the exclusion constraint
        p = self.assertProblem(self.create(self.check(other, unit, "2026-02-01")), 409,
                               "conflict")
        self.assertIn("conventions_unit_occupancy", p["detail"])
        self.assertEqual(self.sql("SELECT count(*) FROM conventions WHERE unit_id = %d" % unit),
                         "1")
        # a cancelled draft frees the unit
        first = self.ok(self.act(first, "cancel"))
        self.assertEqual((first["state"], first["cancelled_on"]), ("cancelled", "2026-01-05"))
        self.assertEqual(first["allowed_actions"], [])
        second = self.ok(self.create(self.check(other, unit, "2026-02-01")), 201)
        listed = self.get("/api/v1/conventions?unit_id=%d&state=draft" % unit).json()["items"]
        self.assertEqual([c["id"] for c in listed], [second["id"]])
        listed = self.get("/api/v1/conventions?household_id=%d" % other).json()["items"]
        self.assertEqual([c["id"] for c in listed], [second["id"]])
        # the database itself refuses an overlap, whatever the C does
        r = psql(self.dsn, "INSERT INTO conventions (operator_id, unit_id, household_id,"
                 " admission_check_id, start_date, max_periods, period_months, notice_months,"
                 " lead_working_days, final_end, occupancy, base_indemnity_cents, basis,"
                 " basis_cents, cap_applies, cap_percent, cap_cents, reduced_indemnity_cents)"
                 " SELECT operator_id, unit_id, household_id, admission_check_id,"
                 " start_date + 300, max_periods, period_months, notice_months,"
                 " lead_working_days, final_end + 300, daterange(start_date + 300,"
                 " final_end + 300, '[]'), base_indemnity_cents, basis, basis_cents,"
                 " cap_applies, cap_percent, cap_cents, reduced_indemnity_cents"
                 " FROM conventions WHERE id = %d" % second["id"], check=False)
        self.assertIn("conventions_unit_occupancy", r.stderr)

    def test_concurrent_creations_exactly_one_wins(self):
        for _ in range(4):
            unit = self.unit()
            checks = [self.check(self.household()[0], unit, "2026-01-20") for _ in range(2)]
            barrier = threading.Barrier(len(checks))
            results = [None] * len(checks)

            def create(i):
                barrier.wait()
                results[i] = self.create(checks[i])

            threads = [threading.Thread(target=create, args=(i,)) for i in range(len(checks))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            self.assertEqual(sorted(r.status for r in results), [201, 409], results)
            self.assertEqual(self.sql("SELECT count(*) FROM conventions WHERE unit_id = %d"
                                      % unit), "1")

    def test_roles(self):
        unit = self.unit()
        hh, adults, _ = self.household()
        check = self.check(hh, unit, "2026-01-15")
        self.assertProblem(self.create(check, role="accountant"), 403)
        self.assertProblem(self.create(check, role="social_worker"), 403)
        conv = self.ok(self.create(check), 201)
        body = {"signed_on": "2026-01-05", "signatories": adults}
        self.assertProblem(self.act(conv, "sign", body, role="social_worker"), 403)
        self.assertProblem(self.act(conv, "sign", body, role="auditor"), 403)
        for role in ("accountant", "auditor", "social_worker"):
            self.assertEqual(self.get("/api/v1/conventions/%d" % conv["id"], role=role).status,
                             200)
        self.ok(self.act(conv, "sign", body, role="admin"))

    def test_a_signatory_cannot_be_deleted(self):
        unit = self.unit()
        hh, adults, _ = self.household()
        conv = self.ok(self.create(self.check(hh, unit, "2026-01-15")), 201)
        self.ok(self.act(conv, "sign", {"signed_on": "2026-01-05", "signatories": adults}))
        path = "/api/v1/members/%d" % adults[0]
        version = self.get(path).json()["version"]
        audits = self.sql("SELECT count(*) FROM audit_log")
        r = self.d.request("DELETE", path, token=self.tokens["operator"],
                           headers={"If-Match": '"%d"' % version})
        p = self.assertProblem(r, 409, "still-referenced")
        self.assertIn("a convention names this member as a signatory", p["detail"])
        self.assertEqual(self.get(path).status, 200)
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log"), audits)

    def test_other_operator_sees_nothing(self):
        unit = self.unit()
        hh, adults, _ = self.household()
        conv = self.ok(self.create(self.check(hh, unit, "2026-01-15")), 201)
        self.d.cli("operator", "add", "CPAS Voisin")
        tok = self.d.cli("user", "add", "voisin", "--role", "operator", "--operator",
                         "CPAS Voisin").stdout.split("token: ")[1].strip()
        path = "/api/v1/conventions/%d" % conv["id"]
        self.assertProblem(self.d.request("GET", path, token=tok), 404, "not-found")
        self.assertProblem(self.act(conv, "sign", {"signed_on": "2026-01-05",
                                                   "signatories": adults}, token=tok), 404)
        self.assertProblem(self.act(conv, "cancel", token=tok), 404)
        self.assertProblem(self.d.request("GET", path + "/plan", token=tok), 404)
        self.assertProblem(self.d.request("GET", path + "/log", token=tok), 404)
        self.assertEqual(self.d.request("GET", "/api/v1/conventions", token=tok).json()["items"],
                         [])
        # nor build on the other operator's check
        r = self.d.request("POST", "/api/v1/conventions", token=tok,
                           body={"admission_check_id": conv["admission_check_id"]})
        self.assertProblem(r, 422, "validation")
        self.assertEqual(self.get(path).json()["version"], 1)


class LateNotice(ConventionCase):
    extra_config = "testing = true\ntesting_today = 2026-01-20\n"

    def test_late_notice_stale_check_and_early_departure(self):
        unit, spare = self.unit(), self.unit("Rue Basse 3")
        hh, adults, _ = self.household()
        conv = self.ok(self.create(self.check(hh, unit, "2026-02-01")), 201)
        self.assertEqual(self.calendar(conv), C2)
        stale = self.check(self.household()[0], spare, "2026-01-25")
        conv = self.ok(self.act(conv, "sign", {"signed_on": "2026-01-20",
                                               "signatories": adults}))
        self.set_today("2026-02-01")
        conv = self.ok(self.act(conv, "activate"))
        # a check whose start date has passed no longer makes a convention
        p = self.assertProblem(self.create(stale), 422, "convention-refused")
        self.assertEqual(p["code"], "admission_check_stale")

        self.set_today("2026-04-28")
        letters = [{"member_id": m, "posted_on": "2026-04-28"} for m in adults]
        p = self.assertProblem(self.act(conv, "notices", {"letters": letters}), 422,
                               "transition-refused")
        self.assertEqual(p["code"], "notice_too_late")
        self.assertEqual(p["needed_posting_date"], "2026-04-27")
        self.assertEqual(p["later_end"], "2027-01-31")
        self.assertEqual(p["later_posting_deadline"], "2026-10-28")
        self.assertIn("2026-04-27", p["reasons"][0]["en"])
        self.assertIn("27/04/2026", p["reasons"][0]["fr"])
        early = [{"member_id": adults[0], "posted_on": "2026-01-30"},
                 {"member_id": adults[1], "posted_on": "2026-04-20"}]
        p = self.assertProblem(self.act(conv, "notices", {"letters": early}), 422)
        self.assertEqual(p["code"], "notice_posted_before_start")
        self.assertIsNone(self.get("/api/v1/conventions/%d" % conv["id"]).json()["notice"])

        # the household leaves early by its own will: the unit is free the next day
        p = self.assertProblem(self.act(conv, "end", dict(EXIT, departure_on="2026-04-29")),
                               422, "transition-refused")
        self.assertEqual(p["code"], "departure_date_invalid")
        conv = self.ok(self.act(conv, "end", dict(EXIT, departure_on="2026-04-27",
                                                  destination_type="unknown",
                                                  destination_commune=None)))
        self.assertEqual(conv["occupancy"], {"from": "2026-02-01", "to": "2026-04-27"})
        self.assertEqual(conv["exit"]["destination_commune"], None)
        self.assertFalse(self.available(unit, "2026-04-27"))
        self.assertTrue(self.available(unit, "2026-04-28"))


class CalendarC3(ConventionCase):
    extra_config = "testing = true\ntesting_today = 2026-08-10\n"

    def test_c3_dates(self):
        unit = self.unit()
        conv = self.ok(self.create(self.check(self.household()[0], unit, "2026-08-31")), 201)
        self.assertEqual(self.calendar(conv), C3)
        self.assertEqual(conv["final_end"], "2027-08-30")
        self.assertEqual(conv["renewal_decision_deadline"], "2026-11-26")
        self.assertEqual([p["granted"] for p in conv["calendar"]], [True, False])


class Accompaniment(ConventionCase):
    def test_plan_log_and_savings(self):
        unit = self.unit()
        hh, adults, children = self.household()
        conv = self.ok(self.create(self.check(hh, unit, "2026-01-15")), 201)
        path = "/api/v1/conventions/%d" % conv["id"]
        worker = int(self.sql("SELECT id FROM users WHERE name = 'social_worker1'"))
        plan = {"worker_user_id": worker, "persons": adults + children,
                "objectives": ["trouver un logement durable"],
                "initiatives": ["inscription SLSP", "recherche AIS"],
                "indicators": ["candidatures envoyées"],
                "rental_guarantee_target_cents": 90000}
        sw = self.tokens["social_worker"]
        self.assertProblem(self.get(path + "/plan"), 404, "not-found")
        self.assertProblem(self.d.request("PUT", path + "/plan", body=plan,
                                          token=self.tokens["operator"]), 403)
        other_hh = self.household()[2]
        bad = dict(plan, worker_user_id=int(self.sql(
            "SELECT id FROM users WHERE name = 'operator1'")), persons=adults + other_hh,
            objectives=[""], indicators=[])
        p = self.assertProblem(self.d.request("PUT", path + "/plan", body=bad, token=sw), 422,
                               "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["indicators", "objectives[0]"])
        p = self.assertProblem(self.d.request("PUT", path + "/plan", body=dict(
            bad, objectives=["x"], indicators=["y"]), token=sw), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["persons[2]", "worker_user_id"])
        r = self.d.request("PUT", path + "/plan", body=plan, token=sw)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.header("ETag"), '"1"')
        self.assertEqual(r.header("Location"), path + "/plan")
        self.assertEqual(r.json()["persons"], sorted(adults + children))
        self.assertEqual(self.get(path + "/plan", role="auditor").json(), r.json())
        changed = dict(plan, objectives=["trouver un logement durable", "épargner"])
        self.assertProblem(self.d.request("PUT", path + "/plan", body=changed, token=sw), 428)
        r = self.d.request("PUT", path + "/plan", body=changed, token=sw,
                           headers={"If-Match": '"1"'})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["version"], 2)
        self.assertProblem(self.d.request("PUT", path + "/plan", body=plan, token=sw,
                                          headers={"If-Match": '"1"'}), 412, "stale-version")

        # the log: dated entries, never in the future, never rewritten
        for day, kind in (("2026-01-05", "meeting"), ("2026-01-04", "housing_search")):
            r = self.d.request("POST", path + "/log", token=sw, body={
                "occurred_on": day, "kind": kind, "summary": "entretien"})
            self.assertEqual(r.status, 201, r)
            self.assertEqual(r.json()["worker_user_id"], worker)
        p = self.assertProblem(self.d.request("POST", path + "/log", token=sw, body={
            "occurred_on": "2026-01-06", "kind": "party", "summary": ""}), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["kind", "occurred_on", "summary"])
        log = self.get(path + "/log", role="auditor").json()
        self.assertEqual([e["kind"] for e in log["items"]], ["meeting", "housing_search"])
        r = self.d.request("POST", path + "/log", body={"occurred_on": "2026-01-05",
                           "kind": "meeting", "summary": "x"}, token=self.tokens["accountant"])
        self.assertProblem(r, 403)
        r = psql(self.dsn, "UPDATE accompaniment_logs SET summary = 'x'", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("append-only", r.stderr)

        # savings toward the rental guarantee: deposits, withdrawals, never below 0
        for amount in (5000, 3000, -2000):
            r = self.d.request("POST", path + "/savings", token=sw, body={
                "saved_on": "2026-01-05", "amount_cents": amount})
            self.assertEqual(r.status, 201, r)
        p = self.assertProblem(self.d.request("POST", path + "/savings", token=sw, body={
            "saved_on": "2026-01-05", "amount_cents": -7000}), 422, "validation")
        self.assertEqual(p["errors"][0]["field"], "amount_cents")
        self.assertProblem(self.d.request("POST", path + "/savings", token=sw, body={
            "saved_on": "2026-01-05", "amount_cents": 0}), 422, "validation")
        page = self.get(path + "/savings", role="accountant").json()
        self.assertEqual((page["saved_cents"], page["target_cents"]), (6000, 90000))
        self.assertEqual([e["amount_cents"] for e in page["items"]], [5000, 3000, -2000])
        audit = self.sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log"
                         " WHERE entity IN ('accompaniment_plan', 'accompaniment_log',"
                         " 'guarantee_saving')")
        self.assertEqual(audit, "accompaniment_plan.create,accompaniment_plan.update," + ",".join(
            ["accompaniment_log.create"] * 2 + ["guarantee_saving.create"] * 3))


if __name__ == "__main__":
    unittest.main()
