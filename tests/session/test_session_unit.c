/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_session_unit.c - the session against the scripted transport: the
 * exact command sequence of a mount (and what each quirk flag changes in
 * it), and error paths the virtual drive cannot easily produce: deferred
 * errors, becoming-ready retries, busy status, garbage sense, transport
 * failures.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sttape/quirks.h>
#include <sttape/session.h>

#include "fake_transport.h"

#define OP_TUR	   0x00
#define OP_REWIND  0x01
#define OP_RBL	   0x05
#define OP_READ	   0x08
#define OP_WRITE   0x0a
#define OP_WFM	   0x10
#define OP_INQUIRY 0x12
#define OP_MSELECT 0x15
#define OP_ERASE   0x19
#define OP_MSENSE  0x1a
#define OP_LOAD	   0x1b
#define OP_PREVENT 0x1e
#define OP_SPACE   0x11
#define OP_LOCATE  0x2b
#define OP_RDPOS   0x34

struct ux {
	struct sttape_fake *f;
	struct sttape_session *s;
	struct sttape_quirk_table *qt;
	struct sttape_session_options o;
};

static int ux_setup(void **state)
{
	struct ux *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->f = sttape_fake_new();
	sttape_session_options_init(&x->o);
	x->o.ready_poll_ms = 1;
	x->o.ready_wait_s = 1;
	*state = x;
	return 0;
}

static int ux_teardown(void **state)
{
	struct ux *x = *state;

	if (x->s)
		sttape_session_destroy(x->s);
	sttape_fake_assert_done(x->f);
	sttape_fake_free(x->f);
	sttape_quirk_table_free(x->qt);
	free(x);
	return 0;
}

static struct sttape_fake_step *q(struct ux *x, uint8_t op)
{
	return sttape_fake_expect_op(x->f, op);
}

static void q_sense(struct ux *x, uint8_t op, uint8_t key, uint8_t asc,
		    uint8_t ascq)
{
	sttape_fake_sense_fixed(q(x, op), key, asc, ascq, 0, false, 0);
}

static void q_inquiry(struct ux *x, const char *vendor, const char *product)
{
	uint8_t d[36];

	memset(d, ' ', sizeof(d));
	d[0] = 0x01;
	d[1] = 0x80;
	d[2] = 0x06;
	d[3] = 0x02;
	d[4] = 31;
	d[5] = d[6] = d[7] = 0;
	memcpy(d + 8, vendor, strlen(vendor));
	memcpy(d + 16, product, strlen(product));
	memcpy(d + 32, "0001", 4);
	sttape_fake_data_in(q(x, OP_INQUIRY), d, sizeof(d));
}

/* Create: INQUIRY, then the ATAPI capabilities-page probe (refused). */
static void create(struct ux *x, const char *vendor, const char *product)
{
	struct sttape_drive *d;

	q_inquiry(x, vendor, product);
	q_sense(x, OP_MSENSE, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0);
	assert_int_equal(sttape_drive_wrap(sttape_fake_transport(x->f), &d), 0);
	x->o.quirks = x->qt;
	assert_int_equal(sttape_session_create_drive(d, &x->o, &x->s, NULL, 0),
			 0);
}

static void load_quirk(struct ux *x, const char *text)
{
	assert_int_equal(sttape_quirk_table_new(&x->qt), 0);
	assert_int_equal(sttape_quirk_table_load_text(x->qt, "unit", text,
						      strlen(text), NULL),
			 0);
}

static void q_rbl(struct ux *x, uint32_t max, uint16_t min)
{
	uint8_t d[6] = {0,
			(uint8_t)(max >> 16),
			(uint8_t)(max >> 8),
			(uint8_t)max,
			(uint8_t)(min >> 8),
			(uint8_t)min};

	sttape_fake_data_in(q(x, OP_RBL), d, sizeof(d));
}

static void q_mode_sense(struct ux *x, uint8_t density, uint32_t blklen,
			 bool wp)
{
	uint8_t d[12] = {11,
			 0,
			 (uint8_t)(0x10 | (wp ? 0x80 : 0)),
			 8,
			 density,
			 0,
			 0,
			 0,
			 0,
			 (uint8_t)(blklen >> 16),
			 (uint8_t)(blklen >> 8),
			 (uint8_t)blklen};

	sttape_fake_data_in(q(x, OP_MSENSE), d, sizeof(d));
}

/* The mount after TEST UNIT READY: LOAD .. PREVENT. */
static void q_mount_rest(struct ux *x, bool prevent, bool select)
{
	q(x, OP_LOAD);
	q(x, OP_TUR);
	q_rbl(x, 0x10000, 1);
	q_mode_sense(x, 0x5a, 0, false);
	if (select)
		q(x, OP_MSELECT);
	if (prevent)
		q(x, OP_PREVENT);
}

static void q_mount(struct ux *x)
{
	q(x, OP_TUR);
	q_mount_rest(x, true, true);
}

static void open_nrst(struct ux *x)
{
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_RDWR, 0),
			 0);
}

static void test_open_sequence(void **state)
{
	struct ux *x = *state;
	struct sttape_fake_step *sel;
	const uint8_t *out;
	size_t len;

	create(x, "QK", "PLAIN");
	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	q_rbl(x, 0x10000, 1);
	q_mode_sense(x, 0x5a, 0, false);
	sel = q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	/* MODE SELECT: descriptor with density 0x5a, block length 0. */
	out = sttape_fake_data_out(sel, &len);
	assert_int_equal(len, 12);
	assert_int_equal(out[3], 8);
	assert_int_equal(out[4], 0x5a);
	assert_int_equal(out[9] | out[10] | out[11], 0);
	q(x, OP_PREVENT); /* ALLOW on close */
	assert_int_equal(sttape_session_close(x->s), 0);
}

static void test_open_absorbs_unit_attention(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;

	create(x, "QK", "PLAIN");
	q_sense(x, OP_TUR, STTAPE_SK_UNIT_ATTENTION, 0x29, 0x00);
	q_sense(x, OP_TUR, STTAPE_SK_UNIT_ATTENTION, 0x28, 0x00);
	q(x, OP_TUR);
	q_mount_rest(x, true, true);
	open_nrst(x);
	sttape_session_peek_status(x->s, &st);
	assert_true(st.online);
	assert_int_equal(st.file, 0);
	q(x, OP_PREVENT);
}

static void test_open_waits_becoming_ready(void **state)
{
	struct ux *x = *state;

	create(x, "QK", "PLAIN");
	q_sense(x, OP_TUR, STTAPE_SK_NOT_READY, 0x04, 0x01);
	q_sense(x, OP_TUR, STTAPE_SK_NOT_READY, 0x04, 0x01);
	q(x, OP_TUR);
	q_mount_rest(x, true, true);
	open_nrst(x);
	q(x, OP_PREVENT);
}

static void test_open_becoming_ready_gives_up(void **state)
{
	struct ux *x = *state;

	x->o.ready_wait_s = 0;
	create(x, "QK", "PLAIN");
	q_sense(x, OP_TUR, STTAPE_SK_NOT_READY, 0x04, 0x01);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_REWIND,
					     STTAPE_ACCESS_READ, 0),
			 -EIO);
	assert_false(sttape_session_is_open(x->s));
}

static void test_open_busy_retried(void **state)
{
	struct ux *x = *state;

	create(x, "QK", "PLAIN");
	sttape_fake_status(q(x, OP_TUR), STTAPE_STATUS_BUSY);
	q(x, OP_TUR);
	q_mount_rest(x, true, true);
	open_nrst(x);
	q(x, OP_PREVENT);
}

static void test_open_no_medium_enomedium(void **state)
{
	struct ux *x = *state;

	create(x, "QK", "PLAIN");
	q_sense(x, OP_TUR, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_REWIND,
					     STTAPE_ACCESS_READ, 0),
			 -ENOMEDIUM);
	q_sense(x, OP_TUR, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_CONTROL,
					     STTAPE_ACCESS_READ, 0),
			 0);
	assert_int_equal(sttape_session_close(x->s), 0);
}

static void test_mode_select_failure_fails_open(void **state)
{
	struct ux *x = *state;

	create(x, "QK", "PLAIN");
	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	q_rbl(x, 0x10000, 1);
	q_mode_sense(x, 0x5a, 0, false);
	q_sense(x, OP_MSELECT, STTAPE_SK_ILLEGAL_REQUEST, 0x26, 0x00);
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_REWIND,
					     STTAPE_ACCESS_READ, 0),
			 -EINVAL);
	assert_false(sttape_session_is_open(x->s));
}

static void test_setbsiz_rollback_on_select_failure(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	q_sense(x, OP_MSELECT, STTAPE_SK_ILLEGAL_REQUEST, 0x26, 0x00);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_SETBSIZ, 2048),
			 -EINVAL);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.block_size, 0);
	q(x, OP_PREVENT);
}

static void test_deferred_error_on_write(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;
	uint8_t sense[18], buf[100] = {0};
	size_t n;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	n = sttape_fake_build_sense(sense, STTAPE_SK_MEDIUM_ERROR, 0x0c, 0x00,
				    0, false, 0);
	sense[0] = 0x71; /* deferred: an earlier buffered write failed */
	sttape_fake_sense(q(x, OP_WRITE), sense, n);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), -EIO);
	q_mode_sense(x, 0x5a, 0, false); /* MTIOCGET refreshes write protect */
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_int_equal(st.sense_key, STTAPE_SK_MEDIUM_ERROR);
	assert_int_equal(st.asc, 0x0c);
	assert_int_equal(st.file, -1);
	assert_int_equal(st.block, -1);
	/* Read and cleared. */
	q_mode_sense(x, 0x5a, 0, false);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_int_equal(st.sense_key, 0);
	/* Owed filemarks are still attempted on close. */
	q(x, OP_WFM);
	q(x, OP_PREVENT);
	q(x, OP_WFM + 1); /* SPACE back over the second mark */
}

static void test_deferred_early_warning_is_error(void **state)
{
	struct ux *x = *state;
	uint8_t sense[18], buf[64] = {0};
	size_t n;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	n = sttape_fake_build_sense(sense, STTAPE_SK_NO_SENSE, 0x00, 0x02,
				    STTAPE_FAKE_EOM, true, 0);
	sense[0] = 0x71;
	sttape_fake_sense(q(x, OP_WRITE), sense, n);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), -EIO);
	q(x, OP_WFM);
	q(x, OP_PREVENT);
	q(x, OP_WFM + 1);
}

static void test_garbage_sense_on_read(void **state)
{
	struct ux *x = *state;
	static const uint8_t junk[] = {0x12, 0x34, 0x56};
	uint8_t buf[100];
	struct sttape_fake_step *s;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	sttape_fake_sense(q(x, OP_READ), junk, sizeof(junk));
	assert_int_equal(sttape_session_read(x->s, buf, sizeof(buf)), -EIO);
	/* The session goes on: the next read works. */
	s = q(x, OP_READ);
	sttape_fake_data_in(s, "hello", 5);
	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0, 0, STTAPE_FAKE_ILI,
				true, 95);
	assert_int_equal(sttape_session_read(x->s, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	q(x, OP_PREVENT);
}

static void test_transport_error_on_read(void **state)
{
	struct ux *x = *state;
	uint8_t buf[100];
	struct sttape_status st;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	sttape_fake_transport_err(q(x, OP_READ), -ENODEV);
	assert_int_equal(sttape_session_read(x->s, buf, sizeof(buf)), -EIO);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, -1);
	q(x, OP_PREVENT);
}

/*
 * tgt answers a SPACE that runs into end of data with NO SENSE 00/05 and
 * no INFORMATION: how many filemarks were passed is unknown, so the file
 * number must become unknown, not stay where the space started.
 */
static void test_space_to_eod_without_residue_loses_file(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	q_sense(x, OP_SPACE, STTAPE_SK_NO_SENSE, 0x00, 0x05);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_FSF, 3), -EIO);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, -1);
	assert_int_equal(st.block, -1);
	q(x, OP_PREVENT);
}

static void test_read_becoming_ready_retried(void **state)
{
	struct ux *x = *state;
	uint8_t buf[10];

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	q_sense(x, OP_READ, STTAPE_SK_NOT_READY, 0x04, 0x01);
	sttape_fake_data_in(q(x, OP_READ), "0123456789", 10);
	assert_int_equal(sttape_session_read(x->s, buf, sizeof(buf)), 10);
	q(x, OP_PREVENT);
}

static void test_early_warning_short_write(void **state)
{
	struct ux *x = *state;
	uint8_t buf[1000] = {0};
	struct sttape_status st;
	size_t before;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	sttape_fake_sense_fixed(q(x, OP_WRITE), STTAPE_SK_NO_SENSE, 0x00, 0x02,
				STTAPE_FAKE_EOM, true, 100);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), 900);
	sttape_session_peek_status(x->s, &st);
	assert_true(st.eot);
	assert_int_equal(st.residue, 100);
	/* Next write: 0 bytes, no command sent; then writing goes on. */
	before = sttape_fake_steps_run(x->f);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), 0);
	assert_int_equal(sttape_fake_steps_run(x->f), before);
	q(x, OP_WRITE);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)),
			 (int)sizeof(buf));
	q(x, OP_WFM);
	q(x, OP_PREVENT);
	q(x, OP_WFM + 1);
}

static void test_early_warning_off_eio(void **state)
{
	struct ux *x = *state;
	uint8_t buf[1000] = {0};

	x->o.early_warning = false;
	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	sttape_fake_sense_fixed(q(x, OP_WRITE), STTAPE_SK_NO_SENSE, 0x00, 0x02,
				STTAPE_FAKE_EOM, true, 0);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), -EIO);
	sttape_fake_sense_fixed(q(x, OP_WRITE), STTAPE_SK_VOLUME_OVERFLOW, 0x00,
				0x02, STTAPE_FAKE_EOM, true, 1000);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)), -EIO);
	q(x, OP_WFM);
	q(x, OP_PREVENT);
	q(x, OP_WFM + 1);
}

static const char ignl_q[] = "[ignl]\nvendor = \"QK\"\nproduct = \"IGNL\"\n"
			     "flags = IGNORE_LOADS\n";

static void test_quirk_ignore_loads_rewinds(void **state)
{
	struct ux *x = *state;

	load_quirk(x, ignl_q);
	create(x, "QK", "IGNL");
	q(x, OP_TUR);
	q(x, OP_REWIND);
	q(x, OP_TUR);
	q_rbl(x, 0x10000, 1);
	q_mode_sense(x, 0x5a, 0, false);
	q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	q(x, OP_PREVENT);
}

static const char unim_q[] = "[unim]\nvendor = \"QK\"\nproduct = \"UNIM\"\n"
			     "flags = UNIMODAL\n";

static void test_quirk_unimodal_never_selects(void **state)
{
	struct ux *x = *state;

	load_quirk(x, unim_q);
	create(x, "QK", "UNIM");
	q(x, OP_TUR);
	q_mount_rest(x, true, false);
	open_nrst(x);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_SETBSIZ, 512), 0);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_NOCACHE, 0), 0);
	q(x, OP_PREVENT);
}

static const char nopr_q[] = "[nopr]\nvendor = \"QK\"\nproduct = \"NOPR\"\n"
			     "flags = NOPREVENT\n";

static void test_quirk_noprevent(void **state)
{
	struct ux *x = *state;

	load_quirk(x, nopr_q);
	create(x, "QK", "NOPR");
	q(x, OP_TUR);
	q_mount_rest(x, false, true);
	open_nrst(x);
	assert_int_equal(sttape_session_close(x->s), 0);
}

/* READ POSITION short form (SSC-4 7.7.2): first block `blk`. */
static struct sttape_fake_step *q_rdpos(struct ux *x, uint32_t blk)
{
	struct sttape_fake_step *e = q(x, OP_RDPOS);
	uint8_t d[20] = {0};

	d[4] = (uint8_t)(blk >> 24);
	d[5] = (uint8_t)(blk >> 16);
	d[6] = (uint8_t)(blk >> 8);
	d[7] = (uint8_t)blk;
	memcpy(d + 8, d + 4, 4); /* last block location */
	sttape_fake_data_in(e, d, sizeof(d));
	return e;
}

/*
 * MTIOCRDHPOS / MTIOCHLOCATE ask for the drive's own (hardware) block
 * numbers: READ POSITION service action 01h and LOCATE with BT; the
 * logical ones clear both (SSC-4 7.7, 6.3).
 */
static void test_hardware_positions_set_bt(void **state)
{
	struct ux *x = *state;
	struct sttape_fake_step *e;
	struct sttape_position pos;
	const uint8_t *cdb;
	size_t len;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	for (int hw = 0; hw < 2; hw++) {
		e = q_rdpos(x, 7);
		assert_int_equal(sttape_session_read_position(x->s, hw, &pos),
				 0);
		assert_int_equal(pos.block, 7);
		cdb = sttape_fake_cdb_seen(e, &len);
		assert_int_equal(cdb[1] & 0x1f, hw ? 0x01 : 0x00);

		e = q(x, OP_LOCATE);
		q(x, OP_TUR);  /* the immediate locate has ended */
		q_rdpos(x, 9); /* where it went */
		assert_int_equal(sttape_session_locate(x->s, hw, 9), 0);
		cdb = sttape_fake_cdb_seen(e, &len);
		assert_int_equal(cdb[1] & 0x04, hw ? 0x04 : 0x00); /* BT */
	}
	q(x, OP_PREVENT);
}

static const char noim_q[] = "[noim]\nvendor = \"QK\"\nproduct = \"NOIM\"\n"
			     "flags = ERASE_NOIMM\n";

static void test_erase_immed_by_default(void **state)
{
	struct ux *x = *state;
	struct sttape_fake_step *e;
	const uint8_t *cdb;
	size_t len;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	e = q(x, OP_ERASE);
	q(x, OP_TUR); /* wait for the immediate erase */
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_ERASE, 1), 0);
	cdb = sttape_fake_cdb_seen(e, &len);
	assert_int_equal(cdb[1] & 0x03, 0x03); /* IMMED | LONG */
	q(x, OP_PREVENT);
}

static void test_quirk_erase_noimm(void **state)
{
	struct ux *x = *state;
	struct sttape_fake_step *e;
	const uint8_t *cdb;
	size_t len;

	load_quirk(x, noim_q);
	create(x, "QK", "NOIM");
	q_mount(x);
	open_nrst(x);
	e = q(x, OP_ERASE);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_ERASE, 0), 0);
	cdb = sttape_fake_cdb_seen(e, &len);
	assert_int_equal(cdb[1] & 0x03, 0x00); /* no IMMED, gap */
	q(x, OP_PREVENT);
}

static const char nofm_q[] = "[nofm]\nvendor = \"QK\"\nproduct = \"NOFM\"\n"
			     "flags = NOFILEMARKS\n";

static void test_quirk_nofilemarks_count_zero(void **state)
{
	struct ux *x = *state;
	struct sttape_fake_step *w;
	const uint8_t *cdb;
	size_t len;

	load_quirk(x, nofm_q);
	create(x, "QK", "NOFM");
	q_mount(x);
	open_nrst(x);
	w = q(x, OP_WFM);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_WEOF, 3), 0);
	cdb = sttape_fake_cdb_seen(w, &len);
	assert_int_equal(cdb[2] | cdb[3] | cdb[4], 0);
	q(x, OP_PREVENT);
}

static const char help_q[] = "[help]\nvendor = \"QK\"\nproduct = \"HELP\"\n"
			     "flags = SENSE_HELP\n";

static void test_quirk_sense_help_touches_tape(void **state)
{
	struct ux *x = *state;
	struct sttape_fake_step *r1, *r2;
	const uint8_t *cdb;
	size_t len;

	load_quirk(x, help_q);
	create(x, "QK", "HELP");
	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	/* 1024-byte blocks: wrong length; 512: good. */
	q(x, OP_MSELECT);
	r1 = q(x, OP_READ);
	sttape_fake_sense_fixed(r1, STTAPE_SK_NO_SENSE, 0, 0, STTAPE_FAKE_ILI,
				true, 1);
	q(x, OP_REWIND);
	q(x, OP_MSELECT);
	r2 = q(x, OP_READ);
	sttape_fake_data_in(r2, (uint8_t[512]){0}, 512);
	q(x, OP_REWIND);
	q_rbl(x, 512, 512);
	q_mode_sense(x, 0x11, 512, false);
	q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	cdb = sttape_fake_cdb_seen(r1, &len);
	assert_int_equal(cdb[1] & 1, 1); /* fixed */
	cdb = sttape_fake_cdb_seen(r2, &len);
	assert_int_equal(cdb[1] & 1, 1);
	q(x, OP_PREVENT);
}

static void test_atapi_sequence(void **state)
{
	struct ux *x = *state;
	struct sttape_drive *d;
	struct sttape_fake_step *ld, *rw;
	uint8_t page[4 + 20] = {23, 0, 0, 0};
	const uint8_t *cdb;
	size_t len;
	struct sttape_status st;

	page[4] = 0x2a;
	page[5] = 0x12;
	page[4 + 7] = 0x02; /* 512-byte blocks */
	q_inquiry(x, "QK", "ATAPI");
	sttape_fake_data_in(q(x, OP_MSENSE), page, sizeof(page));
	assert_int_equal(sttape_drive_wrap(sttape_fake_transport(x->f), &d), 0);
	assert_int_equal(sttape_session_create_drive(d, &x->o, &x->s, NULL, 0),
			 0);
	q(x, OP_TUR);
	ld = q(x, OP_LOAD);
	q(x, OP_TUR);
	sttape_fake_data_in(q(x, OP_MSENSE), page, sizeof(page)); /* no RBL */
	q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	cdb = sttape_fake_cdb_seen(ld, &len);
	assert_int_equal(cdb[1] & 1, 1); /* IMMED */
	sttape_session_peek_status(x->s, &st);
	assert_true(st.atapi);
	assert_int_equal(st.block_size, 512);
	rw = q(x, OP_REWIND);
	q(x, OP_TUR);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_REW, 0), 0);
	cdb = sttape_fake_cdb_seen(rw, &len);
	assert_int_equal(cdb[1] & 1, 1);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_CMPRESS, 1),
			 -ENODEV);
	rw = q(x, OP_WFM);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_WEOF, 1), 0);
	cdb = sttape_fake_cdb_seen(rw, &len);
	assert_int_equal(cdb[1] & 1, 1); /* IMMED */
	q(x, OP_PREVENT);
}

static void test_atapi_probed_again_at_mount(void **state)
{
	struct ux *x = *state;
	struct sttape_drive *d;
	uint8_t page[4 + 20] = {23, 0, 0, 0};
	struct sttape_status st;

	page[4] = 0x2a;
	page[5] = 0x12;
	page[4 + 7] = 0x04; /* 1024-byte blocks */
	q_inquiry(x, "QK", "ATAPI");
	q_sense(x, OP_MSENSE, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	assert_int_equal(sttape_drive_wrap(sttape_fake_transport(x->f), &d), 0);
	assert_int_equal(sttape_session_create_drive(d, &x->o, &x->s, NULL, 0),
			 0);
	sttape_session_peek_status(x->s, &st);
	assert_false(st.atapi);
	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	sttape_fake_data_in(q(x, OP_MSENSE), page, sizeof(page)); /* probe */
	sttape_fake_data_in(q(x, OP_MSENSE), page, sizeof(page)); /* no RBL */
	q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	sttape_session_peek_status(x->s, &st);
	assert_true(st.atapi);
	assert_int_equal(st.block_size, 1024);
	q(x, OP_PREVENT);
}

/* Mount with the given block limits and medium; the block size chosen. */
static uint32_t decided(struct ux *x, uint32_t max, uint16_t min,
			uint8_t density, uint32_t media_bs)
{
	struct sttape_fake_step *sel;
	struct sttape_status st;
	const uint8_t *out;
	size_t len;

	create(x, "QK", "PLAIN");
	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	q_rbl(x, max, min);
	q_mode_sense(x, density, media_bs, false);
	sel = q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	sttape_session_peek_status(x->s, &st);
	out = sttape_fake_data_out(sel, &len);
	assert_int_equal(len, 12);
	assert_int_equal(out[4], density);
	assert_int_equal((uint32_t)out[9] << 16 | out[10] << 8 | out[11],
			 st.block_size);
	q(x, OP_PREVENT);
	return st.block_size;
}

static void test_decide_equal_limits_fixed(void **state)
{
	assert_int_equal(decided(*state, 1024, 1024, 0x5a, 0), 1024);
}

static void test_decide_qic_media_block_size(void **state)
{
	assert_int_equal(decided(*state, 65536, 1, 0x11, 1024), 1024);
}

static void test_decide_qic_default_512(void **state)
{
	assert_int_equal(decided(*state, 65536, 1, 0x10, 0), 512);
}

static void test_decide_dds_variable(void **state)
{
	assert_int_equal(decided(*state, 65536, 1, 0x13, 512), 0);
}

static void test_decide_halfinch_variable(void **state)
{
	assert_int_equal(decided(*state, 65536, 1, 0x03, 512), 0);
}

static void test_decide_other_density_variable(void **state)
{
	assert_int_equal(decided(*state, 0x800000, 1, 0x5a, 0), 0);
}

static const char page0_q[] = "[p0]\nvendor = \"QK\"\nproduct = \"P0\"\n"
			      "page0_size = 4\n";

static void test_quirk_page0_sent_back(void **state)
{
	struct ux *x = *state;
	static const uint8_t sense[] = {19,   0,    0x10, 8,	0x11, 0,
					0,    0,    0,	  0,	2,    0,
					0x00, 0x02, 0xc3, 0xd4, 0xe5, 0xf6};
	struct sttape_fake_step *sel;
	const uint8_t *out;
	size_t len;

	load_quirk(x, page0_q);
	create(x, "QK", "P0");
	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	q_rbl(x, 512, 512);
	sttape_fake_data_in(q(x, OP_MSENSE), sense, sizeof(sense));
	sel = q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	out = sttape_fake_data_out(sel, &len);
	assert_int_equal(len, 12 + 4);
	assert_memory_equal(out + 12, sense + 12, 4);
	q(x, OP_PREVENT);
}

static void test_recovered_error_counted(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;
	uint8_t buf[64] = {0};
	struct sttape_fake_step *r;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	sttape_fake_sense_fixed(q(x, OP_WRITE), STTAPE_SK_RECOVERED_ERROR, 0x17,
				0x01, 0, false, 0);
	assert_int_equal(sttape_session_write(x->s, buf, sizeof(buf)),
			 (int)sizeof(buf));
	q(x, OP_WFM);	  /* BSR: the owed marks first, */
	q(x, OP_WFM + 1); /* back over them, */
	q(x, OP_WFM + 1); /* then the record */
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_BSR, 1), 0);
	r = q(x, OP_READ);
	sttape_fake_data_in(r, buf, sizeof(buf));
	sttape_fake_sense_fixed(r, STTAPE_SK_RECOVERED_ERROR, 0x17, 0x01, 0,
				false, 0);
	assert_int_equal(sttape_session_read(x->s, buf, sizeof(buf)),
			 (int)sizeof(buf));
	q_mode_sense(x, 0x5a, 0, false);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_int_equal(st.recovered_errors, 2);
	assert_int_equal(st.sense_key, STTAPE_SK_RECOVERED_ERROR);
	assert_int_equal(st.block, 1);
	q_mode_sense(x, 0x5a, 0, false);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_int_equal(st.recovered_errors, 0);
	q(x, OP_PREVENT);
}

static void test_compression_page_0f(void **state)
{
	struct ux *x = *state;
	/* Header, no descriptor, Data Compression page: DCC set, DCE off. */
	static const uint8_t ms[4 + 16] = {19, 0, 0x10, 0, 0x8f, 0x0e, 0x40};
	struct sttape_fake_step *sel;
	const uint8_t *out;
	size_t len;
	struct sttape_status st;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	sttape_fake_data_in(q(x, OP_MSENSE), ms, sizeof(ms));
	sel = q(x, OP_MSELECT);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_CMPRESS, 1), 0);
	out = sttape_fake_data_out(sel, &len);
	assert_int_equal(len, 4 + 16);
	assert_int_equal(out[4], 0x0f); /* PS cleared */
	assert_int_equal(out[6], 0xc0); /* DCE set, DCC kept */
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.compression, 1);
	q(x, OP_PREVENT);
}

static void test_compression_falls_back_to_page_10(void **state)
{
	struct ux *x = *state;
	uint8_t ms[4 + 16] = {19, 0, 0x10, 0, 0x10, 0x0e};
	struct sttape_fake_step *sel;
	const uint8_t *out;
	size_t len;

	ms[4 + 14] = 1; /* SELECT DATA COMPRESSION ALGORITHM: on */
	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	q_sense(x, OP_MSENSE, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	sttape_fake_data_in(q(x, OP_MSENSE), ms, sizeof(ms));
	sel = q(x, OP_MSELECT);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_CMPRESS, 0), 0);
	out = sttape_fake_data_out(sel, &len);
	assert_int_equal(len, 4 + 16);
	assert_int_equal(out[4], 0x10);
	assert_int_equal(out[4 + 14], 0);
	q(x, OP_PREVENT);
}

static void test_compression_already_set_no_select(void **state)
{
	struct ux *x = *state;
	static const uint8_t ms[4 + 16] = {19, 0, 0x10, 0, 0x0f, 0x0e, 0xc0};

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	sttape_fake_data_in(q(x, OP_MSENSE), ms, sizeof(ms));
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_CMPRESS, 1), 0);
	q(x, OP_PREVENT);
}

static void test_mount_retries_aborted_and_unit_attention(void **state)
{
	struct ux *x = *state;

	create(x, "QK", "PLAIN");
	q(x, OP_TUR);
	q(x, OP_LOAD);
	q(x, OP_TUR);
	q_sense(x, OP_RBL, STTAPE_SK_ABORTED_COMMAND, 0x47, 0x00);
	q_rbl(x, 0x10000, 1);
	q_sense(x, OP_MSENSE, STTAPE_SK_UNIT_ATTENTION, 0x2a, 0x01);
	q_mode_sense(x, 0x5a, 0, false);
	q(x, OP_MSELECT);
	q(x, OP_PREVENT);
	open_nrst(x);
	q(x, OP_PREVENT);
}

static void test_unit_attention_on_select_mid_session(void **state)
{
	struct ux *x = *state;
	struct sttape_status st;

	create(x, "QK", "PLAIN");
	q_mount(x);
	open_nrst(x);
	q_sense(x, OP_MSELECT, STTAPE_SK_UNIT_ATTENTION, 0x28, 0x00);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_SETBSIZ, 512), -EIO);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.block_size, 0); /* rolled back */
	assert_true(st.position_lost);
	assert_false(st.online);
	q(x, OP_PREVENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, ux_setup, ux_teardown)
		T(test_open_sequence),
		T(test_open_absorbs_unit_attention),
		T(test_open_waits_becoming_ready),
		T(test_open_becoming_ready_gives_up),
		T(test_open_busy_retried),
		T(test_open_no_medium_enomedium),
		T(test_mode_select_failure_fails_open),
		T(test_setbsiz_rollback_on_select_failure),
		T(test_deferred_error_on_write),
		T(test_deferred_early_warning_is_error),
		T(test_garbage_sense_on_read),
		T(test_transport_error_on_read),
		T(test_read_becoming_ready_retried),
		T(test_space_to_eod_without_residue_loses_file),
		T(test_early_warning_short_write),
		T(test_early_warning_off_eio),
		T(test_quirk_ignore_loads_rewinds),
		T(test_quirk_unimodal_never_selects),
		T(test_quirk_noprevent),
		T(test_erase_immed_by_default),
		T(test_hardware_positions_set_bt),
		T(test_quirk_erase_noimm),
		T(test_quirk_nofilemarks_count_zero),
		T(test_quirk_sense_help_touches_tape),
		T(test_atapi_sequence),
		T(test_atapi_probed_again_at_mount),
		T(test_quirk_page0_sent_back),
		T(test_recovered_error_counted),
		T(test_mount_retries_aborted_and_unit_attention),
		T(test_unit_attention_on_select_mid_session),
		T(test_compression_page_0f),
		T(test_compression_falls_back_to_page_10),
		T(test_compression_already_set_no_select),
		T(test_decide_equal_limits_fixed),
		T(test_decide_qic_media_block_size),
		T(test_decide_qic_default_512),
		T(test_decide_dds_variable),
		T(test_decide_halfinch_variable),
		T(test_decide_other_density_variable),
#undef T
	};

	return cmocka_run_group_tests_name("session unit", tests, NULL, NULL);
}
