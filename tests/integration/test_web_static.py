"""The web application's files served at / by the daemon (daemon/web.c):
content types, the cache policy (hashed assets a year, index.html
revalidated), client-side routes answered with index.html, security
headers on every answer (the API's too), HEAD and 304, and paths that must
never reach a file (dot segments, hidden files, encoded traversal)."""
import os
import socket
import tempfile
import unittest

from harness import TransitdTestCase
from household_api import LETTERHEAD, set_operator_profile

ROOT = tempfile.mkdtemp(prefix="transitd-web-")
INDEX = "<!doctype html><html lang=\"fr\"><title>transitd</title><script type=\"module\" src=\"/assets/app-3f9a1c.js\"></script></html>"
FILES = {
    "index.html": INDEX,
    "assets/app-3f9a1c.js": "console.log('transitd');",
    "assets/style-77aa.css": "body{margin:0}",
    "favicon.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    ".env": "SECRET=1",
    "assets/.hidden.js": "x",
}
for name, text in FILES.items():
    path = os.path.join(ROOT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
# a link out of the tree is not followed
os.symlink("/etc/passwd", os.path.join(ROOT, "passwd"))

CSP = ("default-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'; object-src 'none'")


class WebStaticTest(TransitdTestCase):
    extra_config = 'web_root = "%s"\n' % ROOT

    def web(self, path, method="GET", headers=None):
        return self.d.request(method, path, headers=headers, undocumented=True)

    def head_then_health(self, path):
        """HEAD path then GET /health on one keep-alive connection: the
        first answer's headers, and all that follows them."""
        with socket.create_connection(("127.0.0.1", self.d.port), timeout=10) as s:
            s.sendall(b"HEAD " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        return data.split(b"\r\n\r\n", 1)

    def assertSecure(self, r):
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.header("Referrer-Policy"), "no-referrer")
        self.assertIn("frame-ancestors 'none'", r.header("Content-Security-Policy"))

    def test_index_at_root_is_revalidated(self):
        r = self.web("/")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, INDEX)
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "no-cache")
        self.assertEqual(r.header("Content-Security-Policy"), CSP)
        self.assertSecure(r)
        etag = r.header("ETag")
        self.assertRegex(etag, r'^"[0-9a-f]{16}"$')
        again = self.web("/", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, "")
        self.assertEqual(self.web("/", headers={"If-None-Match": 'W/' + etag}).status, 304)
        self.assertEqual(self.web("/", headers={"If-None-Match": '"0000000000000000"'}).status, 200)

    def test_hashed_assets_cached_for_a_year(self):
        r = self.web("/assets/app-3f9a1c.js")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, FILES["assets/app-3f9a1c.js"])
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "public, max-age=31536000, immutable")
        self.assertSecure(r)
        css = self.web("/assets/style-77aa.css")
        self.assertEqual(css.header("Content-Type"), "text/css; charset=utf-8")
        svg = self.web("/favicon.svg")
        self.assertEqual(svg.header("Content-Type"), "image/svg+xml")
        self.assertEqual(svg.header("Cache-Control"), "no-cache")

    def test_client_routes_answer_the_index(self):
        for path in ("/households", "/households/12", "/conventions/3/timeline", "/admin/users"):
            r = self.web(path)
            self.assertEqual((r.status, r.body), (200, INDEX), path)
            self.assertEqual(r.header("Cache-Control"), "no-cache", path)

    def test_missing_files_are_404_not_the_index(self):
        # a stale page asking an old bundle must not get HTML as a script
        for path in ("/assets/app-old.js", "/robots.txt", "/assets/missing.css"):
            r = self.web(path)
            self.assertEqual(r.status, 404, path)
            self.assertEqual(r.header("Content-Type"), "application/problem+json", path)
            self.assertSecure(r)

    def test_head_answers_headers_only(self):
        r = self.web("/assets/app-3f9a1c.js", method="HEAD")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        # on one keep-alive connection, the HEAD's answer has no body: the
        # next answer starts right after its headers
        head, rest = self.head_then_health(b"/assets/app-3f9a1c.js")
        self.assertTrue(head.startswith(b"HTTP/1.1 200"), head)
        self.assertNotIn(b"transitd", rest.split(b"HTTP/1.1", 1)[0])
        self.assertTrue(rest.startswith(b"HTTP/1.1 200"), rest[:200])
        self.assertIn(b"alive", rest)
        self.assertIn(b"\r\nContent-Length: %d\r\n" % len(FILES["assets/app-3f9a1c.js"]), head)

    def test_head_of_the_api_sends_no_body_either(self):
        # /health (answered by the loop) and an API path (405 problem)
        for path in (b"/health", b"/api/v1/units"):
            head, rest = self.head_then_health(path)
            self.assertTrue(rest.startswith(b"HTTP/1.1 200"), (path, rest[:200]))

    def test_paths_that_never_reach_a_file(self):
        # a link out of the tree is not a file: "/passwd" is a client route
        r = self.web("/passwd")
        self.assertEqual((r.status, r.body), (200, INDEX))
        for path in ("/.env", "/assets/.hidden.js", "/../etc/passwd",
                     "/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc/passwd", "/./index.html",
                     "/assets%5capp-3f9a1c.js"):
            r = self.web(path)
            self.assertNotIn("SECRET", r.body, path)
            self.assertNotIn("root:", r.body, path)
            self.assertIn(r.status, (400, 404), path)

    def test_other_methods_are_the_apis(self):
        r = self.d.request("POST", "/", body={}, undocumented=True)
        self.assertIn(r.status, (404, 405))
        self.assertEqual(r.header("Content-Type"), "application/problem+json")

    def test_api_answers_carry_the_security_headers(self):
        r = self.get("/api/v1/units")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertEqual(r.header("Content-Security-Policy"), CSP)
        self.assertSecure(r)
        # the API's own 404 is unchanged: the web application does not own /api/
        r = self.get("/api/v1/nothing-here", undocumented=True)
        self.assertEqual(r.status, 404)
        self.assertEqual(r.header("Content-Type"), "application/problem+json")
        health = self.web("/health")
        self.assertEqual(health.status, 200)
        self.assertIn("alive", health.body)

    def test_pdf_answers_may_be_shown_by_the_browser(self):
        # a PDF keeps frame-ancestors only: the browser's viewer is not this origin
        set_operator_profile(self, LETTERHEAD)
        self.post("/api/v1/buildings", {"name": "B", "street": "Rue Haute", "house_number": "1",
                                        "postal_code": "5000", "commune": "Namur",
                                        "has_common_parts": False})
        uid = self.sql("SELECT max(id) FROM buildings")
        r = self.get("/api/v1/buildings/%s/logbook.pdf" % uid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertEqual(r.header("Content-Security-Policy"), "frame-ancestors 'none'")
        self.assertSecure(r)


class WebAbsentTest(TransitdTestCase):
    """Without a built application the API alone is served: / is the API's 404."""
    extra_config = 'web_root = "%s"\n' % os.path.join(ROOT, "not-built")

    def test_root_is_a_404_problem_and_the_log_says_why(self):
        r = self.d.request("GET", "/", undocumented=True)
        self.assertEqual(r.status, 404)
        self.assertEqual(r.header("Content-Type"), "application/problem+json")
        self.assertIn("event=web_absent", self.d.read_log())


if __name__ == "__main__":
    unittest.main()
