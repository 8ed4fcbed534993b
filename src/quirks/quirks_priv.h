/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * quirks_priv.h - internals of the quirk table shared by its files:
 * glob patterns over INQUIRY fields, the parser's entry list, and the
 * table of shipped files the build embeds.  Hidden from libsttape.so.
 */
#ifndef STTAPE_QUIRKS_PRIV_H
#define STTAPE_QUIRKS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <sttape/quirks.h>

#include "hidden.h"

/* One shipped file, embedded by the build (generated builtin.c). */
struct sttape_quirk_builtin {
	const char *name; /* e.g. "netbsd.quirks" */
	const unsigned char *text;
	size_t len;
};

STTAPE_HIDDEN extern const struct sttape_quirk_builtin sttape_quirk_builtins[];
STTAPE_HIDDEN extern const size_t sttape_quirk_builtin_count;

/*
 * Glob patterns (syntax in quirks.h at sttape_quirk_match()).
 * check: NULL if p is well formed, else why not (a static string);
 * *min_len gets the number of characters any match needs.
 */
STTAPE_HIDDEN const char *sttape_quirk_glob_check(const char *p,
						  size_t *min_len);
/* Does well-formed pattern p match all of s? */
STTAPE_HIDDEN bool sttape_quirk_glob_match(const char *p, const char *s);
/* Specificity of p over a field of width w (see sttape_quirk_match()). */
STTAPE_HIDDEN unsigned int sttape_quirk_glob_score(const char *p, size_t w);

/* An entry as parsed, with the bookkeeping of its file. */
struct sttape_quirk_parsed {
	struct sttape_quirk q; /* strings malloc'd */
	unsigned int line;     /* of its [section] */
};

/*
 * Parse text into a new array of entries (*out, *count).  Returns 0, or
 * -EINVAL with every mistake added to d, or -ENOMEM.  On error nothing
 * is returned in *out.
 */
STTAPE_HIDDEN int sttape_quirk_parse(const char *file, const char *text,
				     size_t len,
				     struct sttape_quirk_parsed **out,
				     size_t *count,
				     struct sttape_quirk_diags *d);
STTAPE_HIDDEN void sttape_quirk_free_strings(struct sttape_quirk *q);

#endif /* STTAPE_QUIRKS_PRIV_H */
