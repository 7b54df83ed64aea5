"""Buildings and units over HTTP: validation field by field, ETag/If-Match,
pagination, operator isolation, audit."""
import unittest

from harness import TransitdTestCase

UNIT = {
    "name": "Rue Haute 12, rez", "kind": "apartment", "street": "Rue Haute",
    "house_number": "12", "postal_code": "5000", "commune": "Namur", "floor": 0,
    "base_indemnity_cents": 45000, "subsidised": True, "furnished": False,
    "rooms": [
        {"name": "séjour-cuisine", "kind": "kitchen_living", "area_dm2": 2000, "habitable": True},
        {"name": "chambre 1", "kind": "bedroom", "area_dm2": 1200, "habitable": True},
        {"name": "chambre 2", "kind": "bedroom", "area_dm2": 700, "habitable": True},
    ],
}


class Units(TransitdTestCase):
    def test_create_read_update_with_etag(self):
        r = self.post("/api/v1/units", UNIT, role="operator")
        self.assertEqual(r.status, 201, r)
        unit = r.json()
        self.assertEqual(unit["rooms"][0]["name"], "séjour-cuisine")
        self.assertEqual(unit["version"], 1)
        self.assertEqual(r.header("ETag"), '"1"')
        self.assertEqual(r.header("Location"), "/api/v1/units/%d" % unit["id"])
        path = "/api/v1/units/%d" % unit["id"]
        self.assertEqual(self.get(path, role="auditor").json(), unit)

        changed = dict(UNIT, base_indemnity_cents=46000)
        r = self.d.request("PUT", path, body=changed, token=self.tokens["operator"])
        self.assertProblem(r, 428, "precondition-required")
        # an ETag is the version's digits between quotes, nothing else
        for tag in ('" 1"', '"+1"', '"01"', '"1 "', '1', '""', '"1"x'):
            r = self.d.request("PUT", path, body=changed, token=self.tokens["operator"],
                               headers={"If-Match": tag})
            self.assertProblem(r, 428, "precondition-required")
        r = self.d.request("PUT", path, body=changed, token=self.tokens["operator"],
                           headers={"If-Match": '"1"'})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["base_indemnity_cents"], 46000)
        self.assertEqual(r.header("ETag"), '"2"')
        r = self.d.request("PUT", path, body=UNIT, token=self.tokens["operator"],
                           headers={"If-Match": '"1"'})
        self.assertProblem(r, 412, "stale-version")
        self.assertEqual(self.get(path).json()["base_indemnity_cents"], 46000)
        audit = self.sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log "
                         "WHERE entity = 'unit' AND entity_id = '%d'" % unit["id"])
        self.assertEqual(audit, "unit.create,unit.update")
        before = self.sql("SELECT before->>'base_indemnity_cents' FROM audit_log "
                          "WHERE action = 'unit.update' AND entity_id = '%d'" % unit["id"])
        self.assertEqual(before, "45000")

    def test_invalid_unit_refused_field_by_field(self):
        count = self.sql("SELECT count(*) FROM units")
        bad = dict(UNIT, kind="castle", postal_code="0123", base_indemnity_cents=-5,
                   colour="blue",
                   rooms=[{"name": "x", "kind": "bedroom", "area_dm2": 0, "habitable": "yes"}])
        del bad["street"]
        p = self.assertProblem(self.post("/api/v1/units", bad, role="operator"), 422, "validation")
        fields = sorted(e["field"] for e in p["errors"])
        self.assertEqual(fields, ["base_indemnity_cents", "colour", "kind", "postal_code",
                                  "rooms[0].area_dm2", "rooms[0].habitable", "street"])
        p = self.assertProblem(self.post("/api/v1/units", dict(UNIT, base_indemnity_cents=450.5),
                                         role="operator"), 422)
        self.assertEqual(p["errors"][0]["field"], "base_indemnity_cents")
        self.assertEqual(self.sql("SELECT count(*) FROM units"), count)

    def test_roles(self):
        self.assertProblem(self.post("/api/v1/units", UNIT, role="accountant"), 403)
        self.assertProblem(self.post("/api/v1/units", UNIT, role="social_worker"), 403)
        self.assertEqual(self.get("/api/v1/units", role="accountant").status, 200)

    def test_buildings_and_collective_units(self):
        b = self.post("/api/v1/buildings", {
            "name": "Maison d'accueil", "street": "Rue du Pont", "house_number": "3",
            "postal_code": "5000", "commune": "Namur", "has_common_parts": True},
            role="operator")
        self.assertEqual(b.status, 201, b)
        room = dict(UNIT, kind="room", collective=True, building_id=b.json()["id"],
                    rooms=[{"name": "chambre", "kind": "bedroom", "area_dm2": 1200,
                            "habitable": True},
                           {"name": "cuisine commune", "kind": "kitchen", "area_dm2": 2500,
                            "habitable": True, "shared": True}])
        r = self.post("/api/v1/units", room, role="operator")
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json()["rooms"][1]["shared"])
        p = self.assertProblem(self.post("/api/v1/units", dict(room, building_id=999999),
                                         role="operator"), 422)
        self.assertEqual(p["errors"][0]["field"], "building_id")
        listed = self.get("/api/v1/units?building_id=%d" % b.json()["id"]).json()
        self.assertEqual([u["id"] for u in listed["items"]], [r.json()["id"]])

    def test_pagination(self):
        ids = [self.post("/api/v1/units", dict(UNIT, name="u%d" % i), role="operator").json()["id"]
               for i in range(5)]
        seen = []
        after = 0
        while True:
            page = self.get("/api/v1/units?limit=2&after=%d" % after).json()
            seen += [u["id"] for u in page["items"]]
            if page["next_after"] is None:
                break
            after = page["next_after"]
        for i in ids:
            self.assertIn(i, seen)
        self.assertEqual(len(seen), len(set(seen)))
        self.assertProblem(self.get("/api/v1/units?limit=500"), 400, "invalid-query")

    def test_other_operator_sees_nothing(self):
        unit = self.post("/api/v1/units", UNIT, role="operator").json()
        self.d.cli("operator", "add", "CPAS Voisin")
        tok = self.d.cli("user", "add", "voisin", "--role", "operator", "--operator",
                         "CPAS Voisin").stdout.split("token: ")[1].strip()
        path = "/api/v1/units/%d" % unit["id"]
        self.assertProblem(self.d.request("GET", path, token=tok), 404, "not-found")
        r = self.d.request("PUT", path, body=UNIT, token=tok, headers={"If-Match": '"1"'})
        self.assertProblem(r, 404, "not-found")
        listed = self.d.request("GET", "/api/v1/units", token=tok).json()
        self.assertEqual(listed["items"], [])
        self.assertEqual(self.get(path).json()["version"], unit["version"])


if __name__ == "__main__":
    unittest.main()
