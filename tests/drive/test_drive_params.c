/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_drive_params.c - commands with parameter data: INQUIRY, READ
 * BLOCK LIMITS, MODE SENSE/SELECT(6), READ POSITION, REPORT DENSITY
 * SUPPORT, LOG SENSE and TapeAlert, REQUEST SENSE; including replies
 * shorter than they claim.
 */
#include <errno.h>
#include <stdlib.h>

#include "bytes.h"
#include "drive_test.h"

static const uint8_t inquiry_data[36] = {
	0x01, 0x80, 0x05, 0x02, 0x1f, 0x00, 0x00, 0x00, /* tape, RMB, SPC-3 */
	'I',  'E',  'T',  ' ',	' ',  ' ',  ' ',  ' ',	'V', 'I',
	'R',  'T',  'U',  'A',	'L',  '-',  'T',  'A',	'P', 'E',
	' ',  ' ',  ' ',  ' ',	'0',  '0',  '0',  '1',
};

static void inquiry_parses_identity(void **state)
{
	struct fx *x = *state;
	struct sttape_inquiry inq;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x12, 0x00, 0x00, 0x00, 0x60, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 96);
	sttape_fake_expect_timeout(s, STTAPE_TMO_CONTROL_MS);
	sttape_fake_data_in(s, inquiry_data, sizeof(inquiry_data));
	assert_int_equal(sttape_drive_inquiry(x->d, &inq, &x->r), 0);
	assert_int_equal(inq.peripheral_type, 1);
	assert_true(inq.removable);
	assert_int_equal(inq.version, 5);
	assert_string_equal(inq.vendor, "IET     ");
	assert_string_equal(inq.product, "VIRTUAL-TAPE    ");
	assert_string_equal(inq.revision, "0001");
	assert_int_equal(x->r.transferred, 36);
}

/* A device that returns 20 bytes: the product is cut, nothing overreads. */
static void inquiry_short_reply(void **state)
{
	struct fx *x = *state;
	struct sttape_inquiry inq;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_INQUIRY);
	sttape_fake_data_in(s, inquiry_data, 20);
	assert_int_equal(sttape_drive_inquiry(x->d, &inq, &x->r), 0);
	assert_string_equal(inq.vendor, "IET     ");
	assert_string_equal(inq.product, "VIRT");
	assert_string_equal(inq.revision, "");
	s = sttape_fake_expect_op(x->f, STTAPE_OP_INQUIRY);
	sttape_fake_data_in(s, inquiry_data, 4);
	assert_int_equal(sttape_drive_inquiry(x->d, &inq, &x->r), -EBADMSG);
	assert_int_equal(x->r.err, -EBADMSG);
}

static void inquiry_vpd_raw(void **state)
{
	struct fx *x = *state;
	static const uint8_t vpd80[10] = {0x01, 0x80, 0x00, 0x06, 'b',
					  'e',	'a',  'f',  '1',  '1'};
	uint8_t buf[255];
	size_t got = 99;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x12, 0x01, 0x80, 0x00, 0xff, 0x00);
	sttape_fake_data_in(s, vpd80, sizeof(vpd80));
	assert_int_equal(sttape_drive_inquiry_vpd(x->d, 0x80, buf, sizeof(buf),
						  &got, &x->r),
			 0);
	assert_int_equal(got, sizeof(vpd80));
	assert_memory_equal(buf, vpd80, sizeof(vpd80));
}

static void read_block_limits(void **state)
{
	struct fx *x = *state;
	static const uint8_t rbl[6] = {0x09, 0x10, 0x00, 0x00, 0x00, 0x04};
	struct sttape_block_limits bl;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 6);
	sttape_fake_data_in(s, rbl, sizeof(rbl));
	assert_int_equal(sttape_drive_read_block_limits(x->d, &bl, &x->r), 0);
	assert_int_equal(bl.granularity, 9);
	assert_int_equal(bl.max_length, 1048576);
	assert_int_equal(bl.min_length, 4);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_READ_BLOCK_LIMITS);
	sttape_fake_data_in(s, rbl, 5);
	assert_int_equal(sttape_drive_read_block_limits(x->d, &bl, &x->r),
			 -EBADMSG);
}

/* Header (WP, buffered 1, speed 0), descriptor 512-byte blocks, page 0x10. */
static const uint8_t mode_reply[] = {
	0x1b, 0x00, 0x90, 0x08,				/* header */
	0x42, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, /* descriptor */
	0x90, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* page 0x10, PS */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static void mode_sense_parses_all(void **state)
{
	struct fx *x = *state;
	struct sttape_mode m;
	uint8_t page[64];
	size_t got;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x1a, 0x00, 0x10, 0x00, 0xff, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 255);
	sttape_fake_expect_timeout(s, STTAPE_TMO_CONTROL_MS);
	sttape_fake_data_in(s, mode_reply, sizeof(mode_reply));
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x10, false, &m, page,
						 sizeof(page), &got, &x->r),
			 0);
	assert_int_equal(m.medium_type, 0);
	assert_true(m.write_protected);
	assert_int_equal(m.buffered_mode, 1);
	assert_int_equal(m.speed, 0);
	assert_true(m.has_descriptor);
	assert_int_equal(m.density, 0x42);
	assert_int_equal(m.blocks, 0x100);
	assert_int_equal(m.block_length, 512);
	assert_int_equal(got, 16);
	assert_memory_equal(page, mode_reply + 12, 16);
}

static void mode_sense_dbd_no_descriptor(void **state)
{
	struct fx *x = *state;
	static const uint8_t reply[] = {0x07, 0x00, 0x10, 0x00,
					0x0f, 0x02, 0xc0, 0x80};
	struct sttape_mode m;
	uint8_t page[8];
	size_t got;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x1a, 0x08, 0x0f, 0x00, 0xff, 0x00);
	sttape_fake_data_in(s, reply, sizeof(reply));
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x0f, true, &m, page,
						 sizeof(page), &got, &x->r),
			 0);
	assert_false(m.has_descriptor);
	assert_false(m.write_protected);
	assert_int_equal(m.buffered_mode, 1);
	assert_int_equal(got, 4);
	assert_memory_equal(page, reply + 4, 4);
}

/* Header says 0x1b bytes follow, but only 16 arrived: use what came. */
static void mode_sense_truncated_page(void **state)
{
	struct fx *x = *state;
	struct sttape_mode m;
	uint8_t page[64];
	size_t got;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_MODE_SENSE_6);
	sttape_fake_data_in(s, mode_reply, 16);
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x10, false, &m, page,
						 sizeof(page), &got, &x->r),
			 0);
	assert_int_equal(m.block_length, 512);
	assert_int_equal(got, 4);
	assert_memory_equal(page, mode_reply + 12, 4);
}

/* A reply cut inside the block descriptor is refused, not half-parsed. */
static void mode_sense_truncated_descriptor(void **state)
{
	struct fx *x = *state;
	struct sttape_mode m = {.density = 0x77};
	uint8_t page[64];
	size_t got = 99;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_MODE_SENSE_6);
	sttape_fake_data_in(s, mode_reply, 9);
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x10, false, &m, page,
						 sizeof(page), &got, &x->r),
			 -EBADMSG);
	assert_int_equal(x->r.err, -EBADMSG);
	assert_int_equal(got, 0);
	assert_int_equal(m.density, 0x77);
	s = sttape_fake_expect_op(x->f, STTAPE_OP_MODE_SENSE_6);
	sttape_fake_data_in(s, mode_reply, 3);
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x10, false, &m, page,
						 sizeof(page), &got, &x->r),
			 -EBADMSG);
}

/* The mode data length is smaller than what arrived: it bounds the page. */
static void mode_sense_length_bounds_page(void **state)
{
	struct fx *x = *state;
	uint8_t reply[sizeof(mode_reply)];
	struct sttape_mode m;
	uint8_t page[64];
	size_t got;
	struct sttape_fake_step *s;

	memcpy(reply, mode_reply, sizeof(reply));
	reply[0] = 13; /* header + descriptor + 2 page bytes */
	s = sttape_fake_expect_op(x->f, STTAPE_OP_MODE_SENSE_6);
	sttape_fake_data_in(s, reply, sizeof(reply));
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x10, false, &m, page,
						 sizeof(page), &got, &x->r),
			 0);
	assert_int_equal(got, 2);
	/* And the caller's buffer bounds it too. */
	s = sttape_fake_expect_op(x->f, STTAPE_OP_MODE_SENSE_6);
	sttape_fake_data_in(s, mode_reply, sizeof(mode_reply));
	assert_int_equal(sttape_drive_mode_sense(x->d, 0x10, false, &m, page, 3,
						 &got, &x->r),
			 0);
	assert_int_equal(got, 3);
}

/* A page code the CDB cannot carry: refused before anything is sent. */
static void page_codes_beyond_6_bits_refused(void **state)
{
	struct fx *x = *state;
	uint8_t buf[64];
	size_t got = 7;

	assert_int_equal(sttape_drive_mode_sense(x->d, 0x40, false, NULL, buf,
						 sizeof(buf), &got, &x->r),
			 -EINVAL);
	assert_int_equal(x->r.err, -EINVAL);
	assert_int_equal(got, 0);
	assert_int_equal(sttape_drive_log_sense(x->d, 0x40, buf, sizeof(buf),
						&got, &x->r),
			 -EINVAL);
	assert_int_equal(got, 0);
	assert_int_equal(sttape_fake_steps_run(x->f), 0);
}

static void mode_sense_illegal_page(void **state)
{
	struct fx *x = *state;
	struct sttape_mode m;
	size_t got;
	struct sttape_fake_step *s;
	int rc;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_MODE_SENSE_6);
	sttape_fake_sense_fixed(s, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00, 0,
				false, 0);
	rc = sttape_drive_mode_sense(x->d, 0x2a, false, &m, NULL, 0, &got,
				     &x->r);
	assert_true(rc < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILLEGAL_REQUEST);
}

/* Block length 512: header with length 0, descriptor, no page; PF set. */
static void mode_select_descriptor_only(void **state)
{
	struct fx *x = *state;
	static const uint8_t want[12] = {0x00, 0x00, 0x10, 0x08, 0x00, 0x00,
					 0x00, 0x00, 0x00, 0x00, 0x02, 0x00};
	struct sttape_mode m = {
		.medium_type = 0,
		.write_protected = true, /* ignored in MODE SELECT */
		.buffered_mode = 1,
		.has_descriptor = true,
		.block_length = 512,
	};
	const uint8_t *out;
	size_t n;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x15, 0x10, 0x00, 0x00, 0x0c, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_OUT, 12);
	sttape_fake_expect_timeout(s, STTAPE_TMO_CONTROL_MS);
	assert_int_equal(sttape_drive_mode_select(x->d, &m, NULL, 0, &x->r), 0);
	out = sttape_fake_data_out(s, &n);
	assert_int_equal(n, 12);
	assert_memory_equal(out, want, 12);
}

/* With a page: PS cleared in the copy, caller's page untouched. */
static void mode_select_with_page(void **state)
{
	struct fx *x = *state;
	uint8_t page[4] = {0x8f, 0x02, 0xc0, 0x80};
	struct sttape_mode m = {.buffered_mode = 1};
	const uint8_t *out;
	size_t n;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x15, 0x10, 0x00, 0x00, 0x08, 0x00);
	assert_int_equal(
		sttape_drive_mode_select(x->d, &m, page, sizeof(page), &x->r),
		0);
	out = sttape_fake_data_out(s, &n);
	assert_int_equal(n, 8);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[2], 0x10);
	assert_int_equal(out[3], 0);
	assert_int_equal(out[4], 0x0f);
	assert_memory_equal(out + 5, page + 1, 3);
	assert_int_equal(page[0], 0x8f);
}

static void mode_select_rejects_oversize(void **state)
{
	struct fx *x = *state;
	static uint8_t page[250];
	struct sttape_mode m = {.has_descriptor = true};

	assert_int_equal(
		sttape_drive_mode_select(x->d, &m, page, sizeof(page), &x->r),
		-EINVAL);
	assert_int_equal(sttape_drive_mode_select(x->d, &m, NULL, 4, &x->r),
			 -EINVAL);
	assert_int_equal(sttape_fake_steps_run(x->f), 0);
}

static void read_position_short(void **state)
{
	struct fx *x = *state;
	static const uint8_t rp[20] = {0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01,
				       0x02, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00,
				       0x00, 0x03, 0x00, 0x00, 0x06, 0x00};
	struct sttape_position p;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x34, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
			  0x00, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 20);
	sttape_fake_expect_timeout(s, STTAPE_TMO_CONTROL_MS);
	sttape_fake_data_in(s, rp, sizeof(rp));
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_SHORT, &p, &x->r),
		0);
	assert_true(p.bop);
	assert_false(p.eop);
	assert_false(p.bpu);
	assert_int_equal(p.partition, 1);
	assert_int_equal(p.block, 0x102);
	assert_int_equal(p.last_block, 0x105);
	assert_int_equal(p.objects_in_buffer, 3);
	assert_int_equal(p.bytes_in_buffer, 0x600);
	assert_false(p.file_valid);
}

/* tgt's short form: byte 0 = 20 (BYCU and BPU set), rest zero. */
static void read_position_short_unknown(void **state)
{
	struct fx *x = *state;
	uint8_t rp[20] = {0x14};
	struct sttape_position p;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_READ_POSITION);
	sttape_fake_data_in(s, rp, sizeof(rp));
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_SHORT, &p, &x->r),
		0);
	assert_true(p.bpu);
	assert_true(p.lolu);
	assert_true(p.bycu);
	assert_false(p.bop);
}

static void read_position_short_bt(void **state)
{
	struct fx *x = *state;
	uint8_t rp[20] = {0};
	struct sttape_position p;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x34, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
			  0x00, 0x00);
	sttape_fake_data_in(s, rp, sizeof(rp));
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_SHORT_BT, &p, &x->r),
		0);
}

static void read_position_long(void **state)
{
	struct fx *x = *state;
	uint8_t rp[32] = {0};
	struct sttape_position p;
	struct sttape_fake_step *s;

	rp[0] = 0x40 | 0x01; /* EOP, BPEW */
	rp[7] = 2;	     /* partition */
	rp[9] = 0x01;	     /* object 2^48 + 7 */
	rp[15] = 0x07;
	rp[23] = 0x09; /* file 9 */
	s = STTAPE_EXPECT(x, 0x34, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
			  0x00, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 32);
	sttape_fake_data_in(s, rp, sizeof(rp));
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_LONG, &p, &x->r), 0);
	assert_true(p.eop);
	assert_true(p.bpew);
	assert_false(p.lolu);
	assert_int_equal(p.partition, 2);
	assert_int_equal(p.block, (UINT64_C(1) << 48) + 7);
	assert_true(p.file_valid);
	assert_int_equal(p.file, 9);

	rp[0] = 0x08 | 0x04; /* MPU, LONU */
	s = sttape_fake_expect_op(x->f, STTAPE_OP_READ_POSITION);
	sttape_fake_data_in(s, rp, sizeof(rp));
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_LONG, &p, &x->r), 0);
	assert_false(p.file_valid);
	assert_true(p.lolu);
	assert_true(p.bpu);
}

static void read_position_extended(void **state)
{
	struct fx *x = *state;
	uint8_t rp[32] = {0};
	struct sttape_position p;
	struct sttape_fake_step *s;

	rp[0] = 0x20;  /* LOCU */
	rp[1] = 3;     /* partition */
	rp[3] = 0x1c;  /* additional length */
	rp[7] = 5;     /* objects in buffer */
	rp[14] = 0x01; /* first 0x100 */
	rp[22] = 0x02; /* last 0x200 */
	rp[29] = 0x01; /* bytes 0x10000 */
	s = STTAPE_EXPECT(x, 0x34, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
			  0x20, 0x00);
	sttape_fake_data_in(s, rp, sizeof(rp));
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_EXTENDED, &p, &x->r),
		0);
	assert_true(p.locu);
	assert_int_equal(p.partition, 3);
	assert_int_equal(p.objects_in_buffer, 5);
	assert_int_equal(p.block, 0x100);
	assert_int_equal(p.last_block, 0x200);
	assert_int_equal(p.bytes_in_buffer, 0x10000);
}

static void read_position_short_reply_refused(void **state)
{
	struct fx *x = *state;
	uint8_t rp[20] = {0};
	struct sttape_position p;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_READ_POSITION);
	sttape_fake_data_in(s, rp, 12);
	assert_int_equal(
		sttape_drive_read_position(x->d, STTAPE_RP_SHORT, &p, &x->r),
		-EBADMSG);
	assert_int_equal(
		sttape_drive_read_position(
			x->d, (enum sttape_read_position_form)3, &p, &x->r),
		-EINVAL);
}

/* tgt answers the extended form with 05/24/00. */
static void read_position_extended_refused_by_drive(void **state)
{
	struct fx *x = *state;
	struct sttape_position p;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_READ_POSITION);
	sttape_fake_sense_fixed(s, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00, 0,
				false, 0);
	assert_true(sttape_drive_read_position(x->d, STTAPE_RP_EXTENDED, &p,
					       &x->r) < 0);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_ILLEGAL_REQUEST);
}

static void report_density_raw(void **state)
{
	struct fx *x = *state;
	static const uint8_t rds[8] = {0x00, 0x06, 0x00, 0x00,
				       0x42, 0x42, 0xa0, 0x00};
	uint8_t buf[1024];
	size_t got;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x44, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
			  0x00, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 1024);
	sttape_fake_data_in(s, rds, sizeof(rds));
	assert_int_equal(sttape_drive_report_density(x->d, true, buf,
						     sizeof(buf), &got, &x->r),
			 0);
	assert_int_equal(got, sizeof(rds));
	assert_memory_equal(buf, rds, sizeof(rds));
}

static void log_sense_raw(void **state)
{
	struct fx *x = *state;
	static const uint8_t page[8] = {0x0c, 0x00, 0x00, 0x04,
					0x00, 0x01, 0x00, 0x00};
	uint8_t buf[512];
	size_t got;
	struct sttape_fake_step *s;

	s = STTAPE_EXPECT(x, 0x4d, 0x00, 0x4c, 0x00, 0x00, 0x00, 0x00, 0x02,
			  0x00, 0x00);
	sttape_fake_data_in(s, page, sizeof(page));
	assert_int_equal(sttape_drive_log_sense(x->d, 0x0c, buf, sizeof(buf),
						&got, &x->r),
			 0);
	assert_int_equal(got, sizeof(page));
}

/* Flags 1, 3 and 64 set; 2 present but clear; then a parameter cut short. */
static void tapealert_decodes_flags(void **state)
{
	struct fx *x = *state;
	static const uint8_t page[] = {
		0x2e, 0x00, 0x00, 0x18,	      /* page, length 24 */
		0x00, 0x01, 0x00, 0x01, 0x01, /* flag 1 */
		0x00, 0x02, 0x00, 0x01, 0x00, /* flag 2 clear */
		0x00, 0x03, 0x00, 0x01, 0x01, /* flag 3 */
		0x00, 0x40, 0x00, 0x01, 0x01, /* flag 64 */
		0x00, 0x05, 0x00, 0x01, 0x01, /* beyond page length */
	};
	uint64_t flags = 0;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_LOG_SENSE);
	sttape_fake_data_in(s, page, sizeof(page));
	assert_int_equal(sttape_drive_tapealert(x->d, &flags, &x->r), 0);
	assert_true(flags == ((UINT64_C(1) << 0) | (UINT64_C(1) << 2) |
			      (UINT64_C(1) << 63)));
}

/* Page length claims more than arrived: only whole parameters count. */
static void tapealert_truncated(void **state)
{
	struct fx *x = *state;
	static const uint8_t page[] = {
		0x2e, 0x00, 0x01, 0x40,	      /* claims 320 bytes */
		0x00, 0x02, 0x00, 0x01, 0x01, /* flag 2 */
		0x00, 0x04, 0x00, 0x01,	      /* flag 4, value missing */
	};
	uint64_t flags = 0;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_LOG_SENSE);
	sttape_fake_data_in(s, page, sizeof(page));
	assert_int_equal(sttape_drive_tapealert(x->d, &flags, &x->r), 0);
	assert_true(flags == (UINT64_C(1) << 1));
	s = sttape_fake_expect_op(x->f, STTAPE_OP_LOG_SENSE);
	sttape_fake_data_in(s, "\x0c\x00\x00\x00", 4);
	assert_int_equal(sttape_drive_tapealert(x->d, &flags, &x->r), -EBADMSG);
	assert_true(flags == 0);
}

static void tapealert_cdb(void **state)
{
	struct fx *x = *state;
	uint64_t flags;
	struct sttape_fake_step *s;

	s = sttape_fake_expect_op(x->f, STTAPE_OP_LOG_SENSE);
	sttape_fake_data_in(s, "\x2e\x00\x00\x00", 4);
	assert_int_equal(sttape_drive_tapealert(x->d, &flags, &x->r), 0);
	{
		size_t n;
		const uint8_t *cdb = sttape_fake_cdb_seen(s, &n);

		assert_int_equal(n, 10);
		assert_int_equal(cdb[2], 0x40 | 0x2e);
		assert_true(sttape_fake_len_seen(s) >= 4 + 64 * 5);
		assert_int_equal(sttape_get_be16(cdb + 7),
				 sttape_fake_len_seen(s));
	}
}

/* REQUEST SENSE returns 0; the returned sense describes the drive. */
static void request_sense_returns_sense_data(void **state)
{
	struct fx *x = *state;
	uint8_t sense[18];
	struct sttape_fake_step *s;

	sttape_fake_build_sense(sense, STTAPE_SK_NOT_READY, 0x04, 0x01, 0,
				false, 0);
	s = STTAPE_EXPECT(x, 0x03, 0x00, 0x00, 0x00, 0xfc, 0x00);
	sttape_fake_expect_dir(s, STTAPE_DIR_IN, 252);
	sttape_fake_data_in(s, sense, sizeof(sense));
	assert_int_equal(sttape_drive_request_sense(x->d, &x->r), 0);
	assert_int_equal(x->r.err, 0);
	assert_true(x->r.has_sense);
	assert_int_equal(x->r.sense.key, STTAPE_SK_NOT_READY);
	assert_int_equal(x->r.sense.asc, 0x04);
	assert_int_equal(x->r.outcome, STTAPE_OUTCOME_BECOMING_READY);
	assert_int_equal(x->r.transferred, 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STTAPE_FX_TEST(inquiry_parses_identity),
		STTAPE_FX_TEST(inquiry_short_reply),
		STTAPE_FX_TEST(inquiry_vpd_raw),
		STTAPE_FX_TEST(read_block_limits),
		STTAPE_FX_TEST(mode_sense_parses_all),
		STTAPE_FX_TEST(mode_sense_dbd_no_descriptor),
		STTAPE_FX_TEST(mode_sense_truncated_page),
		STTAPE_FX_TEST(mode_sense_truncated_descriptor),
		STTAPE_FX_TEST(mode_sense_length_bounds_page),
		STTAPE_FX_TEST(page_codes_beyond_6_bits_refused),
		STTAPE_FX_TEST(mode_sense_illegal_page),
		STTAPE_FX_TEST(mode_select_descriptor_only),
		STTAPE_FX_TEST(mode_select_with_page),
		STTAPE_FX_TEST(mode_select_rejects_oversize),
		STTAPE_FX_TEST(read_position_short),
		STTAPE_FX_TEST(read_position_short_unknown),
		STTAPE_FX_TEST(read_position_short_bt),
		STTAPE_FX_TEST(read_position_long),
		STTAPE_FX_TEST(read_position_extended),
		STTAPE_FX_TEST(read_position_short_reply_refused),
		STTAPE_FX_TEST(read_position_extended_refused_by_drive),
		STTAPE_FX_TEST(report_density_raw),
		STTAPE_FX_TEST(log_sense_raw),
		STTAPE_FX_TEST(tapealert_decodes_flags),
		STTAPE_FX_TEST(tapealert_truncated),
		STTAPE_FX_TEST(tapealert_cdb),
		STTAPE_FX_TEST(request_sense_returns_sense_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
