/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_drive_tgt_replay.c - answers captured from tgt's virtual tape
 * (the .hex files under tests/drive/data/tgt, with the residual libiscsi
 * reported) replayed through the scripted transport: the drive layer must
 * classify them as the interop test expects, without tgt installed.
 */
#include <errno.h>
#include <stdlib.h>

#include "drive_test.h"
#include "hexfile.h"

/* Queue a step answering with the captured sense and the given resid. */
static struct sttape_fake_step *replay_sense(struct fx *x, uint8_t opcode,
					     const char *file, size_t resid)
{
	struct sttape_fake_step *s = sttape_fake_expect_op(x->f, opcode);
	uint8_t sense[STTAPE_SENSE_MAX];
	long n = sttape_test_load_hex(file, sense, sizeof(sense));

	assert_true(n > 0);
	sttape_fake_sense(s, sense, (size_t)n);
	sttape_fake_resid(s, resid);
	return s;
}

static struct sttape_fake_step *replay_data(struct fx *x, uint8_t opcode,
					    const char *file)
{
	struct sttape_fake_step *s = sttape_fake_expect_op(x->f, opcode);
	uint8_t data[256];
	long n = sttape_test_load_hex(file, data, sizeof(data));

	assert_true(n > 0);
	sttape_fake_data_in(s, data, (size_t)n);
	return s;
}

static void unit_attention_on_login(void **state)
{
	struct fx *x = *state;

	replay_sense(x, STTAPE_OP_TEST_UNIT_READY, "tgt/ua-power-on.sense.hex",
		     0);
	assert_int_equal(sttape_drive_test_unit_ready(x->d, &x->r), -EIO);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_RESET);
}

static void identity_and_limits(void **state)
{
	struct fx *x = *state;
	struct sttape_inquiry inq;
	struct sttape_block_limits bl;
	struct sttape_mode m;
	uint8_t page[64];
	size_t got;

	replay_data(x, STTAPE_OP_INQUIRY, "tgt/inquiry.hex");
	replay_data(x, STTAPE_OP_READ_BLOCK_LIMITS, "tgt/block-limits.hex");
	replay_data(x, STTAPE_OP_MODE_SENSE_6, "tgt/mode-sense-10.hex");
	assert_int_equal(sttape_drive_inquiry(x->d, &inq, &x->r), 0);
	assert_string_equal(inq.vendor, "IET     ");
	assert_string_equal(inq.product, "VIRTUAL-TAPE    ");
	assert_string_equal(inq.revision, "0001");
	assert_int_equal(sttape_drive_read_block_limits(x->d, &bl, &x->r), 0);
	assert_int_equal(bl.max_length, 1048576);
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x10, false, &m, page,
						 sizeof(page), &got, &x->r),
			 0);
	assert_int_equal(m.buffered_mode, 1);
	assert_int_equal(m.block_length, 0);
	assert_int_equal(got, 16);
	assert_int_equal(page[0], 0x10);
	assert_int_equal(page[1], 0x0e);
}

static void read_position_short_is_unknown(void **state)
{
	struct fx *x = *state;
	struct sttape_position p;

	replay_data(x, STTAPE_OP_READ_POSITION, "tgt/read-position-short.hex");
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_SHORT, &p, &x->r),
		0);
	assert_true(p.bpu);
	assert_true(p.bycu);
	assert_false(p.bop);
}

static void read_ili_long(void **state)
{
	struct fx *x = *state;
	uint8_t buf[600];

	replay_sense(x, STTAPE_OP_READ_6, "tgt/read-ili-long.sense.hex", 600);
	assert_int_equal(
		sttape_drive_read(x->d, buf, sizeof(buf), 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILI_LONG);
	assert_int_equal(x->r.residue, -400);
	assert_int_equal(x->r.transferred, 0);
}

/* libiscsi reports residual 1000 here; INFORMATION says 1000 bytes came. */
static void read_ili_short(void **state)
{
	struct fx *x = *state;
	uint8_t buf[4096];

	replay_sense(x, STTAPE_OP_READ_6, "tgt/read-ili-short.sense.hex", 1000);
	assert_int_equal(
		sttape_drive_read(x->d, buf, sizeof(buf), 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILI_SHORT);
	assert_int_equal(x->r.residue, 3096);
	assert_int_equal(x->r.transferred, 1000);
}

static void read_filemark(void **state)
{
	struct fx *x = *state;
	uint8_t buf[4096];

	replay_sense(x, STTAPE_OP_READ_6, "tgt/read-filemark.sense.hex", 0);
	assert_int_equal(
		sttape_drive_read(x->d, buf, sizeof(buf), 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_int_equal(x->r.residue, 4096);
	assert_int_equal(x->r.transferred, 0);
}

static void read_end_of_data(void **state)
{
	struct fx *x = *state;
	uint8_t buf[4096];

	replay_sense(x, STTAPE_OP_READ_6, "tgt/read-eod.sense.hex", 0);
	assert_int_equal(
		sttape_drive_read(x->d, buf, sizeof(buf), 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_END_OF_DATA);
	assert_true(x->r.sense.eom);
	assert_false(x->r.sense.info_valid);
	assert_int_equal(x->r.transferred, 0);
}

static void space_into_end_of_data(void **state)
{
	struct fx *x = *state;

	replay_sense(x, STTAPE_OP_SPACE_6, "tgt/space-eod.sense.hex", 0);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_FILEMARKS, 10, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_END_OF_DATA);
	assert_int_equal(x->r.residue, 0);
}

static void unsupported_and_illegal(void **state)
{
	struct fx *x = *state;
	struct sttape_position p;
	uint8_t zeros[32] = {0};
	struct sttape_fake_step *s;

	replay_sense(x, STTAPE_OP_LOCATE_10, "tgt/locate-unsupported.sense.hex",
		     0);
	assert_int_equal(sttape_drive_locate(x->d, 2, false, false, &x->r),
			 -EOPNOTSUPP);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_UNSUPPORTED);
	s = replay_sense(x, STTAPE_OP_READ_POSITION,
			 "tgt/read-position-extended.sense.hex", 0);
	sttape_fake_data_in(s, zeros, sizeof(zeros));
	sttape_fake_resid(s, 0);
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_EXTENDED, &p, &x->r),
		-EINVAL);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILLEGAL_REQUEST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STTAPE_FX_TEST(unit_attention_on_login),
		STTAPE_FX_TEST(identity_and_limits),
		STTAPE_FX_TEST(read_position_short_is_unknown),
		STTAPE_FX_TEST(read_ili_long),
		STTAPE_FX_TEST(read_ili_short),
		STTAPE_FX_TEST(read_filemark),
		STTAPE_FX_TEST(read_end_of_data),
		STTAPE_FX_TEST(space_into_end_of_data),
		STTAPE_FX_TEST(unsupported_and_illegal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
