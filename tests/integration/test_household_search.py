"""GET /api/v1/households?q=: finding a household as you type (issue 15
item 1): case- and accent-insensitive, by a member's name, the reference or
(for the roles that read them) a national register number; ranked; another
operator's households never; bad queries refused."""
import unittest
import urllib.parse

from harness import TransitdTestCase
from household_api import CLOCK, HouseholdBuilder, person

NRN = "85073000259"  # born 1985-07-30, sequence 002: a woman


class HouseholdSearch(TransitdTestCase):
    extra_config = CLOCK

    def setUp(self):
        if getattr(type(self), "built", False):
            return
        b = HouseholdBuilder(self, "2026-BEN")
        b.member(person("Amina", "1985-07-30", "F", last_name="Benali",
                        national_register_number=NRN))
        type(self).benali = b.id
        d = HouseholdBuilder(self, "2026-DUP")
        d.member(person("Émile", "1970-02-01", last_name="Dupont"))
        d.member(person("Benoît", "1972-03-04", relation="partner", last_name="Dupont"))
        type(self).dupont = d.id
        x = HouseholdBuilder(self, "2025-017")
        x.member(person("Zoé", "1990-05-06", "F", last_name="Marchal"))
        x.member(person("Alice", "1992-07-08", "F", relation="partner", last_name="Marchal"))
        type(self).marchal = x.id
        type(self).built = True

    def search(self, q, role="operator", extra=""):
        r = self.get("/api/v1/households?q=%s%s" % (urllib.parse.quote(q), extra), role=role)
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertIsNone(body["next_after"])
        return [h["id"] for h in body["items"]]

    def test_case_and_accents_do_not_matter(self):
        for q in ("Amína", "amina", "BENALI", "bénali", "AMINA BENALI"):
            self.assertEqual(self.search(q), [self.benali], q)
        self.assertEqual(self.search("emile"), [self.dupont])
        self.assertEqual(self.search("ZOE"), [self.marchal])

    def test_as_you_type_and_ranked(self):
        # "ben" starts Benali's name and Benoît's: both, each household once
        self.assertEqual(sorted(self.search("ben")), sorted([self.benali, self.dupont]))
        # a word starting with the text ("Alice") comes before the text
        # inside a word ("Benali"), whatever the ids
        self.assertEqual(self.search("ali"), [self.marchal, self.benali])
        # a typo still finds the name (trigram similarity)
        self.assertEqual(self.search("Benalli"), [self.benali])
        # the reference
        self.assertEqual(self.search("2025-017"), [self.marchal])
        # the two references starting with 2026 first; a near one ("2025-…",
        # alike by trigrams) may follow, never before
        self.assertEqual(sorted(self.search("2026")[:2]), sorted([self.benali, self.dupont]))
        # wildcards are text, not patterns
        self.assertEqual(self.search("%%"), [])
        self.assertEqual(self.search("__"), [])
        self.assertEqual(self.search("%a%"), [])
        # two characters: only words starting with them ("Amina", not "Benali")
        self.assertEqual(self.search("am"), [self.benali])
        self.assertEqual(self.search("li"), [])
        # limit
        r = self.get("/api/v1/households?q=2026&limit=1", role="operator").json()
        self.assertEqual((len(r["items"]), r["limit"]), (1, 1))

    def test_national_register_number_only_for_the_roles_that_read_it(self):
        for q in (NRN, "85.07.30-002.59", "850730"):
            for role in ("operator", "social_worker", "admin"):
                self.assertEqual(self.search(q, role), [self.benali], (q, role))
            # the accountant and the auditor get the number masked: searching
            # by it would let them probe it
            for role in ("accountant", "auditor"):
                self.assertEqual(self.search(q, role), [], (q, role))
        self.assertEqual(self.search("85073"), [])  # fewer than 6 digits: no number search
        self.assertEqual(self.search("99999999999"), [])

    def test_another_operator_finds_nothing(self):
        self.d.cli("operator", "add", "CPAS Voisin")
        tok = self.d.cli("user", "add", "voisin-s", "--role", "operator", "--operator",
                         "CPAS Voisin").stdout.split("token: ")[1].strip()
        r = self.d.request("GET", "/api/v1/households?q=benali", token=tok)
        self.assertEqual((r.status, r.json()["items"]), (200, []))

    def test_bad_queries(self):
        for path in ("/api/v1/households?q=", "/api/v1/households?q=a",
                     "/api/v1/households?q=%C3%A9", "/api/v1/households?q=" + "x" * 101,
                     "/api/v1/households?q=a%0Ab", "/api/v1/households?q=ben&after=3",
                     "/api/v1/households?q=ben&reference=2026-BEN",
                     "/api/v1/households?q=ben&last_name=Benali",
                     "/api/v1/households?q=%ZZ"):
            p = self.assertProblem(self.get(path, role="operator"), 400, "invalid-query")
            self.assertTrue(p["errors"], path)


if __name__ == "__main__":
    unittest.main()
