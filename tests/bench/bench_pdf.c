/*
 * Documents per second on one core (one thread) for the receipt and the
 * convention, French names (base-14 fonts, the common case) and names
 * outside CP1252 (the embedded font, rendered twice: see pdfgen.h),
 * against a baseline measured in the same run: an empty A4
 * page through the same machinery (pdfgen_blank). Figures vary between
 * runs and machines; compare only within one run. The rounds alternate the
 * documents so that a slow spell of the machine hits them all, and the best
 * round of each is kept.
 *
 * Usage: bench_pdf [seconds per measure, default 1]
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pdfgen.h"

#define ROUNDS 3

static bdate_t D(int y, int m, int d)
{
	bdate_t out = 0;

	if (!bdate_from_ymd(y, m, d, &out))
		abort();
	return out;
}

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
};

static const struct pdfgen_plan_row plan[] = {
    {"Geneviève Dubœuf, Ahmed Benali", "Trouver un logement durable avant la fin de la convention",
     "Inscription auprès de trois sociétés de logement de service public ; visites "
     "accompagnées de logements privés",
     "Nombre de candidatures déposées ; visites effectuées"},
    {"Ahmed Benali", "Stabiliser les revenus du ménage",
     "Accompagnement vers une formation qualifiante", "Attestation d'inscription"},
    {"Le ménage", "Constituer une garantie locative", "Épargne mensuelle de 100,00 €",
     "Montant épargné à chaque entretien"},
};

struct fixtures {
	struct pdfgen_person adults[2], children[2];
	struct pdfgen_person adults_ext[2], children_ext[2]; /* letters outside CP1252 */
	struct params params;
	struct pdfgen_receipt_month month;
	struct pdfgen_receipt receipt;
	struct pdfgen_convention convention;
	struct pdfgen_receipt receipt_ext;
	struct pdfgen_convention convention_ext;
};

static void fixtures_init(struct fixtures *f)
{
	f->adults[0] =
	    (struct pdfgen_person){"Geneviève Dubœuf", D(1988, 4, 12), NULL, PDFGEN_SEX_UNKNOWN};
	f->adults[1] =
	    (struct pdfgen_person){"Ahmed Benali", D(1985, 11, 2), NULL, PDFGEN_SEX_UNKNOWN};
	f->children[0] =
	    (struct pdfgen_person){"Léa Benali", D(2015, 6, 20), NULL, PDFGEN_SEX_UNKNOWN};
	f->children[1] =
	    (struct pdfgen_person){"Noé Benali", D(2019, 1, 8), NULL, PDFGEN_SEX_UNKNOWN};
	f->params = (struct params){{0}, {0}};
	f->params.value[PARAM_INDEMNITY_CAP_PERCENT] = 20;
	f->params.value[PARAM_PERIOD_MONTHS] = 6;
	f->params.value[PARAM_MAX_PERIODS] = 2;
	f->params.value[PARAM_NOTICE_MONTHS] = 3;
	f->params.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = 3;
	f->params.value[PARAM_PAYMENT_DUE_LAST_DAY] = 5;
	f->month = (struct pdfgen_receipt_month){2026, 3, 30247};
	f->receipt = (struct pdfgen_receipt){
	    .op = OP,
	    .number = "R-2026-000123",
	    .occupants = f->adults,
	    .n_occupants = 2,
	    .unit = UNIT,
	    .convention_ref = "CONV-2026-0042",
	    .months = &f->month,
	    .n_months = 1,
	    .amount = 30247,
	    .method = PDFGEN_PAY_TRANSFER,
	    .paid_on = D(2026, 3, 3),
	    .issued_on = D(2026, 3, 4),
	    .received_by = "Jérôme Lefèvre",
	};
	f->convention = (struct pdfgen_convention){
	    .op = OP,
	    .reference = "CONV-2026-0042",
	    .signatories = f->adults,
	    .n_signatories = 2,
	    .children = f->children,
	    .n_children = 2,
	    .unit = UNIT,
	    .ground = PDFGEN_GROUND_SEVERAL,
	    .admission_checked_on = D(2026, 3, 2),
	    .start = D(2026, 3, 16),
	    .signed_on = D(2026, 3, 13),
	    .params = &f->params,
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
	/* The same documents for a household whose names need the embedded font. */
	f->adults_ext[0] = (struct pdfgen_person){"Łukasz Wiśniewski", D(1988, 4, 12), NULL, PDFGEN_SEX_UNKNOWN};
	f->adults_ext[1] = (struct pdfgen_person){"Şahin Öztürk", D(1985, 11, 2), NULL, PDFGEN_SEX_UNKNOWN};
	f->children_ext[0] = (struct pdfgen_person){"Ştefan Ţurcanu", D(2015, 6, 20), NULL, PDFGEN_SEX_UNKNOWN};
	f->children_ext[1] = (struct pdfgen_person){"Nguyễn Thị Minh Khai", D(2019, 1, 8), NULL, PDFGEN_SEX_UNKNOWN};
	f->receipt_ext = f->receipt;
	f->receipt_ext.occupants = f->adults_ext;
	f->convention_ext = f->convention;
	f->convention_ext.signatories = f->adults_ext;
	f->convention_ext.children = f->children_ext;
}

enum doc { BLANK, RECEIPT, CONVENTION, RECEIPT_EXT, CONVENTION_EXT, N_DOCS };

/* One word first: tests/bench/run.sh finds a row by it. */
static const char *const names[N_DOCS] = {"blank page (baseline)", "receipt", "convention",
					  "receipt+embedded-font", "convention+embedded-font"};

static int render(enum doc which, const struct fixtures *f, struct pdfgen_result *out)
{
	switch (which) {
	case BLANK:
		return pdfgen_blank(out);
	case RECEIPT:
		return pdfgen_receipt(&f->receipt, out);
	case RECEIPT_EXT:
		return pdfgen_receipt(&f->receipt_ext, out);
	case CONVENTION_EXT:
		return pdfgen_convention(&f->convention_ext, out);
	default:
		return pdfgen_convention(&f->convention, out);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct measure {
	double rate; /* documents per second, best round */
	size_t bytes;
	int pages;
};

/* Renders `which` for about `seconds`; returns documents per second. */
static double run(enum doc which, const struct fixtures *f, double seconds, struct measure *m)
{
	long n = 0;
	double t0 = now(), t;

	do {
		for (int i = 0; i < 20; i++, n++) {
			struct pdfgen_result r;

			if (render(which, f, &r) != 0) {
				fprintf(stderr, "%s: %s\n", names[which], r.message);
				exit(1);
			}
			m->bytes = r.size;
			m->pages = r.pages;
			free(r.pdf);
		}
		t = now() - t0;
	} while (t < seconds);
	return (double)n / t;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	struct fixtures f;
	struct measure m[N_DOCS] = {{0}};

	if (seconds <= 0) {
		fprintf(stderr, "usage: %s [seconds per measure]\n", argv[0]);
		return 2;
	}
	fixtures_init(&f);
	for (int round = 0; round < ROUNDS; round++)
		for (int d = 0; d < N_DOCS; d++) {
			double rate = run((enum doc)d, &f, seconds, &m[d]);

			if (rate > m[d].rate)
				m[d].rate = rate;
		}
	printf("%-26s %5s %8s %10s %14s\n", "document", "pages", "bytes", "docs/s", "time x blank");
	for (int d = 0; d < N_DOCS; d++)
		printf("%-26s %5d %8zu %10.0f %14.2f\n", names[d], m[d].pages, m[d].bytes,
		       m[d].rate, m[BLANK].rate / m[d].rate);
	return 0;
}
