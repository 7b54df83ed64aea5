/*
 * Convention calendar and state machine: examples C1-C4 of
 * shared/domain/examples.md, calendar properties for every start date of
 * 2024-2031, and every state x action pair against the transition table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "test_support.h"

#include "conv.h"

/* Compares dates as ISO strings so that a failure prints readable dates. */
#define assert_date(actual, y, m, d)                                                               \
	do {                                                                                       \
		char a_[BDATE_ISO_LEN], e_[BDATE_ISO_LEN];                                         \
		bdate_format_iso((actual), a_);                                                    \
		bdate_format_iso(D((y), (m), (d)), e_);                                            \
		assert_string_equal(a_, e_);                                                       \
	} while (0)

static struct conv_calendar calendar_of(bdate_t start)
{
	struct params p = params_2026();
	struct conv_calendar cal;

	assert_true(conv_calendar(start, &p, &cal));
	return cal;
}

/* ---- C1-C4 ------------------------------------------------------------- */

static void test_C1(void **state)
{
	struct conv_calendar cal = calendar_of(D(2026, 1, 15));

	(void)state;
	assert_int_equal(cal.n_periods, 2);
	assert_date(cal.period[0].start, 2026, 1, 15);
	assert_date(cal.period[0].end, 2026, 7, 14);
	assert_date(cal.period[1].start, 2026, 7, 15);
	assert_date(cal.period[1].end, 2027, 1, 14);
	assert_date(cal.period[0].latest_notification, 2026, 3, 31);
	assert_date(cal.period[0].posting_deadline, 2026, 3, 27);
	assert_date(cal.period[1].latest_notification, 2026, 9, 30);
	/* A Saturday: Sunday 27 does not count, Mon 28, Tue 29, Wed 30. */
	assert_date(cal.period[1].posting_deadline, 2026, 9, 26);
	assert_int_equal(bdate_weekday(cal.period[1].posting_deadline), 5);
}

static void test_C2(void **state)
{
	struct conv_calendar cal = calendar_of(D(2026, 2, 1));
	bdate_t deemed;

	(void)state;
	assert_date(cal.period[0].end, 2026, 7, 31);
	assert_date(cal.period[1].end, 2027, 1, 31);
	assert_date(cal.period[0].latest_notification, 2026, 4, 30);
	assert_date(cal.period[0].posting_deadline, 2026, 4, 27);
	assert_date(cal.period[1].latest_notification, 2026, 10, 31);
	assert_date(cal.period[1].posting_deadline, 2026, 10, 28);
	/* Posting on the 28th reaches Saturday 2 May, 1 May being a holiday. */
	assert_true(conv_deemed_notification(D(2026, 4, 28), 3, &deemed));
	assert_date(deemed, 2026, 5, 2);
	assert_true(conv_deemed_notification(D(2026, 4, 27), 3, &deemed));
	assert_date(deemed, 2026, 4, 30);
}

static void test_C3(void **state)
{
	struct conv_calendar cal = calendar_of(D(2026, 8, 31));

	(void)state;
	assert_date(cal.period[0].end, 2027, 2, 28);
	assert_date(cal.period[1].start, 2027, 3, 1);
	/* From the original start: no drift to the 27th. */
	assert_date(cal.period[1].end, 2027, 8, 30);
	assert_date(cal.period[0].latest_notification, 2026, 11, 30);
	assert_date(cal.period[0].posting_deadline, 2026, 11, 26);
	assert_date(cal.period[1].latest_notification, 2027, 4, 30);
	assert_date(cal.period[1].posting_deadline, 2027, 4, 27);
}

static void test_C4(void **state)
{
	bdate_t from, to;

	(void)state;
	assert_true(conv_notice_run(D(2026, 3, 10), 3, &from, &to));
	assert_date(from, 2026, 4, 1);
	assert_date(to, 2026, 6, 30);
	/* Notified on the last day of a month: still starts the next month. */
	assert_true(conv_notice_run(D(2026, 11, 30), 3, &from, &to));
	assert_date(from, 2026, 12, 1);
	assert_date(to, 2027, 2, 28);
}

/* ---- calendar primitives ---------------------------------------------- */

static void test_latest_notification_rule(void **state)
{
	bdate_t ln;

	(void)state;
	/* Last day of its month: month(E) - 3. */
	assert_true(conv_latest_notification(D(2026, 12, 31), 3, &ln));
	assert_date(ln, 2026, 9, 30);
	/* Otherwise month(E) - 4. */
	assert_true(conv_latest_notification(D(2026, 12, 30), 3, &ln));
	assert_date(ln, 2026, 8, 31);
	/* Generalised to other notice lengths. */
	assert_true(conv_latest_notification(D(2026, 12, 31), 1, &ln));
	assert_date(ln, 2026, 11, 30);
	assert_true(conv_latest_notification(D(2027, 2, 14), 2, &ln));
	assert_date(ln, 2026, 11, 30);
	assert_false(conv_latest_notification(D(2026, 12, 31), 0, &ln));
	assert_false(conv_latest_notification(D(2026, 12, 31), 25, &ln));
}

static void test_primitives_refuse_bad_arguments(void **state)
{
	bdate_t a, b;
	struct params p = params_2026();
	struct conv_calendar cal;

	(void)state;
	assert_false(conv_deemed_notification(D(2026, 1, 5), 0, &a));
	assert_false(conv_deemed_notification(D(2026, 1, 5), 31, &a));
	assert_false(conv_posting_deadline(D(2026, 3, 31), 0, &a));
	assert_false(conv_notice_run(D(2026, 3, 10), 0, &a, &b));
	assert_false(conv_notice_run(D(2026, 3, 10), 25, &a, &b));
	/* Dates at the edge of the supported range. */
	assert_false(conv_notice_run(D(2199, 12, 10), 3, &a, &b));
	assert_false(conv_latest_notification(D(1900, 2, 14), 3, &a));
	assert_false(conv_posting_deadline(D(1900, 1, 2), 3, &a));
	assert_false(conv_calendar(D(2199, 9, 1), &p, &cal));

	p.value[PARAM_PERIOD_MONTHS] = 0;
	assert_false(conv_calendar(D(2026, 1, 1), &p, &cal));
	p = params_2026();
	p.value[PARAM_MAX_PERIODS] = CONV_MAX_PERIODS + 1;
	assert_false(conv_calendar(D(2026, 1, 1), &p, &cal));
	p = params_2026();
	p.value[PARAM_NOTICE_MONTHS] = 0;
	assert_false(conv_calendar(D(2026, 1, 1), &p, &cal));
	p = params_2026();
	p.value[PARAM_REGISTERED_MAIL_LEAD_DAYS] = 0;
	assert_false(conv_calendar(D(2026, 1, 1), &p, &cal));

	cal = calendar_of(D(2026, 1, 15));
	assert_false(conv_renewal_deadline(&cal, -1, &a));
	assert_false(conv_renewal_deadline(&cal, 2, &a));
	assert_true(conv_renewal_deadline(&cal, 0, &a));
	assert_date(a, 2026, 3, 27);
	assert_int_equal(conv_reachable_period(&cal, D(2026, 1, 20), -1), -1);
}

static void test_brussels_profile(void **state)
{
	struct params p = params_2026();
	struct conv_calendar cal;

	(void)state;
	p.value[PARAM_MAX_PERIODS] = 3;
	assert_true(conv_calendar(D(2026, 8, 31), &p, &cal));
	assert_int_equal(cal.n_periods, 3);
	assert_date(cal.period[2].start, 2027, 8, 31);
	assert_date(cal.period[2].end, 2028, 2, 29); /* leap year */
	assert_date(cal.period[2].latest_notification, 2027, 11, 30);
}

static void test_reachable_period(void **state)
{
	struct conv_calendar cal = calendar_of(D(2026, 1, 15));

	(void)state;
	assert_int_equal(conv_reachable_period(&cal, D(2026, 3, 31), 0), 0);
	assert_int_equal(conv_reachable_period(&cal, D(2026, 4, 1), 0), 1);
	assert_int_equal(conv_reachable_period(&cal, D(2026, 9, 30), 0), 1);
	assert_int_equal(conv_reachable_period(&cal, D(2026, 10, 1), 0), -1);
	assert_int_equal(conv_reachable_period(&cal, D(2026, 1, 20), 1), 1);
	assert_int_equal(conv_reachable_period(&cal, D(2026, 1, 20), 2), -1);
}

/* C2: posting on the deadline reaches E1; the next day only E2; after E2's deadline nothing. */
static void test_notice_reach_from_posting_date(void **state)
{
	struct conv_calendar cal = calendar_of(D(2026, 2, 1));
	struct conv_reach r;

	(void)state;
	assert_true(conv_notice_reach(&cal, D(2026, 4, 27), 0, &r));
	assert_date(r.notified_on, 2026, 4, 30);
	assert_date(r.run_from, 2026, 5, 1);
	assert_date(r.run_to, 2026, 7, 31);
	assert_int_equal(r.period, 0);
	assert_date(r.end, 2026, 7, 31);
	assert_date(r.posting_deadline, 2026, 4, 27);

	assert_true(conv_notice_reach(&cal, D(2026, 4, 28), 0, &r));
	assert_date(r.notified_on, 2026, 5, 2);
	assert_date(r.run_from, 2026, 6, 1);
	assert_date(r.run_to, 2026, 8, 31);
	assert_int_equal(r.period, 1);
	assert_date(r.end, 2027, 1, 31);
	assert_date(r.posting_deadline, 2026, 10, 28);

	assert_true(conv_notice_reach(&cal, D(2026, 10, 29), 0, &r));
	assert_int_equal(r.period, -1);
	assert_int_equal(r.end, 0);

	assert_false(conv_notice_reach(&cal, D(2199, 12, 31), 0, &r));
	assert_false(conv_notice_reach(&cal, D(2199, 11, 2), 0, &r));
}

static void test_final_end(void **state)
{
	struct conv_calendar cal = calendar_of(D(2026, 1, 15));

	(void)state;
	assert_int_equal(conv_final_end(&cal, CONV_ACTIVE, 1), D(2027, 1, 14));
	assert_int_equal(conv_final_end(&cal, CONV_RENEWED, 2), D(2027, 1, 14));
	assert_int_equal(conv_final_end(&cal, CONV_NOTICE_GIVEN, 1), D(2026, 7, 14));
	assert_int_equal(conv_final_end(&cal, CONV_OVERSTAY, 1), D(2026, 7, 14));
	assert_int_equal(conv_final_end(&cal, CONV_ENDED, 2), D(2027, 1, 14));
	assert_int_equal(conv_final_end(&cal, CONV_ACTIVE, 0), -1);
	assert_int_equal(conv_final_end(&cal, CONV_ACTIVE, 3), -1);
}

/*
 * Every start date of 2024-2031: periods chain, posting deadlines are
 * working days that arrive in time and are the latest such day, and a notice
 * notified on the latest notification date has run by the period end while
 * one notified a day later has not.
 */
static void test_calendar_properties_every_start(void **state)
{
	int checked = 0;

	(void)state;
	for (bdate_t s = D(2024, 1, 1); s <= D(2031, 12, 31); s++) {
		struct conv_calendar cal = calendar_of(s);
		bdate_t e1, e2;

		assert_true(bdate_period_end(s, 6, &e1));
		assert_true(bdate_period_end(s, 12, &e2));
		assert_int_equal(cal.period[0].start, s);
		assert_int_equal(cal.period[0].end, e1);
		assert_int_equal(cal.period[1].end, e2);
		assert_int_equal(cal.period[1].start, e1 + 1);
		assert_true(e1 < e2);
		assert_true(e1 > s);

		for (int k = 0; k < cal.n_periods; k++) {
			const struct conv_period *pe = &cal.period[k];
			bdate_t deemed, run_from, run_to, next_wd;

			assert_true(bdate_is_working_day(pe->posting_deadline));
			assert_true(conv_deemed_notification(pe->posting_deadline, 3, &deemed));
			assert_true(deemed <= pe->latest_notification);
			assert_true(bdate_nth_working_day_after(pe->posting_deadline, 1, &next_wd));
			assert_true(conv_deemed_notification(next_wd, 3, &deemed));
			assert_true(deemed > pe->latest_notification);
			/* No working day between the deadline and the next one is in time. */
			for (bdate_t d = pe->posting_deadline + 1; d < next_wd; d++)
				assert_false(bdate_is_working_day(d));

			assert_true(
			    conv_notice_run(pe->latest_notification, 3, &run_from, &run_to));
			assert_true(run_to <= pe->end);
			assert_int_equal(run_from, bdate_end_of_month(pe->latest_notification) + 1);
			assert_true(
			    conv_notice_run(pe->latest_notification + 1, 3, &run_from, &run_to));
			assert_true(run_to > pe->end);

			assert_int_equal(conv_reachable_period(&cal, pe->latest_notification, 0),
					 k);
			checked++;
		}
	}
	assert_int_equal(checked, 2 * 2922);
}

/* ---- state machine: table ---------------------------------------------- */

/* clang-format off */
/* The table written out independently of conv.c: -1 means refused. */
static const int expected_next[CONV_STATE_COUNT][CONV_ACTION_COUNT] = {
    /* sign, activate, renew, give_notice, end, overstay, cancel */
    [CONV_DRAFT] = {CONV_SIGNED, -1, -1, -1, -1, -1, CONV_CANCELLED},
    [CONV_SIGNED] = {-1, CONV_ACTIVE, -1, -1, -1, -1, CONV_CANCELLED},
    [CONV_ACTIVE] = {-1, -1, CONV_RENEWED, CONV_NOTICE_GIVEN, CONV_ENDED, CONV_OVERSTAY, -1},
    [CONV_RENEWED] = {-1, -1, CONV_RENEWED, CONV_NOTICE_GIVEN, CONV_ENDED, CONV_OVERSTAY, -1},
    [CONV_NOTICE_GIVEN] = {-1, -1, -1, -1, CONV_ENDED, CONV_OVERSTAY, -1},
    [CONV_ENDED] = {-1, -1, -1, -1, -1, -1, -1},
    [CONV_OVERSTAY] = {-1, -1, -1, -1, CONV_ENDED, -1, -1},
    [CONV_CANCELLED] = {-1, -1, -1, -1, -1, -1, -1},
};
/* clang-format on */

/*
 * Facts that satisfy every guard of `action` for a convention starting on
 * 2026-01-15 under the 3-period profile (so renewed can renew again).
 */
static struct conv_input passing_facts(enum conv_action action)
{
	struct conv_input in;
	bdate_t s = D(2026, 1, 15);

	memset(&in, 0, sizeof(in));
	in.start_date = s;
	in.periods = 1;
	switch (action) {
	case CONV_SIGN:
		in.signed_on = s - 5;
		in.today = s - 3;
		break;
	case CONV_ACTIVATE:
		in.today = s;
		break;
	case CONV_RENEW:
		in.has_check = true;
		in.check_admissible = true;
		in.check_date = D(2026, 3, 2);
		in.today = D(2026, 3, 3);
		break;
	case CONV_GIVE_NOTICE:
		in.notice_posted_on = D(2026, 3, 2);
		in.today = D(2026, 3, 2);
		in.notice_letters = 2;
		in.signatories = 2;
		break;
	case CONV_END:
		/* After the end of the last period, so that it also holds from overstay. */
		in.periods = 1;
		in.has_departure = true;
		in.departure_on = D(2027, 9, 1);
		in.today = D(2027, 9, 2);
		break;
	case CONV_MARK_OVERSTAY:
		in.today = D(2027, 9, 2);
		break;
	default:
		in.today = s - 1;
		break;
	}
	return in;
}

static struct params three_periods(void)
{
	struct params p = params_2026();

	p.value[PARAM_MAX_PERIODS] = 3;
	return p;
}

/* The comma-separated list after `marker` in `reason` is exactly `mask`. */
static void assert_lists_exactly(const char *reason, const char *marker, unsigned mask)
{
	const char *list = strstr(reason, marker);
	char copy[CONV_REASON_LEN];
	unsigned seen = 0;

	assert_non_null(list);
	snprintf(copy, sizeof(copy), "%s", list + strlen(marker));
	copy[strcspn(copy, ".")] = '\0';
	if (mask == 0) {
		assert_string_equal(copy, "none");
		return;
	}
	for (char *tok = copy; *tok;) {
		size_t n = strcspn(tok, ",");
		bool last = tok[n] == '\0';
		enum conv_action a;

		tok[n] = '\0';
		assert_true(conv_action_parse(tok, &a));
		tok += n + (last ? 0 : 2);
		assert_false(seen & CONV_ACTION_BIT(a));
		seen |= CONV_ACTION_BIT(a);
	}
	assert_int_equal(seen, mask);
}

static void test_every_state_action_pair(void **state)
{
	struct params p = three_periods();

	(void)state;
	for (int s = 0; s < CONV_STATE_COUNT; s++) {
		unsigned mask = 0;

		for (int a = 0; a < CONV_ACTION_COUNT; a++)
			if (expected_next[s][a] >= 0)
				mask |= CONV_ACTION_BIT(a);
		assert_int_equal(conv_allowed_actions((enum conv_state)s), mask);

		for (int a = 0; a < CONV_ACTION_COUNT; a++) {
			struct conv_input in = passing_facts((enum conv_action)a);
			struct conv_result r;
			bool ok =
			    conv_transition((enum conv_state)s, (enum conv_action)a, &in, &p, &r);

			assert_int_equal(conv_table_next((enum conv_state)s, (enum conv_action)a),
					 expected_next[s][a]);
			assert_int_equal(r.allowed, mask);
			if (expected_next[s][a] >= 0) {
				if (!ok)
					fail_msg("%s/%s refused: %s", conv_state_name(s),
						 conv_action_name(a), r.reason_en);
				assert_true(r.ok);
				assert_int_equal(r.state, expected_next[s][a]);
				assert_int_equal(r.code, CONV_OK);
				continue;
			}
			assert_false(ok);
			assert_false(r.ok);
			assert_int_equal(r.state, s);
			assert_int_equal(r.code, CONV_ERR_NOT_ALLOWED);
			assert_string_equal(r.code_name, "transition_not_allowed");
			assert_lists_exactly(r.reason_en, "Allowed actions: ", mask);
			assert_non_null(strstr(r.reason_fr, "Actions possibles : "));
			assert_non_null(strstr(r.reason_en, conv_state_name(s)));
		}
	}
}

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int s = 0; s < CONV_STATE_COUNT; s++) {
		enum conv_state back;

		assert_true(conv_state_parse(conv_state_name((enum conv_state)s), &back));
		assert_int_equal(back, s);
	}
	for (int a = 0; a < CONV_ACTION_COUNT; a++) {
		enum conv_action back;

		assert_true(conv_action_parse(conv_action_name((enum conv_action)a), &back));
		assert_int_equal(back, a);
	}
	for (int c = 0; c < CONV_REFUSAL_CODE_COUNT; c++)
		assert_non_null(conv_refusal_code_name((enum conv_refusal_code)c));
	assert_string_equal(conv_state_name(CONV_NOTICE_GIVEN), "notice_given");
	assert_string_equal(conv_action_name(CONV_MARK_OVERSTAY), "overstay");
	assert_null(conv_state_name(CONV_STATE_COUNT));
	assert_null(conv_action_name(CONV_ACTION_COUNT));
	assert_null(conv_refusal_code_name(CONV_REFUSAL_CODE_COUNT));
	assert_int_equal(conv_table_next(CONV_STATE_COUNT, CONV_SIGN), -1);
	assert_int_equal(conv_table_next(CONV_DRAFT, CONV_ACTION_COUNT), -1);

	enum conv_state st;
	enum conv_action ac;
	assert_false(conv_state_parse("expired", &st));
	assert_false(conv_action_parse("revoke", &ac));
}

/* ---- state machine: guards --------------------------------------------- */

static struct conv_result run(enum conv_state from, enum conv_action action,
			      const struct conv_input *in, bool expect_ok)
{
	struct params p = params_2026();
	struct conv_result r;

	assert_int_equal(conv_transition(from, action, in, &p, &r), expect_ok);
	assert_int_equal(r.ok, expect_ok);
	assert_non_null(r.code_name);
	if (!expect_ok) {
		assert_int_equal(r.state, from);
		assert_true(r.reason_fr[0] != '\0');
		assert_true(r.reason_en[0] != '\0');
	}
	return r;
}

static void test_sign_guards(void **state)
{
	struct conv_input in = passing_facts(CONV_SIGN);
	struct conv_result r;

	(void)state;
	in.signed_on = in.start_date;
	in.today = in.start_date;
	r = run(CONV_DRAFT, CONV_SIGN, &in, true);
	assert_int_equal(r.state, CONV_SIGNED);

	in.signed_on = in.start_date + 1;
	in.today = in.start_date + 1;
	r = run(CONV_DRAFT, CONV_SIGN, &in, false);
	assert_int_equal(r.code, CONV_ERR_SIGNED_AFTER_START);
	assert_string_equal(r.code_name, "signed_after_start");
	assert_non_null(strstr(r.reason_fr, "16/01/2026"));
	assert_non_null(strstr(r.reason_en, "2026-01-15"));

	in.signed_on = in.start_date - 1;
	in.today = in.start_date - 2;
	r = run(CONV_DRAFT, CONV_SIGN, &in, false);
	assert_int_equal(r.code, CONV_ERR_SIGNED_IN_FUTURE);
}

static void test_activate_guards(void **state)
{
	struct conv_input in = passing_facts(CONV_ACTIVATE);
	struct conv_result r;

	(void)state;
	in.periods = 0;
	r = run(CONV_SIGNED, CONV_ACTIVATE, &in, true);
	assert_int_equal(r.state, CONV_ACTIVE);
	assert_int_equal(r.periods, 1);

	in.today = in.start_date - 1;
	r = run(CONV_SIGNED, CONV_ACTIVATE, &in, false);
	assert_int_equal(r.code, CONV_ERR_NOT_STARTED);
	assert_non_null(strstr(r.reason_fr, "15/01/2026"));
}

static void test_renew_guards(void **state)
{
	struct conv_input in = passing_facts(CONV_RENEW);
	struct conv_result r;

	(void)state;
	r = run(CONV_ACTIVE, CONV_RENEW, &in, true);
	assert_int_equal(r.state, CONV_RENEWED);
	assert_int_equal(r.periods, 2);

	/* The check may be dated on the decision deadline itself. */
	in.check_date = D(2026, 3, 27);
	in.today = D(2026, 5, 1);
	r = run(CONV_ACTIVE, CONV_RENEW, &in, true);

	in.check_date = D(2026, 3, 28);
	r = run(CONV_ACTIVE, CONV_RENEW, &in, false);
	assert_int_equal(r.code, CONV_ERR_CHECK_TOO_LATE);
	assert_non_null(strstr(r.reason_fr, "27/03/2026"));

	/* The entry check (on or before the start) is not a fresh one. */
	in.check_date = in.start_date;
	r = run(CONV_ACTIVE, CONV_RENEW, &in, false);
	assert_int_equal(r.code, CONV_ERR_CHECK_NOT_FRESH);
	in.check_date = D(2026, 3, 20);
	in.today = D(2026, 3, 19);
	r = run(CONV_ACTIVE, CONV_RENEW, &in, false);
	assert_int_equal(r.code, CONV_ERR_CHECK_NOT_FRESH);

	in = passing_facts(CONV_RENEW);
	in.check_admissible = false;
	r = run(CONV_ACTIVE, CONV_RENEW, &in, false);
	assert_int_equal(r.code, CONV_ERR_CHECK_NEGATIVE);

	in.has_check = false;
	r = run(CONV_ACTIVE, CONV_RENEW, &in, false);
	assert_int_equal(r.code, CONV_ERR_CHECK_MISSING);

	in = passing_facts(CONV_RENEW);
	in.periods = 2;
	r = run(CONV_RENEWED, CONV_RENEW, &in, false);
	assert_int_equal(r.code, CONV_ERR_NO_PERIOD_LEFT);
	assert_string_equal(r.code_name, "no_period_left");
}

static void test_notice_guards(void **state)
{
	struct conv_input in = passing_facts(CONV_GIVE_NOTICE);
	struct conv_result r;

	(void)state;
	/* C1: posting on the deadline ends the first period. */
	in.notice_posted_on = D(2026, 3, 27);
	in.today = D(2026, 3, 27);
	r = run(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, true);
	assert_int_equal(r.state, CONV_NOTICE_GIVEN);
	assert_date(r.notified_on, 2026, 3, 31);
	assert_date(r.end_date, 2026, 7, 14);
	assert_date(r.run_from, 2026, 4, 1);
	assert_date(r.run_to, 2026, 6, 30);

	/* One working day later: refused, with the date needed and E2 by 26/09/2026. */
	in.notice_posted_on = D(2026, 3, 28);
	in.today = D(2026, 3, 30);
	r = run(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, false);
	assert_int_equal(r.code, CONV_ERR_NOTICE_TOO_LATE);
	assert_string_equal(r.code_name, "notice_too_late");
	assert_date(r.notified_on, 2026, 4, 1);
	assert_date(r.needed_posting_date, 2026, 3, 27);
	assert_true(r.later_reachable);
	assert_date(r.later_end, 2027, 1, 14);
	assert_date(r.later_posting_deadline, 2026, 9, 26);
	assert_non_null(strstr(r.reason_fr, "27/03/2026"));
	assert_non_null(strstr(r.reason_fr, "14/01/2027"));
	assert_non_null(strstr(r.reason_en, "2027-01-14"));

	/* Renewed: the notice ends the second period. */
	in.periods = 2;
	r = run(CONV_RENEWED, CONV_GIVE_NOTICE, &in, true);
	assert_date(r.end_date, 2027, 1, 14);

	/* Too late for the final end: nothing later to reach. */
	in.notice_posted_on = D(2026, 9, 28);
	in.today = D(2026, 9, 28);
	r = run(CONV_RENEWED, CONV_GIVE_NOTICE, &in, false);
	assert_int_equal(r.code, CONV_ERR_NOTICE_TOO_LATE);
	assert_false(r.later_reachable);
	assert_date(r.needed_posting_date, 2026, 9, 26);
	assert_non_null(strstr(r.reason_en, "no later period end"));

	in = passing_facts(CONV_GIVE_NOTICE);
	in.notice_letters = 1;
	r = run(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, false);
	assert_int_equal(r.code, CONV_ERR_LETTERS_MISSING);
	in.signatories = 0;
	in.notice_letters = 0;
	r = run(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, false);
	assert_int_equal(r.code, CONV_ERR_LETTERS_MISSING);

	in = passing_facts(CONV_GIVE_NOTICE);
	in.today = in.notice_posted_on - 1;
	r = run(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, false);
	assert_int_equal(r.code, CONV_ERR_POSTED_IN_FUTURE);

	in = passing_facts(CONV_GIVE_NOTICE);
	in.notice_posted_on = in.start_date - 1;
	r = run(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, false);
	assert_int_equal(r.code, CONV_ERR_POSTED_BEFORE_START);
}

/* Posting one working day after the deadline is refused for every start of 2026-2027. */
static void test_notice_deadline_is_tight(void **state)
{
	struct params p = params_2026();

	(void)state;
	for (bdate_t s = D(2026, 1, 1); s <= D(2027, 12, 31); s++) {
		struct conv_calendar cal = calendar_of(s);
		struct conv_input in;
		struct conv_result r;
		bdate_t late;

		memset(&in, 0, sizeof(in));
		in.start_date = s;
		in.periods = 1;
		in.notice_letters = 1;
		in.signatories = 1;
		in.notice_posted_on = cal.period[0].posting_deadline;
		in.today = in.notice_posted_on;
		assert_true(conv_transition(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, &p, &r));
		assert_int_equal(r.end_date, cal.period[0].end);
		assert_true(r.run_to <= cal.period[0].end);

		assert_true(bdate_nth_working_day_after(in.notice_posted_on, 1, &late));
		in.notice_posted_on = late;
		in.today = late;
		assert_false(conv_transition(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, &p, &r));
		assert_int_equal(r.code, CONV_ERR_NOTICE_TOO_LATE);
		assert_int_equal(r.needed_posting_date, cal.period[0].posting_deadline);
		assert_true(r.later_reachable);
		assert_int_equal(r.later_end, cal.period[1].end);
	}
}

static void test_end_guards(void **state)
{
	struct conv_input in = passing_facts(CONV_END);
	struct conv_result r;

	(void)state;
	/* A household may leave early by its own will. */
	in.departure_on = D(2026, 4, 10);
	in.today = D(2026, 4, 12);
	r = run(CONV_ACTIVE, CONV_END, &in, true);
	assert_int_equal(r.state, CONV_ENDED);

	/* The operator cannot terminate without notice: no departure, no end. */
	in.has_departure = false;
	r = run(CONV_ACTIVE, CONV_END, &in, false);
	assert_int_equal(r.code, CONV_ERR_NO_DEPARTURE);
	assert_non_null(strstr(r.reason_fr, "révoquée"));
	r = run(CONV_NOTICE_GIVEN, CONV_END, &in, false);
	assert_int_equal(r.code, CONV_ERR_NO_DEPARTURE);

	in.has_departure = true;
	in.departure_on = in.today + 1;
	r = run(CONV_NOTICE_GIVEN, CONV_END, &in, false);
	assert_int_equal(r.code, CONV_ERR_DEPARTURE_DATE);
	in.departure_on = in.start_date - 1;
	r = run(CONV_NOTICE_GIVEN, CONV_END, &in, false);
	assert_int_equal(r.code, CONV_ERR_DEPARTURE_DATE);

	/* Overstay after a notice ending E1: the departure must follow E1. */
	in.periods = 1;
	in.departure_on = D(2026, 7, 14);
	in.today = D(2026, 8, 1);
	r = run(CONV_OVERSTAY, CONV_END, &in, false);
	assert_int_equal(r.code, CONV_ERR_DEPARTURE_DATE);
	in.departure_on = D(2026, 7, 20);
	r = run(CONV_OVERSTAY, CONV_END, &in, true);
	assert_int_equal(r.state, CONV_ENDED);
}

static void test_overstay_guards(void **state)
{
	struct conv_input in = passing_facts(CONV_MARK_OVERSTAY);
	struct conv_result r;

	(void)state;
	/* Notice ending E1 = 2026-07-14: overstay from the 15th only. */
	in.periods = 1;
	in.today = D(2026, 7, 14);
	r = run(CONV_NOTICE_GIVEN, CONV_MARK_OVERSTAY, &in, false);
	assert_int_equal(r.code, CONV_ERR_NOT_YET_OVER);
	assert_non_null(strstr(r.reason_fr, "14/07/2026"));
	in.today = D(2026, 7, 15);
	r = run(CONV_NOTICE_GIVEN, CONV_MARK_OVERSTAY, &in, true);
	assert_int_equal(r.state, CONV_OVERSTAY);
	assert_int_equal(r.periods, 1);

	in.has_departure = true;
	in.departure_on = D(2026, 7, 14);
	r = run(CONV_NOTICE_GIVEN, CONV_MARK_OVERSTAY, &in, false);
	assert_int_equal(r.code, CONV_ERR_DEPARTURE_RECORDED);

	/* Without notice, active: only after the last period of the calendar. */
	in.has_departure = false;
	r = run(CONV_ACTIVE, CONV_MARK_OVERSTAY, &in, false);
	assert_int_equal(r.code, CONV_ERR_NOT_YET_OVER);
	in.today = D(2027, 1, 15);
	r = run(CONV_ACTIVE, CONV_MARK_OVERSTAY, &in, true);
	assert_int_equal(r.periods, 2);
	in.periods = 2;
	r = run(CONV_RENEWED, CONV_MARK_OVERSTAY, &in, true);
	assert_int_equal(r.periods, 2);
}

static void test_cancel_guards(void **state)
{
	struct conv_input in = passing_facts(CONV_CANCEL);
	struct conv_result r;

	(void)state;
	r = run(CONV_SIGNED, CONV_CANCEL, &in, true);
	assert_int_equal(r.state, CONV_CANCELLED);
	in.today = in.start_date;
	r = run(CONV_SIGNED, CONV_CANCEL, &in, false);
	assert_int_equal(r.code, CONV_ERR_ALREADY_STARTED);
	/* A draft never took effect: it may be cancelled at any date. */
	r = run(CONV_DRAFT, CONV_CANCEL, &in, true);
	assert_int_equal(r.state, CONV_CANCELLED);
}

static void test_invalid_input(void **state)
{
	struct params p = params_2026();
	struct conv_input in = passing_facts(CONV_RENEW);
	struct conv_result r;

	(void)state;
	assert_false(conv_transition(CONV_STATE_COUNT, CONV_RENEW, &in, &p, &r));
	assert_int_equal(r.code, CONV_ERR_INVALID_INPUT);
	assert_string_equal(r.code_name, "invalid_input");
	assert_false(conv_transition(CONV_ACTIVE, (enum conv_action) - 1, &in, &p, &r));
	assert_int_equal(r.code, CONV_ERR_INVALID_INPUT);

	in.periods = 0;
	assert_false(conv_transition(CONV_ACTIVE, CONV_RENEW, &in, &p, &r));
	assert_int_equal(r.code, CONV_ERR_INVALID_INPUT);
	in.periods = 3;
	assert_false(conv_transition(CONV_ACTIVE, CONV_RENEW, &in, &p, &r));
	assert_int_equal(r.code, CONV_ERR_INVALID_INPUT);

	in.periods = 1;
	p.value[PARAM_PERIOD_MONTHS] = 0;
	assert_false(conv_transition(CONV_ACTIVE, CONV_RENEW, &in, &p, &r));
	assert_int_equal(r.code, CONV_ERR_INVALID_INPUT);
	assert_non_null(strstr(r.reason_en, "Invalid input"));

	/* A posting date at the very end of the supported calendar. */
	p = params_2026();
	in = passing_facts(CONV_GIVE_NOTICE);
	in.notice_posted_on = D(2199, 12, 31);
	in.today = in.notice_posted_on;
	assert_false(conv_transition(CONV_ACTIVE, CONV_GIVE_NOTICE, &in, &p, &r));
	assert_int_equal(r.code, CONV_ERR_INVALID_INPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_C1),
	    cmocka_unit_test(test_C2),
	    cmocka_unit_test(test_C3),
	    cmocka_unit_test(test_C4),
	    cmocka_unit_test(test_latest_notification_rule),
	    cmocka_unit_test(test_primitives_refuse_bad_arguments),
	    cmocka_unit_test(test_brussels_profile),
	    cmocka_unit_test(test_reachable_period),
	    cmocka_unit_test(test_notice_reach_from_posting_date),
	    cmocka_unit_test(test_final_end),
	    cmocka_unit_test(test_calendar_properties_every_start),
	    cmocka_unit_test(test_every_state_action_pair),
	    cmocka_unit_test(test_names_round_trip),
	    cmocka_unit_test(test_sign_guards),
	    cmocka_unit_test(test_activate_guards),
	    cmocka_unit_test(test_renew_guards),
	    cmocka_unit_test(test_notice_guards),
	    cmocka_unit_test(test_notice_deadline_is_tight),
	    cmocka_unit_test(test_end_guards),
	    cmocka_unit_test(test_overstay_guards),
	    cmocka_unit_test(test_cancel_guards),
	    cmocka_unit_test(test_invalid_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
