/*
 * What the conventions' handler files share: h_conventions.c (creation,
 * reading, the list; these helpers), h_convention_actions.c (sign, activate,
 * renew, notices, end, overstay, cancel) and h_accompaniment.c (the plan, log
 * and savings of a convention).
 */
#ifndef TRANSITD_API_H_CONVENTIONS_H
#define TRANSITD_API_H_CONVENTIONS_H

#include "api_internal.h"
#include "conv.h"

/* The dates of a convention in a state, as core/conv gives them. */
struct convention_dates {
	bdate_t final_end;
	bool renewable; /* a renewal decision is still to be taken, by `deadline` */
	bdate_t deadline;
};
/* False when periods is not 1..the calendar's periods. */
bool convention_dates_of(const struct conv_calendar *cal, enum conv_state s, int periods,
			 struct convention_dates *out);

/* Replies with a convention document (from convention_docs), its ETag and
 * the actions core allows from its state. */
int convention_reply(struct api_ctx *c, int status, const char *doc);

/* core refused an action: a 422 with its code, reasons and the actions
 * allowed instead. Returns -1. */
int convention_refused(struct api_ctx *c, enum conv_state from, const struct conv_result *r);

/*
 * The household of the caller's convention id (404 otherwise). With lock,
 * the transaction is about to write something of the convention: the
 * household lock is taken (api_household_lock), which, by the lock order of
 * api_internal.h, comes before the convention row's.
 */
API_WUR int convention_household(struct api_ctx *c, int64_t id, bool lock, int64_t *household);

#endif
