"""The production reverse proxy, conf/nginx-transitd.conf, tested for real
(issue 13, item 4): the test makes a self-signed certificate, starts
Debian's nginx with the shipped file (ports, certificate and upstream
replaced) in front of the daemon, sends requests through it over TLS, and
the request-smuggling variants must be refused before they change
anything."""
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import unittest

from harness import TransitdTestCase, free_port
from household_api import BIG_UNIT

SRC = os.environ.get("TRANSITD_SOURCE_DIR", "../..")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def substitute(text, old, new):
    if text.count(old) < 1:
        raise AssertionError("conf/nginx-transitd.conf no longer contains %r" % old)
    return text.replace(old, new)


class ThroughNginx(TransitdTestCase):
    extra_config = "scheduler_interval_seconds = 0\n"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="transitd-nginx-")
        # nginx's workers (nobody, when the test runs as root) use the temp dirs
        os.chmod(cls.dir, 0o755)
        for sub in ("tmp",):
            os.mkdir(os.path.join(cls.dir, sub))
            os.chmod(os.path.join(cls.dir, sub), 0o777)
        cert = os.path.join(cls.dir, "cert.pem")
        key = os.path.join(cls.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        cls.https_port = free_port()
        cls.http_port = free_port()
        with open(os.path.join(SRC, "conf", "nginx-transitd.conf")) as f:
            site = f.read()
        site = substitute(site, "server 127.0.0.1:8080;", "server 127.0.0.1:%d;" % cls.d.port)
        site = substitute(site, "listen 443 ssl;", "listen 127.0.0.1:%d ssl;" % cls.https_port)
        site = substitute(site, "listen 80;", "listen 127.0.0.1:%d;" % cls.http_port)
        site = substitute(site, "listen [::]:443 ssl;", "")  # no IPv6 needed on the test machine
        site = substitute(site, "listen [::]:80;", "")
        site = substitute(site, "/etc/ssl/transitd/fullchain.pem", cert)
        site = substitute(site, "/etc/ssl/transitd/privkey.pem", key)
        with open(os.path.join(cls.dir, "transitd.conf"), "w") as f:
            f.write(site)
        tmp = os.path.join(cls.dir, "tmp")
        main = """
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {t}/body;
    proxy_temp_path {t}/proxy;
    fastcgi_temp_path {t}/fastcgi;
    uwsgi_temp_path {t}/uwsgi;
    scgi_temp_path {t}/scgi;
    include {d}/transitd.conf;
}}
""".format(d=cls.dir, t=tmp)
        with open(os.path.join(cls.dir, "nginx.conf"), "w") as f:
            f.write(main)
        cls.nginx_log = open(os.path.join(cls.dir, "nginx.out"), "wb")
        cls.nginx = subprocess.Popen([NGINX, "-p", cls.dir, "-c",
                                      os.path.join(cls.dir, "nginx.conf"), "-g", "daemon off;"],
                                     stdout=cls.nginx_log, stderr=subprocess.STDOUT)
        cls.tls = ssl.create_default_context(cafile=cert)
        deadline = time.time() + 15
        while True:
            if cls.nginx.poll() is not None:
                cls.tearDownClass()
                raise AssertionError("nginx exited: " + cls.nginx_output())
            try:
                socket.create_connection(("127.0.0.1", cls.https_port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    cls.tearDownClass()
                    raise AssertionError("nginx did not start: " + cls.nginx_output())
                time.sleep(0.05)

    @classmethod
    def nginx_output(cls):
        out = ""
        for name in ("nginx.out", "error.log"):
            p = os.path.join(cls.dir, name)
            if os.path.exists(p):
                with open(p, errors="replace") as f:
                    out += f.read()
        return out

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "nginx", None) is not None and cls.nginx.poll() is None:
            cls.nginx.terminate()
            try:
                cls.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                cls.nginx.kill()
                cls.nginx.wait()
        if getattr(cls, "nginx_log", None) is not None:
            cls.nginx_log.close()
        shutil.rmtree(getattr(cls, "dir", ""), ignore_errors=True)
        super().tearDownClass()

    def exchange(self, data, port=None, use_tls=True, timeout=10):
        """Raw bytes through nginx; returns (status, head, body)."""
        raw = socket.create_connection(("127.0.0.1", port or self.https_port), timeout=timeout)
        s = self.tls.wrap_socket(raw, server_hostname="localhost") if use_tls else raw
        try:
            s.sendall(data)
            buf = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except (ConnectionResetError, ssl.SSLError, socket.timeout):
                    break
                if not chunk:
                    break
                buf += chunk
                head, sep, rest = buf.partition(b"\r\n\r\n")
                if sep:
                    n = [int(l.split(b":", 1)[1]) for l in head.split(b"\r\n")
                         if l.lower().startswith(b"content-length:")]
                    if n and len(rest) >= n[0]:
                        break
            head, _, body = buf.partition(b"\r\n\r\n")
            status = int(head.split(b" ")[1]) if head else None
            return status, head.decode("latin-1"), body.decode("utf-8", "replace")
        finally:
            s.close()

    def request(self, method, path, body=None, token=None, headers=None):
        h = {"Host": "localhost", "Connection": "close"}
        if token:
            h["Authorization"] = "Bearer " + token
        data = b""
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
            h["Content-Length"] = str(len(data))
        h.update(headers or {})
        req = "%s %s HTTP/1.1\r\n" % (method, path) + "".join(
            "%s: %s\r\n" % kv for kv in h.items()) + "\r\n"
        return self.exchange(req.encode() + data)

    def units(self):
        return int(self.sql("SELECT count(*) FROM units"))

    def test_requests_pass_through_tls(self):
        status, head, body = self.request("GET", "/health")
        self.assertEqual(status, 200, head)
        self.assertIn("Strict-Transport-Security", head)
        status, head, body = self.request("GET", "/api/v1/version",
                                          token=self.tokens["auditor"])
        self.assertEqual(status, 200, head + body)
        status, head, body = self.request("GET", "/api/v1/version")
        self.assertEqual(status, 401, head + body)
        self.assertIn("application/problem+json", head)
        # a mutation: body, Authorization, then If-Match with the ETag read
        status, head, body = self.request("POST", "/api/v1/units", body=BIG_UNIT,
                                          token=self.tokens["operator"])
        self.assertEqual(status, 201, head + body)
        unit = json.loads(body)
        status, head, body = self.request("GET", "/api/v1/operator",
                                          token=self.tokens["admin"])
        etag = [l.split(":", 1)[1].strip() for l in head.split("\r\n")
                if l.lower().startswith("etag:")][0]
        status, head, body = self.request("PUT", "/api/v1/operator",
                                          body={"name": "CPAS de Test"},
                                          token=self.tokens["admin"],
                                          headers={"If-Match": "W/" + etag})
        self.assertEqual(status, 412, head + body)  # weak: never a match
        self.assertIn("application/problem+json", head)
        status, head, body = self.request("PUT", "/api/v1/operator",
                                          body={"name": "CPAS de Test"},
                                          token=self.tokens["admin"],
                                          headers={"If-Match": etag})
        self.assertEqual(status, 200, head + body)
        self.assertTrue(unit["id"] > 0)

    def test_plain_http_is_redirected(self):
        status, head, _ = self.exchange(b"GET /health HTTP/1.1\r\nHost: localhost\r\n"
                                        b"Connection: close\r\n\r\n", port=self.http_port,
                                        use_tls=False)
        self.assertEqual(status, 301, head)
        self.assertIn("Location: https://localhost/health", head)

    def smuggle(self, headers, body):
        before = self.units()
        data = json.dumps(BIG_UNIT).encode()
        req = (b"POST /api/v1/units HTTP/1.1\r\nHost: localhost\r\n"
               b"Authorization: Bearer " + self.tokens["operator"].encode() + b"\r\n"
               b"Content-Type: application/json\r\n" + headers + b"\r\n" + body(data))
        status, head, text = self.exchange(req)
        self.assertEqual(self.units(), before, "the smuggled request was recorded")
        return status, head + text

    def test_two_content_lengths_are_refused(self):
        status, text = self.smuggle(b"Content-Length: %d\r\nContent-Length: 5\r\n" % len(
            json.dumps(BIG_UNIT)), lambda d: d)
        self.assertEqual(status, 400, text)

    def test_space_before_the_colon_is_refused(self):
        status, text = self.smuggle(b"Transfer-Encoding : chunked\r\n",
                                    lambda d: b"%x\r\n" % len(d) + d + b"\r\n0\r\n\r\n")
        self.assertEqual(status, 400, text)

    def test_content_length_and_transfer_encoding_are_refused(self):
        status, text = self.smuggle(b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
                                    lambda d: b"%x\r\n" % len(d) + d + b"\r\n0\r\n\r\n")
        self.assertEqual(status, 400, text)

    def test_absurd_content_length_is_refused_at_once(self):
        t0 = time.time()
        status, text = self.smuggle(b"Content-Length: 99999999999999999999\r\n", lambda d: d)
        self.assertIn(status, (400, 413), text)
        self.assertLess(time.time() - t0, 3)

    def test_body_over_the_limit_is_413(self):
        status, text = self.smuggle(b"Content-Length: 2000000\r\n",
                                    lambda d: b"x" * 2000000)
        self.assertEqual(status, 413, text)


if __name__ == "__main__":
    unittest.main()
