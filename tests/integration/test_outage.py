"""Database outage: PostgreSQL stopped under the daemon gives 503 problems
(no hang, no crash); started again, the daemon serves without a restart.
This test owns its cluster, so stopping it disturbs no other test."""
import threading
import time
import unittest

from harness import PrivateClusterCase


class Outage(PrivateClusterCase):
    role = "auditor"

    def call(self):
        return self.d.request("GET", "/api/v1/parameters?key=period_months&date=2026-01-01",
                              token=self.token, timeout=15)

    def test_stop_and_start_postgresql_under_load(self):
        self.assertEqual(self.call().status, 200)
        statuses = []
        stop = threading.Event()

        def load():
            while not stop.is_set():
                t0 = time.time()
                r = self.call()
                statuses.append((r.status, time.time() - t0, r.header("Content-Type")))

        threads = [threading.Thread(target=load) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        self.pg.stop()
        time.sleep(1.5)
        down = self.call()
        self.assertEqual(down.status, 503, down)
        self.assertEqual(down.header("Content-Type"), "application/problem+json")
        self.assertEqual(self.d.request("GET", "/ready").status, 503)
        self.assertEqual(self.d.request("GET", "/health").status, 200)
        self.pg.start()
        deadline = time.time() + 20
        up = None
        while time.time() < deadline:
            up = self.call()
            if up.status == 200:
                break
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join(30)
        self.assertEqual(up.status, 200, up)
        self.assertEqual(up.json()["value"], "6.00")
        # every request was answered, with success or a 503 problem, quickly
        self.assertTrue(statuses)
        for status, seconds, ctype in statuses:
            self.assertIn(status, (200, 503))
            if status == 503:
                self.assertEqual(ctype, "application/problem+json")
            self.assertLess(seconds, 10)
        self.assertIn(503, [s for s, _, _ in statuses])
        # once recovered, every worker's connection serves again
        for _ in range(12):
            self.assertEqual(self.call().status, 200)
        self.assertEqual(self.d.request("GET", "/ready").status, 200)


if __name__ == "__main__":
    unittest.main()
