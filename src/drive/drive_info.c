/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drive_info.c - commands that ask the drive about itself: TEST UNIT
 * READY, REQUEST SENSE, INQUIRY (SPC-5 6.6), READ BLOCK LIMITS (SSC-4
 * 7.4), REPORT DENSITY SUPPORT (SSC-4 6.7), LOG SENSE (SPC-5 6.8) and the
 * TapeAlert log page (SSC-4 8.2.3), PREVENT ALLOW MEDIUM REMOVAL.
 */
#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "drive_priv.h"

#define INQUIRY_ALLOC	 96
#define BLOCK_LIMITS_LEN 6
#define ALLOC16_MAX	 0xffffu

/* A tapealert page holds 64 one-byte parameters (SSC-4 table 185). */
#define TAPEALERT_FLAGS 64
#define TAPEALERT_ALLOC (4 + TAPEALERT_FLAGS * 5)

int sttape_drive_test_unit_ready(struct sttape_drive *d,
				 struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {.dir = STTAPE_DIR_NONE, .cls = DRIVE_CONTROL};

	c.cdb_len = sttape_cdb_test_unit_ready(c.cdb);
	return drive_run(d, &c, drive_result(r, &local));
}

/* The returned sense data becomes r's sense; the command itself was GOOD. */
static void take_returned_sense(const uint8_t *buf, struct sttape_result *r)
{
	struct sttape_classification cls;

	if (sttape_sense_parse(buf, r->transferred, &r->sense) < 0 ||
	    !r->sense.usable)
		return;
	r->has_sense = true;
	if (r->sense.info_valid)
		r->residue = r->sense.information;
	sttape_sense_classify(&r->sense, &cls);
	r->outcome = cls.outcome;
}

int sttape_drive_request_sense(struct sttape_drive *d, struct sttape_result *r)
{
	struct sttape_result local;
	uint8_t buf[STTAPE_SENSE_MAX];
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = sizeof(buf),
		.cls = DRIVE_CONTROL,
	};
	int rc;

	r = drive_result(r, &local);
	memset(buf, 0, sizeof(buf));
	c.cdb_len = sttape_cdb_request_sense(c.cdb, false, sizeof(buf));
	rc = drive_run(d, &c, r);
	if (rc == 0 && r->status == STTAPE_STATUS_GOOD)
		take_returned_sense(buf, r);
	return rc;
}

/* Copy an ASCII field of n bytes, NUL-terminated, blanks kept. */
static void copy_field(char *dst, const uint8_t *src, size_t n, size_t got,
		       size_t off)
{
	size_t have = got > off ? got - off : 0;

	if (have > n)
		have = n;
	memcpy(dst, src + off, have);
	dst[have] = '\0';
}

static void parse_inquiry(const uint8_t *b, size_t got,
			  struct sttape_inquiry *inq)
{
	memset(inq, 0, sizeof(*inq));
	inq->peripheral_type = b[0] & 0x1f;
	inq->removable = b[1] & 0x80;
	inq->version = b[2];
	copy_field(inq->vendor, b, 8, got, 8);
	copy_field(inq->product, b, 16, got, 16);
	copy_field(inq->revision, b, 4, got, 32);
}

int sttape_drive_inquiry(struct sttape_drive *d, struct sttape_inquiry *inq,
			 struct sttape_result *r)
{
	struct sttape_result local;
	uint8_t buf[INQUIRY_ALLOC];
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = sizeof(buf),
		.cls = DRIVE_CONTROL,
	};
	int rc;

	r = drive_result(r, &local);
	memset(buf, 0, sizeof(buf));
	c.cdb_len = sttape_cdb_inquiry(c.cdb, false, 0, sizeof(buf));
	rc = drive_run(d, &c, r);
	if (rc < 0)
		return rc;
	/* Standard data: 5 bytes at least (SPC-5 table 148). */
	if (r->transferred < 5)
		return drive_bad_data(r);
	parse_inquiry(buf, r->transferred, inq);
	return 0;
}

/* A command whose parameter data goes straight to the caller's buffer. */
static int raw_in(struct sttape_drive *d, struct drive_cmd *c, size_t *got,
		  struct sttape_result *r)
{
	int rc = drive_run(d, c, r);

	if (got)
		*got = rc < 0 ? 0 : r->transferred;
	return rc;
}

static uint16_t alloc16(size_t len)
{
	return len > ALLOC16_MAX ? ALLOC16_MAX : (uint16_t)len;
}

int sttape_drive_inquiry_vpd(struct sttape_drive *d, uint8_t page, void *buf,
			     size_t len, size_t *got, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = alloc16(len),
		.cls = DRIVE_CONTROL,
	};

	c.cdb_len = sttape_cdb_inquiry(c.cdb, true, page, alloc16(len));
	return raw_in(d, &c, got, drive_result(r, &local));
}

int sttape_drive_read_block_limits(struct sttape_drive *d,
				   struct sttape_block_limits *bl,
				   struct sttape_result *r)
{
	struct sttape_result local;
	uint8_t buf[BLOCK_LIMITS_LEN] = {0};
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = sizeof(buf),
		.cls = DRIVE_CONTROL,
	};
	int rc;

	r = drive_result(r, &local);
	c.cdb_len = sttape_cdb_read_block_limits(c.cdb);
	rc = drive_run(d, &c, r);
	if (rc < 0)
		return rc;
	if (r->transferred < BLOCK_LIMITS_LEN)
		return drive_bad_data(r);
	/* SSC-4 table 52: granularity in byte 0 bits 4..0. */
	bl->granularity = buf[0] & 0x1f;
	bl->max_length = sttape_get_be24(buf + 1);
	bl->min_length = sttape_get_be16(buf + 4);
	return 0;
}

int sttape_drive_prevent_allow(struct sttape_drive *d, bool prevent,
			       struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {.dir = STTAPE_DIR_NONE, .cls = DRIVE_CONTROL};

	c.cdb_len = sttape_cdb_prevent_allow(c.cdb, prevent);
	return drive_run(d, &c, drive_result(r, &local));
}

int sttape_drive_report_density(struct sttape_drive *d, bool media, void *buf,
				size_t len, size_t *got,
				struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = alloc16(len),
		.cls = DRIVE_CONTROL,
	};

	c.cdb_len = sttape_cdb_report_density_support(c.cdb, media, false,
						      alloc16(len));
	return raw_in(d, &c, got, drive_result(r, &local));
}

int sttape_drive_log_sense(struct sttape_drive *d, uint8_t page, void *buf,
			   size_t len, size_t *got, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = alloc16(len),
		.cls = DRIVE_CONTROL,
	};

	c.cdb_len = sttape_cdb_log_sense(c.cdb, false, STTAPE_LOG_PC_CUMULATIVE,
					 page, 0, 0, alloc16(len));
	return raw_in(d, &c, got, drive_result(r, &local));
}

/*
 * Walk the log parameters of page 0x2E (SPC-5 7.3: page header of 4
 * bytes, then code(2) control(1) length(1) value); flag n is parameter
 * code n and is set when bit 0 of its value is.
 */
static int parse_tapealert(const uint8_t *b, size_t got, uint64_t *flags)
{
	size_t end, off = 4;

	*flags = 0;
	if (got < 4 || (b[0] & 0x3f) != STTAPE_LOG_PAGE_TAPEALERT)
		return -EBADMSG;
	end = 4 + (size_t)sttape_get_be16(b + 2);
	if (end > got)
		end = got;
	while (off + 4 <= end) {
		uint16_t code = sttape_get_be16(b + off);
		size_t plen = b[off + 3];

		if (off + 4 + plen > end)
			break;
		if (code >= 1 && code <= TAPEALERT_FLAGS && plen >= 1 &&
		    (b[off + 4] & 1))
			*flags |= UINT64_C(1) << (code - 1);
		off += 4 + plen;
	}
	return 0;
}

int sttape_drive_tapealert(struct sttape_drive *d, uint64_t *flags,
			   struct sttape_result *r)
{
	struct sttape_result local;
	uint8_t buf[TAPEALERT_ALLOC] = {0};
	size_t got;
	int rc;

	r = drive_result(r, &local);
	*flags = 0;
	rc = sttape_drive_log_sense(d, STTAPE_LOG_PAGE_TAPEALERT, buf,
				    sizeof(buf), &got, r);
	if (rc < 0)
		return rc;
	if (parse_tapealert(buf, got, flags) < 0)
		return drive_bad_data(r);
	return 0;
}
