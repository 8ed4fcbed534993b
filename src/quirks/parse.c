/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parse.c - the quirk file format (sttape-quirks(5)) on top of libinih.
 *
 * libinih splits "key = value" lines and strips comments; this file
 * feeds it one line at a time through its reader callback, which is
 * where the line numbers for diagnostics come from, and where the lines
 * inih would treat loosely are refused first: an indented line (inih
 * would continue the previous value), a malformed [section] and a line
 * that is none of comment, section or key = value.  A refused line
 * reaches inih as an empty line, so every mistake is reported once, at
 * its own line, and parsing goes on to report the next one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "quirks/quirks_priv.h"

/* Keys of an entry; each may be given once (key_line says where). */
enum key_id {
	K_EARLY_WARNING,
	K_FILEMARKS,
	K_FLAGS,
	K_PAGE0,
	K_PRODUCT,
	K_REVISION,
	K_VENDOR,
	K_DRIVE_KEYS,
	/* Per-mode keys: K_MODE_BASE + kind * 4 + mode. */
	K_MODE_BASE = K_DRIVE_KEYS,
};

enum mode_kind { M_BLKSIZE, M_COMPRESSION, M_DENSITY, M_FLAGS, M_KINDS };

#define KEY_COUNT (K_MODE_BASE + M_KINDS * STTAPE_QUIRK_MODES)

/* Drive keys, sorted by name. */
static const struct {
	const char *name;
	enum key_id id;
} drive_keys[] = {
	{"early_warning", K_EARLY_WARNING},
	{"filemarks_at_eod", K_FILEMARKS},
	{"flags", K_FLAGS},
	{"page0_size", K_PAGE0},
	{"product", K_PRODUCT},
	{"revision", K_REVISION},
	{"vendor", K_VENDOR},
};

/* Per-mode keys "modeN.<name>", sorted by name. */
static const struct {
	const char *name;
	enum mode_kind kind;
} mode_keys[] = {
	{"blksize", M_BLKSIZE},
	{"compression", M_COMPRESSION},
	{"density", M_DENSITY},
	{"flags", M_FLAGS},
};

struct pentry {
	struct sttape_quirk_parsed p; /* q's strings are set at the end */
	char *name, *vendor, *product, *revision;
	unsigned int nkeys;
	unsigned int key_line[KEY_COUNT]; /* 0: not given */
};

struct pctx {
	const char *file;
	const char *text;
	size_t len, pos;
	unsigned int line; /* of the line the reader gave inih last */
	struct sttape_quirk_diags *d;
	unsigned int errors;
	bool nomem;
	bool in_bad_section; /* keys after a refused [section]: ignored */
	struct pentry *v;
	size_t n, cap;
	struct pentry *cur;
};

static void err(struct pctx *c, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err(struct pctx *c, unsigned int line, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	c->errors++;
	if (c->d != NULL &&
	    sttape_quirk_diag_add(c->d, c->file, line, "%s", reason) != 0)
		c->nomem = true;
}

/* ---- values ---- */

/*
 * Unsigned number: decimal digits, or 0x and hex digits.  0: ok;
 * -EDOM: negative; -ERANGE: above max; -EINVAL: not a number.
 */
static int parse_number(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	unsigned int base = 10;
	const char *p = s;

	if (*p == '-')
		return p[1] >= '0' && p[1] <= '9' ? -EDOM : -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0')
		return -EINVAL;
	for (; *p != '\0'; p++) {
		unsigned int dgt;

		if (*p >= '0' && *p <= '9')
			dgt = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			dgt = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			dgt = (unsigned int)(*p - 'A' + 10);
		else
			return -EINVAL;
		if (v > (max - dgt) / base)
			v = max + 1; /* saturate; keep scanning for garbage */
		else
			v = v * base + dgt;
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static bool get_number(struct pctx *c, const char *key, const char *what,
		       const char *val, unsigned long max, unsigned long *out)
{
	int rc = parse_number(val, max, out);

	if (rc == -EDOM)
		err(c, c->line, "%s: negative %s '%s'", key, what, val);
	else if (rc == -ERANGE)
		err(c, c->line, "%s: %s '%s' is larger than %lu", key, what,
		    val, max);
	else if (rc != 0)
		err(c, c->line, "%s: malformed number '%s' (decimal or 0x hex)",
		    key, val);
	return rc == 0;
}

/* Flag names separated by blanks, ',' or '|'; empty or "none": no flag. */
static bool get_flags(struct pctx *c, const char *key, const char *val,
		      uint32_t *out)
{
	char buf[256], *tok, *save = NULL;
	uint32_t flags = 0;
	bool ok = true;

	if (strlen(val) >= sizeof(buf)) {
		err(c, c->line, "%s: value too long", key);
		return false;
	}
	strcpy(buf, val);
	for (tok = strtok_r(buf, " \t,|", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t,|", &save)) {
		uint32_t f = 0;

		if (strcmp(tok, "none") == 0)
			continue;
		if (sttape_quirk_flag_parse(tok, &f) != 0) {
			err(c, c->line, "%s: unknown flag '%s'", key, tok);
			ok = false;
			continue;
		}
		flags |= f;
	}
	*out = flags;
	return ok;
}

static bool get_switch(struct pctx *c, const char *key, const char *val,
		       enum sttape_quirk_switch *out)
{
	if (strcmp(val, "on") == 0)
		*out = STTAPE_QUIRK_ON;
	else if (strcmp(val, "off") == 0)
		*out = STTAPE_QUIRK_OFF;
	else if (strcmp(val, "unchanged") == 0)
		*out = STTAPE_QUIRK_UNCHANGED;
	else {
		err(c, c->line, "%s: '%s' is not on, off or unchanged", key,
		    val);
		return false;
	}
	return true;
}

static bool get_filemarks(struct pctx *c, const char *key, const char *val,
			  enum sttape_quirk_eod_filemarks *out)
{
	if (strcmp(val, "1") == 0)
		*out = STTAPE_QUIRK_FM_ONE;
	else if (strcmp(val, "2") == 0)
		*out = STTAPE_QUIRK_FM_TWO;
	else if (strcmp(val, "auto") == 0)
		*out = STTAPE_QUIRK_FM_AUTO;
	else {
		err(c, c->line, "%s: '%s' is not 1, 2 or auto", key, val);
		return false;
	}
	return true;
}

/*
 * A pattern, optionally in double quotes to keep leading blanks.
 * Trailing blanks are dropped: INQUIRY pads with them, and matching
 * ignores them on both sides.
 */
static bool get_pattern(struct pctx *c, const char *key, const char *val,
			size_t width, char **out)
{
	size_t n = strlen(val), min_len = 0;
	const char *why;
	char *p;

	if (n > 0 && val[0] == '"') {
		if (n < 2 || val[n - 1] != '"') {
			err(c, c->line, "%s: bad pattern: unbalanced '\"'",
			    key);
			return false;
		}
		val++;
		n -= 2;
	}
	p = strndup(val, n);
	if (p == NULL) {
		c->nomem = true;
		return false;
	}
	while (n > 0 && p[n - 1] == ' ')
		p[--n] = '\0';
	if (strchr(p, '"') != NULL)
		why = "'\"' inside the pattern";
	else
		why = sttape_quirk_glob_check(p, &min_len);
	if (why == NULL && min_len > width) {
		err(c, c->line,
		    "%s: bad pattern '%s': needs %zu characters, the field "
		    "has %zu",
		    key, p, min_len, width);
		free(p);
		return false;
	}
	if (why != NULL) {
		err(c, c->line, "%s: bad pattern '%s': %s", key, p, why);
		free(p);
		return false;
	}
	free(*out);
	*out = p;
	return true;
}

/* ---- keys ---- */

/* A resolved key: a drive key, or a per-mode key over modes first..last. */
struct key {
	bool is_mode;
	enum key_id drive;
	enum mode_kind kind;
	unsigned int first, last;
};

static unsigned int mode_bit(enum mode_kind kind, unsigned int mode)
{
	return K_MODE_BASE + (unsigned int)kind * STTAPE_QUIRK_MODES + mode;
}

/* "modeN.x" or "mode*.x": the mode part between "mode" and the dot. */
static bool lookup_mode_index(struct pctx *c, const char *name, const char *idx,
			      size_t l, struct key *k)
{
	unsigned long mode = 0;
	size_t i;

	if (l == 1 && idx[0] == '*') {
		k->first = 0;
		k->last = STTAPE_QUIRK_MODES - 1;
		return true;
	}
	if (l == 0 || l > 6) {
		err(c, c->line, "unknown key '%s'", name);
		return false;
	}
	for (i = 0; i < l; i++) {
		if (idx[i] < '0' || idx[i] > '9') {
			err(c, c->line, "unknown key '%s'", name);
			return false;
		}
		mode = mode * 10 + (unsigned long)(idx[i] - '0');
	}
	if (mode >= STTAPE_QUIRK_MODES) {
		err(c, c->line, "%s: mode %lu out of range (0-%d)", name, mode,
		    STTAPE_QUIRK_MODES - 1);
		return false;
	}
	k->first = k->last = (unsigned int)mode;
	return true;
}

static bool lookup_key(struct pctx *c, const char *name, struct key *k)
{
	const char *dot;
	size_t i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < sizeof(drive_keys) / sizeof(drive_keys[0]); i++) {
		if (strcmp(name, drive_keys[i].name) == 0) {
			k->drive = drive_keys[i].id;
			return true;
		}
	}
	dot = strchr(name, '.');
	if (strncmp(name, "mode", 4) != 0 || dot == NULL) {
		err(c, c->line, "unknown key '%s'", name);
		return false;
	}
	for (i = 0; i < sizeof(mode_keys) / sizeof(mode_keys[0]); i++)
		if (strcmp(dot + 1, mode_keys[i].name) == 0)
			break;
	if (i == sizeof(mode_keys) / sizeof(mode_keys[0])) {
		err(c, c->line, "unknown key '%s'", name);
		return false;
	}
	k->is_mode = true;
	k->kind = mode_keys[i].kind;
	return lookup_mode_index(c, name, name + 4, (size_t)(dot - name - 4),
				 k);
}

/* Record that key k was given; false (with a diagnostic) if again. */
static bool mark_key(struct pctx *c, const char *name, const struct key *k)
{
	struct pentry *e = c->cur;
	unsigned int m, bit;

	for (m = k->first; m <= k->last; m++) {
		bit = k->is_mode ? mode_bit(k->kind, m)
				 : (unsigned int)k->drive;
		if (e->key_line[bit] != 0) {
			err(c, c->line,
			    "%s: given twice in [%s] (first at line %u)", name,
			    e->name, e->key_line[bit]);
			return false;
		}
	}
	for (m = k->first; m <= k->last; m++) {
		bit = k->is_mode ? mode_bit(k->kind, m)
				 : (unsigned int)k->drive;
		e->key_line[bit] = c->line;
	}
	return true;
}

static void set_mode_value(struct pctx *c, const char *name,
			   const struct key *k, const char *val)
{
	struct sttape_quirk_mode tmp = {0};
	unsigned long n;
	unsigned int m;

	switch (k->kind) {
	case M_BLKSIZE:
		if (!get_number(c, name, "block size", val,
				STTAPE_QUIRK_MAX_BLKSIZE, &n))
			return;
		tmp.blksize = (uint32_t)n;
		break;
	case M_DENSITY:
		if (!get_number(c, name, "density", val, 255, &n))
			return;
		tmp.density = (uint8_t)n;
		break;
	case M_FLAGS:
		if (!get_flags(c, name, val, &tmp.flags))
			return;
		break;
	case M_COMPRESSION:
	default:
		if (!get_switch(c, name, val, &tmp.compression))
			return;
		break;
	}
	for (m = k->first; m <= k->last; m++) {
		struct sttape_quirk_mode *md = &c->cur->p.q.mode[m];

		switch (k->kind) {
		case M_BLKSIZE:
			md->blksize = tmp.blksize;
			break;
		case M_DENSITY:
			md->density = tmp.density;
			break;
		case M_FLAGS:
			md->flags = tmp.flags;
			break;
		case M_COMPRESSION:
		default:
			md->compression = tmp.compression;
			break;
		}
	}
}

static void set_drive_value(struct pctx *c, const char *name,
			    const struct key *k, const char *val)
{
	struct pentry *e = c->cur;
	struct sttape_quirk *q = &e->p.q;
	unsigned long n;

	switch (k->drive) {
	case K_VENDOR:
		get_pattern(c, name, val, STTAPE_QUIRK_VENDOR_LEN, &e->vendor);
		break;
	case K_PRODUCT:
		get_pattern(c, name, val, STTAPE_QUIRK_PRODUCT_LEN,
			    &e->product);
		break;
	case K_REVISION:
		get_pattern(c, name, val, STTAPE_QUIRK_REVISION_LEN,
			    &e->revision);
		break;
	case K_FLAGS:
		get_flags(c, name, val, &q->flags);
		break;
	case K_PAGE0:
		if (get_number(c, name, "size", val, STTAPE_QUIRK_MAX_PAGE0,
			       &n))
			q->page0_size = (uint8_t)n;
		break;
	case K_EARLY_WARNING:
		get_switch(c, name, val, &q->early_warning);
		break;
	case K_FILEMARKS:
	default:
		get_filemarks(c, name, val, &q->filemarks);
		break;
	}
}

/* inih handler: one "key = value" of the current entry. */
static int on_key(void *user, const char *section, const char *name,
		  const char *value)
{
	struct pctx *c = user;
	struct key k;

	(void)section; /* the reader tracks sections, with their lines */
	if (c->cur == NULL) {
		if (!c->in_bad_section)
			err(c, c->line, "key '%s' before the first [entry]",
			    name);
		return 1;
	}
	c->cur->nkeys++;
	if (!lookup_key(c, name, &k) || !mark_key(c, name, &k))
		return 1;
	if (k.is_mode)
		set_mode_value(c, name, &k, value);
	else
		set_drive_value(c, name, &k, value);
	return 1;
}

/* ---- entries ---- */

static bool same_patterns(const struct pentry *a, const struct pentry *b)
{
	return strcmp(a->vendor, b->vendor) == 0 &&
	       strcmp(a->product, b->product) == 0 &&
	       strcmp(a->revision, b->revision) == 0;
}

/* FORCE_BLKSIZE is what makes a mode use its block size (NetBSD
 * st_loadquirks); a block size without it would be silently unused. */
static void check_blksize(struct pctx *c, struct pentry *e)
{
	unsigned int m;

	for (m = 0; m < STTAPE_QUIRK_MODES; m++) {
		if (e->p.q.mode[m].blksize != 0 &&
		    !(sttape_quirk_mode_flags(&e->p.q, m) &
		      STTAPE_QUIRK_FORCE_BLKSIZE))
			err(c, e->key_line[mode_bit(M_BLKSIZE, m)],
			    "mode%u.blksize: has no effect without "
			    "FORCE_BLKSIZE in flags or mode%u.flags",
			    m, m);
	}
}

/* The current entry is complete: check what needs all its keys. */
static void finish_entry(struct pctx *c)
{
	struct pentry *e = c->cur;
	size_t i;

	c->cur = NULL;
	if (e == NULL)
		return;
	if (e->nkeys == 0) {
		err(c, e->p.line, "[%s]: entry without fields", e->name);
		return;
	}
	/* A pattern given but refused was reported at its own line. */
	if (e->vendor == NULL && e->key_line[K_VENDOR] == 0)
		err(c, e->p.line, "[%s]: no vendor", e->name);
	if (e->product == NULL && e->key_line[K_PRODUCT] == 0)
		err(c, e->p.line, "[%s]: no product", e->name);
	if (e->vendor == NULL || e->product == NULL)
		return;
	if (e->revision == NULL) {
		e->revision = strdup("*");
		if (e->revision == NULL) {
			c->nomem = true;
			return;
		}
	}
	check_blksize(c, e);
	for (i = 0; i + 1 < c->n; i++) {
		struct pentry *o = &c->v[i];

		if (o->vendor != NULL && o->product != NULL &&
		    o->revision != NULL && same_patterns(o, e)) {
			err(c, e->p.line,
			    "[%s]: duplicate entry: same patterns as [%s] at "
			    "line %u",
			    e->name, o->name, o->p.line);
			break;
		}
	}
}

static void free_pentry(struct pentry *e)
{
	free(e->name);
	free(e->vendor);
	free(e->product);
	free(e->revision);
}

static void start_entry(struct pctx *c, const char *name, size_t len)
{
	struct pentry *e;
	size_t i;

	finish_entry(c);
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct pentry *v = realloc(c->v, cap * sizeof(*v));

		if (v == NULL) {
			c->nomem = true;
			return;
		}
		c->v = v;
		c->cap = cap;
	}
	e = &c->v[c->n];
	memset(e, 0, sizeof(*e));
	e->name = strndup(name, len);
	if (e->name == NULL) {
		c->nomem = true;
		return;
	}
	e->p.line = c->line;
	c->n++;
	c->cur = e;
	for (i = 0; i + 1 < c->n; i++) {
		if (strcmp(c->v[i].name, e->name) == 0) {
			err(c, c->line,
			    "[%s]: entry name already used at line %u", e->name,
			    c->v[i].p.line);
			break;
		}
	}
}

static void blank_line(char *str)
{
	str[0] = '\n';
	str[1] = '\0';
}

/* A "[name]" line: start an entry, or refuse the line. */
static void section_line(struct pctx *c, char *str)
{
	char *end = strchr(str, ']'), *name = str + 1, *rest;
	size_t len;

	if (end == NULL) {
		err(c, c->line, "'[' without ']'");
		goto bad;
	}
	for (rest = end + 1; *rest == ' ' || *rest == '\t'; rest++)
		;
	if (*rest != '\n' && *rest != '\0' && *rest != ';' && *rest != '#') {
		err(c, c->line, "text after ']'");
		goto bad;
	}
	while (*name == ' ' || *name == '\t')
		name++;
	len = (size_t)(end - name);
	while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	if (len == 0) {
		err(c, c->line, "empty entry name '[]'");
		goto bad;
	}
	start_entry(c, name, len);
	c->in_bad_section = false;
	/* inih only needs to see a section; names are ours. */
	strcpy(str, "[e]\n");
	return;
bad:
	finish_entry(c);
	c->in_bad_section = true;
	blank_line(str);
}

/*
 * A key line must have '=' or ':' before any inline comment (';' after
 * a blank), as inih reads it.
 */
static bool has_separator(const char *line)
{
	const char *s;

	for (s = line; *s != '\0'; s++) {
		if (*s == '=' || *s == ':')
			return true;
		if (*s == ';' && s > line && (s[-1] == ' ' || s[-1] == '\t'))
			return false;
	}
	return false;
}

/* Refuse what inih would read loosely (see the top of this file). */
static void classify_line(struct pctx *c, char *str)
{
	char *s = str;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\n' || *s == '\0' || *s == ';' || *s == '#')
		return; /* blank or comment */
	if (s != str) {
		err(c, c->line,
		    "indented line (only comments may be indented)");
		blank_line(str);
	} else if (*s == '[') {
		section_line(c, str);
	} else if (!has_separator(s)) {
		err(c, c->line, "not a [section], key = value line or comment");
		blank_line(str);
	}
}

/* inih reader: the next line of the text, with its number counted. */
static char *read_line(char *str, int num, void *stream)
{
	struct pctx *c = stream;
	const char *p = c->text + c->pos, *nl;
	size_t n, content;

	if (c->pos >= c->len)
		return NULL;
	nl = memchr(p, '\n', c->len - c->pos);
	n = nl != NULL ? (size_t)(nl - p) + 1 : c->len - c->pos;
	c->pos += n;
	c->line++;
	content = n;
	while (content > 0 &&
	       (p[content - 1] == '\n' || p[content - 1] == '\r' ||
		p[content - 1] == ' ' || p[content - 1] == '\t'))
		content--;
	if (c->line == 1 && content >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3; /* UTF-8 byte order mark */
		content -= 3;
	}
	if (memchr(p, '\0', content) != NULL) {
		err(c, c->line, "NUL byte in line");
		blank_line(str);
		return str;
	}
	if (content + 2 > (size_t)num) {
		err(c, c->line, "line longer than %d characters", num - 2);
		blank_line(str);
		return str;
	}
	memcpy(str, p, content);
	str[content] = '\n';
	str[content + 1] = '\0';
	classify_line(c, str);
	return str;
}

/* Move the strings of e into its public struct. */
static int publish(struct pctx *c, struct pentry *e)
{
	char origin[512];
	struct sttape_quirk *q = &e->p.q;

	snprintf(origin, sizeof(origin), "%s:%u", c->file, e->p.line);
	q->origin = strdup(origin);
	if (q->origin == NULL)
		return -ENOMEM;
	q->name = e->name;
	q->vendor = e->vendor;
	q->product = e->product;
	q->revision = e->revision;
	e->name = e->vendor = e->product = e->revision = NULL;
	return 0;
}

/* The public struct shows its strings const; the table owns them. */
static void free_owned(const char *p)
{
	free((void *)(uintptr_t)p);
}

void sttape_quirk_free_strings(struct sttape_quirk *q)
{
	free_owned(q->name);
	free_owned(q->origin);
	free_owned(q->vendor);
	free_owned(q->product);
	free_owned(q->revision);
	q->name = q->origin = q->vendor = q->product = q->revision = NULL;
}

static int publish_all(struct pctx *c, struct sttape_quirk_parsed **out,
		       size_t *count)
{
	struct sttape_quirk_parsed *v;
	size_t i;

	v = calloc(c->n ? c->n : 1, sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	for (i = 0; i < c->n; i++) {
		if (publish(c, &c->v[i]) != 0) {
			while (i-- > 0)
				sttape_quirk_free_strings(&v[i].q);
			free(v);
			return -ENOMEM;
		}
		v[i] = c->v[i].p;
	}
	*out = v;
	*count = c->n;
	return 0;
}

int sttape_quirk_parse(const char *file, const char *text, size_t len,
		       struct sttape_quirk_parsed **out, size_t *count,
		       struct sttape_quirk_diags *d)
{
	struct pctx c = {.file = file, .text = text, .len = len, .d = d};
	int rc, irc;
	size_t i;

	*out = NULL;
	*count = 0;
	irc = ini_parse_stream(read_line, &c, on_key, &c);
	finish_entry(&c);
	if (irc > 0) /* a line inih refused that the reader let through */
		err(&c, (unsigned int)irc, "line not understood");
	if (c.nomem || irc < 0)
		rc = -ENOMEM;
	else if (c.errors > 0)
		rc = -EINVAL;
	else
		rc = publish_all(&c, out, count);
	for (i = 0; i < c.n; i++)
		free_pentry(&c.v[i]);
	free(c.v);
	return rc;
}
