/*
 * UTF-8 to Windows-1252, the encoding of the base-14 fonts with
 * WinAnsiEncoding (see pdfgen.h for why those fonts).
 */
#include "pdfgen.h"

#include <string.h>

/* CP1252 0x80..0x9F: the code points of the bytes that differ from Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,	    0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 0x80 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,	    0x017D, 0,	    /* 0x88 */
    0,	    0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 0x90 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,	    0x017E, 0x0178, /* 0x98 */
};

/* The CP1252 byte of code point c, or 0 when it has none. */
static unsigned char cp1252_byte(uint32_t c)
{
	if (c == '\t' || c == '\n' || (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF))
		return (unsigned char)c;
	/* The narrow no-break space of French typography prints as 0xA0. */
	if (c == 0x202F)
		return 0xA0;
	for (unsigned i = 0; i < 32; i++)
		if (cp1252_high[i] != 0 && cp1252_high[i] == c)
			return (unsigned char)(0x80 + i);
	return 0;
}

/*
 * Decodes one character at s[0..n) (n >= 1). Returns the bytes consumed;
 * *c is the code point, or UINT32_MAX for an invalid sequence, in which
 * case the bytes consumed are its maximal valid prefix (at least one), so
 * that one '?' stands for each broken sequence, as Unicode recommends.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *c)
{
	unsigned char b = s[0];
	size_t len;
	uint32_t cp;
	unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */

	if (b < 0x80) {
		*c = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		len = 2;
		cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		len = 3;
		cp = b & 0x0F;
		if (b == 0xE0)
			lo = 0xA0; /* overlong */
		else if (b == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		len = 4;
		cp = b & 0x07;
		if (b == 0xF0)
			lo = 0x90; /* overlong */
		else if (b == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		*c = UINT32_MAX; /* continuation byte, C0/C1 overlong lead, F5..FF */
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		unsigned char lo_i = i == 1 ? lo : 0x80;
		unsigned char hi_i = i == 1 ? hi : 0xBF;

		if (i >= n || s[i] < lo_i || s[i] > hi_i) {
			*c = UINT32_MAX;
			return i;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*c = cp;
	return len;
}

/* The common end of both conversions: NUL-terminates out (or empties it
 * when full) and reports the length and the characters replaced. */
static bool finish(char *out, size_t out_size, size_t o, size_t *out_len, size_t *replaced,
		   size_t bad)
{
	if (o >= out_size) {
		if (out_size > 0)
			out[0] = '\0';
		return false;
	}
	out[o] = '\0';
	*out_len = o;
	*replaced += bad;
	return true;
}

bool pdfgen_utf8_to_cp1252(const char *in, size_t in_len, char *out, size_t out_size,
			   size_t *out_len, size_t *replaced)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, bad = 0;

	while (i < in_len) {
		uint32_t c;
		unsigned char b;

		i += utf8_decode(s + i, in_len - i, &c);
		/* Text areas post CRLF: a line end is one '\n' in a document. */
		if (c == '\r') {
			if (i < in_len && s[i] == '\n')
				continue;
			c = '\n';
		}
		b = c == UINT32_MAX ? 0 : cp1252_byte(c);
		if (b == 0) {
			b = '?';
			bad++;
		}
		if (o + 1 >= out_size) {
			if (out_size > 0)
				out[0] = '\0';
			return false;
		}
		out[o++] = (char)b;
	}
	return finish(out, out_size, o, out_len, replaced, bad);
}

bool pdfgen_utf8_clean(const char *in, size_t in_len, char *out, size_t out_size, size_t *out_len,
		       size_t *replaced, bool (*has_glyph)(void *ctx, uint32_t c), void *ctx)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, bad = 0;

	while (i < in_len) {
		uint32_t c;
		size_t start = i, n;
		bool ok;

		i += utf8_decode(s + i, in_len - i, &c);
		if (c == '\r') {
			if (i < in_len && s[i] == '\n')
				continue;
			c = '\n';
		}
		/* Tab and newline are layout, not glyphs; other controls never print. */
		if (c == '\t' || c == '\n')
			ok = true;
		else
			ok = c != UINT32_MAX && c >= 0x20 && (c < 0x7F || c >= 0xA0) &&
			     c <= 0xFFFF && has_glyph(ctx, c);
		n = ok ? (c == '\n' ? 1 : i - start) : 1;
		if (o + n >= out_size) {
			if (out_size > 0)
				out[0] = '\0';
			return false;
		}
		if (!ok) {
			out[o++] = '?';
			bad++;
		} else if (c == '\n') {
			out[o++] = '\n';
		} else {
			memcpy(out + o, s + start, n);
			o += n;
		}
	}
	return finish(out, out_size, o, out_len, replaced, bad);
}
