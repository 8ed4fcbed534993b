/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_session_raw_vd.c - the raw SCSI pass-through against the virtual
 * drive: INQUIRY and TEST UNIT READY in control mode with the cartridge
 * taken out, READ POSITION by raw CDB agreeing with the session's own,
 * a raw WRITE FILEMARKS leaving the cartridge without a second mark at
 * close, a raw SPACE leaving the counters unknown while reads go on;
 * MTIOCGET seeing a write-protect tab set after the mount.
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

#include "bytes.h"

struct vx {
	char dir[64];
	char image[96];
	char device[128];
	struct sttape_session *s;
};

static int vx_setup(void **state)
{
	struct vx *x = calloc(1, sizeof(*x));
	struct sttape_session_options o;
	char why[256] = "";

	assert_non_null(x);
	snprintf(x->dir, sizeof(x->dir), "/tmp/sttape-raw.XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->image, sizeof(x->image), "%s/t.img", x->dir);
	snprintf(x->device, sizeof(x->device), "vdrive:%s", x->image);
	assert_int_equal(sttape_vdrive_image_create(x->image, 16u << 20, "lto",
						    why, sizeof(why)),
			 0);
	sttape_session_options_init(&o);
	o.ready_poll_ms = 5;
	o.ready_wait_s = 2;
	assert_int_equal(
		sttape_session_create(x->device, &o, &x->s, why, sizeof(why)),
		0);
	*state = x;
	return 0;
}

static int vx_teardown(void **state)
{
	struct vx *x = *state;

	if (x->s)
		sttape_session_destroy(x->s);
	unlink(x->image);
	rmdir(x->dir);
	free(x);
	return 0;
}

static struct sttape_vdrive *vd(struct vx *x)
{
	return sttape_vdrive_of(
		sttape_drive_transport(sttape_session_drive(x->s)));
}

static int raw(struct vx *x, const uint8_t *cdb, size_t len,
	       enum sttape_dir dir, void *buf, size_t blen,
	       struct sttape_cmd_result *res)
{
	struct sttape_cmd c = {
		.cdb = cdb,
		.cdb_len = len,
		.dir = dir,
		.data = buf,
		.len = blen,
	};

	return sttape_session_scsi(x->s, &c, res);
}

static void test_control_mode_ejected(void **state)
{
	struct vx *x = *state;
	static const uint8_t inq[6] = {0x12, 0, 0, 0, 96, 0};
	static const uint8_t tur[6] = {0x00};
	struct sttape_cmd_result res;
	struct sttape_status st;
	uint8_t buf[96];

	sttape_vdrive_eject(vd(x));
	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_CONTROL,
					     STTAPE_ACCESS_RDWR, 0),
			 0);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(raw(x, inq, 6, STTAPE_DIR_IN, buf, sizeof(buf), &res),
			 0);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	assert_int_equal(buf[0] & 0x1f, 1); /* sequential-access device */
	sttape_session_peek_status(x->s, &st);
	assert_memory_equal(buf + 8, st.vendor, 8);
	assert_memory_equal(buf + 16, st.product, 16);
	assert_int_equal(res.resid, sizeof(buf) - (buf[4] + 5u));
	/* TEST UNIT READY: NOT READY, medium not present (SPC-5 4.5.6). */
	assert_int_equal(raw(x, tur, 6, STTAPE_DIR_NONE, NULL, 0, &res), 0);
	assert_int_equal(res.status, STTAPE_STATUS_CHECK_CONDITION);
	assert_true(res.sense_len >= 14);
	assert_int_equal(res.sense[2] & 0x0f, STTAPE_SK_NOT_READY);
	assert_int_equal(res.sense[12], 0x3a);
	/* MTIOCGET still answers in control mode without a medium. */
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_true(st.door_open);
	assert_int_equal(sttape_session_close(x->s), 0);
}

static void write_records(struct vx *x, int n)
{
	uint8_t rec[512];

	for (int i = 0; i < n; i++) {
		memset(rec, 'a' + i, sizeof(rec));
		assert_int_equal(sttape_session_write(x->s, rec, sizeof(rec)),
				 (int)sizeof(rec));
	}
}

static void test_read_position_matches_session(void **state)
{
	struct vx *x = *state;
	static const uint8_t rdpos[10] = {0x34};
	static const uint8_t back1[6] = {0x11, 0x00, 0xff, 0xff, 0xff};
	struct sttape_cmd_result res;
	struct sttape_position pos;
	struct sttape_status st;
	uint8_t buf[20], rec[512];
	uint32_t blk;

	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_RDWR, 0),
			 0);
	write_records(x, 3);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_REW, 1), 0);
	assert_int_equal(sttape_session_op(x->s, STTAPE_MT_FSR, 2), 0);
	assert_int_equal(sttape_session_read_position(x->s, false, &pos), 0);
	assert_int_equal(pos.block, 2);
	assert_int_equal(
		raw(x, rdpos, 10, STTAPE_DIR_IN, buf, sizeof(buf), &res), 0);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	blk = sttape_get_be32(buf + 4); /* first block (SSC-4 7.7.2) */
	assert_int_equal(blk, pos.block);
	/* READ POSITION leaves the counters known. */
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, 0);
	assert_int_equal(st.block, 2);
	/* A raw SPACE back one record: counters unknown, reads go on. */
	assert_int_equal(raw(x, back1, 6, STTAPE_DIR_NONE, NULL, 0, &res), 0);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	sttape_session_peek_status(x->s, &st);
	assert_int_equal(st.file, -1);
	assert_int_equal(st.block, -1);
	assert_int_equal(sttape_session_read(x->s, rec, sizeof(rec)),
			 (int)sizeof(rec));
	assert_int_equal(rec[0], 'b');
	assert_int_equal(sttape_session_close(x->s), 0);
}

static int count_marks(const struct sttape_vdrive_object *o, void *arg)
{
	if (o->filemark)
		++*(int *)arg;
	return 0;
}

static void test_raw_filemark_not_doubled_at_close(void **state)
{
	struct vx *x = *state;
	static const uint8_t wfm1[6] = {0x10, 0, 0, 0, 1, 0};
	struct sttape_vdrive_image_info info;
	struct sttape_cmd_result res;
	char why[256] = "";
	int marks = 0;

	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_RDWR, 0),
			 0);
	write_records(x, 2);
	assert_int_equal(raw(x, wfm1, 6, STTAPE_DIR_NONE, NULL, 0, &res), 0);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	assert_int_equal(sttape_session_close(x->s), 0);
	sttape_session_destroy(x->s);
	x->s = NULL;
	assert_int_equal(sttape_vdrive_image_walk(x->image, &info, count_marks,
						  &marks, why, sizeof(why)),
			 0);
	/* Only the raw filemark: the session forgot the ones it owed. */
	assert_int_equal(marks, 1);
	assert_int_equal(info.objects, 3);
}

/* MTIOCGET asks the drive: a tab set after the mount shows at once. */
static void test_status_sees_write_protect_set_later(void **state)
{
	struct vx *x = *state;
	struct sttape_status st;

	assert_int_equal(sttape_session_open(x->s, 0, STTAPE_SUBMODE_NOREWIND,
					     STTAPE_ACCESS_READ, 0),
			 0);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_false(st.write_protected);
	sttape_vdrive_set_write_protect(vd(x), true);
	sttape_session_peek_status(x->s, &st);
	assert_false(st.write_protected); /* peek sends nothing */
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_true(st.write_protected);
	sttape_vdrive_set_write_protect(vd(x), false);
	assert_int_equal(sttape_session_status(x->s, &st), 0);
	assert_false(st.write_protected);
	assert_int_equal(sttape_session_close(x->s), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, vx_setup, vx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_control_mode_ejected),
		T(test_read_position_matches_session),
		T(test_raw_filemark_not_doubled_at_close),
		T(test_status_sees_write_protect_set_later),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
