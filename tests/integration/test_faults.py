"""Fault tests: PostgreSQL restarted under a write load loses no
acknowledged write; PostgreSQL crashing under payments loses no
acknowledged payment and leaves no gap in the receipt numbers; slow
clients holding connections do not starve the others; a list of 10 000
rows is served page by page, never at once."""
import socket
import subprocess
import threading
import time
import unittest

from harness import PrivateClusterCase, TransitdTestCase, psql
from test_units import UNIT


class RestartUnderWrites(PrivateClusterCase):
    """Owns its cluster (with fsync on): stopping it disturbs no other test."""

    fsync = "on"
    extra_config = "scheduler_interval_seconds = 0\n"

    def test_every_acknowledged_write_survives_a_restart(self):
        acknowledged, statuses = [], []
        stop = threading.Event()
        lock = threading.Lock()

        def writer(n):
            i = 0
            while not stop.is_set():
                i += 1
                name = "w%d-%d" % (n, i)
                try:
                    r = self.d.request("POST", "/api/v1/units", body=dict(UNIT, name=name),
                                       token=self.token, timeout=15)
                except OSError:
                    continue
                with lock:
                    statuses.append(r.status)
                    if r.status == 201:
                        acknowledged.append((r.json()["id"], name))

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        self.pg.stop()
        time.sleep(1.0)
        self.pg.start()
        time.sleep(1.5)
        stop.set()
        for t in threads:
            t.join(30)
        self.assertIn(503, statuses)
        self.assertTrue(set(statuses) <= {201, 503}, set(statuses))
        self.assertGreater(len(acknowledged), 10)
        self.assertIsNone(self.d.proc.poll(), "the daemon must not exit")
        # every write the daemon acknowledged is there after the restart
        stored = subprocess.run(["psql", self.dsn, "-Atc", "SELECT id || ' ' || name FROM units"],
                                capture_output=True, text=True, check=True).stdout.split("\n")
        stored = {tuple(line.split(" ", 1)) for line in stored if line}
        missing = [a for a in acknowledged if (str(a[0]), a[1]) not in stored]
        self.assertEqual(missing, [])


class CrashUnderPayments(PrivateClusterCase):
    """Payments commit without waiting for the disk and are acknowledged
    only after a flush (sql/011): a crash of PostgreSQL (immediate
    shutdown, unwritten WAL lost) must lose no acknowledged payment, and
    the receipt numbers must stay gapless. Owns its cluster, fsync on."""

    fsync = "on"
    extra_config = ("scheduler_interval_seconds = 0\ntesting = true\n"
                    "testing_today = 2026-03-10\n")
    role = "accountant"

    @classmethod
    def setUpData(cls):
        psql(cls.dsn, "INSERT INTO households (operator_id, reference) SELECT id, 'H' || g"
                      " FROM operators, generate_series(1, 20) g")
        cls.households = [int(x) for x in psql(cls.dsn, "SELECT id FROM households ORDER BY id")
                          .stdout.split()]

    def pay(self, key, n):
        return self.d.request("POST", "/api/v1/payments", token=self.token, timeout=15,
                              headers={"Idempotency-Key": key},
                              body={"household_id": self.households[n % 20],
                                    "paid_on": "2026-03-10", "amount_cents": 1000 + n,
                                    "method": "transfer", "payer": "P%d" % n})

    def test_no_acknowledged_payment_is_lost_in_a_crash(self):
        acknowledged, unanswered = {}, []
        stop = threading.Event()
        lock = threading.Lock()

        def writer(w):
            i = 0
            while not stop.is_set():
                i += 1
                key, n = "crash-%d-%d" % (w, i), w * 100000 + i
                try:
                    r = self.pay(key, n)
                except OSError:
                    r = None
                with lock:
                    if r is not None and r.status == 201:
                        acknowledged[key] = (r.json()["id"], r.json()["receipt"]["number"])
                    else:
                        unanswered.append((key, n))

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        self.pg.crash()
        time.sleep(0.5)
        self.pg.start()
        time.sleep(1.5)
        stop.set()
        for t in threads:
            t.join(30)
        self.assertGreater(len(acknowledged), 50)
        self.assertTrue(unanswered, "the crash interrupted no payment")
        # every acknowledged payment is there, with the receipt it was given
        rows = psql(self.dsn, "SELECT p.id || ' ' || 'R-' || r.year || '-' ||"
                    " lpad(r.number::text, 6, '0') FROM payments p"
                    " JOIN receipts r ON r.payment_id = p.id").stdout.split("\n")
        stored = {tuple(x.split(" ")) for x in rows if x}
        missing = [k for k, (pid, number) in acknowledged.items()
                   if (str(pid), number) not in stored]
        self.assertEqual(missing, [])
        # retried with their keys, the others are recorded once
        for key, n in unanswered:
            self.assertIn(self.pay(key, n).status, (200, 201))
        total = psql(self.dsn, "SELECT count(*) FROM payments").stdout.strip()
        self.assertEqual(int(total), len(acknowledged) + len(unanswered))
        gaps = psql(self.dsn, "SELECT count(*) FROM (SELECT number - lag(number, 1, 0)"
                    " OVER (ORDER BY number) AS d FROM receipts WHERE year = 2026) x"
                    " WHERE d <> 1").stdout.strip()
        self.assertEqual(gaps, "0")


class SlowClients(TransitdTestCase):
    extra_config = "http_timeout_seconds = 2\nworkers = 2\nscheduler_interval_seconds = 0\n"

    def test_slow_clients_do_not_starve_the_others(self):
        slow = []
        for _ in range(64):
            s = socket.create_connection(("127.0.0.1", self.d.port))
            s.sendall(b"GET /api/v1/version HTTP/1.1\r\nHost: x\r\n")  # never finished
            slow.append(s)
        t0 = time.time()
        for _ in range(20):
            self.assertEqual(self.get("/api/v1/version").status, 200)
        self.assertLess(time.time() - t0, 10)
        # the server closes them once the timeout has passed
        time.sleep(3.5)
        closed = 0
        for s in slow:
            s.settimeout(3)
            try:
                while s.recv(1024):  # an error reply, if any, then end of stream
                    pass
                closed += 1
            except ConnectionResetError:
                closed += 1
            except socket.timeout:
                pass  # still open: the timeout did not apply
            s.close()
        self.assertEqual(closed, 64)


class LargeList(TransitdTestCase):
    extra_config = "scheduler_interval_seconds = 0\n"

    def test_ten_thousand_units_are_served_page_by_page(self):
        op = self.sql("SELECT id FROM operators LIMIT 1")
        self.sql("INSERT INTO units (operator_id, name, kind, street, house_number, postal_code,"
                 " commune, base_indemnity_cents) SELECT %s, 'u' || g, 'studio', 'Rue', '1',"
                 " '5000', 'Namur', 30000 FROM generate_series(1, 10000) g" % op)
        self.assertProblem(self.get("/api/v1/units?limit=10000"), 400, "invalid-query")
        first = self.get("/api/v1/units").json()
        self.assertEqual(len(first["items"]), 50)
        seen, after, pages = 0, 0, 0
        while True:
            page = self.get("/api/v1/units?limit=200&after=%d" % after).json()
            self.assertLessEqual(len(page["items"]), 200)
            seen += len(page["items"])
            pages += 1
            if page["next_after"] is None:
                break
            after = page["next_after"]
        self.assertEqual(seen, 10000)
        self.assertEqual(pages, 51)


if __name__ == "__main__":
    unittest.main()
