/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session.c - the drive object, opening and closing nodes, and mount
 * sessions (NetBSD st: stattach, stopen, st_mount_tape, st_decide_mode,
 * st_unmount, stclose; behaviour documented in sttape(4)).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_priv.h"

/* SFF-8020/QIC-157 capabilities page: cap4 block-size bits (byte 7). */
#define ATAPI_CAP4_BLK512  0x02
#define ATAPI_CAP4_BLK1024 0x04
#define ATAPI_CAP4_BLK32K  0x80

void sttape_session_options_init(struct sttape_session_options *o)
{
	memset(o, 0, sizeof(*o));
	o->early_warning = true;
	o->ready_wait_s = 120;
	o->ready_poll_ms = 1000;
	o->atapi = -1;
}

static void set_why(char *why, size_t len, const char *msg)
{
	if (why && len)
		snprintf(why, len, "%s", msg);
}

/* Copy the matched quirk entry into the per-mode defaults (st_loadquirks). */
static void load_quirks(struct sttape_session *s)
{
	const struct sttape_quirk *q = s->quirk;

	for (unsigned int m = 0; m < STTAPE_SESSION_MODES; m++) {
		struct session_mode *sm = &s->modes[m];

		memset(sm, 0, sizeof(*sm));
		sm->compression = -1;
		if (!q)
			continue;
		if (sttape_quirk_mode_flags(q, m) &
		    STTAPE_QUIRK_FORCE_BLKSIZE) {
			sm->blksize = q->mode[m].blksize;
			sm->blksize_quirk = true;
		}
		if (q->mode[m].density) {
			sm->density = q->mode[m].density;
			sm->density_quirk = true;
		}
		if (q->mode[m].compression != STTAPE_QUIRK_UNCHANGED)
			sm->compression =
				q->mode[m].compression == STTAPE_QUIRK_ON;
	}
	if (!q)
		return;
	if (q->early_warning != STTAPE_QUIRK_UNCHANGED)
		s->early_warning = q->early_warning == STTAPE_QUIRK_ON;
}

/* MODE SENSE of the ATAPI capabilities page: the only block size. */
static int atapi_block_size(struct sttape_session *s, uint32_t *bs,
			    struct sttape_mode *mode)
{
	uint8_t page[32];
	size_t got = 0;
	struct sttape_result r;
	int rc;

	for (int i = 0; i < 5; i++) {
		rc = sttape_drive_mode_sense(s->d, STTAPE_ATAPI_CAP_PAGE, true,
					     mode, page, sizeof(page), &got,
					     &r);
		session_note(s, &r);
		if (rc == 0 ||
		    !(session_is_ua(&r) || r.outcome == STTAPE_OUTCOME_BUSY))
			break;
	}
	if (rc)
		return session_errno(&r);
	if (got < 8 || (page[0] & 0x3f) != STTAPE_ATAPI_CAP_PAGE)
		return -ENODEV;
	if (page[7] & ATAPI_CAP4_BLK32K)
		*bs = 32768;
	else if (page[7] & ATAPI_CAP4_BLK1024)
		*bs = 1024;
	else if (page[7] & ATAPI_CAP4_BLK512)
		*bs = 512;
	else
		return -ENODEV;
	return 0;
}

/*
 * ATAPI tapes (QIC-157) have the capabilities page 0x2A with a block
 * size in it; SCSI tapes reject the page (SPC-5: invalid field in CDB).
 * The INQUIRY version cannot tell: bridges report SCSI versions.  A
 * drive that is not ready (no medium) is asked again at mount.
 */
static void detect_atapi(struct sttape_session *s)
{
	struct sttape_mode mode;
	uint32_t bs;
	int rc;

	if (s->opt.atapi >= 0) {
		s->atapi = s->opt.atapi > 0;
		s->atapi_known = true;
		return;
	}
	rc = atapi_block_size(s, &bs, &mode);
	s->atapi = rc == 0;
	s->atapi_known = rc == 0 || rc == -EINVAL || rc == -ENODEV;
}

int sttape_session_create_drive(struct sttape_drive *d,
				const struct sttape_session_options *o,
				struct sttape_session **out, char *why,
				size_t why_len)
{
	struct sttape_session *s;
	struct sttape_result r;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		sttape_drive_close(d);
		set_why(why, why_len, "out of memory");
		return -ENOMEM;
	}
	s->d = d;
	if (o)
		s->opt = *o;
	else
		sttape_session_options_init(&s->opt);
	s->early_warning = s->opt.early_warning;
	s->buffered_mode = -1;
	s->twofm_override = -1;
	s->last_mode = -1;
	s->fileno = s->blkno = -1;
	s->compression = -1;
	do {
		rc = sttape_drive_inquiry(d, &s->inq, &r);
	} while (rc && (session_is_ua(&r) || r.outcome == STTAPE_OUTCOME_BUSY));
	if (rc) {
		set_why(why, why_len, "INQUIRY failed");
		sttape_drive_close(d);
		free(s);
		return rc;
	}
	if (s->inq.peripheral_type != 1) {
		set_why(why, why_len, "not a sequential-access device");
		sttape_drive_close(d);
		free(s);
		return -ENOTTY;
	}
	if (s->opt.quirks)
		s->quirk = sttape_quirk_match(s->opt.quirks, s->inq.vendor,
					      s->inq.product, s->inq.revision);
	load_quirks(s);
	detect_atapi(s);
	s->sense_key = s->asc = s->ascq = 0;
	s->resid = 0;
	*out = s;
	return 0;
}

int sttape_session_create(const char *device,
			  const struct sttape_session_options *o,
			  struct sttape_session **out, char *why,
			  size_t why_len)
{
	struct sttape_drive *d;
	int rc;

	*out = NULL;
	rc = sttape_drive_open(device, &d, why, why_len);
	if (rc)
		return rc;
	return sttape_session_create_drive(d, o, out, why, why_len);
}

void sttape_session_destroy(struct sttape_session *s)
{
	if (!s)
		return;
	(void)sttape_session_read_undo(s);
	if (s->is_open)
		sttape_session_close(s);
	sttape_drive_close(s->d);
	session_ahead_free(s);
	free(s);
}

struct sttape_drive *sttape_session_drive(struct sttape_session *s)
{
	return s->d;
}

bool sttape_session_is_open(const struct sttape_session *s)
{
	return s->is_open;
}

const struct sttape_result *
sttape_session_last_result(const struct sttape_session *s)
{
	return &s->last;
}

/* How long a long operation may take: the drive layer's long timeout. */
static unsigned int long_wait_ms(struct sttape_session *s)
{
	struct sttape_drive_timeouts tmo;

	sttape_drive_get_timeouts(s->d, &tmo);
	return tmo.long_ms ? tmo.long_ms : STTAPE_TMO_LONG_MS;
}

/*
 * TEST UNIT READY until ready: unit attentions (load, reset, medium
 * change) are absorbed, "becoming ready" is waited for up to max_ms
 * (as long as a long operation may take when one is still running).
 * *ua tells whether a unit attention was seen.  The caller's cancel
 * hook ends the wait with -EINTR and leaves the drive marked busy.
 */
static int tur_ready(struct sttape_session *s, unsigned int max_ms, bool *ua)
{
	unsigned int waited = 0, poll = s->opt.ready_poll_ms, nap = 50;
	struct sttape_result r;
	int rc;

	if (!poll)
		poll = 1;
	/* Our own operation, still running: wait even for O_NONBLOCK. */
	if (s->busy)
		max_ms = long_wait_ms(s);
	for (int uas = 0;;) {
		rc = sttape_drive_test_unit_ready(s->d, &r);
		session_note(s, &r);
		if (rc == 0) {
			s->busy = false;
			s->medium_present = true;
			return 0;
		}
		if (session_is_ua(&r) && uas++ < 8) {
			if (ua)
				*ua = true;
			continue;
		}
		/* 04/01 becoming ready, 04/07 operation in progress. */
		if ((r.outcome == STTAPE_OUTCOME_BECOMING_READY ||
		     r.outcome == STTAPE_OUTCOME_BUSY) &&
		    waited < max_ms) {
			/*
			 * Short naps first (most operations end within
			 * seconds), doubling up to the poll interval.
			 */
			nap = nap < poll ? nap : poll;
			if (session_nap(s, nap)) {
				s->busy = true;
				return -EINTR;
			}
			waited += nap;
			nap = nap < poll / 2 ? nap * 2 : poll;
			continue;
		}
		s->busy = false;
		if (r.outcome == STTAPE_OUTCOME_NO_MEDIUM) {
			s->medium_present = false;
			return -ENOMEDIUM;
		}
		return session_errno(&r);
	}
}

/*
 * After an operation sent with IMMED=1 (rewind, load, unload, erase,
 * locate): poll until the drive is ready, for as long as the drive
 * layer would wait for the operation itself (its long timeout, 4 h by
 * default).  The operation's own failure comes as deferred sense to a
 * TEST UNIT READY (SPC-5 4.4.4): -EIO, position unknown.  -EINTR when
 * the caller cancelled: the drive stays marked busy.
 */
int session_wait_long(struct sttape_session *s)
{
	int rc;

	s->busy = true;
	rc = tur_ready(s, long_wait_ms(s), NULL);
	if (rc && rc != -EINTR)
		s->fileno = s->blkno = -1;
	return rc;
}

/* LOAD, or REWIND for drives that cannot load (IGNORE_LOADS). */
static int mount_load(struct sttape_session *s)
{
	struct sttape_result r;
	int rc;

	/* IMMED: the TEST UNIT READY below waits, and can be cancelled. */
	if (s->quirks & STTAPE_QUIRK_IGNORE_LOADS)
		rc = sttape_drive_rewind(s->d, true, &r);
	else
		rc = sttape_drive_load(s->d, true, false, true, &r);
	session_note(s, &r);
	/* A drive without LOAD UNLOAD, or a UA from the load: go on. */
	if (rc &&
	    (r.outcome == STTAPE_OUTCOME_UNSUPPORTED ||
	     r.outcome == STTAPE_OUTCOME_ILLEGAL_REQUEST || session_is_ua(&r)))
		rc = 0;
	if (rc)
		return session_errno(&r);
	return tur_ready(s, s->opt.ready_wait_s * 1000u, NULL);
}

/* READ BLOCK LIMITS (not ATAPI: QIC-157 has no such command). */
static int mount_block_limits(struct sttape_session *s)
{
	struct sttape_block_limits bl;
	struct sttape_result r;
	unsigned int waited = 0;
	int rc;

	s->blkmin = s->blkmax = 0;
	do {
		rc = sttape_drive_read_block_limits(s->d, &bl, &r);
		session_note(s, &r);
	} while (rc && session_retry(s, &r, &waited, true));
	if (rc && r.outcome != STTAPE_OUTCOME_UNSUPPORTED)
		return session_errno(&r);
	if (rc == 0) {
		s->blkmin = bl.min_length;
		s->blkmax = bl.max_length;
	}
	return 0;
}

/* MODE SENSE: medium block size and density, write protect, buffering. */
static int mount_mode_sense(struct sttape_session *s)
{
	struct sttape_mode mode;
	struct sttape_result r;
	unsigned int waited = 0;
	uint8_t page0[STTAPE_QUIRK_MAX_PAGE0];
	size_t got = 0;
	int rc;

	if (s->atapi) {
		uint32_t bs = 0;

		rc = atapi_block_size(s, &bs, &mode);
		if (rc)
			return rc;
		s->media_blksize = bs;
		s->media_density = 0;
		s->blkmin = s->blkmax = bs;
		s->readonly = mode.write_protected;
		return 0;
	}
	do {
		rc = sttape_drive_mode_sense(s->d, 0, false, &mode, page0,
					     sizeof(page0), &got, &r);
		session_note(s, &r);
	} while (rc && session_retry(s, &r, &waited, true));
	if (rc)
		return session_errno(&r);
	s->media_blksize = mode.has_descriptor ? mode.block_length : 0;
	s->media_density = mode.has_descriptor ? mode.density : 0;
	s->readonly = mode.write_protected;
	/* Vendor page 0 bytes the quirk entry says to send back. */
	s->page0_len = 0;
	if (s->quirk && s->quirk->page0_size) {
		s->page0_len =
			got < s->quirk->page0_size ? got : s->quirk->page0_size;
		memcpy(s->page0, page0, s->page0_len);
	}
	return 0;
}

static bool density_variable(uint8_t d)
{
	return d == STTAPE_DENSITY_HALFINCH_800 ||
	       d == STTAPE_DENSITY_HALFINCH_1600 ||
	       d == STTAPE_DENSITY_HALFINCH_6250 || d == STTAPE_DENSITY_DDS;
}

/*
 * NetBSD st_decide_mode: equal block limits force fixed blocks; 9-track
 * and DDS densities are variable; QIC densities are fixed at the medium's
 * block size (512 when it has none); anything else is variable.
 */
static uint32_t decide_blksize(struct sttape_session *s)
{
	if (s->blkmin && s->blkmin == s->blkmax)
		return s->blkmin;
	if (density_variable(s->density))
		return 0;
	if (sttape_quirk_density_is_qic(s->density))
		return s->media_blksize ? s->media_blksize
					: STTAPE_DEF_FIXED_BSIZE;
	return 0;
}

/* One or two filemarks end the data: MTTWOFM, else quirk, else density. */
bool session_decide_two_fm(const struct sttape_session *s)
{
	if (s->twofm_override >= 0)
		return s->twofm_override > 0;
	return sttape_quirk_eod_filemarks(s->quirk, s->density) == 2;
}

/* MODE SELECT of the session's block size, density and buffered mode. */
int session_mode_select(struct sttape_session *s)
{
	struct sttape_mode mode;
	struct sttape_result r;
	unsigned int waited = 0;
	int rc;

	if (s->quirks & STTAPE_QUIRK_UNIMODAL)
		return 0;
	memset(&mode, 0, sizeof(mode));
	if (s->dontbuffer)
		mode.buffered_mode = 0;
	else
		mode.buffered_mode =
			s->buffered_mode >= 0 ? (uint8_t)s->buffered_mode : 1;
	mode.has_descriptor = true;
	mode.density = s->density;
	mode.block_length = s->blksize;
	do {
		rc = sttape_drive_mode_select(s->d, &mode,
					      s->page0_len ? s->page0 : NULL,
					      s->page0_len, &r);
		session_note(s, &r);
	} while (rc && session_retry(s, &r, &waited, true));
	return rc ? session_errno(&r) : 0;
}

/*
 * SENSE_HELP drives give a good MODE SENSE only after a read: try one
 * block at 1024 and 512 bytes, then a variable read, until a read goes
 * through without a wrong-length indication (NetBSD st_touch_tape).
 */
static void mount_touch_tape(struct sttape_session *s)
{
	static const uint32_t sizes[] = {1024, 512, 0};
	uint8_t *buf = malloc(1024);
	struct sttape_result r;

	if (!buf)
		return;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		enum sttape_outcome o;
		int rc;

		s->blksize = sizes[i];
		if (session_mode_select(s))
			continue;
		rc = sttape_drive_read(s->d, buf, sizes[i] ? sizes[i] : 1,
				       sizes[i], false, &r);
		session_note(s, &r);
		o = r.outcome;
		sttape_drive_rewind(s->d, s->atapi, &r);
		session_note(s, &r);
		if (rc == 0 && o != STTAPE_OUTCOME_ILI_LONG &&
		    o != STTAPE_OUTCOME_ILI_SHORT)
			break;
	}
	free(buf);
}

/* Compression as the mode asks, at mount; failures only get latched. */
static void mount_compression(struct sttape_session *s)
{
	int want = s->modes[s->mode].compression;

	if (want < 0 || s->atapi || (s->quirks & STTAPE_QUIRK_UNIMODAL))
		return;
	session_compression(s, want > 0);
}

/* st_mount_tape: the open sequence of a new mount session. */
int session_mount(struct sttape_session *s)
{
	struct session_mode *m = &s->modes[s->mode];
	int rc;

	s->quirks = sttape_quirk_mode_flags(s->quirk, s->mode);
	rc = mount_load(s);
	if (rc)
		return rc;
	if (!s->atapi_known)
		detect_atapi(s);
	if (s->quirks & STTAPE_QUIRK_SENSE_HELP)
		mount_touch_tape(s);
	if (!s->atapi) {
		rc = mount_block_limits(s);
		if (rc)
			return rc;
	}
	rc = mount_mode_sense(s);
	if (rc)
		return rc;
	s->density = (m->density_quirk || m->density_user) ? m->density
							   : s->media_density;
	if (m->blksize_quirk || m->blksize_user)
		s->blksize = m->blksize;
	else
		s->blksize = decide_blksize(s);
	if (s->atapi)
		s->blksize = s->media_blksize;
	s->two_fm = session_decide_two_fm(s);
	rc = session_mode_select(s);
	if (rc && !s->atapi)
		return rc;
	s->compression = -1; /* per mount: the new medium's is unknown */
	mount_compression(s);
	s->mounted = true;
	s->last_mode = (int)s->mode;
	s->written = s->fm_written = false;
	session_clear_per_action(s);
	s->pos_lost = s->at_eod = s->eot = false;
	s->fileno = s->blkno = 0;
	return 0;
}

/*
 * PREVENT/ALLOW MEDIUM REMOVAL around a mount; a failure is not an error
 * of the operation, but a unit attention it meets counts as any other.
 */
void session_prevent_allow(struct sttape_session *s, bool prevent)
{
	struct sttape_result r;

	if (s->quirks & STTAPE_QUIRK_NOPREVENT)
		return;
	sttape_drive_prevent_allow(s->d, prevent, &r);
	session_note(s, &r);
}

/*
 * st_unmount: write what is owed (unless the medium may have been
 * changed under us), rewind, and for an eject allow removal and unload.
 */
int session_unmount(struct sttape_session *s, bool eject)
{
	struct sttape_result r;
	int rc = 0, rc2, n;

	rc = session_wait_busy(s);
	if (rc)
		return rc;
	if (s->mounted && !s->pos_lost)
		rc = session_check_eod(s, false, &n);
	session_clear_per_action(s);
	rc2 = sttape_drive_rewind(s->d, true, &r);
	session_note(s, &r);
	if (rc2 == 0)
		rc2 = session_wait_long(s);
	if (rc2 == -EINTR) {
		/* Cancelled: the rewind goes on to BOT; nothing more sent. */
		s->fileno = s->blkno = 0;
		s->mounted = false;
		s->written = s->fm_written = false;
		s->pos_lost = s->at_eod = s->eot = false;
		return -EINTR;
	}
	if (rc2 == 0 && s->mounted && !s->atapi && s->density) {
		/* Back to the default density (NetBSD, SCSI-2 9.3.3 note). */
		s->density = 0;
		session_mode_select(s);
	}
	if (eject) {
		session_prevent_allow(s, false);
		rc2 = sttape_drive_load(s->d, false, false, true, &r);
		session_note(s, &r);
		if (rc2 == 0)
			s->medium_present = false;
		if (rc2 == 0 && session_wait_long(s) == -EINTR)
			rc = -EINTR; /* the unload goes on */
		s->fileno = s->blkno = -1;
	} else {
		s->fileno = rc2 ? -1 : 0;
		s->blkno = rc2 ? -1 : 0;
	}
	s->mounted = false;
	s->written = s->fm_written = false;
	s->pos_lost = s->at_eod = s->eot = false;
	return rc;
}

int sttape_session_open(struct sttape_session *s, unsigned int mode,
			enum sttape_submode submode, enum sttape_access access,
			unsigned int flags)
{
	bool ua = false, lenient;
	int rc;

	if (s->is_open)
		return -EBUSY;
	(void)sttape_session_read_undo(s);
	if (mode >= STTAPE_SESSION_MODES || (unsigned int)submode > 3 ||
	    (unsigned int)access > STTAPE_ACCESS_RDWR ||
	    (flags & ~(unsigned int)STTAPE_OPEN_NONBLOCK))
		return -EINVAL;
	s->sense_key = s->asc = s->ascq = 0;
	s->resid = 0;
	s->mode = mode;
	s->submode = submode;
	s->access = access;
	s->nonblock = flags & STTAPE_OPEN_NONBLOCK;
	lenient = submode == STTAPE_SUBMODE_CONTROL || s->nonblock;
	rc = tur_ready(s, s->nonblock ? 0 : s->opt.ready_wait_s * 1000u, &ua);
	if (ua && s->mounted) {
		/* Medium changed or drive reset while no node was open. */
		session_lose_position(s);
		s->mounted = false;
	}
	if (rc && s->last.outcome == STTAPE_OUTCOME_NOT_READY && !s->mounted)
		rc = 0; /* loaded but not ready (04/02): LOAD will do */
	if (rc) {
		s->mounted = false;
		if (!lenient)
			return rc;
		s->is_open = true;
		return 0;
	}
	if (s->mounted && (s->last_mode != (int)mode || s->pos_lost))
		session_unmount(s, false);
	if (!s->mounted) {
		rc = session_mount(s);
		if (rc) {
			s->mounted = false;
			if (!lenient)
				return rc;
			s->is_open = true;
			return 0;
		}
	}
	session_prevent_allow(s, true);
	s->is_open = true;
	return 0;
}

/*
 * stclose: owed filemarks, then the sub-mode's action.  A no-rewind
 * close after writing in two-filemark mode steps back over the second
 * mark; a fixed-mode filemark met but not yet reported is stepped back
 * over so the next process reads it.
 */
int sttape_session_close(struct sttape_session *s)
{
	bool owed, wr;
	int rc = 0, n = 0;

	if (!s->is_open)
		return -ENODEV;
	(void)sttape_session_read_undo(s);
	wr = s->access != STTAPE_ACCESS_READ;
	owed = s->mounted && !s->pos_lost && s->written && !s->fm_written;
	if (owed && wr)
		rc = session_check_eod(s, false, &n);
	/* An eject's unmount allows removal itself, before the unload. */
	if (s->mounted && s->submode != STTAPE_SUBMODE_EJECT)
		session_prevent_allow(s, false);
	switch (s->submode) {
	case STTAPE_SUBMODE_REWIND:
		if (s->mounted) {
			int rc2 = session_unmount(s, false);
			rc = rc ? rc : rc2;
		}
		break;
	case STTAPE_SUBMODE_EJECT:
		if (s->mounted || s->medium_present) {
			int rc2 = session_unmount(s, true);
			rc = rc ? rc : rc2;
		}
		break;
	default:
		if (!s->mounted || s->pos_lost)
			break;
		if (rc == 0 && owed && wr && s->two_fm && n == 2) {
			int64_t f = s->fileno;

			rc = session_space(s, STTAPE_SPACE_FILEMARKS, -1);
			if (rc == 0 && f >= 0) {
				s->fileno = f - 1;
				s->blkno = 0;
			}
		} else if (s->at_filemark) {
			rc = session_settle(s);
		}
		break;
	}
	session_clear_per_action(s);
	s->is_open = false;
	return rc;
}

static void fill_status(struct sttape_session *s, struct sttape_status *st)
{
	memset(st, 0, sizeof(*st));
	st->open = s->is_open;
	st->mounted = s->mounted;
	st->mode = s->mode;
	st->submode = s->submode;
	st->atapi = s->atapi;
	st->block_size = s->blksize;
	st->density = s->density;
	st->block_min = s->blkmin;
	st->block_max = s->blkmax;
	for (unsigned int m = 0; m < STTAPE_SESSION_MODES; m++) {
		const struct session_mode *sm = &s->modes[m];

		st->modes[m].block_size = sm->blksize;
		st->modes[m].density = sm->density;
		st->modes[m].block_size_set =
			sm->blksize_quirk || sm->blksize_user;
		st->modes[m].density_set =
			sm->density_quirk || sm->density_user;
		st->modes[m].compression = sm->compression;
	}
	st->file = s->mounted ? s->fileno : -1;
	st->block = s->mounted ? s->blkno : -1;
	st->sense_key = s->sense_key;
	st->asc = s->asc;
	st->ascq = s->ascq;
	st->residue = s->resid;
	st->recovered_errors = s->recovered;
	st->bot = s->mounted && s->fileno == 0 && s->blkno == 0;
	/* Block 0 of any file but the first: just past a filemark, even
	 * when the file number itself is unknown (-1). */
	st->eof = s->mounted && s->fileno != 0 && s->blkno == 0;
	st->eot = s->mounted && (s->eot || s->eom_pending);
	st->eod = s->mounted && s->at_eod;
	st->write_protected = s->mounted && s->readonly;
	st->online = s->mounted && !s->pos_lost;
	st->door_open = !s->mounted && !s->medium_present;
	st->buffered_mode = s->dontbuffer	    ? 0
			    : s->buffered_mode >= 0 ? (uint8_t)s->buffered_mode
						    : 1;
	st->immediate_report = st->buffered_mode != 0;
	st->early_warning = s->early_warning;
	st->compression = s->compression;
	st->two_filemarks = s->mounted ? s->two_fm : session_decide_two_fm(s);
	st->position_lost = s->pos_lost;
	memcpy(st->vendor, s->inq.vendor, sizeof(st->vendor));
	memcpy(st->product, s->inq.product, sizeof(st->product));
	memcpy(st->revision, s->inq.revision, sizeof(st->revision));
}

int sttape_session_peek_status(struct sttape_session *s,
			       struct sttape_status *st)
{
	fill_status(s, st);
	return 0;
}

/* MTIOCGET: report, then unlatch the error status and residue. */
int sttape_session_status(struct sttape_session *s, struct sttape_status *st)
{
	int rc;

	(void)sttape_session_read_undo(s);
	rc = session_refresh_wp(s);
	if (rc)
		return rc;
	fill_status(s, st);
	s->sense_key = s->asc = s->ascq = 0;
	s->resid = 0;
	s->recovered = 0;
	return 0;
}
