"""Documents over HTTP (issue 8): the operator's profile they print, the
convention, the carnet de bord of a unit (60 entries over several pages) and
of a building, the notice letters, the attestation of occupancy and the
three letters whose texts come with the request. Each PDF is checked with
qpdf and read back with pdftotext (accents, names, amounts, dates); its first
page is kept as a PNG (pdftoppm) under TRANSITD_DOC_ARTIFACTS (by default
/tmp/transitd-documents), one folder per test class, to be looked at."""
import http.client
import json
import os
import re
import subprocess
import tempfile

from household_api import assessed, current, person
from test_conventions import ConventionCase

ARTIFACTS = os.environ.get("TRANSITD_DOC_ARTIFACTS",
                           os.path.join(tempfile.gettempdir(), "transitd-documents"))

PROFILE = {
    "name": "CPAS de Test", "street": "Rue de l'Hôpital", "house_number": "12",
    "box": "3", "postal_code": "5000", "commune": "Namur", "place": "Namur",
    "contact": "081 33 44 55 – logement@cpas.invalid",
    "signatory_name": "Françoise Lemaître", "signatory_role": "Directrice générale",
    "iban": "be68 5390 0754 7034", "ogm_base": 1000000000,
}

DOCUMENT_FIELDS = ["commune", "house_number", "iban", "ogm_base", "place", "postal_code",
                   "signatory_name", "signatory_role", "street"]


class Pdf:
    """A fetched response: status, headers and the raw body."""

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:300])


class DocumentCase(ConventionCase):
    """Fetching, checking and reading PDFs."""

    def fetch(self, method, path, role="operator", body=None, token=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.d.port, timeout=60)
        headers = {"Authorization": "Bearer " + (token or self.tokens[role])}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            return Pdf(r.status, r.getheaders(), r.read())
        finally:
            conn.close()

    def problem(self, r, status, type_suffix):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.header("Content-Type"), "application/problem+json")
        p = r.json()
        self.assertTrue(p["type"].endswith("/" + type_suffix), p)
        return p

    def pdf(self, r, filename):
        """Checks a PDF answer; returns its path on disk and keeps its first page as PNG."""
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertEqual(r.header("Content-Disposition"),
                         'attachment; filename="%s"' % filename)
        self.assertTrue(r.body.startswith(b"%PDF-"))
        folder = os.path.join(ARTIFACTS, type(self).__name__)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, filename)
        with open(path, "wb") as f:
            f.write(r.body)
        check = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", path,
                        path[:-4]], check=True)
        return path

    def text(self, path, page=None):
        """pdftotext of the document or one page, spaces normalised (the
        documents use no-break spaces in amounts and dates)."""
        args = ["pdftotext", "-layout", "-enc", "UTF-8"]
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        out = subprocess.run(args + [path, "-"], capture_output=True, check=True).stdout
        text = out.decode("utf-8").replace("\u00a0", " ").replace("\u202f", " ")
        return re.sub(r"[ \t]+", " ", text)

    def flat(self, path):
        """The text as one line: sentences wrap at the line ends."""
        return re.sub(r"\s+", " ", self.text(path))

    def pages(self, path):
        out = subprocess.run(["qpdf", "--show-npages", path], capture_output=True, text=True,
                             check=True).stdout
        return int(out)

    def set_profile(self, changes=None, drop=()):
        etag = self.fetch("GET", "/api/v1/operator", role="auditor").header("ETag")
        body = dict(PROFILE, **(changes or {}))
        for k in drop:
            body.pop(k)
        r = self.d.request("PUT", "/api/v1/operator", body=body, token=self.tokens["admin"],
                           headers={"If-Match": etag})
        self.assertEqual(r.status, 200, r)
        return r.json()

    def convention(self):
        """A draft convention of C1's calendar for B1's household; (conv, adults, children)."""
        unit = self.unit()
        hh, adults, children = self.household()
        conv = self.ok(self.create(self.check(hh, unit, "2026-01-15")), 201)
        return conv, adults, children


class OperatorProfile(DocumentCase):
    def test_missing_details_then_profile(self):
        conv, _, _ = self.convention()
        doc = "/api/v1/conventions/%d/document.pdf" % conv["id"]
        logbook = "/api/v1/units/%d/logbook.pdf" % conv["unit_id"]

        p = self.problem(self.fetch("GET", doc), 422, "operator-profile-incomplete")
        self.assertEqual(sorted(e["field"] for e in p["errors"]), DOCUMENT_FIELDS)
        self.assertEqual({e["code"] for e in p["errors"]}, {"missing"})
        # the logbook needs no account
        p = self.problem(self.fetch("GET", logbook), 422, "operator-profile-incomplete")
        self.assertNotIn("iban", [e["field"] for e in p["errors"]])

        r = self.get("/api/v1/operator", role="social_worker")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("ETag"), '"1"')
        profile = r.json()
        self.assertEqual((profile["name"], profile["iban"], profile["street"]),
                         ("CPAS de Test", None, None))

        # validated field by field, admin only, If-Match
        put = "/api/v1/operator"
        bad = dict(PROFILE, iban="BE68 5390 0754 7035", postal_code="0999", commune=None,
                   signatory_role="", ogm_base=10000000000, colour="blue")
        r = self.d.request("PUT", put, body=bad, token=self.tokens["admin"],
                           headers={"If-Match": '"1"'})
        p = self.assertProblem(r, 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["colour", "commune", "iban", "ogm_base", "postal_code",
                          "signatory_role"])
        self.assertProblem(self.d.request("PUT", put, body=PROFILE, token=self.tokens["admin"]),
                           428, "precondition-required")
        self.assertProblem(self.d.request("PUT", put, body=PROFILE,
                                          token=self.tokens["operator"],
                                          headers={"If-Match": '"1"'}), 403, "forbidden")
        self.assertProblem(self.d.request("PUT", put, body=PROFILE, token=self.tokens["admin"],
                                          headers={"If-Match": '"7"'}), 412, "stale-version")

        # a profile without the account: letters and logbooks, not the convention
        after = self.set_profile(drop=("iban", "ogm_base"))
        self.assertEqual((after["version"], after["street"], after["iban"]),
                         (2, "Rue de l'Hôpital", None))
        self.pdf(self.fetch("GET", logbook, role="auditor"),
                 "carnet-de-bord-logement-%d.pdf" % conv["unit_id"])
        p = self.problem(self.fetch("GET", doc), 422, "operator-profile-incomplete")
        self.assertEqual(sorted(e["field"] for e in p["errors"]), ["iban", "ogm_base"])
        after = self.set_profile()
        self.assertEqual(after["iban"], "BE68539007547034")
        self.pdf(self.fetch("GET", doc), "convention-%d.pdf" % conv["id"])

        audit = self.sql("SELECT string_agg(action || ':' || entity_id, ',' ORDER BY id)"
                         " FROM audit_log WHERE action = 'operator.update'")
        op = self.sql("SELECT id FROM operators WHERE name = 'CPAS de Test'")
        self.assertEqual(audit, "operator.update:%s,operator.update:%s" % (op, op))
        self.assertEqual(self.sql("SELECT after->>'signatory_name' FROM audit_log"
                                  " WHERE entity = 'operator' ORDER BY id DESC LIMIT 1"),
                         "Françoise Lemaître")


class Documents(DocumentCase):
    def setUp(self):
        if not getattr(type(self), "profiled", False):
            self.set_profile()
            type(self).profiled = True

    def test_convention_letters_and_attestation(self):
        conv, adults, children = self.convention()
        cid = conv["id"]
        base = "/api/v1/conventions/%d" % cid
        worker = int(self.sql("SELECT id FROM users WHERE name = 'social_worker1'"))
        r = self.d.request("PUT", base + "/plan", token=self.tokens["social_worker"], body={
            "worker_user_id": worker, "persons": adults + children,
            "objectives": ["trouver un logement durable à Namur"],
            "initiatives": ["inscription auprès d'une société de logement public",
                            "recherche via l'agence immobilière sociale"],
            "indicators": ["candidatures envoyées chaque mois"],
            "rental_guarantee_target_cents": 90000})
        self.assertEqual(r.status, 201, r)

        # the draft: every party, the unit from its rooms, B1's indemnity, C1's calendar
        path = self.pdf(self.fetch("GET", base + "/document.pdf", role="accountant"),
                        "convention-%d.pdf" % cid)
        text = self.flat(path)
        for want in ("Convention d'occupation précaire",
                     "Logement de transit – convention n° CONV-2026-%04d" % cid,
                     "CPAS de Test", "Rue de l'Hôpital 12, boîte 3", "5000 Namur",
                     "081 33 44 55 – logement@cpas.invalid",
                     "Anne Exemple, née le 30/07/1985", "Marc Exemple",
                     "Léa Exemple, née le 01/05/2020",
                     "solidairement et indivisiblement",
                     "ménage en état de précarité (plusieurs personnes)",
                     "l'appartement situé Rue Haute 12, 5000 Namur (référence Rue Haute 12)",
                     "Sa superficie habitable est de 39,00 m²",
                     "au maximum 4 personnes, dont au plus 3 adultes et au plus 3 enfants",
                     "non meublé",
                     "ne peut en aucun cas constituer un titre de bail",
                     "prend effet le 15/01/2026, pour une première période de 6 mois qui "
                     "prend fin le 14/07/2026",
                     # the plan's table: one line of each cell
                     "– trouver un logement", "durable à Namur",
                     "– recherche via l'agence", "– candidatures envoyées",
                     # a user has only a login, never printed: a line to fill in
                     "dont le suivi est assuré par ……………………………………",
                     "garantie locative de 900,00 €",
                     "L'indemnité mensuelle de base due par l'occupant est fixée à 450,00 €",
                     "Ces revenus s'élèvent à 1 512,37 € par mois",
                     "l'indemnité mensuelle réduite s'élève à 302,47 € (trois cent deux euros "
                     "et quarante-sept centimes)",
                     "entre le 1er et le 5 de chaque mois",
                     "BE68 5390 0754 7034",
                     "Françoise Lemaître", "Directrice générale",
                     "Fait à Namur, le ....../....../............"):
            self.assertIn(want, text)
        # the operator's base plus the convention's id, with its check digits
        ogm = 1000000000 + cid
        self.assertIn("+++100/0000/%03d%02d+++" % (cid, ogm % 97 or 97), text)
        n = self.pages(path)
        self.assertGreater(n, 1)
        for page in range(1, n + 1):
            self.assertIn("page %d / %d" % (page, n), self.text(path, page))

        # no attestation before the household enters, no notice letter before a notice
        p = self.problem(self.fetch("GET", base + "/attestation.pdf"), 422,
                         "document-not-applicable")
        self.assertIn("draft", p["detail"])
        self.problem(self.fetch("GET", base + "/notices/%d/letter.pdf" % adults[0]), 404,
                     "not-found")

        conv = self.ok(self.act(conv, "sign", {"signed_on": "2026-01-05",
                                               "signatories": adults}))
        text = self.flat(self.pdf(self.fetch("GET", base + "/document.pdf"),
                                  "convention-%d.pdf" % cid))
        self.assertIn("Fait à Namur, le 05/01/2026", text)
        self.set_today("2026-01-15")
        conv = self.ok(self.act(conv, "activate"))

        text = self.flat(self.pdf(self.fetch("GET", base + "/attestation.pdf", role="auditor"),
                                  "attestation-occupation-%d.pdf" % cid))
        for want in ("Attestation d'occupation d'un logement de transit",
                     "Léa Exemple", "Anne Exemple", "depuis le 15/01/2026",
                     "l'occupe toujours", "Fait à Namur, le 15/01/2026"):
            self.assertIn(want, text)

        # the non-renewal, with its motivation and an invitation to be heard
        letters = base + "/letters/"
        self.set_today("2026-03-02")
        nonrenewal = {
            "motivation": "Vos revenus ont nettement augmenté : le ménage n'est plus en "
                          "état de précarité.",
            "rows": [{"topic": "Revenus mensuels", "at_admission": "1 512,37 €",
                      "now": "2 950,00 € (emploi à durée indéterminée)"},
                     {"topic": "Composition du ménage", "at_admission": "3 personnes",
                      "now": "inchangée"}],
            "hearing": {"date": "2026-03-12", "time": "10 h 00",
                        "place": "au siège du CPAS, bureau 4"}}
        bad = dict(nonrenewal, rows=[{"topic": "", "later": 1}], hearing={"date": "2026-03-01"},
                   colour="blue")
        p = self.problem(self.fetch("POST", letters + "non-renewal.pdf", body=bad), 422,
                         "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]),
                         ["colour", "hearing.date", "hearing.place", "hearing.time",
                          "rows[0].later", "rows[0].topic"])
        self.problem(self.fetch("POST", letters + "non-renewal.pdf", body=nonrenewal,
                                role="accountant"), 403, "forbidden")
        text = self.flat(self.pdf(self.fetch("POST", letters + "non-renewal.pdf",
                                             body=nonrenewal),
                                  "non-renouvellement-%d.pdf" % cid))
        for want in ("Concerne : non-renouvellement de la convention d'occupation précaire",
                     "Anne Exemple", "Marc Exemple", "Namur, le 02/03/2026",
                     "au terme de sa première période le 14/07/2026",
                     "le gestionnaire envisage de ne pas renouveler",
                     "2 950,00 € (emploi à durée indéterminée)",
                     "n'est plus en état de précarité",
                     "le 12/03/2026 à 10 h 00, au siège du CPAS, bureau 4",
                     "Le travailleur social, qui vous accompagne"):
            self.assertIn(want, text)

        # the record of hearing, by the social worker; a name outside CP1252
        self.set_today("2026-03-12")
        hearing = {
            "held_on": "2026-03-12", "time": "10 h 00", "place": "au siège du CPAS",
            "attendees": [{"name": "Anne Exemple", "role": "occupante"},
                          {"name": "Đorđe Petrović", "role": "interprète"},
                          {"name": "Sophie Lefèvre", "role": "assistante sociale"}],
            "subject": "Le non-renouvellement envisagé de la convention.",
            "occupant_statement": "Mme Exemple déclare chercher un logement à Jambes ; "
                                  "elle demande un délai d'un mois.",
            "conclusion": "Le gestionnaire maintient sa décision ; un préavis suivra."}
        r = self.fetch("POST", letters + "hearing.pdf", body=hearing, role="social_worker")
        text = self.flat(self.pdf(r, "pv-audition-%d.pdf" % cid))
        # Đ, đ and ć print (the embedded font): nothing replaced, no header
        self.assertIsNone(r.header("X-Transitd-Replaced-Characters"))
        for want in ("Procès-verbal d'audition", "Đorđe Petrović", "interprète",
                     "Déclarations de l'occupant", "chercher un logement à Jambes",
                     "Le gestionnaire maintient sa décision", "Fait à Namur, le 12/03/2026"):
            self.assertIn(want, text)
        self.assertNotIn("Petrovi", self.d.read_log())
        p = self.problem(self.fetch("POST", letters + "hearing.pdf",
                                    body=dict(hearing, held_on="2026-03-13")), 422,
                         "validation")
        self.assertEqual([e["field"] for e in p["errors"]], ["held_on"])

        # the notice, posted on C1's posting deadline: one letter to each partner
        self.set_today("2026-03-27")
        conv = self.ok(self.act(conv, "notices", {"letters": [
            {"member_id": adults[0], "posted_on": "2026-03-27"},
            {"member_id": adults[1], "posted_on": "2026-03-27"}]}))
        self.assertEqual(conv["calendar"][0]["posting_deadline"], "2026-03-27")
        for me, other, name, other_name in ((adults[0], adults[1], "Anne", "Marc"),
                                            (adults[1], adults[0], "Marc", "Anne")):
            text = self.flat(self.pdf(self.fetch(
                "GET", base + "/notices/%d/letter.pdf" % me, role="auditor"),
                "preavis-%d-membre-%d.pdf" % (cid, me)))
            for want in ("%s Exemple" % name, "Lettre recommandée",
                         "Concerne : préavis mettant fin à la convention d'occupation",
                         "au terme de sa première période, le 14/07/2026",
                         "déposée à la poste le 27/03/2026",
                         "réputée vous être notifiée le 31/03/2026",
                         "prend cours le 01/04/2026 et se termine le 30/06/2026",
                         "l'indemnité de base de 450,00 € par mois",
                         "adressé séparément, par lettre recommandée, à %s Exemple" % other_name,
                         "Françoise Lemaître"):
                self.assertIn(want, text)
        self.problem(self.fetch("GET", base + "/notices/%d/letter.pdf" % children[0]), 404,
                     "not-found")
        self.problem(self.fetch("GET", base + "/notices/999999/letter.pdf"), 404, "not-found")

        # the formal notice: only once the occupant is recorded in overstay
        overstay = {"leave_by": "2026-08-31", "canton": "Namur", "mediator": "Paul Dubois",
                    "arrears_cents": 90494}
        self.problem(self.fetch("POST", letters + "overstay.pdf", body=overstay), 422,
                     "document-not-applicable")
        self.set_today("2026-07-20")
        conv = self.ok(self.act(conv, "overstay"))
        p = self.problem(self.fetch("POST", letters + "overstay.pdf", body=dict(
            overstay, mediator="social_worker1", leave_by="2026-07-19")), 422, "validation")
        self.assertEqual(sorted(e["field"] for e in p["errors"]), ["leave_by"])
        p = self.problem(self.fetch("POST", letters + "overstay.pdf", body=dict(
            overstay, mediator="social_worker1")), 422, "validation")
        self.assertEqual([e["field"] for e in p["errors"]], ["mediator"])
        text = self.flat(self.pdf(self.fetch("POST", letters + "overstay.pdf", body=overstay,
                                             role="admin"),
                                  "mise-en-demeure-%d.pdf" % cid))
        for want in ("mise en demeure – occupation sans titre ni droit",
                     "a pris fin le 14/07/2026", "Depuis le 15/07/2026",
                     "au plus tard le 31/08/2026",
                     "l'indemnité de base de 450,00 € (quatre cent cinquante euros)",
                     "un montant de 904,94 € reste dû", "Paul Dubois",
                     "juge de paix du canton de Namur", "Namur, le 20/07/2026"):
            self.assertIn(want, text)
        text = self.flat(self.pdf(self.fetch("GET", base + "/attestation.pdf"),
                                  "attestation-occupation-%d.pdf" % cid))
        self.assertIn("l'occupe toujours à la date de la présente attestation", text)

        # every letter generation audited with the texts it was made from
        rows = self.sql("SELECT string_agg(action || ':' || entity_id || ':' ||"
                        " (after ? 'motivation')::text || (after ? 'attendees')::text ||"
                        " (after ? 'canton')::text, ',' ORDER BY id) FROM audit_log"
                        " WHERE action LIKE 'document.%'")
        self.assertEqual(rows, "document.non-renewal:%d:truefalsefalse,"
                               "document.hearing:%d:falsetruefalse,"
                               "document.overstay:%d:falsefalsetrue" % (cid, cid, cid))

        # another operator sees none of it
        self.d.cli("operator", "add", "CPAS Voisin")
        tok = self.d.cli("user", "add", "voisin", "--role", "operator", "--operator",
                         "CPAS Voisin").stdout.split("token: ")[1].strip()
        for path in ("/document.pdf", "/attestation.pdf", "/notices/%d/letter.pdf" % adults[0]):
            self.problem(self.fetch("GET", base + path, token=tok), 404, "not-found")
        self.problem(self.fetch("POST", letters + "hearing.pdf", body=hearing, token=tok), 404,
                     "not-found")
        self.problem(self.fetch("GET", "/api/v1/units/%d/logbook.pdf" % conv["unit_id"],
                                token=tok), 404, "not-found")

    def test_names_from_every_family(self):
        """Issue 13, item 9: Polish, Turkish, Romanian, Czech and Vietnamese names
        print exactly in the convention (an embedded font), with nothing replaced;
        the document says who made it (metadata)."""
        unit = self.unit(name="Rue Haute 14")
        hid = self.post("/api/v1/households", {"reference": "H-names"}, role="operator")
        self.assertEqual(hid.status, 201, hid)
        hid = hid.json()["id"]
        members = [
            (person("Łukasz", "1985-07-30", "M", "head", last_name="Wiśniewski"),
             [assessed(1200000), current(101237)]),
            (person("Şahin", "1983-02-11", "F", "partner", last_name="Öztürk"),
             [assessed(600000), current(50000, kind="unemployment")]),
            (person("Ştefan", "2016-05-01", "M", "child", last_name="Ţurcanu",
                    dependent_child=True), []),
            (person("Nguyễn Thị Minh", "2019-05-02", "F", "child", last_name="Khai",
                    dependent_child=True), [])]
        for body, incomes in members:
            r = self.post("/api/v1/households/%d/members" % hid, body, role="operator")
            self.assertEqual(r.status, 201, r)
            for income in incomes:
                i = self.post("/api/v1/members/%d/incomes" % r.json()["id"], income,
                              role="operator")
                self.assertEqual(i.status, 201, i)
        conv = self.ok(self.create(self.check(hid, unit, "2026-01-15")), 201)

        r = self.fetch("GET", "/api/v1/conventions/%d/document.pdf" % conv["id"])
        path = self.pdf(r, "convention-%d.pdf" % conv["id"])
        self.assertIsNone(r.header("X-Transitd-Replaced-Characters"))
        text = self.flat(path)
        for want in ("Łukasz Wiśniewski, né le 30/07/1985",
                     "Şahin Öztürk, née le 11/02/1983",
                     "Ştefan Ţurcanu, né le 01/05/2016",
                     "Nguyễn Thị Minh Khai, née le 02/05/2019",
                     "ci-après dénommés ensemble « l'occupant »",
                     "l'indemnité mensuelle réduite s'élève à 302,47 €"):
            self.assertIn(want, text)
        fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True,
                               check=True).stdout
        self.assertIn("LiberationSans", fonts)
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True,
                              check=True).stdout
        self.assertRegex(info, r"(?m)^Title: +Convention d'occupation précaire n° CONV-2026-")
        self.assertRegex(info, r"(?m)^Author: +CPAS de Test$")
        self.assertRegex(info, r"(?m)^Subject: +Logement de transit Rue Haute 14, ")
        self.assertRegex(info, r"(?m)^CreationDate: ")

    def test_logbooks(self):
        self.set_today("2026-01-05")
        unit = self.unit(name="Rue Haute 14")
        sw = self.tokens["social_worker"]
        days = ["2025-%02d-%02d" % (m, d) for m in (9, 10, 11, 12) for d in range(1, 16)]
        first = None
        for i, day in enumerate(days):
            body = {"kind": "observation", "entry_date": day,
                    "problem": "Fuite d'eau sous l'évier (entrée %d), humidité à vérifier "
                               "près de la fenêtre de la chambre ; l'occupante a été "
                               "prévenue." % (i + 1),
                    "location": "cuisine", "measure": "Seau placé, robinet d'arrêt fermé",
                    "informed_whom": "Service technique", "informed_on": day,
                    "action_taken": "Plombier mandaté", "action_by": "M. Lefèvre",
                    "action_on": day}
            if i == 1:
                body = {"kind": "visit", "entry_date": day, "occupant_consent": True}
            elif i == 2:
                body = {"kind": "safety_check", "entry_date": day, "smoke_detectors_ok": True,
                        "differentials_ok": True, "guard_rails_ok": False,
                        "instructions_handed_over": True}
            elif i == 3:
                body = {"kind": "correction", "entry_date": day, "corrects_id": first,
                        "problem": "La fuite venait du siphon, pas du robinet."}
            r = self.d.request("POST", "/api/v1/units/%d/logbook" % unit, body=body, token=sw)
            self.assertEqual(r.status, 201, r)
            first = first or r.json()["id"]
        self.assertEqual(len(days), 60)

        path = self.pdf(self.fetch("GET", "/api/v1/units/%d/logbook.pdf" % unit,
                                   role="accountant"),
                        "carnet-de-bord-logement-%d.pdf" % unit)
        n = self.pages(path)
        self.assertGreaterEqual(n, 3)
        for page in range(1, n + 1):
            text = self.text(path, page)
            # the header row on every page, the footer with the page number
            for want in ("Date", "Problème constaté", "Localisation", "Mesure prise",
                         "Carnet de bord – Logement Rue Haute 14", "page %d / %d" % (page, n)):
                self.assertIn(want, text)
        text = self.flat(path)
        for want in ("Carnet de bord", "Logement Rue Haute 14 – Rue Haute 12, 5000 Namur",
                     "Édité le 05/01/2026 ; 60 entrées", "01/09/2025",
                     "Fuite d'eau sous l'évier (entrée 1)", "(entrée 60)",
                     "Visite, avec l'accord exprès de l'occupant.",
                     "garde-corps NON conformes", "Rectifie l'entrée du 01/09/2025",
                     "La fuite venait du siphon", "Plombier mandaté", "M. Lefèvre",
                     "social_worker1"):
            self.assertIn(want, text)
        self.assertIn("entrée 60", self.text(path, n))

        r = self.post("/api/v1/buildings", {"name": "Résidence Les Tilleuls",
                                            "street": "Rue des Tanneurs",
                                            "house_number": "8", "postal_code": "5000",
                                            "commune": "Namur", "has_common_parts": True},
                      role="operator")
        self.assertEqual(r.status, 201, r)
        building = r.json()["id"]
        r = self.d.request("POST", "/api/v1/buildings/%d/logbook" % building, token=sw, body={
            "kind": "observation", "entry_date": "2026-01-02",
            "problem": "Éclairage du hall défectueux", "location": "hall d'entrée"})
        self.assertEqual(r.status, 201, r)
        text = self.flat(self.pdf(
            self.fetch("GET", "/api/v1/buildings/%d/logbook.pdf" % building, role="auditor"),
            "carnet-de-bord-immeuble-%d.pdf" % building))
        for want in ("Immeuble Résidence Les Tilleuls – Rue des Tanneurs 8, 5000 Namur",
                     "1 entrée", "Éclairage du hall défectueux", "hall d'entrée"):
            self.assertIn(want, text)
        self.problem(self.fetch("GET", "/api/v1/buildings/999999/logbook.pdf"), 404,
                     "not-found")
        self.problem(self.fetch("GET", "/api/v1/units/999999/logbook.pdf"), 404, "not-found")
        # no route for another verb
        r = self.fetch("POST", "/api/v1/units/%d/logbook.pdf" % unit, body={})
        self.assertEqual(r.status, 405)
