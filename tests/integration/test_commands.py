"""The administration commands (issue 14 item 6: their SQL moved from
daemon/main.c to api/admin.c): what each prints, its exit code and its
audit row, success and failure, as before the move."""
import json
import re
import unittest

from harness import TransitdTestCase


class Commands(TransitdTestCase):
    def audit(self, action):
        """The last audit row of action: user, request id, entity id, after."""
        return self.sql("SELECT coalesce(user_id::text, '-') || ' ' || request_id || ' '"
                        " || entity_id || ' ' || after::text FROM audit_log"
                        " WHERE action = '%s' ORDER BY id DESC LIMIT 1" % action)

    def test_operator_add(self):
        r = self.d.cli("operator", "add", "CPAS de Commande")
        m = re.fullmatch(r"operator id: (\d+)\n", r.stdout)
        self.assertIsNotNone(m, r.stdout)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertEqual(self.audit("operator.create"),
                         '- cli %s {"id": %s, "name": "CPAS de Commande"}'
                         % (m.group(1), m.group(1)))
        # the name is unique: the database's 409 problem, exit code 1, after
        # the log line of the database error (request id "cli")
        r = self.d.cli("operator", "add", "CPAS de Commande", check=False)
        self.assertEqual((r.returncode, r.stdout), (1, ""))
        log, said = r.stderr.splitlines()
        self.assertIn("event=db_error request_id=cli sqlstate=23505", log)
        self.assertTrue(said.startswith("transitd: cannot add operator: {"), said)
        problem = json.loads(said[len("transitd: cannot add operator: "):])
        self.assertEqual(problem["status"], 409)

    def test_user_add_and_rotate(self):
        self.d.cli("operator", "add", "CPAS du Token")
        r = self.d.cli("user", "add", "compta-token", "--role", "accountant", "--operator",
                       "CPAS du Token", "--email", "compta@example.invalid")
        m = re.fullmatch(r"token: (tdk_[0-9a-f]{64})\n", r.stdout)
        self.assertIsNotNone(m, r.stdout)
        self.assertEqual(r.stderr, "")
        row = self.audit("user.create").split(" ", 3)
        self.assertEqual(row[:2], ["-", "cli"])
        after = json.loads(row[3])
        self.assertEqual((after["name"], after["role"], after["email"]),
                         ("compta-token", "accountant", "compta@example.invalid"))
        self.assertNotIn("token_hash", after)
        r = self.d.request("GET", "/api/v1/alerts", token=m.group(1))
        self.assertEqual(r.status, 200)
        r = self.d.cli("user", "rotate", "compta-token", "--operator", "CPAS du Token")
        new = re.fullmatch(r"token: (tdk_[0-9a-f]{64})\n", r.stdout)
        self.assertIsNotNone(new, r.stdout)
        self.assertNotEqual(new.group(1), m.group(1))
        self.assertEqual(self.audit("user.rotate_token").split(" ", 3)[:2], ["-", "cli"])

    def test_user_refusals(self):
        r = self.d.cli("user", "add", "x", "--role", "chef", check=False)
        self.assertEqual((r.returncode, r.stdout), (2, ""))
        self.assertIn("--role must be one of", r.stderr)
        r = self.d.cli("user", "rotate", "personne", "--operator", "CPAS de Test", check=False)
        self.assertEqual((r.returncode, r.stdout, r.stderr),
                         (1, "", "transitd: no user named 'personne' for this operator\n"))
        r = self.d.cli("user", "add", "x", "--role", "auditor", "--operator", "Nulle part",
                       check=False)
        self.assertEqual((r.returncode, r.stderr),
                         (1, "transitd: no such operator (create one with 'transitd operator"
                             " add NAME')\n"))

    def test_parameter_add_refused_prints_the_problem(self):
        r = self.d.cli("parameter", "add", "Bad-Key", "2030-02-30", "x", "--unit", "",
                       "--confirmed", "maybe", check=False)
        self.assertEqual((r.returncode, r.stdout), (1, ""))
        problem = json.loads(r.stderr)
        self.assertEqual(problem["status"], 422)
        self.assertEqual([(e["field"], e["code"]) for e in problem["errors"]],
                         [("key", "invalid"), ("valid_from", "invalid"), ("value", "invalid"),
                          ("unit", "required"), ("confirmed", "enum")])


if __name__ == "__main__":
    unittest.main()
