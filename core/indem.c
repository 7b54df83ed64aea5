#include "indem.h"

#include <string.h>

#include "money.h"

static const char *const kind_names[INDEM_LINE_KIND_COUNT] = {
    [INDEM_LINE_REDUCED] = "reduced",
    [INDEM_LINE_BASE] = "base",
};

static const char *const kind_labels_fr[INDEM_LINE_KIND_COUNT] = {
    [INDEM_LINE_REDUCED] = "Indemnité d'occupation réduite",
    [INDEM_LINE_BASE] = "Indemnité d'occupation de base (occupation sans titre)",
};

const char *indem_line_kind_name(enum indem_line_kind k)
{
	if ((unsigned)k >= INDEM_LINE_KIND_COUNT)
		return NULL;
	return kind_names[k];
}

const char *indem_line_label_fr(enum indem_line_kind k)
{
	if ((unsigned)k >= INDEM_LINE_KIND_COUNT)
		return NULL;
	return kind_labels_fr[k];
}

bool indem_reduced(const struct indem_reduced_input *in, const struct params *p,
		   struct indem_reduced *out)
{
	struct indem_reduced r;
	int64_t percent = p->value[PARAM_INDEMNITY_CAP_PERCENT];
	bool ok = true;

	if (in->base < 0 || percent < 0 || percent > 100)
		return false;
	memset(&r, 0, sizeof(r));
	r.cap_percent = (int)percent;
	r.reduced = in->base;
	if (in->subsidised) {
		r.cap_applies = true;
		r.basis = in->basis;
		/* Resources net of debt charges can be negative: the cap is then nil. */
		if (r.basis > 0)
			ok = money_percent_floor(r.basis, percent, &r.cap);
		r.capped = r.cap < in->base;
		if (r.capped)
			r.reduced = r.cap;
	}
	if (ok)
		*out = r;
	return ok;
}

/* Bills [from, to] within the month as one line; nothing when the range misses it. */
static bool add_line(struct indem_month *m, enum indem_line_kind kind, int64_t monthly,
		     bdate_t from, bdate_t to)
{
	struct indem_line *l = &m->line[m->n_lines];
	bool ok;

	if (from < m->first)
		from = m->first;
	if (to > m->last)
		to = m->last;
	if (from > to)
		return true;
	l->kind = kind;
	l->from = from;
	l->to = to;
	l->days = (int)(to - from + 1);
	l->days_in_month = m->days_in_month;
	l->monthly = monthly;
	ok = money_pro_rata(monthly, l->days, l->days_in_month, &l->amount) &&
	     money_add(m->total, l->amount, &m->total);
	m->n_lines += ok;
	return ok;
}

bool indem_month(const struct indem_month_input *in, struct indem_month *out)
{
	struct indem_month m;
	bdate_t last_day;
	bool ok;

	memset(&m, 0, sizeof(m));
	if (!bdate_from_ymd(in->year, in->month, 1, &m.first))
		return false;
	if (in->reduced < 0 || in->base < 0 || in->final_end < in->start ||
	    (in->has_departure && in->departure_on < in->start))
		return false;
	m.last = bdate_end_of_month(m.first);
	m.days_in_month = (int)(m.last - m.first + 1);

	/* With no departure recorded the occupant is billed to the month's end. */
	last_day = in->has_departure ? in->departure_on : m.last;
	ok =
	    add_line(&m, INDEM_LINE_REDUCED, in->reduced, in->start,
		     last_day < in->final_end ? last_day : in->final_end) &&
	    (!in->overstay || add_line(&m, INDEM_LINE_BASE, in->base, in->final_end + 1, last_day));
	if (ok)
		*out = m;
	return ok;
}

bool indem_due_on(int year, int month, bdate_t first_billed, const struct params *p, bdate_t *out)
{
	int64_t day = p->value[PARAM_PAYMENT_DUE_LAST_DAY];
	bdate_t first;
	if (!bdate_from_ymd(year, month, 1, &first) || day < 1 || day > 31)
		return false;
	int dim = bdate_days_in_month(year, month);
	if (first_billed < first || first_billed >= first + dim)
		return false;
	if (day > dim)
		day = dim;
	bdate_t due = first + (bdate_t)(day - 1);
	*out = first_billed > due ? first_billed : due;
	return true;
}
