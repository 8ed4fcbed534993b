/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_session_ahead.c - the session's read-ahead against the virtual
 * drive: held READs leave status and counters as they were while the
 * drive's head is on; commits make them real in order; any other call
 * spaces the head back over the records and filemark; end of data needs
 * no move; nothing follows a filemark; an error cannot be taken back and
 * becomes real; a failed SPACE back leaves the position unknown and
 * turns read-ahead off.
 * (Every session scenario also runs "+ahead": scenario.c.)
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <sttape/session.h>
#include <sttape/vdrive.h>

#define REC 10240

struct ax {
	char dir[64];
	char image[96];
	struct sttape_session *s;
	uint8_t buf[REC * 2], abuf[REC * 2];
};

static struct sttape_vdrive *vd(struct ax *x)
{
	return sttape_vdrive_of(
		sttape_drive_transport(sttape_session_drive(x->s)));
}

static uint64_t head(struct ax *x)
{
	struct sttape_vdrive_state st;

	sttape_vdrive_get_state(vd(x), &st);
	return st.position;
}

static struct sttape_status peek(struct ax *x)
{
	struct sttape_status st;

	sttape_session_peek_status(x->s, &st);
	return st;
}

/* Records tagged 0, 1, 2 (first byte), then one filemark at close. */
static int ax_setup(void **state)
{
	struct ax *x = calloc(1, sizeof(*x));
	struct sttape_session_options o;
	char why[256] = "", dev[160];

	assert_non_null(x);
	snprintf(x->dir, sizeof(x->dir), "/tmp/sttape-ahead.XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->image, sizeof(x->image), "%s/t.img", x->dir);
	snprintf(dev, sizeof(dev), "vdrive:%s,profile=lto,capacity=16M",
		 x->image);
	sttape_session_options_init(&o);
	o.ready_poll_ms = 5;
	o.ready_wait_s = 2;
	assert_int_equal(
		sttape_session_create(dev, &o, &x->s, why, sizeof(why)), 0);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_REWIND,
					     STTAPE_ACCESS_WRITE, 0),
			 0);
	for (int i = 0; i < 3; i++) {
		memset(x->buf, i, REC);
		assert_int_equal(sttape_session_write(x->s, x->buf, REC), REC);
	}
	assert_int_equal(sttape_session_close(x->s), 0);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_READ, 0),
			 0);
	*state = x;
	return 0;
}

static int ax_teardown(void **state)
{
	struct ax *x = *state;

	sttape_session_destroy(x->s);
	unlink(x->image);
	rmdir(x->dir);
	free(x);
	return 0;
}

static void read_rec(struct ax *x, int tag)
{
	assert_int_equal(sttape_session_read(x->s, x->buf, sizeof(x->buf)),
			 REC);
	assert_int_equal(x->buf[0], tag);
}

static void take_ahead(struct ax *x, size_t len, ssize_t want)
{
	unsigned int before = sttape_session_read_ahead_held(x->s, NULL);
	ssize_t n = 12345;
	size_t held = 0;

	assert_int_equal(sttape_session_read_ahead(x->s, x->abuf, len, &n), 0);
	assert_int_equal(n, want);
	assert_int_equal(sttape_session_read_ahead_held(x->s, &held),
			 before + 1);
	assert_int_equal(held, len);
}

static void commit_takes_the_held_record(void **state)
{
	struct ax *x = *state;
	ssize_t n = 0;

	read_rec(x, 0);
	take_ahead(x, sizeof(x->buf), REC);
	assert_int_equal(head(x), 2);	    /* the drive moved on */
	assert_int_equal(peek(x).block, 1); /* nobody can tell */
	assert_int_equal(sttape_session_read_commit(x->s, &n), 0);
	assert_int_equal(n, REC);
	assert_int_equal(x->abuf[0], 1);
	assert_int_equal(peek(x).block, 2);
	assert_false(sttape_session_read_ahead_held(x->s, NULL));
	assert_int_equal(sttape_session_read_commit(x->s, &n), -ENOENT);
}

static void other_call_spaces_back(void **state)
{
	struct ax *x = *state;
	struct sttape_status st;
	struct sttape_position pos;

	read_rec(x, 0);
	take_ahead(x, sizeof(x->buf), REC);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_int_equal(st.block, 1);
	assert_int_equal(head(x), 1);
	assert_false(sttape_session_read_ahead_held(x->s, NULL));
	take_ahead(x, sizeof(x->buf), REC);
	assert_int_equal(sttape_session_read_position(x->s, false, &pos), 0);
	assert_int_equal(pos.block, 1);
	read_rec(x, 1); /* a read of another length: undone, read again */
	take_ahead(x, REC, REC);
	assert_int_equal(sttape_session_close(x->s), 0);
	assert_int_equal(head(x), 2); /* a no-rewind close keeps the place */
}

static void filemark_is_put_back(void **state)
{
	struct ax *x = *state;
	struct sttape_status st;

	for (int i = 0; i < 3; i++)
		read_rec(x, i);
	take_ahead(x, sizeof(x->buf), 0); /* the filemark */
	assert_int_equal(head(x), 4);
	st = peek(x);
	assert_int_equal(st.file, 0);
	assert_int_equal(st.block, 3);
	assert_int_equal(sttape_session_close(x->s), 0);
	assert_int_equal(head(x), 3); /* before the filemark again */
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_READ, 0),
			 0);
	assert_int_equal(sttape_session_read(x->s, x->buf, sizeof(x->buf)), 0);
	assert_int_equal(peek(x).file, 1);
}

static void end_of_data_needs_no_move(void **state)
{
	struct ax *x = *state;

	for (int i = 0; i < 3; i++)
		read_rec(x, i);
	/* Two filemarks end the data (lto): read both. */
	for (int i = 0; i < 2; i++)
		assert_int_equal(
			sttape_session_read(x->s, x->buf, sizeof(x->buf)), 0);
	take_ahead(x, sizeof(x->buf), 0); /* blank check */
	assert_int_equal(head(x), 5);
	assert_false(peek(x).eod);
	assert_int_equal(sttape_session_read_undo(x->s), 0);
	assert_int_equal(head(x), 5);
	assert_int_equal(peek(x).file, 2);
	assert_false(peek(x).eod);
}

static void long_record_is_put_back(void **state)
{
	struct ax *x = *state;

	read_rec(x, 0);
	take_ahead(x, 512, -ENOMEM); /* record 1 is longer than 512 */
	assert_int_equal(head(x), 2);
	assert_int_equal(sttape_session_read_undo(x->s), 0);
	assert_int_equal(head(x), 1);
	read_rec(x, 1); /* nothing lost */
}

static void error_cannot_be_taken_back(void **state)
{
	struct ax *x = *state;
	struct sttape_status st;

	read_rec(x, 0);
	sttape_vdrive_set_read_error(vd(x), 1);
	take_ahead(x, sizeof(x->buf), -EIO);
	assert_int_equal(peek(x).block, 1); /* still held */
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_int_equal(st.sense_key, STTAPE_SK_MEDIUM_ERROR);
	assert_int_equal(st.block, -1); /* as the failed READ left it */
	sttape_vdrive_set_read_error(vd(x), -1);
}

static void two_deep_commit_in_order(void **state)
{
	struct ax *x = *state;
	uint8_t second[REC];
	ssize_t n = 0;

	take_ahead(x, sizeof(x->buf), REC);
	memcpy(second, x->abuf, REC);
	take_ahead(x, sizeof(x->buf), REC); /* into the same buffer: fine */
	assert_int_equal(head(x), 2);
	assert_int_equal(peek(x).block, 0);
	assert_int_equal(sttape_session_read_ahead(x->s, x->abuf, REC, &n),
			 -EBUSY);
	assert_int_equal(sttape_session_read_commit(x->s, &n), 0);
	assert_int_equal(n, REC);
	assert_int_equal(second[0], 0);
	assert_int_equal(peek(x).block, 1);
	assert_int_equal(sttape_session_read_commit(x->s, &n), 0);
	assert_int_equal(x->abuf[0], 1);
	assert_int_equal(peek(x).block, 2);
	assert_int_equal(sttape_session_read_commit(x->s, &n), -ENOENT);
}

static void two_deep_undo_spaces_back_both(void **state)
{
	struct ax *x = *state;

	read_rec(x, 0);
	read_rec(x, 1);
	take_ahead(x, sizeof(x->buf), REC); /* record 2 */
	take_ahead(x, sizeof(x->buf), 0);   /* the filemark */
	assert_int_equal(head(x), 4);
	/* After a filemark nothing more is sent. */
	assert_int_equal(
		sttape_session_read_ahead(x->s, x->abuf, sizeof(x->buf), NULL),
		-EBUSY);
	assert_int_equal(sttape_session_read_undo(x->s), 0);
	assert_int_equal(head(x), 2);
	assert_int_equal(peek(x).block, 2);
	read_rec(x, 2);
	take_ahead(x, sizeof(x->buf), 0); /* the filemark again */
	assert_int_equal(
		sttape_session_read_ahead(x->s, x->abuf, sizeof(x->buf), NULL),
		-EAGAIN);
}

static void error_behind_a_record_becomes_real(void **state)
{
	struct ax *x = *state;
	struct sttape_status st;

	read_rec(x, 0);
	sttape_vdrive_set_read_error(vd(x), 2);
	take_ahead(x, sizeof(x->buf), REC);
	take_ahead(x, sizeof(x->buf), -EIO);
	assert_int_equal(peek(x).block, 1);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_int_equal(st.sense_key, STTAPE_SK_MEDIUM_ERROR);
	assert_int_equal(st.block, -1);
	sttape_vdrive_set_read_error(vd(x), -1);
}

static void refused_when_next_read_is_not_one_read(void **state)
{
	struct ax *x = *state;
	ssize_t n;

	/* Nothing read yet is fine. */
	take_ahead(x, sizeof(x->buf), REC);
	assert_int_equal(sttape_session_read_undo(x->s), 0);
	assert_int_equal(head(x), 0);
	/* Fixed mode: the next read may not be one READ of one record. */
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_SETBSIZ, 512), 0);
	assert_int_equal(sttape_session_read_ahead(x->s, x->abuf, 512, &n),
			 -EAGAIN);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_SETBSIZ, 0), 0);
	assert_int_equal(sttape_session_read_ahead(x->s, x->abuf, 0, &n),
			 -EAGAIN);
	assert_int_equal(sttape_session_close(x->s), 0);
	assert_int_equal(sttape_session_read_ahead(x->s, x->abuf, REC, &n),
			 -EAGAIN);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_READ, 0),
			 0);
}

static void failed_space_back_turns_it_off(void **state)
{
	struct ax *x = *state;
	ssize_t n;

	read_rec(x, 0);
	take_ahead(x, sizeof(x->buf), REC);
	sttape_vdrive_set_vanish_after(vd(x), 0);
	assert_int_not_equal(sttape_session_read_undo(x->s), 0);
	sttape_vdrive_set_vanish_after(vd(x), -1);
	assert_int_equal(peek(x).block, -1);
	assert_int_equal(sttape_session_read_ahead(x->s, x->abuf, REC, &n),
			 -EAGAIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ax_setup, ax_teardown)
		T(commit_takes_the_held_record),
		T(other_call_spaces_back),
		T(filemark_is_put_back),
		T(end_of_data_needs_no_move),
		T(long_record_is_put_back),
		T(error_cannot_be_taken_back),
		T(two_deep_commit_in_order),
		T(two_deep_undo_spaces_back_both),
		T(error_behind_a_record_becomes_real),
		T(refused_when_next_read_is_not_one_read),
		T(failed_space_back_turns_it_off),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
