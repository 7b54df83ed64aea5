"""Billing over HTTP: examples B1-B6 of examples.md from conventions made
through the API and moved through time with the daemon's clock; billing runs
that are idempotent, safe under two concurrent runs and under kill -9 of
the daemon midway; payments with an Idempotency-Key, allocated to the
oldest open invoices, with credit and reversal; gapless receipt numbers
under concurrent payments with a real rollback; arrears, the ledger CSV, the
receipt PDF, roles and what the database itself refuses."""
import csv
import http.client
import io
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

from harness import psql
from household_api import (LETTERHEAD, HouseholdBuilder, assessed, current, person,
                           set_operator_profile)
from test_conventions import UNIT, ConventionCase

OGM = re.compile(r"^\+\+\+(\d{3})/(\d{4})/(\d{5})\+\+\+$")


def ogm_valid(text):
    m = OGM.match(text)
    if not m:
        return False
    digits = "".join(m.groups())
    check = int(digits[:10]) % 97 or 97
    return check == int(digits[10:])


def ogm_of(base):
    """The structured communication of a 10-digit base (mod 97, 97 for 0)."""
    digits = "%010d%02d" % (base, base % 97 or 97)
    return "+++%s/%s/%s+++" % (digits[:3], digits[3:7], digits[7:])


def seed_conventions(case, n, start="2026-01-01", final_end="2026-12-31", reduced=30247,
                     base=45000, tag="S"):
    """n active conventions, each with its own unit and household, written
    straight into the database (fixture data: the API path is tested by the
    examples). Returns [(convention_id, household_id)] in id order."""
    tag = "%s%s" % (tag, uuid.uuid4().hex[:6])
    sql = """
WITH op AS (SELECT id FROM operators WHERE name = 'CPAS de Test'),
u AS (INSERT INTO units (operator_id, name, kind, street, house_number, postal_code, commune,
      base_indemnity_cents)
      SELECT op.id, '{tag} ' || g, 'studio', 'Rue du Test', g::text, '5000', 'Namur', {base}
      FROM op, generate_series(1, {n}) g RETURNING id, operator_id),
un AS (SELECT id, operator_id, row_number() OVER (ORDER BY id) AS k FROM u),
h AS (INSERT INTO households (operator_id, reference)
      SELECT op.id, '{tag}-' || g FROM op, generate_series(1, {n}) g RETURNING id),
hn AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM h),
ac AS (INSERT INTO admission_checks (operator_id, household_id, unit_id, start_date,
       check_date, ground_asked, admissible, ground, unit_fits, indemnity_basis,
       indemnity_basis_cents, decision, overcrowding, household, incomes, parameters)
       SELECT un.operator_id, hn.id, un.id, '{start}', '{start}', 'precarity', true, 'P-a',
       true, 'monthly_revenues', 151237, '{{}}', '{{}}', '{{}}', '[]', '[]'
       FROM un JOIN hn USING (k) RETURNING id, household_id, unit_id, operator_id)
INSERT INTO conventions (operator_id, unit_id, household_id, admission_check_id, state,
       start_date, max_periods, period_months, notice_months, lead_working_days, final_end,
       occupancy, base_indemnity_cents, basis, basis_cents, cap_applies, cap_percent,
       cap_cents, reduced_indemnity_cents, signed_on, activated_on)
SELECT operator_id, unit_id, household_id, id, 'active', '{start}', 2, 6, 3, 3,
       '{final_end}', daterange('{start}', '{final_end}', '[]'), {base}, 'monthly_revenues',
       151237, true, 20, 30247, {reduced}, '{start}', '{start}'
FROM ac ORDER BY id RETURNING id, household_id
""".format(tag=tag, n=n, start=start, final_end=final_end, base=base, reduced=reduced)
    out = psql(case.dsn, sql).stdout.split()
    return sorted(tuple(int(x) for x in line.split("|")) for line in out)


class Session:
    """A psql session kept open to hold a transaction's locks while the
    daemon works; closed (rolled back) on exit, also when a test fails."""

    def __init__(self, dsn, statements):
        self.proc = subprocess.Popen(["psql", dsn, "-v", "ON_ERROR_STOP=1", "-qAt"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.proc.stdin.write("BEGIN;\n%s\nSELECT 'held';\n" % statements)
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().strip()
        if line != "held":
            self.close()
            raise AssertionError("the session holds nothing: " + line)

    def close(self):
        if not self.proc.stdin.closed:
            if self.proc.poll() is None:
                self.proc.stdin.write("ROLLBACK;\n")
            self.proc.stdin.close()
        self.proc.wait(30)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class BillingCase(ConventionCase):
    """Helpers over the billing endpoints."""

    def run_month(self, month, role="accountant", expect=201):
        r = self.post("/api/v1/billing/runs", {"month": month}, role=role)
        self.assertEqual(r.status, expect, r)
        return r.json()

    def invoices(self, **filters):
        query = "&".join("%s=%s" % kv for kv in filters.items())
        items, after = [], 0
        while True:
            page = self.get("/api/v1/invoices?limit=200&after=%d&%s" % (after, query),
                            role="auditor").json()
            items += page["items"]
            if page["next_after"] is None:
                return items
            after = page["next_after"]

    def invoice_of(self, convention, month):
        found = self.invoices(convention_id=convention, month=month)
        self.assertEqual(len(found), 1, found)
        return found[0]

    def signed(self, household, adults, unit, start):
        """A convention made over the API from a check, signed today (2026-01-05)."""
        conv = self.ok(self.create(self.check(household, unit, start)), 201)
        return self.ok(self.act(conv, "sign", {"signed_on": "2026-01-05",
                                               "signatories": adults}))

    def pay(self, body, key=None, role="accountant"):
        return self.d.request("POST", "/api/v1/payments", body=body,
                              token=self.tokens[role],
                              headers={"Idempotency-Key": key or str(uuid.uuid4())})

    def paid(self, household, amount, paid_on, key=None, **extra):
        body = dict({"household_id": household, "paid_on": paid_on, "amount_cents": amount,
                     "method": "transfer", "payer": "Anne Exemple"}, **extra)
        r = self.pay(body, key)
        self.assertEqual(r.status, 201, r)
        return r.json()


class Examples(BillingCase):
    """B1-B6 and the utility provision, from conventions made over the API."""

    extra_config = "testing = true\ntesting_today = 2026-01-05\n"

    def single(self, name, monthly, taxable=1000000, mediation_charges=None):
        h = HouseholdBuilder(self, name)
        adult = h.member(person("Solo", "1980-02-02"), [assessed(taxable), current(monthly)])
        if mediation_charges is not None:
            h.record("debt-mediations", {"service_name": "SMD du CPAS",
                                         "approval_reference": "AGR-2019-114",
                                         "monthly_charges_cents": mediation_charges})
        return h.id, [adult["id"]]

    def test_B1_to_B6(self):
        # B1: base 450,00, revenues 1 512,37, with a utility provision of 60,00
        u1 = self.unit("B1", utility_provision_cents=6000)
        hh1, adults1, _ = self.household()
        b1 = self.signed(hh1, adults1, u1, "2026-01-15")
        self.assertEqual(b1["indemnity"]["reduced_cents"], 30247)
        # B2: base 250,00, revenues 1 800,00: the base is lower than the cap
        u2 = self.unit("B2", base_indemnity_cents=25000)
        hh2, adults2 = self.single("B2", 180000)
        b2 = self.signed(hh2, adults2, u2, "2026-02-01")
        self.assertEqual((b2["indemnity"]["cap_cents"], b2["indemnity"]["reduced_cents"]),
                         (36000, 25000))
        # B3: P-c, resources R = 1 434,56 - 400,00 = 1 034,56
        u3 = self.unit("B3")
        hh3, adults3 = self.single("B3", 143456, taxable=1900000, mediation_charges=40000)
        b3 = self.signed(hh3, adults3, u3, "2026-02-01")
        self.assertEqual(b3["indemnity"]["basis"], "monthly_resources")
        self.assertEqual(b3["indemnity"]["reduced_cents"], 20691)

        # nothing active yet: a run creates nothing; a month too far ahead is refused
        run = self.run_month("2026-01")
        self.assertEqual((run["created"], run["complete"]), (0, True))
        self.assertProblem(self.post("/api/v1/billing/runs", {"month": "2026-03"},
                                     role="accountant"), 422, "month-not-billable")

        # B4: January 2026 billed 17/31 days
        self.set_today("2026-01-15")
        b1 = self.ok(self.act(b1, "activate"))
        run = self.run_month("2026-01")
        self.assertEqual((run["month"], run["created"], run["skipped"]), ("2026-01", 1, 0))
        jan = self.invoice_of(b1["id"], "2026-01")
        self.assertEqual(jan["indemnity_cents"], 16587)
        self.assertEqual(jan["lines"][0], {
            "kind": "reduced", "from": "2026-01-15", "to": "2026-01-31", "days": 17,
            "days_in_month": 31, "monthly_cents": 30247, "amount_cents": 16587})
        # the provision: its own line, over the same days, outside the cap
        self.assertEqual(jan["lines"][1], {
            "kind": "utility_provision", "from": "2026-01-15", "to": "2026-01-31",
            "days": 17, "days_in_month": 31, "monthly_cents": 6000, "amount_cents": 3290})
        self.assertEqual((jan["provision_cents"], jan["total_cents"]), (3290, 19877))
        # due on the 5th, but not before the household moves in
        self.assertEqual(jan["due_on"], "2026-01-15")
        self.assertTrue(ogm_valid(jan["communication"]), jan["communication"])
        self.assertEqual((jan["paid_cents"], jan["open"]), (0, True))

        # B1, B2, B3 over a whole month
        self.set_today("2026-02-01")
        for conv in (b2, b3):
            self.ok(self.act(conv, "activate"))
        run = self.run_month("2026-02")
        self.assertEqual(run["created"], 3)
        feb = {c: self.invoice_of(c, "2026-02") for c in (b1["id"], b2["id"], b3["id"])}
        self.assertEqual(feb[b1["id"]]["indemnity_cents"], 30247)
        self.assertEqual(feb[b1["id"]]["provision_cents"], 6000)
        self.assertGreater(feb[b1["id"]]["total_cents"], b1["indemnity"]["cap_cents"])
        self.assertEqual(feb[b2["id"]]["total_cents"], 25000)
        self.assertEqual(feb[b3["id"]]["total_cents"], 20691)
        self.assertEqual({i["due_on"] for i in feb.values()}, {"2026-02-05"})
        self.assertEqual([l["kind"] for l in feb[b2["id"]]["lines"]], ["reduced"])
        communications = {i["communication"] for i in feb.values()} | {jan["communication"]}
        self.assertEqual(len(communications), 4)

        # B5: renewed, final end 2027-01-14: January 2027 billed 14/31 days
        self.set_today("2026-03-20")
        fresh = self.check(hh1, u1, "2026-03-25")
        b1 = self.ok(self.act(b1, "renew", {"admission_check_id": fresh}))
        self.assertEqual((b1["state"], b1["final_end"]), ("renewed", "2027-01-14"))
        self.set_today("2027-01-02")
        self.run_month("2027-01")
        jan27 = self.invoice_of(b1["id"], "2027-01")
        self.assertEqual(jan27["indemnity_cents"], 13660)
        self.assertEqual([(l["kind"], l["from"], l["to"]) for l in jan27["lines"]],
                         [("reduced", "2027-01-01", "2027-01-14"),
                          ("utility_provision", "2027-01-01", "2027-01-14")])

        # B6: still there in February 2027 (overstay): billed at the base
        self.set_today("2027-02-01")
        b1 = self.ok(self.act(b1, "overstay"))
        self.run_month("2027-02")
        feb27 = self.invoice_of(b1["id"], "2027-02")
        self.assertEqual(feb27["indemnity_cents"], 45000)
        self.assertEqual(feb27["lines"][0]["kind"], "base")
        self.assertEqual((feb27["lines"][0]["from"], feb27["lines"][0]["to"]),
                         ("2027-02-01", "2027-02-28"))

        # the household leaves on 10 February 2027: an ended convention is
        # billed up to its departure (here already billed: nothing new)
        self.set_today("2027-02-10")
        b1 = self.ok(self.act(b1, "end", {
            "departure_on": "2027-02-10", "exit_reason": "relocated",
            "destination_type": "slsp", "destination_commune": "Namur",
            "rental_guarantee_cents": 0, "adel": True}, role="social_worker"))
        self.assertEqual(self.run_month("2027-02")["created"], 0)
        # B2 and B3 ended on 2027-01-31: only B1 occupies a unit in February
        self.assertEqual(self.sql("SELECT count(*) FROM invoices WHERE month = '2027-02-01'"),
                         "1")


class ReceiptDocument(BillingCase):
    """The receipt as a PDF, read back with pdftotext."""

    extra_config = "testing = true\ntesting_today = 2026-01-05\n"

    def get_bytes(self, path, role):
        """A GET whose body is kept as bytes (the harness decodes text)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.d.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Authorization": "Bearer " + self.tokens[role]})
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read()
        finally:
            conn.close()

    def pdf_text(self, pdf):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            out = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True,
                                 check=True)
        return " ".join(out.stdout.decode("utf-8").split())

    def test_receipt_pdf(self):
        unit = self.unit("Rue Haute 12")
        hh, adults, _ = self.household()
        conv = self.signed(hh, adults, unit, "2026-01-15")
        self.set_today("2026-01-15")
        conv = self.ok(self.act(conv, "activate"))
        self.run_month("2026-01")
        payment = self.paid(hh, 30247, "2026-01-15")
        receipt = self.get("/api/v1/receipts/%d" % payment["receipt"]["id"]).json()
        self.assertEqual((receipt["months"], receipt["credit_cents"]),
                         ([{"month": "2026-01", "amount_cents": 16587}], 13660))
        path = "/api/v1/receipts/%d.pdf" % receipt["id"]
        # the operator's letterhead is needed first
        p = self.assertProblem(self.get(path), 422, "operator-profile-incomplete")
        self.assertIn("street", [e["field"] for e in p["errors"]])
        set_operator_profile(self, dict(LETTERHEAD, ogm_base=1000000))
        # the convention's standing communication (as its document prints
        # it) names the household of a payment too
        standing = self.paid(None, 500, "2026-01-15", communication=ogm_of(1000000 + conv["id"]))
        self.assertEqual(standing["household_id"], hh)

        status, headers, pdf = self.get_bytes(path, "auditor")
        self.assertEqual(status, 200, pdf[:300])
        self.assertEqual(headers["Content-Type"], "application/pdf")
        self.assertEqual(headers["Content-Disposition"],
                         'attachment; filename="recu-%s.pdf"' % receipt["number"])
        self.assertTrue(pdf.startswith(b"%PDF-"))
        text = self.pdf_text(pdf)
        self.assertIn("Reçu n° %s" % receipt["number"], text)
        self.assertIn("CPAS de Test", text)
        # who paid, the household it is for, the operator's signatory (issue 13)
        self.assertIn("Reçu de : Anne Exemple", text)
        self.assertIn("Ménage : Anne Exemple et Marc Exemple", text)
        self.assertIn("reconnaît avoir reçu d'Anne Exemple la somme de 302,47 €", text)
        self.assertIn("Marie Lambert", text)
        self.assertIn("Rue Haute 12", text)
        self.assertIn("Indemnité d'occupation de janvier 2026 165,87 €", text)
        self.assertIn("Avance sur les prochaines indemnités d'occupation 136,60 €", text)
        self.assertIn("Montant reçu : 302,47 €", text)
        self.assertIn("trois cent deux euros et quarante-sept centimes", text)
        self.assertIn("Mode de paiement : virement bancaire", text)
        self.assertIn("Date du paiement : 15/01/2026", text)
        self.assertIn("Fait à Namur, le 15/01/2026.", text)

        # budget management and direct debit print their French names
        for method, label in (("cpas_retention", "gestion budgétaire (retenue à la source)"),
                              ("direct_debit", "domiciliation bancaire")):
            other = self.paid(hh, 1000, "2026-01-15", method=method)
            status, _, pdf = self.get_bytes("/api/v1/receipts/%d.pdf" % other["receipt"]["id"],
                                            "operator")
            self.assertEqual(status, 200, pdf[:300])
            text = self.pdf_text(pdf)
            self.assertIn("Mode de paiement : " + label, text)
            self.assertIn("dix euros", text)

        # a reversed payment's receipt is no longer issued
        r = self.post("/api/v1/payments/%d/reverse" % payment["id"], {"reason": "erreur"},
                      role="accountant")
        self.assertEqual(r.status, 201, r)
        self.assertProblem(self.get(path), 409, "receipt-reversed")
        self.assertProblem(self.get("/api/v1/receipts/999999.pdf"), 404, "not-found")
        self.assertProblem(self.get("/api/v1/receipts/%d.pdff" % receipt["id"]), 404)


class Runs(BillingCase):
    """Re-runs, concurrent runs, validation, roles, the database's refusals."""

    extra_config = "testing = true\ntesting_today = 2026-03-02\n"

    def unbilled(self, month):
        """Conventions occupying a unit in the month without its invoice yet."""
        return self.sql("SELECT count(*) FROM conventions v WHERE v.state <> 'cancelled'"
                        " AND v.occupancy && daterange('%s-01', ('%s-01'::date +"
                        " interval '1 month')::date) AND NOT EXISTS (SELECT 1 FROM invoices i"
                        " WHERE i.convention_id = v.id AND i.month = '%s-01')"
                        % (month, month, month))

    def test_rerun_creates_nothing(self):
        seeded = seed_conventions(self, 30)
        unbilled = int(self.unbilled("2026-03"))
        first = self.run_month("2026-03")
        self.assertEqual((first["created"], first["skipped"]), (unbilled, 0))
        again = self.run_month("2026-03")
        self.assertEqual((again["created"], again["skipped"]), (0, unbilled))
        ids = [c for c, _ in seeded]
        counts = self.sql("SELECT count(*), count(DISTINCT convention_id) FROM invoices"
                          " WHERE month = '2026-03-01' AND convention_id = ANY('{%s}')"
                          % ",".join(map(str, ids)))
        self.assertEqual(counts, "30|30")
        runs = self.get("/api/v1/billing/runs?limit=200", role="operator").json()["items"]
        self.assertTrue(all(r["complete"] for r in runs))
        self.assertEqual(self.get("/api/v1/billing/runs/%d" % again["id"]).json(), again)
        # audited: the run and its invoices
        actions = self.sql("SELECT string_agg(DISTINCT action, ',') FROM audit_log"
                           " WHERE entity = 'billing_run' AND entity_id = '%d'" % first["id"])
        self.assertEqual(actions, "billing_run.finish,billing_run.start,invoice.create")

    def test_two_concurrent_runs_create_each_invoice_once(self):
        seeded = seed_conventions(self, 1200, tag="C")
        unbilled = int(self.unbilled("2026-02"))
        barrier = threading.Barrier(2)
        results = [None, None]

        def run(i):
            barrier.wait()
            results[i] = self.post("/api/v1/billing/runs", {"month": "2026-02"},
                                   role="accountant")

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual([r.status for r in results], [201, 201], results)
        created = [r.json()["created"] for r in results]
        self.assertEqual(sum(created), unbilled, created)
        self.assertEqual([r.json()["conventions"] for r in results], [unbilled] * 2)
        ids = ",".join(str(c) for c, _ in seeded)
        self.assertEqual(self.sql(
            "SELECT count(*), count(DISTINCT convention_id) FROM invoices"
            " WHERE month = '2026-02-01' AND convention_id = ANY('{%s}')" % ids), "1200|1200")
        self.assertEqual(self.sql("SELECT count(*) FROM invoices i"
                                  " WHERE NOT invoice_lines_add_up(i.id)"), "0")

    def test_validation_and_roles(self):
        for body in ({}, {"month": "2026-13"}, {"month": "2026-02-01"}, {"month": 202602},
                     {"month": "2026-02", "extra": 1}):
            self.assertProblem(self.post("/api/v1/billing/runs", body, role="accountant"),
                               422, "validation")
        for role in ("operator", "social_worker", "auditor"):
            self.assertProblem(self.post("/api/v1/billing/runs", {"month": "2026-02"},
                                         role=role), 403)
            self.assertEqual(self.get("/api/v1/invoices", role=role).status, 200)
            self.assertEqual(self.get("/api/v1/billing/runs", role=role).status, 200)
        self.assertEqual(self.run_month("2026-02", role="admin")["complete"], True)
        for q in ("month=2026-2", "open=yes", "household_id=x", "convention_id=0"):
            self.assertProblem(self.get("/api/v1/invoices?" + q), 400, "invalid-query")
        self.assertProblem(self.get("/api/v1/invoices/999999999"), 404, "not-found")

    def test_database_refuses_what_must_never_exist(self):
        (conv, household), = seed_conventions(self, 1, tag="D")
        self.run_month("2026-01")
        inv = self.invoice_of(conv, "2026-01")
        refusals = [
            # a second invoice of the month
            ("INSERT INTO invoices (operator_id, convention_id, household_id, month, issued_on,"
             " due_on, communication, indemnity_cents, provision_cents, total_cents)"
             " SELECT operator_id, convention_id, household_id, month, issued_on, due_on,"
             " '+++000/0000/00097+++', 0, 0, 0 FROM invoices WHERE id = %d" % inv["id"],
             "invoices_one_per_month"),
            # an invoice whose lines do not add up
            ("INSERT INTO invoices (operator_id, convention_id, household_id, month, issued_on,"
             " due_on, communication, indemnity_cents, provision_cents, total_cents)"
             " SELECT operator_id, convention_id, household_id, '2025-12-01', issued_on,"
             " '2025-12-05', '+++000/0000/00097+++', 100, 0, 100 FROM invoices"
             " WHERE id = %d" % inv["id"], "do not add up"),
            ("UPDATE invoices SET total_cents = 1 WHERE id = %d" % inv["id"], "kept as issued"),
            ("UPDATE invoices SET paid_cents = 1 WHERE id = %d" % inv["id"], "kept as issued"),
            ("DELETE FROM invoices WHERE id = %d" % inv["id"], "kept as issued"),
            ("DELETE FROM invoice_lines WHERE invoice_id = %d" % inv["id"], "append-only"),
        ]
        for sql, message in refusals:
            r = psql(self.dsn, sql, check=False)
            self.assertNotEqual(r.returncode, 0, sql)
            self.assertIn(message, r.stderr, sql)
        self.assertEqual(self.get("/api/v1/invoices/%d" % inv["id"]).json(), inv)


class KillDuringRun(BillingCase):
    """kill -9 of the daemon in the middle of a run over 2 000 conventions:
    whole invoices only, and the re-run completes the month exactly once."""

    extra_config = "testing = true\ntesting_today = 2026-03-02\n"

    def test_kill_9_midway_then_rerun(self):
        seeded = seed_conventions(self, 2000, tag="K")
        ids = [c for c, _ in seeded]
        # A session holds an uncommitted invoice of the 750th convention: the
        # run commits its first batch of 500, then waits on that row.
        held = ("INSERT INTO invoices (operator_id, convention_id, household_id, month,"
                " issued_on, due_on, communication, indemnity_cents, provision_cents,"
                " total_cents) SELECT operator_id, id, household_id, '2026-03-01',"
                " '2026-03-02', '2026-03-05', '+++999/9999/99948+++', 0, 0, 0"
                " FROM conventions WHERE id = %d;" % ids[749])
        result = {}

        def run():
            try:
                result["r"] = self.post("/api/v1/billing/runs", {"month": "2026-03"},
                                        role="accountant")
            except OSError as e:
                result["error"] = e

        t = threading.Thread(target=run)
        with Session(self.dsn, held):
            t.start()
            deadline = time.time() + 120
            while self.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                           " 'transitd' AND datname = current_database()"
                           " AND wait_event_type = 'Lock'") != "1":
                self.assertLess(time.time(), deadline, "the run never reached the held row")
                time.sleep(0.05)
            self.assertEqual(self.sql("SELECT count(*) FROM invoices"
                                      " WHERE month = '2026-03-01'"), "500")
            self.d.proc.send_signal(signal.SIGKILL)
            self.d.proc.wait(30)
            self.d.log.close()
        t.join(30)
        self.assertNotIn("r", result)

        # whole invoices only: the batch in progress rolled back with the daemon
        month = "month = '2026-03-01' AND convention_id = ANY('{%s}')" % ",".join(map(str, ids))
        self.assertEqual(self.sql("SELECT count(*) FROM invoices WHERE " + month), "500")
        self.assertEqual(self.sql("SELECT count(*) FROM invoices i"
                                  " WHERE NOT invoice_lines_add_up(i.id)"), "0")
        killed = self.get_after_restart()
        self.assertEqual((killed["complete"], killed["created"]), (False, 500))

        rerun = self.run_month("2026-03")
        self.assertEqual((rerun["created"], rerun["skipped"], rerun["complete"]),
                         (1500, 500, True))
        self.assertEqual(self.sql("SELECT count(*), count(DISTINCT convention_id) FROM invoices"
                                  " WHERE " + month), "2000|2000")
        self.assertEqual(self.sql("SELECT count(*) FROM conventions v WHERE v.id = ANY('{%s}')"
                                  " AND NOT EXISTS (SELECT 1 FROM invoices i WHERE"
                                  " i.convention_id = v.id AND i.month = '2026-03-01')"
                                  % ",".join(map(str, ids))), "0")
        self.assertEqual(self.sql("SELECT sum(total_cents) FROM invoices WHERE " + month),
                         str(2000 * 30247))

    def get_after_restart(self):
        self.d.proc = None
        self.d.start()
        runs = self.get("/api/v1/billing/runs").json()["items"]
        self.assertEqual(len(runs), 1, runs)
        return runs[0]


class PaymentCase(BillingCase):
    """Seeded conventions billed for January to March 2026."""

    extra_config = "testing = true\ntesting_today = 2026-03-10\n"
    conventions = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seeded = seed_conventions(cls, cls.conventions, tag="P")
        for month in ("2026-01", "2026-02", "2026-03"):
            r = cls.d.request("POST", "/api/v1/billing/runs", body={"month": month},
                              token=cls.tokens["accountant"])
            assert r.status == 201, r

    def household(self, i):
        return self.seeded[i][1]


class Allocation(PaymentCase):
    """Oldest open invoice first, partial payments, credit, reversal."""

    conventions = 3

    def test_allocation_credit_and_reversal(self):
        conv, hh = self.seeded[1]
        jan, feb, mar = (self.invoice_of(conv, m) for m in ("2026-01", "2026-02", "2026-03"))
        # partial: the oldest open invoice first
        p1 = self.paid(hh, 10000, "2026-02-03")
        self.assertEqual([(a["month"], a["amount_cents"]) for a in p1["allocations"]],
                         [("2026-01", 10000)])
        self.assertRegex(p1["receipt"]["number"], r"^R-2026-\d{6}$")
        # across several invoices, and an overpayment kept as credit
        p2 = self.paid(hh, 100000, "2026-03-01", method="cpas_retention", payer="CPAS")
        self.assertEqual([(a["month"], a["amount_cents"]) for a in p2["allocations"]],
                         [("2026-01", 20247), ("2026-02", 30247), ("2026-03", 30247)])
        self.assertEqual(p2["unallocated_cents"], 19259)
        inv = {i["month"]: i for i in self.invoices(household_id=hh)}
        self.assertEqual({m: i["open"] for m, i in inv.items()},
                         {"2026-01": False, "2026-02": False, "2026-03": False})
        receipt = self.get("/api/v1/receipts/%d" % p2["receipt"]["id"], role="auditor").json()
        self.assertEqual(receipt["months"], [{"month": "2026-01", "amount_cents": 20247},
                                             {"month": "2026-02", "amount_cents": 30247},
                                             {"month": "2026-03", "amount_cents": 30247}])
        self.assertEqual((receipt["credit_cents"], receipt["method"]), (19259, "cpas_retention"))
        # the credit pays the next invoice as soon as it is issued
        self.set_today("2026-03-20")
        self.run_month("2026-04")
        apr = self.invoice_of(conv, "2026-04")
        self.assertEqual((apr["paid_cents"], apr["open"]), (19259, True))
        self.assertEqual(self.get("/api/v1/payments/%d" % p2["id"]).json()["unallocated_cents"],
                         0)
        # ... and the receipt still says what it acknowledged when issued
        self.assertEqual(self.get("/api/v1/receipts/%d" % p2["receipt"]["id"]).json(), receipt)

        # reversal: a counter-entry, the allocations mirrored, nothing deleted
        bad = self.post("/api/v1/payments/%d/reverse" % p2["id"], {"reason": ""},
                        role="accountant")
        self.assertProblem(bad, 422, "validation")
        self.assertProblem(self.post("/api/v1/payments/%d/reverse" % p2["id"],
                                     {"reason": "erreur"}, role="operator"), 403)
        r = self.post("/api/v1/payments/%d/reverse" % p2["id"],
                      {"reason": "virement d'un autre ménage"}, role="accountant")
        self.assertEqual(r.status, 201, r)
        rev = r.json()
        self.assertEqual(r.header("Location"), "/api/v1/payments/%d" % rev["id"])
        self.assertEqual((rev["amount_cents"], rev["reverses_payment_id"], rev["receipt"]),
                         (-100000, p2["id"], None))
        self.assertEqual(sorted((a["month"], a["amount_cents"]) for a in rev["allocations"]),
                         [("2026-01", -20247), ("2026-02", -30247), ("2026-03", -30247),
                          ("2026-04", -19259)])
        inv = {i["month"]: i for i in self.invoices(household_id=hh)}
        self.assertEqual({m: i["paid_cents"] for m, i in inv.items()},
                         {"2026-01": 10000, "2026-02": 0, "2026-03": 0, "2026-04": 0})
        original = self.get("/api/v1/payments/%d" % p2["id"]).json()
        self.assertEqual(original["reversed_by_payment_id"], rev["id"])
        self.assertEqual(self.get("/api/v1/receipts/%d" % p2["receipt"]["id"]).json()[
            "reversed_by_payment_id"], rev["id"])
        self.assertProblem(self.post("/api/v1/payments/%d/reverse" % p2["id"],
                                     {"reason": "encore"}, role="accountant"), 409,
                           "already-reversed")
        self.assertProblem(self.post("/api/v1/payments/%d/reverse" % rev["id"],
                                     {"reason": "encore"}, role="accountant"), 422,
                           "reversal-refused")
        self.assertProblem(self.post("/api/v1/payments/999999/reverse", {"reason": "x"},
                                     role="accountant"), 404)
        audit = self.sql("SELECT before->>'reversed_by_payment_id' IS NULL,"
                         " after->>'amount_cents' FROM audit_log"
                         " WHERE action = 'payment.reverse' AND entity_id = '%d'" % p2["id"])
        self.assertEqual(audit, "t|-100000")

        # a payment named by the structured communication of its invoice
        p3 = self.paid(None, 5000, "2026-03-20", communication=inv["2026-02"]["communication"])
        self.assertEqual(p3["household_id"], hh)
        self.assertEqual(p3["allocations"][0]["month"], "2026-01")
        other = self.seeded[2][1]
        r = self.pay({"household_id": other, "paid_on": "2026-03-20", "amount_cents": 1,
                      "method": "cash", "payer": "x",
                      "communication": inv["2026-02"]["communication"]})
        p = self.assertProblem(r, 422, "validation")
        self.assertEqual(p["errors"][0]["code"], "mismatch")


class Payments(PaymentCase):
    """Idempotency, receipts under concurrency, arrears, ledger, refusals."""

    def test_idempotency_key(self):
        hh = self.household(0)
        body = {"household_id": hh, "paid_on": "2026-03-09", "amount_cents": 30247,
                "method": "transfer", "payer": "Anne Exemple"}
        p = self.assertProblem(self.d.request("POST", "/api/v1/payments", body=body,
                                              token=self.tokens["accountant"]), 400,
                               "idempotency-key-required")
        self.assertIn("Idempotency-Key", p["detail"])
        self.assertProblem(self.pay(body, key="a b"), 400, "idempotency-key-invalid")
        count = self.sql("SELECT count(*) FROM payments")
        first = self.pay(body, key="pay-0001")
        self.assertEqual(first.status, 201, first)
        again = self.pay(dict(reversed(list(body.items()))), key="pay-0001")
        self.assertEqual((again.status, again.body), (first.status, first.body))
        self.assertEqual(again.header("Idempotent-Replayed"), "true")
        self.assertEqual(again.header("Location"), first.header("Location"))
        self.assertIsNone(first.header("Idempotent-Replayed"))
        p = self.assertProblem(self.pay(dict(body, amount_cents=100), key="pay-0001"), 422,
                               "idempotency-key-reused")
        self.assertEqual(int(self.sql("SELECT count(*) FROM payments")), int(count) + 1)
        # the same key from two clients at once: one payment
        results = [None] * 4
        barrier = threading.Barrier(4)

        def go(i):
            barrier.wait()
            results[i] = self.pay(dict(body, amount_cents=1000), key="pay-0002")

        threads = [threading.Thread(target=go, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual({r.status for r in results}, {201})
        self.assertEqual(len({r.body for r in results}), 1)
        self.assertEqual(int(self.sql("SELECT count(*) FROM payments")), int(count) + 2)
        # an invalid request stores nothing: the key can be used once corrected
        self.assertProblem(self.pay(dict(body, method="cheque"), key="pay-0003"), 422,
                           "validation")
        self.assertEqual(self.pay(body, key="pay-0003").status, 201)

    def test_invalid_payments(self):
        p = self.assertProblem(self.pay({"paid_on": "2026-03-11", "amount_cents": 0,
                                         "method": "cheque", "payer": "",
                                         "communication": "+++123/4567/89012+++",
                                         "colour": "red"}), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["amount_cents", "colour", "communication", "method", "paid_on",
                          "payer"])
        p = self.assertProblem(self.pay({"paid_on": "2026-03-01", "amount_cents": 100,
                                         "method": "cash", "payer": "x"}), 422, "validation")
        self.assertEqual(p["errors"][0]["field"], "household_id")
        p = self.assertProblem(self.pay({"household_id": 99999999, "paid_on": "2026-03-01",
                                         "amount_cents": 100, "method": "cash",
                                         "payer": "x"}), 422, "validation")
        self.assertEqual(p["errors"][0]["code"], "not-found")
        self.assertProblem(self.pay({"household_id": self.household(3), "paid_on": "2026-03-01",
                                     "amount_cents": 12.5, "method": "cash", "payer": "x"}),
                           422, "validation")
        for role in ("operator", "social_worker", "auditor"):
            self.assertProblem(self.pay({"household_id": self.household(3),
                                         "paid_on": "2026-03-01", "amount_cents": 100,
                                         "method": "cash", "payer": "x"}, role=role), 403)
            self.assertEqual(self.get("/api/v1/payments", role=role).status, 200)
            self.assertEqual(self.get("/api/v1/receipts", role=role).status, 200)
        # payments are never rewritten nor deleted
        for sql in ("UPDATE payments SET amount_cents = 1", "DELETE FROM payments",
                    "DELETE FROM receipts", "UPDATE allocations SET amount_cents = 1"):
            r = psql(self.dsn, sql, check=False)
            self.assertNotEqual(r.returncode, 0, sql)
            self.assertIn("append-only", r.stderr, sql)

    def test_gapless_receipts_under_concurrency_with_a_rollback(self):
        year_numbers = "SELECT coalesce(string_agg(number::text, ',' ORDER BY number), '')" \
                       " FROM receipts WHERE year = 2026"
        before = [int(n) for n in self.sql(year_numbers).split(",") if n]
        # A session blocks the last write of a payment's transaction (its
        # idempotency key, in payment_record()), after the receipt number was
        # taken; the others wait for the counter row, not for this table.
        keys = ["gap-%d-%s" % (i, uuid.uuid4().hex[:8]) for i in range(8)]
        results = [None] * 8

        def go(i):
            results[i] = self.pay({"household_id": self.household(12 + i),
                                   "paid_on": "2026-03-10", "amount_cents": 1000 + i,
                                   "method": "transfer", "payer": "P%d" % i}, key=keys[i])

        threads = [threading.Thread(target=go, args=(i,)) for i in range(8)]
        query = ("SELECT pid FROM pg_stat_activity WHERE application_name = 'transitd'"
                 " AND datname = current_database() AND wait_event_type = 'Lock'"
                 " AND wait_event = 'relation' AND query LIKE '%payment_record(%'")
        with Session(self.dsn, "LOCK TABLE idempotency_keys IN SHARE ROW EXCLUSIVE MODE;"):
            for t in threads:
                t.start()
            # the first transaction holds the counter and waits on the table
            # lock; cancelling it rolls its receipt number back
            deadline = time.time() + 60
            while not self.sql(query):
                self.assertLess(time.time(), deadline, "no payment reached its last write")
                time.sleep(0.02)
            pid = self.sql(query)
            self.assertEqual(self.sql("SELECT pg_cancel_backend(%s)" % pid), "t")
            # the next transaction takes the counter and reaches the same point
            deadline = time.time() + 60
            while self.sql(query) in ("", pid):
                self.assertLess(time.time(), deadline, "the next payment did not proceed")
                time.sleep(0.02)
        for t in threads:
            t.join(60)
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [201] * 7 + [503], results)
        cancelled = [i for i, r in enumerate(results) if r.status == 503][0]
        self.assertEqual(self.sql("SELECT count(*) FROM payments WHERE payer = 'P%d'"
                                  % cancelled), "0")
        after = [int(n) for n in self.sql(year_numbers).split(",") if n]
        self.assertEqual(after, list(range(1, len(before) + 8)))
        numbers = sorted(r.json()["receipt"]["number"] for r in results if r.status == 201)
        self.assertEqual(numbers, ["R-2026-%06d" % n for n in range(len(before) + 1,
                                                                   len(before) + 8)])
        # retried with its key, the cancelled payment takes the next number
        retry = self.pay({"household_id": self.household(12 + cancelled),
                          "paid_on": "2026-03-10", "amount_cents": 1000 + cancelled,
                          "method": "transfer", "payer": "P%d" % cancelled},
                         key=keys[cancelled])
        self.assertEqual(retry.status, 201, retry)
        self.assertEqual(retry.json()["receipt"]["number"], "R-2026-%06d" % (len(before) + 8))
        # the database refuses a gap, whatever the C does
        r = psql(self.dsn, "WITH p AS (INSERT INTO payments (operator_id, household_id,"
                 " paid_on, amount_cents, method, payer, recorded_on) SELECT operator_id, id,"
                 " '2027-01-02', 100, 'cash', 'x', '2027-01-02' FROM households LIMIT 1"
                 " RETURNING *) INSERT INTO receipts (operator_id, household_id, payment_id,"
                 " amount_cents, year, number, issued_on) SELECT operator_id, household_id,"
                 " id, amount_cents, 2027, 2, '2027-01-02' FROM p", check=False)
        self.assertIn("receipts_gapless", r.stderr)
        # nor a payment without its receipt
        r = psql(self.dsn, "INSERT INTO payments (operator_id, household_id, paid_on,"
                 " amount_cents, method, payer, recorded_on) SELECT operator_id, id,"
                 " '2026-03-10', 100, 'cash', 'x', '2026-03-10' FROM households LIMIT 1",
                 check=False)
        self.assertIn("has no receipt", r.stderr)

    def test_arrears_and_ledger(self):
        # household 10 pays January only; household 11 nothing
        conv10, hh10 = self.seeded[10]
        conv11, hh11 = self.seeded[11]
        self.paid(hh10, 30247, "2026-01-04", method="cash", payer='Dupont; "fils"')
        arrears = self.get("/api/v1/arrears?limit=200", role="social_worker").json()
        rows = {a["household_id"]: a for a in arrears["items"]}
        self.assertEqual(rows[hh11]["total_due_cents"], 3 * 30247)
        # due on 5 January, today 10 March: 64 days
        self.assertEqual(rows[hh11]["days_late"], 64)
        self.assertEqual([(i["month"], i["days_late"]) for i in rows[hh11]["open_invoices"]],
                         [("2026-01", 64), ("2026-02", 33), ("2026-03", 5)])
        self.assertEqual((rows[hh10]["total_due_cents"], rows[hh10]["days_late"]),
                         (2 * 30247, 33))
        self.assertEqual(arrears["today"], "2026-03-10")
        # sorted
        for sort, key, desc in (("days_late", "days_late", True),
                                ("total_due", "total_due_cents", True),
                                ("household", "reference", False)):
            items = self.get("/api/v1/arrears?limit=200&sort=" + sort).json()["items"]
            values = [i[key] for i in items]
            self.assertEqual(values, sorted(values, reverse=desc), sort)
            items = self.get("/api/v1/arrears?limit=200&order=%s&sort=%s"
                             % ("asc" if desc else "desc", sort)).json()["items"]
            values = [i[key] for i in items]
            self.assertEqual(values, sorted(values, reverse=not desc), sort)
        page = self.get("/api/v1/arrears?limit=1&offset=1").json()
        self.assertEqual((len(page["items"]), page["offset"]), (1, 1))
        late = self.get("/api/v1/arrears?limit=200&min_days_late=40").json()["items"]
        self.assertNotIn(hh10, [a["household_id"] for a in late])
        self.assertIn(hh11, [a["household_id"] for a in late])
        for q in ("sort=name", "order=up", "limit=0", "offset=-1", "min_days_late=x"):
            self.assertProblem(self.get("/api/v1/arrears?" + q), 400, "invalid-query")

        # the ledger: ; separated, decimal comma, a header, CRLF
        r = self.get("/api/v1/exports/ledger.csv?from=2026-01-01&to=2026-12-31&bom=0",
                     role="auditor")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertEqual(r.header("Content-Disposition"),
                         'attachment; filename="ledger-2026-01-01-2026-12-31.csv"')
        self.assertIn("\r\n", r.body)
        rows = list(csv.DictReader(io.StringIO(r.body, newline=""), delimiter=";"))
        self.assertEqual(list(rows[0].keys()), [
            "date", "entry", "invoice_id", "payment_id", "receipt_number",
            "household_reference", "convention_id", "unit", "month", "communication",
            "method", "payer", "indemnity", "provision", "debit", "credit"])
        invoice = [x for x in rows if x["entry"] == "invoice"
                   and x["convention_id"] == str(conv11) and x["month"] == "2026-02"]
        self.assertEqual(len(invoice), 1)
        self.assertEqual((invoice[0]["debit"], invoice[0]["indemnity"], invoice[0]["credit"]),
                         ("302,47", "302,47", ""))
        # a text starting with + gets a ' (test_review_misc.LedgerCsv)
        self.assertEqual(invoice[0]["communication"][0], "'")
        self.assertTrue(ogm_valid(invoice[0]["communication"][1:]))
        payment = [x for x in rows if x["payer"] == 'Dupont; "fils"']
        self.assertEqual(len(payment), 1)
        self.assertEqual((payment[0]["entry"], payment[0]["credit"], payment[0]["method"],
                          payment[0]["date"]), ("payment", "302,47", "cash", "2026-01-04"))
        self.assertRegex(payment[0]["receipt_number"], r"^R-2026-\d{6}$")
        self.assertEqual([x["date"] for x in rows], sorted(x["date"] for x in rows))
        for x in rows:
            for col in ("indemnity", "provision", "debit", "credit"):
                self.assertRegex(x[col], r"^(|-?\d+,\d\d)$")
        empty = self.get("/api/v1/exports/ledger.csv?from=2020-01-01&to=2020-01-31&bom=0")
        self.assertEqual(empty.body.count("\r\n"), 1)
        for q in ("", "from=2026-01-01", "from=2026-02-01&to=2026-01-01",
                  "from=2020-01-01&to=2026-01-01", "from=x&to=2026-01-01"):
            self.assertProblem(self.get("/api/v1/exports/ledger.csv?" + q), 400,
                               "invalid-query")


if __name__ == "__main__":
    unittest.main()
