/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session_ahead.c - read-ahead that no caller can observe.
 *
 * A frontend that answers reads through the kernel (stfused) can only
 * overlap the drive with its client when the next READ runs before the
 * client asks for it.  The session sends that READ - the same command
 * the client's next read(2) would send - and holds its outcome aside:
 * every counter, flag and latched sense stays as it was.  If the next
 * call is that read, the held outcome becomes real (commit).  Any other
 * call first puts the head back (undo): SPACE one block backward over
 * the record or filemark the READ passed (SSC-4 7.11; backward over a
 * filemark it stops on the BOP side with FILEMARK set and a residue of
 * 1, which here is success).  Linux st undoes its fixed-mode read-ahead
 * the same way (it spaces back over buffered blocks at close and before
 * positioning); this is the variable-mode counterpart, one record deep.
 *
 * Only outcomes that can be put back are held as undoable: a record
 * (also one longer than asked, whose head is after it), a filemark, end
 * of data (the head did not move).  Anything else (a medium error, the
 * end of the medium, a unit attention) cannot be taken back: undo then
 * makes the READ real as a read that the caller skipped would have been,
 * so MTIOCGET shows its sense and the counters follow it (sttape(4)).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "session_priv.h"

/* The session's state without its read-ahead bookkeeping. */
static void state_copy(struct sttape_session *dst,
		       const struct sttape_session *src)
{
	struct session_ahead keep = dst->ahead;

	memcpy(dst, src, sizeof(*dst));
	dst->ahead = keep;
}

/* Conditions under which the next read is certainly a plain READ. */
static bool ahead_allowed(const struct sttape_session *s, size_t len)
{
	return !s->ahead.disabled && s->is_open && s->mounted && !s->pos_lost &&
	       s->blksize == 0 && s->access != STTAPE_ACCESS_WRITE &&
	       !s->written && !s->eio_pending && !s->eom_pending &&
	       !s->at_filemark && !s->at_eod && len > 0;
}

/* What the READ passed, from its result: 1 object, or none. */
static bool ahead_undoable(const struct sttape_result *r, ssize_t n,
			   int *passed)
{
	if (n == -ENOMEM && r->outcome == STTAPE_OUTCOME_ILI_LONG) {
		*passed = 1;
		return true;
	}
	if (n < 0)
		return false;
	switch (r->outcome) {
	case STTAPE_OUTCOME_OK:
	case STTAPE_OUTCOME_RECOVERED:
	case STTAPE_OUTCOME_ILI_SHORT:
	case STTAPE_OUTCOME_FILEMARK:
		*passed = 1;
		return true;
	case STTAPE_OUTCOME_END_OF_DATA:
		*passed = 0;
		return true;
	default:
		return false;
	}
}

/* Exchange the session's state with the held one. */
static void state_swap(struct sttape_session *s)
{
	struct sttape_session tmp;

	memcpy(&tmp, s, sizeof(tmp));
	state_copy(s, s->ahead.after);
	state_copy(s->ahead.after, &tmp);
}

int sttape_session_read_ahead(struct sttape_session *s, void *buf, size_t len,
			      ssize_t *result)
{
	struct session_ahead *a = &s->ahead;
	ssize_t n;

	if (a->held)
		return -EBUSY;
	if (!ahead_allowed(s, len))
		return -EAGAIN;
	if (!a->after && !(a->after = calloc(1, sizeof(*a->after))))
		return -ENOMEM;
	state_copy(a->after, s); /* the state before the READ */
	n = sttape_session_read(s, buf, len);
	a->undoable = ahead_undoable(&s->last, n, &a->passed);
	a->result = n;
	a->len = len;
	a->held = true;
	state_swap(s); /* the session shows the state before the READ */
	*result = n;
	return 0;
}

int sttape_session_read_commit(struct sttape_session *s, ssize_t *result)
{
	struct session_ahead *a = &s->ahead;

	if (!a->held)
		return -ENOENT;
	a->held = false;
	state_copy(s, a->after);
	*result = a->result;
	return 0;
}

/*
 * Put the head back before the held READ.  A drive that cannot space
 * back leaves the position unknown and read-ahead off for the drive.
 */
static int ahead_space_back(struct sttape_session *s)
{
	struct sttape_result r;
	int rc;

	rc = sttape_drive_space(s->d, STTAPE_SPACE_BLOCKS, -1, &r);
	if (rc == 0 && r.outcome == STTAPE_OUTCOME_OK)
		return 0;
	/* Backward over a filemark: stopped on its BOP side, residue 1. */
	if (r.outcome == STTAPE_OUTCOME_FILEMARK && r.has_sense &&
	    r.sense.info_valid && r.residue == 1)
		return 0;
	s->last = r;
	s->fileno = s->blkno = -1;
	s->ahead.disabled = true;
	return rc ? rc : -EIO;
}

int sttape_session_read_undo(struct sttape_session *s)
{
	struct session_ahead *a = &s->ahead;

	if (!a->held)
		return 0;
	a->held = false;
	if (!a->undoable) {
		/* It happened on the drive and cannot be taken back. */
		state_copy(s, a->after);
		return 0;
	}
	if (a->passed == 0)
		return 0;
	return ahead_space_back(s);
}

bool sttape_session_read_ahead_held(const struct sttape_session *s, size_t *len)
{
	if (s->ahead.held && len)
		*len = s->ahead.len;
	return s->ahead.held;
}

void session_ahead_free(struct sttape_session *s)
{
	free(s->ahead.after);
	s->ahead.after = NULL;
}
