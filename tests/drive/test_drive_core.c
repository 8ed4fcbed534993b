/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_drive_core.c - the drive handle, timeouts by class, status and
 * transport-error handling, and the commands without data.
 */
#include <errno.h>
#include <stdlib.h>

#include "drive_test.h"

static void wrap_rejects_null(void **state)
{
	struct sttape_drive *d = NULL;

	(void)state;
	assert_int_equal(sttape_drive_wrap(NULL, &d), -EINVAL);
	assert_null(d);
}

static void transport_is_the_wrapped_one(void **state)
{
	struct fx *x = *state;

	assert_ptr_equal(sttape_drive_transport(x->d),
			 sttape_fake_transport(x->f));
}

static void default_timeouts_are_netbsd_st(void **state)
{
	struct fx *x = *state;
	struct sttape_drive_timeouts t;

	sttape_drive_get_timeouts(x->d, &t);
	assert_int_equal(t.control_ms, 30000);
	assert_int_equal(t.io_ms, 180000);
	assert_int_equal(t.filemark_ms, 720000);
	assert_int_equal(t.long_ms, 14400000);
}

/* Each command carries its class's timeout; overrides apply, 0 keeps. */
static void timeouts_follow_class_and_override(void **state)
{
	struct fx *x = *state;
	struct sttape_drive_timeouts t = {.control_ms = 1000, .long_ms = 4000};
	struct sttape_drive_timeouts got;
	uint8_t buf[8];
	struct sttape_fake_step *s;

	sttape_drive_set_timeouts(x->d, &t);
	sttape_drive_get_timeouts(x->d, &got);
	assert_int_equal(got.control_ms, 1000);
	assert_int_equal(got.io_ms, STTAPE_TMO_IO_MS);
	assert_int_equal(got.filemark_ms, STTAPE_TMO_FILEMARK_MS);
	assert_int_equal(got.long_ms, 4000);

	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_expect_timeout(s, 1000);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_REWIND);
	sttape_fake_expect_timeout(s, 4000);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_6);
	sttape_fake_expect_timeout(s, 4000);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_READ_6);
	sttape_fake_expect_timeout(s, STTAPE_TMO_IO_MS);
	sttape_fake_data_in(s, buf, 8);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_ERASE_6);
	sttape_fake_expect_timeout(s, STTAPE_TMO_IO_MS);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_ERASE_6);
	sttape_fake_expect_timeout(s, 4000);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_LOAD_UNLOAD);
	sttape_fake_expect_timeout(s, 4000);
	assert_int_equal(sttape_drive_test_unit_ready(x->d, NULL), 0);
	assert_int_equal(sttape_drive_rewind(x->d, false, NULL), 0);
	assert_int_equal(sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, 1, NULL),
			 0);
	assert_int_equal(sttape_drive_read(x->d, buf, 8, 0, false, NULL), 0);
	assert_int_equal(sttape_drive_erase(x->d, false, false, NULL), 0);
	assert_int_equal(sttape_drive_erase(x->d, true, false, NULL), 0);
	assert_int_equal(sttape_drive_load(x->d, true, false, false, NULL), 0);
}

static void test_unit_ready_cdb(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_NONE, 0);
	sttape_fake_expect_timeout(s, STTAPE_TMO_CONTROL_MS);
	assert_int_equal(sttape_drive_test_unit_ready(x->d, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_OK);
}

static void rewind_load_erase_prevent_cdbs(void **state)
{
	struct fx *x = *state;

	STTAPE_EXPECT(x, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00);
	STTAPE_EXPECT(x, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00);
	STTAPE_EXPECT(x, 0x1b, 0x00, 0x00, 0x00, 0x01, 0x00);
	STTAPE_EXPECT(x, 0x1b, 0x01, 0x00, 0x00, 0x00, 0x00);
	STTAPE_EXPECT(x, 0x1b, 0x00, 0x00, 0x00, 0x03, 0x00);
	STTAPE_EXPECT(x, 0x19, 0x00, 0x00, 0x00, 0x00, 0x00);
	STTAPE_EXPECT(x, 0x19, 0x03, 0x00, 0x00, 0x00, 0x00);
	STTAPE_EXPECT(x, 0x1e, 0x00, 0x00, 0x00, 0x01, 0x00);
	STTAPE_EXPECT(x, 0x1e, 0x00, 0x00, 0x00, 0x00, 0x00);
	assert_int_equal(sttape_drive_rewind(x->d, false, &x->r), 0);
	assert_int_equal(sttape_drive_rewind(x->d, true, &x->r), 0);
	assert_int_equal(sttape_drive_load(x->d, true, false, false, &x->r), 0);
	assert_int_equal(sttape_drive_load(x->d, false, false, true, &x->r), 0);
	assert_int_equal(sttape_drive_load(x->d, true, true, false, &x->r), 0);
	assert_int_equal(sttape_drive_erase(x->d, false, false, &x->r), 0);
	assert_int_equal(sttape_drive_erase(x->d, true, true, &x->r), 0);
	assert_int_equal(sttape_drive_prevent_allow(x->d, true, &x->r), 0);
	assert_int_equal(sttape_drive_prevent_allow(x->d, false, &x->r), 0);
}

/* execute() failing: -errno back, outcome TRANSPORT_ERROR. */
static void execute_error_propagates(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_REWIND);
	sttape_fake_execute_err(s, -ENODEV);
	assert_int_equal(sttape_drive_rewind(x->d, false, &x->r), -ENODEV);
	assert_int_equal(x->r.err, -ENODEV);
	assert_int_equal(x->r.transport_err, -ENODEV);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_TRANSPORT_ERROR);
	assert_false(x->r.has_sense);
}

/* The command did not complete at the drive: res->transport_err. */
static void transport_err_propagates(void **state)
{
	struct fx *x = *state;
	struct sttape_inquiry inq;
	uint8_t buf[64];
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_READ_6);
	sttape_fake_data_in(s, buf, 64);
	sttape_fake_transport_err(s, -ETIMEDOUT);
	assert_int_equal(sttape_drive_read(x->d, buf, 64, 0, false, &x->r),
			 -ETIMEDOUT);
	assert_int_equal(x->r.transport_err, -ETIMEDOUT);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_TRANSPORT_ERROR);
	assert_int_equal(x->r.transferred, 0);

	s = sttape_fake_expect_op(x->f, STTAPE_OP_INQUIRY);
	sttape_fake_transport_err(s, -EIO);
	assert_int_equal(sttape_drive_inquiry(x->d, &inq, &x->r), -EIO);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_TRANSPORT_ERROR);
}

static void busy_status(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_status(s, STTAPE_STATUS_BUSY);
	assert_int_equal(sttape_drive_test_unit_ready(x->d, &x->r), -EBUSY);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_BUSY);
	assert_int_equal(x->r.status, STTAPE_STATUS_BUSY);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_status(s, STTAPE_STATUS_TASK_SET_FULL);
	assert_int_equal(sttape_drive_test_unit_ready(x->d, &x->r), -EBUSY);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_BUSY);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_status(s, STTAPE_STATUS_RESERVATION_CONFLICT);
	assert_int_equal(sttape_drive_test_unit_ready(x->d, &x->r), -EBUSY);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_OTHER);
}

/* CHECK CONDITION without sense bytes, or with garbage. */
static void unusable_sense(void **state)
{
	struct fx *x = *state;
	static const uint8_t junk[3] = {0x12, 0x34, 0x56};
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_status(s, STTAPE_STATUS_CHECK_CONDITION);
	assert_int_equal(sttape_drive_test_unit_ready(x->d, &x->r), -EIO);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_UNUSABLE_SENSE);
	assert_false(x->r.has_sense);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_sense(s, junk, sizeof(junk));
	assert_int_equal(sttape_drive_test_unit_ready(x->d, &x->r), -EIO);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_UNUSABLE_SENSE);
}

static void not_ready_outcomes(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_sense_fixed(s, STTAPE_SK_NOT_READY, 0x3a, 0x00, 0, false,
				0);
	assert_true(sttape_drive_test_unit_ready(x->d, &x->r) < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_NO_MEDIUM);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_sense_fixed(s, STTAPE_SK_NOT_READY, 0x04, 0x01, 0, false,
				0);
	assert_true(sttape_drive_test_unit_ready(x->d, &x->r) < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_BECOMING_READY);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_sense_fixed(s, STTAPE_SK_UNIT_ATTENTION, 0x28, 0x00, 0,
				false, 0);
	assert_true(sttape_drive_test_unit_ready(x->d, &x->r) < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_MEDIUM_CHANGED);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_sense_fixed(s, STTAPE_SK_UNIT_ATTENTION, 0x29, 0x00, 0,
				false, 0);
	assert_true(sttape_drive_test_unit_ready(x->d, &x->r) < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_RESET);
}

/* Recovered error: the command worked, so 0 with the sense kept. */
static void recovered_error_is_success(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_REWIND);
	sttape_fake_sense_fixed(s, STTAPE_SK_RECOVERED_ERROR, 0x17, 0x01, 0,
				false, 0);
	assert_int_equal(sttape_drive_rewind(x->d, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_RECOVERED);
	assert_true(x->r.has_sense);
	assert_int_equal(x->r.sense.key, STTAPE_SK_RECOVERED_ERROR);
}

/* tgt answers unknown opcodes with 05/20/00: UNSUPPORTED, an error. */
static void unsupported_opcode(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;
	int rc;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_ERASE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_ILLEGAL_REQUEST, 0x20, 0x00, 0,
				false, 0);
	rc = sttape_drive_erase(x->d, true, false, &x->r);
	assert_true(rc < 0);
	assert_int_equal(x->r.err, rc);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_UNSUPPORTED);
}

/* A deferred error's INFORMATION is not this command's residue. */
static void deferred_error_keeps_residue_zero(void **state)
{
	struct fx *x = *state;
	uint8_t sense[18];
	struct sttape_fake_step *s;

	sttape_fake_build_sense(sense, STTAPE_SK_MEDIUM_ERROR, 0x0c, 0x00, 0,
				true, 7);
	sense[0] = (uint8_t)((sense[0] & 0x80) | 0x71);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_TEST_UNIT_READY);
	sttape_fake_sense(s, sense, sizeof(sense));
	assert_true(sttape_drive_test_unit_ready(x->d, &x->r) < 0);
	assert_true(x->r.sense.deferred);
	assert_int_equal(x->r.residue, 0);
}

/* Sense bytes that come with GOOD status describe nothing of this command. */
static void good_status_ignores_stray_sense(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x01,
				STTAPE_FAKE_FM, true, 3);
	sttape_fake_status(s, STTAPE_STATUS_GOOD);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, 5, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_OK);
	assert_false(x->r.has_sense);
	assert_int_equal(x->r.residue, 0);
}

/* Every drive function, called once with harmless arguments. */
static int call_one(struct sttape_drive *d, int which, struct sttape_result *r)
{
	static uint8_t buf[512];
	struct sttape_inquiry inq;
	struct sttape_block_limits bl;
	struct sttape_mode m = {.has_descriptor = true};
	struct sttape_position pos;
	uint64_t flags;
	size_t got = 1;
	int rc;

	switch (which) {
	case 0:
		return sttape_drive_test_unit_ready(d, r);
	case 1:
		return sttape_drive_request_sense(d, r);
	case 2:
		return sttape_drive_inquiry(d, &inq, r);
	case 3:
		rc = sttape_drive_inquiry_vpd(d, 0x80, buf, sizeof(buf), &got,
					      r);
		assert_int_equal(got, 0);
		return rc;
	case 4:
		return sttape_drive_read_block_limits(d, &bl, r);
	case 5:
		rc = sttape_drive_mode_sense(d, 0x10, false, &m, buf,
					     sizeof(buf), &got, r);
		assert_int_equal(got, 0);
		return rc;
	case 6:
		return sttape_drive_mode_select(d, &m, NULL, 0, r);
	case 7:
		return sttape_drive_read(d, buf, sizeof(buf), 0, false, r);
	case 8:
		return sttape_drive_write(d, buf, sizeof(buf), 512, r);
	case 9:
		return sttape_drive_write_filemarks(d, 1, false, r);
	case 10:
		return sttape_drive_space(d, STTAPE_SPACE_FILEMARKS, -1, r);
	case 11:
		return sttape_drive_rewind(d, true, r);
	case 12:
		return sttape_drive_load(d, false, false, false, r);
	case 13:
		return sttape_drive_erase(d, true, true, r);
	case 14:
		return sttape_drive_read_position(d, STTAPE_RP_LONG, &pos, r);
	case 15:
		return sttape_drive_locate(d, 10, false, false, r);
	case 16:
		return sttape_drive_prevent_allow(d, true, r);
	case 17:
		rc = sttape_drive_report_density(d, false, buf, sizeof(buf),
						 &got, r);
		assert_int_equal(got, 0);
		return rc;
	case 18:
		rc = sttape_drive_log_sense(d, 0x0c, buf, sizeof(buf), &got, r);
		assert_int_equal(got, 0);
		return rc;
	case 19:
		return sttape_drive_tapealert(d, &flags, r);
	default:
		return 1;
	}
}

/* No function hides a failed execute() or turns it into a SCSI outcome. */
static void every_function_propagates_transport_errors(void **state)
{
	/* Operation codes of call_one's cases, in order. */
	static const uint8_t ops[20] = {
		0x00, 0x03, 0x12, 0x12, 0x05, 0x1a, 0x15, 0x08, 0x0a, 0x10,
		0x11, 0x01, 0x1b, 0x19, 0x34, 0x2b, 0x1e, 0x44, 0x4d, 0x4d,
	};
	struct fx *x = *state;
	struct sttape_fake_step *s;
	int which, rc;

	for (which = 0; which < 20; which++) {
		int err = which % 2 ? -ENODEV : -ETIMEDOUT;

		s = sttape_fake_expect_op(x->f, ops[which]);
		if (which % 3)
			sttape_fake_execute_err(s, err);
		else
			sttape_fake_transport_err(s, err);
		memset(&x->r, 0x5a, sizeof(x->r));
		rc = call_one(x->d, which, &x->r);
		assert_int_equal(rc, err);
		assert_int_equal(x->r.err, err);
		assert_int_equal(x->r.transport_err, err);
		assert_int_equal(x->r.outcome, STTAPE_OUTCOME_TRANSPORT_ERROR);
		assert_false(x->r.has_sense);
		assert_int_equal(x->r.transferred, 0);
		assert_int_equal(x->r.residue, 0);
	}
}

/*
 * EOM without 00/04 while spacing toward BOP is BOP; the same sense on a
 * forward SPACE is early warning (SSC-4 SPACE: EOM in reverse motion).
 */
static void space_reverse_eom_is_bop(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x00,
				STTAPE_FAKE_EOM, true, -1);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, -4, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_BOP);
	assert_int_equal(x->r.residue, -1);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_SPACE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x00,
				STTAPE_FAKE_EOM, true, 0);
	assert_int_equal(
		sttape_drive_space(x->d, STTAPE_SPACE_BLOCKS, 4, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_EARLY_WARNING);
}

/* A device string of no known form: the transport's error and reason. */
static void open_bad_device_string(void **state)
{
	struct sttape_drive *d = NULL;
	char why[256] = "";

	(void)state;
	assert_true(sttape_drive_open("no-such-kind-of-device", &d, why,
				      sizeof(why)) < 0);
	assert_null(d);
	assert_true(why[0] != '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrap_rejects_null),
		STTAPE_FX_TEST(transport_is_the_wrapped_one),
		STTAPE_FX_TEST(default_timeouts_are_netbsd_st),
		STTAPE_FX_TEST(timeouts_follow_class_and_override),
		STTAPE_FX_TEST(test_unit_ready_cdb),
		STTAPE_FX_TEST(rewind_load_erase_prevent_cdbs),
		STTAPE_FX_TEST(execute_error_propagates),
		STTAPE_FX_TEST(transport_err_propagates),
		STTAPE_FX_TEST(busy_status),
		STTAPE_FX_TEST(unusable_sense),
		STTAPE_FX_TEST(not_ready_outcomes),
		STTAPE_FX_TEST(recovered_error_is_success),
		STTAPE_FX_TEST(unsupported_opcode),
		STTAPE_FX_TEST(deferred_error_keeps_residue_zero),
		STTAPE_FX_TEST(good_status_ignores_stray_sense),
		STTAPE_FX_TEST(every_function_propagates_transport_errors),
		STTAPE_FX_TEST(space_reverse_eom_is_bop),
		cmocka_unit_test(open_bad_device_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
