/*
 * gram_types: decoders for the typed tokens of the grammar.  Each turns one
 * word into a typed value or says precisely why it cannot.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "gram.h"

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Unsigned decimal that fits in 64 bits; no sign, no spaces, no hex. */
static bool
decode_decimal(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!all_digits(s) || strlen(s) > 20)
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

bool
gram_decode_asn(const char *word, uint32_t *asn)
{
	const char *dot = strchr(word, '.');
	uint64_t hi, lo, v;

	if (dot != NULL) {
		/* asdot (RFC 5396): high.low, each 0..65535 */
		char high[8];
		size_t n = (size_t)(dot - word);

		if (n == 0 || n >= sizeof(high))
			return false;
		memcpy(high, word, n);
		high[n] = '\0';
		if (!decode_decimal(high, &hi) || !decode_decimal(dot + 1, &lo) ||
		    hi > 65535 || lo > 65535)
			return false;
		v = hi << 16 | lo;
	} else if (!decode_decimal(word, &v)) {
		return false;
	}
	if (v < 1 || v > UINT32_MAX)
		return false;
	*asn = (uint32_t)v;
	return true;
}

bool
gram_name_valid(const char *word)
{
	size_t n = strlen(word);

	if (n < 1 || n > 128 || !isalpha((unsigned char)word[0]))
		return false;
	for (; *word != '\0'; word++)
		if (!isalnum((unsigned char)*word) && *word != '.' &&
		    *word != '_' && *word != '-')
			return false;
	return true;
}

const char *
gram_type_word(const struct gram_node *n, char *buf, size_t len)
{
	if (n->type == GT_RANGE && n->word == NULL) {
		snprintf(buf, len, "<%" PRId64 "-%" PRId64 ">", n->min, n->max);
		return buf;
	}
	return n->word;
}

bool
gram_decode(const struct gram_node *n, const char *word, struct gram_value *v,
    char *why, size_t whylen)
{
	uint64_t num;
	uint32_t asn;

	memset(v, 0, sizeof(*v));
	v->text = word;
	switch (n->type) {
	case GT_RANGE:
		if (!decode_decimal(word, &num)) {
			snprintf(why, whylen, "'%s' is not a number", word);
			return false;
		}
		if ((int64_t)num < n->min || (int64_t)num > n->max ||
		    num > INT64_MAX) {
			snprintf(why, whylen, "%s is outside %" PRId64
			    "-%" PRId64, word, n->min, n->max);
			return false;
		}
		v->number = (int64_t)num;
		return true;
	case GT_ASN:
		if (!gram_decode_asn(word, &asn)) {
			snprintf(why, whylen, "'%s' is not an AS number "
			    "(1-4294967295, or X.Y in asdot)", word);
			return false;
		}
		v->number = asn;
		return true;
	case GT_IPV4:
	case GT_IPV6:
	case GT_IP:
		return ipaddr_decode(word, n->type == GT_IPV4 ? AF_INET :
		    n->type == GT_IPV6 ? AF_INET6 : AF_UNSPEC, &v->ip, why,
		    whylen) == 0;
	case GT_PREFIX4:
	case GT_PREFIX6:
	case GT_PREFIX:
		return prefix_decode(word, n->type == GT_PREFIX4 ? AF_INET :
		    n->type == GT_PREFIX6 ? AF_INET6 : AF_UNSPEC, &v->prefix,
		    why, whylen) == 0;
	case GT_NAME:
		if (!gram_name_valid(word)) {
			snprintf(why, whylen, "'%.40s' is not a valid name "
			    "(1-128 letters, digits, '.', '_', '-', "
			    "starting with a letter)", word);
			return false;
		}
		return true;
	case GT_WORD:
	case GT_LINE:
		return true;
	default:
		snprintf(why, whylen, "'%s' is not expected here", word);
		return false;
	}
}
