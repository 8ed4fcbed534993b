/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * glob.c - the patterns of quirk entries over INQUIRY fields.
 *
 * '*' any string, '?' one character, [set] one character of a set
 * (ranges a-z; '!' or '^' first negates; ']' first is literal), '\'
 * quotes the next character.  Written here rather than with fnmatch(3)
 * so that a malformed pattern is an error the validator can report
 * instead of being matched literally.
 */
#include <stddef.h>

#include "quirks/quirks_priv.h"

/*
 * Length of the [set] at p (p[0] == '['), including both brackets, or
 * 0 if it is not closed or has a backwards range.
 */
static size_t set_len(const char *p, const char **why)
{
	size_t i = 1;

	if (p[i] == '!' || p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	for (; p[i] != '\0' && p[i] != ']'; i++) {
		if (p[i + 1] == '-' && p[i + 2] != ']' && p[i + 2] != '\0') {
			if ((unsigned char)p[i + 2] < (unsigned char)p[i]) {
				*why = "backwards range in [set]";
				return 0;
			}
			i += 2;
		}
	}
	if (p[i] != ']') {
		*why = "'[' without ']'";
		return 0;
	}
	return i + 1;
}

/* Does character c belong to the well-formed set at p? */
static bool set_has(const char *p, unsigned char c)
{
	size_t i = 1;
	bool neg = false, in = false;

	if (p[i] == '!' || p[i] == '^') {
		neg = true;
		i++;
	}
	if (p[i] == ']') {
		in = c == ']';
		i++;
	}
	for (; p[i] != ']'; i++) {
		unsigned char lo = (unsigned char)p[i], hi = lo;

		if (p[i + 1] == '-' && p[i + 2] != ']') {
			hi = (unsigned char)p[i + 2];
			i += 2;
		}
		if (c >= lo && c <= hi)
			in = true;
	}
	return in != neg;
}

/* INQUIRY fields hold printable ASCII (SPC-5 6.7.2), so must patterns. */
const char *sttape_quirk_glob_check(const char *p, size_t *min_len)
{
	const char *why = NULL;
	size_t n = 0;

	for (const char *q = p; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e)
			return "character outside printable ASCII";
	while (*p != '\0') {
		unsigned char c = (unsigned char)*p;

		if (c == '*') {
			p++;
			continue;
		}
		if (c == '\\') {
			if (p[1] == '\0')
				return "'\\' at the end of the pattern";
			p += 2;
		} else if (c == '[') {
			size_t l = set_len(p, &why);

			if (l == 0)
				return why;
			p += l;
		} else {
			p++;
		}
		n++;
	}
	*min_len = n;
	return NULL;
}

/* Length of the single-character element at p ('?', [set], \c or c). */
static size_t elem_len(const char *p)
{
	const char *why;

	if (*p == '\\')
		return 2;
	if (*p == '[')
		return set_len(p, &why);
	return 1;
}

static bool elem_match(const char *p, unsigned char c)
{
	if (*p == '?')
		return true;
	if (*p == '\\')
		return (unsigned char)p[1] == c;
	if (*p == '[')
		return set_has(p, c);
	return (unsigned char)*p == c;
}

/*
 * Iterative match with one backtrack point: on a mismatch after a '*',
 * let that '*' swallow one more character.  Linear in practice for the
 * short INQUIRY fields.
 */
bool sttape_quirk_glob_match(const char *p, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s != '\0') {
		if (*p == '*') {
			star = ++p;
			retry = s;
		} else if (*p != '\0' && elem_match(p, (unsigned char)*s)) {
			p += elem_len(p);
			s++;
		} else if (star != NULL) {
			p = star;
			s = ++retry;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

unsigned int sttape_quirk_glob_score(const char *p, size_t w)
{
	unsigned int literal = 0;
	bool star = false;

	while (*p != '\0') {
		if (*p == '*')
			star = true;
		else if (*p == '\\' || (*p != '?' && *p != '['))
			literal++;
		p += *p == '*' ? 1 : elem_len(p);
	}
	return literal + (star ? 0 : (unsigned int)w);
}
