/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/transport.h - how CDBs reach a drive.
 *
 * A transport is an opaque handle with an ops table.  Backends are chosen
 * by the device string:
 *   /dev/sgN, /dev/bsg/H:C:T:L, sg:PATH   SCSI generic (libsgutils2)
 *   iscsi://host[:port]/target-iqn/lun    iSCSI (libiscsi)
 *   vdrive:PATH[,option=value...]         the built-in virtual drive
 * Programs may also supply their own ops table (tests use a scripted one).
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
	STTAPE_DIR_IN,  /* device to host: READ, INQUIRY, MODE SENSE ... */
	STTAPE_DIR_OUT, /* host to device: WRITE, MODE SELECT */
};

/* SCSI status bytes (SAM-5 table 38). */
#define STTAPE_STATUS_GOOD 0x00
#define STTAPE_STATUS_CHECK_CONDITION 0x02
#define STTAPE_STATUS_BUSY 0x08
#define STTAPE_STATUS_RESERVATION_CONFLICT 0x18
#define STTAPE_STATUS_TASK_SET_FULL 0x28

struct sttape_cmd {
	const uint8_t *cdb;
	size_t cdb_len;
	enum sttape_dir dir;
	void *data; /* const for STTAPE_DIR_OUT */
	size_t len;
	unsigned int timeout_ms; /* 0: the transport's default */
};

struct sttape_cmd_result {
	/*
	 * 0: the command completed at the drive and status is valid.
	 * Negative errno: it did not (-ENODEV device gone, -ETIMEDOUT,
	 * -EIO transport failure, -EINVAL length beyond the host limit).
	 */
	int transport_err;
	uint8_t status;
	size_t sense_len;
	uint8_t sense[STTAPE_SENSE_MAX];
	size_t resid; /* bytes of len not transferred */
};

struct sttape_transport;

struct sttape_transport_ops {
	const char *name;
	/* Returns 0 when res is filled (see transport_err), -errno else. */
	int (*execute)(struct sttape_transport *t, const struct sttape_cmd *cmd,
		       struct sttape_cmd_result *res);
	void (*close)(struct sttape_transport *t);
	/* One line: backend, path, limits. */
	void (*describe)(struct sttape_transport *t, char *buf, size_t len);
};

struct sttape_transport {
	const struct sttape_transport_ops *ops;
	void *priv;
	/* Largest data length of one command the path accepts; 0 unknown. */
	size_t max_transfer;
};

/*
 * Open the backend the device string names.  Returns 0 and *out, or
 * -errno with a one-line reason (including a hint, e.g. "needs
 * CAP_SYS_RAWIO") in why[0..why_len-1] when why is not NULL.
 */
int sttape_transport_open(const char *device, struct sttape_transport **out,
			  char *why, size_t why_len);
int sttape_transport_execute(struct sttape_transport *t,
			     const struct sttape_cmd *cmd,
			     struct sttape_cmd_result *res);
void sttape_transport_describe(struct sttape_transport *t, char *buf,
			       size_t len);
void sttape_transport_close(struct sttape_transport *t);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_TRANSPORT_H */
