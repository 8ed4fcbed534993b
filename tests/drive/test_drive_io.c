/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_drive_io.c - READ(6), WRITE(6), WRITE FILEMARKS against a scripted
 * transport: CDB bytes, timeouts, outcome, signed residue and the bytes
 * reported transferred.
 */
#include <errno.h>
#include <stdlib.h>

#include "drive_test.h"

static void read_variable_good(void **state)
{
	struct fx *x = *state;
	uint8_t rec[100], buf[100];
	struct sttape_fake_step *s;

	memset(rec, 0xa5, sizeof(rec));
	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x00, 0x64, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 100);
	sttape_fake_expect_timeout(s, STTAPE_TMO_IO_MS);
	sttape_fake_data_in(s, rec, sizeof(rec));
	assert_int_equal(sttape_drive_read(x->d, buf, 100, 0, false, &x->r), 0);
	assert_int_equal(x->r.err, 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_OK);
	assert_int_equal(x->r.status, STTAPE_STATUS_GOOD);
	assert_false(x->r.has_sense);
	assert_int_equal(x->r.residue, 0);
	assert_int_equal(x->r.transferred, 100);
	assert_memory_equal(buf, rec, 100);
}

/* Record of 60 bytes into a 100-byte request: ILI, INFORMATION +40. */
static void read_variable_ili_short(void **state)
{
	struct fx *x = *state;
	uint8_t buf[100];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x00, 0x64, 0x00);
	sttape_fake_data_in(s, buf, 60);
	/* A path that reports no residue: INFORMATION must win. */
	sttape_fake_resid(s, 0);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0, 0, STTAPE_FAKE_ILI,
				true, 40);
	assert_int_equal(sttape_drive_read(x->d, buf, 100, 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILI_SHORT);
	assert_int_equal(x->r.status, STTAPE_STATUS_CHECK_CONDITION);
	assert_true(x->r.has_sense);
	assert_true(x->r.sense.ili);
	assert_int_equal(x->r.residue, 40);
	assert_int_equal(x->r.transferred, 60);
}

/*
 * INFORMATION says a 60-byte record came, the transport delivered 20
 * bytes of it (tgt's cut records): never pass a cut record on as whole.
 */
static void read_incomplete_record_fails(void **state)
{
	struct fx *x = *state;
	uint8_t buf[100];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x00, 0x64, 0x00);
	sttape_fake_data_in(s, buf, 20);
	sttape_fake_resid(s, 80);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0, 0, STTAPE_FAKE_ILI,
				true, 40);
	assert_int_equal(sttape_drive_read(x->d, buf, 100, 0, false, &x->r),
			 -EIO);
	assert_int_equal(x->r.err, -EIO);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_OTHER);
	assert_int_equal(x->r.residue, 40);
	assert_int_equal(x->r.transferred, 20);
}

/* Record of 150 bytes into a 100-byte request: INFORMATION -50. */
static void read_variable_ili_long(void **state)
{
	struct fx *x = *state;
	uint8_t buf[100];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x00, 0x64, 0x00);
	sttape_fake_data_in(s, buf, 100);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0, 0, STTAPE_FAKE_ILI,
				true, -50);
	assert_int_equal(sttape_drive_read(x->d, buf, 100, 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILI_LONG);
	assert_int_equal(x->r.residue, -50);
	assert_int_equal(x->r.transferred, 100);
}

/* ILI long on a path that moved nothing: the transport's count stands. */
static void read_variable_ili_long_nothing_moved(void **state)
{
	struct fx *x = *state;
	uint8_t buf[100];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x00, 0x64, 0x00);
	sttape_fake_resid(s, 100);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0, 0, STTAPE_FAKE_ILI,
				true, -50);
	assert_int_equal(sttape_drive_read(x->d, buf, 100, 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILI_LONG);
	assert_int_equal(x->r.residue, -50);
	assert_int_equal(x->r.transferred, 0);
}

static void read_variable_sili_bit(void **state)
{
	struct fx *x = *state;
	uint8_t buf[16];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x02, 0x00, 0x00, 0x10, 0x00);
	sttape_fake_data_in(s, buf, 16);
	assert_int_equal(sttape_drive_read(x->d, buf, 16, 0, true, &x->r), 0);
	assert_int_equal(x->r.transferred, 16);
}

static void read_variable_filemark(void **state)
{
	struct fx *x = *state;
	uint8_t buf[512];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x02, 0x00, 0x00);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x01,
				STTAPE_FAKE_FM, true, 512);
	assert_int_equal(sttape_drive_read(x->d, buf, 512, 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_true(x->r.sense.filemark);
	assert_int_equal(x->r.residue, 512);
	assert_int_equal(x->r.transferred, 0);
}

/* BLANK CHECK 00/05 without INFORMATION: nothing read, end of data. */
static void read_end_of_data(void **state)
{
	struct fx *x = *state;
	uint8_t buf[512];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x02, 0x00, 0x00);
	sttape_fake_sense_fixed(s, STTAPE_SK_BLANK_CHECK, 0x00, 0x05, 0, false,
				0);
	assert_int_equal(sttape_drive_read(x->d, buf, 512, 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_END_OF_DATA);
	assert_int_equal(x->r.residue, 0);
	assert_int_equal(x->r.transferred, 0);
}

/*
 * tgt at EOD: BLANK CHECK with EOM, 00/00, no INFORMATION, and a full
 * data-in phase of zeros with no residual.  No record was read.
 */
static void read_variable_eod_ignores_data_phase(void **state)
{
	struct fx *x = *state;
	uint8_t buf[4096];
	struct sttape_fake_step *s;

	memset(buf, 0, sizeof(buf));
	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00);
	sttape_fake_data_in(s, buf, sizeof(buf));
	sttape_fake_sense_fixed(s, STTAPE_SK_BLANK_CHECK, 0x00, 0x00,
				STTAPE_FAKE_EOM, false, 0);
	assert_int_equal(
		sttape_drive_read(x->d, buf, sizeof(buf), 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_END_OF_DATA);
	assert_int_equal(x->r.transferred, 0);
	/* Same for a filemark reported without INFORMATION. */
	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00);
	sttape_fake_data_in(s, buf, sizeof(buf));
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x01,
				STTAPE_FAKE_FM, false, 0);
	assert_int_equal(
		sttape_drive_read(x->d, buf, sizeof(buf), 0, false, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_int_equal(x->r.transferred, 0);
}

/* Fixed mode, 4 blocks of 512 asked, filemark after 1: INFORMATION 3. */
static void read_fixed_filemark_residue(void **state)
{
	struct fx *x = *state;
	uint8_t buf[2048];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x01, 0x00, 0x00, 0x04, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 2048);
	sttape_fake_data_in(s, buf, 512);
	sttape_fake_resid(s, 0);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x01,
				STTAPE_FAKE_FM, true, 3);
	assert_int_equal(sttape_drive_read(x->d, buf, 2048, 512, false, &x->r),
			 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_int_equal(x->r.residue, 3);
	assert_int_equal(x->r.transferred, 512);
}

static void read_fixed_good(void **state)
{
	struct fx *x = *state;
	uint8_t buf[1024];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x01, 0x00, 0x00, 0x02, 0x00);
	sttape_fake_data_in(s, buf, 1024);
	assert_int_equal(sttape_drive_read(x->d, buf, 1024, 512, false, &x->r),
			 0);
	assert_int_equal(x->r.transferred, 1024);
}

/* SSC-4 6.4: SILI with FIXED is illegal, so fixed reads never send it. */
static void read_fixed_drops_sili(void **state)
{
	struct fx *x = *state;
	uint8_t buf[512];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x01, 0x00, 0x00, 0x01, 0x00);
	sttape_fake_data_in(s, buf, 512);
	assert_int_equal(sttape_drive_read(x->d, buf, 512, 512, true, &x->r),
			 0);
}

/* Nothing is sent for a bad length; the result says why. */
static void read_rejects_bad_lengths(void **state)
{
	struct fx *x = *state;
	static uint8_t big[1];

	assert_int_equal(sttape_drive_read(x->d, big, 1000, 512, false, &x->r),
			 -EINVAL);
	assert_int_equal(x->r.err, -EINVAL);
	assert_int_equal(x->r.transferred, 0);
	assert_int_equal(
		sttape_drive_read(x->d, big, 0x1000000, 0, false, &x->r),
		-EINVAL);
	assert_int_equal(sttape_drive_write(x->d, big, 0x1000000, 0, &x->r),
			 -EINVAL);
	assert_int_equal(sttape_drive_write(x->d, big, 513, 512, &x->r),
			 -EINVAL);
	assert_int_equal(
		sttape_drive_write_filemarks(x->d, 0x1000000, false, &x->r),
		-EINVAL);
	assert_int_equal(sttape_fake_steps_run(x->f), 0);
}

static void read_medium_error_fails(void **state)
{
	struct fx *x = *state;
	uint8_t buf[64];
	struct sttape_fake_step *s;
	int rc;

	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x00, 0x40, 0x00);
	/* Data came, but the drive says it is bad and gives no residue. */
	sttape_fake_data_in(s, buf, 64);
	sttape_fake_sense_fixed(s, STTAPE_SK_MEDIUM_ERROR, 0x11, 0x00, 0, false,
				0);
	rc = sttape_drive_read(x->d, buf, 64, 0, false, &x->r);
	assert_true(rc < 0);
	assert_int_equal(x->r.err, rc);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_MEDIUM_ERROR);
	assert_int_equal(x->r.sense.key, STTAPE_SK_MEDIUM_ERROR);
	assert_int_equal(x->r.sense.asc, 0x11);
	assert_int_equal(x->r.transferred, 0);
}

/* Fixed mode, medium error at block 3 of 4: the 2 before it are good. */
static void read_fixed_medium_error_residue(void **state)
{
	struct fx *x = *state;
	uint8_t buf[4 * 512];
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x08, 0x01, 0x00, 0x00, 0x04, 0x00);
	sttape_fake_data_in(s, buf, sizeof(buf));
	sttape_fake_sense_fixed(s, STTAPE_SK_MEDIUM_ERROR, 0x11, 0x00, 0, true,
				2);
	assert_true(sttape_drive_read(x->d, buf, sizeof(buf), 512, false,
				      &x->r) < 0);
	assert_int_equal(x->r.residue, 2);
	assert_int_equal(x->r.transferred, 2 * 512);
}

/* BUSY: the command was not executed, whatever the residual says. */
static void busy_moves_nothing(void **state)
{
	struct fx *x = *state;
	uint8_t buf[64] = {0};
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00);
	sttape_fake_status(s, STTAPE_STATUS_BUSY);
	sttape_fake_resid(s, 0);
	assert_int_equal(sttape_drive_write(x->d, buf, 64, 0, &x->r), -EBUSY);
	assert_int_equal(x->r.transferred, 0);
	s = STTAPE_EXPECT(x, 0x08, 0x00, 0x00, 0x00, 0x40, 0x00);
	sttape_fake_status(s, STTAPE_STATUS_RESERVATION_CONFLICT);
	sttape_fake_resid(s, 0);
	assert_int_equal(sttape_drive_read(x->d, buf, 64, 0, false, &x->r),
			 -EBUSY);
	assert_int_equal(x->r.transferred, 0);
}

static void write_variable_good(void **state)
{
	struct fx *x = *state;
	uint8_t rec[300];
	const uint8_t *out;
	struct sttape_fake_step *s;
	size_t n;

	memset(rec, 0x3c, sizeof(rec));
	s = STTAPE_EXPECT(x, 0x0a, 0x00, 0x00, 0x01, 0x2c, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_OUT, 300);
	sttape_fake_expect_timeout(s, STTAPE_TMO_IO_MS);
	assert_int_equal(sttape_drive_write(x->d, rec, 300, 0, &x->r), 0);
	assert_int_equal(x->r.transferred, 300);
	out = sttape_fake_data_out(s, &n);
	assert_int_equal(n, 300);
	assert_memory_equal(out, rec, 300);
}

/* Early warning: all written, EOM set, INFORMATION 0. */
static void write_early_warning(void **state)
{
	struct fx *x = *state;
	uint8_t rec[128] = {0};
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x0a, 0x00, 0x00, 0x00, 0x80, 0x00);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x02,
				STTAPE_FAKE_EOM, true, 0);
	assert_int_equal(sttape_drive_write(x->d, rec, 128, 0, &x->r), 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_EARLY_WARNING);
	assert_true(x->r.sense.eom);
	assert_int_equal(x->r.residue, 0);
	assert_int_equal(x->r.transferred, 128);
}

/* Fixed mode at early warning: 8 blocks asked, 2 not written. */
static void write_fixed_eom_residue(void **state)
{
	struct fx *x = *state;
	uint8_t rec[8 * 512] = {0};
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x0a, 0x01, 0x00, 0x00, 0x08, 0x00);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0x00, 0x02,
				STTAPE_FAKE_EOM, true, 2);
	assert_int_equal(sttape_drive_write(x->d, rec, sizeof(rec), 512, &x->r),
			 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_EARLY_WARNING);
	assert_int_equal(x->r.residue, 2);
	assert_int_equal(x->r.transferred, 6 * 512);
}

static void write_volume_overflow(void **state)
{
	struct fx *x = *state;
	uint8_t rec[64] = {0};
	struct sttape_fake_step *s;
	int rc;

	s = STTAPE_EXPECT(x, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00);
	sttape_fake_sense_fixed(s, STTAPE_SK_VOLUME_OVERFLOW, 0x00, 0x02,
				STTAPE_FAKE_EOM, true, 64);
	rc = sttape_drive_write(x->d, rec, 64, 0, &x->r);
	assert_true(rc < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_VOLUME_OVERFLOW);
	assert_int_equal(x->r.residue, 64);
	assert_int_equal(x->r.transferred, 0);
}

static void write_protected(void **state)
{
	struct fx *x = *state;
	uint8_t rec[64] = {0};
	struct sttape_fake_step *s;
	int rc;

	s = STTAPE_EXPECT(x, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00);
	sttape_fake_sense_fixed(s, STTAPE_SK_DATA_PROTECT, 0x27, 0x00, 0, false,
				0);
	rc = sttape_drive_write(x->d, rec, 64, 0, &x->r);
	assert_true(rc < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_WRITE_PROTECTED);
}

static void write_filemarks_cdb_and_timeout(void **state)
{
	struct fx *x = *state;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x10, 0x00, 0x00, 0x00, 0x02, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_NONE, 0);
	sttape_fake_expect_timeout(s, STTAPE_TMO_FILEMARK_MS);
	assert_int_equal(sttape_drive_write_filemarks(x->d, 2, false, &x->r),
			 0);
	s = STTAPE_EXPECT(x, 0x10, 0x01, 0x00, 0x00, 0x01, 0x00);
	assert_int_equal(sttape_drive_write_filemarks(x->d, 1, true, NULL), 0);
	/* Count 0 without IMMED: the flush form (SSC-4 6.9). */
	STTAPE_EXPECT(x, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00);
	assert_int_equal(sttape_drive_write_filemarks(x->d, 0, false, &x->r),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STTAPE_FX_TEST(read_variable_good),
		STTAPE_FX_TEST(read_variable_ili_short),
		STTAPE_FX_TEST(read_incomplete_record_fails),
		STTAPE_FX_TEST(read_variable_ili_long),
		STTAPE_FX_TEST(read_variable_ili_long_nothing_moved),
		STTAPE_FX_TEST(read_variable_sili_bit),
		STTAPE_FX_TEST(read_variable_filemark),
		STTAPE_FX_TEST(read_end_of_data),
		STTAPE_FX_TEST(read_variable_eod_ignores_data_phase),
		STTAPE_FX_TEST(read_fixed_filemark_residue),
		STTAPE_FX_TEST(read_fixed_good),
		STTAPE_FX_TEST(read_fixed_drops_sili),
		STTAPE_FX_TEST(read_rejects_bad_lengths),
		STTAPE_FX_TEST(read_medium_error_fails),
		STTAPE_FX_TEST(read_fixed_medium_error_residue),
		STTAPE_FX_TEST(busy_moves_nothing),
		STTAPE_FX_TEST(write_variable_good),
		STTAPE_FX_TEST(write_early_warning),
		STTAPE_FX_TEST(write_fixed_eom_residue),
		STTAPE_FX_TEST(write_volume_overflow),
		STTAPE_FX_TEST(write_protected),
		STTAPE_FX_TEST(write_filemarks_cdb_and_timeout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
