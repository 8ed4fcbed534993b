/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/mtio.h - sttape extension ioctls on stfused's tape nodes.
 *
 * The nodes speak the Linux <sys/mtio.h> ABI (MTIOCTOP, MTIOCGET,
 * MTIOCPOS).  The operations NetBSD st(4) has and Linux lacks travel in
 * the ioctls below (DESIGN.md decision 2).  They are encoded the Linux
 * way (_IOR/_IOW, so both CUSE and FUSE mounts pass them as restricted
 * ioctls) with type 'm' and numbers 0x60-0x6f, which Linux's mtio (1-3)
 * never uses.  Every structure has fixed-size members only, so 32-bit
 * and 64-bit callers share one layout.
 */
#ifndef STTAPE_MTIO_H
#define STTAPE_MTIO_H

#include <stdint.h>
#include <sys/ioctl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Extension operations (STTAPE_MTIOCXOP); count meaning per op. */
#define STTAPE_MTX_CACHE    1 /* drive buffered mode on (NetBSD MTCACHE) */
#define STTAPE_MTX_NOCACHE  2 /* buffered mode off (NetBSD MTNOCACHE) */
#define STTAPE_MTX_EWARN    3 /* early warning: count 1 on, 0 off (MTEWARN) */
#define STTAPE_MTX_SETBSIZ  4 /* block size, 0 variable (NetBSD MTSETBSIZ) */
#define STTAPE_MTX_SETDNSTY 5 /* density code (NetBSD MTSETDNSTY) */
#define STTAPE_MTX_CMPRESS  6 /* compression on/off (NetBSD MTCMPRESS) */

struct sttape_mtxop {
	int32_t op; /* STTAPE_MTX_* */
	int32_t reserved;
	int64_t count;
};

/* Per-mode defaults, as NetBSD's mt_mblksiz/mt_mdensity. */
struct sttape_mtmode {
	uint32_t block_size; /* 0 variable */
	uint8_t density;
	uint8_t block_size_set; /* 1 when a quirk or MTSETBSIZ set it */
	uint8_t density_set;
	int8_t compression; /* 1 on, 0 off, -1 as the drive has it */
};

/* NetBSD-style status, with the latched sense (read-and-clear). */
struct sttape_mtget {
	uint32_t size;	/* sizeof(struct sttape_mtget), filled by the daemon */
	uint32_t flags; /* STTAPE_MTF_* */
	uint32_t mode;	/* operation mode of the open node, 0-3 */
	uint32_t submode;
	uint32_t block_size; /* current; 0 variable */
	uint32_t block_min, block_max;
	uint8_t density;
	uint8_t sense_key, asc, ascq; /* latched by the last failing command */
	uint8_t buffered_mode;
	int8_t compression;
	uint8_t reserved[6]; /* keeps the int64 fields 8-aligned on i386 too */
	int64_t file;	     /* -1 unknown */
	int64_t block;	     /* -1 unknown */
	int64_t residue;
	uint32_t recovered_errors;
	uint32_t reserved2;
	struct sttape_mtmode modes[4];
	char vendor[9], product[17], revision[5];
	char reserved3[1];
};

#define STTAPE_MTF_OPEN	    0x0001
#define STTAPE_MTF_MOUNTED  0x0002
#define STTAPE_MTF_BOT	    0x0004
#define STTAPE_MTF_EOT	    0x0008 /* past early warning */
#define STTAPE_MTF_EOD	    0x0010
#define STTAPE_MTF_EOF	    0x0020
#define STTAPE_MTF_WRPROT   0x0040
#define STTAPE_MTF_ONLINE   0x0080
#define STTAPE_MTF_DOOROPEN 0x0100
#define STTAPE_MTF_EWARN    0x0200 /* early warning recognition on */
#define STTAPE_MTF_TWOFM    0x0400
#define STTAPE_MTF_POSLOST  0x0800
#define STTAPE_MTF_ATAPI    0x1000

/* NetBSD MTIOCTOP-only operations. */
#define STTAPE_MTIOCXOP _IOW('m', 0x60, struct sttape_mtxop)
/* NetBSD MTIOCGET with the per-mode table and latched sense. */
#define STTAPE_MTIOCGETX _IOR('m', 0x61, struct sttape_mtget)
/* NetBSD MTIOCRDSPOS / MTIOCRDHPOS: logical / hardware block position. */
#define STTAPE_MTIOCRDSPOS _IOR('m', 0x62, uint64_t)
#define STTAPE_MTIOCRDHPOS _IOR('m', 0x63, uint64_t)
/* NetBSD MTIOCSLOCATE / MTIOCHLOCATE: locate logical / hardware block. */
#define STTAPE_MTIOCSLOCATE _IOW('m', 0x64, uint64_t)
#define STTAPE_MTIOCHLOCATE _IOW('m', 0x65, uint64_t)

/*
 * Raw SCSI pass-through (NetBSD control mode's "raw SCSI command on
 * through"): one CDB with at most STTAPE_MTSCSI_DATA_MAX bytes of data
 * carried inline, so the whole structure travels as a restricted
 * _IOWR ioctl (8484 bytes, below the 16383 of _IOC_SIZE).  The ioctl
 * returns 0 when the command completed at the drive, whatever its
 * status; it fails with EINVAL (bad fields), EBADF (a command other
 * than data-in on a node opened read-only) or the transport's error
 * (EIO, ETIMEDOUT, ENODEV...) when the command did not complete.  Every
 * command but a read-only one leaves the position unknown (sttape(4)).
 */
#define STTAPE_MTSCSI_CDB_MAX	16
#define STTAPE_MTSCSI_SENSE_MAX 252
#define STTAPE_MTSCSI_DATA_MAX	8192

#define STTAPE_MTSCSI_DIR_NONE 0
#define STTAPE_MTSCSI_DIR_IN   1 /* device to caller: data[] filled */
#define STTAPE_MTSCSI_DIR_OUT  2 /* caller to device: data[] sent */

struct sttape_mtscsi {
	uint8_t cdb[STTAPE_MTSCSI_CDB_MAX];
	uint8_t cdb_len;     /* 1..16 */
	uint8_t dir;	     /* STTAPE_MTSCSI_DIR_* */
	uint8_t status;	     /* out: SCSI status (SAM-5) */
	uint8_t sense_len;   /* out: valid bytes of sense[] */
	uint32_t data_len;   /* 0..STTAPE_MTSCSI_DATA_MAX; 0 with DIR_NONE */
	uint32_t timeout_ms; /* 0: the transport's default (15 min) */
	uint32_t resid;	     /* out: bytes of data_len not transferred */
	uint32_t reserved[2];
	uint8_t sense[STTAPE_MTSCSI_SENSE_MAX]; /* out: as the drive sent it */
	uint8_t data[STTAPE_MTSCSI_DATA_MAX];
};

#define STTAPE_MTIOCSCSI _IOWR('m', 0x66, struct sttape_mtscsi)

/*
 * libsttape: a session's status (sttape_session_status()) in the layout
 * STTAPE_MTIOCGETX returns, for programs that drive a tape directly.
 */
struct sttape_status;
void sttape_mtget_from_status(const struct sttape_status *st,
			      struct sttape_mtget *x);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_MTIO_H */
