/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape-quirks-check - validate quirk files (sttape-quirks(5)) and show
 * which entry an INQUIRY matches.
 *
 *   sttape-quirks-check [-d] [-m VENDOR PRODUCT REVISION] [PATH...]
 *
 * Loads the embedded table, then each PATH (a file, or a directory of
 * *.quirks files) as the daemon would.  Every mistake is printed as
 * "file:line: reason".  Exit 0 when everything loaded cleanly, 1 when
 * there were mistakes, 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sttape/quirks.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: sttape-quirks-check [-d] [-m VENDOR PRODUCT "
		   "REVISION] [FILE|DIR...]\n"
		   "  -d  dump the resulting table\n"
		   "  -m  show the entry an INQUIRY matches\n");
}

static int load_path(struct sttape_quirk_table *t, const char *path,
		     struct sttape_quirk_diags *d)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sttape_quirk_table_load_dir(t, path, d);
	return sttape_quirk_table_load_file(t, path, d);
}

static void print_entry(const struct sttape_quirk *q)
{
	char buf[2048];

	sttape_quirk_format(q, buf, sizeof(buf));
	printf("%s\n", buf);
}

int main(int argc, char **argv)
{
	struct sttape_quirk_diags d = {0};
	struct sttape_quirk_table *t;
	const char *match[3] = {NULL, NULL, NULL};
	bool dump = false, bad = false;
	size_t i;
	int c;

	while ((c = getopt(argc, argv, "+dhm:")) != -1) {
		switch (c) {
		case 'd':
			dump = true;
			break;
		case 'm':
			if (optind + 1 >= argc) {
				usage(stderr);
				return 2;
			}
			match[0] = optarg;
			match[1] = argv[optind++];
			match[2] = argv[optind++];
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (sttape_quirk_table_new(&t) != 0) {
		fprintf(stderr, "sttape-quirks-check: out of memory\n");
		return 1;
	}
	if (sttape_quirk_table_load_builtin(t, &d) != 0)
		bad = true;
	for (; optind < argc; optind++)
		if (load_path(t, argv[optind], &d) != 0)
			bad = true;
	for (i = 0; i < d.count; i++)
		fprintf(stderr, "%s\n", d.v[i].text);
	if (dump)
		for (i = 0; i < sttape_quirk_table_count(t); i++)
			print_entry(sttape_quirk_table_entry(t, i));
	if (match[0] != NULL) {
		const struct sttape_quirk *q =
			sttape_quirk_match(t, match[0], match[1], match[2]);

		if (q != NULL)
			print_entry(q);
		else
			printf("no entry matches\n");
	}
	printf("%zu entries, %zu errors\n", sttape_quirk_table_count(t),
	       d.count);
	sttape_quirk_diags_free(&d);
	sttape_quirk_table_free(t);
	return bad ? 1 : 0;
}
