/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ssc.c - the virtual drive's command set: a sorted dispatch table by
 * operation code (SPC-5 table 65, SSC-4 table 7) and one handler per
 * command.  Handlers answer as SSC-4 describes: status, fixed-format
 * sense (SPC-5 4.4.3) with FILEMARK/EOM/ILI and a signed INFORMATION
 * field, and the data moved.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sttape/cdb.h>

#include "bytes.h"
#include "vdrive/vdrive_priv.h"

/* Additional sense codes used here (SPC-5 Annex D). */
#define ASC_NONE	       0x00
#define ASCQ_FILEMARK	       0x01
#define ASCQ_EOP_EW	       0x02 /* END-OF-PARTITION/MEDIUM DETECTED */
#define ASCQ_BOP	       0x04 /* BEGINNING-OF-PARTITION/MEDIUM DETECTED */
#define ASCQ_EOD	       0x05 /* END-OF-DATA DETECTED */
#define ASCQ_PEW	       0x07 /* PROGRAMMABLE EARLY WARNING DETECTED */
#define ASC_NOT_READY	       0x04
#define ASC_WRITE_ERROR	       0x0c
#define ASC_READ_ERROR	       0x11
#define ASC_PARAM_LIST_LEN     0x1a
#define ASC_INVALID_OPCODE     0x20
#define ASC_INVALID_CDB	       0x24
#define ASC_INVALID_PARAM      0x26
#define ASC_WRITE_PROTECTED    0x27
#define ASC_MEDIUM_CHANGED     0x28
#define ASC_RESET	       0x29
#define ASC_PARAMS_CHANGED     0x2a
#define ASC_SAVING_UNSUPPORTED 0x39
#define ASC_NO_MEDIUM	       0x3a
#define ASC_REMOVAL_PREVENTED  0x53

/* TapeAlert flags raised by the model (SSC-4 Annex A). */
#define TA_HARD_ERROR	 3
#define TA_MEDIA	 4
#define TA_WRITE_PROTECT 9

#define SENSE_LEN VD_SENSE_LEN

void vd_build_sense(uint8_t *s, uint8_t key, uint8_t asc, uint8_t ascq,
		    uint8_t flags, bool info_valid, int64_t info)
{
	memset(s, 0, SENSE_LEN);
	s[0] = 0x70 | (info_valid ? 0x80 : 0);
	s[2] = (uint8_t)(flags | (key & 0x0f));
	if (info_valid)
		sttape_put_be32(s + 3, (uint32_t)(int32_t)info);
	s[7] = SENSE_LEN - 8;
	s[12] = asc;
	s[13] = ascq;
}

void vd_sense(struct vd_cmd *c, uint8_t key, uint8_t asc, uint8_t ascq,
	      uint8_t flags, bool info_valid, int64_t info)
{
	c->res->status = STTAPE_STATUS_CHECK_CONDITION;
	vd_build_sense(c->res->sense, key, asc, ascq, flags, info_valid, info);
	c->res->sense_len = SENSE_LEN;
}

void vd_illegal(struct vd_cmd *c, uint8_t asc, bool in_cdb, uint16_t byte,
		int bit)
{
	uint8_t *s = c->res->sense;

	vd_sense(c, STTAPE_SK_ILLEGAL_REQUEST, asc, 0, 0, false, 0);
	/* SKSV, C/D, BPV + bit pointer, FIELD POINTER. */
	s[15] = (uint8_t)(0x80 | (in_cdb ? 0x40 : 0) |
			  (bit >= 0 ? 0x08 | (bit & 7) : 0));
	sttape_put_be16(s + 16, byte);
}

static void bad_cdb(struct vd_cmd *c, uint16_t byte, int bit)
{
	vd_illegal(c, ASC_INVALID_CDB, true, byte, bit);
}

static void bad_param(struct vd_cmd *c, uint16_t byte, int bit)
{
	vd_illegal(c, ASC_INVALID_PARAM, false, byte, bit);
}

static void not_ready(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	if (vd->medium == VD_HELD) /* INITIALIZING COMMAND REQUIRED */
		vd_sense(c, STTAPE_SK_NOT_READY, ASC_NOT_READY, 0x02, 0, false,
			 0);
	else
		vd_sense(c, STTAPE_SK_NOT_READY, ASC_NO_MEDIUM, 0, 0, false, 0);
}

static void write_protected(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	vd->tapealert |= 1ull << (TA_WRITE_PROTECT - 1);
	vd_sense(c, STTAPE_SK_DATA_PROTECT, ASC_WRITE_PROTECTED, 0, 0, false,
		 0);
}

static bool is_wp(const struct sttape_vdrive *vd)
{
	return vd->wp || vd->img->readonly;
}

/* Copy a built reply to the data-in buffer, at most alloc bytes. */
static void reply(struct vd_cmd *c, const void *buf, size_t n, size_t alloc)
{
	if (n > alloc)
		n = alloc;
	if (n > c->len)
		n = c->len;
	if (n)
		memcpy(c->data, buf, n);
	c->xfer = n;
}

static void pad(char *dst, const char *src, size_t n)
{
	size_t k = strlen(src);

	memset(dst, ' ', n);
	memcpy(dst, src, k < n ? k : n);
}

/* Byte offset of the head on the medium: what capacity and EW use. */
static uint64_t used_at(const struct sttape_vdrive *vd, uint64_t obj)
{
	return vd_image_used(vd->img, obj);
}

static uint64_t ew_point(const struct sttape_vdrive *vd)
{
	uint64_t ew = vd_ew_size(vd);

	return ew < vd->capacity ? vd->capacity - ew : 0;
}

static uint64_t pew_point(const struct sttape_vdrive *vd)
{
	uint64_t e = ew_point(vd);

	return vd->pew < e ? e - vd->pew : 0;
}

/* ---- SPC-5 commands -------------------------------------------------- */

/* SPC-5 6.34 TEST UNIT READY. */
static void op_tur(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	if (vd->medium != VD_LOADED)
		not_ready(vd, c);
}

/*
 * SPC-5 6.39 REQUEST SENSE: a pending unit attention (reported and
 * cleared), else the not-ready condition, else NO SENSE.  Only fixed
 * format: DESC=1 is an invalid field.
 */
static void op_request_sense(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t s[SENSE_LEN];

	if (c->cdb[1] & 0x01) {
		bad_cdb(c, 1, 0);
		return;
	}
	if (vd->nua) {
		uint8_t ua = vd->ua[0];

		memmove(vd->ua, vd->ua + 1, (size_t)--vd->nua);
		vd_build_sense(
			s, STTAPE_SK_UNIT_ATTENTION,
			ua == STTAPE_VDRIVE_UA_RESET	? ASC_RESET
			: ua == STTAPE_VDRIVE_UA_MEDIUM ? ASC_MEDIUM_CHANGED
							: ASC_PARAMS_CHANGED,
			ua == STTAPE_VDRIVE_UA_MODE ? 1 : 0, 0, false, 0);
	} else if (vd->medium == VD_HELD) {
		vd_build_sense(s, STTAPE_SK_NOT_READY, ASC_NOT_READY, 2, 0,
			       false, 0);
	} else if (vd->medium != VD_LOADED) {
		vd_build_sense(s, STTAPE_SK_NOT_READY, ASC_NO_MEDIUM, 0, 0,
			       false, 0);
	} else {
		vd_build_sense(s, STTAPE_SK_NO_SENSE, 0, 0, 0, false, 0);
	}
	reply(c, s, sizeof(s), c->cdb[4]);
}

static void inquiry_std(struct sttape_vdrive *vd, struct vd_cmd *c,
			size_t alloc)
{
	uint8_t d[36] = {0};

	d[0] = 0x01; /* sequential-access device */
	d[1] = 0x80; /* RMB */
	d[2] = 0x06; /* SPC-4 */
	d[3] = 0x02; /* response data format 2 */
	d[4] = sizeof(d) - 5;
	pad((char *)d + 8, vd->vendor, 8);
	pad((char *)d + 16, vd->product, 16);
	pad((char *)d + 32, vd->revision, 4);
	reply(c, d, sizeof(d), alloc);
}

/* SPC-5 7.7.3 supported pages, 7.7.18 unit serial, 7.7.6 device id. */
static void inquiry_vpd(struct sttape_vdrive *vd, struct vd_cmd *c,
			uint8_t page, size_t alloc)
{
	uint8_t d[96] = {0};
	size_t n = 4, sl = strlen(vd->serial);

	d[0] = 0x01;
	d[1] = page;
	switch (page) {
	case 0x00:
		d[n++] = 0x00;
		d[n++] = 0x80;
		d[n++] = 0x83;
		break;
	case 0x80:
		memcpy(d + n, vd->serial, sl);
		n += sl;
		break;
	case 0x83:
		/* One T10 vendor ID designator: vendor + product + serial. */
		d[4] = 0x02; /* code set ASCII */
		d[5] = 0x01; /* LU, T10 vendor ID */
		d[7] = (uint8_t)(8 + 16 + sl);
		pad((char *)d + 8, vd->vendor, 8);
		pad((char *)d + 16, vd->product, 16);
		memcpy(d + 32, vd->serial, sl);
		n = 32 + sl;
		break;
	default:
		bad_cdb(c, 2, -1);
		return;
	}
	sttape_put_be16(d + 2, (uint16_t)(n - 4));
	reply(c, d, n, alloc);
}

/* SPC-5 6.6 INQUIRY. */
static void op_inquiry(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	size_t alloc = sttape_get_be16(c->cdb + 3);

	if (c->cdb[1] & 0x02) { /* obsolete CMDDT */
		bad_cdb(c, 1, 1);
		return;
	}
	if (c->cdb[1] & 0x01)
		inquiry_vpd(vd, c, c->cdb[2], alloc);
	else if (c->cdb[2])
		bad_cdb(c, 2, -1);
	else
		inquiry_std(vd, c, alloc);
}

/* ---- mode pages ------------------------------------------------------- */

enum { PC_CURRENT, PC_CHANGEABLE, PC_DEFAULT, PC_SAVED };

/* SSC-4 8.3.3 data compression page (0x0F). */
static size_t page_0f(struct sttape_vdrive *vd, uint8_t *p, int pc)
{
	memset(p, 0, 16);
	p[0] = 0x0f;
	p[1] = 0x0e;
	if (pc == PC_CHANGEABLE) {
		p[2] = 0x80; /* DCE */
		return 16;
	}
	p[2] = (uint8_t)(0x40 |
			 ((pc == PC_CURRENT ? vd->dce : true) ? 0x80 : 0));
	p[3] = 0x80;		      /* DDE */
	sttape_put_be32(p + 4, 0x10); /* compression algorithm: LZS-like */
	sttape_put_be32(p + 8, 0x10);
	return 16;
}

/* SSC-4 8.3.4 device configuration page (0x10). */
static size_t page_10(struct sttape_vdrive *vd, uint8_t *p, int pc)
{
	memset(p, 0, 16);
	p[0] = 0x10;
	p[1] = 0x0e;
	if (pc == PC_CHANGEABLE) {
		p[10] = 0x08; /* SEW */
		p[14] = vd->prof->compression ? 0xff : 0;
		return 16;
	}
	p[8] = 0x40;		 /* LOIS: logical object ids supported */
	p[10] = (uint8_t)(0x10 | /* EEG */
			  ((pc == PC_CURRENT ? vd->sew : true) ? 0x08 : 0));
	if (vd->prof->compression)
		p[14] = pc == PC_CURRENT ? vd->sel_comp : 1;
	return 16;
}

/*
 * ATAPI capabilities page (0x2A, QIC-157 / SFF-8020 as NetBSD st_atapi
 * reads it): byte 7 bit 1 = 512-byte blocks, bytes 12-13 buffer size.
 */
static size_t page_2a(struct sttape_vdrive *vd, uint8_t *p, int pc)
{
	memset(p, 0, 20);
	p[0] = 0x2a;
	p[1] = 0x12;
	if (pc == PC_CHANGEABLE)
		return 20;
	p[4] = 0x00;
	p[5] = 0x20;				/* ECC */
	p[6] = 0x01 | (vd->prevent ? 0x02 : 0); /* lock, lock state */
	p[7] = 0x02;				/* SPT: 512-byte blocks */
	sttape_put_be16(p + 8, 1000);		/* maximum speed, KB/s */
	sttape_put_be16(p + 12, 512);		/* buffer, 512-byte units */
	return 20;
}

struct page_def {
	uint8_t code;
	size_t (*build)(struct sttape_vdrive *vd, uint8_t *p, int pc);
};

static bool page_supported(const struct sttape_vdrive *vd, uint8_t code)
{
	switch (code) {
	case 0x0f:
		return vd->prof->compression;
	case 0x10:
		return !vd->prof->atapi_caps;
	case 0x2a:
		return vd->prof->atapi_caps;
	}
	return false;
}

/* Sorted by page code. */
static const struct page_def pages[] = {
	{0x0f, page_0f},
	{0x10, page_10},
	{0x2a, page_2a},
};

#define NPAGES (sizeof(pages) / sizeof(pages[0]))

/* Block descriptor (SPC-5 7.5.6.1 / SSC-4 8.3.2), 8 bytes. */
static void block_descriptor(struct sttape_vdrive *vd, uint8_t *d, int pc)
{
	memset(d, 0, 8);
	if (pc == PC_CHANGEABLE) {
		d[0] = 0xff;
		sttape_put_be24(d + 5, vd->prof->fixed_block ? 0 : 0xffffff);
		return;
	}
	d[0] = pc == PC_CURRENT ? vd->density : vd->prof->density;
	sttape_put_be24(d + 5, pc == PC_CURRENT ? vd->block_len
						: vd->prof->fixed_block);
}

static uint8_t device_specific(struct sttape_vdrive *vd, int pc)
{
	if (pc == PC_CHANGEABLE)
		return 0x70; /* buffered mode */
	return (uint8_t)((vd->medium == VD_LOADED && is_wp(vd) ? 0x80 : 0) |
			 ((pc == PC_CURRENT ? vd->buffered : 1) << 4));
}

static void mode_sense(struct sttape_vdrive *vd, struct vd_cmd *c, bool ten)
{
	uint8_t buf[256], *p;
	bool dbd = c->cdb[1] & 0x08;
	int pc = c->cdb[2] >> 6;
	uint8_t page = c->cdb[2] & 0x3f, sub = c->cdb[3];
	size_t hl = ten ? 8 : 4, n, alloc;

	alloc = ten ? sttape_get_be16(c->cdb + 7) : c->cdb[4];
	if (pc == PC_SAVED) {
		vd_illegal(c, ASC_SAVING_UNSUPPORTED, true, 2, 7);
		return;
	}
	if (sub != 0 && !(page == 0x3f && sub == 0xff)) {
		bad_cdb(c, 3, -1);
		return;
	}
	if (page != 0 && page != 0x3f && !page_supported(vd, page)) {
		bad_cdb(c, 2, 5);
		return;
	}
	memset(buf, 0, sizeof(buf));
	p = buf + hl;
	if (!dbd) {
		block_descriptor(vd, p, pc);
		p += 8;
	}
	for (size_t i = 0; i < NPAGES; i++)
		if ((page == 0x3f || page == pages[i].code) &&
		    page_supported(vd, pages[i].code))
			p += pages[i].build(vd, p, pc);
	n = (size_t)(p - buf);
	if (ten) {
		sttape_put_be16(buf, (uint16_t)(n - 2));
		buf[2] = vd->prof->medium_type;
		buf[3] = device_specific(vd, pc);
		sttape_put_be16(buf + 6, dbd ? 0 : 8);
	} else {
		buf[0] = (uint8_t)(n - 1);
		buf[1] = vd->prof->medium_type;
		buf[2] = device_specific(vd, pc);
		buf[3] = dbd ? 0 : 8;
	}
	reply(c, buf, n, alloc);
}

static void op_mode_sense6(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	mode_sense(vd, c, false);
}

static void op_mode_sense10(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	mode_sense(vd, c, true);
}

static bool density_ok(const struct sttape_vdrive *vd, uint8_t d)
{
	if (d == 0 || d == 0x7f)
		return true;
	for (int i = 0; i < vd->prof->ndensities; i++)
		if (vd->prof->densities[i] == d)
			return true;
	return false;
}

static bool block_len_ok(const struct sttape_vdrive *vd, uint32_t len)
{
	if (vd->prof->fixed_block)
		return len == vd->prof->fixed_block;
	return len == 0 || len <= vd->maxblock;
}

/* Apply the pages of a MODE SELECT parameter list; false on error. */
static bool select_pages(struct sttape_vdrive *vd, struct vd_cmd *c,
			 const uint8_t *p, size_t len, size_t base)
{
	size_t off = 0;

	while (off < len) {
		uint8_t code = p[off] & 0x3f;
		size_t plen;

		if (off + 2 > len || off + 2 + p[off + 1] > len) {
			vd_illegal(c, ASC_PARAM_LIST_LEN, false, 0, -1);
			return false;
		}
		plen = 2u + p[off + 1];
		if (p[off] & 0x40 || !page_supported(vd, code)) {
			bad_param(c, (uint16_t)(base + off), -1);
			return false;
		}
		if (code == 0x0f && plen >= 4)
			vd->dce = p[off + 2] & 0x80;
		if (code == 0x10 && plen >= 16) {
			vd->sew = p[off + 10] & 0x08;
			vd->sel_comp = p[off + 14];
		}
		off += plen;
	}
	return true;
}

/* SPC-5 6.11/6.12 MODE SELECT(6)/(10). */
static void mode_select(struct sttape_vdrive *vd, struct vd_cmd *c, bool ten)
{
	size_t plen = ten ? sttape_get_be16(c->cdb + 7) : c->cdb[4];
	size_t hl = ten ? 8 : 4, bdl;
	const uint8_t *p = c->data;
	uint8_t dev, density = vd->density;
	uint32_t blen = vd->block_len;

	if (c->cdb[1] & 0x01) { /* SP: nothing is saveable */
		bad_cdb(c, 1, 0);
		return;
	}
	if (plen == 0)
		return;
	if (plen > c->len) {
		c->res->transport_err = -EINVAL;
		return;
	}
	if (plen < hl) {
		vd_illegal(c, ASC_PARAM_LIST_LEN, false, 0, -1);
		return;
	}
	dev = p[ten ? 3 : 2];
	bdl = ten ? sttape_get_be16(p + 6) : p[3];
	if ((bdl != 0 && bdl != 8) || hl + bdl > plen) {
		bad_param(c, ten ? 6 : 3, -1);
		return;
	}
	if (((dev >> 4) & 7) > 1) {
		bad_param(c, ten ? 3 : 2, 6);
		return;
	}
	if (bdl) {
		density = p[hl];
		blen = sttape_get_be24(p + hl + 5);
		if (!density_ok(vd, density)) {
			bad_param(c, (uint16_t)hl, -1);
			return;
		}
		if (!block_len_ok(vd, blen)) {
			bad_param(c, (uint16_t)(hl + 5), -1);
			return;
		}
	}
	if (!select_pages(vd, c, p + hl + bdl, plen - hl - bdl, hl + bdl))
		return;
	vd->buffered = (dev >> 4) & 7;
	if (bdl) {
		if (density != 0x7f)
			vd->density = density ? density : vd->prof->density;
		vd->block_len = blen;
	}
}

static void op_mode_select6(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	mode_select(vd, c, false);
}

static void op_mode_select10(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	mode_select(vd, c, true);
}

/* ---- SSC-4 commands --------------------------------------------------- */

/* SSC-4 7.6 READ BLOCK LIMITS (not on ATAPI drives). */
static void op_read_block_limits(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t d[6] = {0};

	if (vd->prof->no_rbl) {
		vd_illegal(c, ASC_INVALID_OPCODE, true, 0, -1);
		return;
	}
	sttape_put_be24(d + 1, vd->maxblock);
	sttape_put_be16(
		d + 4,
		(uint16_t)(vd->prof->fixed_block ? vd->prof->fixed_block : 1));
	reply(c, d, sizeof(d), sizeof(d));
}

static void medium_error(struct sttape_vdrive *vd, struct vd_cmd *c,
			 uint8_t asc, int64_t info)
{
	vd->tapealert |= 1ull << (TA_HARD_ERROR - 1);
	vd->tapealert |= 1ull << (TA_MEDIA - 1);
	vd_sense(c, STTAPE_SK_MEDIUM_ERROR, asc, 0, 0, true, info);
}

/* SSC-4 6.4 READ(6), variable: one record of at most count bytes. */
static void read_variable(struct sttape_vdrive *vd, struct vd_cmd *c,
			  uint32_t count, bool sili)
{
	struct vd_image *img = vd->img;
	uint32_t rl;
	ssize_t n;

	if (vd->pos >= img->nobj) {
		vd_sense(c, STTAPE_SK_BLANK_CHECK, ASC_NONE, ASCQ_EOD, 0, true,
			 count);
		return;
	}
	if ((int64_t)vd->pos == vd->readerr) {
		vd->pos++;
		medium_error(vd, c, ASC_READ_ERROR, count);
		return;
	}
	if (vd_image_is_filemark(img, vd->pos)) {
		vd->pos++;
		vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, ASCQ_FILEMARK, VD_FM,
			 true, count);
		return;
	}
	rl = vd_image_len(img, vd->pos);
	n = vd_image_read(img, vd->pos, c->data, count);
	if (n < 0) {
		medium_error(vd, c, ASC_READ_ERROR, count);
		return;
	}
	vd->pos++;
	c->xfer = (size_t)n;
	c->io_bytes = (size_t)n;
	if (rl == count)
		return;
	/*
	 * SSC-4 6.4: with SILI, a short record is not reported, and a long
	 * one only when the block length in the mode is nonzero.
	 */
	if (sili && (rl < count || vd->block_len == 0))
		return;
	vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, 0, VD_ILI, true,
		 (int64_t)count - (int64_t)rl);
}

/* Records from pos that are data of exactly len bytes, at most max. */
static uint64_t run_of_blocks(struct sttape_vdrive *vd, uint32_t len,
			      uint64_t max)
{
	struct vd_image *img = vd->img;
	uint64_t k = 0;

	while (k < max && vd->pos + k < img->nobj &&
	       (int64_t)(vd->pos + k) != vd->readerr &&
	       vd_image_len(img, vd->pos + k) == len &&
	       !vd_image_is_filemark(img, vd->pos + k))
		k++;
	return k;
}

/* SSC-4 6.4 READ(6), fixed: count blocks of the mode's block length. */
static void read_fixed(struct sttape_vdrive *vd, struct vd_cmd *c,
		       uint32_t count)
{
	struct vd_image *img = vd->img;
	uint32_t bl = vd->block_len;
	uint64_t done = 0;

	while (done < count) {
		uint64_t k = run_of_blocks(vd, bl, count - done);
		uint8_t *dst = c->data + done * bl;

		if (k) {
			if (vd_image_read_blocks(img, vd->pos, dst, bl, k)) {
				medium_error(vd, c, ASC_READ_ERROR,
					     count - done);
				break;
			}
			vd->pos += k;
			done += k;
			c->xfer = done * bl;
			continue;
		}
		if (vd->pos >= img->nobj) {
			vd_sense(c, STTAPE_SK_BLANK_CHECK, ASC_NONE, ASCQ_EOD,
				 0, true, count - done);
		} else if ((int64_t)vd->pos == vd->readerr) {
			vd->pos++;
			medium_error(vd, c, ASC_READ_ERROR, count - done);
		} else if (vd_image_is_filemark(img, vd->pos)) {
			vd->pos++;
			vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, ASCQ_FILEMARK,
				 VD_FM, true, count - done);
		} else {
			/* Incorrect length: transfer what fits, move past. */
			ssize_t n = vd_image_read(img, vd->pos, dst, bl);

			vd->pos++;
			c->xfer = done * bl + (n > 0 ? (size_t)n : 0);
			vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, 0, VD_ILI,
				 true, count - done);
		}
		break;
	}
	c->io_bytes = c->xfer;
}

static void op_read6(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	bool fixed = c->cdb[1] & 0x01, sili = c->cdb[1] & 0x02;
	uint32_t count = sttape_get_be24(c->cdb + 2);
	uint64_t bytes;

	if (fixed && sili) {
		bad_cdb(c, 1, 1);
		return;
	}
	if ((fixed && vd->block_len == 0) ||
	    (!fixed && vd->prof->fixed_block)) {
		bad_cdb(c, 1, 0);
		return;
	}
	if (count == 0)
		return;
	bytes = fixed ? (uint64_t)count * vd->block_len : count;
	if (bytes > c->len || !c->data) {
		c->res->transport_err = -EINVAL;
		return;
	}
	if (fixed)
		read_fixed(vd, c, count);
	else
		read_variable(vd, c, count, sili);
}

/* After a write from byte position `before`: early-warning reports. */
static void write_warnings(struct sttape_vdrive *vd, struct vd_cmd *c,
			   uint64_t before)
{
	uint64_t after = used_at(vd, vd->pos);

	if (vd_ew_size(vd) && after >= ew_point(vd)) {
		vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, ASCQ_EOP_EW, VD_EOM,
			 false, 0);
		return;
	}
	/* PEW is reported once, by the write that crosses it. */
	if (vd->pew && before < pew_point(vd) && after >= pew_point(vd))
		vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, ASCQ_PEW, VD_EOM,
			 false, 0);
}

/*
 * Write `count` objects of `len` bytes from buf (filemarks when buf is
 * NULL) at the head, discarding what follows.  Writes the ones that
 * fit; returns how many, or -errno.
 */
static int64_t put_objects(struct sttape_vdrive *vd, const void *buf,
			   uint32_t len, uint64_t count)
{
	struct vd_image *img = vd->img;
	uint64_t per = VD_REC_HDR + (buf ? len : 0), start, room, fit;
	int rc;

	rc = vd_image_truncate(img, vd->pos);
	if (rc)
		return rc;
	start = used_at(vd, vd->pos);
	room = vd->capacity > start ? vd->capacity - start : 0;
	fit = room / per < count ? room / per : count;
	if (fit) {
		rc = vd_image_append(img, buf, len, fit);
		if (rc)
			return rc;
		vd->pos += fit;
	}
	return (int64_t)fit;
}

static void op_write6(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	bool fixed = c->cdb[1] & 0x01;
	uint32_t count = sttape_get_be24(c->cdb + 2), len;
	uint64_t n, before, bad;
	int64_t done;

	if (c->cdb[1] & 0xfe) {
		bad_cdb(c, 1, -1);
		return;
	}
	if ((fixed && vd->block_len == 0) ||
	    (!fixed && vd->prof->fixed_block)) {
		bad_cdb(c, 1, 0);
		return;
	}
	if (!fixed && count > vd->maxblock) {
		bad_cdb(c, 2, -1);
		return;
	}
	if (is_wp(vd)) {
		write_protected(vd, c);
		return;
	}
	if (count == 0)
		return;
	len = fixed ? vd->block_len : count;
	n = fixed ? count : 1;
	if ((uint64_t)len * n > c->len || !c->data) {
		c->res->transport_err = -EINVAL;
		return;
	}
	/* An injected write error stops the write at that object. */
	bad = n;
	if (vd->writeerr >= 0 && (uint64_t)vd->writeerr >= vd->pos &&
	    (uint64_t)vd->writeerr < vd->pos + n)
		bad = (uint64_t)vd->writeerr - vd->pos;
	before = used_at(vd, vd->pos);
	done = bad ? put_objects(vd, c->data, len, bad) : 0;
	if (done < 0) {
		medium_error(vd, c, ASC_WRITE_ERROR, fixed ? count : len);
		return;
	}
	c->xfer = (size_t)done * len;
	c->io_bytes = c->xfer;
	if ((uint64_t)done < bad) {
		/* Physical end: VOLUME OVERFLOW, the rest not written. */
		vd_sense(c, STTAPE_SK_VOLUME_OVERFLOW, ASC_NONE, ASCQ_EOP_EW,
			 VD_EOM, true,
			 fixed ? (int64_t)(n - (uint64_t)done) : count);
		return;
	}
	if (bad < n) {
		medium_error(vd, c, ASC_WRITE_ERROR,
			     fixed ? (int64_t)(n - bad) : count);
		return;
	}
	write_warnings(vd, c, before);
}

/* SSC-4 6.9 WRITE FILEMARKS(6): count 0 only flushes. */
static void op_write_filemarks6(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint32_t count = sttape_get_be24(c->cdb + 2);
	uint64_t before;
	int64_t done;

	if (c->cdb[1] & 0x02) { /* WSMK: no setmarks */
		bad_cdb(c, 1, 1);
		return;
	}
	if (count == 0) {
		if (vd_image_sync(vd->img))
			medium_error(vd, c, ASC_WRITE_ERROR, 0);
		return;
	}
	if (is_wp(vd)) {
		write_protected(vd, c);
		return;
	}
	before = used_at(vd, vd->pos);
	done = put_objects(vd, NULL, 0, count);
	if (done < 0) {
		medium_error(vd, c, ASC_WRITE_ERROR, count);
		return;
	}
	if ((uint64_t)done < count) {
		vd_sense(c, STTAPE_SK_VOLUME_OVERFLOW, ASC_NONE, ASCQ_EOP_EW,
			 VD_EOM, true, (int64_t)(count - (uint64_t)done));
		return;
	}
	if (!(c->cdb[1] & 0x01) && vd_image_sync(vd->img)) {
		medium_error(vd, c, ASC_WRITE_ERROR, 0);
		return;
	}
	write_warnings(vd, c, before);
}

/* Stopped at BOP while moving backward: NO SENSE, EOM, 00/04. */
static void at_bop(struct vd_cmd *c, int64_t residue)
{
	vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, ASCQ_BOP, VD_EOM, true,
		 residue);
}

static void at_eod(struct vd_cmd *c, int64_t residue)
{
	vd_sense(c, STTAPE_SK_BLANK_CHECK, ASC_NONE, ASCQ_EOD, 0, true,
		 residue);
}

/*
 * SSC-4 7.11 SPACE over blocks.  A filemark stops the motion: the head
 * ends on its far side going forward, its near (BOP) side going back.
 */
static void space_blocks(struct sttape_vdrive *vd, struct vd_cmd *c,
			 int64_t count)
{
	struct vd_image *img = vd->img;
	uint64_t i = vd_image_fm_index(img, vd->pos);

	if (count > 0) {
		uint64_t n = (uint64_t)count;
		uint64_t fm = i < img->nfm ? img->fm[i] : img->nobj;

		if (vd->pos + n <= fm) {
			vd->pos += n;
		} else if (fm < img->nobj) {
			uint64_t spaced = fm - vd->pos;

			vd->pos = fm + 1;
			vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, ASCQ_FILEMARK,
				 VD_FM, true, (int64_t)(n - spaced));
		} else {
			uint64_t spaced = img->nobj - vd->pos;

			vd->pos = img->nobj;
			at_eod(c, (int64_t)(n - spaced));
		}
	} else if (count < 0) {
		uint64_t n = (uint64_t)-count;
		uint64_t floor = i ? img->fm[i - 1] + 1 : 0;

		if (vd->pos >= floor + n) {
			vd->pos -= n;
		} else if (i) {
			uint64_t spaced = vd->pos - floor;

			vd->pos = img->fm[i - 1];
			vd_sense(c, STTAPE_SK_NO_SENSE, ASC_NONE, ASCQ_FILEMARK,
				 VD_FM, true, (int64_t)(n - spaced));
		} else {
			uint64_t spaced = vd->pos;

			vd->pos = 0;
			at_bop(c, (int64_t)(n - spaced));
		}
	}
}

/* SSC-4 7.11 SPACE over filemarks: forward ends past the last one. */
static void space_filemarks(struct sttape_vdrive *vd, struct vd_cmd *c,
			    int64_t count)
{
	struct vd_image *img = vd->img;
	uint64_t i = vd_image_fm_index(img, vd->pos);

	if (count > 0) {
		uint64_t n = (uint64_t)count;

		if (i + n <= img->nfm) {
			vd->pos = img->fm[i + n - 1] + 1;
		} else {
			vd->pos = img->nobj;
			at_eod(c, (int64_t)(n - (img->nfm - i)));
		}
	} else if (count < 0) {
		uint64_t n = (uint64_t)-count;

		if (i >= n) {
			vd->pos = img->fm[i - n];
		} else {
			vd->pos = 0;
			at_bop(c, (int64_t)(n - i));
		}
	}
}

static void do_space(struct sttape_vdrive *vd, struct vd_cmd *c, int code,
		     int64_t count)
{
	switch (code) {
	case STTAPE_SPACE_BLOCKS:
		space_blocks(vd, c, count);
		break;
	case STTAPE_SPACE_FILEMARKS:
		space_filemarks(vd, c, count);
		break;
	case STTAPE_SPACE_END_OF_DATA:
		vd->pos = vd->img->nobj;
		break;
	default: /* sequential filemarks, setmarks: not supported */
		bad_cdb(c, 1, 3);
	}
}

static void op_space6(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	do_space(vd, c, c->cdb[1] & 0x0f, sttape_get_sbe24(c->cdb + 2));
}

static void op_space16(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	do_space(vd, c, c->cdb[1] & 0x0f, (int64_t)sttape_get_be64(c->cdb + 4));
}

/* SSC-4 7.10 REWIND. */
static void op_rewind(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	(void)vd_image_sync(vd->img);
	vd->pos = 0;
}

/* SSC-4 6.2 ERASE(6): short and long both leave end of data here. */
static void op_erase6(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	if (is_wp(vd)) {
		write_protected(vd, c);
		return;
	}
	if (vd_image_truncate(vd->img, vd->pos) || vd_image_sync(vd->img))
		medium_error(vd, c, ASC_WRITE_ERROR, 0);
}

/* SSC-4 7.3 LOAD UNLOAD. */
static void op_load_unload(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t f = c->cdb[4];

	if (f & 0x01) { /* LOAD */
		if (f & 0x04) {
			bad_cdb(c, 4, 2);
			return;
		}
		if (vd->medium == VD_ABSENT) {
			not_ready(vd, c);
			return;
		}
		vd->medium = VD_LOADED;
		vd->pos = 0;
		return;
	}
	if (vd->medium == VD_ABSENT) {
		not_ready(vd, c);
		return;
	}
	if (vd->prevent) {
		vd_sense(c, STTAPE_SK_ILLEGAL_REQUEST, ASC_REMOVAL_PREVENTED,
			 0x02, 0, false, 0);
		return;
	}
	(void)vd_image_sync(vd->img);
	vd->pos = 0;
	vd->medium = (f & 0x08) ? VD_HELD : VD_EJECTED;
}

/* SPC-5 6.16 PREVENT ALLOW MEDIUM REMOVAL. */
static void op_prevent_allow(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	vd->prevent = c->cdb[4] & 0x01;
}

static void put_position(struct sttape_vdrive *vd, uint8_t *flags)
{
	uint64_t used = used_at(vd, vd->pos);

	*flags = 0;
	if (vd->pos == 0)
		*flags |= 0x80; /* BOP */
	if (vd_ew_size(vd) && used >= ew_point(vd))
		*flags |= 0x40; /* EOP: in the early-warning zone */
	if (vd->pew && used >= pew_point(vd))
		*flags |= 0x01; /* BPEW */
}

/* SSC-4 7.7 READ POSITION: short (0, 1), long (6), extended (8). */
static void op_read_position(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t d[32] = {0};
	uint8_t sa = c->cdb[1] & 0x1f;
	size_t n;

	switch (sa) {
	case STTAPE_RP_SHORT:
	case STTAPE_RP_SHORT_BT:
		put_position(vd, &d[0]);
		if (vd->pos > UINT32_MAX) {
			d[0] |= 0x04; /* LOLU: does not fit */
		} else {
			sttape_put_be32(d + 4, (uint32_t)vd->pos);
			sttape_put_be32(d + 8, (uint32_t)vd->pos);
		}
		n = 20;
		break;
	case STTAPE_RP_LONG:
		put_position(vd, &d[0]);
		d[0] &= 0xc1;
		sttape_put_be64(d + 8, vd->pos);
		sttape_put_be64(d + 16, vd_image_fm_index(vd->img, vd->pos));
		n = 32;
		break;
	case STTAPE_RP_EXTENDED:
		put_position(vd, &d[0]);
		sttape_put_be16(d + 2, 28);
		sttape_put_be64(d + 8, vd->pos);
		sttape_put_be64(d + 16, vd->pos);
		n = 32;
		break;
	default:
		bad_cdb(c, 1, 4);
		return;
	}
	reply(c, d, n,
	      sa == STTAPE_RP_EXTENDED ? sttape_get_be16(c->cdb + 7) : n);
}

static void do_locate(struct sttape_vdrive *vd, struct vd_cmd *c, uint64_t obj,
		      bool cp, uint8_t part, uint16_t part_byte)
{
	if (cp && part != 0) {
		bad_cdb(c, part_byte, -1);
		return;
	}
	if (obj > vd->img->nobj) {
		vd->pos = vd->img->nobj;
		vd_sense(c, STTAPE_SK_BLANK_CHECK, ASC_NONE, ASCQ_EOD, 0, false,
			 0);
		return;
	}
	vd->pos = obj;
}

/* SSC-4 6.3 LOCATE(10). */
static void op_locate10(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	do_locate(vd, c, sttape_get_be32(c->cdb + 3), c->cdb[1] & 0x02,
		  c->cdb[8], 8);
}

/* SSC-4 7.4 LOCATE(16): to an object, to the start of a file, to EOD. */
static void op_locate16(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	struct vd_image *img = vd->img;
	uint64_t id = sttape_get_be64(c->cdb + 4);
	int dest = (c->cdb[1] >> 3) & 7;

	switch (dest) {
	case STTAPE_LOCATE_OBJECT:
		break;
	case STTAPE_LOCATE_FILE:
		if (id == 0)
			break;
		id = id <= img->nfm ? img->fm[id - 1] + 1 : img->nobj + 1;
		break;
	case STTAPE_LOCATE_EOD:
		id = img->nobj;
		break;
	default:
		bad_cdb(c, 1, 5);
		return;
	}
	do_locate(vd, c, id, c->cdb[1] & 0x02, c->cdb[3], 3);
}

/* SSC-4 8.6.2 density support descriptor, 52 bytes. */
static void density_descriptor(const struct vd_profile *p, uint8_t code,
			       uint64_t capacity, uint8_t *d)
{
	char name[9];

	memset(d, 0, 52);
	d[0] = d[1] = code;
	d[2] = 0x80 | (code == p->density ? 0x20 : 0); /* WRTOK, DEFLT */
	sttape_put_be16(d + 8, 127);		       /* media width */
	sttape_put_be16(d + 10, 1);		       /* tracks */
	sttape_put_be32(d + 12, (uint32_t)(capacity >> 20));
	pad((char *)d + 16, "STTAPE", 8);
	snprintf(name, sizeof(name), "%s-%02X", p->name, code);
	pad((char *)d + 24, name, 8);
	pad((char *)d + 32, "sttape virtual drive", 20);
}

/* SSC-4 6.5 REPORT DENSITY SUPPORT (density codes only). */
static void op_report_density(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t buf[4 + 52 * 4];
	bool media = c->cdb[1] & 0x01;
	size_t n = 4;

	if (vd->prof->atapi_caps) {
		vd_illegal(c, ASC_INVALID_OPCODE, true, 0, -1);
		return;
	}
	if (c->cdb[1] & 0x02) { /* medium type descriptors: not supported */
		bad_cdb(c, 1, 1);
		return;
	}
	if (media && vd->medium != VD_LOADED) {
		not_ready(vd, c);
		return;
	}
	memset(buf, 0, sizeof(buf));
	for (int i = 0; i < vd->prof->ndensities && i < 4; i++) {
		uint8_t code = vd->prof->densities[i];

		if (media && code != vd->density)
			continue;
		density_descriptor(vd->prof, code, vd->capacity, buf + n);
		n += 52;
	}
	sttape_put_be16(buf, (uint16_t)(n - 2));
	reply(c, buf, n, sttape_get_be16(c->cdb + 7));
}

/* SPC-5 7.3 LOG SENSE: supported pages (0x00) and TapeAlert (0x2E). */
static void op_log_sense(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t buf[4 + 64 * 5];
	uint8_t page = c->cdb[2] & 0x3f;
	uint16_t param = sttape_get_be16(c->cdb + 5);
	size_t n = 4;

	if (c->cdb[1] & 0x01) {
		bad_cdb(c, 1, 0);
		return;
	}
	if (c->cdb[3] != 0) {
		bad_cdb(c, 3, -1);
		return;
	}
	memset(buf, 0, sizeof(buf));
	buf[0] = page;
	if (page == 0x00) {
		buf[n++] = 0x00;
		buf[n++] = 0x2e;
	} else if (page == STTAPE_LOG_PAGE_TAPEALERT) {
		if (param > 64) {
			bad_cdb(c, 5, -1);
			return;
		}
		for (unsigned int f = param ? param : 1; f <= 64; f++) {
			sttape_put_be16(buf + n, (uint16_t)f);
			buf[n + 2] = 0x03; /* binary list, LP */
			buf[n + 3] = 1;
			buf[n + 4] = (vd->tapealert >> (f - 1)) & 1;
			n += 5;
		}
		/* TapeAlert flags clear when read (SSC-4 Annex A). */
		vd->tapealert = 0;
	} else {
		bad_cdb(c, 2, 5);
		return;
	}
	sttape_put_be16(buf + 2, (uint16_t)(n - 4));
	reply(c, buf, n, sttape_get_be16(c->cdb + 7));
}

/* ---- dispatch ------------------------------------------------------------ */

#define NEED_MEDIUM 0x01 /* NOT READY without a loaded medium */
#define NO_UA	    0x02 /* not stopped by a pending unit attention */

struct vd_op {
	uint8_t opcode;
	uint8_t cdb_len;
	uint8_t flags;
	void (*run)(struct sttape_vdrive *vd, struct vd_cmd *c);
};

/* Sorted by operation code (SPC-5 table 65, SSC-4 table 7). */
static const struct vd_op ops[] = {
	{0x00, 6, 0, op_tur},
	{0x01, 6, NEED_MEDIUM, op_rewind},
	{0x03, 6, NO_UA, op_request_sense},
	{0x05, 6, 0, op_read_block_limits},
	{0x08, 6, NEED_MEDIUM, op_read6},
	{0x0a, 6, NEED_MEDIUM, op_write6},
	{0x10, 6, NEED_MEDIUM, op_write_filemarks6},
	{0x11, 6, NEED_MEDIUM, op_space6},
	{0x12, 6, NO_UA, op_inquiry},
	{0x15, 6, 0, op_mode_select6},
	{0x19, 6, NEED_MEDIUM, op_erase6},
	{0x1a, 6, 0, op_mode_sense6},
	{0x1b, 6, 0, op_load_unload},
	{0x1e, 6, 0, op_prevent_allow},
	{0x2b, 10, NEED_MEDIUM, op_locate10},
	{0x34, 10, NEED_MEDIUM, op_read_position},
	{0x44, 10, 0, op_report_density},
	{0x4d, 10, 0, op_log_sense},
	{0x55, 10, 0, op_mode_select10},
	{0x5a, 10, 0, op_mode_sense10},
	{0x91, 16, NEED_MEDIUM, op_space16},
	{0x92, 16, NEED_MEDIUM, op_locate16},
};

static int op_cmp(const void *key, const void *elem)
{
	const uint8_t *k = key;
	const struct vd_op *o = elem;

	return (int)*k - (int)o->opcode;
}

void vd_push_ua(struct sttape_vdrive *vd, uint8_t ua)
{
	for (int i = 0; i < vd->nua; i++)
		if (vd->ua[i] == ua)
			return;
	if (vd->nua < VD_UA_MAX)
		vd->ua[vd->nua++] = ua;
}

static void report_ua(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t ua = vd->ua[0];

	memmove(vd->ua, vd->ua + 1, (size_t)--vd->nua);
	switch (ua) {
	case STTAPE_VDRIVE_UA_RESET:
		vd_sense(c, STTAPE_SK_UNIT_ATTENTION, ASC_RESET, 0, 0, false,
			 0);
		break;
	case STTAPE_VDRIVE_UA_MEDIUM:
		vd_sense(c, STTAPE_SK_UNIT_ATTENTION, ASC_MEDIUM_CHANGED, 0, 0,
			 false, 0);
		break;
	default:
		vd_sense(c, STTAPE_SK_UNIT_ATTENTION, ASC_PARAMS_CHANGED, 1, 0,
			 false, 0);
	}
}

void vd_execute(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	const struct vd_op *op;

	c->res->status = STTAPE_STATUS_GOOD;
	if (c->cdb_len < 6) {
		c->res->transport_err = -EINVAL;
		return;
	}
	op = bsearch(&c->cdb[0], ops, sizeof(ops) / sizeof(ops[0]),
		     sizeof(ops[0]), op_cmp);
	if (!op) {
		vd_illegal(c, ASC_INVALID_OPCODE, true, 0, -1);
		return;
	}
	if (c->cdb_len < op->cdb_len) {
		c->res->transport_err = -EINVAL;
		return;
	}
	if (vd->nua && !(op->flags & NO_UA)) {
		report_ua(vd, c);
		return;
	}
	if ((op->flags & NEED_MEDIUM) && vd->medium != VD_LOADED) {
		not_ready(vd, c);
		return;
	}
	op->run(vd, c);
}
