/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session_ops.c - MTIOCTOP operations, filemark bookkeeping and
 * positioning (NetBSD st: stioctl, st_write_filemarks, st_check_eod,
 * st_space, st_rewind, st_load, st_erase, st_rdpos, st_setpos,
 * st_scsibus_cmprss; sttape(4) FILE MARK HANDLING and IOCTLS).
 */
#include <errno.h>
#include <string.h>

#include "session_priv.h"

/* Data Compression page (SSC-4 8.3.2) and Device Configuration (8.3.3). */
#define PAGE_DATA_COMPRESSION	 0x0f
#define DCP_DCE			 0x80
#define PAGE_DEVICE_CONFIG	 0x10
#define DCONF_SELECT_COMPRESSION 14

/* Forget the per-action flags (NetBSD ST_PER_ACTION). */
void session_clear_per_action(struct sttape_session *s)
{
	s->at_filemark = s->eio_pending = false;
	s->eom_pending = s->blank_read = false;
}

/* Motion or I/O needs a mounted medium whose position we trust. */
static int need_position(struct sttape_session *s)
{
	if (!s->mounted)
		return -EIO;
	if (s->pos_lost)
		return -EIO;
	return 0;
}

/*
 * st_write_filemarks: n filemarks (0: flush the drive's buffer).  One
 * mark after data counts as the end of the file (FM_WRITTEN); a second
 * single mark, or two at once, completes the end of data.
 */
int session_write_filemarks(struct sttape_session *s, int64_t n, bool immed)
{
	struct sttape_result r;
	uint32_t count;
	int rc;

	if (n < 0 || n > STTAPE_MAX_COUNT24)
		return -EINVAL;
	rc = need_position(s);
	if (rc)
		return rc;
	if (s->at_filemark) {
		rc = session_settle(s);
		if (rc)
			return rc;
	}
	if (s->readonly && n)
		return -EROFS;
	count = (s->quirks & STTAPE_QUIRK_NOFILEMARKS) ? 0 : (uint32_t)n;
	rc = sttape_drive_write_filemarks(s->d, count, immed || s->atapi, &r);
	session_note(s, &r);
	if (rc && r.outcome != STTAPE_OUTCOME_EARLY_WARNING)
		return session_fail(s, &r);
	if (r.outcome == STTAPE_OUTCOME_EARLY_WARNING)
		s->eot = true;
	if (n == 0)
		return 0;
	if (n == 1) {
		if (s->fm_written)
			s->written = false;
		else
			s->fm_written = true;
	} else {
		s->written = false;
	}
	session_clear_per_action(s);
	s->at_eod = false;
	if (s->fileno >= 0)
		s->fileno += n;
	s->blkno = 0;
	return 0;
}

/*
 * st_check_eod: filemarks owed after writing.  Data not yet closed by a
 * mark gets one (one-filemark media) or two; data closed by one mark
 * gets the second on two-filemark media.  With position, step back over
 * them so that the head is where the caller left it.
 */
int session_check_eod(struct sttape_session *s, bool position, int *nmarks)
{
	int64_t f = s->fileno, b = s->blkno;
	int n = 0, rc;

	*nmarks = 0;
	if (!s->mounted || s->pos_lost || !s->written)
		return 0;
	if (!s->fm_written)
		n = s->two_fm ? 2 : 1;
	else if (s->two_fm)
		n = 1;
	if (n == 0)
		return 0;
	rc = session_write_filemarks(s, n, false);
	if (rc)
		return rc;
	*nmarks = n;
	if (!position)
		return 0;
	rc = session_space(s, STTAPE_SPACE_FILEMARKS, -n);
	if (rc == 0) {
		/* Back where the data ended: the counters are known. */
		s->fileno = f;
		s->blkno = b;
	}
	return rc;
}

/* Position counters after a SPACE that moved `done` units. */
static void space_counters(struct sttape_session *s,
			   enum sttape_space_code code, int64_t done)
{
	if (code == STTAPE_SPACE_END_OF_DATA) {
		s->fileno = s->blkno = -1;
		return;
	}
	if (code == STTAPE_SPACE_BLOCKS) {
		if (s->blkno >= 0)
			s->blkno += done;
		if (s->blkno < -1)
			s->blkno = -1;
		return;
	}
	if (s->fileno >= 0)
		s->fileno += done;
	s->blkno = done > 0 ? 0 : -1;
}

/*
 * One SPACE command.  Reaching a filemark while spacing records, end of
 * data, or the beginning of the medium ends the operation early with
 * EIO (Linux st), the counters following the drive's residue.  SPACE
 * has no IMMED bit (SSC-4 6.6, 7.12), and the residue only comes with
 * the command's own status: spacing is synchronous and not cancelled.
 */
int session_space(struct sttape_session *s, enum sttape_space_code code,
		  int64_t n)
{
	struct sttape_result r;
	int64_t done;
	int rc;

	if (n == 0 && code != STTAPE_SPACE_END_OF_DATA)
		return 0;
	rc = sttape_drive_space(s->d, code, n, &r);
	session_note(s, &r);
	s->at_eod = false;
	if (rc == 0 && r.outcome == STTAPE_OUTCOME_OK) {
		space_counters(s, code, n);
		if (code == STTAPE_SPACE_END_OF_DATA)
			s->at_eod = true;
		return 0;
	}
	if (session_is_ua(&r) || r.transport_err || !r.has_sense ||
	    (r.has_sense && r.sense.deferred))
		return session_fail(s, &r);
	done = n - (r.sense.info_valid ? r.residue : n);
	switch (r.outcome) {
	case STTAPE_OUTCOME_FILEMARK:
		/* Records spaced up to a mark: the head is past it. */
		space_counters(s, code, done);
		if (n > 0) {
			if (s->fileno >= 0)
				s->fileno++;
			s->blkno = 0;
		} else {
			if (s->fileno >= 0)
				s->fileno--;
			s->blkno = -1;
		}
		return -EIO;
	case STTAPE_OUTCOME_END_OF_DATA:
		space_counters(s, code, done);
		/* No residue (tgt): how many marks were passed is unknown. */
		if (!r.sense.info_valid)
			s->fileno = -1;
		s->blkno = -1;
		s->at_eod = true;
		return -EIO;
	case STTAPE_OUTCOME_BOP:
		s->fileno = s->blkno = 0;
		return -EIO;
	case STTAPE_OUTCOME_EARLY_WARNING:
	case STTAPE_OUTCOME_RECOVERED:
		space_counters(s, code, n);
		return 0;
	default:
		return session_fail(s, &r);
	}
}

/*
 * Fixed mode: a read stopped at a filemark that is not reported yet.
 * The head is past it; step back so it is before it, where the caller
 * believes the head to be.
 */
int session_settle(struct sttape_session *s)
{
	struct sttape_result r;
	int rc;

	if (!s->at_filemark)
		return 0;
	s->at_filemark = false;
	rc = sttape_drive_space(s->d, STTAPE_SPACE_FILEMARKS, -1, &r);
	session_note(s, &r);
	if (rc)
		return session_fail(s, &r);
	return 0;
}

/* st_rewind: owed filemarks, REWIND; a rewind ends a lost position. */
int session_rewind(struct sttape_session *s)
{
	struct sttape_result r;
	int rc, n;

	if (!s->mounted)
		return -EIO;
	if (s->pos_lost) {
		/* Remount: the medium may be another one. */
		s->mounted = false;
		rc = session_mount(s);
		if (rc == 0)
			session_prevent_allow(s, true);
		return rc;
	}
	rc = session_check_eod(s, false, &n);
	if (rc)
		return rc;
	session_clear_per_action(s);
	rc = sttape_drive_rewind(s->d, true, &r);
	session_note(s, &r);
	if (rc)
		return session_fail(s, &r);
	/*
	 * Accepted: the head ends at BOT, also when the caller stops
	 * waiting (-EINTR); a failure comes as deferred sense (-EIO).
	 */
	s->fileno = s->blkno = 0;
	s->at_eod = s->eot = false;
	return session_wait_long(s);
}

/*
 * MTCMPRESS: DCE in the Data Compression page, or, when the drive has
 * none, SELECT DATA COMPRESSION ALGORITHM in the Device Configuration
 * page (NetBSD st_scsibus_cmprss).
 */
static int cmprss_page(struct sttape_session *s, uint8_t page, bool on)
{
	struct sttape_mode mode;
	struct sttape_result r;
	uint8_t buf[64];
	size_t got = 0;
	int rc;

	rc = sttape_drive_mode_sense(s->d, page, false, &mode, buf, sizeof(buf),
				     &got, &r);
	session_note(s, &r);
	if (rc)
		return session_errno(&r);
	if (got < 2 || (buf[0] & 0x3f) != page)
		return -EINVAL;
	if (page == PAGE_DATA_COMPRESSION) {
		if (got < 3)
			return -EINVAL;
		if (!!(buf[2] & DCP_DCE) == on)
			return 0;
		buf[2] = (uint8_t)(on ? (buf[2] | DCP_DCE)
				      : (buf[2] & ~DCP_DCE));
	} else {
		if (got <= DCONF_SELECT_COMPRESSION)
			return -EINVAL;
		if (!!buf[DCONF_SELECT_COMPRESSION] == on)
			return 0;
		buf[DCONF_SELECT_COMPRESSION] = on ? 1 : 0;
	}
	buf[0] &= 0x3f; /* PS is reserved in MODE SELECT */
	mode.has_descriptor = false;
	mode.buffered_mode = s->dontbuffer ? 0 : 1;
	mode.write_protected = false;
	rc = sttape_drive_mode_select(s->d, &mode, buf, got, &r);
	session_note(s, &r);
	return rc ? session_errno(&r) : 0;
}

int session_compression(struct sttape_session *s, bool on)
{
	int rc;

	if (s->atapi)
		return -ENODEV;
	if (s->quirks & STTAPE_QUIRK_UNIMODAL)
		return -EINVAL;
	rc = cmprss_page(s, PAGE_DATA_COMPRESSION, on);
	if (rc)
		rc = cmprss_page(s, PAGE_DEVICE_CONFIG, on);
	if (rc == 0)
		s->compression = on;
	return rc;
}

/* MTFSF, MTBSF: owed marks first, counted against the request. */
static int op_space_files(struct sttape_session *s, int64_t count)
{
	int n, rc = need_position(s);

	if (rc)
		return rc;
	rc = session_check_eod(s, false, &n);
	if (rc)
		return rc;
	if (s->at_filemark) {
		/*
		 * Fixed mode: the head is already past the pending mark.
		 * Count it in the counters; forward it is one of the marks
		 * asked for, backward one more to cross.
		 */
		s->at_filemark = false;
		if (s->fileno >= 0)
			s->fileno++;
		s->blkno = 0;
		count--;
	}
	if (s->blank_read && count < 0)
		count++; /* the phantom filemark has no tape behind it */
	session_clear_per_action(s);
	/* NetBSD: the marks just written count against the request. */
	return session_space(s, STTAPE_SPACE_FILEMARKS, count - n);
}

/* MTFSR, MTBSR: owed marks written and stepped back over first. */
static int op_space_records(struct sttape_session *s, int64_t count)
{
	int n, rc = need_position(s);

	if (rc)
		return rc;
	rc = session_check_eod(s, true, &n);
	if (rc)
		return rc;
	rc = session_settle(s);
	if (rc)
		return rc;
	session_clear_per_action(s);
	return session_space(s, STTAPE_SPACE_BLOCKS, count);
}

/* Linux MTFSFM/MTBSFM: space over count marks, end on the near side. */
static int op_space_files_mark(struct sttape_session *s, int64_t count,
			       bool forward)
{
	int rc = op_space_files(s, forward ? count : -count);

	if (rc)
		return rc;
	return session_space(s, STTAPE_SPACE_FILEMARKS, forward ? -1 : 1);
}

static int op_eom(struct sttape_session *s)
{
	int n, rc = need_position(s);

	if (rc)
		return rc;
	rc = session_check_eod(s, false, &n);
	if (rc)
		return rc;
	session_clear_per_action(s);
	return session_space(s, STTAPE_SPACE_END_OF_DATA, 0);
}

/*
 * MTOFFL / MTUNLOAD: end the mount session with an unload.  Only a
 * cancelled wait is reported (-EINTR): the unload goes on regardless.
 */
static int op_offline(struct sttape_session *s)
{
	int rc;

	if (!s->mounted && !s->medium_present)
		return 0;
	rc = session_unmount(s, true);
	if (rc != -EINTR)
		s->medium_present = false;
	return rc == -EINTR ? rc : 0;
}

/* MTLOAD: load and start a mount session if none is running. */
static int op_load(struct sttape_session *s)
{
	int rc;

	if (s->mounted) {
		rc = session_unmount(s, false);
		if (rc)
			return rc;
	}
	rc = session_mount(s);
	if (rc == 0) {
		s->medium_present = true;
		session_prevent_allow(s, true);
	}
	return rc;
}

static int op_reten(struct sttape_session *s)
{
	struct sttape_result r;
	int n, rc = need_position(s);

	if (rc)
		return rc;
	rc = session_check_eod(s, false, &n);
	if (rc)
		return rc;
	session_clear_per_action(s);
	rc = sttape_drive_load(s->d, true, true, true, &r);
	session_note(s, &r);
	if (rc)
		return session_fail(s, &r);
	s->fileno = s->blkno = 0; /* a retension ends at BOT */
	rc = session_wait_long(s);
	if (rc)
		return rc;
	rc = sttape_drive_load(s->d, true, false, true, &r);
	session_note(s, &r);
	if (rc)
		return session_fail(s, &r);
	return session_wait_long(s);
}

static int op_erase(struct sttape_session *s, int64_t count)
{
	struct sttape_result r;
	bool immed = !(s->quirks & STTAPE_QUIRK_ERASE_NOIMM);
	int rc = need_position(s);

	if (rc)
		return rc;
	if (s->readonly)
		return -EROFS;
	rc = sttape_drive_erase(s->d, count != 0, immed, &r);
	session_note(s, &r);
	if (rc)
		return session_fail(s, &r);
	session_clear_per_action(s);
	return immed ? session_wait_long(s) : 0;
}

static int op_lock(struct sttape_session *s, bool prevent)
{
	struct sttape_result r;
	int rc;

	rc = sttape_drive_prevent_allow(s->d, prevent, &r);
	session_note(s, &r);
	return rc ? session_errno(&r) : 0;
}

/*
 * Apply a new block size / density / buffering to the drive, or roll
 * back to the saved values when MODE SELECT fails.  Without a mounted
 * medium (control mode) nothing is sent: the values wait for the mount.
 */
static int commit_params(struct sttape_session *s, uint32_t old_bs,
			 uint8_t old_dens, bool old_dontbuf, int old_buf)
{
	int rc;

	if (!s->mounted)
		return 0;
	rc = session_mode_select(s);
	if (rc) {
		s->blksize = old_bs;
		s->density = old_dens;
		s->dontbuffer = old_dontbuf;
		s->buffered_mode = old_buf;
	}
	return rc;
}

static int op_setbsiz(struct sttape_session *s, int64_t count)
{
	struct session_mode *m = &s->modes[s->mode];
	uint32_t old = s->blksize;
	int rc;

	if (count < 0 || count > STTAPE_MAX_COUNT24)
		return -EINVAL;
	if (count && ((s->blkmin && count < s->blkmin) ||
		      (s->blkmax && count > s->blkmax)))
		return -EINVAL;
	if (count == 0 && s->atapi)
		return -EINVAL; /* ATAPI tapes only know fixed blocks */
	s->blksize = (uint32_t)count;
	rc = commit_params(s, old, s->density, s->dontbuffer, s->buffered_mode);
	if (rc)
		return rc;
	if (s->submode == STTAPE_SUBMODE_CONTROL) {
		m->blksize = (uint32_t)count;
		m->blksize_user = true;
	}
	return 0;
}

static int op_setdnsty(struct sttape_session *s, int64_t count)
{
	struct session_mode *m = &s->modes[s->mode];
	uint8_t old = s->density;
	int rc;

	if (count < 0 || count > 255)
		return -EINVAL;
	s->density = (uint8_t)count;
	rc = commit_params(s, s->blksize, old, s->dontbuffer, s->buffered_mode);
	if (rc)
		return rc;
	if (s->submode == STTAPE_SUBMODE_CONTROL) {
		m->density = (uint8_t)count;
		m->density_user = true;
	}
	return 0;
}

static int op_buffer(struct sttape_session *s, bool dontbuffer, int mode)
{
	bool old_dont = s->dontbuffer;
	int old_mode = s->buffered_mode;

	s->dontbuffer = dontbuffer;
	s->buffered_mode = mode;
	return commit_params(s, s->blksize, s->density, old_dont, old_mode);
}

/* Linux MT_ST_DEF_*: the open mode's defaults, from the next mount on. */
static int op_default(struct sttape_session *s, enum sttape_mtop op,
		      int64_t count)
{
	struct session_mode *m = &s->modes[s->mode];

	switch (op) {
	case STTAPE_MT_DEF_BLKSIZE:
		if (count < -1 || count > STTAPE_MAX_COUNT24)
			return -EINVAL;
		m->blksize_user = count >= 0;
		m->blksize = count >= 0 ? (uint32_t)count : 0;
		if (count < 0)
			m->blksize = 0;
		return 0;
	case STTAPE_MT_DEF_DENSITY:
		if (count < -1 || count > 255)
			return -EINVAL;
		m->density_user = count >= 0;
		m->density = count >= 0 ? (uint8_t)count : 0;
		return 0;
	default:
		if (count < -1 || count > 1)
			return -EINVAL;
		m->compression = (int)count;
		return 0;
	}
}

static int op_motion(struct sttape_session *s, enum sttape_mtop op,
		     int64_t count)
{
	switch (op) {
	case STTAPE_MT_WEOF:
	case STTAPE_MT_WEOFI:
		return session_write_filemarks(s, count, op == STTAPE_MT_WEOFI);
	case STTAPE_MT_FSF:
		return op_space_files(s, count);
	case STTAPE_MT_BSF:
		return op_space_files(s, -count);
	case STTAPE_MT_FSFM:
		return op_space_files_mark(s, count, true);
	case STTAPE_MT_BSFM:
		return op_space_files_mark(s, count, false);
	case STTAPE_MT_FSR:
		return op_space_records(s, count);
	case STTAPE_MT_BSR:
		return op_space_records(s, -count);
	case STTAPE_MT_REW:
		return session_rewind(s);
	case STTAPE_MT_RETEN:
		return op_reten(s);
	case STTAPE_MT_ERASE:
		return op_erase(s, count);
	case STTAPE_MT_EOM:
		return op_eom(s);
	case STTAPE_MT_SEEK:
		if (count < 0)
			return -EINVAL;
		return sttape_session_locate(s, false, (uint64_t)count);
	default:
		return -EINVAL;
	}
}

int sttape_session_op(struct sttape_session *s, enum sttape_mtop op,
		      int64_t count)
{
	if (!s->is_open)
		return -EBADF;
	(void)sttape_session_read_undo(s);
	if (s->busy) {
		int rc = session_wait_busy(s);

		if (rc)
			return rc;
	}
	switch (op) {
	case STTAPE_MT_NOP:
		return 0;
	case STTAPE_MT_OFFL:
	case STTAPE_MT_UNLOAD:
		return op_offline(s);
	case STTAPE_MT_LOAD:
		return op_load(s);
	case STTAPE_MT_LOCK:
	case STTAPE_MT_UNLOCK:
		return op_lock(s, op == STTAPE_MT_LOCK);
	case STTAPE_MT_CACHE:
		return op_buffer(s, false, s->buffered_mode);
	case STTAPE_MT_NOCACHE:
		return op_buffer(s, true, s->buffered_mode);
	case STTAPE_MT_SETDRVBUFFER:
		if (count < 0 || count > 7)
			return -EINVAL;
		return op_buffer(s, count == 0, (int)count);
	case STTAPE_MT_SETBSIZ:
		return op_setbsiz(s, count);
	case STTAPE_MT_SETDNSTY:
		return op_setdnsty(s, count);
	case STTAPE_MT_CMPRESS:
		return session_compression(s, count != 0);
	case STTAPE_MT_EWARN:
		s->early_warning = count != 0;
		return 0;
	case STTAPE_MT_TWOFM:
		if (count < -1 || count > 1)
			return -EINVAL;
		s->twofm_override = (int)count;
		if (s->mounted)
			s->two_fm = session_decide_two_fm(s);
		return 0;
	case STTAPE_MT_DEF_BLKSIZE:
	case STTAPE_MT_DEF_DENSITY:
	case STTAPE_MT_DEF_COMPRESSION:
		return op_default(s, op, count);
	default:
		if ((unsigned int)op >= STTAPE_MT_COUNT)
			return -EINVAL;
		return op_motion(s, op, count);
	}
}

/*
 * MTIOCRDSPOS / MTIOCRDHPOS: READ POSITION, short form.  The hardware
 * form flushes written data first (WRITE FILEMARKS 0).  A position the
 * drive does not know (BPU) is EINVAL as in NetBSD st_rdpos.
 */
int sttape_session_read_position(struct sttape_session *s, bool hardware,
				 struct sttape_position *pos)
{
	struct sttape_result r;
	int rc;

	if (!s->is_open)
		return -EBADF;
	(void)sttape_session_read_undo(s);
	if (!s->mounted)
		return -EIO;
	rc = session_wait_busy(s);
	if (rc)
		return rc;
	if (hardware && s->written) {
		rc = sttape_drive_write_filemarks(s->d, 0, false, &r);
		session_note(s, &r);
	}
	rc = sttape_drive_read_position(
		s->d, hardware ? STTAPE_RP_SHORT_BT : STTAPE_RP_SHORT, pos, &r);
	session_note(s, &r);
	if (rc) {
		if (session_is_ua(&r))
			session_lose_position(s);
		return session_errno(&r);
	}
	if (pos->bpu)
		return -EINVAL;
	return 0;
}

/*
 * LOCATE went with IMMED=1: wait for its end, then READ POSITION (SSC-4
 * 7.7) to confirm the head is at the block asked for (SSC-4 6.3, 7.4:
 * with IMMED the status only says the CDB was valid).  A failure of the locate
 * itself comes as deferred sense to the TEST UNIT READY (-EIO); a drive
 * that cannot tell its position (BPU, or no READ POSITION) is believed.
 */
static int locate_wait(struct sttape_session *s, bool hardware, uint64_t block)
{
	struct sttape_position pos;
	struct sttape_result r;
	int rc = session_wait_long(s);

	if (rc)
		return rc;
	rc = sttape_drive_read_position(
		s->d, hardware ? STTAPE_RP_SHORT_BT : STTAPE_RP_SHORT, &pos,
		&r);
	session_note(s, &r);
	if (rc)
		return session_is_ua(&r) ? -EIO : 0;
	if (pos.bpu)
		return 0;
	return pos.block == block ? 0 : -EIO;
}

/* MTIOCSLOCATE / MTIOCHLOCATE / MTSEEK: LOCATE; counters unknown. */
int sttape_session_locate(struct sttape_session *s, bool hardware,
			  uint64_t block)
{
	struct sttape_result r;
	int rc, n;

	if (!s->is_open)
		return -EBADF;
	(void)sttape_session_read_undo(s);

	rc = need_position(s);
	if (rc)
		return rc;
	/* Unlike NetBSD, end the data first, as before a rewind. */
	rc = session_check_eod(s, false, &n);
	if (rc)
		return rc;
	session_clear_per_action(s);
	rc = sttape_drive_locate(s->d, block, hardware, true, &r);
	session_note(s, &r);
	s->fileno = s->blkno = -1;
	s->at_eod = false;
	if (rc == 0)
		rc = locate_wait(s, hardware, block);
	else
		rc = session_errno(&r);
	if (rc && rc != -EINTR) {
		if (session_is_ua(&s->last))
			session_lose_position(s);
		if (s->last.outcome == STTAPE_OUTCOME_END_OF_DATA)
			s->at_eod = true;
	}
	return rc;
}
