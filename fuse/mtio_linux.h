/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mtio_linux.h - decoding of the Linux mtio ioctls (MTIOCTOP, MTIOCGET,
 * MTIOCPOS in LP64 and 32-bit compat layouts) and the sttape extension
 * ioctls of <sttape/mtio.h>.  Pure functions: no FUSE, no I/O.
 */
#ifndef STFUSED_MTIO_LINUX_H
#define STFUSED_MTIO_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/mtio.h>
#include <sttape/session.h>

/* 32-bit compat numbers: struct mtget32 is 5 x int32 + 2 x int32. */
#define STF_MTIOCGET32	 0x801c6d02u
#define STF_MTIOCPOS32	 0x80046d03u
#define STF_MTGET64_SIZE 48
#define STF_MTGET32_SIZE 28

enum stf_ioc_kind {
	STF_IOC_MTOP = 1,
	STF_IOC_MTGET,
	STF_IOC_MTPOS,
	STF_IOC_XOP,
	STF_IOC_GETX,
	STF_IOC_RDSPOS,
	STF_IOC_RDHPOS,
	STF_IOC_SLOCATE,
	STF_IOC_HLOCATE,
	STF_IOC_SCSI,
};

struct stf_ioc {
	enum stf_ioc_kind kind;
	bool compat32;	 /* 32-bit caller layout */
	size_t in_size;	 /* bytes the request must carry in */
	size_t out_size; /* bytes the reply carries out */
};

/*
 * Which ioctl cmd is (as the kernel passed it, unsigned).  -ENOTTY for
 * anything else, -EINVAL when the buffers the kernel supplied do not
 * match the encoded sizes.
 */
int stf_ioc_classify(unsigned int cmd, size_t in_bufsz, size_t out_bufsz,
		     struct stf_ioc *ioc);

/* What one MTIOCTOP (or extension op) asks the session to do. */
enum stf_act_kind {
	STF_ACT_NONE = 0, /* accepted, nothing to do (st accepts it too) */
	STF_ACT_OP,	  /* sttape_session_op(op, count) */
};

struct stf_act {
	enum stf_act_kind kind;
	enum sttape_mtop op;
	int64_t count;
	/* Linux st's MT_ST_FAST_MTEOM boolean: -1 unchanged, 0 or 1. */
	int fast_mteom;
};

/* Linux struct mtop {short mt_op; int mt_count;} as bytes (8 both ABIs). */
int stf_mtop_decode(const void *in, size_t len, struct stf_act *act);
int stf_mtxop_decode(const void *in, size_t len, struct stf_act *act);

/* Fill struct mtget for the caller's layout; returns the byte count. */
size_t stf_mtget_encode(const struct sttape_status *st, bool compat32,
			void *out);
/* struct mtpos {long mt_blkno;}; returns the byte count. */
size_t stf_mtpos_encode(int64_t block, bool compat32, void *out);

/*
 * STTAPE_MTIOCSCSI: check x and describe it as a transport command whose
 * data buffer is x->data (in and out alike).  -EINVAL for a bad CDB
 * length, direction or data length.
 */
int stf_scsi_decode(struct sttape_mtscsi *x, struct sttape_cmd *cmd);
/* Copy status, sense and residue of a completed command into x. */
void stf_scsi_encode(const struct sttape_cmd_result *res,
		     struct sttape_mtscsi *x);

#endif /* STFUSED_MTIO_LINUX_H */
