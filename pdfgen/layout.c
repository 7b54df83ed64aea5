#define _POSIX_C_SOURCE 200809L /* gmtime_r, access */

#include "layout.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#include "money.h"

/* A4 in points, and the margins: 2 cm in portrait, 1.5 cm in landscape. */
#define A4_SHORT	 595.276f
#define A4_LONG		 841.89f
#define MARGIN_PORTRAIT	 56.7f
#define MARGIN_LANDSCAPE 42.5f
/* The footer sits under the body area, this far above the page's edge. */
#define FOOTER_Y    28.0f
#define FOOTER_SIZE 8.0f

/* Line height as a multiple of the font size, and the baseline under a line's top. */
#define LEADING	 1.3f
#define BASELINE 0.95f

#define CELL_PAD 3.0f
#define BULLET_W 12.0f
#define SIG_ROOM 46.0f /* blank height left to sign in */
#define SIG_GAP	 24.0f

struct style {
	enum lay_font font;
	float size;
	enum lay_align align;
	float before, after;
	bool keep; /* keep with the next lines: never last on a page */
};

static const struct style styles[LAY_STYLE_COUNT] = {
    [LAY_TITLE] = {LAY_BOLD, 15.0f, LAY_CENTER, 0.0f, 3.0f, true},
    [LAY_SUBTITLE] = {LAY_REGULAR, 10.0f, LAY_CENTER, 0.0f, 14.0f, true},
    [LAY_HEADING] = {LAY_BOLD, 10.5f, LAY_LEFT, 8.0f, 3.0f, true},
    [LAY_BODY] = {LAY_REGULAR, 10.0f, LAY_JUSTIFY, 0.0f, 5.0f, false},
    [LAY_PLAIN] = {LAY_REGULAR, 10.0f, LAY_LEFT, 0.0f, 0.0f, false},
    [LAY_STRONG] = {LAY_BOLD, 10.0f, LAY_LEFT, 0.0f, 0.0f, false},
    [LAY_NOTE] = {LAY_OBLIQUE, 9.0f, LAY_LEFT, 0.0f, 4.0f, false},
    [LAY_DATELINE] = {LAY_REGULAR, 10.0f, LAY_RIGHT, 0.0f, 12.0f, false},
};

/* What a kept paragraph must leave room for after itself: two body lines. */
#define KEEP_AFTER (2.0f * 10.0f * LEADING)

struct lay_str {
	struct lay_str *next;
	char s[];
};

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct lay *L = user_data;

	/* Record only: a longjmp would unwind a worker thread's stack. */
	lay_fail(L, error_no == HPDF_FAILD_TO_ALLOC_MEM ? PDFGEN_ENOMEM : PDFGEN_EHPDF,
		 "libharu error 0x%04lX (detail %lu)", (unsigned long)error_no,
		 (unsigned long)detail_no);
}

void lay_fail(struct lay *L, enum pdfgen_err err, const char *fmt, ...)
{
	va_list ap;

	if (L->err != PDFGEN_OK)
		return;
	L->err = err;
	va_start(ap, fmt);
	vsnprintf(L->message, sizeof(L->message), fmt, ap);
	va_end(ap);
}

/* Checks a libharu status; false (and the error recorded) when not OK. */
static bool hp(struct lay *L, HPDF_STATUS st, const char *what)
{
	if (st == HPDF_OK)
		return true;
	lay_fail(L, PDFGEN_EHPDF, "libharu: %s failed (0x%04lX)", what, (unsigned long)st);
	return false;
}

static void *lay_alloc(struct lay *L, size_t size)
{
	void *p = malloc(size);

	if (p == NULL)
		lay_fail(L, PDFGEN_ENOMEM, "out of memory (%zu bytes)", size);
	return p;
}

bool lay_need_str(struct lay *L, const char *s, const char *field)
{
	if (s != NULL && s[0] != '\0')
		return true;
	lay_fail(L, PDFGEN_EINPUT, "%s is required", field);
	return false;
}

bool lay_need_date(struct lay *L, bdate_t d, const char *field)
{
	bdate_t min, max;

	if (bdate_from_ymd(BDATE_MIN_YEAR, 1, 1, &min) &&
	    bdate_from_ymd(BDATE_MAX_YEAR, 12, 31, &max) && d >= min && d <= max)
		return true;
	lay_fail(L, PDFGEN_EINPUT, "%s is not a date between %d and %d", field, BDATE_MIN_YEAR,
		 BDATE_MAX_YEAR);
	return false;
}

/* ---- strings that live until lay_finish ----------------------------------- */

static const char *keep_string(struct lay *L, const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	struct lay_str *node;

	if (L->err != PDFGEN_OK)
		return "";
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		lay_fail(L, PDFGEN_EINPUT, "cannot format \"%s\"", fmt);
		return "";
	}
	node = lay_alloc(L, sizeof(*node) + (size_t)n + 1);
	if (node == NULL)
		return "";
	vsnprintf(node->s, (size_t)n + 1, fmt, ap);
	node->next = L->strings;
	L->strings = node;
	return node->s;
}

const char *lay_fmt(struct lay *L, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = keep_string(L, fmt, ap);
	va_end(ap);
	return s;
}

const char *lay_date(struct lay *L, bdate_t d)
{
	char buf[BDATE_FR_LEN];

	if (!lay_need_date(L, d, lay_fmt(L, "date %ld", (long)d)))
		return "";
	bdate_format_fr(d, buf);
	return lay_fmt(L, "%s", buf);
}

const char *lay_money(struct lay *L, int64_t cents)
{
	char buf[MONEY_FORMAT_MAX];

	if (!money_format(cents, buf, sizeof(buf))) {
		lay_fail(L, PDFGEN_EINPUT, "cannot format the amount %lld", (long long)cents);
		return "";
	}
	return lay_fmt(L, "%s", buf);
}

const char *lay_words(struct lay *L, int64_t cents)
{
	/* The longest int64 amount in words is about 400 bytes. */
	char buf[640];

	if (!money_words_fr(cents, buf, sizeof(buf))) {
		lay_fail(L, PDFGEN_EINPUT, "cannot write the amount %lld in words",
			 (long long)cents);
		return "";
	}
	return lay_fmt(L, "%s", buf);
}

static void set_word_space(struct lay *L, float ws);

const char *lay_nobreak(struct lay *L, const char *utf8)
{
	size_t n = strlen(utf8);
	struct lay_str *node;
	char *w;

	if (L->err != PDFGEN_OK)
		return "";
	/* Each space becomes the two bytes of U+00A0. */
	node = lay_alloc(L, sizeof(*node) + 2 * n + 1);
	if (node == NULL)
		return "";
	w = node->s;
	for (const char *r = utf8; *r; r++) {
		if (*r == ' ') {
			*w++ = '\xC2';
			*w++ = '\xA0';
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	node->next = L->strings;
	L->strings = node;
	return node->s;
}

/* ---- document and pages ---------------------------------------------------- */

static const char *const font_names[LAY_FONT_COUNT] = {
    [LAY_REGULAR] = "Helvetica",
    [LAY_BOLD] = "Helvetica-Bold",
    [LAY_OBLIQUE] = "Helvetica-Oblique",
};

/*
 * The embedded font: Liberation Sans from Debian's fonts-liberation2. It
 * has every letter of Latin-1, Latin Extended-A and -B and Vietnamese,
 * and the widths of Helvetica, so that a document that needs it is laid
 * out like the others. Its files are about 410 kB each; libharu 2.3 embeds
 * only the outlines of the glyphs used, but the other tables whole (about
 * 40 kB a face once compressed, see README).
 */
#ifndef PDFGEN_FONT_DIR /* set by CMake: TRANSITD_FONT_DIR */
#define PDFGEN_FONT_DIR "/usr/share/fonts/truetype/liberation2"
#endif

static const char *const font_files[LAY_FONT_COUNT] = {
    [LAY_REGULAR] = PDFGEN_FONT_DIR "/LiberationSans-Regular.ttf",
    [LAY_BOLD] = PDFGEN_FONT_DIR "/LiberationSans-Bold.ttf",
    [LAY_OBLIQUE] = PDFGEN_FONT_DIR "/LiberationSans-Italic.ttf",
};

const char *pdfgen_missing_font(void)
{
	for (int f = 0; f < LAY_FONT_COUNT; f++)
		if (access(font_files[f], R_OK) != 0)
			return font_files[f];
	return NULL;
}

void lay_set_footer(struct lay *L, const char *utf8)
{
	L->footer = utf8;
}

void lay_set_author(struct lay *L, const char *utf8)
{
	L->author = utf8;
}

void lay_set_subject(struct lay *L, const char *utf8)
{
	L->subject = utf8;
}

/*
 * libharu 2.3 gives its UTF-8 fonts a "ToUnicode" that is a copy of their
 * encoding CMap (begincidrange), which is not a ToUnicode CMap: poppler
 * warns and guesses, other readers (search, copy, screen readers) may not
 * get the text back. The codes of libharu's UTF-8 encoding are the Unicode
 * code points of the BMP, so the right CMap is the identity: one bfrange
 * per high byte (a bfrange may not cross one), surrogates left out. One
 * stream, shared by the three faces.
 */
static bool fix_to_unicode(struct lay *L)
{
	char cmap[8192];
	int n = 0, left = 0;
	HPDF_Dict stream = HPDF_DictStream_New(L->pdf->mmgr, L->pdf->xref);

	if (stream == NULL) {
		lay_fail(L, PDFGEN_ENOMEM, "libharu: cannot create the ToUnicode CMap");
		return false;
	}
	stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	n = snprintf(cmap, sizeof(cmap),
		     "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (int hi = 0; hi < 256; hi++) {
		if (hi >= 0xD8 && hi <= 0xDF)
			continue;
		if (left == 0) {
			/* At most 100 entries a block; 248 high bytes: 100, 100, 48. */
			int rest = 248 - (hi < 0xD8 ? hi : hi - 8);

			left = rest < 100 ? rest : 100;
			n +=
			    snprintf(cmap + n, sizeof(cmap) - (size_t)n, "%d beginbfrange\n", left);
		}
		n += snprintf(cmap + n, sizeof(cmap) - (size_t)n, "<%02X00> <%02XFF> <%02X00>\n",
			      hi, hi, hi);
		if (--left == 0)
			n += snprintf(cmap + n, sizeof(cmap) - (size_t)n, "endbfrange\n");
	}
	n += snprintf(cmap + n, sizeof(cmap) - (size_t)n,
		      "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	if (n <= 0 || (size_t)n >= sizeof(cmap)) {
		lay_fail(L, PDFGEN_EHPDF, "ToUnicode CMap overflow");
		return false;
	}
	if (!hp(L, HPDF_Stream_WriteStr(stream->stream, cmap), "ToUnicode CMap"))
		return false;
	for (int f = 0; f < LAY_FONT_COUNT; f++)
		if (!hp(L, HPDF_Dict_Add(L->font[f], "ToUnicode", stream), "ToUnicode"))
			return false;
	return true;
}

/* A new libharu document with the base-14 fonts, or the embedded ones. */
static bool open_doc(struct lay *L, bool unicode)
{
	L->unicode = unicode;
	L->pdf = HPDF_New(on_hpdf_error, L);
	if (L->pdf == NULL) {
		lay_fail(L, PDFGEN_ENOMEM, "libharu: cannot create a document");
		return false;
	}
	if (!hp(L, HPDF_SetCompressionMode(L->pdf, HPDF_COMP_ALL), "SetCompressionMode"))
		return false;
	if (!unicode) {
		for (int f = 0; f < LAY_FONT_COUNT; f++) {
			/* Base-14 fonts need the encoding named, else StandardEncoding (no é). */
			L->font[f] = HPDF_GetFont(L->pdf, font_names[f], "WinAnsiEncoding");
			if (L->font[f] == NULL) {
				lay_fail(L, PDFGEN_EHPDF, "libharu: no font %s", font_names[f]);
				return false;
			}
		}
		/* The metadata strings are CP1252 too (libharu writes them as UTF-16). */
		return hp(L, HPDF_SetCurrentEncoder(L->pdf, "WinAnsiEncoding"),
			  "SetCurrentEncoder");
	}
	if (!hp(L, HPDF_UseUTFEncodings(L->pdf), "UseUTFEncodings") ||
	    !hp(L, HPDF_SetCurrentEncoder(L->pdf, "UTF-8"), "SetCurrentEncoder"))
		return false;
	for (int f = 0; f < LAY_FONT_COUNT; f++) {
		const char *name;

		/* libharu reads a missing file as an error: look first, quietly. */
		if (access(font_files[f], R_OK) != 0) {
			lay_fail(L, PDFGEN_EHPDF, "cannot read %s", font_files[f]);
			return false;
		}
		name = HPDF_LoadTTFontFromFile(L->pdf, font_files[f], HPDF_TRUE);
		L->font[f] = name != NULL ? HPDF_GetFont(L->pdf, name, "UTF-8") : NULL;
		L->fontdef[f] = name != NULL ? HPDF_GetFontDef(L->pdf, name) : NULL;
		if (L->font[f] == NULL || L->fontdef[f] == NULL) {
			lay_fail(L, PDFGEN_EHPDF, "libharu: cannot load %s", font_files[f]);
			return false;
		}
	}
	return fix_to_unicode(L);
}

void lay_begin(struct lay *L, bool landscape, enum lay_pass pass)
{
	float margin = landscape ? MARGIN_LANDSCAPE : MARGIN_PORTRAIT;
	float w = landscape ? A4_LONG : A4_SHORT, h = landscape ? A4_SHORT : A4_LONG;

	memset(L, 0, sizeof(*L));
	L->landscape = landscape;
	L->x0 = margin;
	L->x1 = w - margin;
	L->y_top = h - margin;
	L->y_bottom = FOOTER_Y + 2.2f * FOOTER_SIZE;
	L->footer = "";
	L->may_retry = pass == LAY_PASS_CP1252;
	if (!open_doc(L, pass == LAY_PASS_UNICODE)) {
		if (pass != LAY_PASS_UNICODE || L->err == PDFGEN_ENOMEM)
			return;
		/*
		 * The font files are missing or unreadable (a broken install): a
		 * document with '?' for the letters CP1252 lacks, counted in
		 * replaced, is better than no document at all.
		 */
		if (L->pdf != NULL)
			HPDF_Free(L->pdf);
		L->pdf = NULL;
		memset(L->font, 0, sizeof(L->font));
		memset(L->fontdef, 0, sizeof(L->fontdef));
		L->err = PDFGEN_OK;
		L->message[0] = '\0';
		if (!open_doc(L, false))
			return;
	}
	lay_new_page(L);
}

void lay_new_page(struct lay *L)
{
	HPDF_Page page;

	if (L->err != PDFGEN_OK)
		return;
	/* The footers are written last: leave each page with no word spacing. */
	if (L->page != NULL && L->word_space != 0.0f)
		set_word_space(L, 0.0f);
	if (L->n_pages >= PDFGEN_MAX_PAGES) {
		lay_fail(L, PDFGEN_ELIMIT, "the document would exceed %d pages", PDFGEN_MAX_PAGES);
		return;
	}
	if (L->n_pages == L->cap_pages) {
		int cap = L->cap_pages ? 2 * L->cap_pages : 8;
		HPDF_Page *pages = realloc(L->pages, (size_t)cap * sizeof(*pages));

		if (pages == NULL) {
			lay_fail(L, PDFGEN_ENOMEM, "out of memory (page list)");
			return;
		}
		L->pages = pages;
		L->cap_pages = cap;
	}
	page = HPDF_AddPage(L->pdf);
	if (page == NULL) {
		lay_fail(L, PDFGEN_EHPDF, "libharu: cannot add a page");
		return;
	}
	if (!hp(L,
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
				  L->landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT),
		"Page_SetSize"))
		return;
	L->pages[L->n_pages++] = page;
	L->page = page;
	L->y = L->y_top;
	L->fresh = true;
	L->word_space = 0.0f;
	if (L->cols != NULL)
		L->need_head = true;
}

void lay_need(struct lay *L, float points)
{
	if (L->err == PDFGEN_OK && !L->fresh && L->y - points < L->y_bottom)
		lay_new_page(L);
}

void lay_space(struct lay *L, float points)
{
	/* Space at the top of a page would only push the text down. */
	if (L->err != PDFGEN_OK || L->fresh)
		return;
	if (L->y - points < L->y_bottom)
		lay_new_page(L);
	else
		L->y -= points;
}

void lay_set_indent(struct lay *L, float points)
{
	L->indent = points;
}

void lay_rule(struct lay *L)
{
	if (L->err != PDFGEN_OK)
		return;
	lay_need(L, 6.0f);
	if (hp(L, HPDF_Page_SetLineWidth(L->page, 0.6f), "SetLineWidth") &&
	    hp(L, HPDF_Page_MoveTo(L->page, L->x0, L->y - 3.0f), "MoveTo") &&
	    hp(L, HPDF_Page_LineTo(L->page, L->x1, L->y - 3.0f), "LineTo") &&
	    hp(L, HPDF_Page_Stroke(L->page), "Stroke")) {
		L->y -= 6.0f;
		L->fresh = false;
	}
}

/* ---- text: measure, wrap, draw ---------------------------------------------- */

static float text_width(const struct lay *L, enum lay_font f, float size, const char *s, size_t n)
{
	HPDF_TextWidth tw = HPDF_Font_TextWidth(L->font[f], (const HPDF_BYTE *)s, (HPDF_UINT)n);

	return (float)tw.width * size / 1000.0f;
}

/* How many bytes of the word s[0..n) fit in maxw points: at least one character. */
static size_t cut_word(const struct lay *L, enum lay_font f, float size, const char *s, size_t n,
		       float maxw)
{
	size_t k = 0;
	float w = 0.0f;

	if (!L->unicode) {
		HPDF_REAL real = 0;

		k = HPDF_Font_MeasureText(L->font[f], (const HPDF_BYTE *)s, (HPDF_UINT)n, maxw,
					  size, 0, 0, HPDF_FALSE, &real);
		return k == 0 ? 1 : k;
	}
	/* libharu's MeasureText cuts UTF-8 inside a character: count whole ones. */
	while (k < n) {
		size_t c = 1;
		float cw;

		while (k + c < n && ((unsigned char)s[k + c] & 0xC0) == 0x80)
			c++;
		cw = text_width(L, f, size, s + k, c);
		if (k > 0 && w + cw > maxw)
			break;
		w += cw;
		k += c;
	}
	return k;
}

static bool push_line(struct lay *L, struct lay_block *b, size_t off, size_t len, float width,
		      bool last)
{
	if (b->n_lines == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 8;
		struct lay_span *v = realloc(b->line, cap * sizeof(*v));

		if (v == NULL) {
			lay_fail(L, PDFGEN_ENOMEM, "out of memory (lines)");
			return false;
		}
		b->line = v;
		b->cap = cap;
	}
	b->line[b->n_lines++] = (struct lay_span){off, len, width, last};
	return true;
}

/*
 * French typography: no line break between « and what follows, nor before
 * : ; ! ? and ». `sp` is the first space of a run of spaces in s[a, end).
 */
static bool glued(const char *s, size_t a, size_t end, size_t sp, bool unicode)
{
	size_t q = sp;

	while (q < end && s[q] == ' ')
		q++;
	if (q == end)
		return false;
	/* « and » are 0xAB and 0xBB in CP1252, C2 AB and C2 BB in UTF-8 (C3 AB is ë). */
	if (unicode
		? sp > a + 1 && (unsigned char)s[sp - 2] == 0xC2 && (unsigned char)s[sp - 1] == 0xAB
		: sp > a && (unsigned char)s[sp - 1] == 0xAB)
		return true;
	if (unicode && q + 1 < end && (unsigned char)s[q] == 0xC2 &&
	    (unsigned char)s[q + 1] == 0xBB)
		return true;
	return s[q] == ':' || s[q] == ';' || s[q] == '!' || s[q] == '?' ||
	       (!unicode && (unsigned char)s[q] == 0xBB);
}

/* Greedy wrap of the hard line s[a, end) to lines of at most maxw points. */
static bool wrap_line(struct lay *L, struct lay_block *b, enum lay_font f, float size, size_t a,
		      size_t end, float maxw)
{
	const char *s = b->text;
	size_t p = a, start = a, stop = a, before = b->n_lines;
	float width = 0.0f;
	bool empty = true;

	while (p < end) {
		size_t sp = p, ws, we;
		float sw, ww;

		while (p < end && s[p] == ' ')
			p++;
		ws = p;
		if (ws == end)
			break;
		we = ws;
		for (;;) {
			while (we < end && s[we] != ' ')
				we++;
			if (we == end || !glued(s, a, end, we, L->unicode))
				break;
			while (we < end && s[we] == ' ')
				we++;
		}
		sw = empty ? 0.0f : text_width(L, f, size, s + sp, ws - sp);
		ww = text_width(L, f, size, s + ws, we - ws);
		if (!empty && width + sw + ww <= maxw + 0.01f) {
			stop = we;
			width += sw + ww;
			p = we;
		} else if (!empty) {
			if (!push_line(L, b, start, stop - start, width, false))
				return false;
			empty = true;
			p = ws;
		} else if (ww <= maxw + 0.01f) {
			start = ws;
			stop = we;
			width = ww;
			empty = false;
			p = we;
		} else {
			/* A word wider than the line: cut it where it stops fitting. */
			size_t k = cut_word(L, f, size, s + ws, we - ws, maxw);

			if (!push_line(L, b, ws, k, text_width(L, f, size, s + ws, k), false))
				return false;
			p = ws + k;
		}
	}
	if (!empty || b->n_lines == before)
		return push_line(L, b, start, empty ? 0 : stop - start, empty ? 0.0f : width, true);
	b->line[b->n_lines - 1].last = true;
	return true;
}

static void block_free(struct lay_block *b)
{
	free(b->text);
	free(b->line);
	memset(b, 0, sizeof(*b));
}

static bool has_glyph(void *ctx, uint32_t c)
{
	return HPDF_TTFontDef_GetGlyphid((HPDF_FontDef)ctx, (HPDF_UINT16)c) != 0;
}

/*
 * Converts n bytes of utf8 for font f into out (n + 1 bytes): CP1252, or
 * UTF-8 of the characters the embedded font has. A character lost in a
 * LAY_PASS_CP1252 pass stops it (LAY_AGAIN): the embedded font may have it.
 */
static bool convert(struct lay *L, enum lay_font f, const char *utf8, size_t n, char *out,
		    size_t *len)
{
	size_t before = L->replaced;
	bool ok = L->unicode ? pdfgen_utf8_clean(utf8, n, out, n + 1, len, &L->replaced, has_glyph,
						 L->fontdef[f])
			     : pdfgen_utf8_to_cp1252(utf8, n, out, n + 1, len, &L->replaced);

	if (!ok) {
		lay_fail(L, PDFGEN_EINPUT, "text conversion overflow");
		return false;
	}
	if (L->may_retry && L->replaced > before) {
		L->again = true;
		lay_fail(L, PDFGEN_EHPDF,
			 "a character outside CP1252: the embedded font is needed");
		return false;
	}
	return true;
}

/* Converts utf8 and cuts it into lines of at most maxw points. */
static bool block_make(struct lay *L, struct lay_block *b, const char *utf8, enum lay_font f,
		       float size, float maxw)
{
	size_t n = strlen(utf8), len = 0, a = 0;

	memset(b, 0, sizeof(*b));
	if (L->err != PDFGEN_OK)
		return false;
	b->text = lay_alloc(L, n + 1);
	if (b->text == NULL)
		return false;
	if (!convert(L, f, utf8, n, b->text, &len)) {
		block_free(b);
		return false;
	}
	for (size_t i = 0; i < len; i++)
		if (b->text[i] == '\t')
			b->text[i] = ' ';
	for (size_t i = 0; i <= len; i++) {
		if (i < len && b->text[i] != '\n')
			continue;
		if (!wrap_line(L, b, f, size, a, i, maxw)) {
			block_free(b);
			return false;
		}
		a = i + 1;
	}
	return true;
}

static void set_word_space(struct lay *L, float ws)
{
	if (ws != L->word_space && hp(L, HPDF_Page_SetWordSpace(L->page, ws), "SetWordSpace"))
		L->word_space = ws;
}

/* A justified line of the embedded font: each word at its place, spaces ws wider. */
static void draw_words(struct lay *L, char *s, size_t len, enum lay_font f, float size, float x,
		       float baseline, float ws)
{
	float space = text_width(L, f, size, " ", 1) + ws;
	size_t k = 0;

	if (!hp(L, HPDF_Page_BeginText(L->page), "BeginText") ||
	    !hp(L, HPDF_Page_SetFontAndSize(L->page, L->font[f], size), "SetFontAndSize"))
		return;
	while (k < len && L->err == PDFGEN_OK) {
		size_t e = k;

		while (e < len && s[e] != ' ')
			e++;
		if (e > k) {
			char saved = s[e];

			s[e] = '\0';
			hp(L, HPDF_Page_TextOut(L->page, x, baseline, s + k), "TextOut");
			s[e] = saved;
			x += text_width(L, f, size, s + k, e - k);
		}
		for (; e < len && s[e] == ' '; e++)
			x += space;
		k = e;
	}
	hp(L, HPDF_Page_EndText(L->page), "EndText");
	L->fresh = false;
}

/*
 * Draws line i of b with its baseline at `baseline`, in the box [x, x + w).
 * Justified lines stretch their spaces (Tw acts on byte 0x20 in a simple
 * font), unless the stretch would be ugly. Tw does nothing to the two-byte
 * codes of the embedded font: there each word is placed where it belongs.
 */
static void draw_line(struct lay *L, struct lay_block *b, size_t i, enum lay_font f, float size,
		      enum lay_align al, float x, float w, float baseline)
{
	const struct lay_span *ln = &b->line[i];
	char *s = b->text + ln->off, saved;
	float dx = 0.0f, ws = 0.0f;

	if (ln->len == 0 || L->err != PDFGEN_OK)
		return;
	if (al == LAY_CENTER)
		dx = (w - ln->width) / 2.0f;
	else if (al == LAY_RIGHT)
		dx = w - ln->width;
	else if (al == LAY_JUSTIFY && !ln->last) {
		size_t spaces = 0;

		for (size_t k = 0; k < ln->len; k++)
			spaces += s[k] == ' ';
		if (spaces > 0 && (w - ln->width) / (float)spaces < size)
			ws = (w - ln->width) / (float)spaces;
	}
	if (L->unicode && ws != 0.0f) {
		draw_words(L, s, ln->len, f, size, x, baseline, ws);
		return;
	}
	set_word_space(L, ws);
	saved = s[ln->len];
	s[ln->len] = '\0';
	if (hp(L, HPDF_Page_BeginText(L->page), "BeginText") &&
	    hp(L, HPDF_Page_SetFontAndSize(L->page, L->font[f], size), "SetFontAndSize") &&
	    hp(L, HPDF_Page_TextOut(L->page, x + dx, baseline, s), "TextOut"))
		hp(L, HPDF_Page_EndText(L->page), "EndText");
	s[ln->len] = saved;
	L->fresh = false;
}

/*
 * A paragraph in the box [x, x1), lines flowing onto new pages; `bullet`
 * (CP1252 or UTF-8, as the fonts in use) is drawn left of the first line.
 */
static void paragraph(struct lay *L, enum lay_style st, const char *utf8, float x,
		      const char *bullet)
{
	const struct style *S = &styles[st];
	struct lay_block b;
	float lh = S->size * LEADING, w = L->x1 - x, need;

	if (L->err != PDFGEN_OK || !block_make(L, &b, utf8, S->font, S->size, w))
		return;
	if (!L->fresh)
		L->y -= S->before;
	need = (float)(b.n_lines < 2 ? b.n_lines : 2) * lh;
	if (S->keep)
		need = (float)b.n_lines * lh + KEEP_AFTER;
	lay_need(L, need);
	for (size_t i = 0; i < b.n_lines && L->err == PDFGEN_OK; i++) {
		float baseline;

		if (L->y - lh < L->y_bottom)
			lay_new_page(L);
		baseline = L->y - S->size * BASELINE;
		/* Measured first: the embedded font keeps only the glyphs measured. */
		if (i == 0 && bullet != NULL)
			(void)text_width(L, S->font, S->size, bullet, strlen(bullet));
		if (i == 0 && bullet != NULL && hp(L, HPDF_Page_BeginText(L->page), "BeginText") &&
		    hp(L, HPDF_Page_SetFontAndSize(L->page, L->font[S->font], S->size),
		       "SetFontAndSize") &&
		    hp(L, HPDF_Page_TextOut(L->page, x - BULLET_W, baseline, bullet), "TextOut"))
			hp(L, HPDF_Page_EndText(L->page), "EndText");
		draw_line(L, &b, i, S->font, S->size, S->align, x, w, baseline);
		L->y -= lh;
	}
	set_word_space(L, 0.0f);
	L->y -= S->after;
	block_free(&b);
}

void lay_text(struct lay *L, enum lay_style style, const char *utf8)
{
	paragraph(L, style, utf8, L->x0 + L->indent, NULL);
}

void lay_textf(struct lay *L, enum lay_style style, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = keep_string(L, fmt, ap);
	va_end(ap);
	lay_text(L, style, s);
}

void lay_item(struct lay *L, const char *utf8)
{
	/* 0x95 is the bullet in CP1252, U+2022 in UTF-8. */
	paragraph(L, LAY_PLAIN, utf8, L->x0 + L->indent + BULLET_W,
		  L->unicode ? "\xE2\x80\xA2" : "\x95");
	L->y -= 2.0f;
}

void lay_field(struct lay *L, float label_width, const char *label, const char *value)
{
	const struct style *S = &styles[LAY_PLAIN];
	struct lay_block lb;
	float x = L->x0 + L->indent, lh = S->size * LEADING, top, label_h;
	HPDF_Page page;

	if (L->err != PDFGEN_OK ||
	    !block_make(L, &lb, label, LAY_BOLD, S->size, label_width - 2.0f * CELL_PAD))
		return;
	label_h = (float)lb.n_lines * lh;
	/* Room for the label and the value's first lines, which the label must not leave. */
	lay_need(L, label_h > 2.0f * lh ? label_h : 2.0f * lh);
	top = L->y;
	page = L->page;
	for (size_t i = 0; i < lb.n_lines; i++)
		draw_line(L, &lb, i, LAY_BOLD, S->size, LAY_LEFT, x, label_width,
			  top - S->size * BASELINE - (float)i * lh);
	block_free(&lb);
	paragraph(L, LAY_PLAIN, value, x + label_width, NULL);
	if (L->page == page && L->y > top - label_h)
		L->y = top - label_h;
	L->y -= 3.0f;
}

/* ---- tables ----------------------------------------------------------------- */

void lay_table_begin(struct lay *L, const struct lay_col *cols, int n_cols, float font_size)
{
	float total = 0.0f, x;
	size_t most = 1;

	if (L->err != PDFGEN_OK)
		return;
	if (n_cols < 1 || n_cols > LAY_MAX_COLS) {
		lay_fail(L, PDFGEN_EINPUT, "a table has 1 to %d columns", LAY_MAX_COLS);
		return;
	}
	for (int c = 0; c < n_cols; c++)
		total += cols[c].weight;
	L->cols = cols;
	L->n_cols = n_cols;
	L->table_size = font_size;
	x = L->x0 + L->indent;
	for (int c = 0; c <= n_cols; c++) {
		L->col_x[c] = x;
		if (c < n_cols)
			x += (L->x1 - L->x0 - L->indent) * cols[c].weight / total;
	}
	for (int c = 0; c < n_cols; c++) {
		float w = L->col_x[c + 1] - L->col_x[c] - 2.0f * CELL_PAD;

		if (!block_make(L, &L->head[c], cols[c].title, LAY_BOLD, font_size, w))
			return;
		if (L->head[c].n_lines > most)
			most = L->head[c].n_lines;
	}
	L->head_h = (float)most * font_size * LEADING + 2.0f * CELL_PAD;
	L->need_head = true;
}

/* Lines [from, to) of the cells of one row, as a band of height h. */
static void draw_band(struct lay *L, struct lay_block *cells, size_t from, size_t to, float h,
		      bool head)
{
	float lh = L->table_size * LEADING, top = L->y;

	if (!hp(L, HPDF_Page_SetLineWidth(L->page, 0.5f), "SetLineWidth"))
		return;
	for (int c = 0; c < L->n_cols && L->err == PDFGEN_OK; c++) {
		float x = L->col_x[c], w = L->col_x[c + 1] - x;
		enum lay_font f = head ? LAY_BOLD : L->cols[c].font;
		enum lay_align al = head ? LAY_LEFT : L->cols[c].align;

		if (head) {
			if (hp(L, HPDF_Page_SetGrayFill(L->page, 0.88f), "SetGrayFill") &&
			    hp(L, HPDF_Page_Rectangle(L->page, x, top - h, w, h), "Rectangle") &&
			    hp(L, HPDF_Page_FillStroke(L->page), "FillStroke"))
				hp(L, HPDF_Page_SetGrayFill(L->page, 0.0f), "SetGrayFill");
		} else if (hp(L, HPDF_Page_Rectangle(L->page, x, top - h, w, h), "Rectangle")) {
			hp(L, HPDF_Page_Stroke(L->page), "Stroke");
		}
		for (size_t i = from; i < to && i < cells[c].n_lines; i++)
			draw_line(L, &cells[c], i, f, L->table_size, al, x + CELL_PAD,
				  w - 2.0f * CELL_PAD,
				  top - CELL_PAD - (float)(i - from) * lh -
				      L->table_size * BASELINE);
	}
	L->y -= h;
	L->fresh = false;
}

static void draw_head(struct lay *L)
{
	size_t most = 1;

	for (int c = 0; c < L->n_cols; c++)
		if (L->head[c].n_lines > most)
			most = L->head[c].n_lines;
	draw_band(L, L->head, 0, most, L->head_h, true);
	L->need_head = false;
}

void lay_table_row(struct lay *L, const char *const *cells)
{
	struct lay_block cell[LAY_MAX_COLS];
	float lh = L->table_size * LEADING;
	size_t lines = 1, from = 0;
	int made = 0;

	if (L->err != PDFGEN_OK || L->cols == NULL)
		return;
	for (; made < L->n_cols; made++) {
		float w = L->col_x[made + 1] - L->col_x[made] - 2.0f * CELL_PAD;

		if (!block_make(L, &cell[made], cells[made] ? cells[made] : "", L->cols[made].font,
				L->table_size, w))
			break;
		if (cell[made].n_lines > lines)
			lines = cell[made].n_lines;
	}
	while (L->err == PDFGEN_OK && from < lines) {
		float head = L->need_head ? L->head_h : 0.0f;
		float room = L->y - L->y_bottom - head - 2.0f * CELL_PAD;
		float page_room = L->y_top - L->y_bottom - L->head_h - 2.0f * CELL_PAD;
		size_t fit = room > 0 ? (size_t)floorf(room / lh + 0.001f) : 0;
		size_t rest = lines - from;

		if (fit >= rest) {
			if (L->need_head)
				draw_head(L);
			draw_band(L, cell, from, lines, (float)rest * lh + 2.0f * CELL_PAD, false);
			from = lines;
		} else if (L->fresh && fit == 0) {
			lay_fail(L, PDFGEN_ELIMIT, "a table line is taller than a page");
		} else if (!L->fresh && ((float)rest * lh <= page_room || fit < 2)) {
			/* The row fits on the next page, or too little of it fits here. */
			lay_new_page(L);
		} else {
			/* Taller than a page: split it, the rest goes under the repeated header. */
			if (L->need_head)
				draw_head(L);
			draw_band(L, cell, from, from + fit, (float)fit * lh + 2.0f * CELL_PAD,
				  false);
			from += fit;
			lay_new_page(L);
		}
	}
	while (made > 0)
		block_free(&cell[--made]);
}

void lay_table_end(struct lay *L)
{
	for (int c = 0; c < LAY_MAX_COLS; c++)
		block_free(&L->head[c]);
	L->cols = NULL;
	L->n_cols = 0;
	L->need_head = false;
	lay_space(L, 8.0f);
}

/* ---- signatures --------------------------------------------------------------- */

/* Height of a signature block drawn in width w, or drawn at (x, top) when draw. */
static float sig_block(struct lay *L, const struct lay_sig *sig, float x, float top, float w,
		       bool draw)
{
	const char *part[3] = {sig->role, sig->name, sig->note};
	const enum lay_font font[3] = {LAY_BOLD, LAY_REGULAR, LAY_OBLIQUE};
	const float size[3] = {10.0f, 10.0f, 8.5f};
	float y = top;
	/* Measuring is not printing: only the drawing pass counts replacements. */
	size_t replaced = L->replaced;

	for (int k = 0; k < 3 && L->err == PDFGEN_OK; k++) {
		struct lay_block b;

		if (part[k] == NULL || part[k][0] == '\0')
			continue;
		if (!block_make(L, &b, part[k], font[k], size[k], w))
			break;
		for (size_t i = 0; i < b.n_lines; i++) {
			if (draw)
				draw_line(L, &b, i, font[k], size[k], LAY_LEFT, x, w,
					  y - size[k] * BASELINE);
			y -= size[k] * LEADING;
		}
		block_free(&b);
	}
	y -= SIG_ROOM;
	if (draw && hp(L, HPDF_Page_SetLineWidth(L->page, 0.5f), "SetLineWidth") &&
	    hp(L, HPDF_Page_MoveTo(L->page, x, y), "MoveTo") &&
	    hp(L, HPDF_Page_LineTo(L->page, x + w * 0.85f, y), "LineTo"))
		hp(L, HPDF_Page_Stroke(L->page), "Stroke");
	if (!draw)
		L->replaced = replaced;
	return top - y;
}

void lay_signatures(struct lay *L, const char *intro, const struct lay_sig *sigs, size_t n)
{
	float w = (L->x1 - L->x0 - SIG_GAP) / 2.0f;
	float intro_h = 0.0f;

	if (L->err != PDFGEN_OK)
		return;
	if (intro != NULL) {
		struct lay_block b;
		size_t replaced = L->replaced;

		if (!block_make(L, &b, intro, LAY_REGULAR, 10.0f, L->x1 - L->x0))
			return;
		intro_h = (float)b.n_lines * 10.0f * LEADING + 10.0f;
		block_free(&b);
		L->replaced = replaced;
	}
	for (size_t i = 0; i < n && L->err == PDFGEN_OK; i += 2) {
		float h = sig_block(L, &sigs[i], 0, 0, w, false);

		if (i + 1 < n) {
			float h2 = sig_block(L, &sigs[i + 1], 0, 0, w, false);

			h = h > h2 ? h : h2;
		}
		lay_need(L, h + 12.0f + (i == 0 ? intro_h : 0.0f));
		if (i == 0 && intro != NULL) {
			lay_text(L, LAY_PLAIN, intro);
			L->y -= 10.0f;
		}
		sig_block(L, &sigs[i], L->x0, L->y, w, true);
		if (i + 1 < n)
			sig_block(L, &sigs[i + 1], L->x0 + w + SIG_GAP, L->y, w, true);
		L->y -= h + 12.0f;
		L->fresh = false;
	}
}

/* ---- finish -------------------------------------------------------------------- */

static void footers(struct lay *L)
{
	struct lay_block left;
	float w = L->x1 - L->x0;

	if (!block_make(L, &left, L->footer, LAY_REGULAR, FOOTER_SIZE, w * 0.75f))
		return;
	for (int i = 0; i < L->n_pages && L->err == PDFGEN_OK; i++) {
		struct lay_block num;

		L->page = L->pages[i];
		L->word_space = 0.0f;
		if (!block_make(L, &num, lay_fmt(L, "page %d / %d", i + 1, L->n_pages), LAY_REGULAR,
				FOOTER_SIZE, w * 0.25f))
			break;
		if (hp(L, HPDF_Page_SetGrayFill(L->page, 0.35f), "SetGrayFill")) {
			if (left.n_lines > 0)
				draw_line(L, &left, 0, LAY_REGULAR, FOOTER_SIZE, LAY_LEFT, L->x0,
					  w * 0.75f, FOOTER_Y);
			draw_line(L, &num, 0, LAY_REGULAR, FOOTER_SIZE, LAY_RIGHT, L->x0, w,
				  FOOTER_Y);
		}
		block_free(&num);
	}
	block_free(&left);
}

/* One metadata string, converted as the text is (a lost character in CP1252 asks for LAY_AGAIN). */
static void info(struct lay *L, HPDF_InfoType type, const char *utf8)
{
	size_t n, len = 0;
	char *buf;

	if (L->err != PDFGEN_OK || utf8 == NULL || utf8[0] == '\0')
		return;
	n = strlen(utf8);
	buf = lay_alloc(L, n + 1);
	if (buf == NULL)
		return;
	/* Tabs and newlines are white space in a title: the regular face decides the rest. */
	if (convert(L, LAY_REGULAR, utf8, n, buf, &len)) {
		for (size_t i = 0; i < len; i++)
			if (buf[i] == '\n' || buf[i] == '\t')
				buf[i] = ' ';
		hp(L, HPDF_SetInfoAttr(L->pdf, type, buf), "SetInfoAttr");
	}
	free(buf);
}

/*
 * Title (the footer's text), author, subject, creator and creation date:
 * what a document management system or a PDF reader shows in its list.
 * The date is the time of rendering, in UTC.
 */
static void metadata(struct lay *L)
{
	time_t now = time(NULL);
	struct tm tm;
	HPDF_Date d = {0};

	info(L, HPDF_INFO_TITLE, L->footer);
	info(L, HPDF_INFO_AUTHOR, L->author);
	info(L, HPDF_INFO_SUBJECT, L->subject);
	info(L, HPDF_INFO_CREATOR, "transitd");
	if (L->err != PDFGEN_OK || gmtime_r(&now, &tm) == NULL)
		return;
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec < 60 ? tm.tm_sec : 59; /* a leap second: libharu refuses 60 */
	d.ind = 'Z';
	hp(L, HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_CREATION_DATE, d), "SetInfoDateAttr");
}

static void save(struct lay *L, struct pdfgen_result *out)
{
	HPDF_UINT32 size, got;
	unsigned char *buf;

	if (!hp(L, HPDF_SaveToStream(L->pdf), "SaveToStream"))
		return;
	size = HPDF_GetStreamSize(L->pdf);
	if (size == 0) {
		lay_fail(L, PDFGEN_EHPDF, "libharu: empty document stream");
		return;
	}
	buf = lay_alloc(L, size);
	if (buf == NULL)
		return;
	got = size;
	if (!hp(L, HPDF_GetContents(L->pdf, buf, &got), "GetContents") || got != size) {
		lay_fail(L, PDFGEN_EHPDF, "libharu: read %lu of %lu bytes", (unsigned long)got,
			 (unsigned long)size);
		free(buf);
		return;
	}
	out->pdf = buf;
	out->size = size;
}

int lay_finish(struct lay *L, struct pdfgen_result *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (L->err == PDFGEN_OK)
		footers(L);
	if (L->err == PDFGEN_OK)
		metadata(L);
	if (L->err == PDFGEN_OK)
		save(L, out);
	if (L->again) {
		/* Not an error: the caller renders again with the embedded font (LAY_RUN). */
		memset(out, 0, sizeof(*out));
	} else if (L->err != PDFGEN_OK) {
		free(out->pdf);
		out->pdf = NULL;
		out->size = 0;
		out->err = L->err;
		snprintf(out->message, sizeof(out->message), "%s", L->message);
	} else {
		out->pages = L->n_pages;
		out->embedded_font = L->unicode;
	}
	if (!L->again)
		out->replaced = L->replaced;
	ret = L->again ? LAY_AGAIN : out->err == PDFGEN_OK ? 0 : -1;
	for (int c = 0; c < LAY_MAX_COLS; c++)
		block_free(&L->head[c]);
	while (L->strings != NULL) {
		struct lay_str *next = L->strings->next;

		free(L->strings);
		L->strings = next;
	}
	free(L->pages);
	if (L->pdf != NULL)
		HPDF_Free(L->pdf);
	memset(L, 0, sizeof(*L));
	return ret;
}

int pdfgen_blank(struct pdfgen_result *out)
{
	struct lay L;

	/* Nothing but "page 1 / 1": never LAY_AGAIN. */
	lay_begin(&L, false, LAY_PASS_CP1252);
	return lay_finish(&L, out) == 0 ? 0 : -1;
}
