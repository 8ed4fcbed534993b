/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session_ahead.c - read-ahead that no caller can observe.
 *
 * A frontend that answers reads through the kernel (stfused) can only
 * overlap the drive with its client when the next READ runs before the
 * client asks for it.  The session sends that READ - the same command
 * the client's next read(2) would send, up to two ahead - and holds its
 * outcome aside: every counter, flag and latched sense stays as it was.
 * If the next call is that read, the first held outcome becomes real
 * (commit).  Any other call first puts the head back (undo): SPACE one
 * block backward over each record and the filemark the READs passed
 * (SSC-4 7.11; backward over a filemark it stops on the BOP side with
 * FILEMARK set and a residue of 1, which here is success).  Linux st
 * undoes its fixed-mode read-ahead the same way (it spaces back over
 * buffered blocks at close and before positioning); this is the
 * variable-mode counterpart.
 *
 * Only outcomes that can be put back are undoable: a record (also one
 * longer than asked, whose head is after it, or one read at the end of
 * the medium), a filemark, end of data (the head did not move).  Nothing
 * is sent after any other outcome (a medium error, a unit attention):
 * it cannot be taken back, so undo makes the held READs real up to it,
 * as reads the caller skipped would have been; MTIOCGET shows its sense
 * and the counters follow it (sttape(4), READ-AHEAD).
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

/*
 * Conditions under which the next read is certainly a plain READ, in
 * the state `b` the held READs (if any) leave.
 */
static bool ahead_allowed(const struct sttape_session *s,
			  const struct sttape_session *b, size_t len)
{
	const struct session_ahead *a = &s->ahead;

	if (a->disabled || a->count >= STTAPE_SESSION_AHEAD_MAX || len == 0)
		return false;
	/* Only after a record: a filemark, end of data or an error stops. */
	if (a->count &&
	    (a->r[a->count - 1].result <= 0 || !a->r[a->count - 1].undoable))
		return false;
	return b->is_open && b->mounted && !b->pos_lost && b->blksize == 0 &&
	       b->access != STTAPE_ACCESS_WRITE && !b->written &&
	       !b->eio_pending && !b->eom_pending && !b->at_filemark &&
	       !b->at_eod;
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
	case STTAPE_OUTCOME_EARLY_WARNING: /* a record, at the end */
		*passed = 1;
		return true;
	case STTAPE_OUTCOME_END_OF_DATA:
		*passed = 0;
		return true;
	default:
		return false;
	}
}

int sttape_session_read_ahead(struct sttape_session *s, void *buf, size_t len,
			      ssize_t *result)
{
	struct session_ahead *a = &s->ahead;
	struct session_ahead_read *e;
	struct sttape_session shown;
	ssize_t n;

	if (a->count >= STTAPE_SESSION_AHEAD_MAX)
		return -EBUSY;
	if (!ahead_allowed(s, a->count ? a->r[a->count - 1].after : s, len))
		return -EAGAIN;
	e = &a->r[a->count];
	if (!e->after && !(e->after = calloc(1, sizeof(*e->after))))
		return -ENOMEM;
	/* Run the READ on the state the held ones leave, keep its result
	 * state in e->after, show the state before all of them again. */
	memcpy(&shown, s, sizeof(shown));
	if (a->count)
		state_copy(s, a->r[a->count - 1].after);
	n = session_read(s, buf, len);
	e->undoable = ahead_undoable(&s->last, n, &e->passed);
	e->result = n;
	e->len = len;
	state_copy(e->after, s);
	state_copy(s, &shown);
	a->count++;
	*result = n;
	return 0;
}

int sttape_session_read_commit(struct sttape_session *s, ssize_t *result)
{
	struct session_ahead *a = &s->ahead;
	struct sttape_session *first;

	if (!a->count)
		return -ENOENT;
	first = a->r[0].after;
	*result = a->r[0].result;
	state_copy(s, first);
	/* Shift the rest down; the snapshot buffer goes to the end. */
	memmove(&a->r[0], &a->r[1], (a->count - 1) * sizeof(a->r[0]));
	a->count--;
	a->r[a->count].after = first;
	return 0;
}

/*
 * Put the head back over one READ.  A drive that cannot space back
 * leaves the position unknown and read-ahead off for the drive.
 */
static int ahead_space_back(struct sttape_session *s)
{
	struct sttape_result r;
	int rc;

	rc = sttape_drive_space(s->d, STTAPE_SPACE_BLOCKS, -1, &r);
	if (rc == 0 && (r.outcome == STTAPE_OUTCOME_OK ||
			r.outcome == STTAPE_OUTCOME_RECOVERED))
		return 0;
	/* Backward over a filemark: stopped on its BOP side, residue 1. */
	if (r.outcome == STTAPE_OUTCOME_FILEMARK && r.has_sense &&
	    r.sense.info_valid && r.residue == 1)
		return 0;
	session_note(s, &r); /* a unit attention loses the position */
	s->fileno = s->blkno = -1;
	s->ahead.disabled = true;
	return rc ? rc : -EIO;
}

int sttape_session_read_undo(struct sttape_session *s)
{
	struct session_ahead *a = &s->ahead;
	unsigned int n = a->count;
	int rc = 0;

	if (!n)
		return 0;
	a->count = 0;
	if (!a->r[n - 1].undoable) {
		/* It happened on the drive and cannot be taken back (only
		 * the last can fail: nothing is sent after a failure). */
		state_copy(s, a->r[n - 1].after);
		return 0;
	}
	/* Newest first: a filemark, if any, is the last one passed. */
	for (unsigned int i = n; i-- > 0 && rc == 0;)
		if (a->r[i].passed)
			rc = ahead_space_back(s);
	return rc;
}

unsigned int sttape_session_read_ahead_held(const struct sttape_session *s,
					    size_t *len)
{
	if (s->ahead.count && len)
		*len = s->ahead.r[0].len;
	return s->ahead.count;
}

void session_ahead_free(struct sttape_session *s)
{
	for (unsigned int i = 0; i < STTAPE_SESSION_AHEAD_MAX; i++) {
		free(s->ahead.r[i].after);
		s->ahead.r[i].after = NULL;
	}
}
