/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session_cmd.c - what the session does with every command's result:
 * latch the sense for MTIOCGET, retry a drive that is becoming ready,
 * map outcomes to errno, and invalidate the position on unit attention.
 */
#include <errno.h>
#include <time.h>

#include "session_priv.h"

/* Longest sleep between two looks at the caller's cancel hook. */
#define SESSION_CANCEL_SLICE_MS 20

void session_sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

void sttape_session_set_cancel(struct sttape_session *s,
			       bool (*cancelled)(void *ctx), void *ctx)
{
	s->cancelled = cancelled;
	s->cancel_ctx = ctx;
}

/* Sleep ms in short slices; -EINTR as soon as the caller cancels. */
int session_nap(struct sttape_session *s, unsigned int ms)
{
	for (;;) {
		unsigned int n = ms < SESSION_CANCEL_SLICE_MS
					 ? ms
					 : SESSION_CANCEL_SLICE_MS;

		if (s->cancelled && s->cancelled(s->cancel_ctx))
			return -EINTR;
		if (!ms)
			return 0;
		session_sleep_ms(n);
		ms -= n;
	}
}

/*
 * Before a command: an operation whose wait was cancelled may still run
 * on the drive; wait for its end (session_wait_long) so that this
 * command is not answered NOT READY 04/07.
 */
int session_wait_busy(struct sttape_session *s)
{
	if (!s->busy)
		return 0;
	return session_wait_long(s);
}

/*
 * Latch the sense of a command as NetBSD st_interpret_sense does:
 * sense key, asc/ascq and INFORMATION stay until MTIOCGET or open.
 * Recovered errors are counted (Linux mt_erreg).
 */
void session_note(struct sttape_session *s, const struct sttape_result *r)
{
	s->last = *r;
	/* Any command may be the one to see a medium change or reset. */
	if (s->mounted && session_is_ua(r))
		session_lose_position(s);
	if (!r->has_sense || !r->sense.usable)
		return;
	s->sense_key = r->sense.key;
	s->asc = r->sense.asc;
	s->ascq = r->sense.ascq;
	s->resid = r->residue;
	if (r->sense.key == STTAPE_SK_RECOVERED_ERROR)
		s->recovered++;
}

bool session_is_ua(const struct sttape_result *r)
{
	switch (r->outcome) {
	case STTAPE_OUTCOME_MEDIUM_CHANGED:
	case STTAPE_OUTCOME_RESET:
	case STTAPE_OUTCOME_UNIT_ATTENTION:
		return true;
	default:
		return false;
	}
}

/*
 * Whether to send the same command again: the drive is becoming ready
 * (NOT READY 04/01, NetBSD retries every second) or busy, within the
 * open's wait budget; an aborted command only when it is idempotent
 * (NetBSD ST_RETRIES for non-I/O commands), and so a unit attention met
 * while mounting.  Deferred errors are never
 * retried: they report an earlier command's failure.
 */
bool session_retry(struct sttape_session *s, const struct sttape_result *r,
		   unsigned int *waited_ms, bool idempotent)
{
	unsigned int poll = s->opt.ready_poll_ms ? s->opt.ready_poll_ms : 1;
	unsigned int budget = s->opt.ready_wait_s * 1000u;

	if (r->has_sense && r->sense.deferred)
		return false;
	switch (r->outcome) {
	case STTAPE_OUTCOME_BECOMING_READY:
	case STTAPE_OUTCOME_BUSY:
		break;
	case STTAPE_OUTCOME_ABORTED:
		if (!idempotent || *waited_ms >= 4u * poll)
			return false;
		break;
	case STTAPE_OUTCOME_MEDIUM_CHANGED:
	case STTAPE_OUTCOME_RESET:
	case STTAPE_OUTCOME_UNIT_ATTENTION:
		/* While mounting nothing is lost: ask again (a few times). */
		if (!idempotent || s->mounted || *waited_ms >= 4u * poll)
			return false;
		break;
	default:
		return false;
	}
	if (*waited_ms >= budget)
		return false;
	session_sleep_ms(poll);
	*waited_ms += poll;
	return true;
}

/*
 * errno for a failed command.  The seed fixes EIO for the physical end
 * of the medium (VOLUME OVERFLOW) and for "any otherwise unhandled
 * error"; NetBSD's generic mapping gives EROFS for DATA PROTECT and
 * EINVAL for ILLEGAL REQUEST.
 */
int session_errno(const struct sttape_result *r)
{
	if (r->has_sense && r->sense.deferred)
		return -EIO;
	switch (r->outcome) {
	case STTAPE_OUTCOME_WRITE_PROTECTED:
		return -EROFS;
	case STTAPE_OUTCOME_ILLEGAL_REQUEST:
	case STTAPE_OUTCOME_UNSUPPORTED:
		return -EINVAL;
	case STTAPE_OUTCOME_NO_MEDIUM:
		return -ENOMEDIUM;
	default:
		return -EIO;
	}
}

/*
 * A unit attention in mid-session (medium changed, reset): the medium
 * may not be the one mounted, so nothing owed is written to it and I/O
 * fails until a rewind or a reopen (as Linux st's pos_unknown).
 */
void session_lose_position(struct sttape_session *s)
{
	s->pos_lost = true;
	s->written = false;
	s->fm_written = false;
	session_clear_per_action(s);
	s->fileno = -1;
	s->blkno = -1;
}

/*
 * A command failed: the position is unknown (NetBSD stdone); a unit
 * attention invalidates the session; a medium that went away ends the
 * mount session without writing anything more.
 */
int session_fail(struct sttape_session *s, const struct sttape_result *r)
{
	if (r->outcome == STTAPE_OUTCOME_NO_MEDIUM) {
		session_lose_position(s);
		s->mounted = false;
		s->medium_present = false;
		return -EIO;
	}
	if (session_is_ua(r)) {
		session_lose_position(s);
		return -EIO;
	}
	s->fileno = s->blkno = -1;
	return session_errno(r);
}
