"""The check of every response against api/openapi.yaml (openapi_check.py)
catches what it must, and the documented schemas accept what the daemon
really answers. No daemon: hand-made documents, and a stand-in HTTP server
for Daemon.request()."""
import copy
import http.server
import json
import tempfile
import threading
import unittest

import openapi_check
from harness import Daemon
from openapi_check import Mismatch

# A unit as unit_docs builds it: a unit outside a building, no box.
UNIT = {
    "id": 7, "building_id": None, "name": "Maison Rue Haute", "kind": "house",
    "street": "Rue Haute", "house_number": "12", "box": None, "postal_code": "5000",
    "commune": "Namur", "floor": 0, "collective": False, "base_indemnity_cents": 30000,
    "utility_provision_cents": 0, "subsidised": True, "furnished": False,
    "status": "available",
    "rooms": [{"name": "Séjour", "kind": "living", "area_dm2": 2000, "habitable": True,
               "shared": False}],
    "version": 1, "created_at": "2026-12-04T14:41:37.680976+00:00",
    "updated_at": "2026-12-04T14:41:37.680976+00:00",
}
PARAMETER = {
    "key": "period_months", "valid_from": "2007-07-19", "value": "6.00", "value_int": 6,
    "unit": "months", "source": "AGW", "confirmed": "yes",
    "newest_valid_from": "2007-07-19", "outdated_warning": True,
}
PROBLEM = {"type": "https://transitd.invalid/problems/not-found", "title": "Introuvable",
           "status": 404}
JSON = "application/json"


def check(method, path, status, body, content_type=JSON):
    text = body if isinstance(body, str) else json.dumps(body)
    openapi_check.check(method, path, status, content_type, text)


class SchemasMatchRealResponses(unittest.TestCase):
    """Failed before the schemas were fixed: allOf [UnitInput with
    additionalProperties: false, {id, …}] refused every unit, `box` and
    `building_id` could not be null, and both branches of the oneOf of
    GET /parameters matched every row."""

    def test_unit_with_id_and_nulls(self):
        check("GET", "/api/v1/units/7", 200, UNIT)
        check("GET", "/api/v1/units?limit=10", 200,
              {"items": [UNIT], "next_after": None, "limit": 10})

    def test_parameters_one_row_and_the_list(self):
        check("GET", "/api/v1/parameters?key=period_months", 200, PARAMETER)
        check("GET", "/api/v1/parameters", 200, {"date": "2026-12-04", "items": [PARAMETER]})


class MismatchesAreCaught(unittest.TestCase):
    def assertMismatch(self, *args, expect=()):
        with self.assertRaises(Mismatch) as cm:
            check(*args)
        for word in expect:
            self.assertIn(word, str(cm.exception))
        return str(cm.exception)

    def test_wrong_type_names_operation_status_and_json_path(self):
        bad = dict(UNIT, box=5)
        self.assertMismatch("GET", "/api/v1/units/7", 200, bad,
                            expect=("getUnit", "200", "$.box", "5"))
        page = {"items": [UNIT, dict(UNIT, rooms=[{"name": "x"}])], "next_after": None,
                "limit": 10}
        self.assertMismatch("GET", "/api/v1/units", 200, page,
                            expect=("listUnits", "$.items[1].rooms[0]"))

    def test_undocumented_or_missing_key(self):
        self.assertMismatch("GET", "/api/v1/units/7", 200, dict(UNIT, secret="x"),
                            expect=("secret",))
        missing = copy.deepcopy(UNIT)
        del missing["status"]
        self.assertMismatch("GET", "/api/v1/units/7", 200, missing, expect=("status",))

    def test_wrong_enum_and_date(self):
        self.assertMismatch("GET", "/api/v1/units/7", 200, dict(UNIT, kind="castle"),
                            expect=("$.kind",))
        self.assertMismatch("GET", "/api/v1/parameters", 200,
                            {"date": "2026-13-45", "items": []}, expect=("$",))

    def test_formats_are_asserted(self):
        self.assertMismatch("GET", "/api/v1/units/7", 200,
                            dict(UNIT, created_at="2026-12-04 14:41:37+00"),
                            expect=("$.created_at", "date-time"))
        self.assertMismatch("GET", "/api/v1/units/7", 404, dict(PROBLEM, type="not-found"),
                            "application/problem+json", expect=("$.type", "uri"))

    def test_parameters_neither_row_nor_list(self):
        self.assertMismatch("GET", "/api/v1/parameters", 200,
                            {"date": "2026-12-04", "items": [], "key": "x"})

    def test_problem_details(self):
        check("GET", "/api/v1/units/7", 404, PROBLEM, "application/problem+json")
        self.assertMismatch("GET", "/api/v1/units/7", 404, dict(PROBLEM, status="404"),
                            "application/problem+json", expect=("$.status",))
        self.assertMismatch("GET", "/api/v1/units/7", 404, {"title": "x", "status": 404},
                            "application/problem+json", expect=("type",))

    def test_status_content_type_path_and_method(self):
        self.assertMismatch("GET", "/api/v1/units/7", 418, PROBLEM, "application/problem+json",
                            expect=("status 418 is not documented",))
        self.assertMismatch("GET", "/api/v1/units/7", 200, UNIT, "text/plain",
                            expect=("content type",))
        self.assertMismatch("GET", "/api/v1/units/7", 200, "{not json", JSON,
                            expect=("not JSON",))
        self.assertMismatch("GET", "/api/v1/nothing-here", 404, PROBLEM,
                            "application/problem+json", expect=("not documented",))
        self.assertMismatch("DELETE", "/api/v1/parameters", 405, PROBLEM,
                            "application/problem+json", expect=("documents no DELETE",))

    def test_other_media_types_only_by_content_type(self):
        check("GET", "/api/v1/calendar.ics?token=x", 200, "BEGIN:VCALENDAR", "text/calendar")
        self.assertMismatch("GET", "/api/v1/calendar.ics?token=x", 200, "BEGIN:VCALENDAR",
                            JSON, expect=("content type",))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(dict(UNIT, box=5)).encode()
        self.send_response(200)
        self.send_header("Content-Type", JSON)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class DaemonRequestChecks(unittest.TestCase):
    """Daemon.request(), which every integration test uses, fails on a
    response that does not match, unless told the request is undocumented."""

    def test_request_fails_on_mismatch(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        t = threading.Thread(target=server.serve_forever, daemon=True)
        t.start()
        try:
            d = Daemon("host=/nonexistent", tempfile.mkdtemp(prefix="transitd-oc-"))
            d.port = server.server_address[1]
            with self.assertRaises(AssertionError) as cm:
                d.request("GET", "/api/v1/units/7", token="x")
            self.assertIn("$.box", str(cm.exception))
            self.assertEqual(d.request("GET", "/api/v1/units/7", undocumented=True).status, 200)
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
