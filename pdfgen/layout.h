/*
 * layout: the small page-layout engine under pdfgen's documents. A4 pages
 * with margins and a text cursor; paragraphs wrapped with the font's real
 * widths (justified or aligned); headings kept with what follows; tables
 * whose rows wrap inside their cells and that break across pages with the
 * header row repeated; signature blocks; and "page X / Y" footers, written
 * once the page count is known (pages are kept in a list until then).
 *
 * Errors are sticky, like a stdio stream's: the first failure (libharu,
 * memory, the page limit, invalid input noticed by a document) is recorded
 * in struct lay and every later lay_* call does nothing, so that a document
 * reads as straight-line code and is checked once, by lay_finish. Every
 * libharu return value is still checked where the call is made.
 *
 * Strings given to lay_* are UTF-8, converted here: to CP1252 for the
 * base-14 fonts, or checked against the embedded font (see pdfgen.h and
 * LAY_RUN). Strings that lay_fmt and its helpers return live until
 * lay_finish. Internal to pdfgen.
 */
#ifndef TRANSITD_PDFGEN_LAYOUT_H
#define TRANSITD_PDFGEN_LAYOUT_H

#include <hpdf.h>

#include "pdfgen.h"

#if defined(__GNUC__)
#define LAY_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LAY_PRINTF(f, a)
#endif

enum lay_font { LAY_REGULAR, LAY_BOLD, LAY_OBLIQUE, LAY_FONT_COUNT };

/*
 * How a document is rendered: first with the base-14 fonts and CP1252 (a
 * character CP1252 lacks stops that pass: lay_finish returns LAY_AGAIN),
 * then, only when needed, with the embedded Liberation Sans.
 */
enum lay_pass { LAY_PASS_CP1252, LAY_PASS_UNICODE };

/* What lay_finish returns when the document must be rendered again with LAY_PASS_UNICODE. */
#define LAY_AGAIN 1

/*
 * Renders a document with pass(in, out, enum lay_pass), a function that
 * begins (lay_begin with the pass it is given), lays out and returns
 * lay_finish: with the base-14 fonts, and again with the embedded font when
 * that met a character outside CP1252. Returns 0, or -1 with out->err.
 */
#define LAY_RUN(pass, in, out)                                                                     \
	((pass)((in), (out), LAY_PASS_CP1252) == LAY_AGAIN ? (pass)((in), (out), LAY_PASS_UNICODE) \
	 : (out)->err == PDFGEN_OK			   ? 0                                     \
							   : -1)

enum lay_align { LAY_LEFT, LAY_CENTER, LAY_RIGHT, LAY_JUSTIFY };

/* Paragraph styles (see the table in layout.c for fonts and spacing). */
enum lay_style {
	LAY_TITLE,    /* centred, bold, large; kept with what follows */
	LAY_SUBTITLE, /* centred, under the title */
	LAY_HEADING,  /* an article's heading; kept with what follows */
	LAY_BODY,     /* justified text */
	LAY_PLAIN,    /* left-aligned, no space after: addresses, lists */
	LAY_STRONG,   /* bold, left-aligned, no space after */
	LAY_NOTE,     /* oblique, smaller */
	LAY_DATELINE, /* right-aligned: "Namur, le 27/03/2026" */
	LAY_STYLE_COUNT
};

#define LAY_MAX_COLS 8

struct lay_col {
	const char *title; /* UTF-8 */
	float weight;	   /* share of the table width */
	enum lay_align align;
	enum lay_font font;
};

struct lay_sig {
	const char *role; /* "L'occupant", "Pour le gestionnaire" */
	const char *name;
	const char *note; /* optional, under the name */
};

/* A paragraph converted (CP1252, or checked UTF-8) and cut into lines. */
struct lay_span {
	size_t off, len;
	float width;
	bool last; /* ends a paragraph (or a hard line break): never justified */
};

struct lay_block {
	char *text; /* CP1252 or UTF-8 (see struct lay's unicode), NUL-terminated */
	struct lay_span *line;
	size_t n_lines, cap;
};

struct lay_str;

struct lay {
	HPDF_Doc pdf;
	HPDF_Font font[LAY_FONT_COUNT];
	bool unicode;	/* the embedded font and UTF-8, else base-14 and CP1252 */
	bool may_retry; /* LAY_PASS_CP1252: a lost character asks for LAY_AGAIN */
	bool again;	/* ... and one did */
	HPDF_FontDef fontdef[LAY_FONT_COUNT]; /* unicode: which characters each font has */
	HPDF_Page page;
	HPDF_Page *pages; /* every page, for the footers */
	int n_pages, cap_pages;
	bool landscape;
	bool fresh;	       /* nothing drawn on the current page yet */
	float x0, x1;	       /* the text column */
	float y_top, y_bottom; /* the body area */
	float y;	       /* top of the next line */
	float indent;	       /* added to x0 for paragraphs */
	float word_space;      /* Tw in force on the current page */

	enum pdfgen_err err;
	char message[PDFGEN_MESSAGE_LEN];
	size_t replaced;

	const char *footer;  /* left part of every page's footer, UTF-8; the document's title */
	const char *author;  /* metadata, UTF-8: the operator's name */
	const char *subject; /* metadata, UTF-8 */
	struct lay_str *strings;

	/* the table being drawn */
	const struct lay_col *cols;
	int n_cols;
	float col_x[LAY_MAX_COLS + 1];
	float table_size;
	struct lay_block head[LAY_MAX_COLS];
	float head_h;
	bool need_head;
};

/* Starts a document with its first page, A4 portrait or landscape. */
void lay_begin(struct lay *L, bool landscape, enum lay_pass pass);
/*
 * The left part of every page's footer: "Reçu n° R-2026-000123", also the
 * document's title in its metadata; kept, not copied.
 */
void lay_set_footer(struct lay *L, const char *utf8);
/* The author and subject of the document's metadata; kept, not copied. */
void lay_set_author(struct lay *L, const char *utf8);
void lay_set_subject(struct lay *L, const char *utf8);

/*
 * Writes the footers and the metadata, saves the document into out and
 * frees everything, on every path. Returns 0, or -1 with out->err and
 * out->message set, or LAY_AGAIN (out empty) when a LAY_PASS_CP1252 pass
 * met a character that CP1252 lacks.
 */
int lay_finish(struct lay *L, struct pdfgen_result *out);

/* Records the first error; later ones are dropped. */
void lay_fail(struct lay *L, enum pdfgen_err err, const char *fmt, ...) LAY_PRINTF(3, 4);

/*
 * Input checks: record PDFGEN_EINPUT naming the field and return false when
 * the string is NULL or empty / the date is not a date of bdate's range.
 */
bool lay_need_str(struct lay *L, const char *s, const char *field);
bool lay_need_date(struct lay *L, bdate_t d, const char *field);

/* Strings that live until lay_finish ("" after an error). */
const char *lay_fmt(struct lay *L, const char *fmt, ...) LAY_PRINTF(2, 3);
const char *lay_date(struct lay *L, bdate_t d);	     /* "27/03/2026" */
const char *lay_money(struct lay *L, int64_t cents); /* "1 234,56 €" */
const char *lay_words(struct lay *L, int64_t cents); /* "trois cent deux euros ..." */
/* utf8 with its spaces made no-break: an IBAN or a reference never splits. */
const char *lay_nobreak(struct lay *L, const char *utf8);

/* A paragraph; '\n' breaks the line. */
void lay_text(struct lay *L, enum lay_style style, const char *utf8);
void lay_textf(struct lay *L, enum lay_style style, const char *fmt, ...) LAY_PRINTF(3, 4);
/* A list item: a bullet and a hanging indent. */
void lay_item(struct lay *L, const char *utf8);
/* A label in bold and its value wrapped beside it (receipts, records). */
void lay_field(struct lay *L, float label_width, const char *label, const char *value);

void lay_space(struct lay *L, float points);
/* Starts a new page unless `points` of height remain. */
void lay_need(struct lay *L, float points);
void lay_new_page(struct lay *L);
void lay_set_indent(struct lay *L, float points);
/* A thin line across the text column. */
void lay_rule(struct lay *L);

/* Tables: begin, rows of n_cols UTF-8 cells (NULL prints nothing), end. */
void lay_table_begin(struct lay *L, const struct lay_col *cols, int n_cols, float font_size);
void lay_table_row(struct lay *L, const char *const *cells);
void lay_table_end(struct lay *L);

/*
 * Signature blocks, two per row, each with room to sign; `intro` (e.g.
 * "Fait à Namur, le ...") is kept on the page of the first row.
 */
void lay_signatures(struct lay *L, const char *intro, const struct lay_sig *sigs, size_t n);

#endif
