/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * table.c - the quirk table: loading (embedded files, text, files, a
 * configuration directory), override by equal patterns, matching an
 * INQUIRY, and the printable forms of flags and entries for logs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "quirks/quirks_priv.h"

struct slot {
	struct sttape_quirk q;
	unsigned long seq; /* load order: equal scores go to the later */
};

struct sttape_quirk_table {
	struct slot *v;
	size_t n, cap;
	unsigned long next_seq;
};

/*
 * Flag names, sorted by name (NetBSD stvar.h ST_Q_* values).  Each is
 * described in quirks.h and in sttape-quirks(5).
 */
static const struct {
	const char *name;
	uint32_t flag;
} flag_names[] = {
	{"BLKSIZE", STTAPE_QUIRK_BLKSIZE},
	{"ERASE_NOIMM", STTAPE_QUIRK_ERASE_NOIMM},
	{"FORCE_BLKSIZE", STTAPE_QUIRK_FORCE_BLKSIZE},
	{"IGNORE_LOADS", STTAPE_QUIRK_IGNORE_LOADS},
	{"NOFILEMARKS", STTAPE_QUIRK_NOFILEMARKS},
	{"NOPREVENT", STTAPE_QUIRK_NOPREVENT},
	{"SENSE_HELP", STTAPE_QUIRK_SENSE_HELP},
	{"UNIMODAL", STTAPE_QUIRK_UNIMODAL},
};

#define FLAG_COUNT (sizeof(flag_names) / sizeof(flag_names[0]))

const char *sttape_quirk_flag_name(uint32_t flag)
{
	size_t i;

	for (i = 0; i < FLAG_COUNT; i++)
		if (flag_names[i].flag == flag)
			return flag_names[i].name;
	return NULL;
}

static int cmp_flag_name(const void *key, const void *elem)
{
	const char *name = key;
	const char *const *e = elem; /* first member of the element */

	return strcmp(name, *e);
}

int sttape_quirk_flag_parse(const char *name, uint32_t *flag)
{
	const void *e = bsearch(name, flag_names, FLAG_COUNT,
				sizeof(flag_names[0]), cmp_flag_name);

	if (e == NULL)
		return -EINVAL;
	*flag = flag_names[(size_t)((const char *)e -
				    (const char *)flag_names) /
			   sizeof(flag_names[0])]
			.flag;
	return 0;
}

/* snprintf that appends at *off and keeps counting past len. */
static void append(char *buf, size_t len, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*off < len ? buf + *off : NULL,
		      *off < len ? len - *off : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n;
}

int sttape_quirk_flags_format(uint32_t flags, char *buf, size_t len)
{
	size_t off = 0;
	const char *sep = "<";
	unsigned int bit;

	if (len > 0)
		buf[0] = '\0';
	if (flags == 0) {
		append(buf, len, &off, "0");
		return (int)off;
	}
	append(buf, len, &off, "0x%x", flags);
	for (bit = 0; bit < 32; bit++) {
		const char *name;

		if (!(flags & (1u << bit)))
			continue;
		name = sttape_quirk_flag_name(1u << bit);
		if (name != NULL)
			append(buf, len, &off, "%s%s", sep, name);
		else
			append(buf, len, &off, "%sbit%u", sep, bit);
		sep = ",";
	}
	append(buf, len, &off, ">");
	return (int)off;
}

static const char *switch_name(enum sttape_quirk_switch s)
{
	return s == STTAPE_QUIRK_ON    ? "on"
	       : s == STTAPE_QUIRK_OFF ? "off"
				       : "unchanged";
}

int sttape_quirk_format(const struct sttape_quirk *q, char *buf, size_t len)
{
	char f[160];
	size_t off = 0;
	unsigned int m;

	if (len > 0)
		buf[0] = '\0';
	sttape_quirk_flags_format(q->flags, f, sizeof(f));
	append(buf, len, &off,
	       "[%s] (%s) \"%s\" \"%s\" \"%s\" flags=%s page0=%u ew=%s eod=%s",
	       q->name, q->origin, q->vendor, q->product, q->revision, f,
	       q->page0_size, switch_name(q->early_warning),
	       q->filemarks == STTAPE_QUIRK_FM_ONE   ? "1"
	       : q->filemarks == STTAPE_QUIRK_FM_TWO ? "2"
						     : "auto");
	for (m = 0; m < STTAPE_QUIRK_MODES; m++) {
		const struct sttape_quirk_mode *md = &q->mode[m];

		sttape_quirk_flags_format(md->flags, f, sizeof(f));
		append(buf, len, &off,
		       " mode%u={blksize=%u density=0x%02x flags=%s "
		       "compression=%s}",
		       m, md->blksize, md->density, f,
		       switch_name(md->compression));
	}
	return (int)off;
}

uint32_t sttape_quirk_mode_flags(const struct sttape_quirk *q,
				 unsigned int mode)
{
	if (q == NULL)
		return 0;
	if (mode >= STTAPE_QUIRK_MODES)
		return q->flags;
	return q->flags | q->mode[mode].flags;
}

/* QIC densities of NetBSD st_decide_mode (scsi_tape.h names). */
bool sttape_quirk_density_is_qic(uint8_t density)
{
	static const uint8_t qic[] = {
		0x04, /* QIC_11 */
		0x05, /* QIC_24 */
		0x0f, /* QIC_120 */
		0x10, /* QIC_150 */
		0x11, /* QIC_525 (= QIC_320) */
		0x12, /* QIC_1320 */
		0x45, /* QIC_3095 */
		0x47, /* QIC_3220 (also DAT72: such entries say 2) */
	};
	size_t i;

	for (i = 0; i < sizeof(qic); i++)
		if (qic[i] == density)
			return true;
	return false;
}

unsigned int sttape_quirk_eod_filemarks(const struct sttape_quirk *q,
					uint8_t density)
{
	if (q != NULL && q->filemarks == STTAPE_QUIRK_FM_ONE)
		return 1;
	if (q != NULL && q->filemarks == STTAPE_QUIRK_FM_TWO)
		return 2;
	return sttape_quirk_density_is_qic(density) ? 1 : 2;
}

/* ---- diagnostics ---- */

int sttape_quirk_diag_add(struct sttape_quirk_diags *d, const char *file,
			  unsigned int line, const char *fmt, ...)
{
	struct sttape_quirk_diag *v, *g;
	char reason[512], text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (line != 0)
		snprintf(text, sizeof(text), "%s:%u: %s", file, line, reason);
	else
		snprintf(text, sizeof(text), "%s: %s", file, reason);
	v = realloc(d->v, (d->count + 1) * sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	d->v = v;
	g = &v[d->count];
	g->file = strdup(file);
	g->reason = strdup(reason);
	g->text = strdup(text);
	g->line = line;
	if (g->file == NULL || g->reason == NULL || g->text == NULL) {
		free(g->file);
		free(g->reason);
		free(g->text);
		return -ENOMEM;
	}
	d->count++;
	return 0;
}

void sttape_quirk_diags_free(struct sttape_quirk_diags *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->count; i++) {
		free(d->v[i].file);
		free(d->v[i].reason);
		free(d->v[i].text);
	}
	free(d->v);
	d->v = NULL;
	d->count = 0;
}

/* ---- the table ---- */

int sttape_quirk_table_new(struct sttape_quirk_table **out)
{
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? -ENOMEM : 0;
}

void sttape_quirk_table_free(struct sttape_quirk_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		sttape_quirk_free_strings(&t->v[i].q);
	free(t->v);
	free(t);
}

size_t sttape_quirk_table_count(const struct sttape_quirk_table *t)
{
	return t == NULL ? 0 : t->n;
}

const struct sttape_quirk *
sttape_quirk_table_entry(const struct sttape_quirk_table *t, size_t i)
{
	return t == NULL || i >= t->n ? NULL : &t->v[i].q;
}

static struct slot *find_same(struct sttape_quirk_table *t,
			      const struct sttape_quirk *q)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct sttape_quirk *o = &t->v[i].q;

		if (strcmp(o->vendor, q->vendor) == 0 &&
		    strcmp(o->product, q->product) == 0 &&
		    strcmp(o->revision, q->revision) == 0)
			return &t->v[i];
	}
	return NULL;
}

/* Take ownership of parsed entries: override equal patterns, else append. */
static int merge(struct sttape_quirk_table *t, struct sttape_quirk_parsed *v,
		 size_t n)
{
	size_t i, need = t->n + n;

	if (need > t->cap) {
		struct slot *nv = realloc(t->v, need * sizeof(*nv));

		if (nv == NULL) {
			for (i = 0; i < n; i++)
				sttape_quirk_free_strings(&v[i].q);
			return -ENOMEM;
		}
		t->v = nv;
		t->cap = need;
	}
	for (i = 0; i < n; i++) {
		struct slot *s = find_same(t, &v[i].q);

		if (s != NULL)
			sttape_quirk_free_strings(&s->q);
		else
			s = &t->v[t->n++];
		s->q = v[i].q;
		s->seq = t->next_seq++;
	}
	return 0;
}

int sttape_quirk_table_load_text(struct sttape_quirk_table *t, const char *name,
				 const char *text, size_t len,
				 struct sttape_quirk_diags *d)
{
	struct sttape_quirk_parsed *v;
	size_t n;
	int rc;

	rc = sttape_quirk_parse(name, text, len, &v, &n, d);
	if (rc != 0)
		return rc;
	rc = merge(t, v, n);
	free(v);
	return rc;
}

int sttape_quirk_table_load_builtin(struct sttape_quirk_table *t,
				    struct sttape_quirk_diags *d)
{
	size_t i;
	int rc, first = 0;

	for (i = 0; i < sttape_quirk_builtin_count; i++) {
		const struct sttape_quirk_builtin *b =
			&sttape_quirk_builtins[i];

		rc = sttape_quirk_table_load_text(
			t, b->name, (const char *)b->text, b->len, d);
		if (rc != 0 && first == 0)
			first = rc;
	}
	return first;
}

/* Whole file into memory (quirk files are small: at most 4 MiB). */
static int read_all(const char *path, char **text, size_t *len)
{
	struct stat st;
	ssize_t got;
	size_t off = 0;
	char *buf;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0)
		rc = -errno;
	else if (S_ISDIR(st.st_mode))
		rc = -EISDIR;
	else if (!S_ISREG(st.st_mode) || st.st_size > 4 * 1024 * 1024)
		rc = -EINVAL;
	if (rc != 0) {
		close(fd);
		return rc;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	while (off < (size_t)st.st_size) {
		got = read(fd, buf + off, (size_t)st.st_size - off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		off += (size_t)got;
	}
	close(fd);
	*text = buf;
	*len = off;
	return 0;
}

int sttape_quirk_table_load_file(struct sttape_quirk_table *t, const char *path,
				 struct sttape_quirk_diags *d)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = read_all(path, &text, &len);
	if (rc != 0) {
		if (d != NULL)
			sttape_quirk_diag_add(d, path, 0, "cannot read: %s",
					      strerror(-rc));
		return rc;
	}
	rc = sttape_quirk_table_load_text(t, path, text, len, d);
	free(text);
	return rc;
}

static bool is_quirk_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 7 && strcmp(name + n - 7, ".quirks") == 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the *.quirks files in dir, sorted. */
static int list_dir(const char *dir, char ***out, size_t *count)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t n = 0;
	DIR *dh;
	int rc = 0;

	*out = NULL;
	*count = 0;
	dh = opendir(dir);
	if (dh == NULL)
		return -errno;
	while ((de = readdir(dh)) != NULL) {
		if (!is_quirk_file(de->d_name))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (nv == NULL || (nv[n] = strdup(de->d_name)) == NULL) {
			v = nv != NULL ? nv : v;
			rc = -ENOMEM;
			break;
		}
		v = nv;
		n++;
	}
	closedir(dh);
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_names);
	*out = v;
	*count = n;
	return rc;
}

int sttape_quirk_table_load_dir(struct sttape_quirk_table *t, const char *dir,
				struct sttape_quirk_diags *d)
{
	char **names = NULL, path[4096];
	size_t n = 0, i;
	int rc, first;

	first = list_dir(dir, &names, &n);
	if (first != 0 && first != -ENOMEM) {
		if (d != NULL)
			sttape_quirk_diag_add(d, dir, 0, "cannot open: %s",
					      strerror(-first));
		return first;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		rc = sttape_quirk_table_load_file(t, path, d);
		if (rc != 0 && first == 0)
			first = rc;
		free(names[i]);
	}
	free(names);
	return first;
}

int sttape_quirk_table_open(const char *confdir,
			    struct sttape_quirk_table **out,
			    struct sttape_quirk_diags *d)
{
	int rc, rc2 = 0;

	rc = sttape_quirk_table_new(out);
	if (rc != 0)
		return rc;
	rc = sttape_quirk_table_load_builtin(*out, d);
	if (confdir != NULL)
		rc2 = sttape_quirk_table_load_dir(*out, confdir, d);
	return rc != 0 ? rc : rc2;
}

/* ---- matching ---- */

/* The field as INQUIRY has it: at most w bytes, trailing blanks dropped. */
static void field(char *dst, const char *src, size_t w)
{
	size_t n = src == NULL ? 0 : strnlen(src, w);

	memcpy(dst, src == NULL ? "" : src, n);
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

const struct sttape_quirk *
sttape_quirk_match(const struct sttape_quirk_table *t, const char *vendor,
		   const char *product, const char *revision)
{
	char v[STTAPE_QUIRK_VENDOR_LEN + 1], p[STTAPE_QUIRK_PRODUCT_LEN + 1],
		r[STTAPE_QUIRK_REVISION_LEN + 1];
	const struct slot *best = NULL;
	unsigned int best_score = 0;
	size_t i;

	if (t == NULL)
		return NULL;
	field(v, vendor, STTAPE_QUIRK_VENDOR_LEN);
	field(p, product, STTAPE_QUIRK_PRODUCT_LEN);
	field(r, revision, STTAPE_QUIRK_REVISION_LEN);
	for (i = 0; i < t->n; i++) {
		const struct slot *s = &t->v[i];
		unsigned int score;

		if (!sttape_quirk_glob_match(s->q.vendor, v) ||
		    !sttape_quirk_glob_match(s->q.product, p) ||
		    !sttape_quirk_glob_match(s->q.revision, r))
			continue;
		score = sttape_quirk_glob_score(s->q.vendor,
						STTAPE_QUIRK_VENDOR_LEN) +
			sttape_quirk_glob_score(s->q.product,
						STTAPE_QUIRK_PRODUCT_LEN) +
			sttape_quirk_glob_score(s->q.revision,
						STTAPE_QUIRK_REVISION_LEN);
		if (best == NULL || score > best_score ||
		    (score == best_score && s->seq > best->seq)) {
			best = s;
			best_score = score;
		}
	}
	return best == NULL ? NULL : &best->q;
}
