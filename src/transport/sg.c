/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg.c - the SCSI generic backend: /dev/sgN (sg v3/v4) and
 * /dev/bsg/H:C:T:L through libsgutils2's pass-through object (sg_pt).
 *
 * Open: the node must be a character device that libsgutils2 recognises
 * as sg or bsg; INQUIRY must say sequential-access; READ BLOCK LIMITS
 * gives the largest record, the sg reserved buffer is raised to it, and
 * the per-command transfer limit of the path is worked out from the
 * kernel (reserved size, the queue's max_sectors, scatter-gather table
 * size).
 *
 * Execute: one SG_IO per command, never retried.  Timeouts go to the
 * kernel in whole seconds (rounded up).
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <scsi/sg.h>
#include <scsi/sg_pt.h>

#include <sttape/cdb.h>
#include <sttape/sense.h>
#include <sttape/transport.h>

#include "bytes.h"
#include "transport_priv.h"

#define CAP_HINT                                                               \
	"tape commands through sg need CAP_SYS_RAWIO (run as root or grant "   \
	"the capability)"

/*
 * Reserved buffer: the drive's maximum block length, but at most 8 MiB
 * of kernel memory per drive (larger records still work: sg then builds
 * a buffer per command).  1 MiB when the drive does not say.
 */
#define SG_RESERVE_CAP	   (8u << 20)
#define SG_RESERVE_DEFAULT (1u << 20)
/* sg's default scatter element size (module parameter scatter_elem_sz). */
#define SG_ELEM_DEFAULT 32768L
/* libsgutils2 multiplies the seconds by 1000 in an int. */
#define SG_TIMEOUT_SECS_MAX ((unsigned int)(INT_MAX / 1000))
/* UNIT ATTENTIONs the open-time READ BLOCK LIMITS may collect. */
#define SG_UA_MAX 4

struct sg_ua {
	size_t len;
	uint8_t sense[STTAPE_SENSE_MAX];
};

struct sg_priv {
	struct sttape_transport t;
	int fd;
	struct sg_pt_base *pt;
	bool bsg;
	char path[256];
	char ident[STTAPE_TRANSPORT_IDENT_MAX];
	/* Limits found at open; -1 where unknown. */
	long drive_max; /* READ BLOCK LIMITS maximum block length */
	long reserved;	/* SG_GET_RESERVED_SIZE after the set */
	long tablesize; /* scatter-gather entries per command */
	long host_max;	/* host max_sectors, in bytes */
	long elem_sz;	/* sg scatter element size */
	/* UNIT ATTENTIONs taken by the open's probe, reported in order. */
	bool opened; /* probes done: replay from now on */
	unsigned int ua_count, ua_next;
	struct sg_ua ua[SG_UA_MAX];
};

/*
 * Linux SCSI host byte (DID_*, include/scsi/scsi_status.h) values that
 * mean more than "failed"; sorted by value.  Everything else is -EIO.
 */
static const struct {
	int host;
	int err;
} sg_host_errs[] = {
	{0x01, -ENODEV},    /* DID_NO_CONNECT: device removed, offline */
	{0x03, -ETIMEDOUT}, /* DID_TIME_OUT */
	{0x04, -ENODEV},    /* DID_BAD_TARGET */
	{0x12, -ENOMEM},    /* DID_ALLOC_FAILURE */
};

/* Linux driver byte: DRIVER_TIMEOUT, and DRIVER_SENSE (not an error). */
#define SG_DRIVER_MASK	  0x0f
#define SG_DRIVER_TIMEOUT 0x06
#define SG_DRIVER_SENSE	  0x08

int sttape_sg_host_errno(int host_status, int driver_status)
{
	size_t i;
	int drv = driver_status & SG_DRIVER_MASK;

	for (i = 0; i < sizeof(sg_host_errs) / sizeof(sg_host_errs[0]); i++)
		if (sg_host_errs[i].host == host_status)
			return sg_host_errs[i].err;
	if (host_status)
		return -EIO;
	if (drv == SG_DRIVER_TIMEOUT)
		return -ETIMEDOUT;
	if (drv && drv != SG_DRIVER_SENSE)
		return -EIO;
	return 0;
}

int sttape_sg_os_errno(int err)
{
	switch (err) {
	case ENODEV:
	case ENXIO:
		return -ENODEV;
	case EPERM:
	case EACCES:
		return -EPERM;
	case EINVAL:
	case EOVERFLOW:
	case EFAULT:
		return -EINVAL;
	case ENOMEM:
		return -ENOMEM;
	case EINTR:
		return -EINTR;
	case ETIMEDOUT:
		return -ETIMEDOUT;
	default:
		return -EIO;
	}
}

static unsigned int sg_timeout_secs(unsigned int ms)
{
	unsigned int secs = sttape_transport_timeout_secs(ms);

	return secs > SG_TIMEOUT_SECS_MAX ? SG_TIMEOUT_SECS_MAX : secs;
}

/*
 * Commands that neither report nor clear a pending unit attention
 * (SAM-5, unit attention condition); sorted by operation code.
 */
static bool sg_ua_exempt(uint8_t opcode)
{
	return opcode == STTAPE_OP_REQUEST_SENSE ||
	       opcode == STTAPE_OP_INQUIRY || opcode == 0xa0 /* REPORT LUNS */;
}

/* Report a unit attention the open took, instead of sending cmd. */
static bool sg_replay_ua(struct sg_priv *p, const struct sttape_cmd *cmd,
			 struct sttape_cmd_result *res)
{
	const struct sg_ua *ua;

	if (!p->opened || p->ua_next >= p->ua_count ||
	    sg_ua_exempt(cmd->cdb[0]))
		return false;
	ua = &p->ua[p->ua_next++];
	res->status = STTAPE_STATUS_CHECK_CONDITION;
	res->sense_len = ua->len;
	memcpy(res->sense, ua->sense, ua->len);
	res->resid = cmd->len;
	return true;
}

static void sg_collect(struct sg_pt_base *pt, const struct sttape_cmd *cmd,
		       struct sttape_cmd_result *res)
{
	int cat = get_scsi_pt_result_category(pt);
	int n;

	switch (cat) {
	case SCSI_PT_RESULT_OS_ERR:
		res->transport_err = sttape_sg_os_errno(get_scsi_pt_os_err(pt));
		return;
	case SCSI_PT_RESULT_TRANSPORT_ERR:
		/* libsgutils2 1.46 returns the host byte here. */
		res->transport_err =
			sttape_sg_host_errno(get_scsi_pt_transport_err(pt), 0);
		if (!res->transport_err)
			res->transport_err = -EIO; /* driver byte error */
		return;
	default:
		break;
	}
	res->status = (uint8_t)get_scsi_pt_status_response(pt);
	n = get_scsi_pt_sense_len(pt);
	if (n > 0)
		res->sense_len = (size_t)n < sizeof(res->sense)
					 ? (size_t)n
					 : sizeof(res->sense);
	n = get_scsi_pt_resid(pt);
	if (n > 0)
		res->resid = (size_t)n < cmd->len ? (size_t)n : cmd->len;
}

static int sg_execute(struct sttape_transport *t, const struct sttape_cmd *cmd,
		      struct sttape_cmd_result *res)
{
	struct sg_priv *p = t->priv;
	int rc;

	if (sg_replay_ua(p, cmd, res))
		return 0;
	if (cmd->len > INT_MAX) {
		res->transport_err = -EINVAL;
		res->resid = cmd->len;
		return 0;
	}
	clear_scsi_pt_obj(p->pt);
	set_scsi_pt_cdb(p->pt, cmd->cdb, (int)cmd->cdb_len);
	set_scsi_pt_sense(p->pt, res->sense, (int)sizeof(res->sense));
	if (cmd->len && cmd->dir == STTAPE_DIR_IN)
		set_scsi_pt_data_in(p->pt, cmd->data, (int)cmd->len);
	else if (cmd->len && cmd->dir == STTAPE_DIR_OUT)
		set_scsi_pt_data_out(p->pt, cmd->data, (int)cmd->len);
	rc = do_scsi_pt(p->pt, -1, (int)sg_timeout_secs(cmd->timeout_ms), 0);
	if (rc < 0)
		res->transport_err = sttape_sg_os_errno(-rc);
	else if (rc == SCSI_PT_DO_TIMEOUT)
		res->transport_err = -ETIMEDOUT;
	else if (rc > 0)
		res->transport_err = -EIO;
	else
		sg_collect(p->pt, cmd, res);
	if (res->transport_err) {
		res->status = 0;
		res->sense_len = 0;
		res->resid = cmd->len;
	}
	return 0;
}

static void sg_describe(struct sttape_transport *t, char *buf, size_t len)
{
	struct sg_priv *p = t->priv;

	snprintf(buf, len,
		 "%s %s [%s]: max transfer %zu (drive %ld, reserved %ld, "
		 "host %ld, sg_tablesize %ld)",
		 p->bsg ? "bsg" : "sg", p->path, p->ident, t->max_transfer,
		 p->drive_max, p->reserved, p->host_max, p->tablesize);
}

static void sg_free(struct sg_priv *p)
{
	if (p->pt)
		destruct_scsi_pt_obj(p->pt);
	if (p->fd >= 0)
		scsi_pt_close_device(p->fd);
	free(p);
}

static void sg_close(struct sttape_transport *t)
{
	sg_free(t->priv);
}

static const struct sttape_transport_ops sg_ops = {
	.name = "sg",
	.execute = sg_execute,
	.close = sg_close,
	.describe = sg_describe,
};

/* The kind of node, for the "not a SCSI generic device" message. */
static const char *node_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISBLK(mode))
		return "a block device; use its /dev/sgN node";
	if (S_ISCHR(mode))
		return "another character device";
	return "not a device node";
}

static int sg_check_node(const char *path, struct stat *st, char *why,
			 size_t why_len)
{
	if (stat(path, st) < 0) {
		int e = errno;

		if (e == ENOENT || e == ENOTDIR) {
			sttape_transport_why(why, why_len, "%s: no such device",
					     path);
			return -ENOENT;
		}
		if (e == EACCES) {
			sttape_transport_why(why, why_len,
					     "%s: permission denied; " CAP_HINT,
					     path);
			return -EACCES;
		}
		sttape_transport_why(why, why_len, "%s: %s", path, strerror(e));
		return -e;
	}
	if (!S_ISCHR(st->st_mode)) {
		sttape_transport_why(why, why_len,
				     "%s: not a SCSI generic device (%s)", path,
				     node_kind(st->st_mode));
		return -ENOTTY;
	}
	return 0;
}

static int sg_open_fd(const char *path, char *why, size_t why_len)
{
	int fd = scsi_pt_open_device(path, false, 0);

	if (fd >= 0)
		return fd;
	switch (-fd) {
	case EACCES:
	case EPERM:
		sttape_transport_why(why, why_len,
				     "%s: permission denied (read-write access "
				     "needed); " CAP_HINT,
				     path);
		return fd;
	case ENXIO:
	case ENODEV:
		sttape_transport_why(why, why_len,
				     "%s: no device behind this node", path);
		return -ENODEV;
	default:
		sttape_transport_why(why, why_len, "%s: %s", path,
				     strerror(-fd));
		return fd;
	}
}

static long read_sysfs_long(const char *pattern)
{
	glob_t g;
	long v = -1;
	FILE *f;

	if (glob(pattern, 0, NULL, &g) != 0)
		return -1;
	f = g.gl_pathc ? fopen(g.gl_pathv[0], "r") : NULL;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	globfree(&g);
	return v;
}

/*
 * Host limits from sysfs: /sys/dev/char/M:m/device is the SCSI device;
 * its host's max_sectors (512-byte units) and sg_tablesize are two
 * levels up.
 */
static void sg_sysfs_limits(struct sg_priv *p, dev_t rdev)
{
	char pat[128];
	long v;

	snprintf(pat, sizeof(pat),
		 "/sys/dev/char/%u:%u/device/../../scsi_host/*/max_sectors",
		 major(rdev), minor(rdev));
	v = read_sysfs_long(pat);
	p->host_max = v > 0 && v < LONG_MAX / 512 ? v * 512 : -1;
	if (p->tablesize <= 0) {
		snprintf(pat, sizeof(pat),
			 "/sys/dev/char/%u:%u/device/../../scsi_host/*/"
			 "sg_tablesize",
			 major(rdev), minor(rdev));
		p->tablesize = read_sysfs_long(pat);
	}
	v = read_sysfs_long("/sys/module/sg/parameters/scatter_elem_sz");
	p->elem_sz = v > 0 ? v : SG_ELEM_DEFAULT;
}

/* min over the known (positive) values; 0 when none is known. */
static size_t min_known(size_t cur, long v)
{
	if (v <= 0)
		return cur;
	return (!cur || (size_t)v < cur) ? (size_t)v : cur;
}

size_t sttape_sg_transfer_limit(const struct sttape_sg_limits *l)
{
	size_t lim = min_known(0, l->host_max);

	if (l->tablesize > 0 && l->seg_bytes > 0 &&
	    l->tablesize <= LONG_MAX / l->seg_bytes)
		lim = min_known(lim, l->tablesize * l->seg_bytes);
	/* A reserve clamped below what we asked for is the queue's limit. */
	if (l->reserved > 0 && l->reserved < l->wanted)
		lim = min_known(lim, l->reserved);
	return lim;
}

/*
 * sg: the reserved buffer, raised to the drive's largest record (the
 * kernel clamps it to the queue's max_sectors); larger commands get a
 * buffer of at most sg_tablesize scatter elements.  bsg maps the
 * caller's pages: at worst one page per scatter-gather entry.  The
 * drive's maximum block length is not a limit of the path (a fixed-mode
 * READ moves many blocks), so it only sizes the reserve.
 */
static void sg_find_limits(struct sg_priv *p, dev_t rdev)
{
	struct sttape_sg_limits l = {.wanted = SG_RESERVE_DEFAULT};
	int v;

	if (p->drive_max > 0)
		l.wanted = p->drive_max;
	if (l.wanted > (long)SG_RESERVE_CAP)
		l.wanted = SG_RESERVE_CAP;
	p->reserved = -1;
	p->tablesize = -1;
	if (!p->bsg) {
		v = (int)l.wanted;
		(void)ioctl(p->fd, SG_SET_RESERVED_SIZE, &v);
		if (ioctl(p->fd, SG_GET_RESERVED_SIZE, &v) == 0)
			p->reserved = v;
		if (ioctl(p->fd, SG_GET_SG_TABLESIZE, &v) == 0 && v > 0)
			p->tablesize = v;
	}
	sg_sysfs_limits(p, rdev);
	/*
	 * The request queue's max_sectors is the real per-command limit;
	 * sg reports it in bytes through BLKSECTGET, where the host's
	 * max_sectors in sysfs is missing for many drivers (virtio_scsi).
	 */
	if (!p->bsg && ioctl(p->fd, BLKSECTGET, &v) == 0 && v > 0)
		p->host_max = v;
	l.reserved = p->reserved;
	l.tablesize = p->tablesize;
	l.seg_bytes = p->bsg ? sysconf(_SC_PAGESIZE) : p->elem_sz;
	l.host_max = p->host_max;
	p->t.max_transfer = sttape_sg_transfer_limit(&l);
}

static bool sense_is_ua(const uint8_t *buf, size_t len)
{
	struct sttape_sense s;

	return sttape_sense_parse(buf, len, &s) == 0 &&
	       s.key == STTAPE_SK_UNIT_ATTENTION;
}

/*
 * READ BLOCK LIMITS (SSC-4 7.6): maximum block length, bytes 1..3.  A
 * unit attention is kept for the caller and the probe repeated; any
 * other failure leaves the maximum unknown (e.g. no medium on some
 * drives), except EPERM, which no tape command would get past.
 */
static int sg_block_limits(struct sg_priv *p, char *why, size_t why_len)
{
	uint8_t cdb[STTAPE_CDB_MAX], data[6];
	struct sttape_cmd cmd = {
		.cdb = cdb,
		.dir = STTAPE_DIR_IN,
		.data = data,
		.len = sizeof(data),
		.timeout_ms = STTAPE_TRANSPORT_PROBE_TIMEOUT_MS,
	};
	struct sttape_cmd_result res;
	int rc = sttape_cdb_read_block_limits(cdb);

	if (rc < 0)
		return rc;
	cmd.cdb_len = (size_t)rc;
	p->drive_max = -1;
	for (;;) {
		rc = sttape_transport_execute(&p->t, &cmd, &res);
		if (rc < 0)
			return rc;
		if (res.transport_err == -EPERM) {
			sttape_transport_why(why, why_len,
					     "%s: READ BLOCK LIMITS refused "
					     "(EPERM): " CAP_HINT,
					     p->path);
			return -EPERM;
		}
		if (res.transport_err ||
		    res.status != STTAPE_STATUS_CHECK_CONDITION ||
		    !sense_is_ua(res.sense, res.sense_len) ||
		    p->ua_count >= SG_UA_MAX)
			break;
		p->ua[p->ua_count].len = res.sense_len;
		memcpy(p->ua[p->ua_count].sense, res.sense, res.sense_len);
		p->ua_count++;
	}
	if (!res.transport_err && res.status == STTAPE_STATUS_GOOD &&
	    res.resid <= sizeof(data) - 4)
		p->drive_max = (long)sttape_get_be24(data + 1);
	return 0;
}

static int sg_setup(struct sg_priv *p, const struct stat *st, char *why,
		    size_t why_len)
{
	int kind, rc;

	kind = check_pt_file_handle(p->fd, p->path, 0);
	if (kind != 1 && kind != 2) {
		sttape_transport_why(why, why_len,
				     "%s: not a SCSI generic device (character "
				     "device %u:%u)",
				     p->path, major(st->st_rdev),
				     minor(st->st_rdev));
		return -ENOTTY;
	}
	p->bsg = kind == 2;
	p->pt = construct_scsi_pt_obj_with_fd(p->fd, 0);
	if (!p->pt)
		return -ENOMEM;
	if (get_scsi_pt_os_err(p->pt)) {
		rc = get_scsi_pt_os_err(p->pt);
		sttape_transport_why(why, why_len, "%s: %s", p->path,
				     strerror(rc));
		return -rc;
	}
	rc = sttape_transport_check_tape(&p->t, p->path, p->ident, why,
					 why_len);
	if (rc < 0)
		return rc;
	rc = sg_block_limits(p, why, why_len);
	if (rc < 0)
		return rc;
	sg_find_limits(p, st->st_rdev);
	p->opened = true;
	return 0;
}

int sttape_sg_open(const char *path, struct sttape_transport **out, char *why,
		   size_t why_len)
{
	struct sg_priv *p;
	struct stat st;
	int rc;

	if (!*path) {
		sttape_transport_why(why, why_len, "sg: no path given");
		return -EINVAL;
	}
	rc = sg_check_node(path, &st, why, why_len);
	if (rc < 0)
		return rc;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->fd = -1;
	p->drive_max = p->reserved = p->tablesize = p->host_max = -1;
	snprintf(p->path, sizeof(p->path), "%s", path);
	p->t.ops = &sg_ops;
	p->t.priv = p;
	p->fd = sg_open_fd(path, why, why_len);
	rc = p->fd < 0 ? p->fd : sg_setup(p, &st, why, why_len);
	if (rc < 0) {
		sg_free(p);
		return rc;
	}
	*out = &p->t;
	return 0;
}
