/*
 * Input decoding (api/in_<resource>.c): each resource's JSON body read and
 * validated into a plain struct, without the database, the clock or a
 * request, so that handlers, the fuzz harnesses (tests/fuzz/) and the unit
 * tests (tests/unit/test_input_<resource>.c) call the same code.
 *
 * Every reader has the form
 *
 *	void in_<resource>_read(json_t *body, struct in_<resource> *out, json_t **errors);
 *
 * It refuses unknown members, adds one {field, code, message} to *errors
 * per problem (api_field_error) and leaves the problem response to the
 * handler (a 422 with the resource's title). Strings in *out point into
 * body: body must outlive *out. Checks that need the database (does the
 * unit exist, is the household the caller's) stay in the handler.
 *
 * Field limits come from api/field_limits.h, never a literal here.
 */
#ifndef TRANSITD_API_INPUT_H
#define TRANSITD_API_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "bdate.h"
#include "conv.h"
#include "field_limits.h"
#include "ident.h"

/* ---- units and buildings (in_units.c) ---- */

/* The SQL enums unit_kind, unit_status and room_kind (sql/003_units.sql),
 * in their order; NULL-terminated. */
extern const char *const in_unit_kinds[];
extern const char *const in_unit_statuses[];
extern const char *const in_room_kinds[];
/* The members each body may have. */
extern const char *const in_building_fields[];
extern const char *const in_unit_fields[];
extern const char *const in_room_fields[];

/* A Belgian postal code: four digits, the first not 0. */
bool in_postal_code_ok(const char *s);

struct in_building {
	const char *name, *street, *house_number, *postal_code, *commune;
	bool has_common_parts;
};
void in_building_read(json_t *body, struct in_building *out, json_t **errors);

/* One room; kind indexes in_room_kinds. */
struct in_room {
	const char *name;
	int kind;
	int64_t area_dm2;
	bool habitable, shared;
};
/* kind and status index in_unit_kinds and in_unit_statuses; floor,
 * provision, subsidised, furnished and status hold their defaults when
 * absent. rooms[0..n_rooms) are meaningful when no error was added. */
struct in_unit {
	int64_t building_id, floor, base, provision;
	bool has_building, collective, subsidised, furnished;
	const char *name, *street, *house_number, *box, *postal_code, *commune;
	int kind, status;
	int n_rooms;
	struct in_room rooms[LIM_UNIT_ROOMS];
};
/* Errors of a room are named rooms[i].field. */
void in_unit_read(json_t *body, struct in_unit *out, json_t **errors);

/* ---- households, members, incomes and their records (in_households.c) ---- */

/* The names of the enums are in api/households.h. Dates of facts already
 * recorded (mediation start, attestation, event, degradation) and birth
 * dates must not be after `today`. Enum members are indexes into the
 * households.h lists. */

extern const char *const in_household_fields[];
extern const char *const in_member_fields[];
extern const char *const in_income_fields[];
extern const char *const in_mediation_fields[];
extern const char *const in_patrimony_fields[];
extern const char *const in_attestation_fields[];
extern const char *const in_force_majeure_fields[];
extern const char *const in_degradation_fields[];

/* The checks of contact_phone and contact_email beyond their length. */
bool in_phone_ok(const char *s);
bool in_email_ok(const char *s);

struct in_household {
	const char *reference, *phone, *email;
};
void in_household_read(json_t *body, struct in_household *out, json_t **errors);

struct in_member {
	const char *first, *last;
	char birth[BDATE_ISO_LEN];
	int sex, relation;
	bool dependent, emancipated, has_nrn;
	struct ident_nrn nrn;
};
void in_member_read(json_t *body, bdate_t today, struct in_member *out, json_t **errors);

/* taxable defaults to false for the kinds that never are (RIS, GRAPA,
 * disability and family allowances), else true. */
struct in_income {
	int kind, basis, periodicity;
	bool taxable, has_year;
	int64_t amount, year;
	const char *evidence;
};
void in_income_read(json_t *body, struct in_income *out, json_t **errors);
/* Whether an income of this kind (index of household_income_kinds) is
 * never taxable (the incomes_exempt_kinds constraint). */
bool in_income_kind_exempt(int kind);

struct in_mediation {
	const char *service, *approval;
	int64_t charges;
	bool has_since;
	char since[BDATE_ISO_LEN];
};
void in_mediation_read(json_t *body, bdate_t today, struct in_mediation *out, json_t **errors);

/* attestation: {reference, date, issuer, finding} or absent/null; its
 * errors are named attestation.field. */
struct in_patrimony {
	bool has_member, has_attestation;
	int64_t member;
	int holding, issuer, finding;
	const char *dwelling, *att_ref;
	char att_date[BDATE_ISO_LEN];
};
void in_patrimony_read(json_t *body, bdate_t today, struct in_patrimony *out, json_t **errors);

/* proofs: the proof_references array of body, every element checked. */
struct in_force_majeure {
	int category;
	bool has_event;
	char event[BDATE_ISO_LEN];
	const char *justification;
	json_t *proofs;
};
void in_force_majeure_read(json_t *body, bdate_t today, struct in_force_majeure *out,
			   json_t **errors);

struct in_degradation {
	int reason;
	bool has_since;
	char since[BDATE_ISO_LEN];
	int64_t six_month;
	const char *evidence;
};
void in_degradation_read(json_t *body, bdate_t today, struct in_degradation *out, json_t **errors);

/* ---- admission checks (in_admission.c) ---- */

/* The SQL enum admission_ground_asked, in its order; NULL-terminated. */
extern const char *const in_admission_grounds[];
extern const char *const in_admission_check_fields[];

/* asked indexes in_admission_grounds; start is read when has_start. */
struct in_admission_check {
	int64_t unit;
	int asked;
	bool has_start;
	bdate_t start;
};
void in_admission_check_read(json_t *body, struct in_admission_check *out, json_t **errors);
/* The start date's range, once the legal parameter admission_check_max_age_days
 * in force on it is known: not before today (the check's date), at most
 * max_age days after it. */
void in_admission_start_check(bdate_t start, bdate_t today, int64_t max_age, json_t **errors);

/* ---- conventions (in_conventions.c) ---- */

/* The readers of this section and of the next two start from a zeroed *out. */

/* A limit as text, for the messages that state it ("1 to 16 items"). */
#define IN_LIMIT_TEXT_(n) #n
#define IN_LIMIT_TEXT(n)  IN_LIMIT_TEXT_(n)

/* POST /conventions: {admission_check_id}. */
struct in_convention_create {
	int64_t admission_check_id;
};
void in_convention_create_read(json_t *body, struct in_convention_create *out, json_t **errors);

/* The names of exit_reason and destination_type, NULL-terminated; the
 * readers give their index. */
extern const char *const in_convention_exit_reasons[];
extern const char *const in_convention_destination_types[];

/*
 * The body of an action on a convention, which `action` (enum conv_action
 * of core/conv.h) names: sign {signed_on, signatories}, renew
 * {admission_check_id}, give notice {letters: [{member_id, posted_on}]}, end
 * {departure_on, exit_reason, destination_type, destination_commune,
 * rental_guarantee_cents, adel}; activate, mark overstay and cancel take no
 * member. Unknown members are refused first, then the action's own are
 * read. Only the members of the action are set.
 */
struct in_convention_action {
	bdate_t date;	   /* signed_on, departure_on */
	int64_t check_id;  /* renew's admission_check_id */
	int n;		   /* signatories, or letters */
	int64_t member[LIM_CONVENTION_PERSONS_MAX]; /* distinct member ids */
	bdate_t posted[LIM_CONVENTION_PERSONS_MAX]; /* the letters' posted_on */
	int exit_reason, destination_type;	     /* indexes in the lists above */
	const char *commune;			     /* NULL when not given */
	int64_t guarantee;
	bool adel;
};
void in_convention_action_read(json_t *body, enum conv_action action,
			       struct in_convention_action *out, json_t **errors);
/* Whether the action has members to send (the others accept no body). */
bool in_convention_action_has_body(enum conv_action action);
/* The members the action's body may have, NULL-terminated. */
const char *const *in_convention_action_fields(enum conv_action action);
/* An error of item i of the array `name`, named name[i] or name[i].field
 * (field NULL): the readers' and the handlers' checks of the items. */
void in_item_error(json_t **errors, const char *name, size_t i, const char *field,
		   const char *code, const char *message);

/* ---- accompaniment (in_accompaniment.c) ---- */

/* PUT /conventions/{id}/plan. The lists point into body: 1 to
 * LIM_PLAN_TEXTS_MAX non-empty texts each, as JSON arrays. */
struct in_accompaniment_plan {
	int64_t worker_user_id;
	int64_t rental_guarantee_target_cents; /* 0 when not given */
	int n_persons;
	int64_t persons[LIM_CONVENTION_PERSONS_MAX]; /* distinct member ids */
	json_t *lists[3]; /* objectives, initiatives, indicators */
};
void in_accompaniment_plan_read(json_t *body, struct in_accompaniment_plan *out,
				json_t **errors);
extern const char *const in_accompaniment_plan_fields[]; /* its members, NULL-terminated */

/* POST /conventions/{id}/log: {occurred_on (not after today), kind, summary}. */
extern const char *const in_accompaniment_log_kinds[]; /* NULL-terminated */
struct in_accompaniment_log {
	bdate_t occurred_on;
	int kind; /* index in in_accompaniment_log_kinds */
	const char *summary;
};
void in_accompaniment_log_read(json_t *body, bdate_t today, struct in_accompaniment_log *out,
			       json_t **errors);

/* POST /conventions/{id}/savings: {saved_on (not after today), amount_cents
 * (a deposit > 0 or a withdrawal < 0), note}. */
struct in_guarantee_saving {
	bdate_t saved_on;
	int64_t amount_cents;
	const char *note; /* NULL when not given */
};
void in_guarantee_saving_read(json_t *body, bdate_t today, struct in_guarantee_saving *out,
			      json_t **errors);

/* ---- logbooks (in_logbook.c) ---- */

/* POST /units/{id}/logbook and /buildings/{id}/logbook. */
enum in_logbook_kind {
	IN_LOGBOOK_OBSERVATION,
	IN_LOGBOOK_VISIT,
	IN_LOGBOOK_SAFETY_CHECK,
	IN_LOGBOOK_CORRECTION
};
extern const char *const in_logbook_kinds[]; /* NULL-terminated, in the enum's order */
extern const char *const in_logbook_entry_fields[]; /* its members, NULL-terminated */
/* The four points of a safety check, in the order of check[]. */
extern const char *const in_logbook_checks[4];
struct in_logbook_entry {
	int kind; /* enum in_logbook_kind */
	bdate_t entry_date, informed_on, action_on;
	bool has_informed_on, has_action_on, has_consent, consent;
	bool has_check[4], check[4];
	int64_t corrects_id;
	bool has_corrects;
	const char *problem, *location, *measure, *informed_whom, *action_taken, *action_by;
};
/* is_unit: a unit's logbook (visits need consent, safety checks are
 * recorded there), else a building's; today: entry_date not after it. */
void in_logbook_entry_read(json_t *body, bool is_unit, bdate_t today,
			   struct in_logbook_entry *out, json_t **errors);

/* ---- letters (in_letters.c) ---- */

/* The letters' texts are written by their author and not stored: the
 * request carries them (h_letters.c renders and audits them). */
struct in_letter_row {
	const char *topic, *at_admission, *now;
};

/* POST .../letters/non-renewal.pdf: 1..LIM_LETTER_ROWS_MAX rows; dated is
 * today when not given; with has_hearing, an invitation to be heard not
 * before the letter's date. */
struct in_letter_nonrenewal {
	bdate_t dated;
	const char *motivation, *worker;
	struct in_letter_row rows[LIM_LETTER_ROWS_MAX];
	size_t n_rows;
	bool has_hearing; /* then hearing_on is a date when no error was added */
	bdate_t hearing_on;
	const char *hearing_time, *hearing_place;
};
void in_letter_nonrenewal_read(json_t *body, bdate_t today, struct in_letter_nonrenewal *out,
			       json_t **errors);

struct in_letter_attendee {
	const char *name, *role;
};

/* POST .../letters/hearing.pdf: a hearing held on a day not after today. */
struct in_letter_hearing {
	bdate_t held_on;
	const char *time, *place, *subject, *occupant, *op_statement, *conclusion;
	struct in_letter_attendee attendees[LIM_LETTER_ROWS_MAX];
	size_t n_attendees;
};
void in_letter_hearing_read(json_t *body, bdate_t today, struct in_letter_hearing *out,
			    json_t **errors);

/* POST .../letters/overstay.pdf: dated is today when not given, leave_by not
 * before it; arrears 0 when not given. */
struct in_letter_overstay {
	bdate_t leave_by, dated;
	const char *canton, *mediator;
	int64_t arrears;
};
void in_letter_overstay_read(json_t *body, bdate_t today, struct in_letter_overstay *out,
			     json_t **errors);

/* The members each letter's objects know, NULL-terminated (the fuzz
 * harness counts unknown ones): the body of each letter, a situation row,
 * the invitation to a hearing, an attendee. */
extern const char *const in_letter_nonrenewal_fields[];
extern const char *const in_letter_row_fields[];
extern const char *const in_letter_invitation_fields[];
extern const char *const in_letter_hearing_fields[];
extern const char *const in_letter_attendee_fields[];
extern const char *const in_letter_overstay_fields[];

/* ---- billing and payments (in_billing.c, in_payments.c) ---- */

/* "YYYY-MM" -> the first day of that month (also the invoices' ?month=). */
bool in_month_parse(const char *s, bdate_t *first);

/* POST /billing/runs {month}. Whether the month may be billed yet (a
 * problem of its own, not a field error) is the handler's. */
struct in_billing_run {
	bdate_t first; /* the month's first day */
};
void in_billing_run_read(json_t *body, struct in_billing_run *out, json_t **errors);

/* The SQL enum payment_method, in order, NULL-terminated. */
extern const char *const in_payment_methods[];

/* POST /payments: paid on or before today; the household given, or named
 * by the structured communication (the handler's SQL finds which). */
struct in_payment {
	bool has_household;
	int64_t household;
	bdate_t paid_on;
	int64_t amount;
	int method; /* index in in_payment_methods */
	const char *payer;
	bool has_communication;
	char communication[IDENT_OGM_LEN]; /* normalised "+++DDD/DDDD/DDDDD+++" */
	uint64_t communication_base;
};
void in_payment_read(json_t *body, bdate_t today, struct in_payment *out, json_t **errors);

/* POST /payments/{id}/reversal {reason, reversed_on?}: reversed_on defaults
 * to today and is not after it (not before the payment: the handler's). */
struct in_reversal {
	const char *reason;
	bdate_t on;
};
void in_reversal_read(json_t *body, bdate_t today, struct in_reversal *out, json_t **errors);

/* ---- alerts and calendar tokens (in_alerts.c) ---- */

/* POST /alerts/{id}/acknowledge and /resolve: {comment}, 1 to
 * LIM_ALERT_COMMENT_MAX bytes, several lines allowed. */
struct in_alert_action {
	const char *comment; /* NULL when refused */
};
void in_alert_action_read(json_t *body, struct in_alert_action *out, json_t **errors);
/* POST /calendar-tokens: no member is defined; an empty object is valid. */
void in_calendar_token_read(json_t *body, json_t **errors);

/* ---- parameters (in_parameters.c) ---- */

/* A parameter key: lower-case letters, digits and '_', a letter first, 1 to
 * LIM_PARAMETER_KEY_MAX bytes (also the GET query's ?key=). */
bool in_parameter_key_valid(const char *key);
/*
 * POST /parameters and `transitd parameter add` (the command's arguments
 * go through this reader as the same JSON object): {key, valid_from,
 * value, unit, source?, confirmed, correction?}. value is a non-negative
 * decimal text, whole unless unit starts with "EUR"; confirmed one of
 * "yes", "no", "product decision". Pointers may be set even when another
 * field was refused; use *out only when no error was added.
 */
struct in_parameter {
	const char *key, *valid_from, *unit, *source, *confirmed;
	bdate_t from;	/* valid_from parsed */
	char value[32]; /* the value normalised ("17000.00") */
	int64_t cents;	/* the value in hundredths */
	bool correction;
};
void in_parameter_read(json_t *body, struct in_parameter *out, json_t **errors);

/* ---- the operator's profile (in_operator.c) ---- */

/* PUT /api/v1/operator: a name; the address whole or not at all; the
 * signatory with a name and a role or neither; a Belgian IBAN (has_iban)
 * and a structured communication base (has_ogm_base), each optional. A
 * member left out or null clears the detail. */
struct in_operator {
	const char *name, *street, *house_number, *box, *postal_code, *commune, *place, *contact,
	    *signatory_name, *signatory_role;
	struct ident_iban iban;
	bool has_iban, has_ogm_base;
	int64_t ogm_base;
};
void in_operator_read(json_t *body, struct in_operator *out, json_t **errors);
/* Its members, NULL-terminated (the fuzz harness counts unknown ones). */
extern const char *const in_operator_fields[];

#endif
