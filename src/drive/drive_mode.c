/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drive_mode.c - MODE SENSE(6) and MODE SELECT(6) with the mode
 * parameter header (SPC-5 7.5.5 table 448), the sequential-access block
 * descriptor (SSC-4 8.3.2) and one page.
 */
#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "drive_priv.h"

#define MODE6_MAX      255
#define MODE6_HDR      4
#define BLOCK_DESC_LEN 8

/* Device-specific parameter of a sequential-access device (SSC-4 8.3.3). */
#define DSP_WP		   0x80
#define DSP_BUFFERED_SHIFT 4
#define DSP_BUFFERED_MASK  0x07
#define DSP_SPEED_MASK	   0x0f

/* PS (parameters savable) is reserved in MODE SELECT (SPC-5 7.5.7). */
#define PAGE_PS 0x80

static void parse_header(const uint8_t *b, struct sttape_mode *m)
{
	memset(m, 0, sizeof(*m));
	m->medium_type = b[1];
	m->write_protected = b[2] & DSP_WP;
	m->buffered_mode = (b[2] >> DSP_BUFFERED_SHIFT) & DSP_BUFFERED_MASK;
	m->speed = b[2] & DSP_SPEED_MASK;
}

static void parse_descriptor(const uint8_t *b, struct sttape_mode *m)
{
	m->has_descriptor = true;
	m->density = b[0];
	m->blocks = sttape_get_be24(b + 1);
	m->block_length = sttape_get_be24(b + 5);
}

/*
 * Split a MODE SENSE(6) reply.  Only bytes that both arrived and lie
 * within the mode data length are used; a reply cut inside the header or
 * the block descriptor is -EBADMSG, a page cut short is returned as far
 * as it came.
 */
static int parse_mode_sense(const uint8_t *b, size_t got, struct sttape_mode *m,
			    void *page_buf, size_t page_len, size_t *page_got)
{
	size_t avail, page_off, n;
	struct sttape_mode tmp;

	if (got < MODE6_HDR)
		return -EBADMSG;
	avail = (size_t)b[0] + 1;
	if (avail > got)
		avail = got;
	if (avail < MODE6_HDR)
		return -EBADMSG;
	parse_header(b, &tmp);
	page_off = MODE6_HDR + b[3];
	if (page_off > avail)
		return -EBADMSG;
	if (b[3] >= BLOCK_DESC_LEN)
		parse_descriptor(b + MODE6_HDR, &tmp);
	n = avail - page_off;
	if (n > page_len)
		n = page_len;
	if (n)
		memcpy(page_buf, b + page_off, n);
	if (page_got)
		*page_got = n;
	if (m)
		*m = tmp;
	return 0;
}

int sttape_drive_mode_sense(struct sttape_drive *d, uint8_t page, bool dbd,
			    struct sttape_mode *mode, void *page_buf,
			    size_t page_len, size_t *page_got,
			    struct sttape_result *r)
{
	struct sttape_result local;
	uint8_t buf[MODE6_MAX] = {0};
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = sizeof(buf),
		.cls = DRIVE_CONTROL,
	};
	int rc;

	r = drive_result(r, &local);
	if (page_got)
		*page_got = 0;
	if (!page_buf)
		page_len = 0;
	c.cdb_len = sttape_cdb_mode_sense6(c.cdb, dbd, STTAPE_PC_CURRENT, page,
					   0, sizeof(buf));
	rc = drive_run(d, &c, r);
	if (rc < 0)
		return rc;
	if (parse_mode_sense(buf, r->transferred, mode, page_buf, page_len,
			     page_got) < 0)
		return drive_bad_data(r);
	return 0;
}

/* Header and block descriptor of a MODE SELECT parameter list. */
static size_t build_select_header(uint8_t *b, const struct sttape_mode *m)
{
	b[0] = 0; /* mode data length: reserved in MODE SELECT */
	b[1] = m->medium_type;
	b[2] = (uint8_t)(((m->buffered_mode & DSP_BUFFERED_MASK)
			  << DSP_BUFFERED_SHIFT) |
			 (m->speed & DSP_SPEED_MASK));
	if (!m->has_descriptor) {
		b[3] = 0;
		return MODE6_HDR;
	}
	b[3] = BLOCK_DESC_LEN;
	b[4] = m->density;
	sttape_put_be24(b + 5, m->blocks & 0xffffff);
	b[8] = 0;
	sttape_put_be24(b + 9, m->block_length & 0xffffff);
	return MODE6_HDR + BLOCK_DESC_LEN;
}

int sttape_drive_mode_select(struct sttape_drive *d,
			     const struct sttape_mode *mode, const void *page,
			     size_t page_len, struct sttape_result *r)
{
	struct sttape_result local;
	uint8_t buf[MODE6_MAX] = {0};
	struct drive_cmd c = {
		.dir = STTAPE_DIR_OUT,
		.data = buf,
		.cls = DRIVE_CONTROL,
	};
	size_t n;

	r = drive_result(r, &local);
	if (!mode || (page_len && !page))
		return drive_refuse(r, -EINVAL);
	n = build_select_header(buf, mode);
	if (page_len > sizeof(buf) - n)
		return drive_refuse(r, -EINVAL);
	if (page_len) {
		memcpy(buf + n, page, page_len);
		buf[n] &= (uint8_t)~PAGE_PS;
	}
	c.len = n + page_len;
	/*
	 * PF always: the parameters are in SPC page format whether or not
	 * a page follows, as SCSI-2 and later devices expect (tgt rejects
	 * PF 0 with INVALID FIELD IN CDB even for a bare block descriptor).
	 */
	c.cdb_len = sttape_cdb_mode_select6(c.cdb, true, false, (uint8_t)c.len);
	return drive_run(d, &c, r);
}
