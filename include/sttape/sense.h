/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/sense.h - sense data normalised into one struct, and the
 * classification of a command's outcome for a sequential-access device.
 *
 * Parsing sits on libsgutils2's decoders (fixed and descriptor formats,
 * SPC-5 4.4); this header keeps libsgutils2 out of callers' namespaces.
 */
#ifndef STTAPE_SENSE_H
#define STTAPE_SENSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STTAPE_SENSE_MAX 252

/* Sense keys (SPC-5 table 49). */
enum sttape_sense_key {
	STTAPE_SK_NO_SENSE = 0x0,
	STTAPE_SK_RECOVERED_ERROR = 0x1,
	STTAPE_SK_NOT_READY = 0x2,
	STTAPE_SK_MEDIUM_ERROR = 0x3,
	STTAPE_SK_HARDWARE_ERROR = 0x4,
	STTAPE_SK_ILLEGAL_REQUEST = 0x5,
	STTAPE_SK_UNIT_ATTENTION = 0x6,
	STTAPE_SK_DATA_PROTECT = 0x7,
	STTAPE_SK_BLANK_CHECK = 0x8,
	STTAPE_SK_VENDOR_SPECIFIC = 0x9,
	STTAPE_SK_COPY_ABORTED = 0xa,
	STTAPE_SK_ABORTED_COMMAND = 0xb,
	STTAPE_SK_VOLUME_OVERFLOW = 0xd,
	STTAPE_SK_MISCOMPARE = 0xe,
	STTAPE_SK_COMPLETED = 0xf,
};

/* One sense buffer, fixed or descriptor format, normalised. */
struct sttape_sense {
	bool usable;	 /* false: truncated, garbage or no sense at all */
	bool descriptor; /* response code 0x72/0x73 */
	bool deferred;	 /* response code 0x71/0x73 */
	uint8_t response_code;
	uint8_t key;
	uint8_t asc;
	uint8_t ascq;
	bool filemark;	     /* fixed byte 2 bit 7, or stream-commands desc. */
	bool eom;	     /* fixed byte 2 bit 6, or stream-commands desc. */
	bool ili;	     /* fixed byte 2 bit 5, or stream-commands desc. */
	bool info_valid;     /* VALID bit, or an information descriptor */
	int64_t information; /* sign-extended INFORMATION field; 0 if !valid */
	bool progress_valid; /* sense-key-specific progress indication */
	uint16_t progress;   /* 0..65535, fraction of 65536 done */
};

/*
 * Parse len bytes of sense data.  Returns 0 and fills *out, or -EBADMSG
 * (out->usable == false) when the buffer is too short or not sense data.
 * Never reads past buf[len - 1].
 *
 * Usable sense needs the 8-byte header (response code 70h-73h, SPC-5
 * 4.4.2/4.4.3).  Only the bytes that are both present and inside the
 * ADDITIONAL SENSE LENGTH count; in descriptor format a descriptor that
 * runs past them is dropped.  A field that is not there reads as absent
 * (asc/ascq 0, info_valid/progress_valid false; fixed-format ASC only
 * with its ASCQ).  Descriptor sense with reserved bits set in bytes 0-1
 * is refused (tgt's descriptor mode puts FILEMARK/EOM/ILI there, which
 * would otherwise read as "no sense").  INFORMATION is signed:
 * the fixed-format 4-byte field is sign-extended from 32 bits, the
 * information descriptor's 8-byte field is taken as 64-bit two's
 * complement (SSC-4 READ(6): negative residue = record longer than asked).
 */
int sttape_sense_parse(const uint8_t *buf, size_t len,
		       struct sttape_sense *out);

/* What a completed command means to a tape driver. */
enum sttape_outcome {
	STTAPE_OUTCOME_OK = 0,
	STTAPE_OUTCOME_RECOVERED,	/* recovered error: data is good */
	STTAPE_OUTCOME_FILEMARK,	/* stopped at a filemark */
	STTAPE_OUTCOME_SETMARK,		/* stopped at a setmark */
	STTAPE_OUTCOME_EARLY_WARNING,	/* EOM bit, data transferred */
	STTAPE_OUTCOME_BOP,		/* beginning of partition reached */
	STTAPE_OUTCOME_END_OF_DATA,	/* blank check / end of data */
	STTAPE_OUTCOME_VOLUME_OVERFLOW, /* physical end, nothing written */
	STTAPE_OUTCOME_ILI_SHORT,	/* record shorter than requested */
	STTAPE_OUTCOME_ILI_LONG,	/* record longer than requested */
	STTAPE_OUTCOME_BECOMING_READY,	/* not ready, in progress: retry */
	STTAPE_OUTCOME_NOT_READY,	/* not ready for another reason */
	STTAPE_OUTCOME_NO_MEDIUM,
	STTAPE_OUTCOME_MEDIUM_CHANGED, /* unit attention 28/00 */
	STTAPE_OUTCOME_RESET,	       /* unit attention 29/xx */
	STTAPE_OUTCOME_UNIT_ATTENTION, /* any other unit attention */
	STTAPE_OUTCOME_WRITE_PROTECTED,
	STTAPE_OUTCOME_ILLEGAL_REQUEST,
	STTAPE_OUTCOME_UNSUPPORTED, /* invalid command operation code */
	STTAPE_OUTCOME_MEDIUM_ERROR,
	STTAPE_OUTCOME_HARDWARE_ERROR,
	STTAPE_OUTCOME_ABORTED,		/* aborted command: retryable */
	STTAPE_OUTCOME_BUSY,		/* BUSY / TASK SET FULL status */
	STTAPE_OUTCOME_UNUSABLE_SENSE,	/* CHECK CONDITION, no usable sense */
	STTAPE_OUTCOME_TRANSPORT_ERROR, /* command did not reach the drive */
	STTAPE_OUTCOME_OTHER,		/* anything else: an error */
	STTAPE_OUTCOME_COUNT
};

/*
 * Suggested errno per outcome (the drive layer returns it; the session
 * decides policy):
 *   0            OK RECOVERED FILEMARK SETMARK EARLY_WARNING BOP
 *                END_OF_DATA ILI_SHORT ILI_LONG (informational: the
 *                command did what it could, see sttape_outcome_informs)
 *   -ENOSPC      VOLUME_OVERFLOW
 *   -EAGAIN      BECOMING_READY, ABORTED (retryable)
 *   -EBUSY       BUSY (retryable); RESERVATION CONFLICT (as OTHER)
 *   -ENOMEDIUM   NO_MEDIUM
 *   -EROFS       WRITE_PROTECTED
 *   -EINVAL      ILLEGAL_REQUEST (rows refine: 25/00 -ENXIO, 53/02 -EBUSY)
 *   -EOPNOTSUPP  UNSUPPORTED (20/00 invalid command operation code)
 *   -EACCES      OTHER for DATA PROTECT codes other than write protect
 *   -EIO         NOT_READY MEDIUM_CHANGED RESET UNIT_ATTENTION
 *                MEDIUM_ERROR HARDWARE_ERROR UNUSABLE_SENSE
 *                TRANSPORT_ERROR OTHER
 *
 * Precedence: unusable sense first; deferred sense (71h/73h) reports an
 * earlier command and the current one was not performed (SPC-5 4.4.5
 * "deferred errors"), so a deferred report with an informational key
 * classifies as ABORTED/-EAGAIN (retry the command) and one with an error
 * key as that error.  Otherwise the (key, asc, ascq) table decides; for
 * NO SENSE, RECOVERED ERROR and COMPLETED the stream bits then refine it:
 * FILEMARK (SETMARK when 00/03) > 00/04 BOP and 00/05 EOD > EOM during
 * reverse motion (BOP) > ILI (sign of INFORMATION; ILI without a valid
 * nonzero INFORMATION is OTHER/-EIO: the residue is unknown) > EOM
 * (EARLY_WARNING) > the table row.
 */
struct sttape_classification {
	enum sttape_outcome outcome;
	int err;	  /* 0 or a negative errno suggested for callers */
	const char *text; /* short static description */
};

/* Caller context for the _ex classifiers. */
#define STTAPE_CLASSIFY_REVERSE 0x1u /* motion toward BOP (SPACE < 0) */

/*
 * Classify parsed sense through the sorted (key, asc, ascq-range) table,
 * then the FILEMARK/EOM/ILI bits; ILI short vs long follows the sign of
 * INFORMATION (SSC-4 READ(6), incorrect length).  Always fills *out.
 */
void sttape_sense_classify(const struct sttape_sense *s,
			   struct sttape_classification *out);
/* The same with STTAPE_CLASSIFY_* flags: EOM in reverse motion is BOP. */
void sttape_sense_classify_ex(const struct sttape_sense *s, unsigned int flags,
			      struct sttape_classification *out);

/*
 * Classify a whole command result: SCSI status plus the sense bytes that
 * came with it (SAM-5 status codes).  GOOD and CONDITION MET -> OK;
 * CHECK CONDITION -> the sense (UNUSABLE_SENSE/-EIO when there is none
 * worth parsing); BUSY and TASK SET FULL -> BUSY/-EBUSY; RESERVATION
 * CONFLICT -> OTHER/-EBUSY; TASK ABORTED -> ABORTED/-EAGAIN; anything
 * else -> OTHER/-EIO.  *s (may be NULL) receives the parse of
 * sense[0..len-1] whatever the status.  Always fills *c; returns c->err.
 */
int sttape_classify_status(uint8_t status, const uint8_t *sense, size_t len,
			   struct sttape_sense *s,
			   struct sttape_classification *c);
int sttape_classify_status_ex(uint8_t status, const uint8_t *sense, size_t len,
			      unsigned int flags, struct sttape_sense *s,
			      struct sttape_classification *c);

/* Informational outcomes (err 0): the command did what it could. */
bool sttape_outcome_informs(enum sttape_outcome o);
/* Outcomes worth retrying the same command for. */
bool sttape_outcome_retryable(enum sttape_outcome o);

/* "early_warning" etc.; "unknown" out of range. */
const char *sttape_outcome_name(enum sttape_outcome o);

/*
 * "Sense key: ...; asc/ascq text" in words, via libsgutils2, plus the
 * deferred flag, stream bits, INFORMATION and progress when present.
 * Always NUL-terminates when len > 0.
 */
void sttape_sense_describe(const struct sttape_sense *s, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_SENSE_H */
