/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * transport.c - choose a backend by the device string, check commands
 * before any backend sees them, and the helpers the backends share.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sttape/cdb.h>
#include <sttape/sense.h>
#include <sttape/transport.h>
#include <sttape/vdrive.h>

#include "transport_priv.h"

#define FORMS                                                                  \
	"/dev/sgN, /dev/bsg/H:C:T:L, sg:PATH, "                                \
	"iscsi://host[:port]/target-iqn/lun or vdrive:PATH[,option=value...]"

void sttape_transport_why(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !why_len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
}

unsigned int sttape_transport_timeout_secs(unsigned int ms)
{
	if (!ms)
		ms = STTAPE_TRANSPORT_DEFAULT_TIMEOUT_MS;
	return ms / 1000u + (ms % 1000u ? 1u : 0u);
}

void sttape_pipe_guard_enter(struct sttape_pipe_guard *g)
{
	sigset_t set, pending;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigemptyset(&pending);
	sigpending(&pending);
	g->was_pending = sigismember(&pending, SIGPIPE) == 1;
	pthread_sigmask(SIG_BLOCK, &set, &g->old);
}

void sttape_pipe_guard_leave(struct sttape_pipe_guard *g)
{
	static const struct timespec zero;
	sigset_t set, pending;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigemptyset(&pending);
	if (!g->was_pending && sigpending(&pending) == 0 &&
	    sigismember(&pending, SIGPIPE) == 1)
		(void)sigtimedwait(&set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

#ifndef STTAPE_HAVE_ISCSI
int sttape_iscsi_open(const char *url, struct sttape_transport **out, char *why,
		      size_t why_len)
{
	sttape_transport_why(why, why_len,
			     "%s: this libsttape was built without iSCSI "
			     "(STTAPE_WITH_ISCSI=OFF)",
			     url);
	return -EPROTONOSUPPORT;
}
#endif

static int open_backend(const char *device, struct sttape_transport **out,
			char *why, size_t why_len)
{
	if (has_prefix(device, "sg:"))
		return sttape_sg_open(device + 3, out, why, why_len);
	if (has_prefix(device, "/dev/sg") || has_prefix(device, "/dev/bsg/"))
		return sttape_sg_open(device, out, why, why_len);
	if (has_prefix(device, "iscsi://"))
		return sttape_iscsi_open(device, out, why, why_len);
	if (has_prefix(device, "vdrive:"))
		return sttape_vdrive_transport_open(device + 7, out, why,
						    why_len);
	sttape_transport_why(why, why_len, "%s: unknown device; use " FORMS,
			     device);
	return -EINVAL;
}

int sttape_transport_open(const char *device, struct sttape_transport **out,
			  char *why, size_t why_len)
{
	int rc;

	sttape_transport_why(why, why_len, "%s", "");
	if (!out) {
		sttape_transport_why(why, why_len, "no place for the handle");
		return -EINVAL;
	}
	*out = NULL;
	if (!device || !*device) {
		sttape_transport_why(why, why_len,
				     "no device given; use " FORMS);
		return -EINVAL;
	}
	rc = open_backend(device, out, why, why_len);
	if (rc < 0) {
		*out = NULL;
		return rc;
	}
	if (!*out || !(*out)->ops || !(*out)->ops->execute) {
		sttape_transport_why(why, why_len, "%s: backend gave no handle",
				     device);
		*out = NULL;
		return -EIO;
	}
	return 0;
}

static bool cmd_is_valid(const struct sttape_cmd *cmd)
{
	if (!cmd->cdb || !cmd->cdb_len ||
	    cmd->cdb_len > STTAPE_TRANSPORT_CDB_MAX)
		return false;
	switch (cmd->dir) {
	case STTAPE_DIR_NONE:
		return cmd->len == 0;
	case STTAPE_DIR_IN:
	case STTAPE_DIR_OUT:
		return cmd->data || cmd->len == 0;
	}
	return false;
}

int sttape_transport_execute(struct sttape_transport *t,
			     const struct sttape_cmd *cmd,
			     struct sttape_cmd_result *res)
{
	if (!res)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	if (!t || !t->ops || !t->ops->execute || !cmd || !cmd_is_valid(cmd)) {
		res->transport_err = -EINVAL;
		return -EINVAL;
	}
	if (t->max_transfer && cmd->len > t->max_transfer) {
		res->transport_err = -EINVAL;
		res->resid = cmd->len;
		return 0;
	}
	return t->ops->execute(t, cmd, res);
}

void sttape_transport_describe(struct sttape_transport *t, char *buf,
			       size_t len)
{
	if (!buf || !len)
		return;
	buf[0] = '\0';
	if (!t || !t->ops) {
		snprintf(buf, len, "no transport");
		return;
	}
	if (t->ops->describe)
		t->ops->describe(t, buf, len);
	else
		snprintf(buf, len, "%s", t->ops->name ? t->ops->name : "?");
}

void sttape_transport_close(struct sttape_transport *t)
{
	if (t && t->ops && t->ops->close)
		t->ops->close(t);
}

/* Copy an INQUIRY ASCII field without its trailing blanks. */
static size_t put_field(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	while (n && (src[n - 1] == ' ' || src[n - 1] == '\0'))
		n--;
	for (i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	return n;
}

/* "VENDOR PRODUCT REVISION" from standard INQUIRY data (SPC-5 6.7.2). */
static void inquiry_ident(const uint8_t *inq, size_t got, char *ident)
{
	size_t n = 0;

	ident[0] = '\0';
	if (got < 36)
		return;
	n += put_field(ident + n, inq + 8, 8);
	ident[n++] = ' ';
	n += put_field(ident + n, inq + 16, 16);
	ident[n++] = ' ';
	n += put_field(ident + n, inq + 32, 4);
	ident[n] = '\0';
}

/* ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED (SPC-5 4.4), either format */
static bool no_such_lun(const struct sttape_cmd_result *res)
{
	struct sttape_sense s;

	return res->status == STTAPE_STATUS_CHECK_CONDITION &&
	       sttape_sense_parse(res->sense, res->sense_len, &s) == 0 &&
	       s.key == STTAPE_SK_ILLEGAL_REQUEST && s.asc == 0x25;
}

static int inquiry_failed(const struct sttape_cmd_result *res, const char *name,
			  char *why, size_t why_len)
{
	if (res->transport_err == -EPERM) {
		sttape_transport_why(
			why, why_len,
			"%s: INQUIRY refused (EPERM): tape commands "
			"through sg need CAP_SYS_RAWIO (run as root "
			"or grant the capability)",
			name);
		return -EPERM;
	}
	if (res->transport_err) {
		sttape_transport_why(why, why_len, "%s: INQUIRY failed: %s",
				     name, strerror(-res->transport_err));
		return res->transport_err == -ENODEV ? -ENODEV : -EIO;
	}
	if (no_such_lun(res)) {
		sttape_transport_why(why, why_len, "%s: no such logical unit",
				     name);
		return -ENODEV;
	}
	sttape_transport_why(why, why_len,
			     "%s: INQUIRY failed: status 0x%02x, %zu bytes "
			     "of sense",
			     name, res->status, res->sense_len);
	return -EIO;
}

int sttape_transport_check_tape(struct sttape_transport *t, const char *name,
				char *ident, char *why, size_t why_len)
{
	uint8_t cdb[STTAPE_CDB_MAX], inq[96];
	struct sttape_cmd_result res;
	struct sttape_cmd cmd = {
		.cdb = cdb,
		.dir = STTAPE_DIR_IN,
		.data = inq,
		.len = sizeof(inq),
		.timeout_ms = STTAPE_TRANSPORT_PROBE_TIMEOUT_MS,
	};
	size_t got;
	int rc, pq, pdt;

	ident[0] = '\0';
	memset(inq, 0, sizeof(inq));
	rc = sttape_cdb_inquiry(cdb, false, 0, sizeof(inq));
	if (rc < 0)
		return rc;
	cmd.cdb_len = (size_t)rc;
	rc = sttape_transport_execute(t, &cmd, &res);
	if (rc < 0)
		return rc;
	if (res.transport_err || res.status != STTAPE_STATUS_GOOD)
		return inquiry_failed(&res, name, why, why_len);
	got = sizeof(inq) - res.resid;
	if (got < 1) {
		sttape_transport_why(why, why_len,
				     "%s: INQUIRY returned no data", name);
		return -EIO;
	}
	pq = inq[0] >> 5;
	pdt = inq[0] & 0x1f;
	if (pq != 0) {
		sttape_transport_why(why, why_len,
				     "%s: no logical unit here (peripheral "
				     "qualifier %d)",
				     name, pq);
		return -ENODEV;
	}
	if (pdt != 1) {
		sttape_transport_why(why, why_len,
				     "%s: not a sequential-access device (type "
				     "%d)",
				     name, pdt);
		return -ENODEV;
	}
	inquiry_ident(inq, got, ident);
	return 0;
}
