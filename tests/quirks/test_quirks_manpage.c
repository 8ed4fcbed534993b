/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_quirks_manpage.c - every quirk flag defined in sttape/quirks.h
 * is known to the parser under its name and documented in
 * sttape-quirks(5), and so is every key of the format.  A flag added
 * to the header without the rest fails here.
 */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sttape/quirks.h>

static char *slurp(const char *rel)
{
	char path[1024];
	long n;
	char *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", STTAPE_SOURCE_DIR, rel);
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Does the man page have the line "<macro> <word>" exactly? */
static bool man_has_item(const char *man, const char *macro, const char *word)
{
	char line[256];

	snprintf(line, sizeof(line), "\n%s %s\n", macro, word);
	return strstr(man, line) != NULL;
}

/*
 * Flag macros: "#define STTAPE_QUIRK_<NAME> 0x<hex>u" (the header keeps
 * that form for flags only).
 */
static void test_every_flag_documented(void **state)
{
	char *hdr = slurp("include/sttape/quirks.h");
	char *man = slurp("man/sttape-quirks.5");
	const char *p = hdr;
	uint32_t seen = 0;
	unsigned int count = 0;

	(void)state;
	while ((p = strstr(p, "#define STTAPE_QUIRK_")) != NULL) {
		char name[64];
		const char *q = p + strlen("#define STTAPE_QUIRK_");
		size_t n = 0;
		char *end;
		unsigned long v;

		while (isupper((unsigned char)q[n]) ||
		       isdigit((unsigned char)q[n]) || q[n] == '_')
			n++;
		assert_true(n < sizeof(name));
		memcpy(name, q, n);
		name[n] = '\0';
		q += n;
		while (*q == ' ' || *q == '\t')
			q++;
		p = q;
		if (strncmp(q, "0x", 2) != 0)
			continue;
		v = strtoul(q, &end, 16);
		if (*end != 'u')
			continue;
		count++;
		/* One bit, not seen before, known to the parser by name. */
		assert_true(v != 0 && (v & (v - 1)) == 0);
		assert_false(seen & v);
		seen |= (uint32_t)v;
		if (sttape_quirk_flag_name((uint32_t)v) == NULL ||
		    strcmp(sttape_quirk_flag_name((uint32_t)v), name) != 0)
			fail_msg("flag %s (0x%lx) has another name in the "
				 "parser",
				 name, v);
		if (!man_has_item(man, ".It Dv", name))
			fail_msg("flag %s is not documented in "
				 "man/sttape-quirks.5 (.It Dv %s)",
				 name, name);
	}
	assert_int_equal(count, 8);
	assert_int_equal(seen, STTAPE_QUIRK_ALL_FLAGS);
	free(hdr);
	free(man);
}

/* Every key the parser accepts has its own item in the man page. */
static void test_every_key_documented(void **state)
{
	static const char *const keys[] = {
		"early_warning",
		"filemarks_at_eod",
		"flags",
		"modeN.blksize",
		"modeN.compression",
		"modeN.density",
		"modeN.flags",
		"page0_size",
		"product",
		"revision",
		"vendor",
	};
	char *man = slurp("man/sttape-quirks.5");

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!man_has_item(man, ".It Cm", keys[i]))
			fail_msg("key %s is not documented (.It Cm %s)",
				 keys[i], keys[i]);
	free(man);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_flag_documented),
		cmocka_unit_test(test_every_key_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
