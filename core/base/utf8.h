/*
 * utf8: the text of settings people write (descriptions) is UTF-8 without
 * control characters (SPEC 2), so that every show prints it as it was
 * typed and every JSON document stays valid.  Shared by the grammar, which
 * refuses such text where it is typed, and the engine, which never stores
 * it.
 */
#ifndef ECSH_UTF8_H
#define ECSH_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The code point at s (n bytes available): its length in bytes, or 0 if
 * the bytes there are not well-formed UTF-8 (RFC 3629: no overlong form,
 * no surrogate, nothing above U+10FFFF).
 */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/*
 * The columns len bytes of text take on a terminal: one per character,
 * two for East Asian wide ones, none for combining marks; a byte that is
 * not UTF-8 takes one.
 */
size_t	utf8_columns(const char *text, size_t len);
/* Cut a string cut short at a byte limit back to a whole character. */
void	utf8_cut(char *text);
/* C0, DEL and C1 controls. */
bool	utf8_is_control(uint32_t cp);
/*
 * True if text is well-formed UTF-8 without control characters;
 * otherwise false, with the byte offset of the first bad character in
 * *at and what is wrong with it in why.
 */
bool	utf8_text_check(const char *text, size_t *at, char *why,
	    size_t whylen);

#endif
