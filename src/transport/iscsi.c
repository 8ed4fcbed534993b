/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iscsi.c - the iSCSI backend on libiscsi.
 *
 * One session per transport: login at open, logout at close.  Tape
 * positions do not survive a replayed command, so:
 *   - automatic reconnection is off, and the first connection loss,
 *     protocol error or timeout makes the transport dead (-ENODEV for
 *     every later command) until the caller reopens it;
 *   - the login sends no command to the LUN (libiscsi's full connect with
 *     a LUN would send TEST UNIT READY until the unit attentions are
 *     gone, and fail the login on NOT READY): we log in with LUN -1, so
 *     every unit attention reaches the caller.
 * Each command runs libiscsi's asynchronous call under our own poll loop
 * rather than iscsi_scsi_command_sync: the completion state then lives in
 * the transport, so a command abandoned on a broken connection can still
 * be completed safely when the context is destroyed.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include <sttape/transport.h>

#include "bytes.h"
#include "transport_priv.h"

#define ISCSI_INITIATOR "iqn.2026-11.org.sttape:initiator"
/* Login and logout PDUs. */
#define ISCSI_LOGIN_TIMEOUT_S  30
#define ISCSI_LOGOUT_TIMEOUT_S 5
/* Our loop gives up this long after libiscsi should have timed out. */
#define ISCSI_GRACE_S 5

struct iscsi_priv {
	struct sttape_transport t;
	struct iscsi_context *ctx;
	int lun;
	char url[256];
	char ident[STTAPE_TRANSPORT_IDENT_MAX];
	/* Completion of the login or command in flight (iscsi_done). */
	bool done;
	int status;
	char err[160];
	char prev_err[160]; /* libiscsi's error text before the command */
	/* A task libiscsi may still hold; freed after the context. */
	struct scsi_task *orphan;
	/* Set at the first lost connection, protocol error or timeout. */
	bool dead;
	char dead_why[160];
};

int sttape_iscsi_errno_of(const char *msg, int fallback)
{
	const char *q, *text;
	char *end;
	size_t tl;
	long n;

	for (q = msg ? strchr(msg, '(') : NULL; q; q = strchr(q + 1, '(')) {
		if (q[1] < '0' || q[1] > '9')
			continue;
		n = strtol(q + 1, &end, 10);
		if (*end != ')' || n <= 0 || n >= 4096)
			continue;
		text = strerror((int)n);
		tl = strlen(text);
		if ((size_t)(q - msg) >= tl && strncmp(q - tl, text, tl) == 0)
			return -(int)n;
	}
	return fallback;
}

/* errno for a failed login, from libiscsi's message. */
static int login_errno(const char *msg)
{
	if (msg && strstr(msg, "Target not found"))
		return -ENOENT;
	if (msg &&
	    (strstr(msg, "uthentication") || strstr(msg, "uthorization")))
		return -EACCES;
	return sttape_iscsi_errno_of(msg, -EIO);
}

/*
 * Mark the session dead.  libiscsi's error text is added only when it
 * changed since the command started (it keeps the last, maybe stale, one).
 */
static void kill_session(struct iscsi_priv *p, const char *what)
{
	const char *e = iscsi_get_error(p->ctx);
	bool fresh = e && *e && strcmp(e, p->prev_err) != 0;

	p->dead = true;
	snprintf(p->dead_why, sizeof(p->dead_why), "%s%s%s", what,
		 fresh ? ": " : "", fresh ? e : "");
}

static void note_error_text(struct iscsi_priv *p)
{
	const char *e = iscsi_get_error(p->ctx);

	snprintf(p->prev_err, sizeof(p->prev_err), "%s", e ? e : "");
}

/*
 * Completion of a login or a command.  libiscsi overwrites its error
 * text as it unwinds, so keep the text it had when the failure arrived.
 */
static void iscsi_done(struct iscsi_context *ctx, int status, void *data,
		       void *private_data)
{
	struct iscsi_priv *p = private_data;
	const char *e = iscsi_get_error(ctx);

	p->status = status;
	p->done = true;
	if (status != SCSI_STATUS_GOOD)
		snprintf(p->err, sizeof(p->err), "%s", e ? e : "");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Drive libiscsi until the command completes; 0, or -errno (dead). */
static int iscsi_wait(struct iscsi_priv *p, unsigned int secs)
{
	double deadline = now_s() + secs + ISCSI_GRACE_S;
	struct pollfd pfd;
	int n;

	while (!p->done) {
		pfd.fd = iscsi_get_fd(p->ctx);
		if (pfd.fd < 0) {
			kill_session(p, "connection closed");
			return -ENODEV;
		}
		if (now_s() > deadline) {
			kill_session(p, "no answer, no timeout from libiscsi");
			return -ETIMEDOUT;
		}
		pfd.events = (short)iscsi_which_events(p->ctx);
		pfd.revents = 0;
		n = poll(&pfd, 1, 1000);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			kill_session(p, "poll failed");
			return -EIO;
		}
		if (iscsi_service(p->ctx, n ? pfd.revents : 0) < 0) {
			kill_session(p, "connection lost");
			/* A completion that came first still counts. */
			return p->done ? 0 : -ENODEV;
		}
	}
	return 0;
}

/* transport_err for libiscsi's own (non-SAM) completion codes. */
static int iscsi_status_errno(struct iscsi_priv *p, int status)
{
	switch (status) {
	case SCSI_STATUS_TIMEOUT:
		kill_session(p, "command timed out");
		return -ETIMEDOUT;
	case SCSI_STATUS_CANCELLED:
		kill_session(p, "connection lost");
		return -ENODEV;
	default:
		kill_session(p, "iSCSI error");
		return -EIO;
	}
}

static void iscsi_fill(const struct scsi_task *task,
		       const struct sttape_cmd *cmd, int status,
		       struct sttape_cmd_result *res)
{
	size_t n;

	res->status = (uint8_t)status;
	if (task->residual_status == SCSI_RESIDUAL_UNDERFLOW)
		res->resid =
			task->residual < cmd->len ? task->residual : cmd->len;
	/* Sense: 2-byte SenseLength, then the bytes (RFC 7143 11.4.7.2). */
	if (status != SCSI_STATUS_CHECK_CONDITION || !task->datain.data ||
	    task->datain.size < 2)
		return;
	n = sttape_get_be16(task->datain.data);
	if (n > (size_t)task->datain.size - 2)
		n = (size_t)task->datain.size - 2;
	if (n > sizeof(res->sense))
		n = sizeof(res->sense);
	memcpy(res->sense, task->datain.data + 2, n);
	res->sense_len = n;
}

static struct scsi_task *iscsi_make_task(const struct sttape_cmd *cmd)
{
	static const int xfer[] = {
		[STTAPE_DIR_NONE] = SCSI_XFER_NONE,
		[STTAPE_DIR_IN] = SCSI_XFER_READ,
		[STTAPE_DIR_OUT] = SCSI_XFER_WRITE,
	};
	int dir = cmd->len ? xfer[cmd->dir] : SCSI_XFER_NONE;
	unsigned char cdb[STTAPE_TRANSPORT_CDB_MAX];
	struct scsi_task *task;

	/* libiscsi copies the CDB, through a non-const parameter. */
	memcpy(cdb, cmd->cdb, cmd->cdb_len);
	task = scsi_create_task((int)cmd->cdb_len, cdb, dir, (int)cmd->len);
	if (!task)
		return NULL;
	/* Read straight into the caller's buffer. */
	if (dir == SCSI_XFER_READ &&
	    scsi_task_add_data_in_buffer(task, (int)cmd->len, cmd->data)) {
		scsi_free_scsi_task(task);
		return NULL;
	}
	return task;
}

static int iscsi_run(struct iscsi_priv *p, struct scsi_task *task,
		     const struct sttape_cmd *cmd,
		     struct sttape_cmd_result *res)
{
	unsigned int secs = sttape_transport_timeout_secs(cmd->timeout_ms);
	struct iscsi_data out = {.size = cmd->len, .data = cmd->data};
	bool is_out = cmd->dir == STTAPE_DIR_OUT && cmd->len;
	int rc;

	if (secs > INT_MAX)
		secs = INT_MAX;
	iscsi_set_timeout(p->ctx, (int)secs);
	note_error_text(p);
	p->done = false;
	if (iscsi_scsi_command_async(p->ctx, p->lun, task, iscsi_done,
				     is_out ? &out : NULL, p) != 0) {
		kill_session(p, "cannot queue the command");
		scsi_free_scsi_task(task); /* libiscsi kept no reference */
		return -EIO;
	}
	rc = iscsi_wait(p, secs);
	if (rc < 0) {
		p->orphan = task; /* libiscsi may still complete it */
		return rc;
	}
	if (p->status < 0 || p->status > 0xff) {
		rc = iscsi_status_errno(p, p->status);
	} else {
		iscsi_fill(task, cmd, p->status, res);
		rc = 0;
	}
	scsi_free_scsi_task(task);
	return rc;
}

static int iscsi_execute(struct sttape_transport *t,
			 const struct sttape_cmd *cmd,
			 struct sttape_cmd_result *res)
{
	struct iscsi_priv *p = t->priv;
	struct scsi_task *task;
	struct sttape_pipe_guard g;
	int rc;

	if (p->dead) {
		res->transport_err = -ENODEV;
		res->resid = cmd->len;
		return 0;
	}
	if (cmd->len > INT_MAX) {
		res->transport_err = -EINVAL;
		res->resid = cmd->len;
		return 0;
	}
	task = iscsi_make_task(cmd);
	if (!task)
		return -ENOMEM;
	sttape_pipe_guard_enter(&g);
	rc = iscsi_run(p, task, cmd, res);
	sttape_pipe_guard_leave(&g);
	if (rc < 0) {
		memset(res, 0, sizeof(*res));
		res->transport_err = rc;
		res->resid = cmd->len;
	}
	return 0;
}

static void iscsi_describe(struct sttape_transport *t, char *buf, size_t len)
{
	struct iscsi_priv *p = t->priv;

	snprintf(buf, len, "iscsi %s [%s]: %s%s", p->url, p->ident,
		 p->dead ? "dead: " : "no transfer limit of its own",
		 p->dead ? p->dead_why : "");
}

static void iscsi_free_priv(struct iscsi_priv *p)
{
	struct sttape_pipe_guard g;

	if (p->ctx) {
		sttape_pipe_guard_enter(&g);
		if (!p->dead && iscsi_is_logged_in(p->ctx)) {
			iscsi_set_timeout(p->ctx, ISCSI_LOGOUT_TIMEOUT_S);
			(void)iscsi_logout_sync(p->ctx);
		}
		/* Completes (cancels) anything still queued, into p. */
		iscsi_destroy_context(p->ctx);
		sttape_pipe_guard_leave(&g);
	}
	if (p->orphan)
		scsi_free_scsi_task(p->orphan);
	free(p);
}

static void iscsi_close(struct sttape_transport *t)
{
	iscsi_free_priv(t->priv);
}

static const struct sttape_transport_ops iscsi_ops = {
	.name = "iscsi",
	.execute = iscsi_execute,
	.close = iscsi_close,
	.describe = iscsi_describe,
};

/* The URL without user and password, for messages and describe. */
static void redact_url(char *dst, size_t len, const char *url)
{
	const char *host = url + strlen("iscsi://");
	const char *at = strchr(host, '@');
	const char *slash = strchr(host, '/');

	if (at && (!slash || at < slash))
		snprintf(dst, len, "iscsi://%s", at + 1);
	else
		snprintf(dst, len, "%s", url);
}

/*
 * TCP connected: log in.  (Not iscsi_full_connect_async, which leaks its
 * state when the portal hangs up mid-login and, given a LUN, sends TEST
 * UNIT READY until no unit attention is left.)
 */
static void iscsi_connected(struct iscsi_context *ctx, int status, void *data,
			    void *private_data)
{
	if (status == SCSI_STATUS_GOOD &&
	    iscsi_login_async(ctx, iscsi_done, private_data) == 0)
		return;
	iscsi_done(ctx, status == SCSI_STATUS_GOOD ? SCSI_STATUS_ERROR : status,
		   data, private_data);
}

static int login_failed(struct iscsi_priv *p, int rc, char *why, size_t why_len)
{
	const char *text = p->err;

	if (rc == -ETIMEDOUT || (p->done && p->status == SCSI_STATUS_TIMEOUT)) {
		rc = -ETIMEDOUT;
		text = "no answer from the portal";
	} else if (!p->done) {
		rc = -ECONNRESET;
		text = "the portal closed the connection during login";
	} else {
		rc = login_errno(p->err);
	}
	sttape_transport_why(why, why_len, "%s: cannot log in: %s", p->url,
			     text[0] ? text : "unknown error");
	p->dead = true; /* no logout at close */
	return rc;
}

static int iscsi_login(struct iscsi_priv *p, const char *url, char *why,
		       size_t why_len)
{
	struct iscsi_url *iu;
	struct sttape_pipe_guard g;
	int rc;

	iu = iscsi_parse_full_url(p->ctx, url);
	if (!iu) {
		sttape_transport_why(why, why_len,
				     "%s: bad iSCSI URL (%s); use "
				     "iscsi://[user[%%password]@]host[:port]/"
				     "target-iqn/lun",
				     p->url, iscsi_get_error(p->ctx));
		return -EINVAL;
	}
	p->lun = iu->lun;
	iscsi_set_targetname(p->ctx, iu->target);
	iscsi_set_session_type(p->ctx, ISCSI_SESSION_NORMAL);
	iscsi_set_header_digest(p->ctx, ISCSI_HEADER_DIGEST_NONE_CRC32C);
	if (iu->user[0])
		iscsi_set_initiator_username_pwd(p->ctx, iu->user, iu->passwd);
	iscsi_set_noautoreconnect(p->ctx, 1);
	iscsi_set_no_ua_on_reconnect(p->ctx, 0);
	iscsi_set_timeout(p->ctx, ISCSI_LOGIN_TIMEOUT_S);
	p->done = false;
	p->err[0] = '\0';
	sttape_pipe_guard_enter(&g);
	if (iscsi_connect_async(p->ctx, iu->portal, iscsi_connected, p)) {
		snprintf(p->err, sizeof(p->err), "%s",
			 iscsi_get_error(p->ctx) ? iscsi_get_error(p->ctx)
						 : "");
		p->done = true;
		p->status = SCSI_STATUS_ERROR;
		rc = 0;
	} else {
		rc = iscsi_wait(p, ISCSI_LOGIN_TIMEOUT_S);
	}
	sttape_pipe_guard_leave(&g);
	iscsi_destroy_url(iu);
	if (rc == 0 && p->done && p->status == SCSI_STATUS_GOOD) {
		p->dead = false;
		return 0;
	}
	return login_failed(p, rc, why, why_len);
}

int sttape_iscsi_open(const char *url, struct sttape_transport **out, char *why,
		      size_t why_len)
{
	struct iscsi_priv *p = calloc(1, sizeof(*p));
	int rc;

	if (!p)
		return -ENOMEM;
	redact_url(p->url, sizeof(p->url), url);
	p->t.ops = &iscsi_ops;
	p->t.priv = p;
	p->t.max_transfer = 0;
	p->ctx = iscsi_create_context(ISCSI_INITIATOR);
	if (!p->ctx) {
		sttape_transport_why(why, why_len, "%s: no iSCSI context",
				     p->url);
		free(p);
		return -ENOMEM;
	}
	rc = iscsi_login(p, url, why, why_len);
	if (rc == 0)
		rc = sttape_transport_check_tape(&p->t, p->url, p->ident, why,
						 why_len);
	if (rc < 0) {
		iscsi_free_priv(p);
		return rc;
	}
	*out = &p->t;
	return 0;
}
