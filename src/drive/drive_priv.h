/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drive_priv.h - what the files of src/drive share: the drive handle and
 * the one routine that runs a CDB and classifies its outcome.
 */
#ifndef STTAPE_DRIVE_PRIV_H
#define STTAPE_DRIVE_PRIV_H

#include <sttape/drive.h>

struct sttape_drive {
	struct sttape_transport *t;
	struct sttape_drive_timeouts tmo;
};

/* Operation classes, each with its own timeout (struct sttape_drive_timeouts).
 */
enum drive_class {
	DRIVE_CONTROL,
	DRIVE_IO,
	DRIVE_FILEMARK,
	DRIVE_LONG,
};

/* One command to run: CDB from a builder, data buffer and direction. */
struct drive_cmd {
	uint8_t cdb[STTAPE_CDB_MAX];
	int cdb_len; /* a builder's return value: negative is an error */
	enum sttape_dir dir;
	void *data;
	size_t len;
	enum drive_class cls;
	unsigned int classify; /* STTAPE_CLASSIFY_* for the sense table */
};

/*
 * Run c and fill r (never NULL here): status, sense, outcome, residue,
 * and transferred = len - transport resid.  Returns r->err.
 */
int drive_run(struct sttape_drive *d, const struct drive_cmd *c,
	      struct sttape_result *r);

/* Fill r for a call refused before anything was sent. */
int drive_refuse(struct sttape_result *r, int err);

/*
 * The command completed but its parameter data is too short or not what
 * was asked for: r keeps status and sense, err becomes -EBADMSG.
 */
int drive_bad_data(struct sttape_result *r);

/* Point r at local storage when the caller passed NULL. */
static inline struct sttape_result *drive_result(struct sttape_result *r,
						 struct sttape_result *local)
{
	return r ? r : local;
}

#endif /* STTAPE_DRIVE_PRIV_H */
