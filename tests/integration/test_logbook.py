"""The carnet de bord over HTTP: append-only entries on a unit's and a
building's logbook, corrections as new entries, consent for visits, safety
checks, roles, and the database refusing changes."""
import unittest

from harness import TransitdTestCase, psql
from test_units import UNIT

BUILDING = {"name": "Maison d'accueil", "street": "Rue du Pont", "house_number": "3",
            "postal_code": "5000", "commune": "Namur", "has_common_parts": True}


class Logbook(TransitdTestCase):
    extra_config = "testing = true\ntesting_today = 2026-05-20\n"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tok = cls.tokens["operator"]
        cls.unit = cls.d.request("POST", "/api/v1/units", body=UNIT, token=tok).json()
        cls.building = cls.d.request("POST", "/api/v1/buildings", body=BUILDING, token=tok).json()

    def entry(self, path, body, role="social_worker"):
        return self.post(path, body, role=role)

    def test_unit_logbook_entries_and_correction(self):
        path = "/api/v1/units/%d/logbook" % self.unit["id"]
        r = self.entry(path, {
            "kind": "observation", "entry_date": "2026-05-12",
            "problem": "Fuite sous l'évier", "location": "cuisine",
            "measure": "Robinet d'arrêt fermé", "informed_whom": "service technique",
            "informed_on": "2026-05-12", "action_taken": "joint remplacé",
            "action_by": "J. Dupont", "action_on": "2026-05-14"})
        self.assertEqual(r.status, 201, r)
        first = r.json()
        self.assertEqual(first["problem"], "Fuite sous l'évier")
        self.assertEqual(first["author"]["name"], "social_worker1")
        r = self.entry(path, {"kind": "correction", "entry_date": "2026-05-15",
                              "corrects_id": first["id"], "problem": "Fuite sous l'évier",
                              "location": "salle de bains"})
        self.assertEqual(r.status, 201, r)
        listed = self.get(path, role="auditor").json()["items"]
        self.assertEqual([e["id"] for e in listed][-2:], [first["id"], r.json()["id"]])
        self.assertEqual(listed[-2]["corrected_by"], [r.json()["id"]])
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action = 'logbook.append'"
                                  " AND entity_id = '%d'" % first["id"]), "1")

    def test_entries_cannot_be_updated_or_deleted(self):
        path = "/api/v1/units/%d/logbook" % self.unit["id"]
        e = self.entry(path, {"kind": "observation", "entry_date": "2026-05-01",
                              "problem": "Détecteur qui bipe"}).json()
        for stmt in ("UPDATE logbook_entries SET problem = 'x' WHERE id = %d" % e["id"],
                     "DELETE FROM logbook_entries WHERE id = %d" % e["id"],
                     "TRUNCATE logbook_entries CASCADE"):
            r = psql(self.dsn, stmt, check=False)
            self.assertNotEqual(r.returncode, 0, stmt)
            self.assertIn("append-only", r.stderr)
        self.assertEqual(self.d.request("PUT", path, body={}, token=self.tokens["social_worker"],
                                        undocumented=True).status, 405)

    def test_visit_needs_consent_and_safety_check_every_point(self):
        path = "/api/v1/units/%d/logbook" % self.unit["id"]
        p = self.assertProblem(self.entry(path, {"kind": "visit", "entry_date": "2026-05-02"}), 422)
        self.assertEqual([e["field"] for e in p["errors"]], ["occupant_consent"])
        self.assertEqual(self.entry(path, {"kind": "visit", "entry_date": "2026-05-02",
                                           "occupant_consent": True}).status, 201)
        p = self.assertProblem(self.entry(path, {"kind": "safety_check", "entry_date": "2026-05-02",
                                                 "smoke_detectors_ok": True}), 422)
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["differentials_ok", "guard_rails_ok", "instructions_handed_over"])
        r = self.entry(path, {"kind": "safety_check", "entry_date": "2026-05-02",
                              "smoke_detectors_ok": True, "differentials_ok": True,
                              "guard_rails_ok": True, "instructions_handed_over": True})
        self.assertEqual(r.status, 201, r)

    def test_building_logbook_and_invalid_input(self):
        path = "/api/v1/buildings/%d/logbook" % self.building["id"]
        self.assertEqual(self.entry(path, {"kind": "visit", "entry_date": "2026-05-03",
                                           "location": "parties communes"}).status, 201)
        count = self.sql("SELECT count(*) FROM logbook_entries")
        p = self.assertProblem(self.entry(path, {
            "kind": "gossip", "entry_date": "2026-06-01", "informed_on": "2026-05-01",
            "corrects_id": 999999}), 422)
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["entry_date", "informed_on", "informed_whom", "kind"])
        p = self.assertProblem(self.entry(path, {"kind": "correction", "entry_date": "2026-05-03",
                                                 "corrects_id": 999999}), 422)
        self.assertEqual(p["errors"][0]["field"], "corrects_id")
        self.assertEqual(self.sql("SELECT count(*) FROM logbook_entries"), count)

    def test_roles_and_isolation(self):
        path = "/api/v1/units/%d/logbook" % self.unit["id"]
        body = {"kind": "observation", "entry_date": "2026-05-04", "problem": "Vitre fêlée"}
        for role in ("accountant", "auditor", "operator"):
            self.assertProblem(self.entry(path, body, role=role), 403)
        self.assertEqual(self.get(path, role="operator").status, 200)
        self.d.cli("operator", "add", "CPAS Voisin")
        tok = self.d.cli("user", "add", "voisine", "--role", "social_worker", "--operator",
                         "CPAS Voisin").stdout.split("token: ")[1].strip()
        self.assertProblem(self.d.request("POST", path, body=body, token=tok), 404)
        self.assertProblem(self.d.request("GET", path, token=tok), 404)


if __name__ == "__main__":
    unittest.main()
