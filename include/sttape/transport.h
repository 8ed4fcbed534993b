/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/transport.h - how CDBs reach a drive.
 *
 * A transport is an opaque handle with an ops table.  Backends are chosen
 * by the device string:
 *   /dev/sgN, /dev/bsg/H:C:T:L, sg:PATH   SCSI generic (libsgutils2)
 *   iscsi://[user[%password]@]host[:port]/target-iqn/lun
 *                                         iSCSI (libiscsi)
 *   vdrive:PATH[,option=value...]         the built-in virtual drive
 * Programs may also supply their own ops table (tests use a scripted one).
 *
 * Opening an sg or iscsi device checks that it answers INQUIRY as a
 * sequential-access device (peripheral device type 1, SPC-5 6.7.2).  A
 * transport is used by one thread at a time.  It never retries, and never
 * reconnects on its own: a re-sent WRITE or SPACE would move the tape
 * twice.  UNIT ATTENTION conditions always reach the caller.
 *
 * sg: the open probes READ BLOCK LIMITS (SSC-4 7.6) to size the sg
 * reserved buffer; should the drive answer that probe with UNIT
 * ATTENTION, the transport keeps the sense and reports it, unchanged, as
 * the outcome of the caller's next command other than INQUIRY, REPORT
 * LUNS or REQUEST SENSE, which is then not sent (the drive would have
 * done the same: SAM-5, unit attention condition).  Opening needs
 * read-write access to the node; tape commands then need CAP_SYS_RAWIO
 * (else -EPERM).
 *
 * iscsi: one session per transport, automatic reconnection off.  After a
 * connection loss or a timed-out command the session is not trusted any
 * more: every later command fails with -ENODEV until the caller closes
 * and reopens (and so learns that the position is unknown).
 */
#ifndef STTAPE_TRANSPORT_H
#define STTAPE_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/sense.h>

#ifdef __cplusplus
extern "C" {
#endif

enum sttape_dir {
	STTAPE_DIR_NONE = 0,
	STTAPE_DIR_IN,	/* device to host: READ, INQUIRY, MODE SENSE ... */
	STTAPE_DIR_OUT, /* host to device: WRITE, MODE SELECT */
};

/* SCSI status bytes (SAM-5 table 38). */
#define STTAPE_STATUS_GOOD		   0x00
#define STTAPE_STATUS_CHECK_CONDITION	   0x02
#define STTAPE_STATUS_BUSY		   0x08
#define STTAPE_STATUS_RESERVATION_CONFLICT 0x18
#define STTAPE_STATUS_TASK_SET_FULL	   0x28

/* Longest CDB the backends pass (SSC-4 commands use at most 16 bytes). */
#define STTAPE_TRANSPORT_CDB_MAX 16

/*
 * Timeout of a command whose timeout_ms is 0: 15 minutes, Linux st's
 * normal timeout.  sg and iscsi count whole seconds: a timeout_ms is
 * rounded up to the next second, and iscsi notices expiry within a
 * further second (libiscsi scans its timers about once a second).
 */
#define STTAPE_TRANSPORT_DEFAULT_TIMEOUT_MS (900u * 1000u)

struct sttape_cmd {
	const uint8_t *cdb;
	size_t cdb_len; /* 1..STTAPE_TRANSPORT_CDB_MAX */
	enum sttape_dir dir;
	void *data; /* const for STTAPE_DIR_OUT; may be NULL when len is 0 */
	size_t len; /* must be 0 for STTAPE_DIR_NONE */
	unsigned int timeout_ms; /* 0: STTAPE_TRANSPORT_DEFAULT_TIMEOUT_MS */
};

struct sttape_cmd_result {
	/*
	 * 0: the command completed at the drive and status is valid.
	 * Negative errno: it did not, or its outcome is unknown:
	 *   -ENODEV     the device is gone (sg: removed or no connection;
	 *               iscsi: session lost, or dead after an earlier error)
	 *   -ETIMEDOUT  no answer within the timeout (the command may have
	 *               run; iscsi: the session is dead from now on)
	 *   -EIO        any other host, transport or protocol failure
	 *   -EINVAL     len beyond the path's limit (max_transfer, or refused
	 *               by the host); nothing was sent
	 *   -EPERM      the host refused the command (sg: CAP_SYS_RAWIO)
	 *   -ENOMEM     the host could not get a buffer of len bytes
	 *   -EINTR      sg: a signal interrupted the wait; outcome unknown
	 */
	int transport_err;
	uint8_t status;	  /* SAM-5 status, STTAPE_STATUS_* */
	size_t sense_len; /* 0 without sense data; <= STTAPE_SENSE_MAX */
	uint8_t sense[STTAPE_SENSE_MAX]; /* raw, as the device sent it */
	/*
	 * Bytes of len not transferred (0..len), as the host reports it.
	 * When the device had more data than len (an overlong record),
	 * resid is 0: the signed residue is in the sense INFORMATION field.
	 * sg v3 (/dev/sgN) reports 0 for data-out commands (libsgutils2
	 * 1.46 reads a field only bsg fills): take a WRITE's residue from
	 * the sense INFORMATION field.  tgtd (iscsi) reports 0 on a CHECK
	 * CONDITION at a filemark or end of data even when no data moved.
	 */
	size_t resid;
};

struct sttape_transport;

struct sttape_transport_ops {
	const char *name; /* "sg", "iscsi", "vdrive" ... */
	/*
	 * Returns 0 when res is filled (see transport_err), -errno else.
	 * Called through sttape_transport_execute, which has already
	 * checked cmd (CDB length, direction, len <= max_transfer) and
	 * zeroed res.
	 */
	int (*execute)(struct sttape_transport *t, const struct sttape_cmd *cmd,
		       struct sttape_cmd_result *res);
	/* Frees the transport itself too. */
	void (*close)(struct sttape_transport *t);
	/* One line: backend, path, identity, limits. */
	void (*describe)(struct sttape_transport *t, char *buf, size_t len);
};

struct sttape_transport {
	const struct sttape_transport_ops *ops;
	void *priv;
	/*
	 * Largest data length of one command the path accepts; 0 when the
	 * path sets no limit of its own (iscsi: libiscsi splits any length
	 * into PDUs) or it could not be found.  For sg it is the smallest
	 * of the host adapter's max_sectors, what its scatter-gather table
	 * holds, and the sg reserved buffer when the kernel clamped it.  The
	 * drive's maximum block length (READ BLOCK LIMITS) is not part of
	 * it: a fixed-mode READ or WRITE may move many blocks.
	 */
	size_t max_transfer;
};

/*
 * Open the backend the device string names.  Returns 0 and *out, or
 * -errno with a one-line reason (including a hint, e.g. "needs
 * CAP_SYS_RAWIO") in why[0..why_len-1] when why is not NULL:
 *   -EINVAL          a device string of no known form (why lists them),
 *                    or a malformed iscsi:// URL
 *   -ENOENT          no such node / iSCSI target or LUN not found
 *   -ENOTTY          a node that is not SCSI generic (regular file ...)
 *   -EACCES, -EPERM  the node or a probe command was refused (hint)
 *   -ENODEV          not a sequential-access device ("type N"), no
 *                    logical unit, or no device behind the node
 *   -ECONNREFUSED, -EHOSTUNREACH, -ETIMEDOUT ...  iSCSI portal errors
 *   -EPROTONOSUPPORT a backend left out of this build
 * On failure *out is NULL.
 */
int sttape_transport_open(const char *device, struct sttape_transport **out,
			  char *why, size_t why_len);
/*
 * Run one command.  Returns -EINVAL (res->transport_err too) for a
 * malformed cmd: no CDB, CDB longer than STTAPE_TRANSPORT_CDB_MAX, data
 * with STTAPE_DIR_NONE, len without a buffer.  A len beyond
 * t->max_transfer returns 0 with res->transport_err = -EINVAL, as the
 * host would.  Otherwise what the backend returns.
 */
int sttape_transport_execute(struct sttape_transport *t,
			     const struct sttape_cmd *cmd,
			     struct sttape_cmd_result *res);
void sttape_transport_describe(struct sttape_transport *t, char *buf,
			       size_t len);
/* Closes and frees; NULL is a no-op. */
void sttape_transport_close(struct sttape_transport *t);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_TRANSPORT_H */
