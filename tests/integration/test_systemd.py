"""The shipped unit file is accepted by systemd-analyze verify and keeps its
hardening; the daemon speaks the sd_notify protocol (READY=1, STOPPING=1)."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import unittest

from harness import BIN, Daemon, TransitdTestCase, sanitizer_env

SRC = os.environ.get("TRANSITD_SOURCE_DIR", "../..")


class UnitFile(unittest.TestCase):
    def test_systemd_analyze_verify_accepts_the_unit(self):
        self.assertIsNotNone(shutil.which("systemd-analyze"), "systemd-analyze is required")
        with open(os.path.join(SRC, "systemd", "transitd.service")) as f:
            unit = f.read()
        for directive in ("Type=notify", "ProtectSystem=strict", "NoNewPrivileges=yes",
                          "PrivateTmp=yes", "RestrictAddressFamilies=",
                          "SystemCallFilter=@system-service"):
            self.assertIn(directive, unit)
        # verify checks that the binaries exist: point them at this build.
        d = tempfile.mkdtemp()
        unit = unit.replace("/usr/local/bin/transitd", os.path.abspath(BIN))
        path = os.path.join(d, "transitd.service")
        with open(path, "w") as f:
            f.write(unit)
        r = subprocess.run(["systemd-analyze", "verify", "--man=no", path],
                           capture_output=True, text=True)
        shutil.rmtree(d)
        problems = [l for l in r.stderr.splitlines()
                    if "transitd.service" in l and "Unit transitd.service" not in l]
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(problems, [], r.stderr)


class Notify(TransitdTestCase):
    def test_ready_and_stopping_are_notified(self):
        self.d.stop()
        d = tempfile.mkdtemp()
        path = os.path.join(d, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(30)
        os.environ["NOTIFY_SOCKET"] = path
        try:
            self.d.start()
        finally:
            del os.environ["NOTIFY_SOCKET"]
        self.assertEqual(sock.recv(100), b"READY=1")
        self.d.stop()
        self.assertEqual(sock.recv(100), b"STOPPING=1")
        sock.close()
        shutil.rmtree(d)
        self.d.start()


if __name__ == "__main__":
    unittest.main()
