/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session_priv.h - the tape session's state, shared by the session sources.
 *
 * Flags are grouped by lifetime as NetBSD st groups them: per drive
 * (survive mounts), per mount (reset at mount and unmount), per action
 * (consumed by the next operation).
 */
#ifndef STTAPE_SESSION_PRIV_H
#define STTAPE_SESSION_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <sttape/drive.h>
#include <sttape/quirks.h>
#include <sttape/session.h>

/* Density codes that decide the blocking mode (NetBSD scsi_tape.h). */
#define STTAPE_DENSITY_HALFINCH_800  0x01
#define STTAPE_DENSITY_HALFINCH_1600 0x02
#define STTAPE_DENSITY_HALFINCH_6250 0x03
#define STTAPE_DENSITY_DDS	     0x13

#define STTAPE_DEF_FIXED_BSIZE 512
#define STTAPE_ATAPI_CAP_PAGE  0x2a /* ATAPI capabilities page (QIC-157) */
#define STTAPE_MAX_COUNT24     0xffffffu

/*
 * READs sent ahead of the caller and held aside (session_ahead.c), in
 * order, at most STTAPE_SESSION_AHEAD_MAX.  Each `after` is the session's
 * state as that READ left it, kept until it is committed or undone; the
 * session itself shows the state before the first.
 */
struct session_ahead_read {
	bool undoable;	/* the head can be put back over it */
	int passed;	/* objects the READ moved over: 0 or 1 */
	size_t len;	/* the READ's length */
	ssize_t result; /* what sttape_session_read returned */
	struct sttape_session *after;
};

struct session_ahead {
	unsigned int count; /* READs held */
	bool disabled;	    /* a SPACE back failed: never again on this drive */
	struct session_ahead_read r[STTAPE_SESSION_AHEAD_MAX];
};

/* Defaults of one operation mode (NetBSD st->modes[]). */
struct session_mode {
	uint32_t blksize;
	uint8_t density;
	bool blksize_quirk; /* BLKSIZE_SET_BY_QUIRK */
	bool blksize_user;  /* BLKSIZE_SET_BY_USER (control mode) */
	bool density_quirk; /* DENSITY_SET_BY_QUIRK */
	bool density_user;  /* DENSITY_SET_BY_USER */
	int compression;    /* 1 on, 0 off, -1 leave */
};

struct sttape_session {
	struct sttape_drive *d;
	struct sttape_session_options opt;
	struct sttape_inquiry inq;
	const struct sttape_quirk *quirk; /* matched entry or NULL */

	/* Per drive: survive mount sessions, until the daemon restarts. */
	bool atapi;
	bool atapi_known; /* the capabilities-page probe answered */
	struct session_mode modes[STTAPE_SESSION_MODES];
	bool early_warning; /* ST_EARLYWARN */
	bool dontbuffer;    /* ST_DONTBUFFER: buffered mode 0 */
	int buffered_mode;  /* -1: 1 unless dontbuffer; else 0-7 */
	int twofm_override; /* -1 by density / quirk, 0 one, 1 two */
	int last_mode;	    /* operation mode last mounted, -1 none */
	uint32_t blkmin, blkmax;
	bool medium_present; /* as the last TEST UNIT READY said */
	/*
	 * An operation sent with IMMED=1 may still run on the drive: its
	 * wait was cancelled.  The next command waits for it first.
	 */
	bool busy;
	bool (*cancelled)(void *ctx); /* sttape_session_set_cancel */
	void *cancel_ctx;

	/* Open node. */
	bool is_open;
	unsigned int mode;
	enum sttape_submode submode;
	enum sttape_access access;
	bool nonblock;

	/* Per mount. */
	bool mounted;
	uint32_t quirks;  /* drive | mode quirks in effect */
	uint32_t blksize; /* 0: variable */
	uint8_t density;
	uint8_t media_density;
	uint32_t media_blksize;
	bool readonly;
	uint8_t page0[STTAPE_QUIRK_MAX_PAGE0]; /* vendor page 0 (quirk) */
	size_t page0_len;
	bool two_fm;	 /* ST_2FM_AT_EOD */
	bool written;	 /* ST_WRITTEN: data written, EOD owed */
	bool fm_written; /* ST_FM_WRITTEN: one filemark after data */
	bool pos_lost;	 /* unit attention: no I/O until rewind */
	bool at_eod;	 /* last motion ended at end of data */
	bool eot;	 /* early warning or physical end seen */
	int compression; /* -1 unknown */
	int64_t fileno, blkno;

	/* Per action (ST_PER_ACTION). */
	bool at_filemark; /* fixed mode: filemark met, not yet reported */
	bool eio_pending;
	bool eom_pending;
	bool blank_read; /* phantom filemark reported */

	/* Latched status (MTIOCGET reads and clears). */
	uint8_t sense_key, asc, ascq;
	int64_t resid;
	unsigned int recovered;

	struct sttape_result last;

	/* Read-ahead held aside; not part of the state it saves. */
	struct session_ahead ahead;
};

/* session_cmd.c: command plumbing. */
void session_note(struct sttape_session *s, const struct sttape_result *r);
bool session_retry(struct sttape_session *s, const struct sttape_result *r,
		   unsigned int *waited_ms, bool idempotent);
int session_errno(const struct sttape_result *r);
bool session_is_ua(const struct sttape_result *r);
void session_lose_position(struct sttape_session *s);
int session_fail(struct sttape_session *s, const struct sttape_result *r);
void session_sleep_ms(unsigned int ms);
int session_nap(struct sttape_session *s, unsigned int ms);
int session_wait_busy(struct sttape_session *s);

/* session.c */
int session_mount(struct sttape_session *s);
int session_unmount(struct sttape_session *s, bool eject);
int session_mode_select(struct sttape_session *s);
void session_prevent_allow(struct sttape_session *s, bool prevent);
bool session_decide_two_fm(const struct sttape_session *s);
int session_wait_long(struct sttape_session *s);

/* session_ops.c */
void session_clear_per_action(struct sttape_session *s);
int session_write_filemarks(struct sttape_session *s, int64_t n, bool immed);
int session_check_eod(struct sttape_session *s, bool position, int *nmarks);
int session_space(struct sttape_session *s, enum sttape_space_code code,
		  int64_t n);
int session_settle(struct sttape_session *s);
int session_rewind(struct sttape_session *s);
int session_compression(struct sttape_session *s, bool on);

/* session_ahead.c */
void session_ahead_free(struct sttape_session *s);

/* session_io.c: sttape_session_read without undoing a read-ahead. */
ssize_t session_read(struct sttape_session *s, void *buf, size_t len);

/* session_scsi.c: MTIOCGET's write-protect refresh. */
int session_refresh_wp(struct sttape_session *s);

#endif /* STTAPE_SESSION_PRIV_H */
