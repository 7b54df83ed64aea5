/*
 * pdfgen documents: each is rendered from a fixture, written under the
 * build tree (ARTIFACTS_DIR), checked with `qpdf --check`, read back with
 * `pdftotext -layout` for its French text (accents, amounts, dates, names,
 * "page X / Y"), and its first page kept as a PNG (`pdftoppm`) to look at.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "test_support.h"

#include "pdfgen.h"

#ifndef ARTIFACTS_DIR
#error "ARTIFACTS_DIR must name a directory of the build tree"
#endif

static const struct pdfgen_operator OP = {
    .name = "CPAS de Namur",
    .address = {"Rue de Dave 165", "5100 Jambes"},
    .contact = "081 33 70 11 – logement@cpas-namur.be",
    .place = "Namur",
    .signatory_name = "Françoise Lemaître",
    .signatory_role = "directrice générale",
    .iban = "BE68 5390 0754 7034",
};

static const struct pdfgen_unit UNIT = {
    .name = "Tanneurs 3",
    .kind = PDFGEN_APARTMENT,
    .address = {"Rue des Tanneurs 12, boîte 3", "5000 Namur"},
    .building = "Les Tilleuls",
    .surface_dm2 = 5250,
    .max_occupants = 4,
    .max_adults = 2,
    .max_children = 2,
    .furnished = false,
};

static struct pdfgen_person adults[2];
static struct pdfgen_person children[2];

static int setup(void **state)
{
	(void)state;
	adults[0] = (struct pdfgen_person){"Geneviève Dubœuf", D(1988, 4, 12), "88.04.12-284.51",
					   PDFGEN_SEX_UNKNOWN};
	adults[1] =
	    (struct pdfgen_person){"Ahmed Benali", D(1985, 11, 2), NULL, PDFGEN_SEX_UNKNOWN};
	children[0] =
	    (struct pdfgen_person){"Léa Benali", D(2015, 6, 20), NULL, PDFGEN_SEX_UNKNOWN};
	children[1] = (struct pdfgen_person){"Noé Benali", D(2019, 1, 8), NULL, PDFGEN_SEX_UNKNOWN};
	return 0;
}

/* ---- reading a rendered document back ------------------------------------ */

struct doc {
	char path[512];
	char *text; /* pdftotext -layout, white space collapsed, pages split by '\f' */
	int pages;
};

static char *command_output(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t n;

	assert_non_null(p);
	assert_non_null(buf);
	while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	buf[len] = '\0';
	assert_int_equal(pclose(p), 0);
	return buf;
}

/* Runs of spaces, newlines and no-break spaces become one space. */
static void collapse(char *s)
{
	char *w = s;
	bool space = false;

	for (char *r = s; *r; r++) {
		bool nbsp = (unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0;

		if (*r == ' ' || *r == '\n' || *r == '\r' || *r == '\t' || nbsp) {
			space = true;
			r += nbsp;
			continue;
		}
		if (space && w > s && *r != '\f' && w[-1] != '\f')
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
}

/* Writes, checks and reads back a rendered document; frees its bytes. */
static struct doc keep(const char *name, struct pdfgen_result *r)
{
	struct doc d = {0};
	char cmd[1200];
	FILE *f;

	if (r->err != PDFGEN_OK)
		fail_msg("%s: %s", name, r->message);
	assert_non_null(r->pdf);
	assert_int_equal(r->replaced, 0);
	snprintf(d.path, sizeof(d.path), "%s/%s.pdf", ARTIFACTS_DIR, name);
	f = fopen(d.path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r->pdf, 1, r->size, f), r->size);
	assert_int_equal(fclose(f), 0);
	free(r->pdf);
	r->pdf = NULL;

	snprintf(cmd, sizeof(cmd), "qpdf --check '%s' >/dev/null 2>&1", d.path);
	if (system(cmd) != 0)
		fail_msg("qpdf --check %s failed", d.path);
	snprintf(cmd, sizeof(cmd), "pdftoppm -png -r 60 -singlefile '%s' '%s/%s'", d.path,
		 ARTIFACTS_DIR, name);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", d.path);
	d.text = command_output(cmd);
	for (char *p = d.text; *p; p++)
		d.pages += *p == '\f';
	assert_int_equal(d.pages, r->pages);
	collapse(d.text);
	return d;
}

static void has(const struct doc *d, const char *needle)
{
	if (strstr(d->text, needle) == NULL)
		fail_msg("%s: \"%s\" not found in:\n%s", d->path, needle, d->text);
}

static void has_not(const struct doc *d, const char *needle)
{
	if (strstr(d->text, needle) != NULL)
		fail_msg("%s: \"%s\" should not be there", d->path, needle);
}

/* The text of page i (0-based), malloc'd. */
static char *page_text(const struct doc *d, int i)
{
	const char *p = d->text, *end;
	char *out;

	for (int k = 0; k < i; k++) {
		p = strchr(p, '\f');
		assert_non_null(p);
		p++;
	}
	end = strchr(p, '\f');
	assert_non_null(end);
	out = strndup(p, (size_t)(end - p));
	assert_non_null(out);
	return out;
}

/* Every page says "page i / n" (n = the page count). */
static void numbered(const struct doc *d)
{
	for (int i = 0; i < d->pages; i++) {
		char want[32], *t = page_text(d, i);

		snprintf(want, sizeof(want), "page %d / %d", i + 1, d->pages);
		if (strstr(t, want) == NULL)
			fail_msg("%s: page %d lacks \"%s\":\n%s", d->path, i + 1, want, t);
		free(t);
	}
}

static void drop(struct doc *d)
{
	free(d->text);
	d->text = NULL;
}

/* ---- receipt -------------------------------------------------------------- */

static const struct pdfgen_receipt_month march = {2026, 3, 30247};

static struct pdfgen_receipt receipt_fixture(void)
{
	return (struct pdfgen_receipt){
	    .op = OP,
	    .number = "R-2026-000123",
	    .occupants = adults,
	    .n_occupants = 2,
	    .unit = UNIT,
	    .convention_ref = "CONV-2026-0042",
	    .months = &march,
	    .n_months = 1,
	    .amount = 30247,
	    .method = PDFGEN_PAY_TRANSFER,
	    .paid_on = D(2026, 3, 3),
	    .issued_on = D(2026, 3, 4),
	    .received_by = "Jérôme Lefèvre",
	};
}

static void test_receipt(void **state)
{
	struct pdfgen_receipt in = receipt_fixture();
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	assert_int_equal(pdfgen_receipt(&in, &r), 0);
	assert_int_equal(r.pages, 1);
	d = keep("receipt", &r);
	has(&d, "Reçu n° R-2026-000123");
	has(&d, "Indemnité d'occupation d'un logement de transit");
	has(&d, "Geneviève Dubœuf et Ahmed Benali");
	has(&d, "Tanneurs 3, Rue des Tanneurs 12, boîte 3, 5000 Namur");
	has(&d, "Indemnité d'occupation de mars 2026 302,47 €");
	has(&d, "Montant reçu : 302,47 €");
	has(&d, "trois cent deux euros et quarante-sept centimes");
	has(&d, "Date du paiement : 03/03/2026");
	has(&d, "Mode de paiement : virement bancaire");
	has(&d, "Fait à Namur, le 04/03/2026.");
	has(&d, "au titre de l'indemnité d'occupation du mois de mars 2026");
	has(&d, "pour ce mois uniquement");
	has(&d, "Jérôme Lefèvre");
	has(&d, "page 1 / 1");
	drop(&d);
}

/* The most months a receipt takes still fit on one page, with thousands. */
static void test_receipt_many_months(void **state)
{
	struct pdfgen_receipt_month m[PDFGEN_RECEIPT_MAX_MONTHS];
	struct pdfgen_receipt in = receipt_fixture();
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	for (int i = 0; i < PDFGEN_RECEIPT_MAX_MONTHS; i++)
		m[i] = (struct pdfgen_receipt_month){2025 + (i + 2) / 12, (i + 2) % 12 + 1, 45000};
	in.months = m;
	in.n_months = PDFGEN_RECEIPT_MAX_MONTHS;
	in.amount = 45000 * PDFGEN_RECEIPT_MAX_MONTHS;
	in.method = PDFGEN_PAY_BUDGET;
	assert_int_equal(pdfgen_receipt(&in, &r), 0);
	assert_int_equal(r.pages, 1);
	d = keep("receipt_12_months", &r);
	has(&d, "Montant reçu : 5 400,00 €");
	has(&d, "cinq mille quatre cents euros");
	has(&d, "gestion budgétaire (retenue à la source)");
	has(&d, "Indemnité d'occupation de mars 2025 450,00 €");
	has(&d, "Indemnité d'occupation de février 2026 450,00 €");
	has(&d, "des mois indiqués ci-dessus");
	has(&d, "pour ces mois uniquement");
	drop(&d);
}

static void test_receipt_refused(void **state)
{
	struct pdfgen_receipt in = receipt_fixture();
	struct pdfgen_result r;

	(void)state;
	in.amount = 30000;
	assert_int_equal(pdfgen_receipt(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);
	assert_null(r.pdf);
	assert_non_null(strstr(r.message, "not the sum of the months"));

	in = receipt_fixture();
	in.received_by = "";
	assert_int_equal(pdfgen_receipt(&in, &r), -1);
	assert_string_equal(r.message, "received_by is required");

	/* The number is SQL's receipt_number() (sql/017): pdfgen needs one. */
	in = receipt_fixture();
	in.number = "";
	assert_int_equal(pdfgen_receipt(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);

	in = receipt_fixture();
	in.paid_on = D(1900, 1, 1) - 1;
	assert_int_equal(pdfgen_receipt(&in, &r), -1);
	assert_string_equal(r.message, "paid_on is not a date between 1900 and 2199");
}

/* An overpayment is an advance on the next indemnities, with or without months. */
static void test_receipt_credit(void **state)
{
	struct pdfgen_receipt in = receipt_fixture();
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	in.credit = 9753;
	in.amount = 40000;
	in.method = PDFGEN_PAY_DIRECT_DEBIT;
	assert_int_equal(pdfgen_receipt(&in, &r), 0);
	d = keep("receipt_credit", &r);
	has(&d, "Indemnité d'occupation de mars 2026 302,47 €");
	has(&d, "Avance sur les prochaines indemnités d'occupation 97,53 €");
	has(&d, "Montant reçu : 400,00 €");
	has(&d, "quatre cents euros");
	has(&d, "Mode de paiement : domiciliation bancaire");
	has(&d, "du mois de mars 2026, dont 97,53 € d'avance sur les prochaines indemnités");
	drop(&d);

	in.n_months = 0;
	in.months = NULL;
	in.amount = in.credit;
	assert_int_equal(pdfgen_receipt(&in, &r), 0);
	d = keep("receipt_advance", &r);
	has(&d, "à valoir sur les prochaines indemnités d'occupation du logement");
	has(&d, "nonante-sept euros et cinquante-trois centimes");
	drop(&d);

	in.credit = 0;
	in.amount = 0;
	assert_int_equal(pdfgen_receipt(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);
	in = receipt_fixture();
	in.credit = -1;
	in.amount = 30246;
	assert_int_equal(pdfgen_receipt(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);
}

/* A name outside CP1252 prints with '?' and is counted, not refused. */
/*
 * Only what the embedded font lacks is lost: the ō of Tarō prints, the two
 * kanji do not (Liberation Sans has no CJK), each counted where printed.
 */
static void test_replaced_counted(void **state)
{
	struct pdfgen_person who = {"Yamada 山田 Tarō", PDFGEN_NO_DATE, NULL, PDFGEN_SEX_UNKNOWN};
	struct pdfgen_receipt in = receipt_fixture();
	struct pdfgen_result r;
	char cmd[700], *text;
	FILE *f;
	const char *path = ARTIFACTS_DIR "/receipt_replaced.pdf";

	(void)state;
	in.occupants = &who;
	in.n_occupants = 1;
	assert_int_equal(pdfgen_receipt(&in, &r), 0);
	assert_true(r.embedded_font);
	/* The name appears in the fields and in the sentence: 2 kanji twice. */
	assert_int_equal(r.replaced, 4);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.pdf, 1, r.size, f), r.size);
	assert_int_equal(fclose(f), 0);
	free(r.pdf);
	snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", path);
	text = command_output(cmd);
	if (strstr(text, "Yamada ?? Tarō") == NULL)
		fail_msg("\"Yamada ?? Tarō\" not in:\n%s", text);
	free(text);
}

/* ---- convention ----------------------------------------------------------- */

static const struct pdfgen_plan_row plan[] = {
    {"Geneviève Dubœuf, Ahmed Benali", "Trouver un logement durable avant la fin de la convention",
     "Inscription auprès de trois sociétés de logement de service public ; visites "
     "accompagnées de logements privés ; recherche d'une agence immobilière sociale",
     "Nombre de candidatures déposées ; visites effectuées ; réponses reçues"},
    {"Ahmed Benali", "Stabiliser les revenus du ménage",
     "Accompagnement vers la formation qualifiante d'électricien du Forem",
     "Attestation d'inscription ; assiduité mensuelle"},
    {"Le ménage", "Constituer une garantie locative de 1 200,00 €",
     "Épargne mensuelle de 100,00 € sur un compte bloqué ; demande d'aide ADEL",
     "Montant épargné à chaque entretien"},
};

static struct params conv_params;

static struct pdfgen_convention convention_fixture(void)
{
	conv_params = params_2026();
	return (struct pdfgen_convention){
	    .op = OP,
	    .reference = "CONV-2026-0042",
	    .signatories = adults,
	    .n_signatories = 2,
	    .children = children,
	    .n_children = 2,
	    .unit = UNIT,
	    .ground = PDFGEN_GROUND_SEVERAL,
	    .admission_checked_on = D(2026, 3, 2),
	    .start = D(2026, 3, 16),
	    .signed_on = D(2026, 3, 13),
	    .params = &conv_params,
	    .base = 45000,
	    .subsidised = true,
	    .revenues = 151237,
	    .provision = 6500,
	    .ogm_base = 1234567890,
	    .insurance = "police n° 45.118.220 auprès d'Ethias",
	    .worker = "Sophie Marchal",
	    .plan = plan,
	    .n_plan = 3,
	    .guarantee_target = 120000,
	};
}

static void test_convention(void **state)
{
	struct pdfgen_convention in = convention_fixture();
	struct pdfgen_result r;
	struct doc d;
	char *last;

	(void)state;
	assert_int_equal(pdfgen_convention(&in, &r), 0);
	assert_true(r.pages >= 3);
	d = keep("convention", &r);
	numbered(&d);
	has(&d, "Convention d'occupation précaire");
	has(&d, "Logement de transit – convention n° CONV-2026-0042");
	has(&d, "représenté par Françoise Lemaître, directrice générale");
	has(&d, "Geneviève Dubœuf, né(e) le 12/04/1988, numéro de registre national "
		"88.04.12-284.51");
	has(&d, "Ahmed Benali, né(e) le 02/11/1985");
	has(&d, "ci-après dénommés ensemble « l'occupant »");
	has(&d, "solidairement et indivisiblement");
	has(&d, "Léa Benali, né(e) le 20/06/2015");
	has(&d, "ménage en état de précarité (plusieurs personnes)");
	has(&d, "l'appartement situé Rue des Tanneurs 12, boîte 3, 5000 Namur");
	has(&d, "dans l'immeuble « Les Tilleuls »");
	has(&d, "52,50 m²");
	has(&d, "au maximum 4 personnes, dont au plus 2 adultes et au plus 2 enfants");
	has(&d, "non meublé");
	has(&d, "ne peut en aucun cas constituer un titre de bail");
	/* Periods from core/conv: 16/03/2026 - 15/09/2026, renewal to 15/03/2027. */
	has(&d, "prend effet le 16/03/2026, pour une première période de 6 mois qui prend fin "
		"le 15/09/2026");
	has(&d, "Période 2, en cas de renouvellement 16/09/2026 15/03/2027");
	has(&d, "préavis de 3 mois");
	/* Table cells: pdftotext puts the columns of a row side by side. */
	has(&d, "Objectifs Initiatives proposées Indicateurs");
	has(&d, "Stabiliser les revenus du");
	has(&d, "Épargne mensuelle de 100,00 €");
	has(&d, "dont le suivi est assuré par Sophie Marchal");
	has(&d, "une garantie locative de 1 200,00 €");
	/* Price from core/indem: B1, 20 % of 1 512,37 € = 302,47 €. */
	has(&d, "fixée à 450,00 €");
	has(&d, "dépasser 20 % des revenus mensuels du ménage");
	has(&d, "s'élèvent à 1 512,37 € par mois, ce qui plafonne l'indemnité à 302,47 €");
	has(&d, "l'indemnité mensuelle réduite s'élève à 302,47 € (trois cent deux euros et "
		"quarante-sept centimes) par mois");
	has(&d, "du 16/03/2026 au 15/09/2026 et, en cas de renouvellement, jusqu'au 15/03/2027");
	has(&d, "paiera l'indemnité de base de 450,00 € par mois, l'indemnité réduite étant "
		"supprimée");
	has(&d, "à l'exception de celles relatives à l'eau, au gaz, à l'électricité, au "
		"chauffage, à la télédistribution et au téléphone");
	has(&d, "provision mensuelle de 65,00 €");
	has(&d, "Elle peut être renouvelée une seule fois, pour 6 mois au plus");
	has(&d, "entre le 1er et le 5 de chaque mois, au compte BE68 5390 0754 7034 du "
		"gestionnaire, avec la communication structurée +++123/4567/89002+++");
	has(&d, "police n° 45.118.220 auprès d'Ethias");
	has(&d, "Article 7 – État des lieux");
	has(&d, "en bon père de famille");
	has(&d, "Article 9 – Incessibilité");
	has(&d, "Article 10 – Respect du voisinage");
	has(&d, "Article 11 – Commerce");
	has(&d, "Article 12 – Animaux");
	has(&d, "Article 13 – Droit de visite");
	has(&d, "Article 14 – Modification des lieux");
	has(&d, "Article 15 – Devoir d'information");
	has(&d, "Article 16 – Parties communes");
	has(&d, "Article 17 – Recherche d'un autre logement");
	has(&d, "Fait à Namur, le 13/03/2026, en 3 exemplaires");
	has(&d, "« lu et approuvé »");
	/* The signature blocks close the document. */
	last = page_text(&d, d.pages - 1);
	assert_non_null(strstr(last, "Pour le gestionnaire"));
	assert_non_null(strstr(last, "L'occupant"));
	free(last);
	drop(&d);
}

/* A draft: no signing date, no plan yet, P-c household, a house, not subsidised. */
static void test_convention_variants(void **state)
{
	struct pdfgen_convention in = convention_fixture();
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	in.signed_on = PDFGEN_NO_DATE;
	in.n_plan = 0;
	in.plan = NULL;
	in.ground = PDFGEN_GROUND_DEBT_MEDIATION;
	in.resources = 98000;
	in.unit.kind = PDFGEN_HOUSE;
	in.unit.building = NULL;
	in.unit.furnished = true;
	in.n_signatories = 1;
	in.n_children = 0;
	in.provision = 0;
	in.guarantee_target = 0;
	in.insurance = NULL;
	in.budget_management = true;
	assert_int_equal(pdfgen_convention(&in, &r), 0);
	d = keep("convention_draft", &r);
	numbered(&d);
	has(&d, "la maison située Rue des Tanneurs");
	has(&d, "mis à disposition meublé");
	has(&d, "sous guidance d'un service de médiation de dettes agréé");
	has(&d, "des ressources mensuelles du ménage, déduction faite des charges");
	/* 20 % of 980,00 € = 196,00 €. */
	has(&d, "196,00 € (cent nonante-six euros)");
	has(&d, "gestion budgétaire");
	has(&d, "Fait à Namur, le ....../....../............, en 2 exemplaires");
	has(&d, "ne comporte pas de parties communes");
	has(&d, "ci-après dénommé(e) « l'occupant »");
	has_not(&d, "solidairement");
	has_not(&d, "provision");
	drop(&d);

	in = convention_fixture();
	in.subsidised = false;
	assert_int_equal(pdfgen_convention(&in, &r), 0);
	d = keep("convention_not_subsidised", &r);
	has(&d, "L'indemnité mensuelle due s'élève donc à 450,00 € (quatre cent cinquante euros)");
	has_not(&d, "20 %");
	drop(&d);
}

static void test_convention_refused(void **state)
{
	struct pdfgen_convention in = convention_fixture();
	struct pdfgen_result r;

	(void)state;
	in.params = NULL;
	assert_int_equal(pdfgen_convention(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);

	in = convention_fixture();
	conv_params.value[PARAM_PERIOD_MONTHS] = 0;
	assert_int_equal(pdfgen_convention(&in, &r), -1);
	assert_non_null(strstr(r.message, "calendar"));

	in = convention_fixture();
	in.op.iban = NULL;
	assert_int_equal(pdfgen_convention(&in, &r), -1);
	assert_string_equal(r.message, "op.iban is required");

	in = convention_fixture();
	in.unit.max_children = 4; /* at least one adult is among the 4 */
	assert_int_equal(pdfgen_convention(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);
}

/*
 * The same bytes, but for the creation date (the time of rendering, which
 * may turn a second between two documents).
 */
static bool same_but_date(const unsigned char *a, const unsigned char *b, size_t n)
{
	static const char key[] = "/CreationDate (D:";
	size_t k = sizeof(key) - 1;

	for (size_t i = 0; i < n; i++) {
		if (a[i] == b[i])
			continue;
		/* A difference must lie in the 14 digits after the key. */
		for (size_t j = i >= k + 14 ? i - k - 14 : 0; j <= i && j + k <= n; j++)
			if (memcmp(a + j, key, k) == 0 && i >= j + k && i < j + k + 14)
				goto next;
		return false;
	next:;
	}
	return true;
}

/* Renders from several threads at once: each call owns its document. */
struct worker {
	const struct pdfgen_convention *in;
	const unsigned char *want;
	size_t want_size;
	int rounds, same;
};

static void *render_many(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < w->rounds; i++) {
		struct pdfgen_result r;

		if (pdfgen_convention(w->in, &r) == 0 && r.size == w->want_size &&
		    same_but_date(r.pdf, w->want, r.size))
			w->same++;
		free(r.pdf);
	}
	return NULL;
}

/* Base-14 and embedded-font documents at once (the embedded ones are slower: fewer). */
static void test_threads(void **state)
{
	struct pdfgen_convention in[2] = {convention_fixture(), convention_fixture()};
	struct pdfgen_person ext[2] = {{"Łukasz Wiśniewski", D(1988, 4, 12), NULL, PDFGEN_SEX_UNKNOWN},
				       {"Nguyễn Thị Minh Khai", D(1985, 11, 2), NULL, PDFGEN_SEX_UNKNOWN}};
	struct pdfgen_result ref[2];
	pthread_t t[4];
	struct worker w[4];

	(void)state;
	in[1].signatories = ext;
	for (int k = 0; k < 2; k++)
		assert_int_equal(pdfgen_convention(&in[k], &ref[k]), 0);
	assert_false(ref[0].embedded_font);
	assert_true(ref[1].embedded_font);
	for (int i = 0; i < 4; i++) {
		w[i] =
		    (struct worker){&in[i % 2], ref[i % 2].pdf, ref[i % 2].size, i % 2 ? 3 : 10, 0};
		assert_int_equal(pthread_create(&t[i], NULL, render_many, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(w[i].same, w[i].rounds);
	free(ref[0].pdf);
	free(ref[1].pdf);
}

/* ---- names from every family ------------------------------------------------ */

/*
 * Polish, Romanian (comma and cedilla forms), Turkish, Czech, Vietnamese
 * (precomposed), Latin Extended-B (Ǧ, ǅ, Ș, Ț, ƒ) and Sámi/Croatian
 * letters: each must come back from pdftotext exactly as given.
 */
static const char *const exotic[] = {
    "Łukasz Wiśniewski",    "Şahin Öztürk",   "Ştefan Ţurcanu", "Ștefan Țurcanu",
    "Nguyễn Thị Minh Khai", "Dvořák Jiří",    "Ǧülten Ğ",	"Đorđe Ǆukić ǅ ǆ",
    "Ŧŋ Ǯ ǯ Ə ə Ɣ Ƕ ȡ Ɂ",   "Trần Đức Thắng", "Phạm Ngọc Ẩn Ỹ", "Ľudovít Ŕ Ő Ű Ĳ ŉ",
};
#define N_EXOTIC (sizeof(exotic) / sizeof(exotic[0]))

/* Every character of a range the embedded font has, as UTF-8, in lines of 32. */
static char *range_text(uint32_t from, uint32_t to)
{
	char *s = malloc((to - from + 1) * 4 + (to - from) / 32 + 2), *w = s;

	assert_non_null(s);
	for (uint32_t c = from; c <= to; c++) {
		if (c < 0x80) {
			*w++ = (char)c;
		} else if (c < 0x800) {
			*w++ = (char)(0xC0 | (c >> 6));
			*w++ = (char)(0x80 | (c & 0x3F));
		} else {
			*w++ = (char)(0xE0 | (c >> 12));
			*w++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*w++ = (char)(0x80 | (c & 0x3F));
		}
		if ((c - from) % 32 == 31)
			*w++ = ' ';
	}
	*w = '\0';
	return s;
}

static void test_names_exact(void **state)
{
	struct pdfgen_person people[N_EXOTIC];
	struct pdfgen_convention in = convention_fixture();
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	for (size_t i = 0; i < N_EXOTIC; i++)
		people[i] = (struct pdfgen_person){exotic[i], D(1980, 1, 1), NULL, PDFGEN_SEX_UNKNOWN};
	in.signatories = people;
	in.n_signatories = 2;
	in.children = people + 2;
	in.n_children = N_EXOTIC - 2;
	in.worker = "Ayşe Yılmaz";
	in.op.signatory_name = "Małgorzata Kowalczyk";
	assert_int_equal(pdfgen_convention(&in, &r), 0);
	assert_true(r.embedded_font);
	d = keep("convention_names", &r);
	numbered(&d);
	for (size_t i = 0; i < N_EXOTIC; i++)
		has(&d, exotic[i]);
	has(&d, "dont le suivi est assuré par Ayşe Yılmaz");
	has(&d, "représenté par Małgorzata Kowalczyk, directrice générale");
	/* The French text and the figures are still there, with the euro sign. */
	has(&d, "l'indemnité mensuelle réduite s'élève à 302,47 € (trois cent deux euros et "
		"quarante-sept centimes) par mois");
	has(&d, "ci-après dénommés ensemble « l'occupant »");
	drop(&d);
}

/*
 * Every letter of Latin Extended-A (U+0100..U+017F), Latin Extended-B
 * (U+0180..U+024F) and the Vietnamese block of Latin Extended Additional
 * (U+1EA0..U+1EF9), printed in a receipt and read back exactly.
 */
static void test_ranges_exact(void **state)
{
	static const uint32_t ranges[][2] = {{0x100, 0x17F}, {0x180, 0x24F}, {0x1EA0, 0x1EF9}};

	(void)state;
	for (size_t k = 0; k < sizeof(ranges) / sizeof(ranges[0]); k++) {
		char *all = range_text(ranges[k][0], ranges[k][1]), name[64];
		struct pdfgen_person who = {all, PDFGEN_NO_DATE, NULL, PDFGEN_SEX_UNKNOWN};
		struct pdfgen_receipt in = receipt_fixture();
		struct pdfgen_result r;
		struct doc d;

		in.occupants = &who;
		in.n_occupants = 1;
		assert_int_equal(pdfgen_receipt(&in, &r), 0);
		assert_true(r.embedded_font);
		snprintf(name, sizeof(name), "receipt_range_%04X", (unsigned)ranges[k][0]);
		d = keep(name, &r);
		/* Lines of 32 letters, each a word that fits on a line. */
		for (char *word = strtok(all, " "); word != NULL; word = strtok(NULL, " "))
			has(&d, word);
		drop(&d);
		free(all);
	}
}

/* The common document needs no embedded font: base-14 Helvetica, a few kB. */
static void test_french_stays_small(void **state)
{
	struct pdfgen_convention in = convention_fixture();
	struct pdfgen_receipt rin = receipt_fixture();
	struct pdfgen_result r;

	(void)state;
	assert_int_equal(pdfgen_convention(&in, &r), 0);
	assert_false(r.embedded_font);
	assert_true(r.size < 20000);
	free(r.pdf);
	assert_int_equal(pdfgen_receipt(&rin, &r), 0);
	assert_false(r.embedded_font);
	assert_true(r.size < 5000);
	free(r.pdf);
}

/* pdfinfo's line "key:   value" says exactly value. */
static bool info_is(const char *info, const char *key, const char *value)
{
	size_t k = strlen(key), v = strlen(value);

	for (const char *p = info; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *q = p + k + 1;

		if (strncmp(p, key, k) != 0 || p[k] != ':')
			continue;
		while (*q == ' ')
			q++;
		return strncmp(q, value, v) == 0 && q[v] == '\n';
	}
	return false;
}

/* Title, author (the operator), subject and creation date, read by pdfinfo. */
static void test_metadata(void **state)
{
	struct pdfgen_receipt in = receipt_fixture();
	struct pdfgen_person who = {"Łukasz Wiśniewski", PDFGEN_NO_DATE, NULL, PDFGEN_SEX_UNKNOWN};
	struct pdfgen_result r;
	char cmd[700], *info;
	const char *path = ARTIFACTS_DIR "/receipt_metadata.pdf";
	FILE *f;
	time_t now;
	struct tm tm;
	char stamp[2][32];

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			in.occupants = &who;
			in.n_occupants = 1;
			in.op.name = "CPAS de Saint-Josse-ten-Noode – Łąka";
		}
		/* The time of rendering, UTC: the second before or after it. */
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(stamp[0], sizeof(stamp[0]), "%Y-%m-%dT%H:%M:%SZ", &tm);
		assert_int_equal(pdfgen_receipt(&in, &r), 0);
		assert_int_equal(r.embedded_font, pass == 1);
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(stamp[1], sizeof(stamp[1]), "%Y-%m-%dT%H:%M:%SZ", &tm);
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(r.pdf, 1, r.size, f), r.size);
		assert_int_equal(fclose(f), 0);
		free(r.pdf);
		snprintf(cmd, sizeof(cmd), "pdfinfo -isodates '%s'", path);
		info = command_output(cmd);
		if (!info_is(info, "Title", "Reçu n° R-2026-000123") ||
		    !info_is(info, "Author",
			     pass == 0 ? "CPAS de Namur"
				       : "CPAS de Saint-Josse-ten-Noode – Łąka") ||
		    !info_is(info, "Subject",
			     "Logement de transit Tanneurs 3, Rue des Tanneurs 12, boîte 3, 5000 "
			     "Namur") ||
		    !info_is(info, "Creator", "transitd") ||
		    (!info_is(info, "CreationDate", stamp[0]) &&
		     !info_is(info, "CreationDate", stamp[1])))
			fail_msg("pdfinfo %s:\n%s", path, info);
		free(info);
	}
}

/*
 * French typography holds in both encodings: no line starts with » : ; !
 * and none ends with «; and a word ending in ë (C3 AB in UTF-8, whose last
 * byte is « in CP1252) is not glued to the next one.
 */
static void test_typography_both_fonts(void **state)
{
	char statement[4000] = "";

	(void)state;
	for (int i = 0; i < 60; i++)
		strcat(statement, "Noë ");
	for (int i = 0; i < 25; i++)
		strcat(statement, "dit « oui » : bien ; « non » ! ");
	for (int pass = 0; pass < 2; pass++) {
		const struct pdfgen_attendee who[] = {
		    {pass == 0 ? "Lucja Noë" : "Łucja Noë", "Occupante"},
		};
		struct pdfgen_hearing in = {
		    .op = OP,
		    .reference = "CONV-2026-0042",
		    .unit = UNIT,
		    .held_on = D(2026, 5, 4),
		    .time = "14 h 30",
		    .place = "Jambes",
		    .attendees = who,
		    .n_attendees = 1,
		    .subject = "Audition.",
		    .occupant_statement = statement,
		    .operator_statement = "Rien à ajouter.",
		    .conclusion = "Aucune.",
		};
		struct pdfgen_result r;
		struct doc d;
		char cmd[700], *raw, *line;

		if (pdfgen_hearing(&in, &r) != 0)
			fail_msg("%s", r.message);
		assert_int_equal(r.embedded_font, pass == 1);
		d = keep(pass == 0 ? "typography_base14" : "typography_embedded", &r);
		has(&d, "Noë Noë Noë");
		has_not(&d, "No ë");
		snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", d.path);
		raw = command_output(cmd);
		for (line = strtok(raw, "\n\f"); line != NULL; line = strtok(NULL, "\n\f")) {
			size_t n;

			while (*line == ' ')
				line++;
			n = strlen(line);
			while (n > 0 && line[n - 1] == ' ')
				n--;
			if (strncmp(line, "»", strlen("»")) == 0 || line[0] == ':' ||
			    line[0] == ';' || line[0] == '!' ||
			    (n >= strlen("«") &&
			     strncmp(line + n - strlen("«"), "«", strlen("«")) == 0))
				fail_msg("%s: a line breaks French typography: \"%s\"", d.path,
					 line);
		}
		free(raw);
		drop(&d);
	}
}

/* ---- carnet de bord ------------------------------------------------------- */

#define N_ENTRIES 60

static void test_logbook(void **state)
{
	static const char *const problems[] = {
	    "Tache d'humidité au plafond",
	    "Dix sacs-poubelle abandonnés dans la cave commune, odeurs et présence de "
	    "rongeurs signalée par deux ménages",
	    "Détecteur de fumée sans pile",
	    "Toiture plate encombrée de feuilles : l'eau ne s'évacue plus",
	};
	static const char *const places[] = {
	    "1er étage, chambre à droite de l'escalier",
	    "Pièce vide à droite de la porte d'entrée",
	    "Cuisine",
	    "Plateforme",
	};
	struct pdfgen_logbook_entry e[N_ENTRIES];
	struct pdfgen_logbook in = {
	    .op = OP,
	    .building = true,
	    .subject = "Les Tilleuls",
	    .address = {"Rue des Tanneurs 12", "5000 Namur"},
	    .entries = e,
	    .n_entries = N_ENTRIES,
	    .printed_on = D(2026, 9, 1),
	};
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	for (int i = 0; i < N_ENTRIES; i++)
		e[i] = (struct pdfgen_logbook_entry){
		    .date = D(2026, 1, 5) + 3 * i,
		    .problem = problems[i % 4],
		    .location = places[i % 4],
		    .measure =
			i % 3 ? "Nettoyage et aération ; produit anti-moisissures appliqué" : NULL,
		    .informed = i % 2 ? "Service technique (M. Collignon)" : NULL,
		    .informed_on = i % 2 ? D(2026, 1, 6) + 3 * i : PDFGEN_NO_DATE,
		    .action = i % 5 ? "Réparation de la gouttière" : NULL,
		    .action_by = i % 5 ? "Entreprise Dumont" : NULL,
		    .action_on = i % 5 ? D(2026, 1, 9) + 3 * i : PDFGEN_NO_DATE,
		    .author = "Sophie Marchal",
		};
	assert_int_equal(pdfgen_logbook(&in, &r), 0);
	assert_true(r.pages >= 3);
	d = keep("logbook", &r);
	numbered(&d);
	has(&d, "Carnet de bord");
	has(&d, "Immeuble Les Tilleuls – Rue des Tanneurs 12, 5000 Namur");
	has(&d, "Édité le 01/09/2026 ; 60 entrées");
	has(&d, "Toiture plate encombrée de feuilles");
	has(&d, "1er étage, chambre à");
	/* The first entry and the last one (05/01/2026 + 3 x 59 days). */
	has(&d, "05/01/2026");
	has(&d, "01/07/2026");
	has(&d, "le 12/01/2026");
	has(&d, "Entreprise Dumont, le");
	/* The header row is repeated on every page. */
	for (int i = 0; i < d.pages; i++) {
		char *t = page_text(&d, i);

		if (!strstr(t, "Problème constaté") || !strstr(t, "Localisation") ||
		    !strstr(t, "Mesure prise") || !strstr(t, "Information transmise") ||
		    !strstr(t, "Action du gestionnaire"))
			fail_msg("page %d lacks the header row:\n%s", i + 1, t);
		free(t);
	}
	drop(&d);
}

/* A row taller than a page is split, the rest under the repeated header. */
static void test_logbook_long_row(void **state)
{
	char *longtext = malloc(20000);
	struct pdfgen_logbook_entry e = {
	    .date = D(2026, 2, 2),
	    .location = "Cave",
	    .author = "Sophie Marchal",
	    .informed_on = PDFGEN_NO_DATE,
	    .action_on = PDFGEN_NO_DATE,
	};
	struct pdfgen_logbook in = {
	    .op = OP,
	    .subject = "Tanneurs 3",
	    .address = UNIT.address,
	    .entries = &e,
	    .n_entries = 1,
	    .printed_on = D(2026, 9, 1),
	};
	struct pdfgen_result r;
	struct doc d;
	size_t n = 0;
	int last = 0;
	char want[64];

	(void)state;
	assert_non_null(longtext);
	for (; n + 40 < 20000; last++)
		n += (size_t)snprintf(longtext + n, 20000 - n, "constat numéro %d répété ; ", last);
	e.problem = longtext;
	assert_int_equal(pdfgen_logbook(&in, &r), 0);
	assert_true(r.pages >= 2);
	d = keep("logbook_long_row", &r);
	numbered(&d);
	has(&d, "Logement Tanneurs 3");
	has(&d, "constat numéro 0 répété");
	snprintf(want, sizeof(want), "constat numéro %d répété", last - 1);
	has(&d, want);
	for (int i = 0; i < d.pages; i++) {
		char *t = page_text(&d, i);

		assert_non_null(strstr(t, "Problème constaté"));
		free(t);
	}
	drop(&d);
	free(longtext);
}

static void test_logbook_empty_and_limit(void **state)
{
	struct pdfgen_logbook in = {
	    .op = OP,
	    .subject = "Tanneurs 3",
	    .address = UNIT.address,
	    .printed_on = D(2026, 9, 1),
	};
	struct pdfgen_result r;
	struct doc d;
	struct pdfgen_logbook_entry *e;
	char *longtext;

	(void)state;
	assert_int_equal(pdfgen_logbook(&in, &r), 0);
	d = keep("logbook_empty", &r);
	has(&d, "0 entrée");
	has(&d, "Aucune entrée dans ce carnet.");
	drop(&d);

	/* About a page per entry: more than PDFGEN_MAX_PAGES pages is refused. */
	longtext = malloc(9001);
	e = calloc(PDFGEN_MAX_PAGES + 20, sizeof(*e));
	assert_non_null(longtext);
	assert_non_null(e);
	for (int i = 0; i < 9000; i++)
		longtext[i] = i % 6 == 5 ? ' ' : 'x';
	longtext[9000] = '\0';
	for (int i = 0; i < PDFGEN_MAX_PAGES + 20; i++)
		e[i] = (struct pdfgen_logbook_entry){D(2026, 1, 1),  longtext,	      "Cave", NULL,
						     NULL,	     PDFGEN_NO_DATE,  NULL,   NULL,
						     PDFGEN_NO_DATE, "Sophie Marchal"};
	in.entries = e;
	in.n_entries = PDFGEN_MAX_PAGES + 20;
	assert_int_equal(pdfgen_logbook(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_ELIMIT);
	assert_null(r.pdf);
	free(e);
	free(longtext);
}

/* ---- letters -------------------------------------------------------------- */

static struct pdfgen_notice notice_fixture(void)
{
	conv_params = params_2026();
	return (struct pdfgen_notice){
	    .op = OP,
	    .reference = "CONV-2026-0042",
	    .unit = UNIT,
	    .addressee = adults[0],
	    .addressee_address = UNIT.address,
	    .others = &adults[1],
	    .n_others = 1,
	    .start = D(2026, 3, 16),
	    .params = &conv_params,
	    .period = 0,
	    .posted_on = D(2026, 5, 20),
	    .base = 45000,
	    .exit_inventory_on = D(2026, 9, 14),
	    .worker = "Sophie Marchal",
	};
}

static void test_notice(void **state)
{
	struct pdfgen_notice in = notice_fixture();
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	assert_int_equal(pdfgen_notice(&in, &r), 0);
	d = keep("notice", &r);
	numbered(&d);
	has(&d, "Geneviève Dubœuf Rue des Tanneurs 12, boîte 3 5000 Namur");
	has(&d, "Namur, le 20/05/2026");
	has(&d, "Lettre recommandée");
	has(&d, "Concerne : préavis mettant fin à la convention d'occupation précaire");
	has(&d, "Notre référence : CONV-2026-0042");
	has(&d, "au terme de sa première période, le 15/09/2026");
	/* Posted Wednesday 20/05/2026: the 3rd working day after is Saturday 23/05. */
	has(&d, "déposée à la poste le 20/05/2026");
	has(&d, "réputée vous être notifiée le 23/05/2026, 3e jour ouvrable");
	has(&d, "Le préavis de 3 mois prend cours le 01/06/2026 et se termine le 31/08/2026");
	has(&d, "au plus tard le 15/09/2026");
	has(&d, "état des lieux de sortie, contradictoirement, le 14/09/2026");
	has(&d, "sans titre ni droit");
	has(&d, "l'indemnité de base de 450,00 € par mois");
	has(&d, "un préavis identique est adressé séparément, par lettre recommandée, à Ahmed "
		"Benali");
	has(&d, "Françoise Lemaître");
	drop(&d);

	/* Whit Monday 25/05/2026 is not a working day: posted 21/05 -> 26/05. */
	in.posted_on = D(2026, 5, 21);
	assert_int_equal(pdfgen_notice(&in, &r), 0);
	d = keep("notice_whit_monday", &r);
	has(&d, "réputée vous être notifiée le 26/05/2026");
	drop(&d);
}

static void test_notice_too_late(void **state)
{
	struct pdfgen_notice in = notice_fixture();
	struct pdfgen_result r;

	(void)state;
	/*
	 * Notified in June: too late for 15/09/2026, whose latest notification is
	 * Sunday 31/05; the last posting was Wednesday 27/05 (deemed notified on
	 * Saturday 30/05).
	 */
	in.posted_on = D(2026, 6, 10);
	assert_int_equal(pdfgen_notice(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);
	assert_string_equal(r.message, "a notice posted on 10/06/2026 cannot end period 1 (posting "
				       "deadline 27/05/2026); it can end period 2");
	/* The same posting can end the renewal period. */
	in.period = 1;
	assert_int_equal(pdfgen_notice(&in, &r), 0);
	free(r.pdf);
}

static const struct pdfgen_situation_row situation[] = {
    {"Revenus mensuels du ménage", "1 512,37 € (allocations de chômage)",
     "2 840,00 € (deux salaires à temps plein)"},
    {"Patrimoine", "Aucun logement", "Aucun logement"},
    {"Recherche de logement", "Inscription auprès de la société de logement",
     "Deux propositions de logement refusées sans motif"},
};

static void test_nonrenewal(void **state)
{
	struct pdfgen_nonrenewal in = {
	    .op = OP,
	    .reference = "CONV-2026-0042",
	    .unit = UNIT,
	    .addressees = adults,
	    .n_addressees = 2,
	    .start = D(2026, 3, 16),
	    .params = &conv_params,
	    .period = 0,
	    .admitted_on = D(2026, 3, 2),
	    .dated = D(2026, 4, 20),
	    .rows = situation,
	    .n_rows = 3,
	    .motivation = "Le ménage dispose aujourd'hui de revenus qui dépassent le plafond de "
			  "la précarité et a refusé deux logements convenables : les conditions "
			  "d'un renouvellement ne sont plus réunies.",
	    .hearing_on = D(2026, 5, 4),
	    .hearing_time = "14 h 30",
	    .hearing_place = "au CPAS, Rue de Dave 165 à Jambes",
	    .worker = "Sophie Marchal",
	};
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	conv_params = params_2026();
	assert_int_equal(pdfgen_nonrenewal(&in, &r), 0);
	d = keep("nonrenewal", &r);
	numbered(&d);
	has(&d, "Geneviève Dubœuf Ahmed Benali Rue des Tanneurs 12, boîte 3 5000 Namur");
	has(&d, "Concerne : non-renouvellement de la convention d'occupation précaire");
	has(&d, "arrive au terme de sa première période le 15/09/2026");
	has(&d, "le gestionnaire envisage de ne pas renouveler");
	has(&d, "Le tableau ci-dessous compare votre situation lors de l'admission et aujourd'hui");
	has(&d, "À l'admission (02/03/2026)");
	has(&d, "Aujourd'hui (20/04/2026)");
	has(&d, "1 512,37 € (allocations de chômage)");
	has(&d, "refusé deux logements convenables");
	has(&d, "entendus le 04/05/2026 à 14 h 30, au CPAS");
	has(&d, "Le préavis mettant fin à la convention le 15/09/2026");
	drop(&d);

	/* No renewal to refuse after the last period. */
	in.period = 1;
	assert_int_equal(pdfgen_nonrenewal(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);
}

static void test_hearing(void **state)
{
	static const struct pdfgen_attendee who[] = {
	    {"Geneviève Dubœuf", "Occupante"},
	    {"Ahmed Benali", "Occupant"},
	    {"Sophie Marchal", "Travailleuse sociale"},
	    {"Françoise Lemaître", "Pour le gestionnaire"},
	};
	struct pdfgen_hearing in = {
	    .op = OP,
	    .reference = "CONV-2026-0042",
	    .unit = UNIT,
	    .held_on = D(2026, 5, 4),
	    .time = "14 h 30",
	    .place = "Jambes, dans les bureaux du CPAS",
	    .attendees = who,
	    .n_attendees = 4,
	    .subject = "Audition préalable à la décision de non-renouvellement de la "
		       "convention, annoncée par lettre recommandée du 20/04/2026.",
	    .occupant_statement = "Les occupants expliquent qu'ils ont refusé les deux "
				  "logements proposés parce qu'ils étaient trop éloignés de "
				  "l'école des enfants.",
	    .operator_statement = "Le gestionnaire rappelle que la recherche d'un autre "
				  "logement est une obligation de la convention (article 17).",
	    .conclusion = "Le ménage s'engage à accepter tout logement convenable situé à "
			  "Namur ; la décision sera communiquée par écrit.",
	};
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	assert_int_equal(pdfgen_hearing(&in, &r), 0);
	d = keep("hearing", &r);
	numbered(&d);
	has(&d, "Procès-verbal d'audition");
	has(&d, "Le 04/05/2026 à 14 h 30, à Jambes, dans les bureaux du CPAS, étaient présents");
	has(&d, "Travailleuse sociale");
	has(&d, "Déclarations de l'occupant");
	has(&d, "trop éloignés de l'école des enfants");
	has(&d, "Observations du gestionnaire");
	has(&d, "Suites convenues");
	has(&d, "non l'accord sur son contenu");
	has(&d, "Fait à Namur, le 04/05/2026.");
	has(&d, "Occupante");
	drop(&d);
}

static void test_overstay(void **state)
{
	struct pdfgen_overstay in = {
	    .op = OP,
	    .reference = "CONV-2026-0042",
	    .unit = UNIT,
	    .addressees = adults,
	    .n_addressees = 2,
	    .ended_on = D(2027, 3, 15),
	    .leave_by = D(2027, 4, 15),
	    .base = 45000,
	    .arrears = 90000,
	    .canton = "Namur",
	    .mediator = "Luc Devos, médiateur du CPAS",
	    .dated = D(2027, 3, 22),
	};
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	assert_int_equal(pdfgen_overstay(&in, &r), 0);
	d = keep("overstay", &r);
	numbered(&d);
	has(&d, "Concerne : mise en demeure – occupation sans titre ni droit");
	has(&d, "a pris fin le 15/03/2027. Depuis le 16/03/2027, vous occupez ce logement sans "
		"titre ni droit");
	has(&d, "au plus tard le 15/04/2027");
	has(&d, "l'indemnité de base de 450,00 € (quatre cent cinquante euros) par mois");
	has(&d, "un montant de 900,00 € reste dû");
	has(&d, "Luc Devos, médiateur du CPAS, qui n'a pas pris part à votre accompagnement");
	has(&d, "conciliation devant le juge de paix du canton de Namur");
	drop(&d);

	in.dated = in.ended_on;
	assert_int_equal(pdfgen_overstay(&in, &r), -1);
	assert_int_equal(r.err, PDFGEN_EINPUT);
}

static void test_attestation(void **state)
{
	struct pdfgen_person members[4];
	struct pdfgen_attestation in = {
	    .op = OP,
	    .reference = "CONV-2026-0042",
	    .unit = UNIT,
	    .members = members,
	    .n_members = 4,
	    .since = D(2026, 3, 16),
	    .until = PDFGEN_NO_DATE,
	    .dated = D(2026, 6, 30),
	};
	struct pdfgen_result r;
	struct doc d;

	(void)state;
	memcpy(members, adults, sizeof(adults));
	memcpy(members + 2, children, sizeof(children));
	assert_int_equal(pdfgen_attestation(&in, &r), 0);
	assert_int_equal(r.pages, 1);
	d = keep("attestation", &r);
	has(&d, "Attestation d'occupation d'un logement de transit");
	has(&d, "Le gestionnaire de logements de transit CPAS de Namur, représenté par Françoise "
		"Lemaître, directrice générale, atteste que le ménage composé de :");
	has(&d, "Noé Benali, né(e) le 08/01/2019");
	has(&d, "occupe le logement de transit situé Rue des Tanneurs 12, boîte 3, 5000 Namur "
		"(référence Tanneurs 3) depuis le 16/03/2026");
	has(&d, "l'occupe toujours à la date de la présente attestation");
	has(&d, "points de priorité");
	has(&d, "Fait à Namur, le 30/06/2026.");
	has(&d, "page 1 / 1");
	drop(&d);

	in.until = D(2027, 3, 15);
	in.dated = D(2027, 3, 20);
	assert_int_equal(pdfgen_attestation(&in, &r), 0);
	d = keep("attestation_past", &r);
	has(&d, "a occupé le logement de transit situé");
	has(&d, "du 16/03/2026 au 15/03/2027");
	drop(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_receipt),
	    cmocka_unit_test(test_receipt_many_months),
	    cmocka_unit_test(test_receipt_refused),
	    cmocka_unit_test(test_receipt_credit),
	    cmocka_unit_test(test_replaced_counted),
	    cmocka_unit_test(test_names_exact),
	    cmocka_unit_test(test_ranges_exact),
	    cmocka_unit_test(test_french_stays_small),
	    cmocka_unit_test(test_metadata),
	    cmocka_unit_test(test_typography_both_fonts),
	    cmocka_unit_test(test_convention),
	    cmocka_unit_test(test_convention_variants),
	    cmocka_unit_test(test_convention_refused),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_logbook),
	    cmocka_unit_test(test_logbook_long_row),
	    cmocka_unit_test(test_logbook_empty_and_limit),
	    cmocka_unit_test(test_notice),
	    cmocka_unit_test(test_notice_too_late),
	    cmocka_unit_test(test_nonrenewal),
	    cmocka_unit_test(test_hearing),
	    cmocka_unit_test(test_overstay),
	    cmocka_unit_test(test_attestation),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
