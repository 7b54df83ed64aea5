/*
 * The letters of the end of an occupation (rules.md sections 4 and 5): the
 * notice, the non-renewal, the record of hearing, the formal notice to an
 * occupant sans titre ni droit, and the attestation of occupancy.
 */
#include <stdlib.h>

#include "conv.h"
#include "doc.h"

/* ---- notice (préavis) -------------------------------------------------- */

/* The calendar stored with the convention, as it is (issue 13 item 7), or
 * without one (the unit tests) the calendar of start under params. */
static bool stored_calendar(bdate_t start, const struct conv_calendar *stored,
			    const struct params *params, struct conv_calendar *cal)
{
	if (stored != NULL) {
		*cal = *stored;
		return cal->start == start && cal->n_periods >= 1 &&
		       cal->n_periods <= CONV_MAX_PERIODS;
	}
	return params != NULL && conv_calendar(start, params, cal);
}

static bool notice_valid(struct lay *L, const struct pdfgen_notice *in, struct conv_calendar *cal,
			 struct conv_reach *reach)
{
	if (!doc_check_operator(L, &in->op, false) ||
	    !lay_need_str(L, in->reference, "reference") || !doc_check_unit(L, &in->unit, false) ||
	    !doc_check_persons(L, &in->addressee, 1, 1, "addressee") ||
	    !doc_check_address(L, &in->addressee_address, "addressee_address") ||
	    !doc_check_persons(L, in->others, in->n_others, 0, "others") ||
	    !lay_need_date(L, in->start, "start") ||
	    !lay_need_date(L, in->posted_on, "posted_on") ||
	    (in->exit_inventory_on != PDFGEN_NO_DATE &&
	     !lay_need_date(L, in->exit_inventory_on, "exit_inventory_on")))
		return false;
	if (!stored_calendar(in->start, in->calendar, in->params, cal) || in->period < 0 ||
	    in->period >= cal->n_periods || in->base < 0) {
		lay_fail(L, PDFGEN_EINPUT, "params, period or base out of range");
		return false;
	}
	if (in->reach != NULL) {
		/* The notice as it was recorded: its run is printed, never judged again. */
		*reach = *in->reach;
		if (reach->period != in->period || in->posted_on >= reach->notified_on ||
		    reach->notified_on >= reach->run_from || reach->run_from > reach->run_to ||
		    reach->run_to > reach->end) {
			lay_fail(L, PDFGEN_EINPUT, "reach: not a notice run of this period");
			return false;
		}
		return true;
	}
	if (in->posted_on < in->start ||
	    !conv_notice_reach(cal, in->posted_on, in->period, reach)) {
		lay_fail(L, PDFGEN_EINPUT, "posted_on is outside the convention's calendar");
		return false;
	}
	if (reach->period != in->period) {
		char posted[BDATE_FR_LEN], deadline[BDATE_FR_LEN];

		bdate_format_fr(in->posted_on, posted);
		bdate_format_fr(cal->period[in->period].posting_deadline, deadline);
		lay_fail(L, PDFGEN_EINPUT,
			 "a notice posted on %s cannot end period %d (posting deadline %s)%s",
			 posted, in->period + 1, deadline,
			 reach->period >= 0
			     ? lay_fmt(L, "; it can end period %d", reach->period + 1)
			     : "; no period end of the calendar is reachable");
		return false;
	}
	return true;
}

static int notice_pass(const struct pdfgen_notice *in, struct pdfgen_result *out,
		       enum lay_pass pass)
{
	struct lay L;
	struct conv_calendar cal;
	struct conv_reach r;

	lay_begin(&L, false, pass);
	if (notice_valid(&L, in, &cal, &r)) {
		const char *end = lay_date(&L, r.end);

		lay_set_footer(&L, lay_fmt(&L, "Préavis – convention n° %s – %s", in->reference,
					   in->addressee.name));
		doc_letter_begin(&L, &in->op, &in->addressee, 1, &in->addressee_address,
				 in->posted_on, true, in->reference,
				 "préavis mettant fin à la convention d'occupation précaire");
		lay_textf(
		    &L, LAY_BODY,
		    "Par la présente lettre recommandée, %s met fin à la convention "
		    "d'occupation précaire qui vous permet d'occuper %s %s, au terme de sa %s "
		    "période, le %s.",
		    in->op.name, doc_unit_fr(in->unit.kind), doc_address(&L, &in->unit.address),
		    doc_period_fr(in->period), end);
		lay_textf(&L, LAY_BODY,
			  "Cette lettre est déposée à la poste le %s. Elle est réputée vous être "
			  "notifiée le %s, %de jour ouvrable qui suit son dépôt. Le préavis de %d "
			  "mois prend cours le %s et se termine le %s.",
			  lay_date(&L, in->posted_on), lay_date(&L, r.notified_on),
			  cal.lead_working_days, cal.notice_months, lay_date(&L, r.run_from),
			  lay_date(&L, r.run_to));
		lay_textf(&L, LAY_BODY,
			  "Vous devrez avoir libéré le logement et en avoir remis les clés au plus "
			  "tard le %s.%s",
			  end,
			  in->exit_inventory_on != PDFGEN_NO_DATE
			      ? lay_fmt(&L,
					" Nous vous proposons de dresser l'état des lieux de "
					"sortie, contradictoirement, le %s ; si cette date ne vous "
					"convient pas, prenez contact avec nous.",
					lay_date(&L, in->exit_inventory_on))
			      : "");
		lay_textf(
		    &L, LAY_BODY,
		    "Au-delà de cette date, vous occuperiez le logement sans titre ni droit et "
		    "l'indemnité de base de %s par mois serait due, l'indemnité réduite étant "
		    "supprimée.",
		    lay_money(&L, in->base));
		if (in->n_others > 0)
			lay_textf(
			    &L, LAY_BODY,
			    "Comme le prévoit la convention, un préavis identique est adressé "
			    "séparément, par lettre recommandée, à %s.",
			    doc_names(&L, in->others, in->n_others));
		lay_textf(&L, LAY_BODY,
			  "%s, qui vous accompagne, reste à votre disposition pour vous aider "
			  "dans la recherche d'un autre logement.",
			  doc_given(in->worker) ? in->worker : "Le travailleur social");
		doc_letter_end(&L, &in->op, &in->addressee, 1);
	}
	return lay_finish(&L, out);
}

int pdfgen_notice(const struct pdfgen_notice *in, struct pdfgen_result *out)
{
	return LAY_RUN(notice_pass, in, out);
}

/* ---- non-renewal --------------------------------------------------------- */

static bool nonrenewal_valid(struct lay *L, const struct pdfgen_nonrenewal *in,
			     struct conv_calendar *cal)
{
	if (!doc_check_operator(L, &in->op, false) ||
	    !lay_need_str(L, in->reference, "reference") || !doc_check_unit(L, &in->unit, false) ||
	    !doc_check_persons(L, in->addressees, in->n_addressees, 1, "addressees") ||
	    !lay_need_date(L, in->start, "start") ||
	    !lay_need_date(L, in->admitted_on, "admitted_on") ||
	    !lay_need_date(L, in->dated, "dated") ||
	    !lay_need_str(L, in->motivation, "motivation") ||
	    (in->hearing_on != PDFGEN_NO_DATE &&
	     (!lay_need_date(L, in->hearing_on, "hearing_on") ||
	      !lay_need_str(L, in->hearing_time, "hearing_time") ||
	      !lay_need_str(L, in->hearing_place, "hearing_place"))))
		return false;
	if (!stored_calendar(in->start, in->calendar, in->params, cal) || in->period < 0 ||
	    in->period + 1 >= cal->n_periods) {
		lay_fail(L, PDFGEN_EINPUT, "params or period out of range (no renewal possible)");
		return false;
	}
	if (in->n_rows < 1 || in->rows == NULL) {
		lay_fail(L, PDFGEN_EINPUT, "rows: the situation then and now is required");
		return false;
	}
	for (size_t i = 0; i < in->n_rows; i++)
		if (!lay_need_str(L, in->rows[i].topic, lay_fmt(L, "rows[%zu].topic", i)))
			return false;
	return true;
}

static int nonrenewal_pass(const struct pdfgen_nonrenewal *in, struct pdfgen_result *out,
			   enum lay_pass pass)
{
	struct lay L;
	struct conv_calendar cal;

	lay_begin(&L, false, pass);
	if (nonrenewal_valid(&L, in, &cal)) {
		const char *end = lay_date(&L, cal.period[in->period].end);
		const struct lay_col cols[3] = {
		    {"Élément", 1.0f, LAY_LEFT, LAY_BOLD},
		    {lay_fmt(&L, "À l'admission (%s)", lay_date(&L, in->admitted_on)), 1.6f,
		     LAY_LEFT, LAY_REGULAR},
		    {lay_fmt(&L, "Aujourd'hui (%s)", lay_date(&L, in->dated)), 1.6f, LAY_LEFT,
		     LAY_REGULAR},
		};
		bool hearing = in->hearing_on != PDFGEN_NO_DATE;

		lay_set_footer(&L,
			       lay_fmt(&L, "Non-renouvellement – convention n° %s", in->reference));
		doc_letter_begin(&L, &in->op, in->addressees, in->n_addressees, &in->unit.address,
				 in->dated, true, in->reference,
				 "non-renouvellement de la convention d'occupation précaire");
		lay_textf(&L, LAY_BODY,
			  "La convention d'occupation précaire relative à %s %s arrive au terme de "
			  "sa %s période le %s. Elle ne peut être renouvelée que si le ménage se "
			  "trouve toujours en état de précarité ou toujours privé de logement pour "
			  "un cas de force majeure.",
			  doc_unit_fr(in->unit.kind), doc_address(&L, &in->unit.address),
			  doc_period_fr(in->period), end);
		lay_textf(
		    &L, LAY_BODY,
		    "Après examen de votre situation, le gestionnaire %s de ne pas renouveler "
		    "la convention. Le tableau ci-dessous compare votre situation lors de "
		    "l'admission et aujourd'hui :",
		    hearing ? "envisage" : "a décidé");
		lay_table_begin(&L, cols, 3, 9.0f);
		for (size_t i = 0; i < in->n_rows; i++) {
			const char *row[3] = {in->rows[i].topic, in->rows[i].at_admission,
					      in->rows[i].now};

			lay_table_row(&L, row);
		}
		lay_table_end(&L);
		lay_text(&L, LAY_BODY, in->motivation);
		if (hearing)
			lay_textf(
			    &L, LAY_BODY,
			    "Avant toute décision définitive, nous vous invitons à être "
			    "%s le %s à %s, %s. Vous pourrez y faire valoir vos "
			    "observations et vous y faire accompagner de la personne de votre "
			    "choix.",
			    in->n_addressees > 1 ? "entendus" : "entendu(e)",
			    lay_date(&L, in->hearing_on), in->hearing_time, in->hearing_place);
		lay_textf(
		    &L, LAY_BODY,
		    "Le préavis mettant fin à la convention le %s vous sera notifié par lettre "
		    "recommandée adressée séparément à chacun des signataires.",
		    end);
		lay_textf(&L, LAY_BODY,
			  "%s, qui vous accompagne, reste à votre disposition pour vous aider "
			  "dans la recherche d'un autre logement.",
			  doc_given(in->worker) ? in->worker : "Le travailleur social");
		doc_letter_end(&L, &in->op, in->addressees, in->n_addressees);
	}
	return lay_finish(&L, out);
}

int pdfgen_nonrenewal(const struct pdfgen_nonrenewal *in, struct pdfgen_result *out)
{
	return LAY_RUN(nonrenewal_pass, in, out);
}

/* ---- record of hearing (PV d'audition) ----------------------------------- */

static bool hearing_valid(struct lay *L, const struct pdfgen_hearing *in)
{
	if (!doc_check_operator(L, &in->op, false) ||
	    !lay_need_str(L, in->reference, "reference") || !doc_check_unit(L, &in->unit, false) ||
	    !lay_need_date(L, in->held_on, "held_on") || !lay_need_str(L, in->time, "time") ||
	    !lay_need_str(L, in->place, "place") || !lay_need_str(L, in->subject, "subject") ||
	    !lay_need_str(L, in->occupant_statement, "occupant_statement") ||
	    !lay_need_str(L, in->conclusion, "conclusion"))
		return false;
	if (in->n_attendees < 1 || in->attendees == NULL) {
		lay_fail(L, PDFGEN_EINPUT, "attendees: at least one");
		return false;
	}
	for (size_t i = 0; i < in->n_attendees; i++)
		if (!lay_need_str(L, in->attendees[i].name, lay_fmt(L, "attendees[%zu].name", i)) ||
		    !lay_need_str(L, in->attendees[i].role, lay_fmt(L, "attendees[%zu].role", i)))
			return false;
	return true;
}

static int hearing_pass(const struct pdfgen_hearing *in, struct pdfgen_result *out,
			enum lay_pass pass)
{
	static const struct lay_col cols[2] = {
	    {"Nom", 1.0f, LAY_LEFT, LAY_BOLD},
	    {"Qualité", 1.4f, LAY_LEFT, LAY_REGULAR},
	};
	struct lay L;

	lay_begin(&L, false, pass);
	if (hearing_valid(&L, in)) {
		struct lay_sig *sig = calloc(in->n_attendees, sizeof(*sig));

		lay_set_footer(
		    &L, lay_fmt(&L, "Procès-verbal d'audition – convention n° %s", in->reference));
		doc_letterhead(&L, &in->op);
		lay_space(&L, 16.0f);
		lay_text(&L, LAY_TITLE, "Procès-verbal d'audition");
		lay_textf(&L, LAY_SUBTITLE, "Convention d'occupation précaire n° %s\n%s",
			  in->reference, doc_unit_line(&L, &in->unit));
		lay_textf(&L, LAY_BODY,
			  "Le %s à %s, à %s, étaient présents :", lay_date(&L, in->held_on),
			  in->time, in->place);
		lay_table_begin(&L, cols, 2, 9.5f);
		for (size_t i = 0; i < in->n_attendees; i++) {
			const char *row[2] = {in->attendees[i].name, in->attendees[i].role};

			lay_table_row(&L, row);
		}
		lay_table_end(&L);
		lay_text(&L, LAY_HEADING, "Objet de l'audition");
		lay_text(&L, LAY_BODY, in->subject);
		lay_text(&L, LAY_HEADING, "Déclarations de l'occupant");
		lay_text(&L, LAY_BODY, in->occupant_statement);
		if (doc_given(in->operator_statement)) {
			lay_text(&L, LAY_HEADING, "Observations du gestionnaire");
			lay_text(&L, LAY_BODY, in->operator_statement);
		}
		lay_text(&L, LAY_HEADING, "Suites convenues");
		lay_text(&L, LAY_BODY, in->conclusion);
		lay_text(&L, LAY_BODY,
			 "Le présent procès-verbal a été lu aux personnes présentes, qui ont été "
			 "invitées à le signer ; chacune en reçoit une copie. La signature atteste "
			 "la lecture du procès-verbal, non l'accord sur son contenu.");
		if (sig == NULL) {
			lay_fail(&L, PDFGEN_ENOMEM, "out of memory (signatures)");
		} else {
			for (size_t i = 0; i < in->n_attendees; i++)
				sig[i] = (struct lay_sig){in->attendees[i].role,
							  in->attendees[i].name, NULL};
			lay_space(&L, 8.0f);
			lay_signatures(&L,
				       lay_fmt(&L, "Fait à %s, le %s.", in->op.place,
					       lay_date(&L, in->held_on)),
				       sig, in->n_attendees);
		}
		free(sig);
	}
	return lay_finish(&L, out);
}

int pdfgen_hearing(const struct pdfgen_hearing *in, struct pdfgen_result *out)
{
	return LAY_RUN(hearing_pass, in, out);
}

/* ---- formal notice: sans titre ni droit --------------------------------- */

static bool overstay_valid(struct lay *L, const struct pdfgen_overstay *in)
{
	if (!doc_check_operator(L, &in->op, false) ||
	    !lay_need_str(L, in->reference, "reference") || !doc_check_unit(L, &in->unit, false) ||
	    !doc_check_persons(L, in->addressees, in->n_addressees, 1, "addressees") ||
	    !lay_need_date(L, in->ended_on, "ended_on") ||
	    !lay_need_date(L, in->leave_by, "leave_by") || !lay_need_date(L, in->dated, "dated") ||
	    !lay_need_str(L, in->canton, "canton"))
		return false;
	if (in->dated <= in->ended_on || in->leave_by < in->dated || in->base < 0 ||
	    in->arrears < 0) {
		lay_fail(
		    L, PDFGEN_EINPUT,
		    "the letter must follow the end, leave_by follow the letter, amounts >= 0");
		return false;
	}
	return true;
}

static int overstay_pass(const struct pdfgen_overstay *in, struct pdfgen_result *out,
			 enum lay_pass pass)
{
	struct lay L;

	lay_begin(&L, false, pass);
	if (overstay_valid(&L, in)) {
		const char *since = lay_date(&L, in->ended_on + 1);

		lay_set_footer(&L,
			       lay_fmt(&L, "Mise en demeure – convention n° %s", in->reference));
		doc_letter_begin(&L, &in->op, in->addressees, in->n_addressees, &in->unit.address,
				 in->dated, true, in->reference,
				 "mise en demeure – occupation sans titre ni droit");
		lay_textf(
		    &L, LAY_BODY,
		    "La convention d'occupation précaire n° %s relative à %s %s a pris fin le "
		    "%s. Depuis le %s, vous occupez ce logement sans titre ni droit.",
		    in->reference, doc_unit_fr(in->unit.kind), doc_address(&L, &in->unit.address),
		    lay_date(&L, in->ended_on), since);
		lay_textf(
		    &L, LAY_BODY,
		    "Nous vous mettons en demeure de libérer le logement et d'en remettre les "
		    "clés au plus tard le %s.",
		    lay_date(&L, in->leave_by));
		lay_textf(
		    &L, LAY_BODY,
		    "Depuis le %s, l'indemnité d'occupation due est l'indemnité de base de %s "
		    "(%s) par mois, l'indemnité réduite étant supprimée comme le prévoit la "
		    "convention.%s",
		    since, lay_money(&L, in->base), lay_words(&L, in->base),
		    in->arrears > 0 ? lay_fmt(&L,
					      " À la date de la présente, un montant de %s "
					      "reste dû.",
					      lay_money(&L, in->arrears))
				    : "");
		if (doc_given(in->mediator))
			lay_textf(&L, LAY_BODY,
				  "%s, qui n'a pas pris part à votre accompagnement, peut vous "
				  "recevoir pour chercher avec vous une solution amiable.",
				  in->mediator);
		lay_textf(&L, LAY_BODY,
			  "À défaut de départ à cette date, le gestionnaire introduira une demande "
			  "de conciliation devant le juge de paix du canton %s, préalable à "
			  "toute demande d'expulsion.",
			  doc_de(&L, in->canton));
		doc_letter_end(&L, &in->op, in->addressees, in->n_addressees);
	}
	return lay_finish(&L, out);
}

int pdfgen_overstay(const struct pdfgen_overstay *in, struct pdfgen_result *out)
{
	return LAY_RUN(overstay_pass, in, out);
}

/* ---- attestation of occupancy ------------------------------------------- */

static bool attestation_valid(struct lay *L, const struct pdfgen_attestation *in)
{
	if (!doc_check_operator(L, &in->op, false) ||
	    !lay_need_str(L, in->reference, "reference") || !doc_check_unit(L, &in->unit, false) ||
	    !doc_check_persons(L, in->members, in->n_members, 1, "members") ||
	    !lay_need_date(L, in->since, "since") || !lay_need_date(L, in->dated, "dated") ||
	    (in->until != PDFGEN_NO_DATE && !lay_need_date(L, in->until, "until")))
		return false;
	if (in->dated < in->since || (in->until != PDFGEN_NO_DATE && in->until < in->since)) {
		lay_fail(L, PDFGEN_EINPUT, "since must precede until and the attestation's date");
		return false;
	}
	if (in->overstay &&
	    (!lay_need_date(L, in->ended_on, "ended_on") || in->ended_on < in->since ||
	     in->ended_on >= in->dated || in->until != PDFGEN_NO_DATE)) {
		lay_fail(L, PDFGEN_EINPUT,
			 "ended_on: between since and the attestation's date, while still there");
		return false;
	}
	return true;
}

static int attestation_pass(const struct pdfgen_attestation *in, struct pdfgen_result *out,
			    enum lay_pass pass)
{
	struct lay L;

	lay_begin(&L, false, pass);
	if (attestation_valid(&L, in)) {
		const struct lay_sig sig = {
		    "Pour le gestionnaire", in->op.signatory_name,
		    lay_fmt(&L, "%s, %s", in->op.signatory_role, in->op.name)};
		const char *where = lay_fmt(&L, "le logement de transit situé %s (référence %s)",
					    doc_address(&L, &in->unit.address), in->unit.name);

		lay_set_footer(
		    &L, lay_fmt(&L, "Attestation d'occupation – convention n° %s", in->reference));
		doc_letterhead(&L, &in->op);
		lay_space(&L, 24.0f);
		lay_text(&L, LAY_TITLE, "Attestation d'occupation d'un logement de transit");
		lay_text(&L, LAY_SUBTITLE,
			 "En vue des points de priorité pour l'attribution d'un logement public");
		lay_textf(&L, LAY_BODY,
			  "Le gestionnaire de logements de transit %s, représenté par %s, %s, "
			  "atteste que le ménage composé de :",
			  in->op.name, in->op.signatory_name, in->op.signatory_role);
		for (size_t i = 0; i < in->n_members; i++)
			lay_item(&L, doc_person(&L, &in->members[i]));
		lay_space(&L, 4.0f);
		if (in->until != PDFGEN_NO_DATE)
			lay_textf(&L, LAY_BODY,
				  "a occupé %s du %s au %s, en vertu d'une convention d'occupation "
				  "précaire (n° %s).",
				  where, lay_date(&L, in->since), lay_date(&L, in->until),
				  in->reference);
		else if (in->overstay)
			/* Overstay: the convention no longer gives a title, and an
			 * attestation must not say it does (issue 13 item 11). */
			lay_textf(&L, LAY_BODY,
				  "a occupé %s du %s au %s, en vertu d'une convention d'occupation "
				  "précaire (n° %s) qui a pris fin à cette date. Depuis le %s, le "
				  "ménage occupe ce logement sans titre ni droit ; il l'occupe "
				  "toujours à la date de la présente attestation.",
				  where, lay_date(&L, in->since), lay_date(&L, in->ended_on),
				  in->reference, lay_date(&L, in->ended_on + 1));
		else
			lay_textf(&L, LAY_BODY,
				  "occupe %s depuis le %s, en vertu d'une convention d'occupation "
				  "précaire (n° %s), et l'occupe toujours à la date de la présente "
				  "attestation.",
				  where, lay_date(&L, in->since), in->reference);
		lay_text(
		    &L, LAY_BODY,
		    "La présente attestation est délivrée à la demande de l'intéressé(e), pour "
		    "faire valoir ce que de droit, notamment auprès d'une société de logement "
		    "de service public, en vue des points de priorité reconnus aux ménages qui "
		    "occupent un logement de transit.");
		lay_space(&L, 14.0f);
		lay_signatures(
		    &L, lay_fmt(&L, "Fait à %s, le %s.", in->op.place, lay_date(&L, in->dated)),
		    &sig, 1);
	}
	return lay_finish(&L, out);
}

int pdfgen_attestation(const struct pdfgen_attestation *in, struct pdfgen_result *out)
{
	return LAY_RUN(attestation_pass, in, out);
}
