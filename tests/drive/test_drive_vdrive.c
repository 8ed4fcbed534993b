/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_drive_vdrive.c - the drive layer end to end on the virtual drive
 * (vdrive: device string, through the transport dispatcher): the SSC-4
 * answers that tgt does not give (see tests/interop/test_drive_tgt.c)
 * and the faults only the virtual drive can inject.
 *
 * Layout written by the fixture, in variable mode:
 *   R0 (1000) R1 (2000) R2 (3000) FM R3 (500) FM FM EOD
 * Logical objects: R0 0, R1 1, R2 2, FM 3, R3 4, FM 5, FM 6.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sttape/vdrive.h>

#include "drive_test.h"

static const size_t rec_len[4] = {1000, 2000, 3000, 500};

struct vx {
	char dir[64];
	char path[96];
	struct sttape_drive *d;
	struct sttape_result r;
};

static void fill(uint8_t *buf, size_t len, unsigned int rec)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(rec * 37 + i * 7 + (i >> 8));
}

static int check_record(const uint8_t *buf, size_t len, unsigned int rec)
{
	uint8_t want[4096];

	fill(want, sizeof(want), rec);
	return memcmp(buf, want, len);
}

static int open_drive(struct vx *v, const char *opts)
{
	char dev[192], why[256] = "";
	int rc;

	snprintf(dev, sizeof(dev), "vdrive:%s%s%s", v->path, *opts ? "," : "",
		 opts);
	rc = sttape_drive_open(dev, &v->d, why, sizeof(why));
	if (rc < 0)
		fprintf(stderr, "open %s: %d %s\n", dev, rc, why);
	return rc;
}

static int write_layout(struct vx *v)
{
	uint8_t buf[4096];
	unsigned int i;
	int rc = 0;

	for (i = 0; i < 4 && rc == 0; i++) {
		if (i == 3)
			rc = sttape_drive_write_filemarks(v->d, 1, false,
							  &v->r);
		fill(buf, rec_len[i], i);
		if (rc == 0)
			rc = sttape_drive_write(v->d, buf, rec_len[i], 0,
						&v->r);
	}
	if (rc == 0)
		rc = sttape_drive_write_filemarks(v->d, 2, false, &v->r);
	if (rc == 0)
		rc = sttape_drive_rewind(v->d, false, &v->r);
	return rc;
}

static int vx_setup_opts(void **state, const char *opts, bool layout)
{
	const char *tmp = getenv("TMPDIR");
	struct vx *v = calloc(1, sizeof(*v));

	if (!v)
		return -1;
	snprintf(v->dir, sizeof(v->dir), "%s/sttape-drive.XXXXXX",
		 tmp ? tmp : "/tmp");
	if (!mkdtemp(v->dir)) {
		free(v);
		return -1;
	}
	snprintf(v->path, sizeof(v->path), "%s/tape.img", v->dir);
	*state = v;
	if (open_drive(v, opts) < 0)
		return -1;
	return layout && write_layout(v) < 0 ? -1 : 0;
}

static int vx_setup(void **state)
{
	return vx_setup_opts(state, "capacity=8M", true);
}

/* 1 MiB cartridge, early warning 256 KiB before the end. */
static int vx_setup_small(void **state)
{
	return vx_setup_opts(state, "capacity=1M,ew=256K", false);
}

static int vx_teardown(void **state)
{
	struct vx *v = *state;

	if (!v)
		return 0;
	sttape_drive_close(v->d);
	unlink(v->path);
	rmdir(v->dir);
	free(v);
	return 0;
}

static struct sttape_vdrive *vd_of(struct vx *v)
{
	struct sttape_vdrive *vd =
		sttape_vdrive_of(sttape_drive_transport(v->d));

	assert_non_null(vd);
	return vd;
}

static void read_exact(struct vx *v, unsigned int rec)
{
	uint8_t buf[4096];

	assert_int_equal(
		sttape_drive_read(v->d, buf, rec_len[rec], 0, false, &v->r), 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_OK);
	assert_int_equal(v->r.transferred, rec_len[rec]);
	assert_int_equal(check_record(buf, rec_len[rec], rec), 0);
}

static void read_expect(struct vx *v, enum sttape_outcome o, int64_t residue)
{
	uint8_t buf[4096];

	assert_int_equal(
		sttape_drive_read(v->d, buf, sizeof(buf), 0, false, &v->r), 0);
	assert_int_equal(v->r.outcome, o);
	assert_int_equal(v->r.residue, residue);
	assert_int_equal(v->r.transferred, 0);
}

static void read_back_to_end_of_data(void **state)
{
	struct vx *v = *state;

	read_exact(v, 0);
	read_exact(v, 1);
	read_exact(v, 2);
	read_expect(v, STTAPE_OUTCOME_FILEMARK, 4096);
	read_exact(v, 3);
	read_expect(v, STTAPE_OUTCOME_FILEMARK, 4096);
	read_expect(v, STTAPE_OUTCOME_FILEMARK, 4096);
	/* SSC-4: BLANK CHECK 00/05, INFORMATION = the requested length. */
	read_expect(v, STTAPE_OUTCOME_END_OF_DATA, 4096);
	assert_int_equal(v->r.sense.key, STTAPE_SK_BLANK_CHECK);
	assert_int_equal(v->r.sense.ascq, 0x05);
}

/* SSC-4 moves the first 600 bytes of the 1000-byte record. */
static void ili_long_moves_what_fits(void **state)
{
	struct vx *v = *state;
	uint8_t buf[600];

	assert_int_equal(
		sttape_drive_read(v->d, buf, sizeof(buf), 0, false, &v->r), 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_ILI_LONG);
	assert_int_equal(v->r.residue, -400);
	assert_int_equal(v->r.transferred, 600);
	assert_int_equal(check_record(buf, 600, 0), 0);
	read_exact(v, 1);
}

/* Spacing 5 blocks from BOP stops after the filemark: 2 not spaced. */
static void space_blocks_stops_at_filemark(void **state)
{
	struct vx *v = *state;

	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_BLOCKS, 5, &v->r), 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_int_equal(v->r.residue, 2);
	read_exact(v, 3);
}

static void space_backward_into_bop(void **state)
{
	struct vx *v = *state;

	read_exact(v, 0);
	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_BLOCKS, -3, &v->r), 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_BOP);
	assert_int_equal(v->r.residue, 2);
	read_exact(v, 0);
}

static void space_filemarks_backward(void **state)
{
	struct vx *v = *state;

	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_END_OF_DATA, 0, &v->r),
		0);
	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_FILEMARKS, -2, &v->r), 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_OK);
	/* On the BOP side of the middle filemark (object 5). */
	read_expect(v, STTAPE_OUTCOME_FILEMARK, 4096);
	read_expect(v, STTAPE_OUTCOME_FILEMARK, 4096);
}

static void locate_and_read_position(void **state)
{
	struct vx *v = *state;
	struct sttape_position pos;

	assert_int_equal(sttape_drive_locate(v->d, 4, false, false, &v->r), 0);
	assert_int_equal(
		sttape_drive_read_position(v->d, STTAPE_RP_SHORT, &pos, &v->r),
		0);
	assert_false(pos.bpu);
	assert_false(pos.bop);
	assert_int_equal(pos.block, 4);
	read_exact(v, 3);
	assert_int_equal(
		sttape_drive_read_position(v->d, STTAPE_RP_LONG, &pos, &v->r),
		0);
	assert_int_equal(pos.block, 5);
	assert_true(pos.file_valid);
	assert_int_equal(pos.file, 1);
	assert_int_equal(sttape_drive_read_position(v->d, STTAPE_RP_EXTENDED,
						    &pos, &v->r),
			 0);
	assert_int_equal(pos.block, 5);
	assert_int_equal(sttape_drive_rewind(v->d, false, &v->r), 0);
	assert_int_equal(
		sttape_drive_read_position(v->d, STTAPE_RP_SHORT, &pos, &v->r),
		0);
	assert_true(pos.bop);
	assert_int_equal(pos.block, 0);
}

static void fixed_blocks_with_filemark_residue(void **state)
{
	struct vx *v = *state;
	struct sttape_mode m;
	uint8_t out[8 * 512], in[10 * 512];

	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_END_OF_DATA, 0, &v->r),
		0);
	assert_int_equal(sttape_drive_mode_sense(v->d, 0, false, &m, NULL, 0,
						 NULL, &v->r),
			 0);
	m.has_descriptor = true;
	m.blocks = 0;
	m.block_length = 512;
	assert_int_equal(sttape_drive_mode_select(v->d, &m, NULL, 0, &v->r), 0);
	fill(out, sizeof(out), 9);
	assert_int_equal(sttape_drive_write(v->d, out, sizeof(out), 512, &v->r),
			 0);
	assert_int_equal(v->r.transferred, sizeof(out));
	assert_int_equal(sttape_drive_write_filemarks(v->d, 1, false, &v->r),
			 0);
	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_FILEMARKS, -1, &v->r), 0);
	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_FILEMARKS, -1, &v->r), 0);
	assert_int_equal(
		sttape_drive_space(v->d, STTAPE_SPACE_FILEMARKS, 1, &v->r), 0);
	assert_int_equal(
		sttape_drive_read(v->d, in, sizeof(in), 512, false, &v->r), 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_int_equal(v->r.residue, 2);
	assert_int_equal(v->r.transferred, sizeof(out));
	assert_memory_equal(in, out, sizeof(out));
}

static void tapealert_flags_round_trip(void **state)
{
	struct vx *v = *state;
	uint64_t want =
		(UINT64_C(1) << 2) | (UINT64_C(1) << 19) | (UINT64_C(1) << 63);
	uint64_t flags = 0;

	sttape_vdrive_set_tapealert(vd_of(v), want);
	assert_int_equal(sttape_drive_tapealert(v->d, &flags, &v->r), 0);
	assert_true(flags == want);
}

static void write_protect_and_medium_error(void **state)
{
	struct vx *v = *state;
	uint8_t buf[512] = {0};

	sttape_vdrive_set_write_protect(vd_of(v), true);
	assert_true(sttape_drive_write(v->d, buf, sizeof(buf), 0, &v->r) < 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_WRITE_PROTECTED);
	assert_int_equal(v->r.transferred, 0);
	sttape_vdrive_set_read_error(vd_of(v), 1);
	read_exact(v, 0);
	assert_true(sttape_drive_read(v->d, buf, sizeof(buf), 0, false, &v->r) <
		    0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_MEDIUM_ERROR);
}

static void unit_attention_and_no_medium(void **state)
{
	struct vx *v = *state;

	sttape_vdrive_inject_unit_attention(vd_of(v), STTAPE_VDRIVE_UA_RESET);
	assert_true(sttape_drive_test_unit_ready(v->d, &v->r) < 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_RESET);
	assert_int_equal(sttape_drive_test_unit_ready(v->d, &v->r), 0);
	sttape_vdrive_eject(vd_of(v));
	assert_true(sttape_drive_test_unit_ready(v->d, &v->r) < 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_NO_MEDIUM);
}

/* Writes succeed with EARLY_WARNING in the zone, then overflow. */
static void early_warning_then_overflow(void **state)
{
	struct vx *v = *state;
	static uint8_t rec[64 * 1024];
	int i, rc = 0, warned = -1;

	for (i = 0; i < 64; i++) {
		rc = sttape_drive_write(v->d, rec, sizeof(rec), 0, &v->r);
		if (rc < 0)
			break;
		assert_int_equal(v->r.transferred, sizeof(rec));
		if (v->r.outcome == STTAPE_OUTCOME_EARLY_WARNING && warned < 0)
			warned = i;
	}
	assert_true(warned > 0);
	assert_true(i > warned);
	assert_true(rc < 0);
	assert_int_equal(v->r.outcome, STTAPE_OUTCOME_VOLUME_OVERFLOW);
	assert_true(v->r.transferred < sizeof(rec));
}

#define STTAPE_VX_TEST(fn)                                                     \
	cmocka_unit_test_setup_teardown(fn, vx_setup, vx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		STTAPE_VX_TEST(read_back_to_end_of_data),
		STTAPE_VX_TEST(ili_long_moves_what_fits),
		STTAPE_VX_TEST(space_blocks_stops_at_filemark),
		STTAPE_VX_TEST(space_backward_into_bop),
		STTAPE_VX_TEST(space_filemarks_backward),
		STTAPE_VX_TEST(locate_and_read_position),
		STTAPE_VX_TEST(fixed_blocks_with_filemark_residue),
		STTAPE_VX_TEST(tapealert_flags_round_trip),
		STTAPE_VX_TEST(write_protect_and_medium_error),
		STTAPE_VX_TEST(unit_attention_and_no_medium),
		cmocka_unit_test_setup_teardown(early_warning_then_overflow,
						vx_setup_small, vx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
