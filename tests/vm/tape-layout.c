/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape-vm-layout DEVICE - print what is on a tape, from the beginning,
 * as one line: "R<bytes>" per record, "F" per filemark, then "EOD".
 *
 * It reads through libsttape's drive layer (no tape driver policy: every
 * record is read once in variable mode, filemarks and end of data are
 * taken from the sense data), so the layouts that the kernel st driver and
 * stfused leave behind are read back the same way.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sttape/drive.h>

/* tgtd's virtual tape takes records of at most 1 MiB. */
#define MAX_RECORD (1u << 20)
#define MAX_ITEMS 100000

static int dump(struct sttape_drive *d, unsigned char *buf)
{
	struct sttape_result r;
	int items;

	if (sttape_drive_rewind(d, false, &r) < 0) {
		fprintf(stderr, "rewind: %s\n", sttape_outcome_name(r.outcome));
		return 1;
	}
	for (items = 0; items < MAX_ITEMS; items++) {
		int rc = sttape_drive_read(d, buf, MAX_RECORD, 0, true, &r);

		if (r.outcome == STTAPE_OUTCOME_FILEMARK) {
			printf("F ");
		} else if (r.outcome == STTAPE_OUTCOME_END_OF_DATA) {
			printf("EOD\n");
			return 0;
		} else if (rc == 0 && r.outcome != STTAPE_OUTCOME_ILI_LONG) {
			printf("R%zu ", r.transferred);
		} else {
			printf("ERR(%s)\n", sttape_outcome_name(r.outcome));
			return 1;
		}
	}
	printf("TRUNCATED\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct sttape_drive *d;
	unsigned char *buf;
	char why[256] = "";
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DEVICE\n", argv[0]);
		return 2;
	}
	rc = sttape_drive_open(argv[1], &d, why, sizeof(why));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], why);
		return 1;
	}
	buf = malloc(MAX_RECORD);
	if (!buf)
		return 1;
	/* The first command after a guest boot meets a unit attention. */
	for (int i = 0; i < 3; i++) {
		struct sttape_result r;

		if (sttape_drive_test_unit_ready(d, &r) == 0)
			break;
	}
	rc = dump(d, buf);
	free(buf);
	sttape_drive_close(d);
	return rc;
}
