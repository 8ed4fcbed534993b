/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/drive.h - one function per SSC-4/SPC-5 tape operation.
 *
 * Each function builds the CDB, runs it through the transport and
 * classifies the outcome into a struct sttape_result.  No tape policy
 * lives here (no filemark bookkeeping, no retries): that is the
 * session's job.
 *
 * Return convention: 0 when the command completed with GOOD status or
 * with sense that only informs (filemark, early warning, ILI, end of
 * data, recovered error: see r->outcome); otherwise -errno, and r says
 * why.  r is always filled when not NULL.
 */
#ifndef STTAPE_DRIVE_H
#define STTAPE_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/cdb.h>
#include <sttape/sense.h>
#include <sttape/transport.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sttape_result {
	int err; /* the function's return value */
	enum sttape_outcome outcome;
	int transport_err; /* from struct sttape_cmd_result */
	uint8_t status;	   /* SCSI status */
	bool has_sense;
	struct sttape_sense sense;
	/*
	 * Signed residue: INFORMATION when valid (bytes in variable mode,
	 * blocks in fixed mode, filemarks or blocks not spaced), else 0.
	 * Positive: less done than asked; negative (ILI long): the record
	 * was longer than asked by -residue bytes.
	 */
	int64_t residue;
	/*
	 * Data bytes moved to or from the caller.  READ and WRITE with a
	 * valid non-negative residue: (count - residue) * unit, where count
	 * is the transfer length field (bytes in variable mode, blocks in
	 * fixed mode) and unit 1 or the block size; but never more than the
	 * transport saw move.  Otherwise (GOOD, no INFORMATION, ILI long)
	 * requested - transport resid: for ILI long that is the whole
	 * buffer on a drive that honours SSC-4.  Other commands: bytes of
	 * parameter data received or sent.  0 on a transport error, when
	 * the status was neither GOOD nor CHECK CONDITION (BUSY ...: not
	 * executed), for a failed READ or WRITE without a residue, and
	 * for a variable-mode READ that stopped at a filemark, setmark or
	 * end of data (one READ is one record: there was none).
	 */
	size_t transferred;
};

/* Timeouts by operation class, milliseconds (defaults as NetBSD st). */
#define STTAPE_TMO_CONTROL_MS  (30u * 1000u)
#define STTAPE_TMO_IO_MS       (3u * 60u * 1000u)
#define STTAPE_TMO_FILEMARK_MS (12u * 60u * 1000u)
#define STTAPE_TMO_LONG_MS     (4u * 3600u * 1000u)

struct sttape_drive_timeouts {
	unsigned int control_ms;  /* inquiry, mode pages, position: 30 s */
	unsigned int io_ms;	  /* read, write, short erase: 3 min */
	unsigned int filemark_ms; /* write filemarks: 12 min */
	unsigned int long_ms; /* space, locate, rewind, load, long erase: 4 h */
};

struct sttape_drive;

int sttape_drive_open(const char *device, struct sttape_drive **out, char *why,
		      size_t why_len);
/* Wrap an open transport; the drive owns it from then on. */
int sttape_drive_wrap(struct sttape_transport *t, struct sttape_drive **out);
void sttape_drive_close(struct sttape_drive *d);
struct sttape_transport *sttape_drive_transport(struct sttape_drive *d);
void sttape_drive_get_timeouts(const struct sttape_drive *d,
			       struct sttape_drive_timeouts *tmo);
/* A field of 0 in tmo keeps the default of its class. */
void sttape_drive_set_timeouts(struct sttape_drive *d,
			       const struct sttape_drive_timeouts *tmo);

struct sttape_inquiry {
	uint8_t peripheral_type; /* 1 = sequential access */
	bool removable;
	uint8_t version;
	char vendor[9]; /* NUL-terminated, trailing blanks kept */
	char product[17];
	char revision[5];
};

struct sttape_block_limits {
	uint8_t granularity;
	uint32_t max_length; /* 0: no limit stated */
	uint16_t min_length;
};

/* Header + block descriptor of MODE SENSE/SELECT(6) (SPC-5 7.5.5/7.5.6). */
struct sttape_mode {
	uint8_t medium_type;
	bool write_protected;  /* device-specific parameter bit 7 */
	uint8_t buffered_mode; /* device-specific bits 6..4 */
	uint8_t speed;	       /* device-specific bits 3..0 */
	bool has_descriptor;
	uint8_t density;
	uint32_t blocks;       /* 24 bits */
	uint32_t block_length; /* 24 bits; 0 = variable */
};

/*
 * READ POSITION data (SSC-4 7.3).  Short and extended forms: bpu and lolu
 * are the same bit (BPU in SSC-2, LOLU since SSC-3).  Long form: lolu is
 * LONU (bpu too), and file_valid is !MPU.
 */
struct sttape_position {
	bool bop, eop, bpu; /* beginning/end of partition, unknown */
	bool lolu;	    /* logical object location unknown */
	bool locu;	    /* short/extended: last object unknown */
	bool bycu;	    /* short/extended: buffer counts unknown */
	bool perr;	    /* short/extended: position error */
	bool bpew;	    /* beyond programmable early warning */
	uint8_t partition;
	uint64_t block; /* first logical object (or hardware block) */
	uint64_t last_block;
	uint64_t file; /* long form only */
	bool file_valid;
	uint32_t objects_in_buffer;
	uint64_t bytes_in_buffer;
};

int sttape_drive_test_unit_ready(struct sttape_drive *d,
				 struct sttape_result *r);
/*
 * REQUEST SENSE (fixed format).  Returns 0 when the command itself
 * completed; r->has_sense, r->sense, r->residue and r->outcome then
 * describe the sense data the drive returned (deferred errors, progress
 * of an IMMED operation), and r->transferred is its length.
 */
int sttape_drive_request_sense(struct sttape_drive *d, struct sttape_result *r);
int sttape_drive_inquiry(struct sttape_drive *d, struct sttape_inquiry *inq,
			 struct sttape_result *r);
/* VPD page into buf; *got = bytes returned by the drive. */
int sttape_drive_inquiry_vpd(struct sttape_drive *d, uint8_t page, void *buf,
			     size_t len, size_t *got, struct sttape_result *r);
int sttape_drive_read_block_limits(struct sttape_drive *d,
				   struct sttape_block_limits *bl,
				   struct sttape_result *r);
/*
 * MODE SENSE(6) of `page` (0x00: header and descriptor only), current
 * values.  The page bytes (without header and descriptor) go to page_buf,
 * *page_got long: at most page_len, and never more than the drive sent
 * or its header claims.  -EBADMSG when the reply is shorter than the
 * mode parameter header or its stated block descriptor.
 */
int sttape_drive_mode_sense(struct sttape_drive *d, uint8_t page, bool dbd,
			    struct sttape_mode *mode, void *page_buf,
			    size_t page_len, size_t *page_got,
			    struct sttape_result *r);
/*
 * MODE SELECT(6): header (mode data length zeroed: reserved in MODE
 * SELECT) + block descriptor when mode->has_descriptor, then the page
 * bytes with PS cleared.  PF is always set (SPC page format; SCSI-2 and
 * later devices, tgt among them, reject PF 0).  mode->blocks is sent as
 * given (0: all remaining).  -EINVAL beyond 255 bytes.
 */
int sttape_drive_mode_select(struct sttape_drive *d,
			     const struct sttape_mode *mode, const void *page,
			     size_t page_len, struct sttape_result *r);
/*
 * READ(6).  block_size 0: variable mode, one record of at most len bytes.
 * Otherwise fixed mode, len must be a multiple of block_size (-EINVAL
 * otherwise, and when the count does not fit 24 bits).  sili is ignored
 * in fixed mode (SSC-4 forbids SILI with FIXED).  With sili in variable
 * mode a drive whose block descriptor says variable may also cut a
 * record longer than len without ILI (SSC-4 READ(6); the vdrive does):
 * a read that fills len can then not tell a record of exactly len bytes
 * from a longer one.
 */
int sttape_drive_read(struct sttape_drive *d, void *buf, size_t len,
		      uint32_t block_size, bool sili, struct sttape_result *r);
int sttape_drive_write(struct sttape_drive *d, const void *buf, size_t len,
		       uint32_t block_size, struct sttape_result *r);
int sttape_drive_write_filemarks(struct sttape_drive *d, uint32_t count,
				 bool immed, struct sttape_result *r);
/* SPACE(6) when count fits 24 bits, SPACE(16) otherwise. */
int sttape_drive_space(struct sttape_drive *d, enum sttape_space_code code,
		       int64_t count, struct sttape_result *r);
int sttape_drive_rewind(struct sttape_drive *d, bool immed,
			struct sttape_result *r);
int sttape_drive_load(struct sttape_drive *d, bool load, bool retension,
		      bool immed, struct sttape_result *r);
int sttape_drive_erase(struct sttape_drive *d, bool longerase, bool immed,
		       struct sttape_result *r);
/* Allocation: 20 bytes short form, 32 long and extended. */
int sttape_drive_read_position(struct sttape_drive *d,
			       enum sttape_read_position_form form,
			       struct sttape_position *pos,
			       struct sttape_result *r);
/*
 * LOCATE(10) when block fits 32 bits, LOCATE(16) otherwise (logical
 * object; -EINVAL for a hardware block beyond 32 bits).  Current
 * partition.
 */
int sttape_drive_locate(struct sttape_drive *d, uint64_t block, bool hardware,
			bool immed, struct sttape_result *r);
int sttape_drive_prevent_allow(struct sttape_drive *d, bool prevent,
			       struct sttape_result *r);
int sttape_drive_report_density(struct sttape_drive *d, bool media, void *buf,
				size_t len, size_t *got,
				struct sttape_result *r);
/* LOG SENSE, current cumulative values (PC 01b), whole page from 0000h. */
int sttape_drive_log_sense(struct sttape_drive *d, uint8_t page, void *buf,
			   size_t len, size_t *got, struct sttape_result *r);
/*
 * TapeAlert flags 1..64 as bits 0..63 (SSC-4 8.2.3, log page 0x2E:
 * parameter code n = flag n, bit 0 of its one-byte value).  Parameters
 * cut short by the page length or the allocation are ignored.
 */
int sttape_drive_tapealert(struct sttape_drive *d, uint64_t *flags,
			   struct sttape_result *r);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_DRIVE_H */
