"""Households, members, incomes and the admission records over HTTP:
validation field by field (nothing written on refusal), ETag/If-Match,
national register numbers, roles, operator isolation, audit, logs."""
import unittest

from harness import TransitdTestCase
from household_api import (BIG_UNIT, CLOCK, HouseholdBuilder, assessed, create_unit, current,
                           person)

NRN = "85073003328"  # examples.md E1: born 1985-07-30, male
TABLES = ("households", "members", "incomes", "debt_mediations", "patrimony_records",
          "force_majeure_records", "income_degradations", "audit_log")


class Households(TransitdTestCase):
    extra_config = CLOCK

    def counts(self):
        return {t: self.sql("SELECT count(*) FROM %s" % t) for t in TABLES}

    def put(self, path, body, version, role="operator"):
        return self.d.request("PUT", path, body=body, token=self.tokens[role],
                              headers={"If-Match": '"%d"' % version})

    def delete(self, path, version, role="operator"):
        return self.d.request("DELETE", path, token=self.tokens[role],
                              headers={"If-Match": '"%d"' % version})

    def test_household_create_read_update_with_etag(self):
        r = self.post("/api/v1/households", {"reference": "2026-001",
                                             "contact_phone": "+32 81 12 34 56"},
                      role="operator")
        self.assertEqual(r.status, 201, r)
        h = r.json()
        self.assertEqual(r.header("ETag"), '"1"')
        path = "/api/v1/households/%d" % h["id"]
        self.assertEqual(r.header("Location"), path)
        self.assertEqual((h["members"], h["patrimony"], h["debt_mediation"]), ([], [], None))
        self.assertEqual(self.get(path, role="social_worker").json(), h)
        changed = {"reference": "2026-001", "contact_email": "famille@example.org"}
        r = self.d.request("PUT", path, body=changed, token=self.tokens["operator"])
        self.assertProblem(r, 428, "precondition-required")
        r = self.put(path, changed, 1)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("ETag"), '"2"')
        self.assertIsNone(r.json()["contact_phone"])
        self.assertProblem(self.put(path, {"reference": "x"}, 1), 412, "stale-version")
        self.assertEqual(self.get(path).json()["reference"], "2026-001")
        self.assertProblem(self.post("/api/v1/households", {"reference": "2026-001"},
                                     role="operator"), 409, "conflict")
        audit = self.sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log"
                         " WHERE entity = 'household' AND entity_id = '%d'" % h["id"])
        self.assertEqual(audit, "household.create,household.update")

    def test_list_filters_and_pagination(self):
        a = HouseholdBuilder(self, "L-1")
        a.member(person("Anne", "1980-01-01", "F", last_name="Dubois"))
        b = HouseholdBuilder(self, "L-2")
        b.member(person("Bert", "1980-01-01", last_name="Lambert"))
        items = self.get("/api/v1/households?last_name=DUBOIS", role="auditor").json()["items"]
        self.assertEqual([x["id"] for x in items], [a.id])
        self.assertEqual(items[0]["head"]["first_name"], "Anne")
        self.assertNotIn("national_register_number", str(items))
        items = self.get("/api/v1/households?reference=L-2").json()["items"]
        self.assertEqual([x["id"] for x in items], [b.id])
        page = self.get("/api/v1/households?limit=1").json()
        self.assertEqual(len(page["items"]), 1)
        self.assertIsNotNone(page["next_after"])
        self.assertProblem(self.get("/api/v1/households?limit=0"), 400, "invalid-query")

    def test_member_validation_field_by_field(self):
        h = HouseholdBuilder(self, "V-1")
        before = self.counts()
        bad = {"first_name": "", "birth_date": "1985-13-01", "sex": "X", "relation": "cousin",
               "national_register_number": "85073003329", "colour": "blue",
               "emancipated": "yes"}
        p = self.assertProblem(self.post(h.path("/members"), bad, role="operator"), 422,
                               "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["birth_date", "colour", "emancipated", "first_name", "last_name",
                          "national_register_number", "relation", "sex"])
        nrn = [e for e in p["errors"] if e["field"] == "national_register_number"][0]
        self.assertIn("check digits", nrn["message"])
        cases = [
            (person("A", "1985-07-31", national_register_number=NRN), "national_register_number"),
            (person("A", "1985-07-30", "F", national_register_number=NRN),
             "national_register_number"),
            (person("A", "1980-01-01", dependent_child=True), "dependent_child"),
            (person("A", "2026-02-21"), "birth_date"),  # after today
            (person("A", "1899-12-31"), "birth_date"),
        ]
        for body, field in cases:
            p = self.assertProblem(self.post(h.path("/members"), body, role="operator"), 422)
            self.assertEqual([e["field"] for e in p["errors"]], [field], body)
        self.assertEqual(self.counts(), before)

    def test_national_register_number(self):
        h = HouseholdBuilder(self, "N-1")
        m = h.member(person("Nico", "1985-07-30", national_register_number="85.07.30-033.28"))
        self.assertEqual(m["national_register_number"], NRN)
        path = "/api/v1/members/%d" % m["id"]
        for role in ("admin", "operator", "social_worker"):
            self.assertEqual(self.get(path, role=role).json()["national_register_number"], NRN)
            doc = self.get(h.path(), role=role).json()
            self.assertEqual(doc["members"][0]["national_register_number"], NRN)
        for role in ("accountant", "auditor"):
            r = self.get(path, role=role)
            self.assertEqual(r.json()["national_register_number"], "**.**.**-***.28")
            self.assertEqual(r.header("ETag"), '"1"')
            doc = self.get(h.path(), role=role).json()
            self.assertEqual(doc["members"][0]["national_register_number"], "**.**.**-***.28")
            self.assertNotIn("850730", self.get(h.path(), role=role).body)
        # BIS number with an unknown birth date: accepted without date check.
        h.member(person("Bis", "1990-05-05", "F", "partner",
                        national_register_number="90400000234"))

    def test_one_head_one_partner(self):
        h = HouseholdBuilder(self, "H-1")
        head = h.member(person("Hélène", "1980-01-01", "F"))
        h.member(person("Henri", "1981-01-01", relation="partner"))
        for relation in ("head", "partner"):
            p = self.assertProblem(self.post(h.path("/members"),
                                             person("X", "1990-01-01", relation=relation),
                                             role="operator"), 409, "conflict")
            self.assertEqual(p["errors"][0]["field"], "relation")
        # The head may be re-saved as head (itself is not a conflict).
        r = self.put("/api/v1/members/%d" % head["id"],
                     person("Hélène", "1980-01-01", "F", last_name="Martin"), 1)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["last_name"], "Martin")

    def test_incomes_validation_and_lifecycle(self):
        h = HouseholdBuilder(self, "I-1")
        m = h.member(person("Iris", "1980-01-01", "F"))
        path = "/api/v1/members/%d/incomes" % m["id"]
        before = self.counts()
        p = self.assertProblem(self.post(path, {"kind": "salary", "basis": "assessed",
                                                "amount_cents": -1, "periodicity": "weekly",
                                                "income_year": 1989}, role="operator"),
                               422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["amount_cents", "evidence_reference", "income_year", "kind",
                          "periodicity"])
        for body, field in [(current(100000, kind="ris", taxable=True), "taxable"),
                            (assessed(100000, taxable=False), "taxable"),
                            (current(1234.5), "amount_cents"),
                            (current(10000000001), "amount_cents"),
                            (dict(assessed(100000), income_year=None), "income_year")]:
            p = self.assertProblem(self.post(path, body, role="operator"), 422)
            self.assertEqual([e["field"] for e in p["errors"]], [field], body)
        self.assertEqual(self.counts(), before)
        r = self.post(path, current(177607, kind="ris"), role="operator")
        self.assertEqual(r.status, 201, r)
        income = r.json()
        self.assertFalse(income["taxable"])  # RIS is never taxable
        ipath = "/api/v1/incomes/%d" % income["id"]
        self.assertEqual(r.header("Location"), ipath)
        self.assertEqual(self.get(ipath, role="accountant").json(), income)
        r = self.put(ipath, current(180000, kind="ris"), 1)
        self.assertEqual(r.status, 200, r)
        self.assertProblem(self.put(ipath, current(1, kind="ris"), 1), 412, "stale-version")
        self.assertProblem(self.delete(ipath, 1), 412, "stale-version")
        self.assertEqual(self.delete(ipath, 2).status, 204)
        self.assertProblem(self.get(ipath), 404)
        audit = self.sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log"
                         " WHERE entity = 'income' AND entity_id = '%d'" % income["id"])
        self.assertEqual(audit, "income.create,income.update,income.delete")
        self.assertEqual(self.sql("SELECT before->>'amount_cents' FROM audit_log"
                                  " WHERE action = 'income.delete'"), "180000")
        # A member's incomes go with the member.
        self.post(path, current(1000), role="operator")
        self.assertEqual(self.delete("/api/v1/members/%d" % m["id"], 1).status, 204)
        self.assertEqual(self.sql("SELECT count(*) FROM incomes WHERE member_id = %d"
                                  % m["id"]), "0")

    def test_records_validation(self):
        h = HouseholdBuilder(self, "R-1")
        m = h.member(person("Rémi", "1980-01-01"))
        before = self.counts()
        checks = [
            ("debt-mediations", {"service_name": "", "monthly_charges_cents": -1,
                                 "started_on": "2027-01-01"},
             ["monthly_charges_cents", "service_name", "started_on"]),
            ("patrimony-records", {"holding": "rent", "member_id": 999999, "dwelling": "x",
                                   "attestation": {"reference": "", "issuer": "king"}},
             ["attestation.date", "attestation.finding", "attestation.issuer",
              "attestation.reference", "holding"]),
            ("force-majeure-records", {"category": "bad luck", "justification": "",
                                       "proof_references": []},
             ["category", "justification", "proof_references"]),
            ("force-majeure-records", {"category": "natural", "justification": "crue",
                                       "proof_references": ["PV 1", "", 3]},
             ["proof_references[1]", "proof_references[2]"]),
            ("force-majeure-records", {"category": "natural", "justification": "crue"},
             ["proof_references"]),
            ("income-degradations", {"reason": "boredom", "six_month_taxable_cents": "7200"},
             ["reason", "six_month_taxable_cents"]),
        ]
        for collection, body, fields in checks:
            p = self.assertProblem(self.post(h.path("/" + collection), body, role="operator"),
                                   422, "validation")
            self.assertEqual(sorted(e["field"] for e in p["errors"]), fields, collection)
        p = self.assertProblem(self.post(h.path("/patrimony-records"),
                                         {"holding": "usufruct", "dwelling": "appartement",
                                          "member_id": 999999}, role="operator"), 422)
        self.assertEqual(p["errors"][0]["field"], "member_id")
        self.assertEqual(self.counts(), before)

        med = h.record("debt-mediations", {"service_name": "SMD", "monthly_charges_cents": 0})
        self.assertIsNone(med["approval_reference"])
        p = self.assertProblem(self.post(h.path("/debt-mediations"),
                                         {"service_name": "SMD", "monthly_charges_cents": 0},
                                         role="operator"), 409, "conflict")
        self.assertIn("update it", p["detail"])
        fm = h.record("force-majeure-records", {"category": "authority",
                                                "justification": "arrêté d'inhabitabilité",
                                                "proof_references": ["AI-2026-7", "PV-12"]})
        pat = h.record("patrimony-records", {"holding": "usufruct", "dwelling": "appartement",
                                             "member_id": m["id"]})
        deg = h.record("income-degradations", {"reason": "retirement",
                                               "six_month_taxable_cents": 700000})
        doc = self.get(h.path()).json()
        self.assertEqual(doc["debt_mediation"]["id"], med["id"])
        self.assertEqual(doc["force_majeure"]["proof_references"], ["AI-2026-7", "PV-12"])
        self.assertEqual([x["id"] for x in doc["patrimony"]], [pat["id"]])
        self.assertEqual(doc["income_degradation"]["reason"], "retirement")
        r = self.put("/api/v1/debt-mediations/%d" % med["id"],
                     {"service_name": "SMD", "approval_reference": "AGR-1",
                      "monthly_charges_cents": 25000}, 1)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["approval_reference"], "AGR-1")
        self.assertEqual(self.delete("/api/v1/force-majeure-records/%d" % fm["id"], 1).status,
                         204)
        self.assertEqual(self.delete("/api/v1/income-degradations/%d" % deg["id"], 1).status,
                         204)
        # The holder leaves the household: the dwelling record stays, without holder.
        self.assertEqual(self.delete("/api/v1/members/%d" % m["id"], 1).status, 204)
        self.assertIsNone(self.get("/api/v1/patrimony-records/%d" % pat["id"]).json()
                          ["member_id"])

    def test_member_limit(self):
        h = HouseholdBuilder(self, "M-16")
        h.member(person("Chef", "1970-01-01"))
        for i in range(15):
            h.member(person("Enfant%d" % i, "2015-01-01", relation="child", dependent_child=True))
        p = self.assertProblem(self.post(h.path("/members"),
                                         person("Trop", "2015-01-01", relation="child"),
                                         role="operator"), 409, "limit-reached")
        self.assertIn("16", p["detail"])

    def test_roles(self):
        h = HouseholdBuilder(self, "ROLE-1")
        m = h.member(person("Rose", "1980-01-01", "F"))
        for role in ("social_worker", "accountant", "auditor"):
            self.assertProblem(self.post("/api/v1/households", {"reference": "x"}, role=role),
                               403)
            self.assertProblem(self.post(h.path("/members"), person("X", "1990-01-01"),
                                         role=role), 403)
            self.assertProblem(self.put("/api/v1/members/%d" % m["id"],
                                        person("Rose", "1980-01-01", "F"), 1, role=role), 403)
            self.assertEqual(self.get(h.path(), role=role).status, 200)
            self.assertEqual(self.get("/api/v1/households", role=role).status, 200)

    def test_other_operator_sees_nothing(self):
        h = HouseholdBuilder(self, "ISO-1")
        m = h.member(person("Iso", "1980-01-01"), [current(100000)])
        income = self.get("/api/v1/members/%d" % m["id"]).json()["incomes"][0]
        med = h.record("debt-mediations", {"service_name": "SMD", "monthly_charges_cents": 0})
        self.d.cli("operator", "add", "CPAS Voisin")
        tok = self.d.cli("user", "add", "voisin", "--role", "operator", "--operator",
                         "CPAS Voisin").stdout.split("token: ")[1].strip()
        before = self.counts()
        paths = [h.path(), "/api/v1/members/%d" % m["id"], "/api/v1/incomes/%d" % income["id"],
                 "/api/v1/debt-mediations/%d" % med["id"]]
        for path in paths:
            self.assertProblem(self.d.request("GET", path, token=tok), 404, "not-found")
            # A household has no DELETE (405): the one undocumented request.
            r = self.d.request("DELETE", path, token=tok, headers={"If-Match": '"1"'},
                               undocumented=path == paths[0])
            self.assertIn(r.status, (404, 405), r)
        r = self.d.request("PUT", h.path(), body={"reference": "volé"}, token=tok,
                           headers={"If-Match": '"1"'})
        self.assertProblem(r, 404, "not-found")
        r = self.d.request("PUT", paths[1], body=person("Iso", "1980-01-01"), token=tok,
                           headers={"If-Match": '"1"'})
        self.assertProblem(r, 404, "not-found")
        for tail, body in [("/members", person("Intrus", "1990-01-01")),
                           ("/debt-mediations", {"service_name": "x",
                                                 "monthly_charges_cents": 0})]:
            self.assertProblem(self.d.request("POST", h.path(tail), body=body, token=tok), 404)
        self.assertProblem(self.d.request("POST", "/api/v1/members/%d/incomes" % m["id"],
                                          body=current(1), token=tok), 404)
        self.assertEqual(self.d.request("GET", "/api/v1/households", token=tok).json()["items"],
                         [])
        # A patrimony record of theirs cannot name our member.
        r = self.d.request("POST", "/api/v1/households", body={"reference": "V-1"}, token=tok)
        theirs = r.json()["id"]
        r = self.d.request("POST", "/api/v1/households/%d/patrimony-records" % theirs,
                           body={"holding": "usufruct", "dwelling": "x", "member_id": m["id"]},
                           token=tok)
        p = self.assertProblem(r, 422, "validation")
        self.assertEqual(p["errors"][0]["field"], "member_id")
        after = self.counts()
        self.assertEqual(int(after["households"]), int(before["households"]) + 1)
        for t in TABLES[1:-1]:
            self.assertEqual(after[t], before[t], t)

    def test_database_refuses_cross_operator_rows(self):
        """Even if the C were wrong: composite keys keep rows with their operator."""
        h = HouseholdBuilder(self, "FK-1")
        self.d.cli("operator", "add", "CPAS Autre")
        other = self.sql("SELECT id FROM operators WHERE name = 'CPAS Autre'")
        r = self.sql_fails("INSERT INTO members (operator_id, household_id, first_name,"
                           " last_name, birth_date, sex, relation) VALUES (%s, %d, 'a', 'b',"
                           " '1980-01-01', 'M', 'head')" % (other, h.id))
        self.assertIn("foreign key", r)
        m = h.member(person("Fk", "1980-01-01"))
        r = self.sql_fails("INSERT INTO members (operator_id, household_id, first_name,"
                           " last_name, birth_date, sex, relation) SELECT operator_id, %d,"
                           " 'a', 'b', '1980-01-01', 'M', 'head' FROM households WHERE id = %d"
                           % (h.id, h.id))
        self.assertIn("members_one_head", r)
        r = self.sql_fails("INSERT INTO incomes (operator_id, household_id, member_id, kind,"
                           " basis, taxable, amount_cents, periodicity) VALUES (%s, %d, %d,"
                           " 'work', 'current', true, 1, 'monthly')" % (other, h.id, m["id"]))
        self.assertIn("foreign key", r)

    def sql_fails(self, query):
        from harness import psql
        r = psql(self.dsn, query, check=False)
        self.assertNotEqual(r.returncode, 0, query)
        return r.stderr

    def test_personal_data_never_logged(self):
        h = HouseholdBuilder(self, "LOG-1")
        h.member(person("Zéphyrin", "1985-07-30", last_name="Vandenbroucke",
                        national_register_number=NRN), [assessed(1234567)])
        # Refusals and conflicts too: the log gets no body and no row value.
        self.post(h.path("/members"), person("Zéphyrin", "1985-07-30", last_name="Vandenbroucke",
                                             national_register_number="85073003329"),
                  role="operator")
        self.post(h.path("/members"), person("Zéphyrin", "1985-07-30", last_name="Vandenbroucke"),
                  role="operator")
        unit = create_unit(self, BIG_UNIT)
        h.check(unit)
        self.get("/api/v1/households?last_name=Vandenbroucke")
        log = self.d.read_log()
        self.assertIn("/api/v1/households", log)
        for secret in ("Zéphyrin", "Vandenbroucke", NRN, "85.07.30", "1234567", "12345,67",
                       "12345.67"):
            self.assertNotIn(secret, log)


if __name__ == "__main__":
    unittest.main()
