/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_session_scsi.c - the raw SCSI pass-through and MTIOCGET's
 * write-protect refresh against the scripted transport: the CDB and
 * data reach the drive unchanged, status, sense and residue come back
 * unchanged, a tape-moving command leaves the position unknown and
 * forgets owed filemarks, a read-only command does not, control mode
 * needs no medium.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sttape/session.h>

#include "fake_transport.h"

#define OP_TUR	   0x00
#define OP_RBL	   0x05
#define OP_WRITE   0x0a
#define OP_WFM	   0x10
#define OP_SPACE   0x11
#define OP_INQUIRY 0x12
#define OP_MSELECT 0x15
#define OP_MSENSE  0x1a
#define OP_LOAD	   0x1b
#define OP_PREVENT 0x1e
#define OP_RDPOS   0x34

struct ux {
	struct sttape_fake *f;
	struct sttape_session *s;
};

static int ux_setup(void **state)
{
	struct ux *x = calloc(1, sizeof(*x));
	struct sttape_session_options o;
	struct sttape_drive *d;
	uint8_t inq[36];

	assert_non_null(x);
	x->f = sttape_fake_new();
	memset(inq, ' ', sizeof(inq));
	inq[0] = 0x01;
	inq[1] = 0x80;
	inq[2] = 0x06;
	inq[3] = 0x02;
	inq[4] = 31;
	inq[5] = inq[6] = inq[7] = 0;
	memcpy(inq + 8, "QK", 2);
	memcpy(inq + 16, "PLAIN", 5);
	memcpy(inq + 32, "0001", 4);
	sttape_fake_data_in(sttape_fake_expect_op(x->f, OP_INQUIRY), inq,
			    sizeof(inq));
	sttape_fake_sense_fixed(sttape_fake_expect_op(x->f, OP_MSENSE),
				STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0, 0, false,
				0);
	sttape_session_options_init(&o);
	o.ready_poll_ms = 1;
	o.ready_wait_s = 1;
	assert_int_equal(sttape_drive_wrap(sttape_fake_transport(x->f), &d), 0);
	assert_int_equal(sttape_session_create_drive(d, &o, &x->s, NULL, 0), 0);
	*state = x;
	return 0;
}

static int ux_teardown(void **state)
{
	struct ux *x = *state;

	sttape_session_destroy(x->s);
	sttape_fake_assert_done(x->f);
	sttape_fake_free(x->f);
	free(x);
	return 0;
}

static struct sttape_fake_step *q(struct ux *x, uint8_t op)
{
	return sttape_fake_expect_op(x->f, op);
}

static void q_mode_sense(struct ux *x, bool wp)
{
	uint8_t d[12] = {11, 0, (uint8_t)(0x10 | (wp ? 0x80 : 0)), 8, 0x5a};

	sttape_fake_data_in(q(x, OP_MSENSE), d, sizeof(d));
}

/* A mounted no-rewind (or control) open of a tape in the drive. */
static void open_mounted(struct ux *x, enum sttape_submode sub,
			 enum sttape_access acc)
{
	uint8_t rbl[6] = {0, 0x01, 0, 0, 0, 1};

	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	sttape_fake_data_in(q(x, OP_RBL), rbl, sizeof(rbl));
	q_mode_sense(x, false);
	q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	assert_int_equal(sttape_session_open(x->s, 0, sub, acc, 0), 0);
}

static void cmd_init(struct sttape_cmd *c, const uint8_t *cdb, size_t len,
		     enum sttape_dir dir, void *data, size_t dlen)
{
	memset(c, 0, sizeof(*c));
	c->cdb = cdb;
	c->cdb_len = len;
	c->dir = dir;
	c->data = data;
	c->len = dlen;
}

static void test_cdb_and_data_out_pass_unchanged(void **state)
{
	struct ux *x = *state;
	static const uint8_t cdb[10] = {0xc1, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	uint8_t data[300], sense[18];
	struct sttape_fake_step *st;
	struct sttape_cmd_result res;
	struct sttape_cmd c;
	const uint8_t *seen;
	size_t n, i;

	open_mounted(x, STTAPE_SUBMODE_NOREWIND, STTAPE_ACCESS_RDWR);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	st = sttape_fake_expect(x->f, cdb, sizeof(cdb));
	sttape_fake_expect_dir(st, STTAPE_DIR_OUT, sizeof(data));
	sttape_fake_expect_timeout(st, 4321);
	n = sttape_fake_build_sense(sense, STTAPE_SK_ILLEGAL_REQUEST, 0x26,
				    0x00, 0, true, 17);
	sttape_fake_sense(st, sense, n);
	sttape_fake_resid(st, 40);
	cmd_init(&c, cdb, sizeof(cdb), STTAPE_DIR_OUT, data, sizeof(data));
	c.timeout_ms = 4321;
	/* Completed at the drive: 0, whatever the status. */
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), 0);
	assert_int_equal(res.transport_err, 0);
	assert_int_equal(res.status, STTAPE_STATUS_CHECK_CONDITION);
	assert_int_equal(res.sense_len, n);
	assert_memory_equal(res.sense, sense, n);
	assert_int_equal(res.resid, 40);
	seen = sttape_fake_data_out(st, &n);
	assert_int_equal(n, sizeof(data));
	assert_memory_equal(seen, data, sizeof(data));
	q(x, OP_PREVENT);
}

static void test_data_in_and_neutral_keeps_position(void **state)
{
	struct ux *x = *state;
	static const uint8_t cdb[10] = {OP_RDPOS};
	uint8_t rp[20] = {0x80}, buf[20];
	struct sttape_cmd_result res;
	struct sttape_status st;
	struct sttape_cmd c;

	open_mounted(x, STTAPE_SUBMODE_NOREWIND, STTAPE_ACCESS_RDWR);
	rp[7] = 0; /* block 0 */
	sttape_fake_data_in(sttape_fake_expect(x->f, cdb, sizeof(cdb)), rp,
			    sizeof(rp));
	memset(buf, 0xee, sizeof(buf));
	cmd_init(&c, cdb, sizeof(cdb), STTAPE_DIR_IN, buf, sizeof(buf));
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), 0);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	assert_int_equal(res.sense_len, 0);
	assert_int_equal(res.resid, 0);
	assert_memory_equal(buf, rp, sizeof(rp));
	/* READ POSITION moves nothing: the counters stay known. */
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, 0);
	assert_int_equal(st.block, 0);
	assert_true(st.online);
	q(x, OP_PREVENT);
}

static void test_space_forgets_position_and_owed_marks(void **state)
{
	struct ux *x = *state;
	static const uint8_t space[6] = {OP_SPACE, 0, 0xff, 0xff, 0xff};
	struct sttape_cmd_result res;
	struct sttape_status st;
	struct sttape_cmd c;
	uint8_t buf[64] = {0};

	open_mounted(x, STTAPE_SUBMODE_NOREWIND, STTAPE_ACCESS_RDWR);
	q(x, OP_WRITE);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), 64);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.block, 1);
	sttape_fake_expect(x->f, space, sizeof(space));
	cmd_init(&c, space, sizeof(space), STTAPE_DIR_NONE, NULL, 0);
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), 0);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, -1);
	assert_int_equal(st.block, -1);
	/* Not a unit attention: the tape is still the mounted one. */
	assert_false(st.position_lost);
	assert_true(st.online);
	/* I/O goes on from wherever the drive is. */
	q(x, OP_WRITE);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), 64);
	/* The filemark owed by the first write is forgotten; the second
	 * write owes its own (written at close, then stepped back over). */
	q(x, OP_WFM);
	q(x, OP_PREVENT);
	q(x, OP_SPACE);
	assert_int_equal(sttape_session_close(x->s), 0);
}

static void test_raw_write_filemarks_then_close_writes_none(void **state)
{
	struct ux *x = *state;
	static const uint8_t wfm[6] = {OP_WFM, 0, 0, 0, 1, 0};
	struct sttape_cmd_result res;
	struct sttape_cmd c;
	uint8_t buf[64] = {0};

	open_mounted(x, STTAPE_SUBMODE_NOREWIND, STTAPE_ACCESS_RDWR);
	q(x, OP_WRITE);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), 64);
	sttape_fake_expect(x->f, wfm, sizeof(wfm));
	cmd_init(&c, wfm, sizeof(wfm), STTAPE_DIR_NONE, NULL, 0);
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), 0);
	/* Close: only ALLOW MEDIUM REMOVAL, no filemark. */
	q(x, OP_PREVENT);
	assert_int_equal(sttape_session_close(x->s), 0);
}

static void test_unit_attention_invalidates(void **state)
{
	struct ux *x = *state;
	static const uint8_t tur[6] = {OP_TUR};
	struct sttape_cmd_result res;
	struct sttape_status st;
	struct sttape_cmd c;

	open_mounted(x, STTAPE_SUBMODE_NOREWIND, STTAPE_ACCESS_RDWR);
	sttape_fake_sense_fixed(sttape_fake_expect(x->f, tur, sizeof(tur)),
				STTAPE_SK_UNIT_ATTENTION, 0x28, 0x00, 0, false,
				0);
	cmd_init(&c, tur, sizeof(tur), STTAPE_DIR_NONE, NULL, 0);
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), 0);
	assert_int_equal(res.status, STTAPE_STATUS_CHECK_CONDITION);
	assert_int_equal(res.sense[2] & 0x0f, STTAPE_SK_UNIT_ATTENTION);
	sttape_session_peek_status(x->s, &st);
	assert_true(st.position_lost);
	assert_false(st.online);
	/* The sense went to the caller, not to MTIOCGET's latch. */
	assert_int_equal(st.sense_key, 0);
	q(x, OP_PREVENT);
}

static void test_control_mode_without_medium(void **state)
{
	struct ux *x = *state;
	static const uint8_t inq[6] = {OP_INQUIRY, 0, 0, 0, 36, 0};
	uint8_t data[36] = {0x01, 0x80}, buf[36];
	struct sttape_cmd_result res;
	struct sttape_cmd c;

	sttape_fake_sense_fixed(q(x, OP_TUR), STTAPE_SK_NOT_READY, 0x3a, 0x00,
				0, false, 0);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_CONTROL,
					     STTAPE_ACCESS_RDWR, 0),
			 0);
	memcpy(data + 8, "QK      PLAIN", 13);
	sttape_fake_data_in(sttape_fake_expect(x->f, inq, sizeof(inq)), data,
			    sizeof(data));
	cmd_init(&c, inq, sizeof(inq), STTAPE_DIR_IN, buf, sizeof(buf));
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), 0);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	assert_memory_equal(buf, data, sizeof(data));
	assert_int_equal(sttape_session_close(x->s), 0);
}

static void test_transport_error_is_returned(void **state)
{
	struct ux *x = *state;
	static const uint8_t inq[6] = {OP_INQUIRY, 0, 0, 0, 36, 0};
	struct sttape_cmd_result res;
	struct sttape_cmd c;
	uint8_t buf[36];

	sttape_fake_sense_fixed(q(x, OP_TUR), STTAPE_SK_NOT_READY, 0x3a, 0x00,
				0, false, 0);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_CONTROL,
					     STTAPE_ACCESS_RDWR, 0),
			 0);
	sttape_fake_transport_err(sttape_fake_expect(x->f, inq, sizeof(inq)),
				  -ETIMEDOUT);
	cmd_init(&c, inq, sizeof(inq), STTAPE_DIR_IN, buf, sizeof(buf));
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -ETIMEDOUT);
	assert_int_equal(res.transport_err, -ETIMEDOUT);
	assert_int_equal(sttape_session_close(x->s), 0);
}

static void test_timed_out_space_forgets_refused_write_keeps(void **state)
{
	struct ux *x = *state;
	static const uint8_t space[6] = {OP_SPACE, 1, 0, 0, 1};
	static const uint8_t wr[6] = {OP_WRITE, 0, 0, 0, 64};
	struct sttape_transport *t = sttape_fake_transport(x->f);
	struct sttape_cmd_result res;
	struct sttape_status st;
	struct sttape_cmd c;
	uint8_t buf[64] = {0};

	open_mounted(x, STTAPE_SUBMODE_NOREWIND, STTAPE_ACCESS_RDWR);
	/* Longer than the path takes: refused by the host, never sent. */
	t->max_transfer = 16;
	cmd_init(&c, wr, sizeof(wr), STTAPE_DIR_OUT, buf, sizeof(buf));
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -EINVAL);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, 0);
	assert_int_equal(st.block, 0);
	t->max_transfer = 0;
	/* No answer in time: the tape may have moved all the same. */
	sttape_fake_transport_err(
		sttape_fake_expect(x->f, space, sizeof(space)), -ETIMEDOUT);
	cmd_init(&c, space, sizeof(space), STTAPE_DIR_NONE, NULL, 0);
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -ETIMEDOUT);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, -1);
	assert_int_equal(st.block, -1);
	q(x, OP_PREVENT);
}

static void test_refused_before_sending(void **state)
{
	struct ux *x = *state;
	static const uint8_t tur[6] = {OP_TUR};
	struct sttape_cmd_result res;
	struct sttape_cmd c;
	uint8_t buf[8];

	/* No node open. */
	cmd_init(&c, tur, sizeof(tur), STTAPE_DIR_NONE, NULL, 0);
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -ENODEV);
	/* Read-only node: only data-in commands (NetBSD SCIOCCOMMAND). */
	sttape_fake_sense_fixed(q(x, OP_TUR), STTAPE_SK_NOT_READY, 0x3a, 0x00,
				0, false, 0);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_CONTROL,
					     STTAPE_ACCESS_READ, 0),
			 0);
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -EBADF);
	/* Malformed: data with DIR_NONE, no data with DIR_IN, long CDB. */
	cmd_init(&c, tur, sizeof(tur), STTAPE_DIR_NONE, buf, sizeof(buf));
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -EINVAL);
	cmd_init(&c, tur, sizeof(tur), STTAPE_DIR_IN, NULL, 0);
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -EINVAL);
	cmd_init(&c, tur, 17, STTAPE_DIR_IN, buf, sizeof(buf));
	assert_int_equal(sttape_session_scsi(x->s, &c, &res), -EINVAL);
	assert_int_equal(sttape_session_close(x->s), 0);
	/* Nothing reached the drive but the open's TEST UNIT READY. */
}

static void test_status_refreshes_write_protect(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;

	open_mounted(x, STTAPE_SUBMODE_NOREWIND, STTAPE_ACCESS_READ);
	/* Peek sends nothing. */
	sttape_session_peek_status(x->s, &st);
	assert_false(st.write_protected);
	/* The tab was set after the mount: MTIOCGET sees it. */
	q_mode_sense(x, true);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_true(st.write_protected);
	/* A failing MODE SENSE fails MTIOCGET outside control mode. */
	sttape_fake_sense_fixed(q(x, OP_MSENSE), STTAPE_SK_HARDWARE_ERROR, 0x44,
				0x00, 0, false, 0);
	assert_int_equal(sttape_session_status(x->s, &st), -EIO);
	q(x, OP_PREVENT);
}

static void test_status_refresh_error_ignored_in_control(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;

	open_mounted(x, STTAPE_SUBMODE_CONTROL, STTAPE_ACCESS_READ);
	sttape_fake_sense_fixed(q(x, OP_MSENSE), STTAPE_SK_HARDWARE_ERROR, 0x44,
				0x00, 0, false, 0);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_true(st.mounted);
	assert_false(st.write_protected);
	q(x, OP_PREVENT);
}

static void test_status_without_medium_sends_nothing(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;

	sttape_fake_sense_fixed(q(x, OP_TUR), STTAPE_SK_NOT_READY, 0x3a, 0x00,
				0, false, 0);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_CONTROL,
					     STTAPE_ACCESS_READ, 0),
			 0);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_true(st.door_open);
	assert_int_equal(sttape_session_close(x->s), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ux_setup, ux_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cdb_and_data_out_pass_unchanged),
		T(test_data_in_and_neutral_keeps_position),
		T(test_space_forgets_position_and_owed_marks),
		T(test_raw_write_filemarks_then_close_writes_none),
		T(test_unit_attention_invalidates),
		T(test_control_mode_without_medium),
		T(test_transport_error_is_returned),
		T(test_timed_out_space_forgets_refused_write_keeps),
		T(test_refused_before_sending),
		T(test_status_refreshes_write_protect),
		T(test_status_refresh_error_ignored_in_control),
		T(test_status_without_medium_sends_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
