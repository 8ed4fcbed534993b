/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_quirks_validate.c - the validator reports each kind of mistake
 * in a quirk file with its exact file:line, and a file with a mistake
 * adds none of its entries.  One file per kind under
 * tests/data/quirks/bad-*.quirks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <sttape/quirks.h>

struct bad_case {
	const char *file;   /* under tests/data/quirks */
	unsigned int line;  /* where the one mistake is */
	const char *reason; /* a part of the reason */
};

/* Sorted by file name. */
static const struct bad_case bad_cases[] = {
	{"bad-blksize-large.quirks", 6,
	 "block size '16777216' is larger than 16777215"},
	{"bad-blksize-negative.quirks", 6, "negative block size '-512'"},
	{"bad-blksize-without-force.quirks", 5,
	 "has no effect without FORCE_BLKSIZE"},
	{"bad-density-range.quirks", 5, "density '0x100' is larger than 255"},
	{"bad-duplicate-entry.quirks", 6,
	 "duplicate entry: same patterns as [first] at line 2"},
	{"bad-duplicate-key.quirks", 6,
	 "given twice in [drive] (first at "
	 "line 5)"},
	{"bad-duplicate-name.quirks", 5, "entry name already used at line 2"},
	{"bad-empty-section.quirks", 2, "[empty]: entry without fields"},
	{"bad-filemarks.quirks", 5, "'3' is not 1, 2 or auto"},
	{"bad-garbage-line.quirks", 5,
	 "not a [section], key = value line or comment"},
	{"bad-glob.quirks", 4, "bad pattern 'T[12': '[' without ']'"},
	{"bad-indented.quirks", 5, "indented line"},
	{"bad-key-outside-entry.quirks", 2,
	 "key 'vendor' before the first [entry]"},
	{"bad-long-line.quirks", 5, "line longer than 198 characters"},
	{"bad-malformed-number.quirks", 6, "malformed number '5l2'"},
	{"bad-missing-product.quirks", 4, "[drive]: no product"},
	{"bad-missing-vendor.quirks", 3, "[drive]: no vendor"},
	{"bad-mode-index.quirks", 5, "mode4.density: mode 4 out of range"},
	{"bad-one-good-one-bad.quirks", 8, "density '300' is larger than 255"},
	{"bad-page0.quirks", 5, "size '65' is larger than 64"},
	{"bad-pattern-length.quirks", 3,
	 "needs 15 characters, the field has 8"},
	{"bad-section-syntax.quirks", 2, "'[' without ']'"},
	{"bad-switch.quirks", 5, "'maybe' is not on, off or unchanged"},
	{"bad-unknown-flag.quirks", 5, "unknown flag 'FAST_REWIND'"},
	{"bad-unknown-key.quirks", 5, "unknown key 'colour'"},
};

#define N_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

static void data_path(char *buf, size_t len, const char *file)
{
	snprintf(buf, len, "%s/%s", STTAPE_QUIRKS_TEST_DATA, file);
}

/*
 * Exactly one diagnostic, at the expected line, with the expected
 * reason; the load fails with -EINVAL and adds nothing to the table.
 */
static void test_bad_file(void **state)
{
	const struct bad_case *bc = *state;
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;
	char path[1024], text[1200];

	data_path(path, sizeof(path), bc->file);
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_file(t, path, &d), -EINVAL);
	if (d.count != 1)
		for (size_t i = 0; i < d.count; i++)
			print_error("diag %zu: %s\n", i, d.v[i].text);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.v[0].file, path);
	assert_int_equal(d.v[0].line, bc->line);
	if (strstr(d.v[0].reason, bc->reason) == NULL)
		fail_msg("%s: reason '%s' lacks '%s'", bc->file, d.v[0].reason,
			 bc->reason);
	snprintf(text, sizeof(text), "%s:%u: %s", path, bc->line,
		 d.v[0].reason);
	assert_string_equal(d.v[0].text, text);
	assert_int_equal(sttape_quirk_table_count(t), 0);
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);
}

/* Diagnostics accumulate across loads, and every mistake is reported. */
static void test_several_mistakes_in_one_text(void **state)
{
	static const char text[] = "[a]\n"			/* 1 */
				   "vendor = ACME\n"		/* 2 */
				   "product = T1\n"		/* 3 */
				   "colour = blue\n"		/* 4 */
				   "mode0.density = 999\n"	/* 5 */
				   "garbage\n"			/* 6 */
				   "[b]\n"			/* 7 */
				   "product = T2\n"		/* 8 */
				   "flags = FORCE_BLKSIZE X\n"; /* 9 */
	static const unsigned int lines[] = {4, 5, 6, 9, 7};
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;

	(void)state;
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(
		sttape_quirk_table_load_text(t, "mem", text, strlen(text), &d),
		-EINVAL);
	assert_int_equal(d.count, sizeof(lines) / sizeof(lines[0]));
	for (size_t i = 0; i < d.count; i++) {
		assert_string_equal(d.v[i].file, "mem");
		assert_int_equal(d.v[i].line, lines[i]);
	}
	assert_non_null(strstr(d.v[4].reason, "no vendor"));
	assert_int_equal(sttape_quirk_table_count(t), 0);
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);
}

/* A file that does not exist: -ENOENT, and one diagnostic naming it. */
static void test_missing_file(void **state)
{
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;
	char path[1024];

	(void)state;
	data_path(path, sizeof(path), "no-such-file.quirks");
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_file(t, path, &d), -ENOENT);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.v[0].line, 0);
	assert_string_equal(d.v[0].file, path);
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);
}

/* Diagnostics may be NULL: the load still fails the same way. */
static void test_null_diags(void **state)
{
	static const char text[] = "[a]\nvendor = A\nproduct = B\nx = 1\n";
	struct sttape_quirk_table *t;

	(void)state;
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_text(t, "mem", text,
						      strlen(text), NULL),
			 -EINVAL);
	assert_int_equal(sttape_quirk_table_count(t), 0);
	sttape_quirk_table_free(t);
}

/* Every form of good-site.quirks is read into the right field. */
static void test_good_file_every_form(void **state)
{
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;
	const struct sttape_quirk *q;
	char path[1024], origin[1100];

	(void)state;
	data_path(path, sizeof(path), "good-site.quirks");
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_file(t, path, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(sttape_quirk_table_count(t), 2);
	q = sttape_quirk_table_entry(t, 0);
	assert_string_equal(q->name, "ACME T1 every key");
	snprintf(origin, sizeof(origin), "%s:4", path);
	assert_string_equal(q->origin, origin);
	assert_string_equal(q->vendor, "ACME");
	assert_string_equal(q->product, "  T1*");
	assert_string_equal(q->revision, "1.?");
	assert_int_equal(q->flags,
			 STTAPE_QUIRK_NOPREVENT | STTAPE_QUIRK_ERASE_NOIMM);
	assert_int_equal(q->page0_size, 12);
	assert_int_equal(q->early_warning, STTAPE_QUIRK_OFF);
	assert_int_equal(q->filemarks, STTAPE_QUIRK_FM_ONE);
	for (unsigned int m = 0; m < STTAPE_QUIRK_MODES; m++)
		assert_int_equal(q->mode[m].compression, STTAPE_QUIRK_ON);
	assert_int_equal(q->mode[0].flags,
			 STTAPE_QUIRK_FORCE_BLKSIZE | STTAPE_QUIRK_SENSE_HELP);
	assert_int_equal(q->mode[0].blksize, 0);
	assert_int_equal(q->mode[1].flags, STTAPE_QUIRK_FORCE_BLKSIZE);
	assert_int_equal(q->mode[1].blksize, 512);
	assert_int_equal(q->mode[1].density, 0x13);
	assert_int_equal(q->mode[2].flags, 0);
	assert_int_equal(q->mode[2].density, 255);
	assert_int_equal(q->mode[3].flags, 0);
	/* Defaults of an entry that gives only its patterns. */
	q = sttape_quirk_table_entry(t, 1);
	assert_string_equal(q->revision, "*");
	assert_int_equal(q->flags, 0);
	assert_int_equal(q->early_warning, STTAPE_QUIRK_UNCHANGED);
	assert_int_equal(q->filemarks, STTAPE_QUIRK_FM_AUTO);
	assert_int_equal(q->mode[3].compression, STTAPE_QUIRK_UNCHANGED);
	/* Quoted leading blanks count when matching. */
	assert_non_null(sttape_quirk_match(t, "ACME", "  T1000", "1.5"));
	assert_null(sttape_quirk_match(t, "ACME", "T1000", "1.5"));
	sttape_quirk_table_free(t);
}

/* The byte-level edges: CRLF line ends, a byte order mark, a NUL. */
static void test_line_edges(void **state)
{
	static const char crlf[] = "\xef\xbb\xbf[a]\r\nvendor = A\r\n"
				   "product = B\r\n";
	static const char nul[] = "[a]\nvendor = A\nproduct = B\n"
				  "revision = 1\0\n";
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;

	(void)state;
	assert_int_equal(sttape_quirk_table_new(&t), 0);
	assert_int_equal(sttape_quirk_table_load_text(t, "crlf", crlf,
						      sizeof(crlf) - 1, &d),
			 0);
	assert_string_equal(sttape_quirk_table_entry(t, 0)->product, "B");
	assert_int_equal(sttape_quirk_table_load_text(t, "nul", nul,
						      sizeof(nul) - 1, &d),
			 -EINVAL);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.v[0].line, 4);
	assert_non_null(strstr(d.v[0].reason, "NUL"));
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);
}

int main(void)
{
	struct CMUnitTest tests[N_BAD + 5];
	size_t i;

	for (i = 0; i < N_BAD; i++) {
		tests[i] = (struct CMUnitTest)cmocka_unit_test_prestate(
			test_bad_file, (void *)(uintptr_t)&bad_cases[i]);
		tests[i].name = bad_cases[i].file;
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(
		test_several_mistakes_in_one_text);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_missing_file);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_null_diags);
	tests[i++] =
		(struct CMUnitTest)cmocka_unit_test(test_good_file_every_form);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_line_edges);
	return _cmocka_run_group_tests("quirks_validate", tests, i, NULL, NULL);
}
