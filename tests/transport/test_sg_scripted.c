/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_sg_scripted.c - the sg backend's logic above SG_IO, with
 * libsgutils2's pass-through calls replaced by a script.
 *
 * This kernel has no SCSI layer, so no /dev/sg exists.  This program
 * defines the sg_pt functions sg.c calls (the executable's definitions
 * take precedence over libsgutils2's at link time) and opens
 * "sg:/dev/null": a real character device, which the scripted
 * check_pt_file_handle calls sg.  Each SG_IO takes the next scripted
 * reply; the script records what sg.c asked for (opcode, direction,
 * length, timeout).  The real SG_IO path runs in the vm label.
 */
#include <sttape/transport.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* The prototypes being replaced (tests only; src/ keeps them in sg.c). */
#include <scsi/sg_pt.h>

#define MAX_STEPS 16

struct step {
	uint8_t opcode; /* expected CDB[0] */
	int rc;		/* do_scsi_pt return */
	int category;	/* SCSI_PT_RESULT_* */
	int os_err;	/* for SCSI_PT_RESULT_OS_ERR */
	int host;	/* for SCSI_PT_RESULT_TRANSPORT_ERR */
	int status;	/* SCSI status */
	uint8_t sense[32];
	int sense_len;
	int resid;
	uint8_t data[64]; /* data-in bytes copied to the buffer */
	size_t data_len;
	/* Recorded. */
	int timeout_secs;
	int dir; /* 0 none, 1 in, 2 out */
	int len;
};

static struct {
	struct step steps[MAX_STEPS];
	int n, next;
	int check_kind; /* what check_pt_file_handle says */
} script;

struct sg_pt_base {
	int fd;
	const uint8_t *cdb;
	int cdb_len;
	uint8_t *sense;
	int sense_max;
	uint8_t *din;
	int din_len;
	int dout_len;
	struct step *cur;
};

static struct step *add_step(uint8_t opcode)
{
	struct step *s;

	assert_true(script.n < MAX_STEPS);
	s = &script.steps[script.n++];
	memset(s, 0, sizeof(*s));
	s->opcode = opcode;
	s->category = SCSI_PT_RESULT_GOOD;
	return s;
}

static void script_reset(void)
{
	memset(&script, 0, sizeof(script));
	script.check_kind = 1;
}

/* --- the replaced libsgutils2 functions --- */

int scsi_pt_open_device(const char *device_name, bool read_only, int verbose)
{
	int fd = open(device_name, O_RDWR);

	return fd < 0 ? -errno : fd;
}

int scsi_pt_close_device(int device_fd)
{
	return close(device_fd) ? -errno : 0;
}

int check_pt_file_handle(int dev_fd, const char *device_name, int verbose)
{
	return script.check_kind;
}

struct sg_pt_base *construct_scsi_pt_obj_with_fd(int dev_fd, int verbose)
{
	struct sg_pt_base *p = calloc(1, sizeof(*p));

	if (p)
		p->fd = dev_fd;
	return p;
}

void destruct_scsi_pt_obj(struct sg_pt_base *objp)
{
	free(objp);
}

void clear_scsi_pt_obj(struct sg_pt_base *objp)
{
	int fd = objp->fd;

	memset(objp, 0, sizeof(*objp));
	objp->fd = fd;
}

void set_scsi_pt_cdb(struct sg_pt_base *objp, const uint8_t *cdb, int cdb_len)
{
	objp->cdb = cdb;
	objp->cdb_len = cdb_len;
}

void set_scsi_pt_sense(struct sg_pt_base *objp, uint8_t *sense,
		       int max_sense_len)
{
	objp->sense = sense;
	objp->sense_max = max_sense_len;
}

void set_scsi_pt_data_in(struct sg_pt_base *objp, uint8_t *dxferp,
			 int dxfer_ilen)
{
	objp->din = dxferp;
	objp->din_len = dxfer_ilen;
}

void set_scsi_pt_data_out(struct sg_pt_base *objp, const uint8_t *dxferp,
			  int dxfer_olen)
{
	objp->dout_len = dxfer_olen;
}

int do_scsi_pt(struct sg_pt_base *objp, int fd, int timeout_secs, int verbose)
{
	struct step *s;

	if (script.next >= script.n)
		fail_msg("unexpected command 0x%02x", objp->cdb[0]);
	s = &script.steps[script.next++];
	objp->cur = s;
	if (objp->cdb[0] != s->opcode)
		fail_msg("command 0x%02x, script expects 0x%02x", objp->cdb[0],
			 s->opcode);
	s->timeout_secs = timeout_secs;
	s->dir = objp->din ? 1 : objp->dout_len ? 2 : 0;
	s->len = objp->din ? objp->din_len : objp->dout_len;
	if (objp->din && s->data_len)
		memcpy(objp->din, s->data,
		       s->data_len < (size_t)objp->din_len
			       ? s->data_len
			       : (size_t)objp->din_len);
	if (s->sense_len && objp->sense)
		memcpy(objp->sense, s->sense,
		       s->sense_len < objp->sense_max ? s->sense_len
						      : objp->sense_max);
	return s->rc;
}

int get_scsi_pt_result_category(const struct sg_pt_base *objp)
{
	return objp->cur->category;
}

int get_scsi_pt_os_err(const struct sg_pt_base *objp)
{
	return objp->cur ? objp->cur->os_err : 0;
}

int get_scsi_pt_transport_err(const struct sg_pt_base *objp)
{
	return objp->cur->host;
}

int get_scsi_pt_status_response(const struct sg_pt_base *objp)
{
	return objp->cur->status;
}

int get_scsi_pt_sense_len(const struct sg_pt_base *objp)
{
	return objp->cur->sense_len;
}

int get_scsi_pt_resid(const struct sg_pt_base *objp)
{
	return objp->cur->resid;
}

/* --- script helpers --- */

static void inquiry_step(uint8_t byte0)
{
	struct step *s = add_step(0x12);

	memset(s->data, ' ', 36);
	s->data[0] = byte0;
	s->data[4] = 31;
	memcpy(s->data + 8, "VENDOR", 6);
	memcpy(s->data + 16, "TAPE DRIVE", 10);
	memcpy(s->data + 32, "0042", 4);
	s->data_len = 36;
	s->resid = 96 - 36;
}

static void block_limits_step(uint32_t max)
{
	struct step *s = add_step(0x05);

	s->data[1] = (uint8_t)(max >> 16);
	s->data[2] = (uint8_t)(max >> 8);
	s->data[3] = (uint8_t)max;
	s->data[5] = 1;
	s->data_len = 6;
}

static void ua_step(uint8_t opcode, uint8_t asc)
{
	struct step *s = add_step(opcode);

	s->category = SCSI_PT_RESULT_SENSE;
	s->status = STTAPE_STATUS_CHECK_CONDITION;
	s->sense[0] = 0x70;
	s->sense[2] = 0x06;
	s->sense[7] = 10;
	s->sense[12] = asc;
	s->sense_len = 18;
}

static int open_null(struct sttape_transport **t, char *why, size_t len)
{
	*t = NULL;
	why[0] = '\0';
	return sttape_transport_open("sg:/dev/null", t, why, len);
}

static void expect_open_fails(int err, const char *part)
{
	struct sttape_transport *t;
	char why[512];

	assert_int_equal(open_null(&t, why, sizeof(why)), err);
	assert_null(t);
	if (!strstr(why, part))
		fail_msg("why \"%s\" lacks \"%s\"", why, part);
	assert_int_equal(script.next, script.n);
}

static int reset(void **state)
{
	script_reset();
	return 0;
}

static void opened(struct sttape_transport **t)
{
	char why[512];

	assert_int_equal(open_null(t, why, sizeof(why)), 0);
	assert_non_null(*t);
}

static void exec(struct sttape_transport *t, uint8_t opcode,
		 enum sttape_dir dir, void *data, size_t len,
		 unsigned int timeout_ms, struct sttape_cmd_result *res)
{
	const uint8_t cdb[6] = {opcode};
	struct sttape_cmd cmd = {
		.cdb = cdb,
		.cdb_len = 6,
		.dir = dir,
		.data = data,
		.len = len,
		.timeout_ms = timeout_ms,
	};

	assert_int_equal(sttape_transport_execute(t, &cmd, res), 0);
}

/* --- tests --- */

static void test_open_probes_and_sets_limit(void **state)
{
	struct sttape_transport *t;
	char desc[256];

	inquiry_step(0x01);
	block_limits_step(0x100000);
	opened(&t);
	assert_int_equal(script.next, 2);
	assert_int_equal(script.steps[0].dir, 1);
	assert_int_equal(script.steps[0].timeout_secs, 30);
	assert_int_equal(script.steps[1].len, 6);
	/*
	 * No host limit is readable for /dev/null, and the drive's maximum
	 * block length is no limit of the path.
	 */
	assert_int_equal(t->max_transfer, 0);
	sttape_transport_describe(t, desc, sizeof(desc));
	assert_non_null(strstr(desc, "sg /dev/null [VENDOR TAPE DRIVE 0042]"));
	assert_non_null(strstr(desc, "max transfer 0 (drive 1048576,"));
	sttape_transport_close(t);
}

static void test_bsg_kind_is_described(void **state)
{
	struct sttape_transport *t;
	char desc[256];

	script.check_kind = 2;
	inquiry_step(0x01);
	block_limits_step(65536);
	opened(&t);
	sttape_transport_describe(t, desc, sizeof(desc));
	assert_non_null(strstr(desc, "bsg /dev/null"));
	sttape_transport_close(t);
}

static void test_not_sg_kind_is_enotty(void **state)
{
	script.check_kind = 0;
	expect_open_fails(-ENOTTY, "not a SCSI generic device (character");
}

static void test_disk_is_enodev_with_type(void **state)
{
	inquiry_step(0x00);
	expect_open_fails(-ENODEV, "not a sequential-access device (type 0)");
	script_reset();
	inquiry_step(0x08); /* medium changer */
	expect_open_fails(-ENODEV, "(type 8)");
}

static void test_no_logical_unit_is_enodev(void **state)
{
	inquiry_step(0x7f); /* qualifier 3, type 0x1f */
	expect_open_fails(-ENODEV, "peripheral qualifier 3");
}

/* INQUIRY: ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED (05/25/00). */
static void lun_not_supported_step(bool descriptor)
{
	struct step *s = add_step(0x12);

	s->category = SCSI_PT_RESULT_SENSE;
	s->status = STTAPE_STATUS_CHECK_CONDITION;
	if (descriptor) {
		s->sense[0] = 0x72;
		s->sense[1] = 0x05;
		s->sense[2] = 0x25;
		s->sense_len = 8;
	} else {
		s->sense[0] = 0x70;
		s->sense[2] = 0x05;
		s->sense[7] = 10;
		s->sense[12] = 0x25;
		s->sense_len = 18;
	}
}

static void test_lun_not_supported_is_enodev(void **state)
{
	lun_not_supported_step(false);
	expect_open_fails(-ENODEV, "no such logical unit");
	script_reset();
	lun_not_supported_step(true);
	expect_open_fails(-ENODEV, "no such logical unit");
}

static void test_inquiry_eperm_has_hint(void **state)
{
	struct step *s = add_step(0x12);

	s->rc = -EPERM;
	s->os_err = EPERM;
	expect_open_fails(-EPERM, "need CAP_SYS_RAWIO");
}

static void test_block_limits_eperm_has_hint(void **state)
{
	struct step *s;

	inquiry_step(0x01);
	s = add_step(0x05);
	s->rc = -EPERM;
	expect_open_fails(-EPERM, "READ BLOCK LIMITS refused");
}

/* No READ BLOCK LIMITS answer: the open succeeds, limits from the host. */
static void test_block_limits_failure_keeps_open(void **state)
{
	struct sttape_transport *t;
	struct step *s;

	inquiry_step(0x01);
	s = add_step(0x05);
	s->category = SCSI_PT_RESULT_SENSE;
	s->status = STTAPE_STATUS_CHECK_CONDITION;
	s->sense[0] = 0x70;
	s->sense[2] = 0x02; /* NOT READY */
	s->sense[12] = 0x3a;
	s->sense_len = 18;
	opened(&t);
	assert_int_equal(t->max_transfer, 0); /* nothing known */
	sttape_transport_close(t);
}

/*
 * Unit attentions the open's READ BLOCK LIMITS took are reported, in
 * order, as the outcome of the next commands (not sent); INQUIRY is
 * exempt and goes to the device.
 */
static void test_open_unit_attentions_are_replayed(void **state)
{
	struct sttape_cmd_result res;
	struct sttape_transport *t;
	uint8_t buf[96];
	char desc[256];

	inquiry_step(0x01);
	ua_step(0x05, 0x29);
	ua_step(0x05, 0x28);
	block_limits_step(1024);
	opened(&t);
	assert_int_equal(script.next, 4);
	sttape_transport_describe(t, desc, sizeof(desc));
	assert_non_null(strstr(desc, "(drive 1024,"));

	inquiry_step(0x01);
	exec(t, 0x12, STTAPE_DIR_IN, buf, sizeof(buf), 0, &res);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	assert_int_equal(script.next, 5);

	exec(t, 0x00, STTAPE_DIR_NONE, NULL, 0, 0, &res);
	assert_int_equal(res.status, STTAPE_STATUS_CHECK_CONDITION);
	assert_int_equal(res.sense_len, 18);
	assert_int_equal(res.sense[2], 0x06);
	assert_int_equal(res.sense[12], 0x29);
	exec(t, 0x08, STTAPE_DIR_IN, buf, 10, 0, &res);
	assert_int_equal(res.sense[12], 0x28);
	assert_int_equal(res.resid, 10);  /* nothing moved */
	assert_int_equal(script.next, 5); /* neither was sent */

	add_step(0x00);
	exec(t, 0x00, STTAPE_DIR_NONE, NULL, 0, 0, &res);
	assert_int_equal(res.status, STTAPE_STATUS_GOOD);
	assert_int_equal(res.sense_len, 0);
	assert_int_equal(script.next, 6);
	sttape_transport_close(t);
}

static struct sttape_transport *open_ok(void)
{
	struct sttape_transport *t;

	inquiry_step(0x01);
	block_limits_step(0x100000);
	opened(&t);
	return t;
}

static void test_timeouts_in_whole_seconds(void **state)
{
	struct sttape_transport *t = open_ok();
	struct sttape_cmd_result res;

	add_step(0x00);
	add_step(0x00);
	add_step(0x00);
	add_step(0x00);
	exec(t, 0x00, STTAPE_DIR_NONE, NULL, 0, 0, &res);
	exec(t, 0x00, STTAPE_DIR_NONE, NULL, 0, 1, &res);
	exec(t, 0x00, STTAPE_DIR_NONE, NULL, 0, 14001, &res);
	exec(t, 0x00, STTAPE_DIR_NONE, NULL, 0, UINT_MAX, &res);
	assert_int_equal(script.steps[2].timeout_secs, 900);
	assert_int_equal(script.steps[3].timeout_secs, 1);
	assert_int_equal(script.steps[4].timeout_secs, 15);
	/* libsgutils2 multiplies by 1000 in an int: capped below that. */
	assert_int_equal(script.steps[5].timeout_secs, INT_MAX / 1000);
	sttape_transport_close(t);
}

static void test_directions_and_lengths(void **state)
{
	struct sttape_transport *t = open_ok();
	struct sttape_cmd_result res;
	uint8_t buf[512];

	add_step(0x08);
	add_step(0x0a);
	add_step(0x01);
	exec(t, 0x08, STTAPE_DIR_IN, buf, 512, 0, &res);
	exec(t, 0x0a, STTAPE_DIR_OUT, buf, 100, 0, &res);
	exec(t, 0x01, STTAPE_DIR_NONE, NULL, 0, 0, &res);
	assert_int_equal(script.steps[2].dir, 1);
	assert_int_equal(script.steps[2].len, 512);
	assert_int_equal(script.steps[3].dir, 2);
	assert_int_equal(script.steps[3].len, 100);
	assert_int_equal(script.steps[4].dir, 0);
	sttape_transport_close(t);
}

static void test_sense_status_and_resid(void **state)
{
	struct sttape_transport *t = open_ok();
	struct sttape_cmd_result res;
	uint8_t buf[100];
	struct step *s;

	s = add_step(0x08);
	s->category = SCSI_PT_RESULT_SENSE;
	s->status = STTAPE_STATUS_CHECK_CONDITION;
	s->sense[0] = 0xf0;
	s->sense[2] = 0x20;
	s->sense[6] = 40;
	s->sense_len = 18;
	s->resid = 40;
	exec(t, 0x08, STTAPE_DIR_IN, buf, sizeof(buf), 0, &res);
	assert_int_equal(res.transport_err, 0);
	assert_int_equal(res.status, STTAPE_STATUS_CHECK_CONDITION);
	assert_int_equal(res.sense_len, 18);
	assert_int_equal(res.sense[0], 0xf0);
	assert_int_equal(res.resid, 40);

	s = add_step(0x08); /* a resid beyond len is clamped */
	s->resid = 1000;
	exec(t, 0x08, STTAPE_DIR_IN, buf, sizeof(buf), 0, &res);
	assert_int_equal(res.resid, sizeof(buf));

	s = add_step(0x00);
	s->category = SCSI_PT_RESULT_STATUS;
	s->status = STTAPE_STATUS_BUSY;
	exec(t, 0x00, STTAPE_DIR_NONE, NULL, 0, 0, &res);
	assert_int_equal(res.transport_err, 0);
	assert_int_equal(res.status, STTAPE_STATUS_BUSY);
	assert_int_equal(res.sense_len, 0);
	sttape_transport_close(t);
}

static void expect_transport_err(struct sttape_transport *t, int err,
				 size_t len)
{
	struct sttape_cmd_result res;
	uint8_t buf[16];

	exec(t, 0x08, STTAPE_DIR_IN, buf, len, 0, &res);
	assert_int_equal(res.transport_err, err);
	assert_int_equal(res.status, 0);
	assert_int_equal(res.sense_len, 0);
	assert_int_equal(res.resid, len);
}

static void test_transport_errors(void **state)
{
	struct sttape_transport *t = open_ok();
	struct step *s;

	s = add_step(0x08); /* device removed: DID_NO_CONNECT */
	s->category = SCSI_PT_RESULT_TRANSPORT_ERR;
	s->host = 0x01;
	expect_transport_err(t, -ENODEV, 16);
	s = add_step(0x08); /* DID_TIME_OUT */
	s->category = SCSI_PT_RESULT_TRANSPORT_ERR;
	s->host = 0x03;
	expect_transport_err(t, -ETIMEDOUT, 16);
	s = add_step(0x08); /* DID_ERROR */
	s->category = SCSI_PT_RESULT_TRANSPORT_ERR;
	s->host = 0x07;
	expect_transport_err(t, -EIO, 16);
	s = add_step(0x08); /* driver byte only */
	s->category = SCSI_PT_RESULT_TRANSPORT_ERR;
	expect_transport_err(t, -EIO, 16);
	s = add_step(0x08); /* SG_IO itself failed */
	s->rc = -ENODEV;
	expect_transport_err(t, -ENODEV, 16);
	s = add_step(0x08);
	s->rc = -EPERM;
	expect_transport_err(t, -EPERM, 16);
	s = add_step(0x08); /* the host refused the length */
	s->rc = -EINVAL;
	expect_transport_err(t, -EINVAL, 16);
	s = add_step(0x08);
	s->rc = -EINTR;
	expect_transport_err(t, -EINTR, 16);
	s = add_step(0x08);
	s->rc = SCSI_PT_DO_TIMEOUT;
	expect_transport_err(t, -ETIMEDOUT, 16);
	s = add_step(0x08);
	s->category = SCSI_PT_RESULT_OS_ERR;
	s->os_err = ENXIO;
	expect_transport_err(t, -ENODEV, 16);
	sttape_transport_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_probes_and_sets_limit, reset),
		cmocka_unit_test_setup(test_bsg_kind_is_described, reset),
		cmocka_unit_test_setup(test_not_sg_kind_is_enotty, reset),
		cmocka_unit_test_setup(test_disk_is_enodev_with_type, reset),
		cmocka_unit_test_setup(test_no_logical_unit_is_enodev, reset),
		cmocka_unit_test_setup(test_lun_not_supported_is_enodev, reset),
		cmocka_unit_test_setup(test_inquiry_eperm_has_hint, reset),
		cmocka_unit_test_setup(test_block_limits_eperm_has_hint, reset),
		cmocka_unit_test_setup(test_block_limits_failure_keeps_open,
				       reset),
		cmocka_unit_test_setup(test_open_unit_attentions_are_replayed,
				       reset),
		cmocka_unit_test_setup(test_timeouts_in_whole_seconds, reset),
		cmocka_unit_test_setup(test_directions_and_lengths, reset),
		cmocka_unit_test_setup(test_sense_status_and_resid, reset),
		cmocka_unit_test_setup(test_transport_errors, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
