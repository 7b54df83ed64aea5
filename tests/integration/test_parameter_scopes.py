"""Legal parameters (issue 13, item 2): the regional law is the platform's,
the local choices each operator's own, dated; a new row never changes a
stored decision, a row dated in the past that would is refused unless it is
a correction, and a value older than 13 months is said so.

The reviewer's attack: operator B's admin added a row dated in the past and
operator A's next admission check used B's value."""
import json
import unittest

from harness import TransitdTestCase, psql
from household_api import assessed, current, person

TODAY = "2026-01-05"
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


class ParameterCase(TransitdTestCase):
    extra_config = "testing = true\ntesting_today = %s\n" % TODAY
    counter = 0

    def operator(self, name):
        """A second operator with its admin, operator and social worker: {role: token}."""
        self.d.cli("operator", "add", name)
        return {role: self.d.cli("user", "add", role + "-" + name, "--role", role, "--operator",
                                 name).stdout.split("token: ")[1].strip()
                for role in ("admin", "operator", "social_worker")}

    def call(self, method, path, token, body=None):
        return self.d.request(method, path, body=body, token=token)

    def created(self, path, body, token):
        r = self.call("POST", path, token, body)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def household_and_unit(self, token):
        """A couple with a child (P-b, B1's revenues) and a unit, of the
        token's operator."""
        ParameterCase.counter += 1
        unit = self.created("/api/v1/units", dict(UNIT, name="Logement %d" % self.counter),
                            token)["id"]
        hid = self.created("/api/v1/households", {"reference": "P-%d" % self.counter},
                           token)["id"]
        for body, incomes in [
                (person("Anne", "1985-07-30", "F", "head"), [assessed(1200000), current(101237)]),
                (person("Marc", "1983-02-11", "M", "partner"),
                 [assessed(600000), current(50000, kind="unemployment")]),
                (person("Léa", "2020-05-01", "F", "child", dependent_child=True), [])]:
            mid = self.created("/api/v1/households/%d/members" % hid, body, token)["id"]
            for income in incomes:
                self.created("/api/v1/members/%d/incomes" % mid, income, token)
        return hid, unit

    def check(self, token, hid, unit, start):
        return self.call("POST", "/api/v1/households/%d/admission-checks" % hid, token,
                         {"unit_id": unit, "start_date": start, "ground": "precarity"})

    def convention(self, token, start="2026-01-15"):
        hid, unit = self.household_and_unit(token)
        r = self.check(token, hid, unit, start)
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json()["admissible"], r)
        return self.created("/api/v1/conventions", {"admission_check_id": r.json()["id"]},
                            token)

    def platform(self, *args, check=True):
        """`transitd parameter add ...`: the platform administrator."""
        return self.d.cli("parameter", "add", *args, check=check)

    def param(self, token, key, date=TODAY):
        r = self.call("GET", "/api/v1/parameters?key=%s&date=%s" % (key, date), token)
        self.assertEqual(r.status, 200, r)
        return r.json()


class Scopes(ParameterCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a = {"admin": cls.tokens["admin"], "operator": cls.tokens["operator"]}

    def test_other_operators_admin_cannot_change_what_a_uses(self):
        b = self.operator("CPAS Voisin")
        rows, audits = self.sql("SELECT count(*) FROM parameters"), self.sql(
            "SELECT count(*) FROM audit_log WHERE entity = 'parameter'")
        # the law: 403 for an operator's admin, whatever the date or key
        for key, value, unit in [("precarity_several_ceiling", "1.00", "EUR/year"),
                                 ("ris_family", "1.00", "EUR/month"),
                                 ("indemnity_cap_percent", "90", "percent"),
                                 ("notice_months", "1", "months"),
                                 ("some_new_key", "1", "days")]:
            for date in ("2025-01-01", "2027-01-01"):
                r = self.call("POST", "/api/v1/parameters", b["admin"],
                              {"key": key, "valid_from": date, "value": value, "unit": unit,
                               "confirmed": "yes"})
                p = self.assertProblem(r, 403, "forbidden")
                self.assertIn("platform administrator", p["detail"])
        self.assertEqual(self.sql("SELECT count(*) FROM parameters"), rows)
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE entity = 'parameter'"),
                         audits)
        # nor can anyone store an operator's row of a regional key in SQL
        r = psql(self.dsn, "INSERT INTO parameters (key, valid_from, value, unit, confirmed,"
                 " operator_id) SELECT 'precarity_several_ceiling', '2025-01-01', 1,"
                 " 'EUR/year', 'yes', id FROM operators WHERE name = 'CPAS Voisin'", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("parameters_operator_local_keys_only", r.stderr)

        # a local choice dated in the past is B's own, and only B's
        r = self.call("POST", "/api/v1/parameters", b["admin"],
                      {"key": "admission_check_max_age_days", "valid_from": "2020-01-01",
                       "value": "5", "unit": "days", "confirmed": "product decision"})
        self.assertEqual(r.status, 201, r)
        b_id = int(self.sql("SELECT id FROM operators WHERE name = 'CPAS Voisin'"))
        self.assertEqual((r.json()["operator_id"], r.json()["local"]), (b_id, True))
        self.assertEqual(self.param(self.a["operator"], "admission_check_max_age_days")
                         ["value_int"], 30)
        self.assertEqual(self.param(b["operator"], "admission_check_max_age_days")
                         ["value_int"], 5)

        # A's next check uses the shared 30 days, B's its own 5
        hid, unit = self.household_and_unit(self.a["operator"])
        r = self.check(self.a["operator"], hid, unit, "2026-01-15")
        self.assertEqual(r.status, 201, r)
        rows = {p["key"]: p for p in r.json()["parameters"]}
        self.assertEqual((rows["admission_check_max_age_days"]["value"],
                          rows["admission_check_max_age_days"]["operator_id"]), ("30.00", None))
        self.assertEqual(rows["precarity_several_ceiling"]["value"], "23200.00")
        hid, unit = self.household_and_unit(b["operator"])
        p = self.assertProblem(self.check(b["operator"], hid, unit, "2026-01-15"), 422,
                               "validation")
        self.assertIn("at most 5 days", p["errors"][0]["message"])
        r = self.check(b["operator"], hid, unit, "2026-01-08")
        self.assertEqual(r.status, 201, r)
        rows = {p["key"]: p for p in r.json()["parameters"]}
        self.assertEqual((rows["admission_check_max_age_days"]["value"],
                          rows["admission_check_max_age_days"]["operator_id"]), ("5.00", b_id))

    def test_two_operators_run_their_own_calendar(self):
        # a CPAS running 3 + 3 months next to the Walloon 6 + 6
        c = self.operator("CPAS Trois Mois")
        r = self.call("POST", "/api/v1/parameters", c["admin"],
                      {"key": "period_months", "valid_from": "2000-01-01", "value": "3",
                       "unit": "months", "confirmed": "product decision",
                       "source": "décision du conseil de l'action sociale"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["affected_decisions"], [])
        six = self.convention(self.a["operator"])
        three = self.convention(c["operator"])
        self.assertEqual([(p["start"], p["end"]) for p in six["calendar"]],
                         [("2026-01-15", "2026-07-14"), ("2026-07-15", "2027-01-14")])
        self.assertEqual(six["final_end"], "2027-01-14")
        self.assertEqual([(p["start"], p["end"]) for p in three["calendar"]],
                         [("2026-01-15", "2026-04-14"), ("2026-04-15", "2026-07-14")])
        self.assertEqual(three["final_end"], "2026-07-14")
        self.assertEqual(self.sql("SELECT string_agg(period_months::text, ',' ORDER BY id)"
                                  " FROM conventions WHERE id IN (%d, %d)"
                                  % (six["id"], three["id"])), "6,3")

    def test_each_operator_visits_at_its_own_rhythm(self):
        e = self.operator("CPAS Visites")
        unit = self.created("/api/v1/units", dict(UNIT, name="Maison Visites"),
                            e["operator"])["id"]
        self.created("/api/v1/units/%d/logbook" % unit, {
            "kind": "visit", "entry_date": "2025-12-01", "occupant_consent": True},
            e["social_worker"])

        def visit_alerts():
            r = self.call("POST", "/api/v1/alerts/refresh", e["admin"], {})
            self.assertEqual(r.status, 200, r)
            items = self.call("GET", "/api/v1/alerts?limit=200", e["admin"]).json()["items"]
            return [(a["state"], a["due_on"]) for a in items if a["kind"] == "visit_overdue"
                    and a["object"]["id"] == unit]

        # the shared rule: a single-family unit monthly, overdue since 2 January
        self.assertEqual(visit_alerts(), [("open", "2026-01-01")])
        # this CPAS visits its houses every two months: nothing is overdue
        r = self.call("POST", "/api/v1/parameters", e["admin"],
                      {"key": "visit_single_family_months", "valid_from": "2000-01-01",
                       "value": "2", "unit": "months", "confirmed": "product decision"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(visit_alerts(), [("resolved", "2026-01-01")])
        self.assertEqual(self.param(self.a["operator"], "visit_single_family_months")
                         ["value_int"], 1)

    def test_outdated_values_are_said_so(self):
        # today 2026-01-05: the 2024 ceilings are more than 13 months old,
        # the February 2025 RIS amounts are not, and a percentage never ages
        hid, unit = self.household_and_unit(self.a["operator"])
        r = self.check(self.a["operator"], hid, unit, "2026-01-20")
        self.assertEqual(r.status, 201, r)
        check = r.json()
        warned = {w["key"]: w for w in check["decision"]["parameter_warnings"]}
        self.assertEqual(sorted(warned), ["precarity_child_increase",
                                          "precarity_several_ceiling"])
        w = warned["precarity_several_ceiling"]
        self.assertEqual((w["code"], w["newest_valid_from"]), ("parameter_outdated",
                                                               "2024-01-01"))
        self.assertIn("date du 01/01/2024, il y a plus de 13 mois", w["fr"])
        rows = {p["key"]: p for p in check["parameters"]}
        self.assertTrue(rows["precarity_several_ceiling"]["outdated_warning"])
        self.assertFalse(rows["admission_check_max_age_days"]["outdated_warning"])
        self.assertEqual(self.get("/api/v1/admission-checks/%d" % check["id"]).json(), check)

        for key, outdated in [("precarity_single_ceiling", True), ("ris_isolated", False),
                              ("indemnity_cap_percent", False), ("period_months", False)]:
            self.assertEqual(self.param(self.a["operator"], key)["outdated_warning"], outdated,
                             key)
        every = self.get("/api/v1/parameters").json()["items"]
        self.assertEqual(sorted(p["key"] for p in every if p["outdated_warning"]),
                         ["precarity_child_increase", "precarity_several_ceiling",
                          "precarity_single_ceiling"])
        # once the 2026 indexation is known, the key is no longer outdated
        out = json.loads(self.platform("precarity_single_ceiling", "2026-02-01", "18000.00",
                                       "--unit", "EUR/year", "--confirmed", "no").stdout)
        self.assertFalse(out["outdated_warning"])
        row = self.param(self.a["operator"], "precarity_single_ceiling")
        self.assertEqual((row["value"], row["newest_valid_from"], row["outdated_warning"]),
                         ("17000.00", "2026-02-01", False))


class Corrections(ParameterCase):
    def test_a_new_row_never_changes_a_stored_decision(self):
        d = self.operator("CPAS Correction")
        d_id = int(self.sql("SELECT id FROM operators WHERE name = 'CPAS Correction'"))
        conv = self.convention(d["operator"])
        check = self.call("GET", "/api/v1/admission-checks/%d" % conv["admission_check_id"],
                          d["operator"]).json()
        conv_doc = self.call("GET", "/api/v1/conventions/%d" % conv["id"], d["operator"]).json()
        # another operator's decisions are none of D's business
        other = self.convention(self.tokens["operator"])
        audits = self.sql("SELECT count(*) FROM audit_log WHERE entity = 'parameter'")

        # D's admin changes the period length from before today: refused
        body = {"key": "period_months", "valid_from": "2026-01-01", "value": "4",
                "unit": "months", "confirmed": "product decision"}
        p = self.assertProblem(self.call("POST", "/api/v1/parameters", d["admin"], body), 409,
                               "parameter-supersedes-decisions")
        self.assertEqual(p["decisions"], [
            {"type": "convention", "id": conv["id"], "operator_id": d_id,
             "start_date": "2026-01-15", "value_used": "6", "value_now": "4.00"}])
        self.assertIn("correction", p["reasons"][0]["fr"])
        self.assertEqual(self.param(d["operator"], "period_months", "2026-01-15")["value_int"],
                         6)
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE entity = 'parameter'"),
                         audits)
        # as a correction: recorded, audited, with the decisions it would have changed
        r = self.call("POST", "/api/v1/parameters", d["admin"], dict(body, correction=True))
        self.assertEqual(r.status, 201, r)
        self.assertEqual([x["id"] for x in r.json()["affected_decisions"]], [conv["id"]])
        self.assertEqual(self.sql("SELECT action || ' ' || (after->'affected_decisions'->0->>"
                                  "'id') FROM audit_log WHERE entity = 'parameter'"
                                  " ORDER BY id DESC LIMIT 1"),
                         "parameter.correct %d" % conv["id"])
        # the convention keeps its 6-month calendar; new ones take 4 months
        self.assertEqual(self.call("GET", "/api/v1/conventions/%d" % conv["id"],
                                   d["operator"]).json(), conv_doc)
        self.assertEqual(self.convention(d["operator"])["calendar"][0]["end"], "2026-05-14")
        self.assertEqual(self.get("/api/v1/conventions/%d" % other["id"]).json()["final_end"],
                         "2027-01-14")

        # the platform lowers a ceiling from before today: refused, then corrected
        args = ["precarity_several_ceiling", "2025-06-01", "1.00", "--unit", "EUR/year",
                "--confirmed", "yes", "--source", "erreur de saisie"]
        r = self.platform(*args, check=False)
        self.assertEqual(r.returncode, 1, r.stdout)
        p = json.loads(r.stderr)
        self.assertEqual(p["status"], 409)
        used = {(x["type"], x["id"]): x for x in p["decisions"]}
        self.assertEqual(used[("admission_check", check["id"])]["value_used"], "23200.00")
        self.assertIn(("admission_check", other["admission_check_id"]), used)
        self.assertEqual(self.sql("SELECT count(*) FROM parameters WHERE valid_from ="
                                  " '2025-06-01'"), "0")
        out = json.loads(self.platform(*args, "--correction").stdout)
        self.assertTrue(out["correction"])
        self.assertIn({"type": "admission_check", "id": check["id"], "operator_id": d_id,
                       "start_date": "2026-01-15", "value_used": "23200.00",
                       "value_now": "1.00"}, out["affected_decisions"])
        self.assertEqual(self.sql("SELECT action || ' ' || coalesce(user_id::text, 'platform')"
                                  " FROM audit_log WHERE entity_id ="
                                  " 'precarity_several_ceiling@2025-06-01'"),
                         "parameter.correct platform")
        # the stored check keeps what it used; a new one is judged on the new row
        self.assertEqual(self.call("GET", "/api/v1/admission-checks/%d" % check["id"],
                                   d["operator"]).json(), check)
        hid, unit = self.household_and_unit(d["operator"])
        r = self.check(d["operator"], hid, unit, "2026-01-15")
        self.assertEqual(r.status, 201, r)
        self.assertFalse(r.json()["admissible"])
        self.assertEqual(r.json()["decision"]["ceiling_base_cents"], 100)

        # the wrong value corrected on its own date: replaced, the audit keeps the old one
        r = self.platform("precarity_several_ceiling", "2025-06-01", "23200.00", "--unit",
                          "EUR/year", "--confirmed", "yes", check=False)
        self.assertEqual(json.loads(r.stderr)["type"],
                         "https://transitd.invalid/problems/conflict")
        out = json.loads(self.platform("precarity_several_ceiling", "2025-06-01", "23200.00",
                                       "--unit", "EUR/year", "--confirmed", "yes",
                                       "--correction").stdout)
        self.assertEqual(out["value"], "23200.00")
        # the first check used 23 200,00 €: back to it, it is not affected
        self.assertNotIn(check["id"], [x["id"] for x in out["affected_decisions"]
                                       if x["type"] == "admission_check"])
        self.assertEqual(self.sql("SELECT (before->>'value') || ' ' || (after->>'value')"
                                  " FROM audit_log WHERE entity_id ="
                                  " 'precarity_several_ceiling@2025-06-01'"
                                  " ORDER BY id DESC LIMIT 1"), "1.00 23200.00")
        # rows decisions used are never deleted
        r = psql(self.dsn, "DELETE FROM parameters WHERE valid_from = '2025-06-01'",
                 check=False)
        self.assertIn("append-only", r.stderr)

    def test_a_row_from_today_on_is_taken_with_what_it_would_change(self):
        conv = self.convention(self.tokens["operator"], start="2026-01-20")
        # the yearly indexation, announced for a date after a stored check's start
        out = json.loads(self.platform("precarity_child_increase", "2026-01-10", "3300.00",
                                       "--unit", "EUR/year", "--confirmed", "no").stdout)
        self.assertFalse(out["correction"])
        self.assertIn({"type": "admission_check", "id": conv["admission_check_id"],
                       "operator_id": int(self.sql("SELECT min(id) FROM operators")),
                       "start_date": "2026-01-20", "value_used": "3200.00",
                       "value_now": "3300.00"}, out["affected_decisions"])
        self.assertEqual(self.get("/api/v1/admission-checks/%d" % conv["admission_check_id"])
                         .json()["decision"]["ceiling_child_increase_cents"], 320000)


if __name__ == "__main__":
    unittest.main()
