/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_quirks_table.c - the shipped table parses cleanly and has no
 * duplicate patterns; INQUIRY strings match the expected entries and
 * modes; override, directory loading, glob patterns, flag strings.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <sttape/quirks.h>

#include "quirks/quirks_priv.h"

static struct sttape_quirk_table *builtin(void)
{
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;

	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_builtin(t, &d), 0);
	assert_int_equal(d.count, 0);
	return t;
}

static struct sttape_quirk_table *from_text(const char *text)
{
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;

	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(
		sttape_quirk_table_load_text(t, "mem", text, strlen(text), &d),
		0);
	assert_int_equal(d.count, 0);
	return t;
}

/* ---- the shipped table ---- */

/*
 * Every shipped file parses without a diagnostic, and no file overrides
 * another's entry: the merged table holds the sum of the files' entries.
 */
static void test_builtin_parses_clean(void **state)
{
	size_t i, sum = 0;
	struct sttape_quirk_table *all = builtin();
	bool netbsd = false;

	(void)state;
	assert_true(sttape_quirk_builtin_count >= 6);
	for (i = 0; i < sttape_quirk_builtin_count; i++) {
		const struct sttape_quirk_builtin *b =
			&sttape_quirk_builtins[i];
		struct sttape_quirk_diags d = {0};
		struct sttape_quirk_table *t;

		assert_int_equal(sttape_quirk_table_new(&t), 0);
		assert_int_equal(
			sttape_quirk_table_load_text(
				t, b->name, (const char *)b->text, b->len, &d),
			0);
		assert_int_equal(d.count, 0);
		assert_true(sttape_quirk_table_count(t) > 0);
		sum += sttape_quirk_table_count(t);
		if (strcmp(b->name, "netbsd.quirks") == 0) {
			/* NetBSD st.c 1.232 has 24 live rows. */
			assert_int_equal(sttape_quirk_table_count(t), 24);
			netbsd = true;
		}
		sttape_quirk_table_free(t);
	}
	assert_true(netbsd);
	assert_int_equal(sttape_quirk_table_count(all), sum);
	sttape_quirk_table_free(all);
}

/* No two shipped entries share all three patterns or a name. */
static void test_builtin_no_duplicates(void **state)
{
	struct sttape_quirk_table *t = builtin();
	size_t n = sttape_quirk_table_count(t), i, j;

	(void)state;
	for (i = 0; i < n; i++) {
		const struct sttape_quirk *a = sttape_quirk_table_entry(t, i);

		for (j = i + 1; j < n; j++) {
			const struct sttape_quirk *b =
				sttape_quirk_table_entry(t, j);

			if (strcmp(a->vendor, b->vendor) == 0 &&
			    strcmp(a->product, b->product) == 0 &&
			    strcmp(a->revision, b->revision) == 0)
				fail_msg("%s and %s have the same patterns",
					 a->origin, b->origin);
			if (strcmp(a->name, b->name) == 0)
				fail_msg("%s and %s have the same name",
					 a->origin, b->origin);
		}
	}
	sttape_quirk_table_free(t);
}

/* Each shipped entry's own INQUIRY-like strings match itself or a
 * more specific entry, never nothing (patterns are reachable). */
static void test_builtin_entries_reachable(void **state)
{
	struct sttape_quirk_table *t = builtin();

	(void)state;
	for (size_t i = 0; i < sttape_quirk_table_count(t); i++) {
		const struct sttape_quirk *q = sttape_quirk_table_entry(t, i);
		const struct sttape_quirk *m;
		char v[64], p[64], r[64];
		size_t k, o;

		/* Literal version of each pattern: drop '*', '[x..]' -> x. */
		const char *src[3] = {q->vendor, q->product, q->revision};
		char *dst[3] = {v, p, r};

		for (k = 0; k < 3; k++) {
			const char *s = src[k];

			for (o = 0; *s != '\0'; s++) {
				if (*s == '*')
					continue;
				if (*s == '[') {
					dst[k][o++] = s[1];
					s = strchr(s, ']');
					continue;
				}
				dst[k][o++] = *s == '?' ? 'X' : *s;
			}
			dst[k][o] = '\0';
		}
		m = sttape_quirk_match(t, v, p, r);
		if (m == NULL)
			fail_msg("%s: \"%s\" \"%s\" \"%s\" matches nothing",
				 q->origin, v, p, r);
	}
	sttape_quirk_table_free(t);
}

/* ---- specific INQUIRY strings ---- */

static void expect_mode(const struct sttape_quirk *q, unsigned int m,
			uint32_t blksize, uint8_t density, uint32_t flags,
			enum sttape_quirk_switch comp)
{
	assert_int_equal(q->mode[m].blksize, blksize);
	assert_int_equal(q->mode[m].density, density);
	assert_int_equal(sttape_quirk_mode_flags(q, m), flags);
	assert_int_equal(q->mode[m].compression, comp);
}

/* NetBSD row 1: blank vendor, product and revision, padded or not. */
static void test_match_blank_inquiry(void **state)
{
	struct sttape_quirk_table *t = builtin();
	const struct sttape_quirk *q;

	(void)state;
	q = sttape_quirk_match(t, "        ", "                ", "    ");
	assert_non_null(q);
	assert_string_equal(q->name, "blank INQUIRY");
	assert_ptr_equal(sttape_quirk_match(t, "", "", ""), q);
	expect_mode(q, 0, 512, 0x00, STTAPE_QUIRK_FORCE_BLKSIZE,
		    STTAPE_QUIRK_UNCHANGED);
	expect_mode(q, 1, 512, 0x05, STTAPE_QUIRK_FORCE_BLKSIZE,
		    STTAPE_QUIRK_UNCHANGED);
	expect_mode(q, 2, 0, 0x02, STTAPE_QUIRK_FORCE_BLKSIZE,
		    STTAPE_QUIRK_UNCHANGED);
	expect_mode(q, 3, 0, 0x03, STTAPE_QUIRK_FORCE_BLKSIZE,
		    STTAPE_QUIRK_UNCHANGED);
	/* Blank vendor only: not the blank-INQUIRY entry. */
	q = sttape_quirk_match(t, "        ", "X", "    ");
	assert_true(q == NULL || strcmp(q->name, "blank INQUIRY") != 0);
	sttape_quirk_table_free(t);
}

/* NetBSD row 3; the product's leading blank is part of the match. */
static void test_match_tandberg_tdc3800(void **state)
{
	struct sttape_quirk_table *t = builtin();
	const struct sttape_quirk *q;

	(void)state;
	q = sttape_quirk_match(t, "TANDBERG", " TDC 3800       ", "=08:");
	assert_non_null(q);
	assert_string_equal(q->name, "Tandberg TDC 3800");
	assert_int_equal(q->flags, 0);
	assert_int_equal(q->page0_size, 0);
	expect_mode(q, 0, 512, 0x00, STTAPE_QUIRK_FORCE_BLKSIZE,
		    STTAPE_QUIRK_UNCHANGED);
	expect_mode(q, 1, 0, 0x11, 0, STTAPE_QUIRK_UNCHANGED);
	expect_mode(q, 2, 0, 0x10, 0, STTAPE_QUIRK_UNCHANGED);
	expect_mode(q, 3, 0, 0x0f, 0, STTAPE_QUIRK_UNCHANGED);
	/* QIC densities: one filemark at end of data under "auto". */
	assert_int_equal(sttape_quirk_eod_filemarks(q, 0x11), 1);
	assert_null(sttape_quirk_match(t, "TANDBERG", "TDC 3800", ""));
	sttape_quirk_table_free(t);
}

static void expect_lto_layout(const struct sttape_quirk *q)
{
	assert_int_equal(q->flags, 0);
	assert_int_equal(q->filemarks, STTAPE_QUIRK_FM_AUTO);
	expect_mode(q, 0, 0, 0, 0, STTAPE_QUIRK_ON);
	expect_mode(q, 1, 0, 0, 0, STTAPE_QUIRK_OFF);
	expect_mode(q, 2, 512, 0, STTAPE_QUIRK_FORCE_BLKSIZE, STTAPE_QUIRK_ON);
	expect_mode(q, 3, 512, 0, STTAPE_QUIRK_FORCE_BLKSIZE, STTAPE_QUIRK_OFF);
}

static void test_match_ibm_ultrium_td5(void **state)
{
	struct sttape_quirk_table *t = builtin();
	const struct sttape_quirk *q;

	(void)state;
	q = sttape_quirk_match(t, "IBM     ", "ULTRIUM-TD5     ", "D8D5");
	assert_non_null(q);
	assert_string_equal(q->name, "IBM LTO-5");
	expect_lto_layout(q);
	assert_int_equal(sttape_quirk_eod_filemarks(q, 0x58), 2);
	assert_ptr_equal(sttape_quirk_match(t, "IBM", "ULT3580-HH5", "X"), q);
	q = sttape_quirk_match(t, "IBM", "ULTRIUM-TD6", "X");
	assert_string_equal(q->name, "IBM LTO-6");
	sttape_quirk_table_free(t);
}

static void test_match_hp_ultrium6(void **state)
{
	struct sttape_quirk_table *t = builtin();
	const struct sttape_quirk *q;

	(void)state;
	q = sttape_quirk_match(t, "HP      ", "Ultrium 6-SCSI  ", "J5SW");
	assert_non_null(q);
	assert_string_equal(q->name, "HP Ultrium 6");
	expect_lto_layout(q);
	q = sttape_quirk_match(t, "HPE     ", "Ultrium 9-SCSI  ", "P4AW");
	assert_string_equal(q->name, "HP Ultrium 9");
	sttape_quirk_table_free(t);
}

/* One INQUIRY per NetBSD flag: the entry carries the flag. */
static void test_match_netbsd_flags(void **state)
{
	static const struct {
		const char *v, *p, *r, *name;
		uint32_t flags;
	} cases[] = {
		{"ARCHIVE ", "VIPER 150  21247", "1234",
		 "Archive Viper 150 21247", STTAPE_QUIRK_ERASE_NOIMM},
		{"HP      ", "T4000s          ", "1.0 ", "HP T4000s",
		 STTAPE_QUIRK_UNIMODAL},
		{"IBM     ", "03590B1A        ", "1.0 ", "IBM 3590",
		 STTAPE_QUIRK_IGNORE_LOADS},
		{"NCR H621", "0-STD-03-46F880 ", "1.0 ", "NCR H621",
		 STTAPE_QUIRK_NOPREVENT},
		{"OnStream", "DI-30           ", "1.09", "OnStream DI-30",
		 STTAPE_QUIRK_NOFILEMARKS},
		{"STK     ", "9490            ", "1.0 ", "StorageTek 9490",
		 STTAPE_QUIRK_FORCE_BLKSIZE},
	};
	struct sttape_quirk_table *t = builtin();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sttape_quirk *q = sttape_quirk_match(
			t, cases[i].v, cases[i].p, cases[i].r);

		assert_non_null(q);
		assert_string_equal(q->name, cases[i].name);
		assert_int_equal(q->flags, cases[i].flags);
	}
	/* Exabyte row 15 needs firmware 263H exactly. */
	assert_null(sttape_quirk_match(t, "EXABYTE", "EXB-8200", "263J"));
	assert_non_null(sttape_quirk_match(t, "EXABYTE", "EXB-8200", "263H"));
	sttape_quirk_table_free(t);
}

/* DAT160 also writes DAT72 (0x47, NetBSD's QIC-3220): two filemarks. */
static void test_dat160_two_filemarks(void **state)
{
	struct sttape_quirk_table *t = builtin();
	const struct sttape_quirk *q;

	(void)state;
	q = sttape_quirk_match(t, "HP", "DAT160", "WU8A");
	assert_non_null(q);
	assert_int_equal(q->filemarks, STTAPE_QUIRK_FM_TWO);
	assert_int_equal(sttape_quirk_eod_filemarks(q, 0x47), 2);
	assert_int_equal(sttape_quirk_eod_filemarks(NULL, 0x47), 1);
	sttape_quirk_table_free(t);
}

static void test_match_nothing(void **state)
{
	struct sttape_quirk_table *t = builtin();

	(void)state;
	assert_null(sttape_quirk_match(t, "ACME", "NOTHING", "1"));
	assert_null(sttape_quirk_match(NULL, "IBM", "ULTRIUM-TD5", ""));
	sttape_quirk_table_free(t);
}

/* ---- precedence, override, directories ---- */

/* The most specific entry wins; equal scores go to the later entry. */
static void test_specificity_and_order(void **state)
{
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;
	static const char more[] = "[T one or two]\nvendor = ACME\n"
				   "product = T[12]\n";

	(void)state;
	t = from_text("[any]\nvendor = *\nproduct = *\n"
		      "[T star]\nvendor = ACME\nproduct = T*\n"
		      "[T one]\nvendor = ACME\nproduct = T1\n"
		      "[T any one]\nvendor = ACME\nproduct = T?\n");
	assert_string_equal(sttape_quirk_match(t, "ACME", "T1", "")->name,
			    "T one");
	assert_string_equal(sttape_quirk_match(t, "ACME", "T2", "")->name,
			    "T any one");
	assert_string_equal(sttape_quirk_match(t, "ACME", "T22", "")->name,
			    "T star");
	assert_string_equal(sttape_quirk_match(t, "OTHER", "X", "")->name,
			    "any");
	/* "T[12]" scores as "T?" and was loaded later: it wins T2. */
	assert_int_equal(
		sttape_quirk_table_load_text(t, "more", more, strlen(more), &d),
		0);
	assert_string_equal(sttape_quirk_match(t, "ACME", "T2", "")->name,
			    "T one or two");
	assert_string_equal(sttape_quirk_match(t, "ACME", "T3", "")->name,
			    "T any one");
	sttape_quirk_table_free(t);
}

/* A later entry with equal patterns replaces the shipped one in place. */
static void test_override_replaces(void **state)
{
	static const char site[] = "[my LTO-5]\n"
				   "vendor = IBM\n"
				   "product = \"ULT*-[TH][DH]5\"\n"
				   "revision = *\n"
				   "mode0.density = 0x46\n";
	struct sttape_quirk_table *t = builtin();
	size_t n = sttape_quirk_table_count(t);
	const struct sttape_quirk *q;

	(void)state;
	assert_int_equal(sttape_quirk_table_load_text(t, "site.quirks", site,
						      strlen(site), NULL),
			 0);
	assert_int_equal(sttape_quirk_table_count(t), n);
	q = sttape_quirk_match(t, "IBM", "ULTRIUM-TD5", "D8D5");
	assert_string_equal(q->name, "my LTO-5");
	assert_string_equal(q->origin, "site.quirks:1");
	assert_int_equal(q->mode[0].density, 0x46);
	assert_int_equal(q->mode[0].compression, STTAPE_QUIRK_UNCHANGED);
	sttape_quirk_table_free(t);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_files(const char *dir, const char *const *names)
{
	char path[512];

	for (; *names != NULL; names++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *names);
		unlink(path);
	}
	rmdir(dir);
}

/*
 * *.quirks in name order (20 overrides 10), other names and dot files
 * ignored; a bad file is reported and skipped while the rest loads.
 */
static void test_load_dir(void **state)
{
	static const char *const names[] = {"10-a.quirks",    "20-b.quirks",
					    "30-c.quirks",    "notes.txt",
					    ".hidden.quirks", NULL};
	char dir[] = "/tmp/sttape-quirks-XXXXXX";
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;
	const struct sttape_quirk *q;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "20-b.quirks",
		   "[b]\nvendor = ACME\nproduct = T1\nmode0.density = 2\n");
	write_file(dir, "10-a.quirks",
		   "[a]\nvendor = ACME\nproduct = T1\nmode0.density = 1\n");
	write_file(dir, "notes.txt", "not a quirk file\n");
	write_file(dir, ".hidden.quirks", "garbage\n");
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_dir(t, dir, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(sttape_quirk_table_count(t), 1);
	q = sttape_quirk_match(t, "ACME", "T1", "");
	assert_string_equal(q->name, "b");
	assert_int_equal(q->mode[0].density, 2);

	write_file(dir, "30-c.quirks",
		   "[c]\nvendor = ACME\nproduct = T3\n"
		   "colour = red\n");
	assert_int_equal(sttape_quirk_table_load_dir(t, dir, &d), -EINVAL);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.v[0].line, 4);
	assert_non_null(strstr(d.v[0].file, "30-c.quirks"));
	assert_int_equal(sttape_quirk_table_count(t), 1);
	assert_null(sttape_quirk_match(t, "ACME", "T3", ""));
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);

	/* open(): builtin first, then the directory. */
	assert_int_equal(sttape_quirk_table_open(dir, &t, &d), -EINVAL);
	assert_true(sttape_quirk_table_count(t) > 70);
	assert_string_equal(sttape_quirk_match(t, "ACME", "T1", "")->name, "b");
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);

	/* A file where a directory is expected: reported, -ENOTDIR. */
	{
		char file[600];

		snprintf(file, sizeof(file), "%s/notes.txt", dir);
		assert_int_equal(sttape_quirk_table_new(&t), 0);
		assert_int_equal(sttape_quirk_table_load_dir(t, file, &d),
				 -ENOTDIR);
		assert_int_equal(d.count, 1);
		assert_string_equal(d.v[0].file, file);
		sttape_quirk_diags_free(&d);
		sttape_quirk_table_free(t);
	}

	remove_files(dir, names);
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_dir(t, dir, &d), -ENOENT);
	assert_int_equal(d.count, 1);
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);
}

/* ---- glob patterns ---- */

static void test_glob_match(void **state)
{
	static const struct {
		const char *p, *s;
		bool match;
	} cases[] = {
		{"", "", true},
		{"", "A", false},
		{"*", "", true},
		{"*", "anything", true},
		{"A?C", "ABC", true},
		{"A?C", "AC", false},
		{"[A-C]x", "Bx", true},
		{"[A-C]x", "Dx", false},
		{"[!A-C]x", "Dx", true},
		{"[^A-C]x", "Ax", false},
		{"[]]", "]", true},
		{"[!]]", "]", false},
		{"\\*", "*", true},
		{"\\*", "a", false},
		{"ULT*-[TH][DH]5", "ULTRIUM-TD5", true},
		{"ULT*-[TH][DH]5", "ULT3580-HH5", true},
		{"ULT*-[TH][DH]5", "ULTRIUM-TD50", false},
		{"*3800", " TDC 3800", true},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{" TDC 3800*", "TDC 3800", false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t min;

		assert_null(sttape_quirk_glob_check(cases[i].p, &min));
		if (sttape_quirk_glob_match(cases[i].p, cases[i].s) !=
		    cases[i].match)
			fail_msg("'%s' vs '%s': expected %d", cases[i].p,
				 cases[i].s, cases[i].match);
	}
}

static void test_glob_check(void **state)
{
	size_t min = 99;

	(void)state;
	assert_non_null(sttape_quirk_glob_check("T[12", &min));
	assert_non_null(sttape_quirk_glob_check("T\\", &min));
	assert_non_null(sttape_quirk_glob_check("[z-a]", &min));
	assert_non_null(sttape_quirk_glob_check("A\tB", &min));
	assert_null(sttape_quirk_glob_check("ULT*-[TH][DH]5", &min));
	assert_int_equal(min, 7); /* U L T - [] [] 5 */
	assert_int_equal(sttape_quirk_glob_score("ULT*-[TH][DH]5", 16), 5);
	assert_int_equal(sttape_quirk_glob_score("T1", 16), 18);
	assert_int_equal(sttape_quirk_glob_score("", 8), 8);
}

/* ---- flags ---- */

static void test_flags_format(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(sttape_quirk_flags_format(0, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "0");
	sttape_quirk_flags_format(STTAPE_QUIRK_FORCE_BLKSIZE |
					  STTAPE_QUIRK_UNIMODAL,
				  buf, sizeof(buf));
	assert_string_equal(buf, "0x11<FORCE_BLKSIZE,UNIMODAL>");
	sttape_quirk_flags_format(STTAPE_QUIRK_NOFILEMARKS | 0x100, buf,
				  sizeof(buf));
	assert_string_equal(buf, "0x180<NOFILEMARKS,bit8>");
	/* Truncation: the needed length comes back, the buffer ends. */
	assert_int_equal(
		sttape_quirk_flags_format(STTAPE_QUIRK_UNIMODAL, buf, 5),
		(int)strlen("0x10<UNIMODAL>"));
	assert_string_equal(buf, "0x10");
}

/* Every bit of ALL_FLAGS has a name that parses back; others none. */
static void test_flag_names(void **state)
{
	(void)state;
	for (unsigned int bit = 0; bit < 32; bit++) {
		uint32_t f = 1u << bit, back = 0;
		const char *name = sttape_quirk_flag_name(f);

		if (!(STTAPE_QUIRK_ALL_FLAGS & f)) {
			assert_null(name);
			continue;
		}
		assert_non_null(name);
		assert_int_equal(sttape_quirk_flag_parse(name, &back), 0);
		assert_int_equal(back, f);
	}
	assert_int_equal(
		sttape_quirk_flag_parse("force_blksize", &(uint32_t){0}),
		-EINVAL);
}

static void test_mode_flags_and_format(void **state)
{
	struct sttape_quirk_table *t;
	const struct sttape_quirk *q;
	char buf[2048];
	int n;

	(void)state;
	t = from_text("[x]\nvendor = A\nproduct = B\nflags = NOPREVENT\n"
		      "mode3.flags = FORCE_BLKSIZE\nmode3.blksize = 1024\n");
	q = sttape_quirk_table_entry(t, 0);
	assert_int_equal(sttape_quirk_mode_flags(q, 0), STTAPE_QUIRK_NOPREVENT);
	assert_int_equal(sttape_quirk_mode_flags(q, 3),
			 STTAPE_QUIRK_NOPREVENT | STTAPE_QUIRK_FORCE_BLKSIZE);
	assert_int_equal(sttape_quirk_mode_flags(NULL, 3), 0);
	n = sttape_quirk_format(q, buf, sizeof(buf));
	assert_int_equal(n, (int)strlen(buf));
	assert_non_null(strstr(buf, "[x] (mem:1)"));
	assert_non_null(strstr(buf, "flags=0x20<NOPREVENT>"));
	assert_non_null(strstr(buf, "mode3={blksize=1024 density=0x00 "
				    "flags=0x1<FORCE_BLKSIZE>"));
	assert_int_equal(sttape_quirk_format(q, buf, 8), n);
	assert_int_equal(strlen(buf), 7);
	sttape_quirk_table_free(t);
}

static void test_density_is_qic(void **state)
{
	static const uint8_t qic[] = {0x04, 0x05, 0x0f, 0x10,
				      0x11, 0x12, 0x45, 0x47};
	unsigned int n = 0;

	(void)state;
	for (unsigned int dns = 0; dns < 256; dns++)
		n += sttape_quirk_density_is_qic((uint8_t)dns);
	assert_int_equal(n, sizeof(qic));
	for (size_t i = 0; i < sizeof(qic); i++)
		assert_true(sttape_quirk_density_is_qic(qic[i]));
	assert_int_equal(sttape_quirk_eod_filemarks(NULL, 0x13), 2);
	assert_int_equal(sttape_quirk_eod_filemarks(NULL, 0x00), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_parses_clean),
		cmocka_unit_test(test_builtin_no_duplicates),
		cmocka_unit_test(test_builtin_entries_reachable),
		cmocka_unit_test(test_match_blank_inquiry),
		cmocka_unit_test(test_match_tandberg_tdc3800),
		cmocka_unit_test(test_match_ibm_ultrium_td5),
		cmocka_unit_test(test_match_hp_ultrium6),
		cmocka_unit_test(test_match_netbsd_flags),
		cmocka_unit_test(test_dat160_two_filemarks),
		cmocka_unit_test(test_match_nothing),
		cmocka_unit_test(test_specificity_and_order),
		cmocka_unit_test(test_override_replaces),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_glob_match),
		cmocka_unit_test(test_glob_check),
		cmocka_unit_test(test_flags_format),
		cmocka_unit_test(test_flag_names),
		cmocka_unit_test(test_mode_flags_and_format),
		cmocka_unit_test(test_density_is_qic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
