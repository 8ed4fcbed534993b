/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session_io.c - read and write with tape record semantics (NetBSD st
 * ststart/stdone/st_interpret_sense; sttape(4) BLOCKING MODES and EOM
 * HANDLING).
 */
#include <errno.h>
#include <stdint.h>

#include "session_priv.h"

/* Common gate of read and write: an open, mounted, valid session. */
static int io_check(struct sttape_session *s, bool writing, size_t len)
{
	if (!s->is_open)
		return -EBADF;
	if (writing && s->access == STTAPE_ACCESS_READ)
		return -EBADF;
	if (!writing && s->access == STTAPE_ACCESS_WRITE)
		return -EBADF;
	if (!s->mounted || s->pos_lost)
		return -EIO;
	if (s->busy) {
		int rc = session_wait_busy(s);

		if (rc)
			return rc;
	}
	if (s->blksize) {
		if (len % s->blksize || len / s->blksize > STTAPE_MAX_COUNT24)
			return -EINVAL;
	} else if (writing && len &&
		   (len > STTAPE_MAX_COUNT24 ||
		    (s->blkmax && len > s->blkmax) || len < s->blkmin)) {
		/* One record outside what the drive can write. */
		return -EINVAL;
	}
	return 0;
}

/*
 * Largest transfer of one command: the caller's record limit and the
 * transport's, whichever is smaller; 0 when neither is known.
 */
static size_t io_limit(struct sttape_session *s)
{
	struct sttape_transport *t = sttape_drive_transport(s->d);
	size_t a = s->opt.max_record, b = t ? t->max_transfer : 0;

	if (!a || (b && b < a))
		return b;
	return a;
}

static void add_blocks(struct sttape_session *s, int64_t n)
{
	if (s->blkno >= 0)
		s->blkno += n;
}

static void crossed_filemark(struct sttape_session *s)
{
	if (s->fileno >= 0)
		s->fileno++;
	s->blkno = 0;
}

/*
 * End of data while reading.  On one-filemark media the first blank
 * check is the phantom filemark (an end-of-file read); NetBSD then
 * forgets the position.  Every read at end of data returns 0 bytes.
 */
static ssize_t read_eod(struct sttape_session *s)
{
	s->at_eod = true;
	if (!s->two_fm && !s->blank_read) {
		s->blank_read = true;
		s->fileno = s->blkno = -1;
	}
	return 0;
}

static ssize_t read_variable(struct sttape_session *s, void *buf, size_t len)
{
	struct sttape_result r;
	unsigned int waited = 0;
	int rc;

	do {
		rc = sttape_drive_read(s->d, buf, len, 0, false, &r);
		session_note(s, &r);
	} while (rc && session_retry(s, &r, &waited, false));
	if (rc)
		return session_fail(s, &r);
	switch (r.outcome) {
	case STTAPE_OUTCOME_FILEMARK:
		crossed_filemark(s);
		return 0;
	case STTAPE_OUTCOME_END_OF_DATA:
		return read_eod(s);
	case STTAPE_OUTCOME_ILI_LONG:
		/* Linux st: the record is lost, the head is after it. */
		add_blocks(s, 1);
		return -ENOMEM;
	default:
		add_blocks(s, 1);
		return (ssize_t)r.transferred;
	}
}

static ssize_t read_fixed(struct sttape_session *s, void *buf, size_t len)
{
	struct sttape_result r;
	unsigned int waited = 0;
	size_t got;
	int rc;

	if (s->at_filemark) {
		/* The filemark met by the previous read: report it now. */
		s->at_filemark = false;
		crossed_filemark(s);
		return 0;
	}
	do {
		rc = sttape_drive_read(s->d, buf, len, s->blksize, false, &r);
		session_note(s, &r);
	} while (rc && session_retry(s, &r, &waited, false));
	if (rc)
		return session_fail(s, &r);
	got = r.transferred > len ? len : r.transferred;
	got -= got % s->blksize;
	add_blocks(s, (int64_t)(got / s->blksize));
	switch (r.outcome) {
	case STTAPE_OUTCOME_FILEMARK:
		if (got == 0) {
			crossed_filemark(s);
			return 0;
		}
		s->at_filemark = true;
		return (ssize_t)got;
	case STTAPE_OUTCOME_END_OF_DATA:
		if (got)
			return (ssize_t)got;
		return read_eod(s);
	case STTAPE_OUTCOME_ILI_LONG:
	case STTAPE_OUTCOME_ILI_SHORT:
		/* A record of another size than the block size. */
		s->fileno = s->blkno = -1;
		return -EIO;
	default:
		return (ssize_t)got;
	}
}

/*
 * Fixed mode, longer than one command may carry: several READs, up to a
 * filemark, the end of data or an error.  An error after some data is
 * kept for the next call (NetBSD ST_EIO_PENDING).
 */
static ssize_t read_split(struct sttape_session *s, uint8_t *buf, size_t len,
			  size_t chunk)
{
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < chunk ? len - done : chunk;
		ssize_t got = read_fixed(s, buf + done, n);

		if (got < 0) {
			if (!done)
				return got;
			s->eio_pending = true;
			break;
		}
		done += (size_t)got;
		if ((size_t)got < n || s->at_filemark)
			break;
	}
	return (ssize_t)done;
}

ssize_t sttape_session_read(struct sttape_session *s, void *buf, size_t len)
{
	(void)sttape_session_read_undo(s);
	return session_read(s, buf, len);
}

ssize_t session_read(struct sttape_session *s, void *buf, size_t len)
{
	size_t limit;
	int rc;

	rc = io_check(s, false, len);
	if (rc)
		return rc;
	if (len == 0)
		return 0;
	if (s->eio_pending) {
		s->eio_pending = false;
		return -EIO;
	}
	/* A read means the data written so far is complete (ST_WRITTEN). */
	s->written = false;
	s->eom_pending = false;
	if (!s->at_filemark)
		s->at_eod = false;
	limit = io_limit(s);
	if (s->blksize && limit && len > limit && limit >= s->blksize)
		return read_split(s, buf, len, limit - limit % s->blksize);
	if (s->blksize)
		return read_fixed(s, buf, len);
	/* A larger buffer is fine, but never ask for more than a record
	 * can be: a longer one could not come through (ENOMEM then). */
	if (limit && len > limit)
		len = limit;
	if (s->blkmax && len > s->blkmax)
		len = s->blkmax;
	if (len > STTAPE_MAX_COUNT24)
		len = STTAPE_MAX_COUNT24;
	return read_variable(s, buf, len);
}

/*
 * A write that met the end of medium.  Early warning on: note it and
 * return what was written (the next write returns 0 and clears the
 * note).  Off: EIO, as the seed says, although the data may be down.
 */
static ssize_t write_eom(struct sttape_session *s,
			 const struct sttape_result *r, size_t len)
{
	size_t done = r->transferred > len ? len : r->transferred;

	if (s->blksize) {
		done -= done % s->blksize;
		add_blocks(s, (int64_t)(done / s->blksize));
	} else if (done) {
		add_blocks(s, 1);
	}
	s->eot = true;
	if (!s->early_warning)
		return -EIO;
	s->eom_pending = true;
	return (ssize_t)done;
}

/* One WRITE command of len bytes (one record, or whole blocks). */
static ssize_t write_once(struct sttape_session *s, const void *buf, size_t len)
{
	struct sttape_result r;
	unsigned int waited = 0;
	int rc;

	do {
		rc = sttape_drive_write(s->d, buf, len, s->blksize, &r);
		session_note(s, &r);
	} while (rc && session_retry(s, &r, &waited, false));
	s->written = true;
	if (rc) {
		if (r.outcome == STTAPE_OUTCOME_VOLUME_OVERFLOW) {
			s->eot = true;
			return -EIO;
		}
		if (r.outcome == STTAPE_OUTCOME_EARLY_WARNING &&
		    !(r.has_sense && r.sense.deferred))
			return write_eom(s, &r, len);
		return session_fail(s, &r);
	}
	if (r.outcome == STTAPE_OUTCOME_EARLY_WARNING)
		return write_eom(s, &r, len);
	add_blocks(s, s->blksize ? (int64_t)(len / s->blksize) : 1);
	return (ssize_t)len;
}

/*
 * Fixed mode: a transfer longer than one command may carry is split
 * into several (as NetBSD's physio does); the call returns what was
 * written before a short or failed command, the error when nothing was.
 */
static ssize_t write_split(struct sttape_session *s, const uint8_t *buf,
			   size_t len, size_t chunk)
{
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < chunk ? len - done : chunk;
		ssize_t got = write_once(s, buf + done, n);

		if (got < 0)
			return done ? (ssize_t)done : got;
		done += (size_t)got;
		if ((size_t)got < n || s->eom_pending)
			break;
	}
	return (ssize_t)done;
}

ssize_t sttape_session_write(struct sttape_session *s, const void *buf,
			     size_t len)
{
	size_t limit = io_limit(s);
	int rc;

	(void)sttape_session_read_undo(s);
	rc = io_check(s, true, len);
	if (rc)
		return rc;
	if (len == 0)
		return 0;
	/* One record longer than one command carries: refused before any
	 * state changes (an owed-filemark note must survive it). */
	if (limit && len > limit && (!s->blksize || limit < s->blksize))
		return -EINVAL;
	if (s->eom_pending) {
		/* The UNIX end-of-file indication after early warning. */
		s->eom_pending = false;
		return 0;
	}
	if (s->eio_pending) {
		s->eio_pending = false;
		return -EIO;
	}
	if (s->at_filemark) {
		rc = session_settle(s);
		if (rc)
			return rc;
	}
	if (s->readonly)
		return -EROFS;
	s->fm_written = false;
	s->blank_read = false;
	s->at_eod = false;
	if (limit && len > limit)
		return write_split(s, buf, len, limit - limit % s->blksize);
	return write_once(s, buf, len);
}
