// SPDX-License-Identifier: BSD-2-Clause
/*
 * sense_parse.c - sense data (SPC-5 4.4) into struct sttape_sense.
 *
 * libsgutils2 does the decoding.  It trusts lengths inside the buffer
 * more than a tape driver may: sg_scsi_normalize_sense() reads byte 4 of
 * descriptor sense whatever the length, and a descriptor found by
 * sg_scsi_sense_desc_find() may run past the end (sg3_utils 1.46).  So
 * the buffer is first cut to what is really there, and the decoders only
 * ever see that many bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include <sttape/sense.h>

enum {
	FIXED_ASCQ_END = 14,	 /* fixed format: ASC, ASCQ in bytes 12-13 */
	SENSE_HDR_LEN = 8,	 /* through ADDITIONAL SENSE LENGTH */
	DESC_HDR_LEN = 2,	 /* descriptor type + additional length */
	RC_FIXED_CURRENT = 0x70, /* response codes, SPC-5 4.4.1 */
	RC_FIXED_DEFERRED = 0x71,
	RC_DESC_CURRENT = 0x72,
	RC_DESC_DEFERRED = 0x73,
};

/* Bytes present and inside the ADDITIONAL SENSE LENGTH (SPC-5 4.4.2/3). */
static size_t declared_length(const uint8_t *buf, size_t len)
{
	size_t declared = SENSE_HDR_LEN + (size_t)buf[7];

	return len < declared ? len : declared;
}

/*
 * Descriptor format: keep whole descriptors only (SPC-5 4.4.2.1), so a
 * descriptor the decoders find is complete.
 */
static size_t whole_descriptors(const uint8_t *buf, size_t n)
{
	size_t pos = SENSE_HDR_LEN;

	while (pos + DESC_HDR_LEN <= n) {
		size_t dlen = DESC_HDR_LEN + (size_t)buf[pos + 1];

		if (pos + dlen > n)
			break;
		pos += dlen;
	}
	return pos;
}

/*
 * Descriptor format reserves byte 0 bit 7 and byte 1 bits 7-4 (SPC-5
 * 4.4.2).  tgt 1.0.85 with sense_format=1 puts VALID and the FILEMARK,
 * EOM and ILI bits there (captured: f2 20 00 00 00 02 00 00 for a short
 * record), which would read as NO SENSE 00/00, "good".  Refuse it
 * rather than lose a short record, a filemark or an early warning.
 */
static bool reserved_bits_set(const uint8_t *buf, bool descriptor)
{
	return descriptor && ((buf[0] & 0x80) || (buf[1] & 0xf0));
}

/* INFORMATION as a signed residue (SSC-4: negative = record too long). */
static void read_information(const uint8_t *buf, int n,
			     struct sttape_sense *out)
{
	uint64_t info = 0;

	out->info_valid = sg_get_sense_info_fld(buf, n, &info);
	if (!out->info_valid)
		out->information = 0;
	else if (out->descriptor)
		out->information = (int64_t)info;
	else /* fixed format: a 4-byte two's-complement field */
		out->information = (int32_t)(uint32_t)info;
}

static void read_progress(const uint8_t *buf, int n, struct sttape_sense *out)
{
	int progress = 0;

	out->progress_valid = sg_get_sense_progress_fld(buf, n, &progress);
	out->progress = out->progress_valid ? (uint16_t)progress : 0;
}

int sttape_sense_parse(const uint8_t *buf, size_t len, struct sttape_sense *out)
{
	struct sg_scsi_sense_hdr hdr;
	uint8_t rc;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!buf || len < SENSE_HDR_LEN)
		return -EBADMSG;
	rc = buf[0] & 0x7f; /* bit 7: VALID in fixed format */
	if (rc < RC_FIXED_CURRENT || rc > RC_DESC_DEFERRED ||
	    reserved_bits_set(buf, rc >= RC_DESC_CURRENT))
		return -EBADMSG;
	n = declared_length(buf, len);
	if (rc >= RC_DESC_CURRENT)
		n = whole_descriptors(buf, n);
	if (!sg_scsi_normalize_sense(buf, (int)n, &hdr))
		return -EBADMSG;

	out->usable = true;
	out->response_code = rc;
	out->descriptor = rc == RC_DESC_CURRENT || rc == RC_DESC_DEFERRED;
	out->deferred = rc == RC_FIXED_DEFERRED || rc == RC_DESC_DEFERRED;
	out->key = hdr.sense_key;
	/* Half a code (ASC without ASCQ) would name a code never sent. */
	if (out->descriptor || n >= FIXED_ASCQ_END) {
		out->asc = hdr.asc;
		out->ascq = hdr.ascq;
	}
	sg_get_sense_filemark_eom_ili(buf, (int)n, &out->filemark, &out->eom,
				      &out->ili);
	read_information(buf, (int)n, out);
	read_progress(buf, (int)n, out);
	return 0;
}
