"""Admission checks over HTTP: examples A1-A11 and D1-D5 of examples.md,
each household built through the API, judged for a unit on 2026-03-02 and
stored as an immutable snapshot."""
import unittest

from harness import TransitdTestCase, psql
from household_api import (BIG_UNIT, CLOCK, START, TODAY, HouseholdBuilder, assessed,
                           create_unit, current, person, reason_codes)

MEDIATION = {"service_name": "Service de médiation de dettes du CPAS",
             "approval_reference": "AGR-2019-114", "monthly_charges_cents": 0}


class AdmissionExamples(TransitdTestCase):
    extra_config = CLOCK

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.d.request("POST", "/api/v1/units", body=BIG_UNIT, token=cls.tokens["operator"])
        assert r.status == 201, r
        cls.unit = r.json()["id"]

    def household(self, name):
        return HouseholdBuilder(self, name)

    def assertAdmitted(self, check, ground):
        self.assertTrue(check["admissible"], check["decision"]["reasons"])
        self.assertEqual(check["ground"], ground)
        self.assertEqual(check["decision"]["ground"], ground)
        self.assertEqual(check["decision"]["reasons"], [])
        self.assertTrue(check["unit_fits"])

    def assertRefused(self, check, codes):
        self.assertFalse(check["admissible"])
        self.assertIsNone(check["ground"])
        self.assertEqual(reason_codes(check["decision"]), codes)
        for reason in check["decision"]["reasons"]:
            self.assertTrue(reason["fr"] and reason["en"], reason)

    def test_A1_single_under_the_ceiling(self):
        h = self.household("A1")
        h.member(person("Alain", "1980-01-01"), [assessed(1680000)])
        c = h.check(self.unit)
        self.assertAdmitted(c, "P-a")
        d = c["decision"]
        self.assertEqual(d["ceiling_cents"], 1700000)
        self.assertEqual(d["taxable_income_cents"], 1680000)
        self.assertEqual(d["income_tested_cents"], 1680000)
        self.assertEqual((c["start_date"], c["check_date"]), (START, TODAY))
        self.assertEqual(d["check_age_days"], 10)
        rows = {p["key"]: p for p in c["parameters"]}
        self.assertEqual(rows["precarity_single_ceiling"]["valid_from"], "2024-01-01")
        self.assertEqual(rows["precarity_single_ceiling"]["value"], "17000.00")
        self.assertIn("admission_check_max_age_days", rows)
        self.assertNotIn("ris_family", rows)  # not used by this decision

    def test_A2_single_with_two_children(self):
        h = self.household("A2")
        h.member(person("Béa", "1990-05-05", "F"), [assessed(2200000)])
        h.member(person("Léo", "2021-06-01", "M", "child", dependent_child=True))
        h.member(person("Zoé", "2016-06-01", "F", "child", dependent_child=True))
        c = h.check(self.unit)
        self.assertAdmitted(c, "P-a")
        d = c["decision"]
        self.assertEqual(d["ceiling_cents"], 2340000)
        self.assertEqual(d["ceiling_base_cents"], 1700000)
        self.assertEqual(d["ceiling_child_increase_cents"], 320000)
        self.assertEqual(d["dependent_children"], 2)

    def test_A3_couple_over_the_ceiling(self):
        h = self.household("A3")
        h.member(person("Carl", "1985-03-03"), [assessed(1200000)])
        h.member(person("Cora", "1986-04-04", "F", "partner"), [assessed(1150000)])
        c = h.check(self.unit)
        self.assertRefused(c, ["ELIG_PB_CEILING"])
        self.assertEqual(c["decision"]["taxable_income_cents"], 2350000)
        self.assertEqual(c["decision"]["ceiling_cents"], 2320000)
        self.assertEqual(c["decision"]["category"], "P-b")

    def test_A4_debt_mediation(self):
        h = self.household("A4")
        h.member(person("Dan", "1979-07-07"), [assessed(2700000), current(135000)])
        h.member(person("Dora", "1981-08-08", "F", "partner"),
                 [current(95000, kind="unemployment")])
        h.record("debt-mediations", dict(MEDIATION, monthly_charges_cents=40000))
        c = h.check(self.unit)
        self.assertAdmitted(c, "P-c")
        d = c["decision"]
        self.assertEqual(d["monthly_revenues_cents"], 230000)
        self.assertEqual(d["debt_charges_cents"], 40000)
        self.assertEqual(d["resources_cents"], 190000)
        self.assertEqual(d["ris_head"], "couple")
        self.assertEqual(d["ris_reference_cents"], 2 * 87613)
        self.assertEqual(d["pc_limit_cents_x100"], 120 * 2 * 87613)  # 2 102,712 €
        self.assertEqual((c["indemnity_basis"], c["indemnity_basis_cents"]),
                         ("monthly_resources", 190000))

    def test_A5_two_ceilings_exceeded(self):
        h = self.household("A5")
        h.member(person("Eva", "1975-09-09", "F"), [assessed(1900000), current(160000)])
        h.record("debt-mediations", MEDIATION)
        c = h.check(self.unit)
        self.assertRefused(c, ["ELIG_PA_CEILING", "ELIG_PC_CEILING"])
        d = c["decision"]
        self.assertEqual(d["ceiling_cents"], 1700000)
        self.assertEqual(d["resources_cents"], 160000)
        self.assertEqual(d["pc_limit_cents_x100"], 120 * 131420)  # 1 577,04 €
        self.assertIn("1 577,04", c["decision"]["reasons"][1]["fr"].replace("\u00a0", " "))

    def test_A6_A7_patrimony_and_attestation(self):
        h = self.household("A6")
        h.member(person("Fred", "1970-10-10"), [assessed(800000)])
        rec = h.record("patrimony-records", {"holding": "full_ownership",
                                             "dwelling": "maison, Rue du Moulin 3, 5100 Jambes",
                                             "member_id": h.members[0]["id"]})
        self.assertRefused(h.check(self.unit), ["ELIG_PATRIMONY"])
        # A7: the mayor declares it uninhabitable.
        body = {"holding": "full_ownership", "dwelling": "maison, Rue du Moulin 3, 5100 Jambes",
                "attestation": {"reference": "BGM/2026/031", "date": "2026-02-10",
                                "issuer": "mayor", "finding": "uninhabitable"}}
        r = self.d.request("PUT", "/api/v1/patrimony-records/%d" % rec["id"], body=body,
                           token=self.tokens["operator"], headers={"If-Match": '"1"'})
        self.assertEqual(r.status, 200, r)
        c = h.check(self.unit)
        self.assertAdmitted(c, "P-a")
        self.assertEqual(c["household"]["patrimony"][0]["attestation"]["reference"],
                         "BGM/2026/031")

    def test_A8_force_majeure(self):
        h = self.household("A8")
        h.member(person("Guy", "1982-11-11"), [assessed(5200000)])
        h.member(person("Gina", "1983-12-12", "F", "partner"))
        h.member(person("Gil", "2019-01-15", "M", "child", dependent_child=True))
        h.record("force-majeure-records", {
            "category": "natural", "event_date": "2026-02-01",
            "justification": "Incendie de l'habitation, rapport des pompiers",
            "proof_references": ["PV pompiers 2026/118"]})
        self.assertRefused(h.check(self.unit, "precarity"), ["ELIG_PB_CEILING"])
        self.assertAdmitted(h.check(self.unit, "force_majeure"), "F")
        c = h.check(self.unit, "any")
        self.assertAdmitted(c, "F")
        self.assertEqual(c["ground_asked"], "any")
        self.assertEqual(c["household"]["force_majeure"]["proof_references"],
                         ["PV pompiers 2026/118"])

    def test_A9_legal_capacity_and_emancipation(self):
        h = self.household("A9")
        m = h.member(person("Hugo", "2008-09-01"))
        self.assertRefused(h.check(self.unit), ["ELIG_LEGAL_CAPACITY"])
        r = self.d.request("PUT", "/api/v1/members/%d" % m["id"],
                           body=person("Hugo", "2008-09-01", emancipated=True),
                           token=self.tokens["operator"], headers={"If-Match": '"1"'})
        self.assertEqual(r.status, 200, r)
        c = h.check(self.unit)
        self.assertAdmitted(c, "P-a")
        self.assertEqual(c["decision"]["taxable_income_cents"], 0)
        self.assertTrue(c["household"]["members"][0]["emancipated"])

    def test_A10_recent_degradation(self):
        h = self.household("A10")
        h.member(person("Ines", "1978-02-02", "F"), [assessed(3000000)])
        h.record("income-degradations", {"reason": "unemployment", "since": "2025-10-01",
                                         "six_month_taxable_cents": 720000,
                                         "evidence_reference": "ONEM C4 2025-10"})
        c = h.check(self.unit)
        self.assertAdmitted(c, "P-a")
        d = c["decision"]
        self.assertTrue(d["degradation_applied"])
        self.assertEqual(d["taxable_income_cents"], 3000000)
        self.assertEqual(d["degradation_annual_cents"], 1440000)
        self.assertEqual(d["income_tested_cents"], 1440000)

    def test_A11_ris_only(self):
        h = self.household("A11")
        h.member(person("Jade", "1995-03-03", "F"), [current(177607, kind="ris")])
        h.member(person("Jules", "2020-04-04", "M", "child", dependent_child=True))
        c = h.check(self.unit)
        self.assertAdmitted(c, "P-a")
        d = c["decision"]
        self.assertEqual(d["taxable_income_cents"], 0)
        self.assertEqual(d["monthly_exempt_cents"], 177607)
        self.assertEqual(d["ceiling_cents"], 2020000)
        self.assertEqual((c["indemnity_basis"], c["indemnity_basis_cents"]),
                         ("monthly_revenues", 177607))
        self.assertFalse(c["incomes"][0]["taxable"])


def rooms(*specs):
    return [{"name": "pièce %d" % i, "kind": kind, "area_dm2": area, "habitable": True}
            for i, (kind, area) in enumerate(specs)]


def unit_with(name, *specs):
    return dict(BIG_UNIT, name=name, rooms=rooms(*specs))


class OvercrowdingExamples(TransitdTestCase):
    """D1-D5: the household does not fit the unit, so it is not admissible
    (D2 fits). Nobody has an income: I = 0, the precarity ground holds."""
    extra_config = CLOCK

    def judge(self, name, unit, members):
        unit_id = create_unit(self, unit)
        h = HouseholdBuilder(self, name)
        for m in members:
            h.member(m)
        return h.check(unit_id)

    def child(self, first, birth, sex):
        return person(first, birth, sex, "child", dependent_child=True)

    def test_D1(self):
        c = self.judge("D1", unit_with("D1", ("kitchen_living", 2000), ("bedroom", 1200),
                                       ("bedroom", 1100)),
                       [person("Kim", "1985-04-10", "F"), self.child("Kai", "2008-06-01", "M"),
                        self.child("Kat", "2011-05-01", "F"),
                        self.child("Lou", "2025-07-01", "F"),
                        self.child("Lea", "2025-07-01", "F")])
        self.assertFalse(c["admissible"])
        self.assertEqual(reason_codes(c["decision"]), ["ELIG_OVERCROWDED"])
        o = c["overcrowding"]
        self.assertFalse(o["fits"])
        self.assertEqual(reason_codes(o), ["CROWD_BEDROOMS_MISSING", "CROWD_ADULT_SHARES_ROOM",
                                           "CROWD_MIXED_SEX_CHILD10"])
        self.assertEqual(o["bedrooms_missing"], 1)
        self.assertEqual(o["reasons"][0]["value"], 1)
        self.assertEqual(o["distribution"], [])
        self.assertEqual(len(o["unit"]["rooms"]), 3)

    def test_D2(self):
        c = self.judge("D2", unit_with("D2", ("kitchen_living", 2000), ("bedroom", 1200),
                                       ("bedroom", 700)),
                       [person("Marc", "1990-01-01"), person("Mia", "1991-02-02", "F", "partner"),
                        self.child("Max", "2023-12-01", "M")])
        self.assertTrue(c["admissible"], c["decision"]["reasons"])
        self.assertEqual(c["ground"], "P-b")
        o = c["overcrowding"]
        self.assertTrue(o["fits"])
        self.assertEqual((o["habitable_dm2"], o["required_dm2"]), (3900, 3300))
        where = {x["member_id"]: x["room_position"] for x in o["distribution"]}
        ids = [m["id"] for m in c["household"]["members"]]
        self.assertEqual([where[i] for i in ids], [1, 1, 2])

    def test_D3(self):
        c = self.judge("D3", unit_with("D3", ("living", 1800), ("bedroom", 1200)),
                       [person("Noé", "1990-01-01"), person("Nina", "1991-02-02", "F", "partner"),
                        self.child("Nil", "2025-07-01", "M")])
        self.assertEqual(reason_codes(c["decision"]), ["ELIG_OVERCROWDED"])
        o = c["overcrowding"]
        self.assertEqual(reason_codes(o), ["CROWD_SURFACE_TOTAL"])
        self.assertEqual((o["reasons"][0]["value"], o["reasons"][0]["limit"]), (3000, 3300))

    def test_D4(self):
        c = self.judge("D4", unit_with("D4", ("living", 4300)),
                       [person("Olga", "1988-03-03", "F"), self.child("Oto", "2021-06-01", "M"),
                        self.child("Ola", "2018-06-01", "F"),
                        self.child("Oscar", "2016-06-01", "M")])
        self.assertEqual(reason_codes(c["decision"]), ["ELIG_OVERCROWDED"])
        self.assertEqual(reason_codes(c["overcrowding"]),
                         ["CROWD_BEDROOMS_MISSING", "CROWD_LIVING_AS_BEDROOM_CHILD6",
                          "CROWD_ADULT_SHARES_ROOM", "CROWD_MAX3_PER_BEDROOM"])

    def test_D5(self):
        c = self.judge("D5", unit_with("D5", ("kitchen_living", 3000), ("bedroom", 900)),
                       [person("Paula", "1980-05-05", "F"), self.child("Paul", "2007-11-20", "M"),
                        self.child("Pia", "2011-09-09", "F")])
        self.assertEqual(reason_codes(c["decision"]), ["ELIG_OVERCROWDED"])
        o = c["overcrowding"]
        self.assertEqual(reason_codes(o), ["CROWD_BEDROOMS_MISSING", "CROWD_ADULT_SHARES_ROOM"])
        self.assertEqual(o["bedrooms_missing"], 2)
        self.assertEqual(o["adults"], 2)


class AdmissionChecks(TransitdTestCase):
    """The check as a resource: refusals of bad input, the immutable
    snapshot, roles, operator isolation."""
    extra_config = CLOCK

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.d.request("POST", "/api/v1/units", body=BIG_UNIT, token=cls.tokens["operator"])
        assert r.status == 201, r
        cls.unit = r.json()["id"]

    def single(self, name):
        h = HouseholdBuilder(self, name)
        h.member(person("Quentin", "1980-01-01"), [assessed(1000000)])
        return h

    def count(self):
        return self.sql("SELECT count(*) FROM admission_checks")

    def test_invalid_requests_store_nothing(self):
        h = self.single("bad")
        before = self.count()
        path = h.path("/admission-checks")
        p = self.assertProblem(self.post(path, {"unit_id": "x", "start_date": "2026-02-30",
                                                "ground": "luck", "colour": 1},
                                         role="operator"), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["colour", "ground", "start_date", "unit_id"])
        p = self.assertProblem(self.post(path, {}, role="operator"), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["ground", "start_date", "unit_id"])
        # Before today, and beyond admission_check_max_age_days (30) after it.
        for start in ("2026-02-19", "2026-03-23"):
            p = self.assertProblem(self.post(path, {"unit_id": self.unit, "start_date": start,
                                                    "ground": "precarity"}, role="operator"),
                                   422, "validation")
            self.assertEqual([e["field"] for e in p["errors"]], ["start_date"], p)
        h.check(self.unit, start="2026-03-22")
        h.check(self.unit, start=TODAY)
        p = self.assertProblem(self.post(path, {"unit_id": 999999, "start_date": START,
                                                "ground": "precarity"}, role="operator"), 422)
        self.assertEqual(p["errors"][0]["field"], "unit_id")
        self.assertProblem(self.post("/api/v1/households/999999/admission-checks",
                                     {"unit_id": self.unit, "start_date": START,
                                      "ground": "any"}, role="operator"), 404, "not-found")
        self.assertEqual(int(self.count()), int(before) + 2)

    def test_household_without_head_cannot_be_judged(self):
        h = HouseholdBuilder(self, "no head")
        h.member(person("Rita", "1990-01-01", "F", "other"))
        before = self.count()
        p = self.assertProblem(self.post(h.path("/admission-checks"),
                                         {"unit_id": self.unit, "start_date": START,
                                          "ground": "precarity"}, role="operator"),
                               422, "admission-input-invalid")
        self.assertIn("head", p["detail"])
        empty = HouseholdBuilder(self, "empty")
        self.assertProblem(self.post(empty.path("/admission-checks"),
                                     {"unit_id": self.unit, "start_date": START,
                                      "ground": "precarity"}, role="operator"),
                           422, "admission-input-invalid")
        self.assertEqual(self.count(), before)

    def test_snapshot_is_immutable_and_kept(self):
        h = self.single("snapshot")
        c = h.check(self.unit)
        self.assertTrue(c["admissible"])
        path = "/api/v1/admission-checks/%d" % c["id"]
        self.assertEqual(self.get(path, role="auditor").json(), c)
        for sql in ("UPDATE admission_checks SET admissible = false WHERE id = %d" % c["id"],
                    "DELETE FROM admission_checks WHERE id = %d" % c["id"],
                    "TRUNCATE admission_checks CASCADE"):
            r = psql(self.dsn, sql, check=False)
            self.assertNotEqual(r.returncode, 0, sql)
            self.assertIn("append-only", r.stderr)
        # Changing the household afterwards leaves the stored decision as it was.
        m = h.members[0]
        r = self.d.request("PUT", "/api/v1/members/%d" % m["id"],
                           body=person("Quentin", "1980-01-01", first_name="Quentin-Marie"),
                           token=self.tokens["operator"], headers={"If-Match": '"1"'})
        self.assertEqual(r.status, 200, r)
        again = self.get(path).json()
        self.assertEqual(again["household"]["members"][0]["first_name"], "Quentin")
        self.assertEqual(again, c)
        self.assertNotIn("national_register_number", again["household"]["members"][0])
        listed = self.get(h.path("/admission-checks"), role="accountant").json()
        self.assertEqual([x["id"] for x in listed["items"]], [c["id"]])
        self.assertEqual(listed["items"][0]["reasons"], [])
        audit = self.sql("SELECT count(*) FROM audit_log WHERE action = 'admission_check.create'"
                         " AND entity_id = '%d'" % c["id"])
        self.assertEqual(audit, "1")
        self.assertEqual(self.sql("SELECT created_by IS NOT NULL FROM admission_checks"
                                  " WHERE id = %d" % c["id"]), "t")

    def test_mediation_without_approval(self):
        h = HouseholdBuilder(self, "no approval")
        h.member(person("Sam", "1980-01-01"), [assessed(1900000), current(100000)])
        h.record("debt-mediations", {"service_name": "SMD", "monthly_charges_cents": 0})
        c = h.check(self.unit)
        self.assertFalse(c["admissible"])
        self.assertEqual([r["code"] for r in c["decision"]["reasons"]],
                         ["ELIG_PA_CEILING", "ELIG_PC_NO_MEDIATION"])

    def test_roles(self):
        h = self.single("roles")
        body = {"unit_id": self.unit, "start_date": START, "ground": "precarity"}
        for role in ("social_worker", "accountant", "auditor"):
            self.assertProblem(self.post(h.path("/admission-checks"), body, role=role), 403)
        self.assertEqual(self.post(h.path("/admission-checks"), body, role="admin").status, 201)

    def test_other_operator_sees_nothing(self):
        h = self.single("isolation")
        c = h.check(self.unit)
        self.d.cli("operator", "add", "CPAS Voisin")
        tok = self.d.cli("user", "add", "voisin", "--role", "operator", "--operator",
                         "CPAS Voisin").stdout.split("token: ")[1].strip()
        self.assertProblem(self.d.request("GET", "/api/v1/admission-checks/%d" % c["id"],
                                          token=tok), 404)
        self.assertProblem(self.d.request("GET", h.path("/admission-checks"), token=tok), 404)
        body = {"unit_id": self.unit, "start_date": START, "ground": "precarity"}
        self.assertProblem(self.d.request("POST", h.path("/admission-checks"), body=body,
                                          token=tok), 404)
        # Its own household cannot be checked against our unit either.
        r = self.d.request("POST", "/api/v1/households", body={"reference": "V1"}, token=tok)
        theirs = r.json()["id"]
        r = self.d.request("POST", "/api/v1/households/%d/members" % theirs,
                           body=person("Vic", "1980-01-01"), token=tok)
        self.assertEqual(r.status, 201, r)
        p = self.assertProblem(self.d.request(
            "POST", "/api/v1/households/%d/admission-checks" % theirs, body=body, token=tok), 422)
        self.assertEqual(p["errors"][0]["field"], "unit_id")


if __name__ == "__main__":
    unittest.main()
