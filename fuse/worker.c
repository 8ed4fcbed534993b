// SPDX-License-Identifier: BSD-2-Clause
/*
 * worker.c - one FIFO worker thread per drive.
 *
 * Every request that touches the tape is queued here by a reader thread
 * and run in arrival order, so a reopen waits behind the previous
 * close's filemark and rewind (DESIGN.md decision 7).  A request the
 * client gives up on (FUSE_INTERRUPT) is answered EINTR at once while it
 * waits in the queue; a long positioning operation already running is
 * answered EINTR too and finishes on the drive in the background (the
 * next request waits for it).  Data transfers that started are never
 * abandoned: their reply must tell the truth about the tape.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mtio.h>
#include <time.h>

#include "log.h"
#include "mtio_linux.h"
#include "stfused.h"

void stf_node_name(unsigned int unit, unsigned int mode, unsigned int sub,
		   char *buf, size_t len)
{
	static const char *const prefix[4] = {"rst", "nrst", "erst", "enrst"};

	if (mode == 0)
		snprintf(buf, len, "%s%u", prefix[sub & 3], unit);
	else
		snprintf(buf, len, "%s%u.%u", prefix[sub & 3], unit, mode);
}

int stf_drive_init(struct stf_drive *d, const struct stf_drive_config *c)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	unsigned int i;

	memset(d, 0, sizeof(*d));
	d->session = c->session;
	d->max_record = c->max_record ? c->max_record : STTAPE_CDB_COUNT24_MAX;
	d->read_ahead = !c->no_read_ahead;
	for (i = 0; i < STF_NODES; i++) {
		struct stf_node *n = &d->nodes[i];

		n->drive = d;
		n->mode = i / 4;
		n->submode = i % 4;
		n->minor = c->unit * 16 + i;
		stf_node_name(c->unit, n->mode, n->submode, n->name,
			      sizeof(n->name));
	}
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&d->lock, &ma);
	pthread_mutexattr_destroy(&ma);
	pthread_cond_init(&d->cond, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->ahead.done, &ca);
	pthread_condattr_destroy(&ca);
	d->shutdown_job = stf_job_new(STF_JOB_SHUTDOWN, NULL, NULL, NULL);
	return d->shutdown_job ? 0 : -ENOMEM;
}

void stf_drive_set_frontend(struct stf_drive *d,
			    const struct stf_frontend_ops *fe)
{
	d->fe = fe;
}

struct stf_job *stf_job_new(enum stf_job_type type, fuse_req_t req,
			    struct stf_node *node, struct stf_handle *h)
{
	struct stf_job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->type = type;
	j->req = req;
	j->node = node;
	j->h = h;
	return j;
}

static void job_free(struct stf_job *j)
{
	if (!j)
		return;
	free(j->data_base ? j->data_base : j->data);
	free(j);
}

/*
 * The session's cancel hook (sttape_session_set_cancel), called by the
 * worker between two TEST UNIT READY polls: true once the running
 * request's client got EINTR.  The session then stops waiting for the
 * drive and waits for it before the next request's command instead.
 */
static bool job_cancelled(void *ctx)
{
	struct stf_drive *d = ctx;
	bool gone;

	pthread_mutex_lock(&d->lock);
	gone = d->cur_abandoned;
	pthread_mutex_unlock(&d->lock);
	return gone;
}

/*
 * The client gave up (signal).  Runs in the reader thread that got
 * FUSE_INTERRUPT, with req still alive.  A queued request is removed and
 * answered; a running long operation is answered, and job_cancelled()
 * tells the worker to stop waiting for it: the drive finishes it alone
 * (rewind, load, unload, erase, locate went with IMMED=1; a SPACE has
 * no IMMED bit and ends on the drive before the worker goes on).
 */
static void on_interrupt(fuse_req_t req, void *data)
{
	struct stf_drive *d = data;
	struct stf_job **pp, *prev = NULL;

	stf_log(LOG_DEBUG, "interrupt of a request");
	pthread_mutex_lock(&d->lock);
	for (pp = &d->head; *pp; prev = *pp, pp = &(*pp)->next) {
		struct stf_job *j = *pp;

		if (j->req != req)
			continue;
		*pp = j->next;
		if (d->tail == j)
			d->tail = prev;
		fuse_reply_err(req, EINTR);
		job_free(j);
		pthread_mutex_unlock(&d->lock);
		return;
	}
	if (d->cur_req == req && !d->cur_abandoned) {
		d->cur_abandoned = true;
		fuse_reply_err(req, EINTR);
		stf_log(LOG_INFO, "operation interrupted by its caller; "
				  "it completes on the drive, the next "
				  "request waits for it");
	}
	pthread_mutex_unlock(&d->lock);
}

/*
 * Read-ahead.  Requests of a drive still run one at a time in order:
 * the reader thread below answers a read only while the worker is
 * between jobs with nothing queued, and only from what the worker left
 * ready (a held READ, or more of the buffered record).  Only the worker
 * calls the session; a reader thread touches the handle's reassembly
 * state and the slot buffers under d->lock, never while a job runs, and
 * a slot buffer a reply still reads from is not refilled (replying[]).
 */
static bool ahead_buf_busy(const struct stf_drive *d, const uint8_t *b)
{
	return b && (d->ahead.replying[0] == b || d->ahead.replying[1] == b);
}

/* j is the request the read-ahead stands for: a first read, same size. */
static bool ahead_for(const struct stf_ahead *a, const struct stf_job *j)
{
	return j->type == STF_JOB_READ && j->h == a->h && j->off == 0 &&
	       j->size == a->req_size;
}

/* The oldest held READ is the one this request would send. */
static bool ahead_matches(const struct stf_drive *d, const struct stf_job *j)
{
	return d->ahead.held && ahead_for(&d->ahead, j) && j->h->late_err == 0;
}

/* More of the record a read-ahead follows (no tape command). */
static bool ahead_continues(const struct stf_drive *d, const struct stf_job *j)
{
	const struct stf_ahead *a = &d->ahead;

	return (a->streaming || a->held || a->taken) &&
	       j->type == STF_JOB_READ && j->h == a->h &&
	       stf_reasm_is_continuation(&j->h->ra, j->off);
}

/* Lock held, matched: the request's answer is the oldest held READ. */
static ssize_t ahead_take(struct stf_drive *d, struct stf_job *j,
			  const uint8_t **data)
{
	struct stf_ahead *a = &d->ahead;
	struct stf_ahead_slot *sl = &a->slot[a->first];

	a->first = (a->first + 1) % STTAPE_SESSION_AHEAD_MAX;
	a->held--;
	a->taken++;
	return stf_reasm_adopt(&j->h->ra, &sl->buf, &sl->cap, sl->n, j->size,
			       data);
}

static void reply_read(fuse_req_t req, ssize_t n, const uint8_t *data)
{
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_buf(req, (const char *)data, (size_t)n);
}

/*
 * Reader thread, lock held: the READ this request would send is on its
 * way; wait for it a little (one record's transfer), so that the reply
 * goes out from here while the worker sends the next one.  Bounded: a
 * slow drive leaves the request to the worker, and the reader thread
 * never waits long on the tape.
 */
#define STF_AHEAD_WAIT_NS 2000000L

static void ahead_wait(struct stf_drive *d, const struct stf_job *j)
{
	struct stf_ahead *a = &d->ahead;
	struct timespec t;

	if (a->held || !a->sending || !ahead_for(a, j))
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_nsec += STF_AHEAD_WAIT_NS;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	while (a->sending && !a->held)
		if (pthread_cond_timedwait(&a->done, &d->lock, &t))
			break;
}

/* Reader thread: answer a read the worker need not see. */
static bool fast_read(struct stf_drive *d, struct stf_job *j)
{
	const uint8_t *data;
	ssize_t n;
	int slot;

	pthread_mutex_lock(&d->lock);
	ahead_wait(d, j);
	slot = !d->ahead.replying[0] ? 0 : !d->ahead.replying[1] ? 1 : -1;
	if (d->head || d->in_job || d->shut || !j->h || d->owner != j->h ||
	    slot < 0) {
		pthread_mutex_unlock(&d->lock);
		return false;
	}
	if (ahead_matches(d, j)) {
		n = ahead_take(d, j, &data);
		pthread_cond_signal(&d->cond); /* commit, then the next */
	} else if (ahead_continues(d, j)) {
		n = stf_reasm_continue(&j->h->ra, j->off, j->size, &data);
	} else {
		pthread_mutex_unlock(&d->lock);
		return false;
	}
	d->ahead.replying[slot] = j->h->ra.rbuf;
	pthread_mutex_unlock(&d->lock);
	reply_read(j->req, n, data);
	pthread_mutex_lock(&d->lock);
	d->ahead.replying[slot] = NULL;
	pthread_cond_signal(&d->cond); /* a slot buffer may be free now */
	pthread_mutex_unlock(&d->lock);
	job_free(j);
	return true;
}

/* Worker, lock held: make the READs reader threads answered real. */
static void ahead_commit(struct stf_drive *d)
{
	struct stf_ahead *a = &d->ahead;

	while (a->taken) {
		ssize_t n = -1;

		pthread_mutex_unlock(&d->lock);
		(void)sttape_session_read_commit(d->session, &n);
		pthread_mutex_lock(&d->lock);
		a->taken--;
		if (n <= 0)
			a->streaming = false;
	}
}

/* Worker, lock held: the session sends the next READ into a free slot. */
static void ahead_send(struct stf_drive *d)
{
	struct stf_ahead *a = &d->ahead;
	struct stf_ahead_slot *sl =
		&a->slot[(a->first + a->held) % STTAPE_SESSION_AHEAD_MAX];
	ssize_t n = 0;
	int rc;

	if (sl->cap < a->len) {
		uint8_t *p = realloc(sl->buf, a->len);

		if (!p) {
			a->streaming = false;
			return;
		}
		sl->buf = p;
		sl->cap = a->len;
	}
	a->sending = true;
	pthread_mutex_unlock(&d->lock);
	rc = sttape_session_read_ahead(d->session, sl->buf, a->len, &n);
	pthread_mutex_lock(&d->lock);
	a->sending = false;
	if (rc == 0) {
		sl->n = n;
		a->held++;
	}
	/* Nothing follows a filemark, end of data or an error. */
	if (rc || n <= 0)
		a->streaming = false;
	pthread_cond_broadcast(&a->done);
}

/* Whether the worker may send another READ now. */
static bool ahead_room(const struct stf_drive *d)
{
	const struct stf_ahead *a = &d->ahead;
	const struct stf_ahead_slot *sl =
		&a->slot[(a->first + a->held) % STTAPE_SESSION_AHEAD_MAX];

	return a->streaming && !d->shut &&
	       a->held + a->taken < STTAPE_SESSION_AHEAD_MAX &&
	       !ahead_buf_busy(d, sl->buf);
}

/* Worker, lock held, queue empty: returns whether it did anything. */
static bool ahead_idle(struct stf_drive *d)
{
	if (d->ahead.taken) {
		ahead_commit(d);
		return true;
	}
	if (ahead_room(d)) {
		ahead_send(d);
		return true;
	}
	return false;
}

/*
 * Worker, lock held, before job j: committed READs first; held ones that
 * j does not take are undone, so j finds the head where its client
 * believes it is.
 */
static void ahead_before_job(struct stf_drive *d, const struct stf_job *j)
{
	struct stf_ahead *a = &d->ahead;

	ahead_commit(d);
	if (ahead_matches(d, j) || ahead_continues(d, j))
		return;
	if (a->held) {
		int err;

		pthread_mutex_unlock(&d->lock);
		err = sttape_session_read_undo(d->session);
		if (err)
			stf_log_result(LOG_WARNING, "read-ahead: SPACE back",
				       err,
				       sttape_session_last_result(d->session));
		else
			stf_log(LOG_DEBUG, "read-ahead taken back");
		pthread_mutex_lock(&d->lock);
	}
	a->held = 0;
	a->streaming = false;
}

/* Worker: after a first request that read a record, read ahead. */
static void ahead_want(struct stf_drive *d, const struct stf_job *j, ssize_t n)
{
	struct stf_ahead *a = &d->ahead;
	struct sttape_status st;

	if (!d->read_ahead || j->off != 0 || n <= 0 ||
	    sttape_session_peek_status(d->session, &st) || st.block_size)
		return;
	pthread_mutex_lock(&d->lock);
	a->streaming = true;
	a->h = j->h;
	a->req_size = j->size;
	a->len = stf_reasm_first_len(&j->h->ra, j->size);
	a->first = 0;
	pthread_mutex_unlock(&d->lock);
}

void stf_submit(struct stf_drive *d, struct stf_job *j)
{
	if (j->type == STF_JOB_READ && fast_read(d, j))
		return;
	pthread_mutex_lock(&d->lock);
	j->next = NULL;
	if (d->tail)
		d->tail->next = j;
	else
		d->head = j;
	d->tail = j;
	/*
	 * Registered under the lock, after queueing: an interrupt that
	 * already arrived runs on_interrupt now, which finds the job queued.
	 * RELEASE is never abandoned: its filemark is owed.
	 */
	if (j->req && j->type != STF_JOB_RELEASE)
		fuse_req_interrupt_func(j->req, on_interrupt, d);
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

/* May the worker reply to j?  False when the client already got EINTR. */
static bool claim_reply(struct stf_drive *d, struct stf_job *j)
{
	bool ok;

	if (!j->req)
		return false;
	pthread_mutex_lock(&d->lock);
	ok = !d->cur_abandoned;
	d->cur_req = NULL; /* from here on an interrupt finds nothing */
	pthread_mutex_unlock(&d->lock);
	return ok;
}

static void reply_err(struct stf_drive *d, struct stf_job *j, int err)
{
	if (claim_reply(d, j))
		fuse_reply_err(j->req, err < 0 ? -err : err);
}

/* Tape I/O for the reassembly layer: the session of the drive. */
static ssize_t io_read(void *ctx, void *buf, size_t len)
{
	return sttape_session_read(ctx, buf, len);
}

static ssize_t io_write(void *ctx, const void *buf, size_t len)
{
	return sttape_session_write(ctx, buf, len);
}

static uint32_t io_block_size(void *ctx)
{
	struct sttape_status st;

	if (sttape_session_peek_status(ctx, &st))
		return 0;
	return st.block_size;
}

static struct stf_tape_io tape_io(struct stf_drive *d)
{
	struct stf_tape_io io = {
		.read = io_read,
		.write = io_write,
		.block_size = io_block_size,
		.ctx = d->session,
	};
	return io;
}

static enum sttape_access access_of(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_WRONLY:
		return STTAPE_ACCESS_WRITE;
	case O_RDWR:
		return STTAPE_ACCESS_RDWR;
	default:
		return STTAPE_ACCESS_READ;
	}
}

/* Largest record this handle reads: option, drive and path limits. */
static size_t record_limit(struct stf_drive *d)
{
	struct sttape_status st;
	struct sttape_transport *t;
	size_t lim = d->max_record;

	if (!sttape_session_peek_status(d->session, &st) && st.block_max &&
	    st.block_max < lim)
		lim = st.block_max;
	t = sttape_drive_transport(sttape_session_drive(d->session));
	if (t && t->max_transfer && t->max_transfer < lim)
		lim = t->max_transfer;
	return lim;
}

/* End the open session of h: settle its data, then the close action. */
static int close_handle(struct stf_drive *d, struct stf_handle *h)
{
	struct stf_tape_io io = tape_io(d);
	int err, cerr;

	if (!h->session_open)
		return 0;
	if (h->late_err)
		stf_log(LOG_ERR, "%s: a write failed after its answer: %s",
			h->node->name, strerror(-h->late_err));
	err = stf_reasm_settle(&h->ra, &io);
	if (err)
		stf_log_result(LOG_ERR, "late write at close", err,
			       sttape_session_last_result(d->session));
	if (h->ra.dropped)
		stf_log(LOG_WARNING,
			"%s: %llu record(s) longer than the caller's read "
			"buffer were truncated (undetectable, see stfused(8))",
			h->node->name, (unsigned long long)h->ra.dropped);
	cerr = sttape_session_close(d->session);
	if (cerr)
		stf_log_result(LOG_ERR, "close", cerr,
			       sttape_session_last_result(d->session));
	h->session_open = false;
	if (d->owner == h)
		d->owner = NULL;
	return err ? err : cerr;
}

static void run_open(struct stf_drive *d, struct stf_job *j)
{
	struct stf_node *n = j->node;
	struct stf_handle *h;
	unsigned int fl =
		(j->open_flags & O_NONBLOCK) ? STTAPE_OPEN_NONBLOCK : 0;
	int err;

	if (d->shut) {
		reply_err(d, j, ENXIO);
		return;
	}
	err = sttape_session_open(d->session, n->mode,
				  (enum sttape_submode)n->submode,
				  access_of(j->open_flags), fl);
	if (err) {
		stf_log(LOG_INFO, "open %s: %s", n->name, strerror(-err));
		reply_err(d, j, err);
		return;
	}
	h = calloc(1, sizeof(*h));
	if (h)
		h->release = stf_job_new(STF_JOB_RELEASE, NULL, n, h);
	if (!h || !h->release) {
		free(h);
		sttape_session_close(d->session);
		reply_err(d, j, ENOMEM);
		return;
	}
	h->node = n;
	h->session_open = true;
	stf_reasm_init(&h->ra, d->fe->threshold, record_limit(d));
	d->owner = h;
	if (!claim_reply(d, j) || d->fe->reply_open(j->req, h) != 0) {
		/* The opener is gone: undo as its release would. */
		close_handle(d, h);
		stf_reasm_free(&h->ra);
		job_free(h->release);
		free(h);
	}
}

/*
 * The handle may act on the tape only while it owns the session, and
 * an error a write-behind left owed is that request's answer.
 */
static bool handle_live(struct stf_drive *d, struct stf_job *j)
{
	int late;

	if (!j->h || !j->h->session_open || d->owner != j->h) {
		reply_err(d, j, EIO);
		return false;
	}
	late = j->h->late_err;
	if (late) {
		j->h->late_err = 0;
		reply_err(d, j, late);
		return false;
	}
	return true;
}

static void run_read(struct stf_drive *d, struct stf_job *j)
{
	struct stf_tape_io io = tape_io(d);
	const uint8_t *data;
	ssize_t n;

	if (!handle_live(d, j))
		return;
	pthread_mutex_lock(&d->lock);
	if (ahead_matches(d, j)) {
		n = ahead_take(d, j, &data);
		ahead_commit(d);
		pthread_mutex_unlock(&d->lock);
		if (claim_reply(d, j))
			reply_read(j->req, n, data);
		return;
	}
	pthread_mutex_unlock(&d->lock);
	/* Straight from the handle's record buffer: no copy, no malloc. */
	n = stf_reasm_read_zc(&j->h->ra, &io, j->off, j->size, &data);
	ahead_want(d, j, n);
	if (n < 0)
		reply_err(d, j, (int)n);
	else if (claim_reply(d, j))
		fuse_reply_buf(j->req, (const char *)data, (size_t)n);
}

static bool past_early_warning(struct stf_drive *d)
{
	struct sttape_status st;

	return !sttape_session_peek_status(d->session, &st) && st.eot;
}

/*
 * Write-behind (FUSE mount): the write is answered before the drive has
 * it, so the client's next request crosses the kernel while the drive
 * works.  An error then goes to the handle's next request (FLUSH at
 * close included), as with st's buffered writes.  From early warning on,
 * writes are answered after the drive, so the short write and the
 * 0-byte write the seed prescribes reach the very calls they belong to.
 */
static void run_write(struct stf_drive *d, struct stf_job *j)
{
	struct stf_tape_io io = tape_io(d);
	struct stf_handle *h = j->h;
	bool early;
	ssize_t n;

	if (!handle_live(d, j))
		return;
	early = d->fe->write_behind && !h->sync_writes && claim_reply(d, j);
	if (early)
		fuse_reply_write(j->req, j->size);
	n = stf_reasm_write(&h->ra, &io, j->off, j->data, j->size);
	if (past_early_warning(d))
		h->sync_writes = true;
	if (early) {
		if (n < 0 || (size_t)n < j->size) {
			h->late_err = n < 0 ? (int)n : -ENOSPC;
			stf_log(LOG_INFO,
				"%s: write failed after its answer "
				"(%s): reported by the next request",
				h->node->name, strerror(-h->late_err));
		}
		return;
	}
	if (n < 0)
		reply_err(d, j, (int)n);
	else if (claim_reply(d, j))
		fuse_reply_write(j->req, (size_t)n);
}

static void run_flush(struct stf_drive *d, struct stf_job *j)
{
	struct stf_tape_io io = tape_io(d);
	int err = 0;

	if (j->h && j->h->session_open && d->owner == j->h) {
		err = j->h->late_err;
		j->h->late_err = 0;
		if (!err)
			err = stf_reasm_settle(&j->h->ra, &io);
	}
	reply_err(d, j, err);
}

static void run_release(struct stf_drive *d, struct stf_job *j)
{
	struct stf_handle *h = j->h;

	if (h) {
		close_handle(d, h);
		stf_reasm_free(&h->ra);
		free(h);
	}
	if (j->req)
		fuse_reply_err(j->req, 0);
}

/*
 * Linux MTEOM as st does it with MT_ST_FAST_MTEOM clear (its default,
 * and what Bacula asks for): space filemarks until end of data, so the
 * file number stays known; a plain SPACE to end of data only when the
 * file number was unknown anyway.
 */
static int slow_eom(struct stf_drive *d)
{
	struct sttape_status st;
	int err;

	if (sttape_session_peek_status(d->session, &st) || st.file < 0)
		return sttape_session_op(d->session, STTAPE_MT_EOM, 1);
	err = sttape_session_op(d->session, STTAPE_MT_FSF, 0x7fffff);
	if (err == 0 || err == -EIO) {
		if (!sttape_session_peek_status(d->session, &st) &&
		    st.file >= 0)
			return 0;
	}
	return sttape_session_op(d->session, STTAPE_MT_EOM, 1);
}

/* Run one decoded MTIOCTOP / extension op. */
static int run_act(struct stf_drive *d, const struct stf_act *a)
{
	if (a->fast_mteom >= 0)
		d->fast_mteom = a->fast_mteom;
	if (a->kind == STF_ACT_OP && a->op == STTAPE_MT_EOM && !d->fast_mteom)
		return slow_eom(d);
	if (a->kind == STF_ACT_OP)
		return sttape_session_op(d->session, a->op, a->count);
	return 0;
}

static int ioctl_out(struct stf_drive *d, const struct stf_ioc *ioc,
		     const struct stf_job *j, uint8_t *out)
{
	struct sttape_status st;
	struct sttape_position pos;
	uint64_t v;
	int err;

	switch (ioc->kind) {
	case STF_IOC_MTGET:
		err = sttape_session_status(d->session, &st);
		if (!err)
			stf_mtget_encode(&st, ioc->compat32, out);
		return err;
	case STF_IOC_GETX:
		err = sttape_session_status(d->session, &st);
		if (!err)
			sttape_mtget_from_status(&st,
						 (struct sttape_mtget *)out);
		return err;
	case STF_IOC_MTPOS:
	case STF_IOC_RDSPOS:
	case STF_IOC_RDHPOS:
		err = sttape_session_read_position(
			d->session, ioc->kind == STF_IOC_RDHPOS, &pos);
		/*
		 * Linux MTIOCPOS fails with EIO whenever the drive cannot
		 * tell the position, as Linux st does; the NetBSD-style
		 * extension ioctls keep NetBSD's EINVAL (sttape(4)).
		 */
		if (err == -EINVAL && ioc->kind == STF_IOC_MTPOS)
			return -EIO;
		if (err)
			return err;
		if (ioc->kind == STF_IOC_MTPOS)
			stf_mtpos_encode((int64_t)pos.block, ioc->compat32,
					 out);
		else
			memcpy(out, &pos.block, sizeof(uint64_t));
		return 0;
	case STF_IOC_SLOCATE:
	case STF_IOC_HLOCATE:
		memcpy(&v, j->data, sizeof(v));
		return sttape_session_locate(d->session,
					     ioc->kind == STF_IOC_HLOCATE, v);
	default:
		return -ENOTTY;
	}
}

static int ioctl_ops(struct stf_drive *d, const struct stf_ioc *ioc,
		     const struct stf_job *j)
{
	struct stf_act a;
	int err;

	if (ioc->kind == STF_IOC_MTOP)
		err = stf_mtop_decode(j->data, j->in_size, &a);
	else
		err = stf_mtxop_decode(j->data, j->in_size, &a);
	if (err)
		return err;
	err = run_act(d, &a);
	if (err)
		stf_log_result(LOG_INFO, "tape operation", err,
			       sttape_session_last_result(d->session));
	return err;
}

/*
 * STTAPE_MTIOCSCSI: the request's own copy of the structure is the data
 * buffer and the reply.  A command that completed is answered with its
 * status and sense, whatever they are; only a command that could not
 * run fails the ioctl.
 */
static void run_scsi(struct stf_drive *d, struct stf_job *j)
{
	struct sttape_mtscsi *x = (struct sttape_mtscsi *)j->data;
	struct sttape_cmd_result res;
	struct sttape_cmd cmd;
	int err;

	err = stf_scsi_decode(x, &cmd);
	if (!err)
		err = sttape_session_scsi(d->session, &cmd, &res);
	if (err) {
		stf_log(LOG_INFO, "%s: raw SCSI command %#04x: %s",
			j->node->name, x->cdb[0], strerror(-err));
		reply_err(d, j, err);
		return;
	}
	stf_scsi_encode(&res, x);
	if (claim_reply(d, j))
		fuse_reply_ioctl(j->req, 0, x, sizeof(*x));
}

static void run_ioctl(struct stf_drive *d, struct stf_job *j)
{
	struct stf_tape_io io = tape_io(d);
	uint8_t out[sizeof(struct sttape_mtget) + 16];
	struct stf_ioc ioc;
	int err;

	err = stf_ioc_classify(j->cmd, j->in_size, j->size, &ioc);
	if (!err && !handle_live(d, j))
		return;
	if (!err)
		err = stf_reasm_settle(&j->h->ra, &io);
	if (!err && ioc.kind == STF_IOC_SCSI) {
		run_scsi(d, j);
		return;
	}
	if (!err) {
		memset(out, 0, sizeof(out));
		if (ioc.kind == STF_IOC_MTOP || ioc.kind == STF_IOC_XOP)
			err = ioctl_ops(d, &ioc, j);
		else
			err = ioctl_out(d, &ioc, j, out);
	}
	if (err)
		reply_err(d, j, err);
	else if (claim_reply(d, j))
		fuse_reply_ioctl(j->req, 0, ioc.out_size ? out : NULL,
				 ioc.out_size);
}

static void run_shutdown(struct stf_drive *d)
{
	struct stf_handle *h = d->owner;

	if (h) {
		stf_log(LOG_NOTICE, "shutdown: closing %s (owed filemarks)",
			h->node->name);
		close_handle(d, h);
		/* No RELEASE will come: the readers have stopped. */
		stf_reasm_free(&h->ra);
		job_free(h->release);
		free(h);
	}
	d->shut = true;
}

static void run_job(struct stf_drive *d, struct stf_job *j)
{
	switch (j->type) {
	case STF_JOB_OPEN:
		run_open(d, j);
		break;
	case STF_JOB_READ:
		run_read(d, j);
		break;
	case STF_JOB_WRITE:
		run_write(d, j);
		break;
	case STF_JOB_FLUSH:
		run_flush(d, j);
		break;
	case STF_JOB_RELEASE:
		run_release(d, j);
		break;
	case STF_JOB_IOCTL:
		run_ioctl(d, j);
		break;
	case STF_JOB_SHUTDOWN:
		run_shutdown(d);
		break;
	}
}

/* Requests that may run for minutes: the caller may give up on them. */
static bool job_interruptible(const struct stf_job *j)
{
	struct stf_ioc ioc;
	struct stf_act a;

	/* Mounting may wait minutes for a drive becoming ready; a mount
	 * nobody waits for is undone in run_open. */
	if (j->type == STF_JOB_OPEN && j->req)
		return true;
	if (j->type != STF_JOB_IOCTL || !j->req)
		return false;
	/* The extension ioctls' LOCATE is as long as MTSEEK. */
	if (j->cmd != MTIOCTOP)
		return !stf_ioc_classify(j->cmd, j->in_size, j->size, &ioc) &&
		       (ioc.kind == STF_IOC_SLOCATE ||
			ioc.kind == STF_IOC_HLOCATE);
	if (stf_mtop_decode(j->data, j->in_size, &a) || a.kind == STF_ACT_NONE)
		return false;
	switch (a.op) {
	case STTAPE_MT_FSF:
	case STTAPE_MT_BSF:
	case STTAPE_MT_FSFM:
	case STTAPE_MT_BSFM:
	case STTAPE_MT_FSR:
	case STTAPE_MT_BSR:
	case STTAPE_MT_REW:
	case STTAPE_MT_OFFL:
	case STTAPE_MT_RETEN:
	case STTAPE_MT_ERASE:
	case STTAPE_MT_EOM:
	case STTAPE_MT_LOAD:
	case STTAPE_MT_UNLOAD:
	case STTAPE_MT_SEEK:
		return true;
	default:
		return false;
	}
}

static void *worker_main(void *arg)
{
	struct stf_drive *d = arg;
	bool done = false;

	pthread_mutex_lock(&d->lock);
	while (!done) {
		struct stf_job *j;

		while (!d->head)
			if (!ahead_idle(d))
				pthread_cond_wait(&d->cond, &d->lock);
		j = d->head;
		d->head = j->next;
		if (!d->head)
			d->tail = NULL;
		d->in_job = true;
		d->cur_abandoned = false;
		d->cur_req = job_interruptible(j) ? j->req : NULL;
		ahead_before_job(d, j);
		pthread_mutex_unlock(&d->lock);

		run_job(d, j);
		done = j->type == STF_JOB_SHUTDOWN;

		pthread_mutex_lock(&d->lock);
		d->in_job = false;
		d->cur_req = NULL;
		d->cur_abandoned = false;
		job_free(j);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

int stf_drive_start(struct stf_drive *d)
{
	sigset_t all, old;
	int err;

	/* An interrupted client ends the worker's wait for the drive. */
	sttape_session_set_cancel(d->session, job_cancelled, d);
	/* The worker never takes SIGTERM/SIGINT: main waits for them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&d->thread, NULL, worker_main, d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return -err;
	d->thread_started = true;
	return 0;
}

void stf_drive_stop(struct stf_drive *d)
{
	if (!d->thread_started)
		return;
	stf_submit(d, d->shutdown_job); /* freed by the worker */
	d->shutdown_job = NULL;
	pthread_join(d->thread, NULL);
	d->thread_started = false;
}

void stf_drive_fini(struct stf_drive *d)
{
	struct stf_job *j;
	unsigned int i;

	while ((j = d->head)) {
		d->head = j->next;
		if (j->req)
			fuse_reply_err(j->req, ENXIO);
		job_free(j);
	}
	job_free(d->shutdown_job);
	for (i = 0; i < STTAPE_SESSION_AHEAD_MAX; i++) {
		free(d->ahead.slot[i].buf);
		d->ahead.slot[i].buf = NULL;
	}
	pthread_cond_destroy(&d->ahead.done);
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
}
