// SPDX-License-Identifier: BSD-2-Clause
/*
 * stfused_layout DEVICE - print a cartridge's layout on one line in the
 * format of the e2e scenarios ("9x10240 FM 7x10240 FM FM EOD": runs of
 * equal records compressed), read through libsttape's drive layer, so
 * the e2e checks apply to a drive we did not write (tgtd over iscsi://).
 *
 * Reads from the beginning in variable mode, one record per READ(6) with
 * a buffer of the largest record tgtd takes (1 MiB), SILI set.  tgtd
 * quirks met on the way: the first command of a new I_T nexus gets a
 * power-on unit attention; tgtd keeps a MODE SELECT block length across
 * sessions (so variable mode is selected first); end of data is BLANK
 * CHECK without INFORMATION, and a short record comes back as ILI even
 * with SILI, and one longer than half the buffer comes back truncated
 * (reread_exact).  A record longer than the buffer (ILI, INFORMATION < 0)
 * is an error: tgtd would transfer none of it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <sttape/drive.h>

#define MAX_RECORD (1u << 20)
#define MAX_ITEMS  10000000

struct run {
	size_t len;
	unsigned long long count;
};

static void flush_run(struct run *r)
{
	if (!r->count)
		return;
	if (r->count > 1)
		printf("%llux%zu ", r->count, r->len);
	else
		printf("%zu ", r->len);
	r->count = 0;
}

static void add_record(struct run *r, size_t len)
{
	if (r->count && r->len == len) {
		r->count++;
		return;
	}
	flush_run(r);
	r->len = len;
	r->count = 1;
}

static void fail(const char *what, int rc, const struct sttape_result *r)
{
	fprintf(stderr, "stfused_layout: %s: rc %d, %s, key %x %02x/%02x\n",
		what, rc, sttape_outcome_name(r->outcome), r->sense.key,
		r->sense.asc, r->sense.ascq);
}

/* Absorb the unit attention(s) a new session starts with. */
static int ready(struct sttape_drive *d)
{
	struct sttape_result r;
	int i, rc = -1;

	for (i = 0; i < 5 && rc; i++)
		rc = sttape_drive_test_unit_ready(d, &r);
	if (rc)
		fail("TEST UNIT READY", rc, &r);
	return rc;
}

/* Variable-block mode: tgtd keeps the last MODE SELECT block length. */
static int variable_mode(struct sttape_drive *d)
{
	struct sttape_mode m;
	struct sttape_result r;
	size_t got;
	int rc;

	rc = sttape_drive_mode_sense(d, 0, false, &m, NULL, 0, &got, &r);
	if (rc) {
		fail("MODE SENSE", rc, &r);
		return rc;
	}
	if (m.has_descriptor && m.block_length == 0)
		return 0;
	m.has_descriptor = true;
	m.block_length = 0;
	m.blocks = 0;
	rc = sttape_drive_mode_select(d, &m, NULL, 0, &r);
	if (rc)
		fail("MODE SELECT", rc, &r);
	return rc;
}

/*
 * tgtd answers a READ whose record is shorter than the allocation but
 * longer than half of it with the allocation minus the record length in
 * both the data it sends and the transport count, while INFORMATION is
 * right.  Take the length from INFORMATION, step back over the record
 * and read it again with exactly that length (no ILI then).
 */
static int reread_exact(struct sttape_drive *d, uint8_t *buf,
			struct sttape_result *r)
{
	size_t len = MAX_RECORD - (size_t)r->residue;
	int rc;

	rc = sttape_drive_space(d, STTAPE_SPACE_BLOCKS, -1, r);
	if (rc || r->outcome != STTAPE_OUTCOME_OK) {
		fail("SPACE -1 block", rc, r);
		return -1;
	}
	rc = sttape_drive_read(d, buf, len, 0, false, r);
	if (rc || r->outcome != STTAPE_OUTCOME_OK || r->transferred != len) {
		fail("READ again", rc, r);
		return -1;
	}
	return 0;
}

static int dump(struct sttape_drive *d, uint8_t *buf)
{
	struct sttape_result r;
	struct run run = {0, 0};
	long items;
	int rc;

	rc = sttape_drive_rewind(d, false, &r);
	if (rc) {
		fail("REWIND", rc, &r);
		return 1;
	}
	for (items = 0; items < MAX_ITEMS; items++) {
		rc = sttape_drive_read(d, buf, MAX_RECORD, 0, true, &r);
		/* The drive layer refuses the cut record (EIO, ILI kept in
		 * the sense): read it again at its true length. */
		if (rc == -EIO && r.has_sense && r.sense.ili &&
		    r.residue > 0 && r.residue < MAX_RECORD) {
			if (reread_exact(d, buf, &r) == 0) {
				add_record(&run, r.transferred);
				continue;
			}
			flush_run(&run);
			printf("ERR\n");
			return 1;
		}
		switch (r.outcome) {
		case STTAPE_OUTCOME_FILEMARK:
			flush_run(&run);
			printf("FM ");
			continue;
		case STTAPE_OUTCOME_END_OF_DATA:
			flush_run(&run);
			printf("EOD\n");
			return 0;
		case STTAPE_OUTCOME_OK:
		case STTAPE_OUTCOME_ILI_SHORT:
			if (rc == 0 && r.transferred > 0) {
				add_record(&run, r.transferred);
				continue;
			}
			break;
		default:
			break;
		}
		flush_run(&run);
		printf("ERR\n");
		fail("READ", rc, &r);
		return 1;
	}
	printf("TRUNCATED\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct sttape_drive *d;
	uint8_t *buf;
	char why[256] = "";
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: stfused_layout DEVICE\n");
		return 2;
	}
	rc = sttape_drive_open(argv[1], &d, why, sizeof(why));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], why);
		return 1;
	}
	buf = malloc(MAX_RECORD);
	rc = !buf || ready(d) || variable_mode(d) ? 1 : dump(d, buf);
	free(buf);
	sttape_drive_close(d);
	return rc;
}
