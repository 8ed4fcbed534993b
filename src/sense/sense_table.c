// SPDX-License-Identifier: BSD-2-Clause
/*
 * sense_table.c - what a command's status and sense mean to a tape
 * driver: a sorted (key, asc, ascq range) table searched with bsearch(),
 * one default per sense key, then the stream bits (FILEMARK, EOM, ILI)
 * that SSC-4 reports under NO SENSE.
 *
 * Sources: sense keys SPC-5 4.4 (sense key descriptions); ASC/ASCQ
 * assignments SPC-5 4.4 (ASC and ASCQ assignments table), its
 * sequential-access ("T") rows; filemark, setmark, early warning, BOP
 * and EOD reporting from the SSC-4 descriptions of READ(6), SPACE(6),
 * WRITE(6) and WRITE FILEMARKS(6) (CHECK CONDITION, NO SENSE, FILEMARK
 * or EOM bit, INFORMATION = residue); status codes SAM-5 5.3.
 * libsgutils2's sg_err_category_sense() is disk-minded (BLANK CHECK is
 * a hard medium error there), hence this table.
 */
#include <errno.h>
#include <stdlib.h>

#include <scsi/sg_lib.h>

#include "sense/sense_table.h"

#define STTAPE_ROW(k, a, lo, hi, o, e, t)                                      \
	{                                                                      \
		.key = (k), .asc = (a), .ascq_lo = (lo), .ascq_hi = (hi),      \
		.outcome = STTAPE_OUTCOME_##o, .err = (e), .text = (t)         \
	}

/* Sorted by key, asc, ascq_lo; a test checks order and overlap. */
static const struct sense_rule rules[] = {
	/* NO SENSE: marks and edges (SSC-4 READ/SPACE/WRITE, ASC 00h) */
	STTAPE_ROW(0x0, 0x00, 0x00, 0x00, OK, 0, "no additional sense"),
	STTAPE_ROW(0x0, 0x00, 0x01, 0x01, FILEMARK, 0, "filemark detected"),
	STTAPE_ROW(0x0, 0x00, 0x02, 0x02, EARLY_WARNING, 0,
		   "end-of-partition/medium detected"),
	STTAPE_ROW(0x0, 0x00, 0x03, 0x03, SETMARK, 0, "setmark detected"),
	STTAPE_ROW(0x0, 0x00, 0x04, 0x04, BOP, 0,
		   "beginning-of-partition/medium detected"),
	STTAPE_ROW(0x0, 0x00, 0x05, 0x05, END_OF_DATA, 0,
		   "end-of-data detected"),
	STTAPE_ROW(0x0, 0x00, 0x07, 0x07, EARLY_WARNING, 0,
		   "programmable early warning detected"),
	STTAPE_ROW(0x0, 0x00, 0x16, 0x16, BECOMING_READY, -EAGAIN,
		   "operation in progress"),
	/* NOT READY (SPC-5 ASC 04h, 30h, 3Ah, 3Eh) */
	STTAPE_ROW(0x2, 0x04, 0x00, 0x00, NOT_READY, -EIO,
		   "not ready, cause not reportable"),
	STTAPE_ROW(0x2, 0x04, 0x01, 0x01, BECOMING_READY, -EAGAIN,
		   "becoming ready"),
	STTAPE_ROW(0x2, 0x04, 0x02, 0x02, NOT_READY, -EIO,
		   "not ready, initializing command (load) required"),
	STTAPE_ROW(0x2, 0x04, 0x03, 0x03, NOT_READY, -EIO,
		   "not ready, manual intervention required"),
	STTAPE_ROW(0x2, 0x04, 0x04, 0x04, BECOMING_READY, -EAGAIN,
		   "format in progress"),
	STTAPE_ROW(0x2, 0x04, 0x07, 0x07, BECOMING_READY, -EAGAIN,
		   "operation in progress"),
	STTAPE_ROW(0x2, 0x04, 0x09, 0x09, BECOMING_READY, -EAGAIN,
		   "self-test in progress"),
	STTAPE_ROW(0x2, 0x30, 0x03, 0x03, NOT_READY, -EIO,
		   "cleaning cartridge installed"),
	STTAPE_ROW(0x2, 0x3a, 0x00, 0xff, NO_MEDIUM, -ENOMEDIUM,
		   "medium not present"),
	STTAPE_ROW(0x2, 0x3e, 0x00, 0x00, BECOMING_READY, -EAGAIN,
		   "logical unit has not self-configured yet"),
	/* MEDIUM ERROR: texts for the common tape codes */
	STTAPE_ROW(0x3, 0x0c, 0x00, 0x00, MEDIUM_ERROR, -EIO, "write error"),
	STTAPE_ROW(0x3, 0x11, 0x00, 0x00, MEDIUM_ERROR, -EIO,
		   "unrecovered read error"),
	STTAPE_ROW(0x3, 0x14, 0x00, 0xff, MEDIUM_ERROR, -EIO,
		   "recorded entity not found"),
	STTAPE_ROW(0x3, 0x30, 0x00, 0xff, MEDIUM_ERROR, -EIO,
		   "incompatible medium"),
	STTAPE_ROW(0x3, 0x31, 0x00, 0xff, MEDIUM_ERROR, -EIO,
		   "medium format corrupted"),
	STTAPE_ROW(0x3, 0x3b, 0x00, 0x00, MEDIUM_ERROR, -EIO,
		   "sequential positioning error"),
	/* ILLEGAL REQUEST */
	STTAPE_ROW(0x5, 0x1a, 0x00, 0x00, ILLEGAL_REQUEST, -EINVAL,
		   "parameter list length error"),
	STTAPE_ROW(0x5, 0x20, 0x00, 0x00, UNSUPPORTED, -EOPNOTSUPP,
		   "invalid command operation code"),
	STTAPE_ROW(0x5, 0x21, 0x00, 0xff, ILLEGAL_REQUEST, -EINVAL,
		   "address out of range"),
	STTAPE_ROW(0x5, 0x24, 0x00, 0x00, ILLEGAL_REQUEST, -EINVAL,
		   "invalid field in CDB"),
	STTAPE_ROW(0x5, 0x25, 0x00, 0x00, ILLEGAL_REQUEST, -ENXIO,
		   "logical unit not supported"),
	STTAPE_ROW(0x5, 0x26, 0x00, 0xff, ILLEGAL_REQUEST, -EINVAL,
		   "invalid field in parameter list"),
	STTAPE_ROW(0x5, 0x2c, 0x00, 0xff, ILLEGAL_REQUEST, -EINVAL,
		   "command sequence error"),
	STTAPE_ROW(0x5, 0x53, 0x02, 0x02, ILLEGAL_REQUEST, -EBUSY,
		   "medium removal prevented"),
	/* UNIT ATTENTION */
	STTAPE_ROW(0x6, 0x28, 0x00, 0x01, MEDIUM_CHANGED, -EIO,
		   "not ready to ready change, medium may have changed"),
	STTAPE_ROW(0x6, 0x29, 0x00, 0xff, RESET, -EIO,
		   "power on, reset or bus device reset occurred"),
	/* DATA PROTECT */
	STTAPE_ROW(0x7, 0x27, 0x00, 0xff, WRITE_PROTECTED, -EROFS,
		   "write protected"),
	STTAPE_ROW(0x7, 0x30, 0x0c, 0x0c, WRITE_PROTECTED, -EROFS,
		   "WORM medium, overwrite attempted"),
	/* BLANK CHECK (SSC-4: reading or spacing into end of data) */
	STTAPE_ROW(0x8, 0x00, 0x05, 0x05, END_OF_DATA, 0,
		   "end-of-data detected"),
	STTAPE_ROW(0x8, 0x14, 0x03, 0x03, END_OF_DATA, 0,
		   "end-of-data not found"),
};

/* One per sense key, index == key (SPC-5 4.4 sense key descriptions). */
static const struct sense_rule key_defaults[16] = {
	STTAPE_ROW(0x0, 0, 0, 0, OK, 0, "no sense"),
	STTAPE_ROW(0x1, 0, 0, 0, RECOVERED, 0, "recovered error"),
	STTAPE_ROW(0x2, 0, 0, 0, NOT_READY, -EIO, "not ready"),
	STTAPE_ROW(0x3, 0, 0, 0, MEDIUM_ERROR, -EIO, "medium error"),
	STTAPE_ROW(0x4, 0, 0, 0, HARDWARE_ERROR, -EIO, "hardware error"),
	STTAPE_ROW(0x5, 0, 0, 0, ILLEGAL_REQUEST, -EINVAL, "illegal request"),
	STTAPE_ROW(0x6, 0, 0, 0, UNIT_ATTENTION, -EIO, "unit attention"),
	STTAPE_ROW(0x7, 0, 0, 0, OTHER, -EACCES, "data protect"),
	STTAPE_ROW(0x8, 0, 0, 0, END_OF_DATA, 0, "blank check"),
	STTAPE_ROW(0x9, 0, 0, 0, OTHER, -EIO, "vendor specific sense key"),
	STTAPE_ROW(0xa, 0, 0, 0, OTHER, -EIO, "copy aborted"),
	STTAPE_ROW(0xb, 0, 0, 0, ABORTED, -EAGAIN, "aborted command"),
	STTAPE_ROW(0xc, 0, 0, 0, OTHER, -EIO, "obsolete sense key (equal)"),
	STTAPE_ROW(0xd, 0, 0, 0, VOLUME_OVERFLOW, -ENOSPC, "volume overflow"),
	STTAPE_ROW(0xe, 0, 0, 0, OTHER, -EIO, "miscompare"),
	STTAPE_ROW(0xf, 0, 0, 0, OK, 0, "completed"),
};

#undef STTAPE_ROW

const struct sense_rule *sense_rules(size_t *count)
{
	*count = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct sense_rule *sense_key_defaults(size_t *count)
{
	*count = sizeof(key_defaults) / sizeof(key_defaults[0]);
	return key_defaults;
}

/* Orders a probe (ascq_lo == ascq_hi) against a row's ASCQ range. */
static int rule_cmp(const void *probe, const void *row)
{
	const struct sense_rule *p = probe, *r = row;

	if (p->key != r->key)
		return p->key < r->key ? -1 : 1;
	if (p->asc != r->asc)
		return p->asc < r->asc ? -1 : 1;
	if (p->ascq_lo < r->ascq_lo)
		return -1;
	return p->ascq_lo > r->ascq_hi ? 1 : 0;
}

const struct sense_rule *sense_rule_find(uint8_t key, uint8_t asc, uint8_t ascq)
{
	struct sense_rule probe = {
		.key = key & 0xf, .asc = asc, .ascq_lo = ascq, .ascq_hi = ascq};
	const struct sense_rule *r;

	r = bsearch(&probe, rules, sizeof(rules) / sizeof(rules[0]),
		    sizeof(rules[0]), rule_cmp);
	return r ? r : &key_defaults[key & 0xf];
}

static void set(struct sttape_classification *out, enum sttape_outcome o,
		int err, const char *text)
{
	out->outcome = o;
	out->err = err;
	out->text = text;
}

bool sttape_outcome_informs(enum sttape_outcome o)
{
	switch (o) {
	case STTAPE_OUTCOME_OK:
	case STTAPE_OUTCOME_RECOVERED:
	case STTAPE_OUTCOME_FILEMARK:
	case STTAPE_OUTCOME_SETMARK:
	case STTAPE_OUTCOME_EARLY_WARNING:
	case STTAPE_OUTCOME_BOP:
	case STTAPE_OUTCOME_END_OF_DATA:
	case STTAPE_OUTCOME_ILI_SHORT:
	case STTAPE_OUTCOME_ILI_LONG:
		return true;
	default:
		return false;
	}
}

bool sttape_outcome_retryable(enum sttape_outcome o)
{
	return o == STTAPE_OUTCOME_BECOMING_READY ||
	       o == STTAPE_OUTCOME_ABORTED || o == STTAPE_OUTCOME_BUSY;
}

/* Keys under which SSC-4 sets FILEMARK, EOM and ILI as information. */
static bool key_carries_marks(uint8_t key)
{
	return key == STTAPE_SK_NO_SENSE || key == STTAPE_SK_RECOVERED_ERROR ||
	       key == STTAPE_SK_COMPLETED;
}

/* ILI: the sign of INFORMATION says which way (SSC-4 READ(6)). */
static void classify_ili(const struct sttape_sense *s,
			 struct sttape_classification *out)
{
	if (s->info_valid && s->information > 0)
		set(out, STTAPE_OUTCOME_ILI_SHORT, 0,
		    "incorrect length: record shorter than requested");
	else if (s->info_valid && s->information < 0)
		set(out, STTAPE_OUTCOME_ILI_LONG, 0,
		    "incorrect length: record longer than requested");
	else
		set(out, STTAPE_OUTCOME_OTHER, -EIO,
		    "incorrect length, residue unknown");
}

/* The stream bits refine a NO SENSE / RECOVERED row (see sense.h). */
static void classify_marks(const struct sttape_sense *s, unsigned int flags,
			   struct sttape_classification *out)
{
	if (s->filemark) {
		if (s->asc == 0x00 && s->ascq == 0x03)
			set(out, STTAPE_OUTCOME_SETMARK, 0, "setmark detected");
		else
			set(out, STTAPE_OUTCOME_FILEMARK, 0,
			    "filemark detected");
	} else if (out->outcome == STTAPE_OUTCOME_BOP ||
		   out->outcome == STTAPE_OUTCOME_END_OF_DATA) {
		return; /* 00/04, 00/05 say more than the EOM bit */
	} else if (s->eom && (flags & STTAPE_CLASSIFY_REVERSE)) {
		set(out, STTAPE_OUTCOME_BOP, 0,
		    "beginning-of-partition reached in reverse motion");
	} else if (s->ili) {
		classify_ili(s, out);
	} else if (s->eom) {
		set(out, STTAPE_OUTCOME_EARLY_WARNING, 0,
		    "end-of-medium warning (EOM)");
	}
}

void sttape_sense_classify_ex(const struct sttape_sense *s, unsigned int flags,
			      struct sttape_classification *out)
{
	const struct sense_rule *r;

	if (!s || !s->usable) {
		set(out, STTAPE_OUTCOME_UNUSABLE_SENSE, -EIO,
		    "no usable sense data");
		return;
	}
	r = sense_rule_find(s->key, s->asc, s->ascq);
	set(out, r->outcome, r->err, r->text);
	if (key_carries_marks(s->key))
		classify_marks(s, flags, out);
	/* SPC-5 4.4.5: the command that got deferred sense was not run. */
	if (s->deferred && sttape_outcome_informs(out->outcome))
		set(out, STTAPE_OUTCOME_ABORTED, -EAGAIN,
		    "deferred report, command not performed");
}

void sttape_sense_classify(const struct sttape_sense *s,
			   struct sttape_classification *out)
{
	sttape_sense_classify_ex(s, 0, out);
}

int sttape_classify_status_ex(uint8_t status, const uint8_t *sense, size_t len,
			      unsigned int flags, struct sttape_sense *s,
			      struct sttape_classification *c)
{
	struct sttape_sense local;

	if (!s)
		s = &local;
	sttape_sense_parse(sense, len, s);
	switch (status) {
	case SAM_STAT_GOOD:
	case SAM_STAT_CONDITION_MET:
		set(c, STTAPE_OUTCOME_OK, 0, "good");
		break;
	case SAM_STAT_CHECK_CONDITION:
		sttape_sense_classify_ex(s, flags, c);
		break;
	case SAM_STAT_BUSY:
	case SAM_STAT_TASK_SET_FULL:
		set(c, STTAPE_OUTCOME_BUSY, -EBUSY, "busy");
		break;
	case SAM_STAT_RESERVATION_CONFLICT:
		set(c, STTAPE_OUTCOME_OTHER, -EBUSY, "reservation conflict");
		break;
	case SAM_STAT_TASK_ABORTED:
		set(c, STTAPE_OUTCOME_ABORTED, -EAGAIN, "task aborted");
		break;
	default:
		set(c, STTAPE_OUTCOME_OTHER, -EIO, "unexpected status");
		break;
	}
	return c->err;
}

int sttape_classify_status(uint8_t status, const uint8_t *sense, size_t len,
			   struct sttape_sense *s,
			   struct sttape_classification *c)
{
	return sttape_classify_status_ex(status, sense, len, 0, s, c);
}
