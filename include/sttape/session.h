/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/session.h - the tape session: NetBSD st(4) semantics on top of
 * the drive layer (mount sessions, operation modes and sub-modes,
 * fixed/variable blocking, filemark bookkeeping, EOM and early warning,
 * software position counters, latched status).  man sttape(4) is the
 * user's view of everything here.
 *
 * One struct sttape_session per drive.  The API is synchronous and
 * thread-compatible: one caller at a time per session (the daemon's
 * per-drive worker); different sessions are independent.
 *
 * Every action returns 0 (or a byte count) or -errno.
 */
#ifndef STTAPE_SESSION_H
#define STTAPE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sttape/drive.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The quirk table of sttape/quirks.h; the session only matches it. */
struct sttape_quirk_table;
struct sttape_session;

#define STTAPE_SESSION_MODES 4 /* operation modes: minor bits 2-3 */

/* Sub-modes: minor bits 0-1, the action taken on close. */
enum sttape_submode {
	STTAPE_SUBMODE_REWIND = 0,   /* rst: rewind, unmount */
	STTAPE_SUBMODE_NOREWIND = 1, /* nrst: stay mounted */
	STTAPE_SUBMODE_EJECT = 2,    /* erst: rewind, unload, unmount */
	STTAPE_SUBMODE_CONTROL = 3,  /* enrst: opens without medium */
};

enum sttape_access {
	STTAPE_ACCESS_READ = 0, /* O_RDONLY */
	STTAPE_ACCESS_WRITE,	/* O_WRONLY */
	STTAPE_ACCESS_RDWR,	/* O_RDWR */
};

/* Flags of sttape_session_open(). */
#define STTAPE_OPEN_NONBLOCK 0x1 /* O_NONBLOCK: no wait, medium optional */

struct sttape_session_options {
	/* Early warning recognition at open of the drive (DESIGN 4). */
	bool early_warning; /* default true */
	/* NULL: no quirk table (no drive matches). Not owned; must outlive. */
	const struct sttape_quirk_table *quirks;
	/*
	 * Seconds an open waits for a drive that reports "becoming ready"
	 * (NOT READY 04/01) or absorbs a unit attention; default 120.
	 * Non-blocking opens do not wait.
	 */
	unsigned int ready_wait_s;
	/*
	 * Largest transfer of one command (also bounded by the transport's
	 * max_transfer); 0: the transport's.  A variable record above it
	 * is EINVAL; fixed-mode transfers are split into several commands.
	 */
	size_t max_record;
	/* Interval between "becoming ready" retries; default 1000 ms. */
	unsigned int ready_poll_ms;
	/* -1: tell ATAPI from SCSI by INQUIRY (default); 0: SCSI; 1: ATAPI. */
	int atapi;
};

void sttape_session_options_init(struct sttape_session_options *o);

/*
 * Create the drive-level object from a device string (see
 * sttape/transport.h) or from an open drive, which the session owns
 * from then on (also on failure).  INQUIRY (to match quirks) and a MODE
 * SENSE of the ATAPI capabilities page (to tell ATAPI from SCSI) run
 * here; no tape command is sent.  o may be NULL
 * (defaults).  why gets a one-line reason on failure.
 */
int sttape_session_create(const char *device,
			  const struct sttape_session_options *o,
			  struct sttape_session **out, char *why,
			  size_t why_len);
int sttape_session_create_drive(struct sttape_drive *d,
				const struct sttape_session_options *o,
				struct sttape_session **out, char *why,
				size_t why_len);
/* Closes an open node first (its close action runs), then the drive. */
void sttape_session_destroy(struct sttape_session *s);
struct sttape_drive *sttape_session_drive(struct sttape_session *s);

/*
 * Open a node: operation mode 0-3, sub-mode, access, flags.
 * -EBUSY when a node of this drive is open; -EINVAL bad arguments;
 * -ENOMEDIUM no medium (not in control mode or non-blocking);
 * -EIO and others: the mount sequence failed (see sttape(4)).
 * Opening another operation mode than the mounted one unmounts first.
 */
int sttape_session_open(struct sttape_session *s, unsigned int mode,
			enum sttape_submode submode, enum sttape_access access,
			unsigned int flags);
/* Close with the sub-mode's action; owed filemarks first. -ENODEV when not
 * open. */
int sttape_session_close(struct sttape_session *s);
bool sttape_session_is_open(const struct sttape_session *s);

/*
 * Read.  Variable mode: one record; -ENOMEM when the record is longer
 * than len (the head is then after that record); 0 at a filemark.
 * Fixed mode: len a multiple of the block size (else -EINVAL); returns
 * the blocks before a filemark, and 0 on the next read.
 */
ssize_t sttape_session_read(struct sttape_session *s, void *buf, size_t len);
/*
 * Write.  Variable mode: one record.  Fixed mode: len a multiple of
 * the block size (else -EINVAL).  With early warning on, a write that
 * meets EOM may be short and the next write returns 0; with it off,
 * EOM gives -EIO; the physical end gives -EIO (-ENOSPC never).
 */
ssize_t sttape_session_write(struct sttape_session *s, const void *buf,
			     size_t len);

/*
 * Tape operations: every NetBSD MTIOCTOP op and the Linux ones that map
 * onto SCSI tape.  Values are sttape's own (neither ABI's); the daemon
 * translates.  Comments give the meaning of count.
 */
enum sttape_mtop {
	STTAPE_MT_WEOF = 0,	/* write count filemarks (0: flush) */
	STTAPE_MT_WEOFI,	/* same, IMMED: do not wait for the buffer */
	STTAPE_MT_FSF,		/* forward count filemarks */
	STTAPE_MT_BSF,		/* backward count filemarks, head on BOT side */
	STTAPE_MT_FSFM,		/* Linux: FSF count, then back to BOT side */
	STTAPE_MT_BSFM,		/* Linux: BSF count, then forward to EOT side */
	STTAPE_MT_FSR,		/* forward count records */
	STTAPE_MT_BSR,		/* backward count records */
	STTAPE_MT_REW,		/* rewind */
	STTAPE_MT_OFFL,		/* rewind, unload, end the mount session */
	STTAPE_MT_NOP,		/* nothing (status refresh) */
	STTAPE_MT_RETEN,	/* retension, then load */
	STTAPE_MT_ERASE,	/* count != 0: long erase; 0: erase gap */
	STTAPE_MT_EOM,		/* space to end of data */
	STTAPE_MT_CACHE,	/* buffered mode on */
	STTAPE_MT_NOCACHE,	/* buffered mode off */
	STTAPE_MT_SETBSIZ,	/* block size; 0 variable (MTSETBLK) */
	STTAPE_MT_SETDNSTY,	/* density code 0-255 (MTSETDENSITY) */
	STTAPE_MT_CMPRESS,	/* compression on/off (MTCOMPRESSION) */
	STTAPE_MT_EWARN,	/* early warning on/off */
	STTAPE_MT_LOAD,		/* LOAD, then mount */
	STTAPE_MT_UNLOAD,	/* like OFFL */
	STTAPE_MT_LOCK,		/* PREVENT MEDIUM REMOVAL */
	STTAPE_MT_UNLOCK,	/* ALLOW MEDIUM REMOVAL */
	STTAPE_MT_SEEK,		/* locate logical block count (MTSEEK) */
	STTAPE_MT_SETDRVBUFFER, /* buffered mode field 0-7 */
	STTAPE_MT_TWOFM, /* 1: two filemarks at EOD, 0: one, -1: by density */
	STTAPE_MT_DEF_BLKSIZE, /* default block size of the open mode; -1 clear
				*/
	STTAPE_MT_DEF_DENSITY, /* default density of the open mode; -1 clear */
	STTAPE_MT_DEF_COMPRESSION, /* mode default: 0 off, 1 on, -1 unchanged */
	STTAPE_MT_COUNT
};

int sttape_session_op(struct sttape_session *s, enum sttape_mtop op,
		      int64_t count);

/*
 * Cancellation of the waits for long operations.  Rewind, load, unload,
 * retension, erase and locate are sent with IMMED=1 and then polled with
 * TEST UNIT READY; so is the drive's becoming ready at open.  Between
 * two polls (every 20 ms at most) the session calls cancelled(ctx), in
 * the thread that called the session; when it returns true the call
 * returns -EINTR at once while the drive goes on.  The session then
 * takes the drive as busy: the next call waits for the operation to end
 * (the rewind's BOT, the unload) before its own command.  NULL removes
 * the hook.  SPACE has no IMMED bit (SSC-4 6.6, 7.12) and is not
 * cancelled.
 */
void sttape_session_set_cancel(struct sttape_session *s,
			       bool (*cancelled)(void *ctx), void *ctx);

/* MTIOCRDSPOS/MTIOCRDHPOS/MTIOCPOS/MTTELL: READ POSITION (short form). */
int sttape_session_read_position(struct sttape_session *s, bool hardware,
				 struct sttape_position *pos);
/* MTIOCSLOCATE/MTIOCHLOCATE/MTSEEK; counters become unknown. */
int sttape_session_locate(struct sttape_session *s, bool hardware,
			  uint64_t block);

/* Per-mode defaults (NetBSD mtget mt_mblksiz/mt_mdensity and more). */
struct sttape_mode_params {
	uint32_t block_size; /* 0 variable */
	uint8_t density;     /* 0 default (drive/medium decides) */
	bool block_size_set; /* by quirk or by control-mode MTSETBSIZ */
	bool density_set;
	int compression; /* 1 on, 0 off, -1 leave as the drive has it */
};

/* Everything both Linux and NetBSD mtget report. */
struct sttape_status {
	bool open;
	bool mounted;
	unsigned int mode; /* operation mode of the open node */
	enum sttape_submode submode;
	bool atapi;
	uint32_t block_size;	       /* current; 0 variable */
	uint8_t density;	       /* current density code */
	uint32_t block_min, block_max; /* READ BLOCK LIMITS; 0 unknown */
	struct sttape_mode_params modes[STTAPE_SESSION_MODES];
	int64_t file;  /* -1 unknown */
	int64_t block; /* -1 unknown */
	/* Latched by the last failing or informing command; cleared by get. */
	uint8_t sense_key, asc, ascq;
	int64_t residue;	       /* bytes (variable) or blocks (fixed) */
	unsigned int recovered_errors; /* since the last status (Linux erreg) */
	/* Linux mt_gstat material. */
	bool bot, eot, eod, eof;
	bool write_protected;
	bool online;	       /* medium present and ready */
	bool door_open;	       /* no medium */
	bool immediate_report; /* drive buffered mode on */
	bool early_warning;    /* early warning recognition on */
	uint8_t buffered_mode; /* device-specific field, 0-7 */
	int compression;       /* 1 on, 0 off, -1 unknown */
	bool two_filemarks;    /* two filemarks end the data */
	bool position_lost;    /* unit attention: I/O fails until rewind */
	char vendor[9], product[17], revision[5];
};

/*
 * Status: MTIOCGET.  While a medium is mounted, a MODE SENSE first
 * refreshes the write-protect bit (NetBSD stioctl); its failure fails
 * the call except in control mode.  Fills st, then clears the latched sense
 * key, asc/ascq, residue and recovered-error count (read-and-clear).  Works
 * with no node open (st->open false) and in control mode without medium.
 */
int sttape_session_status(struct sttape_session *s, struct sttape_status *st);
/* Same without clearing anything. */
int sttape_session_peek_status(struct sttape_session *s,
			       struct sttape_status *st);

/*
 * Raw SCSI pass-through (NetBSD control mode's "raw SCSI command on
 * through"): run one caller-built CDB on the drive of the open node,
 * in any sub-mode, with or without a medium.  res gets status, sense
 * and residue exactly as the transport reports them.  Returns 0 when
 * the command completed at the drive (whatever its status: see
 * res->status); -ENODEV when no node is open; -EBADF for a command that
 * is not data-in on a node opened read-only (as NetBSD's SCIOCCOMMAND);
 * -EINVAL for a malformed cmd; the transport error (also in
 * res->transport_err) when the command did not complete.  The sense is
 * not latched for status.  Every command but a known read-only one
 * (INQUIRY, TEST UNIT READY, MODE SENSE, READ POSITION, LOG SENSE...)
 * leaves the position unknown and forgets owed filemarks; a unit
 * attention invalidates the mount session as on any command
 * (sttape(4), "Raw SCSI commands").
 */
int sttape_session_scsi(struct sttape_session *s, const struct sttape_cmd *cmd,
			struct sttape_cmd_result *res);

/*
 * Read-ahead (variable mode only), up to STTAPE_SESSION_AHEAD_MAX
 * records deep.  A caller that will most likely read len bytes next
 * (stfused, between a client's reads) sends those READs now:
 * sttape_session_read_ahead() runs sttape_session_read(s, buf, len) as
 * it would run after the READs already held, but holds its outcome
 * aside; status, counters and latched sense stay as they were.  *result
 * is what that read returned.  sttape_session_read_commit() then stands
 * for the caller's next sttape_session_read(s, buf, len): the first held
 * state becomes real and *result is its return value again.  Every
 * other call on the session but peek_status and last_result first
 * undoes all held READs (sttape_session_read_undo(), callable directly
 * too): the head is spaced back over the records and the filemark they
 * passed.  A READ that ended in an error or a unit attention cannot be
 * taken back: undoing makes the held READs real up to it (its sense
 * latched, the position usually unknown).  A drive that fails a SPACE
 * back leaves the position unknown, and the session takes no read-ahead
 * on it again.
 *
 * read_ahead returns 0 when a READ is held; -EBUSY when the maximum is
 * held; -EAGAIN when the next read might not be one plain READ (fixed
 * mode, a filemark, error or end of data met by the last held READ, a
 * pending filemark, error or end-of-medium report, data just written,
 * not open for reading); -ENOMEM.  commit: 0, or -ENOENT when nothing is
 * held.  undo: 0 or the SPACE's -errno.
 */
#define STTAPE_SESSION_AHEAD_MAX 2 /* READs held at most */

int sttape_session_read_ahead(struct sttape_session *s, void *buf, size_t len,
			      ssize_t *result);
int sttape_session_read_commit(struct sttape_session *s, ssize_t *result);
int sttape_session_read_undo(struct sttape_session *s);
/* How many READs are held (0 none); *len: the length of the first. */
unsigned int sttape_session_read_ahead_held(const struct sttape_session *s,
					    size_t *len);

/* The last command's SCSI detail, for logging (never cleared by status). */
const struct sttape_result *
sttape_session_last_result(const struct sttape_session *s);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_SESSION_H */
