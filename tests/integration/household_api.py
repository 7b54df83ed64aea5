"""Builds households, units and admission checks over HTTP for the tests of
households and admission (test_households.py, test_admission.py)."""

# The start date of examples.md; the daemon's clock is set before it so that
# the check (dated today) precedes the start by at most 30 days.
START = "2026-03-02"
TODAY = "2026-02-20"
CLOCK = "testing = true\ntesting_today = %s\n" % TODAY

# A house every household of the A examples fits in.
BIG_UNIT = {
    "name": "Maison Rue Longue 4", "kind": "house", "street": "Rue Longue",
    "house_number": "4", "postal_code": "5000", "commune": "Namur",
    "base_indemnity_cents": 45000,
    "rooms": [
        {"name": "séjour", "kind": "living", "area_dm2": 2500, "habitable": True},
        {"name": "cuisine", "kind": "kitchen", "area_dm2": 1200, "habitable": True},
    ] + [{"name": "chambre %d" % i, "kind": "bedroom", "area_dm2": 1200, "habitable": True}
         for i in range(1, 5)],
}


def person(first, birth, sex="M", relation="head", **kw):
    m = {"first_name": first, "last_name": "Exemple", "birth_date": birth, "sex": sex,
         "relation": relation}
    m.update(kw)
    return m


def assessed(amount_cents, year=2024, **kw):
    i = {"kind": "work", "basis": "assessed", "amount_cents": amount_cents,
         "periodicity": "annual", "income_year": year,
         "evidence_reference": "AER %d" % (year + 1)}
    i.update(kw)
    return i


def current(amount_cents, kind="work", **kw):
    i = {"kind": kind, "basis": "current", "amount_cents": amount_cents,
         "periodicity": "monthly"}
    i.update(kw)
    return i


class HouseholdBuilder:
    """Creates one household with its members, incomes and records, each over
    HTTP, asserting every answer."""

    def __init__(self, case, reference, role="operator"):
        self.case = case
        self.role = role
        r = case.post("/api/v1/households", {"reference": reference}, role=role)
        case.assertEqual(r.status, 201, r)
        self.id = r.json()["id"]
        self.members = []

    def path(self, tail=""):
        return "/api/v1/households/%d%s" % (self.id, tail)

    def member(self, body, incomes=()):
        r = self.case.post(self.path("/members"), body, role=self.role)
        self.case.assertEqual(r.status, 201, r)
        m = r.json()
        self.members.append(m)
        for income in incomes:
            r = self.case.post("/api/v1/members/%d/incomes" % m["id"], income, role=self.role)
            self.case.assertEqual(r.status, 201, r)
        return m

    def record(self, collection, body):
        r = self.case.post(self.path("/" + collection), body, role=self.role)
        self.case.assertEqual(r.status, 201, r)
        return r.json()

    def check(self, unit_id, ground="precarity", start=START, expect=201):
        r = self.case.post(self.path("/admission-checks"),
                           {"unit_id": unit_id, "start_date": start, "ground": ground},
                           role=self.role)
        self.case.assertEqual(r.status, expect, r)
        return r.json()


# The operator's letterhead as documents print it (no IBAN, no ogm_base).
LETTERHEAD = {"name": "CPAS de Test", "street": "Rue des Tanneurs", "house_number": "12",
              "postal_code": "5000", "commune": "Namur", "place": "Namur",
              "signatory_name": "Marie Lambert", "signatory_role": "Directrice générale"}


def set_operator_profile(case, body):
    """PUT /api/v1/operator as the admin, with the ETag just read."""
    etag = case.get("/api/v1/operator").header("ETag")
    r = case.d.request("PUT", "/api/v1/operator", token=case.tokens["admin"],
                       headers={"If-Match": etag}, body=body)
    case.assertEqual(r.status, 200, r)
    return r.json()


def create_unit(case, body, role="operator"):
    r = case.post("/api/v1/units", body, role=role)
    case.assertEqual(r.status, 201, r)
    return r.json()["id"]


def reason_codes(part):
    return [r["code"] for r in part["reasons"]]
