/* SPDX-License-Identifier: BSD-2-Clause */
#include "hexfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static long parse_hex(FILE *f, const char *path, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	int c, hi = -1;

	while ((c = fgetc(f)) != EOF) {
		if (c == '#') {
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		if (isspace(c)) {
			if (hi >= 0)
				goto bad;
			continue;
		}
		int v = hex_value(c);
		if (v < 0)
			goto bad;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			goto bad;
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		goto bad;
	return (long)n;
bad:
	fprintf(stderr, "%s: malformed hex near byte %zu\n", path, n);
	return -1;
}

long sttape_test_load_hex(const char *rel, uint8_t *buf, size_t cap)
{
	const char *dir = getenv("STTAPE_TEST_DATA");
	char path[1024];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", rel);
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -1;
	}
	n = parse_hex(f, path, buf, cap);
	fclose(f);
	return n;
}
