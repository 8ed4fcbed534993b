/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_vdrive_immed.c - long operations of the virtual drive with a
 * long_ms delay: with IMMED=1 (SSC-4 6.2, 6.3, 7.3, 7.10) GOOD comes at
 * once and the unit answers NOT READY 04/07 "operation in progress"
 * (SPC-5 4.4.3) to everything but INQUIRY and REQUEST SENSE until the
 * operation is done; a failure of the operation is reported as a
 * deferred error (SPC-5 4.4.4) to the next command.  Without IMMED the
 * command itself takes the time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "vt.h"

/* Long enough that a loaded machine still returns well before it. */
#define LONG_MS 1500

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static struct vres rewind_cdb(struct vt *v, bool immed)
{
	uint8_t cdb[STTAPE_CDB_MAX];

	return vt_run(v, cdb, sttape_cdb_rewind(cdb, immed), STTAPE_DIR_NONE,
		      NULL, 0);
}

/* TEST UNIT READY until GOOD; how many NOT READY 04/07 answers came. */
static int tur_until_good(struct vt *v)
{
	uint64_t t0 = now_ms();
	int busy = 0;

	for (;;) {
		struct vres r = vt_tur(v);

		if (r.status == STTAPE_STATUS_GOOD)
			return busy;
		vt_sense(r, STTAPE_SK_NOT_READY, 0x04, 0x07);
		busy++;
		assert_true(now_ms() - t0 < 20u * LONG_MS);
		struct timespec ts = {0, 20 * 1000000L};

		nanosleep(&ts, NULL);
	}
}

/* A cartridge with three records, head after them, long_ms set. */
static struct vt *three_records(void)
{
	struct vt *v = vt_open("lto", NULL);

	for (int i = 0; i < 3; i++)
		vt_good(vt_put(v, 512, (uint8_t)i));
	sttape_vdrive_set_long_delay(v->vd, LONG_MS);
	return v;
}

static void t_rewind_immed_busy_then_bot(void **state)
{
	struct vt *v = three_records();
	uint8_t cdb[STTAPE_CDB_MAX], d[18], rp[20], inq[36];
	uint64_t t0 = now_ms(), dt;
	struct vres r;

	(void)state;
	vt_good(rewind_cdb(v, true));
	dt = now_ms() - t0;
	print_message("REWIND IMMED=1 answered after %llu ms\n",
		      (unsigned long long)dt);
	assert_true(dt < LONG_MS / 2);
	/* Busy: TUR, READ POSITION, READ all NOT READY 04/07. */
	vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x04, 0x07);
	r = vt_run(v, cdb, sttape_cdb_read_position(cdb, STTAPE_RP_SHORT, 0),
		   STTAPE_DIR_IN, rp, sizeof(rp));
	vt_sense(r, STTAPE_SK_NOT_READY, 0x04, 0x07);
	/* INQUIRY is answered; REQUEST SENSE tells why in its data. */
	vt_good(vt_run(v, cdb, sttape_cdb_inquiry(cdb, false, 0, sizeof(inq)),
		       STTAPE_DIR_IN, inq, sizeof(inq)));
	assert_int_equal(inq[0] & 0x1f, 1);
	memset(d, 0, sizeof(d));
	vt_good(vt_run(v, cdb, sttape_cdb_request_sense(cdb, false, 18),
		       STTAPE_DIR_IN, d, sizeof(d)));
	assert_int_equal(d[2] & 0x0f, STTAPE_SK_NOT_READY);
	assert_int_equal(d[12], 0x04);
	assert_int_equal(d[13], 0x07);
	assert_true(tur_until_good(v) > 0);
	dt = now_ms() - t0;
	assert_true(dt >= LONG_MS - 50);
	assert_int_equal(vt_position(v, NULL), 0);
	vt_close(v);
}

static void t_rewind_without_immed_takes_the_time(void **state)
{
	struct vt *v = three_records();
	uint64_t t0 = now_ms();

	(void)state;
	vt_good(rewind_cdb(v, false));
	assert_true(now_ms() - t0 >= LONG_MS - 50);
	/* Nothing left running. */
	vt_good(vt_tur(v));
	assert_int_equal(vt_position(v, NULL), 0);
	vt_close(v);
}

static void t_locate_immed_failure_is_deferred(void **state)
{
	struct vt *v = three_records();
	uint8_t cdb[STTAPE_CDB_MAX];
	struct vres r;

	(void)state;
	/* Beyond end of data: accepted, then a deferred BLANK CHECK. */
	r = vt_run(v, cdb, sttape_cdb_locate10(cdb, false, false, true, 9, 0),
		   STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x04, 0x07);
	for (int i = 0; i < 20 * LONG_MS / 20; i++) {
		struct timespec ts = {0, 20 * 1000000L};

		r = vt_tur(v);
		if (!(r.has_sense && r.s.asc == 0x04 && r.s.ascq == 0x07))
			break;
		nanosleep(&ts, NULL);
	}
	vt_sense(r, STTAPE_SK_BLANK_CHECK, 0x00, 0x05);
	assert_true(r.s.deferred);
	/* Reported once; the head is at end of data. */
	vt_good(vt_tur(v));
	assert_int_equal(vt_position(v, NULL), 3);
	vt_close(v);
}

static void t_locate_immed_bad_field_at_once(void **state)
{
	struct vt *v = three_records();
	uint8_t cdb[STTAPE_CDB_MAX];
	struct vres r;

	(void)state;
	/* CP=1 to partition 5: the CDB check, not a deferred error. */
	r = vt_run(v, cdb, sttape_cdb_locate10(cdb, false, true, true, 1, 5),
		   STTAPE_DIR_NONE, NULL, 0);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	assert_false(r.s.deferred);
	vt_good(vt_tur(v));
	vt_close(v);
}

static void t_locate_and_erase_immed(void **state)
{
	struct vt *v = three_records();
	uint8_t cdb[STTAPE_CDB_MAX];

	(void)state;
	vt_good(vt_run(v, cdb,
		       sttape_cdb_locate10(cdb, false, false, true, 1, 0),
		       STTAPE_DIR_NONE, NULL, 0));
	assert_true(tur_until_good(v) > 0);
	assert_int_equal(vt_position(v, NULL), 1);
	vt_good(vt_run(v, cdb, sttape_cdb_erase6(cdb, true, false),
		       STTAPE_DIR_NONE, NULL, 0));
	assert_true(tur_until_good(v) > 0);
	/* The erase from block 1 left one record. */
	vt_good(rewind_cdb(v, true));
	tur_until_good(v);
	vt_good(vt_space(v, STTAPE_SPACE_END_OF_DATA, 0));
	assert_int_equal(vt_position(v, NULL), 1);
	vt_close(v);
}

static void t_unload_immed_then_no_medium(void **state)
{
	struct vt *v = three_records();
	uint8_t cdb[STTAPE_CDB_MAX];
	uint64_t t0 = now_ms();
	struct vres r;

	(void)state;
	vt_good(vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, true, false, false, false, false),
		STTAPE_DIR_NONE, NULL, 0));
	assert_true(now_ms() - t0 < LONG_MS / 2);
	vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x04, 0x07);
	do {
		struct timespec ts = {0, 20 * 1000000L};

		nanosleep(&ts, NULL);
		r = vt_tur(v);
		assert_true(now_ms() - t0 < 20u * LONG_MS);
	} while (r.has_sense && r.s.asc == 0x04);
	vt_sense(r, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	vt_close(v);
}

static void t_long_ms_option(void **state)
{
	struct vt *v = vt_open("lto", "long_ms=1000");
	uint64_t t0;

	(void)state;
	vt_good(vt_put(v, 512, 1));
	t0 = now_ms();
	vt_good(rewind_cdb(v, true));
	vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x04, 0x07);
	tur_until_good(v);
	assert_true(now_ms() - t0 >= 950);
	vt_close(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_rewind_immed_busy_then_bot),
		cmocka_unit_test(t_rewind_without_immed_takes_the_time),
		cmocka_unit_test(t_locate_immed_failure_is_deferred),
		cmocka_unit_test(t_locate_immed_bad_field_at_once),
		cmocka_unit_test(t_locate_and_erase_immed),
		cmocka_unit_test(t_unload_immed_then_no_medium),
		cmocka_unit_test(t_long_ms_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
