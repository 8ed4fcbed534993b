/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conformance_cases.c - the conformance cases that need only commands
 * tgtd implements (see conformance.h), run by test_vdrive_ssc on every
 * profile of the virtual drive and by conformance_tgt against tgtd.
 * Where tgt answers otherwise, the case says so through
 * conf_tgt_deviates() and expects tgt's exact answer there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conformance.h"

const struct conf_env *conf_env;
unsigned int conf_dev_seen[CONF_DEV_COUNT];
unsigned int conf_cmd_skipped[CONF_CMD_COUNT];

const char *const conf_dev_names[CONF_DEV_COUNT] = {
	[CONF_DEV_FIXED_ILI] = "fixed READ of a wrong-length record",
	[CONF_DEV_FIXED_IN_VARIABLE] = "fixed READ in variable mode",
	[CONF_DEV_FIXED_READ_EOD] = "fixed READ at end of data",
	[CONF_DEV_LOAD_EOT] = "LOAD with EOT set",
	[CONF_DEV_LOAD_NO_REWIND] = "LOAD: the head goes to BOP",
	[CONF_DEV_MODE_CHANGEABLE] = "MODE SENSE changeable block length",
	[CONF_DEV_MODE_DENSITY] = "MODE SELECT of an unknown density",
	[CONF_DEV_MODE_SELECT_PAGE] = "MODE SELECT of page 0x0F unchanged",
	[CONF_DEV_POSITION_UNKNOWN] = "READ POSITION: position",
	[CONF_DEV_POWER_ON_UA] = "unit attention 29/00 on a new I_T nexus",
	[CONF_DEV_READ_EOD] = "READ at end of data",
	[CONF_DEV_READ_FM_XFER] = "READ at a filemark: bytes moved",
	[CONF_DEV_READ_LONG_DATA] = "READ, record longer than asked: data",
	[CONF_DEV_READ_SILI] = "READ with SILI, short record",
	[CONF_DEV_SENSE_DESC] = "REQUEST SENSE with DESC=1",
	[CONF_DEV_SPACE_BLOCKS_BOP] = "SPACE blocks backward to BOP",
	[CONF_DEV_SPACE_BLOCKS_FM] = "SPACE blocks over a filemark",
	[CONF_DEV_SPACE_EOD] = "SPACE forward into end of data",
	[CONF_DEV_SPACE_FM_BACK] = "SPACE filemarks backward",
	[CONF_DEV_SPACE_FM_BOP] = "SPACE filemarks backward to BOP",
	[CONF_DEV_UNLOAD_NOOP] = "UNLOAD: not ready afterwards",
	[CONF_DEV_UNLOAD_PREVENTED] = "UNLOAD while medium removal prevented",
};

const char *const conf_cmd_names[CONF_CMD_COUNT] = {
	[CONF_CMD_ERASE] = "ERASE(6)",
	[CONF_CMD_LOCATE] = "LOCATE(10/16)",
	[CONF_CMD_LOG_SENSE] = "LOG SENSE",
	[CONF_CMD_MODE_SELECT10] = "MODE SELECT(10)",
	[CONF_CMD_REPORT_DENSITY] = "REPORT DENSITY SUPPORT",
	[CONF_CMD_SPACE16] = "SPACE(16)",
};

#define SK_NO STTAPE_SK_NO_SENSE

bool conf_tgt_deviates(enum conf_dev d)
{
	if (conf_env->target != CONF_TGT)
		return false;
	conf_dev_seen[d]++;
	return true;
}

bool conf_has(enum conf_cmd c)
{
	if (conf_env->target != CONF_TGT)
		return true;
	conf_cmd_skipped[c]++;
	return false;
}

static bool is_tgt(void)
{
	return conf_env->target == CONF_TGT;
}

static struct vt *conf_open(const char *opts)
{
	return conf_env->open(opts, false);
}

static void conf_close(struct vt *v)
{
	conf_env->close(v);
}

bool conf_fixed_only(void)
{
	return !strcmp(conf_env->profile, "qic") ||
	       !strcmp(conf_env->profile, "atapi");
}

/* Size of one natural record: a block on fixed drives. */
size_t conf_rec(const struct vt *v)
{
	return v->block ? v->block : 700;
}

struct vres conf_read_rec(struct vt *v, void *buf, size_t len)
{
	if (v->block)
		return vt_read(v, true, false, buf, len,
			       (uint32_t)(len / v->block));
	return vt_read(v, false, false, buf, len, (uint32_t)len);
}

/* Write: record, record, filemark, record, filemark (objects 0..4). */
void conf_lay_out(struct vt *v)
{
	vt_good(vt_put(v, conf_rec(v), 1));
	vt_good(vt_put(v, conf_rec(v), 2));
	vt_good(vt_wfm(v, 1));
	vt_good(vt_put(v, conf_rec(v), 3));
	vt_good(vt_wfm(v, 1));
	vt_good(vt_rewind(v));
}

/*
 * The head is before logical object obj.  tgt deviates from SSC-4 7.7:
 * READ POSITION answers GOOD with BPU set (position unknown) and block
 * 0 wherever the head is, so on tgt only that answer is checked.
 */
static void conf_pos(struct vt *v, uint64_t obj)
{
	uint8_t cdb[STTAPE_CDB_MAX], d[20];
	struct vres r;

	if (!conf_tgt_deviates(CONF_DEV_POSITION_UNKNOWN)) {
		assert_int_equal(vt_position(v, NULL), obj);
		return;
	}
	r = vt_run(v, cdb, sttape_cdb_read_position(cdb, STTAPE_RP_SHORT, 0),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[0] & 0x04, 0x04); /* BPU */
	assert_int_equal(d[4] | d[5] | d[6] | d[7], 0);
}

/*
 * Move before object obj: LOCATE(10) where the target has it; on tgt,
 * REWIND and one READ per object (each crosses a record or a filemark).
 */
static void conf_goto(struct vt *v, uint32_t obj)
{
	uint8_t buf[2048];

	if (conf_has(CONF_CMD_LOCATE)) {
		vt_good(vt_locate(v, obj));
		return;
	}
	vt_good(vt_rewind(v));
	for (uint32_t i = 0; i < obj; i++) {
		struct vres r = conf_read_rec(v, buf, conf_rec(v));

		if (r.status != STTAPE_STATUS_GOOD)
			vt_sense(r, SK_NO, 0x00, 0x01);
	}
}

/*
 * READ at end of data, count = requested bytes or blocks: SSC-4 6.4,
 * BLANK CHECK 00/05, INFORMATION = count, no FILEMARK.  tgt deviates:
 * BLANK CHECK 00/00 with EOM and no INFORMATION.
 */
static void expect_read_eod(struct vres r, int64_t count)
{
	if (conf_tgt_deviates(CONF_DEV_READ_EOD)) {
		vt_sense(r, STTAPE_SK_BLANK_CHECK, 0x00, 0x00);
		assert_true(r.s.eom && !r.s.info_valid && !r.s.filemark);
		return;
	}
	vt_sense(r, STTAPE_SK_BLANK_CHECK, 0x00, 0x05);
	assert_int_equal(r.s.information, count);
	assert_false(r.s.filemark);
}

/*
 * Bytes moved by a READ that stopped at a filemark or at end of data
 * after moving want bytes: SSC-4 6.4 moves only the records read.  tgt
 * deviates: its residual is 0 (the whole allocation len "moved").
 */
static void expect_stop_xfer(struct vres r, size_t want, size_t len)
{
	if (conf_tgt_deviates(CONF_DEV_READ_FM_XFER))
		assert_int_equal(r.xfer, len);
	else
		assert_int_equal(r.xfer, want);
}

/* ---- identification and readiness --------------------------------------- */

static void t_inquiry(void **state)
{
	struct vt *v = conf_open("vendor=ACME,product=TAPE 9000,revision=1.2");
	uint8_t cdb[STTAPE_CDB_MAX], d[96];
	struct vres r;

	r = vt_run(v, cdb, sttape_cdb_inquiry(cdb, false, 0, 96), STTAPE_DIR_IN,
		   d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[0], 0x01); /* sequential access */
	assert_int_equal(d[1] & 0x80, 0x80);
	if (is_tgt()) {
		/* tgt's identity, not configurable; additional data too. */
		assert_true(r.xfer >= 36);
		assert_int_equal(d[4] + 5, r.xfer);
		assert_memory_equal(d + 8, "IET     ", 8);
		assert_memory_equal(d + 16, "VIRTUAL-TAPE    ", 16);
	} else {
		assert_int_equal(r.xfer, 36);
		assert_memory_equal(d + 8, "ACME    ", 8);
		assert_memory_equal(d + 16, "TAPE 9000       ", 16);
		assert_memory_equal(d + 32, "1.2 ", 4);
	}
	/* Allocation length truncates. */
	r = vt_run(v, cdb, sttape_cdb_inquiry(cdb, false, 0, 5), STTAPE_DIR_IN,
		   d, sizeof(d));
	vt_good(r);
	assert_int_equal(r.xfer, 5);
	conf_close(v);
}

/*
 * Vital product data (SPC-5 6.7, EVPD): the supported pages in ascending order,
 * unit serial number, device identification, an unsupported page.  The
 * contents are each device's own: the virtual drive's serial is set by
 * option, tgt's is its default for LUN 1 of target 1 ("beaf11").
 */
static void t_vpd(void **state)
{
	struct vt *v = conf_open("serial=SN123");
	uint8_t cdb[STTAPE_CDB_MAX], d[96];
	struct vres r;

	r = vt_run(v, cdb, sttape_cdb_inquiry(cdb, true, 0x00, 96),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[1], 0x00);
	if (is_tgt()) {
		assert_int_equal(d[3], 6);
		assert_memory_equal(d + 4, "\x00\x80\x83\xb0\xb1\xb2", 6);
	} else {
		assert_int_equal(d[3], 3);
		assert_memory_equal(d + 4, "\x00\x80\x83", 3);
	}
	r = vt_run(v, cdb, sttape_cdb_inquiry(cdb, true, 0x80, 96),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[1], 0x80);
	if (is_tgt()) {
		/* 36 bytes, right-aligned after spaces. */
		assert_int_equal(d[3], 36);
		assert_memory_equal(d + 4 + 30, "beaf11", 6);
	} else {
		assert_int_equal(d[3], 5);
		assert_memory_equal(d + 4, "SN123", 5);
	}
	r = vt_run(v, cdb, sttape_cdb_inquiry(cdb, true, 0x83, 96),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[1], 0x83);
	assert_int_equal(d[5] & 0x0f, 1); /* T10 vendor id designator */
	if (is_tgt())
		assert_memory_equal(d + 8, "IET     ", 8);
	else
		assert_memory_equal(d + 32, "SN123", 5);
	/* A page the device does not have (tgt has 0xB0). */
	r = vt_run(v, cdb,
		   sttape_cdb_inquiry(cdb, true, is_tgt() ? 0x86 : 0xb0, 96),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	conf_close(v);
}

/*
 * A unit attention after power on or reset: INQUIRY is not stopped by
 * it (SPC-5 5.9), the next command gets it once.  The virtual drive
 * raises it when asked (ua=reset); tgt on every new I_T nexus.
 */
static void t_power_on_unit_attention(void **state)
{
	struct vt *v = conf_env->open("ua=reset", true);
	uint8_t cdb[STTAPE_CDB_MAX], d[96];
	struct vres r;

	r = vt_run(v, cdb, sttape_cdb_inquiry(cdb, false, 0, 96), STTAPE_DIR_IN,
		   d, sizeof(d));
	vt_good(r);
	vt_sense(vt_tur(v), STTAPE_SK_UNIT_ATTENTION, 0x29, 0x00);
	vt_good(vt_tur(v));
	conf_close(v);
}

/* REQUEST SENSE with nothing pending; descriptor format not offered. */
static void t_request_sense(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], d[96];
	struct vres r;

	r = vt_run(v, cdb, sttape_cdb_request_sense(cdb, false, 18),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(r.xfer, 18);
	assert_int_equal(d[0] & 0x7f, 0x70);
	assert_int_equal(d[2] & 0x0f, STTAPE_SK_NO_SENSE);
	assert_int_equal(d[12], 0);
	assert_int_equal(d[13], 0);
	r = vt_run(v, cdb, sttape_cdb_request_sense(cdb, true, 18),
		   STTAPE_DIR_IN, d, sizeof(d));
	if (conf_tgt_deviates(CONF_DEV_SENSE_DESC)) {
		/*
		 * tgt deviates from SPC-5 REQUEST SENSE: asked for
		 * descriptor format, which it does not offer, it answers
		 * GOOD with fixed format instead of 24/00.
		 */
		vt_good(r);
		assert_int_equal(d[0] & 0x7f, 0x70);
	} else {
		vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	}
	conf_close(v);
}

static void t_block_limits(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], d[6];
	struct vres r;
	uint32_t max;

	r = vt_run(v, cdb, sttape_cdb_read_block_limits(cdb), STTAPE_DIR_IN, d,
		   sizeof(d));
	if (!strcmp(conf_env->profile, "atapi")) {
		vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x20, 0x00);
		conf_close(v);
		return;
	}
	vt_good(r);
	assert_int_equal(r.xfer, 6);
	max = ((uint32_t)d[1] << 16) | (d[2] << 8) | d[3];
	if (is_tgt()) {
		/* tgt's limits (SSC-4 7.6 leaves them to the device). */
		assert_int_equal(max, 1048576);
		assert_int_equal((d[4] << 8) | d[5], 4);
	} else if (conf_fixed_only()) {
		assert_int_equal(max, 512);
		assert_int_equal((d[4] << 8) | d[5], 512);
	} else {
		assert_true(max >= 65536);
		assert_int_equal((d[4] << 8) | d[5], 1);
	}
	conf_close(v);
}

static void t_unknown_opcode(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t cdb[6] = {0x04};    /* FORMAT MEDIUM: not implemented */
	uint8_t cdb10[10] = {0x28}; /* READ(10): a disk command */
	struct vres r;

	r = vt_run(v, cdb, 6, STTAPE_DIR_NONE, NULL, 0);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x20, 0x00);
	r = vt_run(v, cdb10, 10, STTAPE_DIR_NONE, NULL, 0);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x20, 0x00);
	conf_close(v);
}

/* ---- mode parameters ---------------------------------------------------- */

struct vres conf_mode_sense6(struct vt *v, bool dbd, int pc, uint8_t page,
			     uint8_t *d, size_t len)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n = sttape_cdb_mode_sense6(cdb, dbd, (enum sttape_page_control)pc,
				       page, 0, (uint8_t)len);

	return vt_run(v, cdb, n, STTAPE_DIR_IN, d, len);
}

/*
 * SPC-5 7.5.7: a page_0 page has a 2-byte header; with SPF (byte 0 bit 6)
 * a sub_page page has a 4-byte one with a 16-bit length (tgt sends
 * 0x0A/0x01).  Only page_0 pages match.
 */
const uint8_t *conf_find_page(const uint8_t *d, size_t n, size_t start,
			      uint8_t code)
{
	size_t off = start;

	while (off + 2 <= n) {
		if (d[off] & 0x40) {
			if (off + 4 > n)
				break;
			off += 4u + (((size_t)d[off + 2] << 8) | d[off + 3]);
			continue;
		}
		if ((d[off] & 0x3f) == code)
			return d + off;
		off += 2u + d[off + 1];
	}
	return NULL;
}

static void t_mode_sense(void **state)
{
	struct vt *v = conf_open("wp=1");
	uint8_t d[255], cdb[STTAPE_CDB_MAX];
	struct vres r;
	uint8_t want_density = is_tgt() ? 0x00 /* tgt: default density */
			       : !strcmp(conf_env->profile, "lto") ? 0x5a
			       : !strcmp(conf_env->profile, "dds") ? 0x13
			       : !strcmp(conf_env->profile, "qic") ? 0x11
								   : 0x47;

	r = conf_mode_sense6(v, false, STTAPE_PC_CURRENT, 0x3f, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[0] + 1, r.xfer);
	/* WP (tgt: no write protect to set) */
	assert_int_equal(d[2] & 0x80, is_tgt() ? 0 : 0x80);
	assert_int_equal((d[2] >> 4) & 7, 1); /* buffered mode 1 */
	assert_int_equal(d[3], 8);
	assert_int_equal(d[4], want_density);
	assert_int_equal((d[9] << 16) | (d[10] << 8) | d[11], v->block);
	assert_int_equal(conf_find_page(d, r.xfer, 12, 0x0f) != NULL,
			 !conf_fixed_only());
	assert_int_equal(conf_find_page(d, r.xfer, 12, 0x2a) != NULL,
			 !strcmp(conf_env->profile, "atapi"));
	assert_int_equal(conf_find_page(d, r.xfer, 12, 0x10) != NULL,
			 strcmp(conf_env->profile, "atapi") != 0);
	/* MODE SENSE(10) carries the same header fields. */
	r = vt_run(
		v, cdb,
		sttape_cdb_mode_sense10(cdb, true, STTAPE_PC_CURRENT, 0, 0, 64),
		STTAPE_DIR_IN, d, 64);
	vt_good(r);
	if (is_tgt()) {
		/* tgt's page 0 (vendor specific) comes along, empty. */
		assert_int_equal(r.xfer, 10);
		assert_int_equal(d[8] | d[9], 0);
	} else {
		assert_int_equal(r.xfer, 8);
	}
	assert_int_equal(((d[0] << 8) | d[1]) + 2, r.xfer);
	assert_int_equal(d[3] & 0x80, is_tgt() ? 0 : 0x80);
	assert_int_equal((d[6] << 8) | d[7], 0);
	/* Changeable values: block length changeable on variable drives. */
	r = conf_mode_sense6(v, false, STTAPE_PC_CHANGEABLE, 0, d, sizeof(d));
	vt_good(r);
	if (conf_tgt_deviates(CONF_DEV_MODE_CHANGEABLE))
		/*
		 * tgt deviates from SPC-5 6.14: BLOCK LENGTH reported not
		 * changeable (0), yet MODE SELECT changes it (t_mode_select).
		 */
		assert_int_equal((d[9] << 16) | (d[10] << 8) | d[11], 0);
	else
		assert_int_equal(d[11] == 0xff, !conf_fixed_only());
	/* Saved values are not supported; nor is an unknown page. */
	r = conf_mode_sense6(v, false, STTAPE_PC_SAVED, 0, d, sizeof(d));
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x39, 0x00);
	/* tgt has page 0x1C (informational exceptions), not 0x1B. */
	r = conf_mode_sense6(v, false, STTAPE_PC_CURRENT,
			     is_tgt() ? 0x1b : 0x1c, d, sizeof(d));
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	conf_close(v);
}

static void t_mode_select(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t d[64], sel[16], cdb[STTAPE_CDB_MAX];
	struct vres r;

	/* A block length the drive cannot do is refused (26/00). */
	r = vt_set_block(v, 0, 1000);
	if (conf_fixed_only()) {
		vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x26, 0x00);
		vt_good(vt_set_block(v, 0, 512));
	} else {
		vt_good(r);
		r = conf_mode_sense6(v, false, STTAPE_PC_CURRENT, 0, d,
				     sizeof(d));
		vt_good(r);
		assert_int_equal((d[9] << 16) | (d[10] << 8) | d[11], 1000);
	}
	/* An unknown density is refused. */
	r = vt_set_block(v, 0x99, v->block);
	if (conf_tgt_deviates(CONF_DEV_MODE_DENSITY))
		vt_good(r); /* tgt deviates from SSC-4 8.3.2: GOOD */
	else
		vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x26, 0x00);
	/* MODE SELECT(10): header of 8 bytes, same descriptor. */
	if (!conf_has(CONF_CMD_MODE_SELECT10)) {
		conf_close(v);
		return;
	}
	memset(sel, 0, sizeof(sel));
	sel[3] = 0x10; /* buffered mode 1 */
	sel[7] = 8;
	sel[14] = 2; /* block length 512 */
	r = vt_run(v, cdb, sttape_cdb_mode_select10(cdb, true, false, 16),
		   STTAPE_DIR_OUT, sel, 16);
	vt_good(r);
	r = conf_mode_sense6(v, false, STTAPE_PC_CURRENT, 0, d, sizeof(d));
	vt_good(r);
	assert_int_equal((d[9] << 16) | (d[10] << 8) | d[11], 512);
	/* Saving pages is not supported: SP=1 is an invalid field. */
	r = vt_run(v, cdb, sttape_cdb_mode_select10(cdb, true, true, 16),
		   STTAPE_DIR_OUT, sel, 16);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	conf_close(v);
}

static void t_compression_page(void **state)
{
	struct vt *v;
	uint8_t d[64], cdb[STTAPE_CDB_MAX], sel[20];
	const uint8_t *p;
	struct vres r;

	v = conf_open(NULL);
	r = conf_mode_sense6(v, true, STTAPE_PC_CURRENT, 0x0f, d, sizeof(d));
	vt_good(r);
	p = conf_find_page(d, r.xfer, 4, 0x0f);
	assert_non_null(p);
	/*
	 * DCE, DCC.  tgt cannot compress (DCC 0, which SSC-4 8.3.3
	 * allows): the MODE SELECT below then changes nothing.
	 */
	assert_int_equal(p[2] & 0xc0, is_tgt() ? 0 : 0xc0);
	/* Turn compression off through MODE SELECT. */
	memset(sel, 0, sizeof(sel));
	memcpy(sel + 4, p, 16);
	sel[4] &= 0x3f;
	sel[6] &= 0x7f;
	r = vt_run(v, cdb, sttape_cdb_mode_select6(cdb, true, false, 20),
		   STTAPE_DIR_OUT, sel, 20);
	if (conf_tgt_deviates(CONF_DEV_MODE_SELECT_PAGE))
		/*
		 * tgt deviates from SPC-5 6.12: the page exactly as MODE
		 * SENSE gave it (nothing changeable, nothing changed) is an
		 * invalid field in the parameter list.
		 */
		vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x26, 0x00);
	else
		vt_good(r);
	r = conf_mode_sense6(v, true, STTAPE_PC_CURRENT, 0x0f, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[6] & 0x80, 0);
	conf_close(v);
}

/* ---- reading and writing ----------------------------------------------- */

static void t_variable_ili(void **state)
{
	struct vt *v;
	uint8_t buf[2000];
	struct vres r;

	v = conf_open(NULL);
	vt_good(vt_put(v, 1000, 0xaa));
	vt_good(vt_put(v, 1000, 0xbb));
	vt_good(vt_put(v, 1000, 0xcc));
	vt_good(vt_put(v, 1000, 0xdd));
	vt_good(vt_rewind(v));
	/* Exact. */
	r = vt_read(v, false, false, buf, 1000, 1000);
	vt_good(r);
	assert_int_equal(r.xfer, 1000);
	assert_int_equal(buf[999], 0xaa);
	/* Record shorter than asked: ILI, INFORMATION = +residue. */
	r = vt_read(v, false, false, buf, 2000, 2000);
	vt_sense(r, SK_NO, 0, 0);
	assert_true(r.s.ili && r.s.info_valid && !r.s.filemark);
	assert_int_equal(r.s.information, 1000);
	assert_int_equal(r.xfer, 1000);
	assert_int_equal(buf[0], 0xbb);
	/* Record longer than asked: ILI, INFORMATION negative, head after. */
	memset(buf, 0, sizeof(buf));
	r = vt_read(v, false, false, buf, 600, 600);
	vt_sense(r, SK_NO, 0, 0);
	assert_true(r.s.ili);
	assert_int_equal(r.s.information, -400);
	if (conf_tgt_deviates(CONF_DEV_READ_LONG_DATA)) {
		/* tgt deviates from SSC-4 6.4: it moves no data at all. */
		assert_int_equal(r.xfer, 0);
		assert_int_equal(buf[599], 0);
	} else {
		assert_int_equal(r.xfer, 600);
		assert_int_equal(buf[599], 0xcc);
	}
	conf_pos(v, 3);
	/* SILI: a short record is not reported. */
	r = vt_read(v, false, true, buf, 2000, 2000);
	if (conf_tgt_deviates(CONF_DEV_READ_SILI)) {
		/* tgt deviates from SSC-4 6.4: ILI despite SILI. */
		vt_sense(r, SK_NO, 0, 0);
		assert_true(r.s.ili);
		assert_int_equal(r.s.information, 1000);
	} else {
		vt_good(r);
	}
	assert_int_equal(r.xfer, 1000);
	assert_int_equal(buf[0], 0xdd);
	conf_close(v);
}

static void t_fixed_sili_illegal(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t cdb[6] = {STTAPE_OP_READ_6, 0x03, 0, 0, 1, 0}, buf[512];
	struct vres r;

	if (!v->block)
		vt_good(vt_set_block(v, 0, 512));
	r = vt_run(v, cdb, 6, STTAPE_DIR_IN, buf, sizeof(buf));
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	conf_close(v);
}

static void t_fixed_mode(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t buf[4 * 512], in[6 * 512];
	struct vres r;

	if (!v->block)
		vt_good(vt_set_block(v, 0, 512));
	for (int i = 0; i < 4 * 512; i++)
		buf[i] = (uint8_t)(i / 512 + 1);
	/* Four blocks are four records (logical objects). */
	r = vt_write(v, true, buf, sizeof(buf), 4);
	vt_good(r);
	conf_pos(v, 4);
	vt_good(vt_wfm(v, 1));
	vt_good(vt_rewind(v));
	r = vt_read(v, true, false, in, 2 * 512, 2);
	vt_good(r);
	assert_int_equal(r.xfer, 1024);
	assert_int_equal(in[0], 1);
	assert_int_equal(in[1023], 2);
	/* Ask for 6, get 2 then the filemark: FILEMARK, INFO = 4. */
	r = vt_read(v, true, false, in, sizeof(in), 6);
	vt_sense(r, SK_NO, 0x00, 0x01);
	assert_true(r.s.filemark && r.s.info_valid);
	assert_int_equal(r.s.information, 4);
	expect_stop_xfer(r, 1024, sizeof(in));
	assert_int_equal(in[1023], 4);
	conf_pos(v, 5);
	/* At EOD: BLANK CHECK, INFO = whole count. */
	r = vt_read(v, true, false, in, 512, 1);
	if (conf_tgt_deviates(CONF_DEV_FIXED_READ_EOD)) {
		/* tgt deviates from SSC-4 6.4: MEDIUM ERROR 31/00. */
		vt_sense(r, STTAPE_SK_MEDIUM_ERROR, 0x31, 0x00);
		assert_false(r.s.info_valid || r.s.eom || r.s.filemark);
	} else {
		expect_read_eod(r, 1);
	}
	/* FIXED with a variable-mode drive state is invalid. */
	if (!conf_fixed_only()) {
		vt_good(vt_set_block(v, 0, 0));
		r = vt_read(v, true, false, in, 512, 1);
		if (conf_tgt_deviates(CONF_DEV_FIXED_IN_VARIABLE)) {
			/*
			 * tgt deviates from SSC-4 6.4: GOOD, and its residual
			 * says the whole 512 bytes moved (here at EOD).
			 */
			vt_good(r);
			assert_int_equal(r.xfer, 512);
		} else {
			vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
		}
	}
	conf_close(v);
}

static void t_fixed_wrong_length(void **state)
{
	struct vt *v;
	uint8_t in[4 * 512];
	struct vres r;

	v = conf_open(NULL);
	vt_good(vt_put(v, 512, 1));
	vt_good(vt_put(v, 300, 2));
	vt_good(vt_rewind(v));
	vt_good(vt_set_block(v, 0, 512));
	/* Second record is 300 bytes: ILI, INFO = 4 - 1 blocks read. */
	r = vt_read(v, true, false, in, sizeof(in), 4);
	if (conf_tgt_deviates(CONF_DEV_FIXED_ILI)) {
		/*
		 * tgt deviates from SSC-4 6.4: MEDIUM ERROR 31/00, no ILI,
		 * no INFORMATION (the first block did arrive).
		 */
		vt_sense(r, STTAPE_SK_MEDIUM_ERROR, 0x31, 0x00);
		assert_false(r.s.ili || r.s.info_valid);
		assert_int_equal(in[0], 1);
	} else {
		vt_sense(r, SK_NO, 0, 0);
		assert_true(r.s.ili);
		assert_int_equal(r.s.information, 3);
	}
	conf_pos(v, 2);
	conf_close(v);
}

static void t_filemark_and_eod(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t buf[2048];
	size_t n = conf_rec(v);
	struct vres r;

	conf_lay_out(v);
	vt_good(conf_read_rec(v, buf, n));
	assert_int_equal(buf[0], 1);
	vt_good(conf_read_rec(v, buf, n));
	/* Filemark: NO SENSE, FILEMARK bit, 00/01, INFO = count. */
	r = conf_read_rec(v, buf, n);
	vt_sense(r, SK_NO, 0x00, 0x01);
	assert_true(r.s.filemark && !r.s.eom && !r.s.ili);
	assert_int_equal(r.s.information, v->block ? 1 : (int64_t)n);
	expect_stop_xfer(r, 0, n);
	conf_pos(v, 3); /* after the filemark */
	r = conf_read_rec(v, buf, n);
	vt_good(r);
	assert_int_equal(buf[0], 3);
	r = conf_read_rec(v, buf, n);
	vt_sense(r, SK_NO, 0x00, 0x01);
	/* End of data: BLANK CHECK 00/05, twice. */
	r = conf_read_rec(v, buf, n);
	expect_read_eod(r, v->block ? 1 : (int64_t)n);
	r = conf_read_rec(v, buf, n);
	expect_read_eod(r, v->block ? 1 : (int64_t)n);
	conf_pos(v, 5);
	/* WRITE FILEMARKS 0 only flushes. */
	vt_good(vt_wfm(v, 0));
	conf_pos(v, 5);
	conf_close(v);
}

/* ---- motion ---------------------------------------------------------------
 */

static void t_space_blocks(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t buf[2048];
	struct vres r;

	conf_lay_out(v); /* R0 R1 FM2 R3 FM4 */
	vt_good(vt_space(v, STTAPE_SPACE_BLOCKS, 1));
	conf_pos(v, 1);
	/* Forward into a filemark: FM bit, residue, head past it. */
	r = vt_space(v, STTAPE_SPACE_BLOCKS, 5);
	if (conf_tgt_deviates(CONF_DEV_SPACE_BLOCKS_FM)) {
		/*
		 * tgt deviates from SSC-4 6.6: a filemark counts as a block
		 * and SPACE goes on, to end of data (NO SENSE 00/05, no
		 * INFORMATION: CONF_DEV_SPACE_EOD).
		 */
		vt_sense(r, SK_NO, 0x00, 0x05);
		assert_false(r.s.filemark || r.s.info_valid);
		conf_goto(v, 3);
	} else {
		vt_sense(r, SK_NO, 0x00, 0x01);
		assert_true(r.s.filemark);
		assert_int_equal(r.s.information, 4);
	}
	conf_pos(v, 3);
	/* Backward into a filemark: head on its BOP side. */
	vt_good(vt_space(v, STTAPE_SPACE_BLOCKS, 1));
	r = vt_space(v, STTAPE_SPACE_BLOCKS, -3);
	if (conf_tgt_deviates(CONF_DEV_SPACE_BLOCKS_FM)) {
		/* Over R3, FM2 and R1 as three blocks: at R1. */
		vt_good(r);
		vt_good(conf_read_rec(v, buf, conf_rec(v)));
		assert_int_equal(buf[0], 2);
	} else {
		vt_sense(r, SK_NO, 0x00, 0x01);
		assert_int_equal(r.s.information, 2);
		conf_pos(v, 2);
	}
	/* Backward to BOP: NO SENSE, EOM, 00/04, residue. */
	conf_goto(v, 2);
	r = vt_space(v, STTAPE_SPACE_BLOCKS, -5);
	if (conf_tgt_deviates(CONF_DEV_SPACE_BLOCKS_BOP)) {
		/* tgt deviates from SSC-4 6.6: GOOD, nothing said of BOP. */
		vt_good(r);
		vt_good(conf_read_rec(v, buf, conf_rec(v)));
		assert_int_equal(buf[0], 1);
	} else {
		vt_sense(r, SK_NO, 0x00, 0x04);
		assert_true(r.s.eom);
		assert_int_equal(r.s.information, 3);
		conf_pos(v, 0);
	}
	/* Forward to EOD: BLANK CHECK, residue. */
	conf_goto(v, 5);
	r = vt_space(v, STTAPE_SPACE_BLOCKS, 2);
	if (conf_tgt_deviates(CONF_DEV_SPACE_EOD)) {
		/* tgt deviates from SSC-4 6.6: NO SENSE 00/05, no INFO. */
		vt_sense(r, SK_NO, 0x00, 0x05);
		assert_false(r.s.info_valid);
	} else {
		vt_sense(r, STTAPE_SK_BLANK_CHECK, 0x00, 0x05);
		assert_int_equal(r.s.information, 2);
	}
	conf_close(v);
}

static void t_space_filemarks(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], buf[2048];
	struct vres r;

	conf_lay_out(v); /* R0 R1 FM2 R3 FM4 */
	vt_good(vt_space(v, STTAPE_SPACE_FILEMARKS, 1));
	conf_pos(v, 3);
	vt_good(vt_space(v, STTAPE_SPACE_FILEMARKS, 1));
	conf_pos(v, 5);
	/* Backward: head on the BOP side of the filemark. */
	r = vt_space(v, STTAPE_SPACE_FILEMARKS, -1);
	vt_good(r);
	if (conf_tgt_deviates(CONF_DEV_SPACE_FM_BACK)) {
		/*
		 * tgt deviates from SSC-4 6.6: it counts the filemark in
		 * front of the head and steps back one object further, to
		 * before R3 (a READ there gets R3, not the filemark).
		 */
		vt_good(conf_read_rec(v, buf, conf_rec(v)));
		assert_int_equal(buf[0], 3);
		conf_goto(v, 4);
	}
	conf_pos(v, 4);
	r = vt_space(v, STTAPE_SPACE_FILEMARKS, -3);
	if (conf_tgt_deviates(CONF_DEV_SPACE_FM_BOP)) {
		/* tgt deviates from SSC-4 6.6: 00/04 without EOM or INFO. */
		vt_sense(r, SK_NO, 0x00, 0x04);
		assert_false(r.s.eom || r.s.info_valid);
	} else {
		vt_sense(r, SK_NO, 0x00, 0x04);
		assert_true(r.s.eom);
		assert_int_equal(r.s.information, 2);
	}
	conf_pos(v, 0);
	r = vt_space(v, STTAPE_SPACE_FILEMARKS, 3);
	if (conf_tgt_deviates(CONF_DEV_SPACE_EOD)) {
		/* tgt deviates from SSC-4 6.6: NO SENSE 00/05, no INFO. */
		vt_sense(r, SK_NO, 0x00, 0x05);
		assert_false(r.s.info_valid);
	} else {
		vt_sense(r, STTAPE_SK_BLANK_CHECK, 0x00, 0x05);
		assert_int_equal(r.s.information, 1);
	}
	conf_pos(v, 5);
	/* To end of data, from BOP; and SPACE(16) backward. */
	vt_good(vt_rewind(v));
	vt_good(vt_space(v, STTAPE_SPACE_END_OF_DATA, 0));
	conf_pos(v, 5);
	if (conf_has(CONF_CMD_SPACE16)) {
		r = vt_run(v, cdb,
			   sttape_cdb_space16(cdb, STTAPE_SPACE_FILEMARKS, -2,
					      0, false),
			   STTAPE_DIR_NONE, NULL, 0);
		vt_good(r);
		conf_pos(v, 2);
	}
	/* Sequential filemarks are not supported. */
	r = vt_space(v, STTAPE_SPACE_SEQ_FILEMARKS, 1);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	conf_close(v);
}

/* Count of a READ of one natural record: bytes, or 1 block when fixed. */
static int64_t rec_count(const struct vt *v)
{
	return v->block ? 1 : (int64_t)conf_rec(v);
}

static void t_overwrite_and_erase(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], buf[2048];
	struct sttape_vdrive_state st;
	struct vres r;

	conf_lay_out(v); /* R0 R1 FM2 R3 FM4 */
	/* Writing at object 1 discards everything after it. */
	conf_goto(v, 1);
	vt_good(vt_put(v, conf_rec(v), 9));
	if (v->vd) { /* the virtual drive also shows what it holds */
		sttape_vdrive_get_state(v->vd, &st);
		assert_int_equal(st.objects, 2);
		assert_int_equal(st.filemarks, 0);
	}
	r = conf_read_rec(v, buf, conf_rec(v));
	expect_read_eod(r, rec_count(v));
	conf_goto(v, 1);
	vt_good(conf_read_rec(v, buf, conf_rec(v)));
	assert_int_equal(buf[0], 9);
	if (!conf_has(CONF_CMD_ERASE)) {
		conf_close(v);
		return;
	}
	/* ERASE (long) at object 1: end of data there. */
	conf_goto(v, 1);
	r = vt_run(v, cdb, sttape_cdb_erase6(cdb, false, true), STTAPE_DIR_NONE,
		   NULL, 0);
	vt_good(r);
	r = conf_read_rec(v, buf, conf_rec(v));
	expect_read_eod(r, rec_count(v));
	sttape_vdrive_get_state(v->vd, &st);
	assert_int_equal(st.objects, 1);
	/* What is written survives a reopen. */
	vt_reopen(v, NULL);
	vt_good(conf_read_rec(v, buf, conf_rec(v)));
	assert_int_equal(buf[0], 1);
	r = conf_read_rec(v, buf, conf_rec(v));
	expect_read_eod(r, rec_count(v));
	conf_close(v);
}

static void t_load_unload_prevent(void **state)
{
	struct vt *v = conf_open(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], buf[2048];
	struct vres r;

	conf_lay_out(v);
	conf_goto(v, 3);
	vt_good(vt_run(v, cdb, sttape_cdb_prevent_allow(cdb, true),
		       STTAPE_DIR_NONE, NULL, 0));
	r = vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, false, false, false, false, false),
		STTAPE_DIR_NONE, NULL, 0);
	if (conf_tgt_deviates(CONF_DEV_UNLOAD_PREVENTED))
		vt_good(r); /* tgt deviates from SSC-4 7.3, 7.5: GOOD */
	else
		vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x53, 0x02);
	vt_good(vt_tur(v));
	vt_good(vt_run(v, cdb, sttape_cdb_prevent_allow(cdb, false),
		       STTAPE_DIR_NONE, NULL, 0));
	r = vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, false, false, false, false, false),
		STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	if (conf_tgt_deviates(CONF_DEV_UNLOAD_NOOP))
		vt_good(vt_tur(v)); /* tgt deviates from SSC-4 7.3: ready */
	else
		vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x3a, 0x00);
	/* LOAD brings the cartridge back at BOP. */
	r = vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, false, true, false, false, false),
		STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	vt_good(vt_tur(v));
	conf_pos(v, 0);
	vt_good(conf_read_rec(v, buf, conf_rec(v)));
	if (conf_tgt_deviates(CONF_DEV_LOAD_NO_REWIND))
		/* tgt deviates from SSC-4 7.3: the head stayed before R3. */
		assert_int_equal(buf[0], 3);
	else
		assert_int_equal(buf[0], 1);
	/* LOAD with EOT is an invalid field (SSC-4 7.3). */
	{
		uint8_t bad[6] = {STTAPE_OP_LOAD_UNLOAD, 0, 0, 0, 0x05, 0};

		r = vt_run(v, bad, 6, STTAPE_DIR_NONE, NULL, 0);
		if (conf_tgt_deviates(CONF_DEV_LOAD_EOT))
			vt_good(r); /* tgt deviates from SSC-4 7.3: GOOD */
		else
			vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	}
	/* UNLOAD with HOLD: NOT READY 04/02 until LOAD. */
	r = vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, false, false, false, false, true),
		STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	if (conf_tgt_deviates(CONF_DEV_UNLOAD_NOOP))
		vt_good(vt_tur(v)); /* tgt deviates from SSC-4 7.3: ready */
	else
		vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x04, 0x02);
	r = vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, false, true, false, false, false),
		STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	vt_good(vt_tur(v));
	conf_close(v);
}

static bool variable_drive(void)
{
	return !conf_fixed_only();
}

#define C(f)                                                                   \
	{                                                                      \
#f, f, NULL                                                    \
	}
#define C_IF(f, when)                                                          \
	{                                                                      \
#f, f, when                                                    \
	}

const struct conf_case conf_cases[] = {
	C(t_inquiry),
	C(t_vpd),
	C(t_power_on_unit_attention),
	C(t_request_sense),
	C(t_block_limits),
	C(t_unknown_opcode),
	C(t_mode_sense),
	C(t_mode_select),
	C_IF(t_compression_page, variable_drive),
	C_IF(t_variable_ili, variable_drive),
	C(t_fixed_sili_illegal),
	C(t_fixed_mode),
	C_IF(t_fixed_wrong_length, variable_drive),
	C(t_filemark_and_eod),
	C(t_space_blocks),
	C(t_space_filemarks),
	C(t_overwrite_and_erase),
	C(t_load_unload_prevent),
};

const size_t conf_ncases = sizeof(conf_cases) / sizeof(conf_cases[0]);
