/*
 * The convention d'occupation précaire (rules.md sections 2 and 3; our own
 * wording after the model of annex 1 of the 2013 memento).
 */
#include <stdlib.h>

#include "conv.h"
#include "doc.h"
#include "ident.h"
#include "indem.h"

static const char *const grounds_fr[PDFGEN_GROUND_COUNT] = {
    [PDFGEN_GROUND_SINGLE] = "ménage en état de précarité (personne seule)",
    [PDFGEN_GROUND_SEVERAL] = "ménage en état de précarité (plusieurs personnes)",
    [PDFGEN_GROUND_DEBT_MEDIATION] = "ménage en état de précarité, sous guidance d'un service "
				     "de médiation de dettes agréé",
    [PDFGEN_GROUND_FORCE_MAJEURE] = "ménage privé de son logement pour un cas de force majeure",
};

/* What the rules compute for the document, all from core/. */
struct facts {
	struct conv_calendar cal;
	struct indem_reduced red;
	char ogm[IDENT_OGM_LEN];
	int period_months;
	int pay_by; /* last day of the month to pay */
};

static bool convention_valid(struct lay *L, const struct pdfgen_convention *in, struct facts *f)
{
	/* Only without a stored indemnity (unit tests, benchmark): the basis
	 * core/elig would choose, R for P-c, else M (rules.md section 3). */
	const struct indem_reduced_input ri = {
	    .base = in->base,
	    .subsidised = in->subsidised,
	    .basis = in->ground == PDFGEN_GROUND_DEBT_MEDIATION ? in->resources : in->revenues,
	};

	if (!doc_check_operator(L, &in->op, true) || !lay_need_str(L, in->reference, "reference") ||
	    !doc_check_persons(L, in->signatories, in->n_signatories, 1, "signatories") ||
	    !doc_check_persons(L, in->children, in->n_children, 0, "children") ||
	    !doc_check_unit(L, &in->unit, true) ||
	    !lay_need_date(L, in->admission_checked_on, "admission_checked_on") ||
	    !lay_need_date(L, in->start, "start") ||
	    (in->signed_on != PDFGEN_NO_DATE && !lay_need_date(L, in->signed_on, "signed_on")) ||
	    !lay_need_str(L, in->worker, "worker"))
		return false;
	if ((unsigned)in->ground >= PDFGEN_GROUND_COUNT || in->params == NULL ||
	    (in->n_plan > 0 && in->plan == NULL)) {
		lay_fail(L, PDFGEN_EINPUT, "ground, params or plan missing");
		return false;
	}
	if (in->calendar != NULL) {
		f->cal = *in->calendar;
		if (f->cal.n_periods < 1 || f->cal.n_periods > CONV_MAX_PERIODS ||
		    f->cal.start != in->start) {
			lay_fail(L, PDFGEN_EINPUT, "calendar: 1 to %d periods from start",
				 CONV_MAX_PERIODS);
			return false;
		}
	} else if (!conv_calendar(in->start, in->params, &f->cal)) {
		lay_fail(L, PDFGEN_EINPUT, "no convention calendar for this start and parameters");
		return false;
	}
	if (in->reduced != NULL) {
		f->red = *in->reduced;
	} else if (!indem_reduced(&ri, in->params, &f->red)) {
		lay_fail(L, PDFGEN_EINPUT, "no reduced indemnity for these amounts and parameters");
		return false;
	}
	if (!ident_ogm_format(in->ogm_base, f->ogm)) {
		lay_fail(L, PDFGEN_EINPUT, "ogm_base has more than 10 digits");
		return false;
	}
	if (in->provision < 0 || in->guarantee_target < 0) {
		lay_fail(L, PDFGEN_EINPUT, "provision and guarantee_target cannot be negative");
		return false;
	}
	f->period_months = (int)in->params->value[PARAM_PERIOD_MONTHS];
	f->pay_by = (int)in->params->value[PARAM_PAYMENT_DUE_LAST_DAY];
	if (f->pay_by < 1 || f->pay_by > 28) {
		lay_fail(L, PDFGEN_EINPUT, "payment_due_last_day must be 1..28");
		return false;
	}
	return true;
}

static const char *count(struct lay *L, int n, const char *one, const char *many)
{
	return lay_fmt(L, "%d %s", n, n > 1 ? many : one);
}

/* The agreement of "dénommé" with the signatories, "dénommé(e)" only when
 * the one signatory's sex is not known. */
static const char *occupant_named(const struct pdfgen_convention *in)
{
	if (in->n_signatories > 1)
		return "ci-après dénommés ensemble « l'occupant ».";
	if (in->signatories[0].sex == PDFGEN_SEX_FEMALE)
		return "ci-après dénommée « l'occupant ».";
	if (in->signatories[0].sex == PDFGEN_SEX_MALE)
		return "ci-après dénommé « l'occupant ».";
	return "ci-après dénommé(e) « l'occupant ».";
}

static void parties(struct lay *L, const struct pdfgen_convention *in)
{
	lay_text(L, LAY_HEADING, "Entre les soussignés");
	lay_textf(L, LAY_BODY,
		  "d'une part, %s, dont le siège est établi %s, représenté par %s, %s, "
		  "ci-après dénommé « le gestionnaire » ;",
		  in->op.name, doc_address(L, &in->op.address), in->op.signatory_name,
		  in->op.signatory_role);
	lay_text(L, LAY_BODY, "et d'autre part :");
	for (size_t i = 0; i < in->n_signatories; i++)
		lay_item(L, doc_person(L, &in->signatories[i]));
	lay_space(L, 3.0f);
	lay_text(L, LAY_BODY, occupant_named(in));
	if (in->n_signatories > 1)
		lay_text(L, LAY_BODY,
			 "Les occupants signataires sont tenus solidairement et indivisiblement "
			 "de toutes les obligations qui découlent de la présente convention.");
	if (in->n_children > 0) {
		lay_text(L, LAY_BODY,
			 "Le ménage comprend en outre les enfants à charge suivants :");
		for (size_t i = 0; i < in->n_children; i++)
			lay_item(L, doc_person(L, &in->children[i]));
		lay_space(L, 3.0f);
	}
	lay_text(L, LAY_HEADING, "Exposé préalable");
	lay_textf(L, LAY_BODY,
		  "Le gestionnaire a constaté, par la vérification du %s, que le ménage remplit "
		  "les conditions d'admission dans un logement de transit, au titre suivant : %s.",
		  lay_date(L, in->admission_checked_on), grounds_fr[in->ground]);
	lay_text(L, LAY_BODY,
		 "Le gestionnaire garantit au ménage, pendant toute la durée de l'occupation, un "
		 "accompagnement social visant son transfert vers un logement stable. Cet "
		 "accompagnement favorise la recherche d'un autre logement dans des délais "
		 "compatibles avec la situation du ménage, la mise en ordre de sa situation "
		 "administrative et sociale, la constitution d'une garantie locative et le "
		 "paiement régulier de l'indemnité d'occupation.");
	lay_text(L, LAY_BODY, "Il est convenu ce qui suit.");
}

static void object_and_nature(struct lay *L, const struct pdfgen_convention *in)
{
	const struct pdfgen_unit *u = &in->unit;
	const char *children =
	    u->max_children > 0
		? lay_fmt(L, "et au plus %s", count(L, u->max_children, "enfant", "enfants"))
		: "et aucun enfant";

	lay_text(L, LAY_HEADING, "Article 1er – Objet");
	lay_textf(L, LAY_BODY,
		  "Le gestionnaire met à la disposition de l'occupant, à titre précaire, %s %s "
		  "(référence %s)%s%s%s.",
		  doc_unit_fr(u->kind), doc_address(L, &u->address), u->name,
		  u->building ? ", dans l'immeuble « " : "", u->building ? u->building : "",
		  u->building ? " »" : "");
	lay_textf(L, LAY_BODY,
		  "Sa superficie habitable est de %d,%02d m². Compte tenu de sa superficie et de "
		  "ses pièces, le logement peut accueillir au maximum %s, dont au plus %s %s. Il "
		  "est mis à disposition %s.",
		  u->surface_dm2 / 100, u->surface_dm2 % 100,
		  count(L, u->max_occupants, "personne", "personnes"),
		  count(L, u->max_adults, "adulte", "adultes"), children,
		  u->furnished ? "meublé" : "non meublé");

	lay_text(L, LAY_HEADING, "Article 2 – Nature de la convention");
	lay_text(L, LAY_BODY,
		 "La présente convention est conclue intuitu personae, en considération de la "
		 "situation du ménage, qui bénéficie pour une durée limitée d'un logement de "
		 "transit assorti d'un accompagnement social. Elle ne relève pas de la législation "
		 "sur le bail de résidence principale.");
	lay_text(L, LAY_BODY,
		 "Clause substantielle : les parties conviennent expressément que la présente "
		 "convention ne peut en aucun cas constituer un titre de bail.");
}

static void duration(struct lay *L, const struct pdfgen_convention *in, const struct facts *f)
{
	static const struct lay_col cols[3] = {
	    {"Période", 2.0f, LAY_LEFT, LAY_REGULAR},
	    {"Du", 1.0f, LAY_LEFT, LAY_REGULAR},
	    {"Au", 1.0f, LAY_LEFT, LAY_REGULAR},
	};
	const struct conv_calendar *cal = &f->cal;
	int n = cal->n_periods;

	lay_text(L, LAY_HEADING, "Article 3 – Durée");
	lay_textf(L, LAY_BODY,
		  "La mise à disposition prend effet le %s, pour une première période de %d mois "
		  "qui prend fin le %s.",
		  lay_date(L, in->start), f->period_months, lay_date(L, cal->period[0].end));
	if (n == 1)
		lay_text(L, LAY_BODY, "Elle n'est pas renouvelable.");
	else
		lay_textf(
		    L, LAY_BODY,
		    "Elle peut être renouvelée %s pour %d mois au plus, "
		    "uniquement si le ménage se trouve toujours en état de précarité ou "
		    "toujours privé de logement pour un cas de force majeure ; le "
		    "renouvellement est décidé après une nouvelle vérification des "
		    "conditions d'admission. La durée totale de l'occupation ne peut dépasser "
		    "%d mois.",
		    n == 2 ? "une seule fois," : lay_fmt(L, "au plus %d fois, chaque fois", n - 1),
		    f->period_months, n * f->period_months);
	lay_table_begin(L, cols, 3, 9.5f);
	for (int k = 0; k < n; k++) {
		const char *row[3] = {
		    k == 0 ? "Période 1"
			   : lay_fmt(L, "Période %d, en cas de renouvellement", k + 1),
		    lay_date(L, cal->period[k].start),
		    lay_date(L, cal->period[k].end),
		};

		lay_table_row(L, row);
	}
	lay_table_end(L);
	lay_textf(L, LAY_BODY,
		  "Le gestionnaire met fin à la convention au terme de l'une de ces périodes par "
		  "un préavis de %d mois, notifié par lettre recommandée adressée séparément à "
		  "chacun des signataires. Le préavis prend cours le premier jour du mois qui suit "
		  "sa notification. La convention ne peut être révoquée à tout moment ni prendre "
		  "fin par l'effet d'une clause résolutoire expresse.",
		  cal->notice_months);
	lay_text(L, LAY_BODY,
		 "L'occupant peut quitter le logement avant ce terme ; il en avertit le "
		 "gestionnaire par écrit et un état des lieux de sortie est alors dressé "
		 "contradictoirement.");
}

static void accompaniment(struct lay *L, const struct pdfgen_convention *in)
{
	static const struct lay_col cols[4] = {
	    {"Personnes concernées", 1.0f, LAY_LEFT, LAY_REGULAR},
	    {"Objectifs", 1.3f, LAY_LEFT, LAY_REGULAR},
	    {"Initiatives proposées", 1.4f, LAY_LEFT, LAY_REGULAR},
	    {"Indicateurs", 1.3f, LAY_LEFT, LAY_REGULAR},
	};
	/* A convention printed before its plan is agreed gets rows to fill in by hand. */
	static const char *const blank[4] = {"\n\n", "", "", ""};

	lay_text(L, LAY_HEADING, "Article 4 – Accompagnement social");
	lay_textf(L, LAY_BODY,
		  "L'occupant bénéficie, à l'initiative du gestionnaire, d'un plan "
		  "d'accompagnement social, dont le suivi est assuré par %s, et qui comporte les "
		  "mesures suivantes :",
		  in->worker);
	lay_table_begin(L, cols, 4, 9.0f);
	for (size_t i = 0; i < in->n_plan; i++) {
		const struct pdfgen_plan_row *r = &in->plan[i];
		const char *row[4] = {r->persons, r->objectives, r->initiatives, r->indicators};

		lay_table_row(L, row);
	}
	for (size_t i = in->n_plan; i < 3 && in->n_plan == 0; i++)
		lay_table_row(L, blank);
	lay_table_end(L);
	if (in->guarantee_target > 0)
		lay_textf(L, LAY_BODY,
			  "Aucune garantie n'est exigée pour l'accès au logement. L'accompagnement "
			  "aide le ménage à constituer, pour son prochain logement, une garantie "
			  "locative de %s.",
			  lay_money(L, in->guarantee_target));
	else
		lay_text(L, LAY_BODY,
			 "Aucune garantie n'est exigée pour l'accès au logement. L'accompagnement "
			 "aide le ménage à constituer une garantie locative pour son prochain "
			 "logement.");
}

static void price(struct lay *L, const struct pdfgen_convention *in, const struct facts *f)
{
	const struct indem_reduced *r = &f->red;
	const struct conv_calendar *cal = &f->cal;
	bool mediation = in->ground == PDFGEN_GROUND_DEBT_MEDIATION;
	const char *base = lay_money(L, in->base);

	lay_text(L, LAY_HEADING, "Article 5 – Indemnité d'occupation");
	lay_textf(L, LAY_BODY, "L'indemnité mensuelle de base due par l'occupant est fixée à %s.",
		  base);
	if (r->cap_applies) {
		lay_textf(L, LAY_BODY,
			  "Le logement a été créé ou rénové avec des subsides de la Région "
			  "wallonne destinés aux logements de transit. L'indemnité d'occupation "
			  "mensuelle ne peut dès lors dépasser %d %% %s. Ces %s s'élèvent à %s par "
			  "mois, ce qui plafonne l'indemnité à %s par mois.",
			  r->cap_percent,
			  mediation
			      ? "des ressources mensuelles du ménage, déduction faite des "
				"charges mensuelles de l'endettement fixées par le service de "
				"médiation de dettes"
			      : "des revenus mensuels du ménage",
			  mediation ? "ressources" : "revenus", lay_money(L, r->basis),
			  lay_money(L, r->cap));
		lay_textf(L, LAY_BODY,
			  "%s s'élève à %s (%s) par mois. Elle s'applique pendant la durée de la "
			  "convention : du %s au %s et, en cas de renouvellement, jusqu'au %s au "
			  "plus tard. Au-delà de la fin de la convention, l'occupant qui se "
			  "maintiendrait dans les lieux paiera l'indemnité de base de %s par mois, "
			  "l'indemnité réduite étant supprimée.",
			  r->capped ? "En conséquence, l'indemnité mensuelle réduite"
				    : "Ce plafond n'étant pas inférieur à l'indemnité de base, "
				      "l'indemnité mensuelle due",
			  lay_money(L, r->reduced), lay_words(L, r->reduced),
			  lay_date(L, in->start), lay_date(L, cal->period[0].end),
			  lay_date(L, cal->period[cal->n_periods - 1].end), base);
	} else {
		lay_textf(L, LAY_BODY, "L'indemnité mensuelle due s'élève donc à %s (%s).", base,
			  lay_words(L, in->base));
	}
	lay_text(L, LAY_BODY,
		 "L'indemnité comprend toutes les charges, à l'exception de celles relatives à "
		 "l'eau, au gaz, à l'électricité, au chauffage, à la télédistribution et au "
		 "téléphone, qui restent à charge de l'occupant.");
	if (in->provision > 0)
		lay_textf(L, LAY_BODY,
			  "Pour ces consommations, l'occupant verse en outre une provision "
			  "mensuelle de %s, qui ne fait pas partie de l'indemnité%s.",
			  lay_money(L, in->provision),
			  r->cap_applies ? " et n'est pas soumise au plafond ci-dessus" : "");
	lay_textf(L, LAY_BODY,
		  "L'indemnité est payable par anticipation, entre le 1er et le %d de chaque mois, "
		  "au compte %s du gestionnaire, avec la communication structurée %s. Chaque "
		  "paiement donne lieu à un reçu numéroté. Le premier et le dernier mois "
		  "d'occupation, s'ils sont incomplets, sont dus au prorata du nombre de jours "
		  "d'occupation.",
		  f->pay_by, lay_nobreak(L, in->op.iban), f->ogm);
	if (in->budget_management)
		lay_text(L, LAY_BODY,
			 "Les parties conviennent d'une gestion budgétaire : l'indemnité est "
			 "retenue à la source et versée à ce compte, afin de prévenir tout retard "
			 "de paiement.");
}

static void obligations(struct lay *L, const struct pdfgen_convention *in)
{
	lay_text(L, LAY_HEADING, "Article 6 – Assurance");
	lay_textf(L, LAY_BODY,
		  "Le gestionnaire assure le logement par une police multirisque habitation%s%s%s "
		  "comportant un abandon de recours au profit de l'occupant. La prime est comprise "
		  "dans l'indemnité d'occupation.",
		  doc_given(in->insurance) ? " (" : "",
		  doc_given(in->insurance) ? in->insurance : "",
		  doc_given(in->insurance) ? ")" : "");

	lay_text(L, LAY_HEADING, "Article 7 – État des lieux");
	lay_text(L, LAY_BODY,
		 "Un état des lieux détaillé est dressé contradictoirement, en présence de "
		 "l'occupant, avant son entrée dans les lieux, et à nouveau à sa sortie. Il "
		 "constate notamment le bon fonctionnement des détecteurs de fumée et des "
		 "dispositifs différentiels ; le mode d'emploi des détecteurs de fumée est remis "
		 "à l'occupant. Il est signé par les parties et annexé à la présente convention.");

	lay_text(L, LAY_HEADING, "Article 8 – Entretien et règlement d'ordre intérieur");
	lay_text(L, LAY_BODY,
		 "L'occupant use du logement et de ses équipements en bon père de famille et en "
		 "assure l'entretien courant. Il respecte le règlement d'ordre intérieur qui lui "
		 "est remis avec la présente convention. Il ne peut enlever ni les détecteurs de "
		 "fumée ni leurs piles.");

	lay_text(L, LAY_HEADING, "Article 9 – Incessibilité");
	lay_text(L, LAY_BODY,
		 "Les droits de l'occupant sont strictement personnels. Il ne peut céder la "
		 "présente convention ni mettre tout ou partie du logement à la disposition d'un "
		 "tiers, même gratuitement.");

	lay_text(L, LAY_HEADING, "Article 10 – Respect du voisinage");
	lay_text(L, LAY_BODY,
		 "L'occupant veille à ce que la tranquillité de l'immeuble et du voisinage ne "
		 "soit à aucun moment troublée par son fait, par celui des membres de son ménage "
		 "ou par celui de ses visiteurs. Il évite tout bruit excessif, notamment de radio "
		 "ou de télévision.");

	lay_text(L, LAY_HEADING, "Article 11 – Commerce");
	lay_text(L, LAY_BODY,
		 "Aucun commerce ne peut être exercé dans le logement ni dans "
		 "l'immeuble.");

	lay_text(L, LAY_HEADING, "Article 12 – Animaux");
	lay_text(L, LAY_BODY,
		 "L'occupant ne peut détenir d'animaux qu'avec l'accord écrit du gestionnaire. "
		 "S'il l'obtient, il veille à ce que l'animal ne cause ni bruit ni malpropreté, "
		 "dans le logement comme dans les parties communes.");

	lay_text(L, LAY_HEADING, "Article 13 – Droit de visite");
	lay_text(L, LAY_BODY,
		 "Le gestionnaire peut visiter les parties communes à tout moment, notamment par "
		 "l'intermédiaire du travailleur social chargé de l'accompagnement. Il n'entre "
		 "dans le logement qu'avec l'accord exprès de l'occupant, en particulier pour les "
		 "visites de contrôle consignées dans le carnet de bord.");

	lay_text(L, LAY_HEADING, "Article 14 – Modification des lieux");
	lay_text(L, LAY_BODY,
		 "Aucune modification ne peut être apportée au logement sans "
		 "l'accord écrit du gestionnaire.");

	lay_text(L, LAY_HEADING, "Article 15 – Devoir d'information");
	lay_text(L, LAY_BODY,
		 "L'occupant signale sans délai au gestionnaire tout dégât au bâtiment et toute "
		 "anomalie du logement ou de ses équipements, en particulier des détecteurs de "
		 "fumée. Il communique au gestionnaire, par l'intermédiaire du travailleur "
		 "social, toute modification de la composition du ménage, de ses revenus ou de "
		 "ses ressources.");

	lay_text(L, LAY_HEADING, "Article 16 – Parties communes");
	if (in->unit.building != NULL)
		lay_textf(L, LAY_BODY,
			  "Les parties communes de l'immeuble « %s » doivent rester libres en tout "
			  "temps. Les occupants en assurent à tour de rôle le nettoyage et "
			  "l'entretien courant, selon le planning établi par le gestionnaire.",
			  in->unit.building);
	else
		lay_text(L, LAY_BODY,
			 "Le logement ne comporte pas de parties communes partagées avec d'autres "
			 "ménages. L'occupant maintient ses abords libres et en assure l'entretien "
			 "courant.");

	lay_text(L, LAY_HEADING, "Article 17 – Recherche d'un autre logement");
	lay_text(L, LAY_BODY,
		 "En raison du caractère transitoire de la présente convention, l'occupant "
		 "recherche activement un autre logement, le cas échéant dans une autre "
		 "localité, avec l'aide du travailleur social. Le refus de prendre en location un "
		 "autre logement convenable justifie qu'il soit mis fin à la convention moyennant "
		 "le préavis prévu à l'article 3 ; il entraîne la suppression de l'indemnité "
		 "réduite, l'indemnité de base prévue à l'article 5 étant alors due.");
}

static void signatures(struct lay *L, const struct pdfgen_convention *in)
{
	size_t n = in->n_signatories + 1;
	struct lay_sig *sig = calloc(n, sizeof(*sig));
	const char *on = in->signed_on != PDFGEN_NO_DATE ? lay_date(L, in->signed_on)
							 : "....../....../............";

	if (sig == NULL) {
		lay_fail(L, PDFGEN_ENOMEM, "out of memory (signatures)");
		return;
	}
	for (size_t i = 0; i < in->n_signatories; i++)
		sig[i] = (struct lay_sig){"L'occupant", in->signatories[i].name,
					  "précédé de la mention « lu et approuvé »"};
	sig[n - 1] = (struct lay_sig){"Pour le gestionnaire", in->op.signatory_name,
				      lay_fmt(L, "%s, %s", in->op.signatory_role, in->op.name)};
	lay_space(L, 8.0f);
	lay_signatures(L,
		       lay_fmt(L,
			       "Fait à %s, le %s, en %zu exemplaires, chaque partie reconnaissant "
			       "avoir reçu le sien.",
			       in->op.place, on, n),
		       sig, n);
	free(sig);
}

static int convention_pass(const struct pdfgen_convention *in, struct pdfgen_result *out,
			   enum lay_pass pass)
{
	struct lay L;
	struct facts f;

	lay_begin(&L, false, pass);
	if (convention_valid(&L, in, &f)) {
		lay_set_footer(
		    &L, lay_fmt(&L, "Convention d'occupation précaire n° %s", in->reference));
		doc_letterhead(&L, &in->op);
		lay_space(&L, 16.0f);
		lay_text(&L, LAY_TITLE, "Convention d'occupation précaire");
		lay_textf(&L, LAY_SUBTITLE, "Logement de transit – convention n° %s",
			  in->reference);
		parties(&L, in);
		object_and_nature(&L, in);
		duration(&L, in, &f);
		accompaniment(&L, in);
		price(&L, in, &f);
		obligations(&L, in);
		signatures(&L, in);
	}
	return lay_finish(&L, out);
}

int pdfgen_convention(const struct pdfgen_convention *in, struct pdfgen_result *out)
{
	return LAY_RUN(convention_pass, in, out);
}
