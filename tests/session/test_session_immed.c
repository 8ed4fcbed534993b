/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_session_immed.c - long operations sent with IMMED=1 and polled,
 * against the virtual drive with a long-operation delay: a rewind that
 * is waited for ends at BOT; one whose wait is cancelled returns -EINTR
 * long before the drive is done, and the next call waits for the drive
 * and finds the head at BOT; a cancelled locate leaves the counters
 * unknown and the next call finds the head where it was sent; a locate
 * that fails on the drive is reported from the deferred sense.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <sttape/session.h>
#include <sttape/vdrive.h>

/* The drive's long operations take this long. */
#define LONG_MS 1500
/* The caller gives up after this long. */
#define CANCEL_AFTER_MS 100

struct ix {
	char dir[64];
	char image[96];
	char device[128];
	struct sttape_session *s;
	atomic_bool cancel;
	atomic_int polls; /* calls of the cancel hook */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool cancelled(void *ctx)
{
	struct ix *x = ctx;

	atomic_fetch_add(&x->polls, 1);
	return atomic_load(&x->cancel);
}

static struct sttape_vdrive *vd(struct ix *x)
{
	return sttape_vdrive_of(
		sttape_drive_transport(sttape_session_drive(x->s)));
}

static int ix_setup(void **state)
{
	struct ix *x = calloc(1, sizeof(*x));
	struct sttape_session_options o;
	char why[256] = "";
	uint8_t rec[512];

	assert_non_null(x);
	snprintf(x->dir, sizeof(x->dir), "/tmp/sttape-immed.XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->image, sizeof(x->image), "%s/t.img", x->dir);
	snprintf(x->device, sizeof(x->device), "vdrive:%s", x->image);
	assert_int_equal(sttape_vdrive_image_create(x->image, 16u << 20, "lto",
						    why, sizeof(why)),
			 0);
	sttape_session_options_init(&o);
	o.ready_poll_ms = 10;
	o.ready_wait_s = 5;
	assert_int_equal(
		sttape_session_create(x->device, &o, &x->s, why, sizeof(why)),
		0);
	sttape_session_set_cancel(x->s, cancelled, x);
	/* Three records 'a', 'b', 'c' on the no-rewind node. */
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_RDWR, 0),
			 0);
	for (int i = 0; i < 3; i++) {
		memset(rec, 'a' + i, sizeof(rec));
		assert_int_equal(sttape_session_write(x->s, rec, sizeof(rec)),
				 (int)sizeof(rec));
	}
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_WEOF, 1), 0);
	sttape_vdrive_set_long_delay(vd(x), LONG_MS);
	*state = x;
	return 0;
}

static int ix_teardown(void **state)
{
	struct ix *x = *state;

	sttape_vdrive_set_long_delay(vd(x), 0);
	atomic_store(&x->cancel, false);
	sttape_session_destroy(x->s);
	unlink(x->image);
	rmdir(x->dir);
	free(x);
	return 0;
}

static void *cancel_later(void *arg)
{
	struct ix *x = arg;
	struct timespec ts = {0, CANCEL_AFTER_MS * 1000000L};

	nanosleep(&ts, NULL);
	atomic_store(&x->cancel, true);
	return NULL;
}

/* Run op with a cancel CANCEL_AFTER_MS in; its result and duration. */
static int cancelled_op(struct ix *x, enum sttape_mtop op, int64_t count,
			uint64_t *ms)
{
	pthread_t t;
	uint64_t t0 = now_ms();
	int rc;

	atomic_store(&x->cancel, false);
	assert_int_equal(pthread_create(&t, NULL, cancel_later, x), 0);
	rc = sttape_session_op(x->s, op, count);
	*ms = now_ms() - t0;
	pthread_join(t, NULL);
	atomic_store(&x->cancel, false);
	return rc;
}

static void expect_position(struct ix *x, int64_t file, int64_t block)
{
	struct sttape_status st;

	assert_int_equal(sttape_session_peek_status(x->s, &st), 0);
	assert_int_equal(st.file, file);
	assert_int_equal(st.block, block);
}

static void test_rewind_waits_and_ends_at_bot(void **state)
{
	struct ix *x = *state;
	struct sttape_position pos;
	uint64_t t0 = now_ms(), ms;

	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_REW, 1), 0);
	ms = now_ms() - t0;
	print_message("rewind waited for: %llu ms\n", (unsigned long long)ms);
	/* It waited for the drive: polls went by, the drive is done. */
	assert_true(ms >= LONG_MS - 50);
	assert_true(atomic_load(&x->polls) > 0);
	expect_position(x, 0, 0);
	sttape_vdrive_set_long_delay(vd(x), 0);
	assert_int_equal(sttape_session_read_position(x->s, false, &pos), 0);
	assert_int_equal(pos.block, 0);
}

static void test_cancelled_rewind_returns_at_once(void **state)
{
	struct ix *x = *state;
	struct sttape_status st;
	uint64_t ms, t0;

	assert_int_equal(cancelled_op(x, STTAPE_MT_REW, 1, &ms), -EINTR);
	print_message("cancelled rewind returned after %llu ms\n",
		      (unsigned long long)ms);
	assert_true(ms < LONG_MS / 2);
	/* The drive goes on to BOT: the counters say so already. */
	expect_position(x, 0, 0);
	/* The next call waits for the drive, then succeeds. */
	t0 = now_ms();
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	print_message("status waited %llu ms more\n",
		      (unsigned long long)(now_ms() - t0));
	assert_true(ms + (now_ms() - t0) >= LONG_MS - 50);
	assert_int_equal(st.file, 0);
	assert_int_equal(st.block, 0);
	assert_true(st.bot);
}

static void test_read_after_cancelled_rewind(void **state)
{
	struct ix *x = *state;
	uint8_t rec[512];
	uint64_t ms;

	assert_int_equal(cancelled_op(x, STTAPE_MT_REW, 1, &ms), -EINTR);
	assert_true(ms < LONG_MS / 2);
	/* Not NOT READY 04/07: the read waits, then reads record 'a'. */
	assert_int_equal(sttape_session_read(x->s, rec, sizeof(rec)),
			 (int)sizeof(rec));
	assert_int_equal(rec[0], 'a');
	expect_position(x, 0, 1);
}

static void test_cancelled_locate_leaves_position_unknown(void **state)
{
	struct ix *x = *state;
	struct sttape_position pos;
	pthread_t t;
	uint64_t t0 = now_ms();
	int rc;

	atomic_store(&x->cancel, false);
	assert_int_equal(pthread_create(&t, NULL, cancel_later, x), 0);
	rc = sttape_session_locate(x->s, false, 1);
	pthread_join(t, NULL);
	atomic_store(&x->cancel, false);
	assert_int_equal(rc, -EINTR);
	assert_true(now_ms() - t0 < LONG_MS / 2);
	expect_position(x, -1, -1);
	/* The next call waits; the head is where it was sent. */
	assert_int_equal(sttape_session_read_position(x->s, false, &pos), 0);
	assert_int_equal(pos.block, 1);
	expect_position(x, -1, -1);
}

static void test_locate_confirmed(void **state)
{
	struct ix *x = *state;
	struct sttape_position pos;
	uint8_t rec[512];

	sttape_vdrive_set_long_delay(vd(x), 100);
	assert_int_equal(sttape_session_locate(x->s, false, 2), 0);
	assert_int_equal(sttape_session_read_position(x->s, false, &pos), 0);
	assert_int_equal(pos.block, 2);
	assert_int_equal(sttape_session_read(x->s, rec, sizeof(rec)),
			 (int)sizeof(rec));
	assert_int_equal(rec[0], 'c');
}

static void test_locate_failure_from_deferred_sense(void **state)
{
	struct ix *x = *state;
	const struct sttape_result *r;

	sttape_vdrive_set_long_delay(vd(x), 100);
	/* Block 9 is past end of data: the drive fails the locate late. */
	assert_int_equal(sttape_session_locate(x->s, false, 9), -EIO);
	r = sttape_session_last_result(x->s);
	assert_true(r->has_sense);
	assert_true(r->sense.deferred);
	assert_int_equal(r->sense.key, STTAPE_SK_BLANK_CHECK);
	expect_position(x, -1, -1);
}

static void test_cancelled_offline_leaves_cartridge_rewound(void **state)
{
	struct ix *x = *state;
	struct sttape_vdrive_state vs;
	struct sttape_status st;
	uint64_t ms;

	/* Cancelled during its rewind: no UNLOAD is sent after it. */
	assert_int_equal(cancelled_op(x, STTAPE_MT_OFFL, 1, &ms), -EINTR);
	assert_true(ms < LONG_MS / 2);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_false(st.mounted);
	sttape_vdrive_get_state(vd(x), &vs);
	assert_true(vs.present);
	assert_int_equal(vs.position, 0);
	/* Not cancelled, an offline unloads (after waiting for the drive). */
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_OFFL, 1), 0);
	sttape_vdrive_get_state(vd(x), &vs);
	assert_false(vs.loaded);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_rewind_waits_and_ends_at_bot, ix_setup,
			ix_teardown),
		cmocka_unit_test_setup_teardown(
			test_cancelled_rewind_returns_at_once, ix_setup,
			ix_teardown),
		cmocka_unit_test_setup_teardown(
			test_read_after_cancelled_rewind, ix_setup,
			ix_teardown),
		cmocka_unit_test_setup_teardown(
			test_cancelled_locate_leaves_position_unknown, ix_setup,
			ix_teardown),
		cmocka_unit_test_setup_teardown(test_locate_confirmed, ix_setup,
						ix_teardown),
		cmocka_unit_test_setup_teardown(
			test_locate_failure_from_deferred_sense, ix_setup,
			ix_teardown),
		cmocka_unit_test_setup_teardown(
			test_cancelled_offline_leaves_cartridge_rewound,
			ix_setup, ix_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
