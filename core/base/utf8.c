/*
 * utf8: see utf8.h.
 */
#include <stdio.h>
#include <string.h>

#include "utf8.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t v, min;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, v = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, v = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, v = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;	/* a continuation byte, or 0xf8..0xff */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Wide (W) and fullwidth (F) ranges of Unicode's East Asian Width. */
static bool
wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) ||
	    (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
	    (cp >= 0x20000 && cp <= 0x3fffd);
}

static bool
combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 &&
	    cp <= 0x1aff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	    (cp >= 0xfe20 && cp <= 0xfe2f) || cp == 0x200b || cp == 0x200d;
}

size_t
utf8_columns(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, cols = 0, n;
	unsigned char high = 0;
	uint32_t cp;

	/* nearly every cell of a big table is ASCII: one pass, no branch */
	for (i = 0; i < len; i++)
		high |= s[i];
	if (!(high & 0x80))
		return len;
	for (i = 0; i < len; i += n) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			n = 1;
			cols++;
			continue;
		}
		cols += wide(cp) ? 2 : combining(cp) ? 0 : 1;
	}
	return cols;
}

void
utf8_cut(char *text)
{
	size_t n = strlen(text), lead = n;
	uint32_t cp;

	while (lead > 0 && ((unsigned char)text[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead > 0 && (unsigned char)text[lead - 1] >= 0xc0)
		lead--;			/* the last character's first byte */
	if (lead < n && utf8_decode((const unsigned char *)text + lead,
	    n - lead, &cp) == 0)
		text[lead] = '\0';
}

bool
utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

bool
utf8_text_check(const char *text, size_t *at, char *why, size_t whylen)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, len;
	uint32_t cp;

	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0) {
			*at = i;
			snprintf(why, whylen, "byte 0x%02x is not UTF-8 (text "
			    "is UTF-8 without control characters)", s[i]);
			return false;
		}
		if (utf8_is_control(cp)) {
			*at = i;
			snprintf(why, whylen, "U+%04X is a control character "
			    "(text is UTF-8 without control characters)", cp);
			return false;
		}
		i += len;
	}
	return true;
}
