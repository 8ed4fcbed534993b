/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_drive_position.c - SPACE(6)/(16) and LOCATE(10)/(16) selection
 * by count width, and the outcomes of spacing into marks and edges.
 */
#include <errno.h>
#include <stdlib.h>

#include "bytes.h"
#include "drive_test.h"

static void space6_forward_and_backward(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x11, 0x00, 0x00, 0x00, 0x03, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_NONE, 0);
	sttape_fake_expect_timeout(s, STTAPE_TMO_LONG_MS);
	STTAPE_EXPECT(x, 0x11, 0x01, 0xff, 0xff, 0xfe, 0x00);
	STTAPE_EXPECT(x, 0x11, 0x03, 0x00, 0x00, 0x00, 0x00);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, 3, &x->r), 0);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_FILEMARKS, -2, &x->r), 0);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_END_OF_DATA, 0, &x->r),
		0);
}

/* The 24-bit limits stay SPACE(6); one beyond goes SPACE(16). */
static void space_picks_cdb_by_width(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s1, *s2;
	const uint8_t *cdb;
	size_t n;

	STTAPE_EXPECT(x, 0x11, 0x00, 0x7f, 0xff, 0xff, 0x00);
	STTAPE_EXPECT(x, 0x11, 0x00, 0x80, 0x00, 0x00, 0x00);
	s1 = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_16);
	sttape_fake_expect_timeout(s1, STTAPE_TMO_LONG_MS);
	s2 = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_16);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, 8388607, &x->r),
		0);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, -8388608, &x->r),
		0);
	assert_int_equal(sttape_drive_space(x->d, STTAPE_SPACE_FILEMARKS,
					    8388608, &x->r),
			 0);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, -8388609, &x->r),
		0);
	/* SPACE(16): code in byte 1, signed 64-bit count in bytes 4..11. */
	cdb = sttape_fake_cdb_seen(s1, &n);
	assert_int_equal(n, 16);
	assert_int_equal(cdb[1] & 0x0f, STTAPE_SPACE_FILEMARKS);
	assert_true(sttape_get_be64(cdb + 4) == 8388608);
	cdb = sttape_fake_cdb_seen(s2, &n);
	assert_int_equal(cdb[1] & 0x0f, STTAPE_SPACE_BLOCKS);
	assert_true((int64_t)sttape_get_be64(cdb + 4) == -8388609);
}

/* Spacing 5 filemarks forward hits EOD after 2: BLANK CHECK, residue 3. */
static void space_into_end_of_data(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_BLANK_CHECK, 0x00, 0x05, 0, true,
				3);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_FILEMARKS, 5, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_END_OF_DATA);
	assert_int_equal(x->r.residue, 3);
}

/* Spacing blocks over a filemark: FILEMARK, residue = blocks not spaced. */
static void space_blocks_stops_at_filemark(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x01,
				STTAPE_FAKE_FM, true, 4);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, 10, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_int_equal(x->r.residue, 4);
}

/* Backward into BOP: 00/04 with EOM, negative count left -> residue. */
static void space_backward_into_bop(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x04,
				STTAPE_FAKE_EOM, true, -2);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, -5, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_BOP);
	assert_int_equal(x->r.residue, -2);
}

static void locate10_logical_and_hardware(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x2b, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x00,
			  0x00, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_NONE, 0);
	sttape_fake_expect_timeout(s, STTAPE_TMO_LONG_MS);
	STTAPE_EXPECT(x, 0x2b, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00,
		      0x00);
	assert_int_equal(
		sttape_drive_locate(x->d, 0x12345678, false, false, &x->r), 0);
	assert_int_equal(
		sttape_drive_locate(x->d, UINT32_MAX, true, true, &x->r), 0);
}

static void locate16_beyond_32_bits(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;
	const uint8_t *cdb;
	size_t n;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_LOCATE_16);
	sttape_fake_expect_timeout(s, STTAPE_TMO_LONG_MS);
	assert_int_equal(sttape_drive_locate(x->d, UINT64_C(0x100000000), false,
					     true, &x->r),
			 0);
	cdb = sttape_fake_cdb_seen(s, &n);
	assert_int_equal(n, 16);
	assert_int_equal(cdb[1] & 0x01, 1);	   /* IMMED */
	assert_int_equal((cdb[1] >> 3) & 0x07, 0); /* logical object */
	assert_true(sttape_get_be64(cdb + 4) == UINT64_C(0x100000000));
	/* A hardware block address has no 64-bit form. */
	assert_int_equal(sttape_drive_locate(x->d, UINT64_C(0x100000000), true,
					     false, &x->r),
			 -EINVAL);
	assert_int_equal(sttape_fake_steps_run(x->f), 1);
}

static void locate_unsupported(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_LOCATE_10);
	sttape_fake_sense_fixed(s, STTAPE_SK_ILLEGAL_REQUEST, 0x20, 0x00, 0,
				false, 0);
	assert_true(sttape_drive_locate(x->d, 5, false, false, &x->r) < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_UNSUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STTAPE_FX_TEST(space6_forward_and_backward),
		STTAPE_FX_TEST(space_picks_cdb_by_width),
		STTAPE_FX_TEST(space_into_end_of_data),
		STTAPE_FX_TEST(space_blocks_stops_at_filemark),
		STTAPE_FX_TEST(space_backward_into_bop),
		STTAPE_FX_TEST(locate10_logical_and_hardware),
		STTAPE_FX_TEST(locate16_beyond_32_bits),
		STTAPE_FX_TEST(locate_unsupported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
