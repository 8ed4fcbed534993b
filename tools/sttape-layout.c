// SPDX-License-Identifier: BSD-2-Clause
/*
 * sttape-layout DEVICE|IMAGE - print what is on a cartridge, from the
 * beginning, on one line: each record as its length, runs of equal
 * records compressed, "FM" per filemark, then "EOD":
 *
 *     3x10240 FM 2x512 FM FM EOD
 *
 * The test suites (e2e, interop, vm) compare this line with what the
 * programs under test should have left on the tape.
 *
 * IMAGE, a regular file, is walked as a vdrive cartridge (sttape-image(5))
 * without opening a drive, so it can be read while stfused holds it.
 * Anything else is a libsttape device string (vdrive:PATH, iscsi://...,
 * /dev/sgN) read through the drive layer, with no tape driver policy:
 * rewind, then one READ(6) per record in variable mode with a 1 MiB
 * buffer (the largest record tgtd takes) and SILI set; filemarks and end
 * of data come from the sense data.
 *
 * Drive quirks met on the way (tgtd): the first command of a new I_T
 * nexus gets a power-on unit attention; tgtd keeps a MODE SELECT block
 * length across sessions (so variable mode is selected first); a short
 * record comes back as ILI even with SILI, and one longer than half the
 * buffer comes back cut (reread_exact).  A record longer than the
 * buffer is an error: tgtd would transfer none of it, and a drive that
 * honours SILI in variable mode (SSC-4 READ(6)) would cut it silently,
 * so a record that fills the buffer is read again without SILI.
 *
 * Exit status 0; 1 when the tape cannot be read (the line then ends in
 * ERR, or TRUNCATED after MAX_ITEMS objects); 2 usage.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <sttape/drive.h>
#include <sttape/vdrive.h>

#define MAX_RECORD (1u << 20)
#define MAX_ITEMS  10000000

/* A run of records of equal length not printed yet. */
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

static void add_filemark(struct run *r)
{
	flush_run(r);
	printf("FM ");
}

static void finish(struct run *r, const char *last)
{
	flush_run(r);
	printf("%s\n", last);
}

static int image_object(const struct sttape_vdrive_object *o, void *arg)
{
	if (o->filemark)
		add_filemark(arg);
	else
		add_record(arg, o->length);
	return 0;
}

static int image_layout(const char *path)
{
	struct sttape_vdrive_image_info info;
	struct run run = {0, 0};
	char why[256] = "";
	int rc;

	rc = sttape_vdrive_image_walk(path, &info, image_object, &run, why,
				      sizeof(why));
	finish(&run, rc ? "ERR" : "EOD");
	if (rc)
		fprintf(stderr, "sttape-layout: %s\n", why);
	return rc ? 1 : 0;
}

static void fail(const char *what, int rc, const struct sttape_result *r)
{
	fprintf(stderr, "sttape-layout: %s: rc %d, %s, key %x %02x/%02x\n",
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
 * Step back over the record just read and read it again with exactly
 * len bytes and SILI clear: this succeeds only when the record is len
 * bytes long.  Used for a record that filled the buffer (it may have
 * been cut, see the top) and for tgtd's cut records: tgtd answers a READ
 * whose record is shorter than the allocation but longer than half of
 * it with the allocation minus the record length in both the data it
 * sends and the transport count, while INFORMATION is right, so len
 * comes from INFORMATION.
 */
static int reread_exact(struct sttape_drive *d, uint8_t *buf, size_t len,
			struct sttape_result *r)
{
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

/*
 * Read the next object into run.  Returns 1 to go on, 0 at end of data,
 * -1 on an error.
 */
static int read_object(struct sttape_drive *d, uint8_t *buf, struct run *run)
{
	struct sttape_result r;
	int rc;

	rc = sttape_drive_read(d, buf, MAX_RECORD, 0, true, &r);
	/* The drive layer refuses a cut record (EIO, ILI kept in the
	 * sense): read it again at its true length. */
	if (rc == -EIO && r.has_sense && r.sense.ili && r.residue > 0 &&
	    r.residue < MAX_RECORD) {
		if (reread_exact(d, buf, MAX_RECORD - (size_t)r.residue, &r))
			return -1;
		add_record(run, r.transferred);
		return 1;
	}
	switch (r.outcome) {
	case STTAPE_OUTCOME_FILEMARK:
		add_filemark(run);
		return 1;
	case STTAPE_OUTCOME_END_OF_DATA:
		return 0;
	case STTAPE_OUTCOME_OK:
	case STTAPE_OUTCOME_ILI_SHORT:
		if (rc == 0 && r.transferred == MAX_RECORD &&
		    reread_exact(d, buf, MAX_RECORD, &r))
			return -1;
		if (rc == 0 && r.transferred > 0) {
			add_record(run, r.transferred);
			return 1;
		}
		break;
	default:
		break;
	}
	fail("READ", rc, &r);
	return -1;
}

static int drive_layout(struct sttape_drive *d, uint8_t *buf)
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
		rc = read_object(d, buf, &run);
		if (rc <= 0) {
			finish(&run, rc ? "ERR" : "EOD");
			return rc ? 1 : 0;
		}
	}
	finish(&run, "TRUNCATED");
	return 1;
}

static int device_layout(const char *device)
{
	struct sttape_drive *d;
	uint8_t *buf;
	char why[256] = "";
	int rc;

	rc = sttape_drive_open(device, &d, why, sizeof(why));
	if (rc < 0) {
		fprintf(stderr, "sttape-layout: %s: %s\n", device, why);
		return 1;
	}
	buf = malloc(MAX_RECORD);
	rc = !buf || ready(d) || variable_mode(d) ? 1 : drive_layout(d, buf);
	free(buf);
	sttape_drive_close(d);
	return rc;
}

int main(int argc, char **argv)
{
	struct stat st;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: sttape-layout DEVICE|IMAGE\n");
		return 2;
	}
	if (stat(argv[1], &st) == 0 && S_ISREG(st.st_mode))
		return image_layout(argv[1]);
	return device_layout(argv[1]);
}
