// SPDX-License-Identifier: BSD-2-Clause
/*
 * mtio.c - Linux mtio ioctl decoding for stfused.
 *
 * The kernel passes restricted ioctls with the sizes encoded in cmd
 * (FUSE and CUSE alike), so the data sizes are fixed by cmd: MTIOCTOP
 * 8 bytes in, MTIOCGET 48 (64-bit) or 28 (32-bit) bytes out, MTIOCPOS 8
 * or 4 bytes out.  Values follow Linux st where the seed is silent
 * (DESIGN.md decision 1).
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/mtio.h>

#include "mtio_linux.h"

#ifndef MTWEOFI
#define MTWEOFI 35
#endif

struct ioc_entry {
	unsigned int cmd;
	enum stf_ioc_kind kind;
	bool compat32;
};

/* Sorted by cmd value (unsigned). */
static const struct ioc_entry ioc_table[] = {
	{MTIOCTOP, STF_IOC_MTOP, false},	       /* 0x40086d01 */
	{STTAPE_MTIOCSLOCATE, STF_IOC_SLOCATE, false}, /* 0x40086d64 */
	{STTAPE_MTIOCHLOCATE, STF_IOC_HLOCATE, false}, /* 0x40086d65 */
	{STTAPE_MTIOCXOP, STF_IOC_XOP, false},	       /* 0x40106d60 */
	{STF_MTIOCPOS32, STF_IOC_MTPOS, true},	       /* 0x80046d03 */
	{MTIOCPOS, STF_IOC_MTPOS, false},	       /* 0x80086d03 */
	{STTAPE_MTIOCRDSPOS, STF_IOC_RDSPOS, false},   /* 0x80086d62 */
	{STTAPE_MTIOCRDHPOS, STF_IOC_RDHPOS, false},   /* 0x80086d63 */
	{STF_MTIOCGET32, STF_IOC_MTGET, true},	       /* 0x801c6d02 */
	{MTIOCGET, STF_IOC_MTGET, false},	       /* 0x80306d02 */
	{STTAPE_MTIOCGETX, STF_IOC_GETX, false},       /* 0x80886d61 */
	{STTAPE_MTIOCSCSI, STF_IOC_SCSI, false},       /* 0xe1246d66 */
};

int stf_ioc_classify(unsigned int cmd, size_t in_bufsz, size_t out_bufsz,
		     struct stf_ioc *ioc)
{
	size_t i;

	for (i = 0; i < sizeof(ioc_table) / sizeof(ioc_table[0]); i++) {
		if (ioc_table[i].cmd != cmd)
			continue;
		memset(ioc, 0, sizeof(*ioc));
		ioc->kind = ioc_table[i].kind;
		ioc->compat32 = ioc_table[i].compat32;
		if (_IOC_DIR(cmd) & _IOC_WRITE)
			ioc->in_size = _IOC_SIZE(cmd);
		if (_IOC_DIR(cmd) & _IOC_READ)
			ioc->out_size = _IOC_SIZE(cmd);
		if (in_bufsz < ioc->in_size || out_bufsz < ioc->out_size)
			return -EINVAL;
		return 0;
	}
	return -ENOTTY;
}

static void act_op(struct stf_act *act, enum sttape_mtop op, int64_t count)
{
	act->kind = STF_ACT_OP;
	act->op = op;
	act->count = count;
}

/* Linux mt_op -> session op, for the ops whose count passes unchanged.
 * Sorted by Linux op code (linux/mtio.h). */
static const struct {
	short linux_op;
	enum sttape_mtop op;
} simple_ops[] = {
	{MTFSF, STTAPE_MT_FSF},
	{MTBSF, STTAPE_MT_BSF},
	{MTFSR, STTAPE_MT_FSR},
	{MTBSR, STTAPE_MT_BSR},
	{MTWEOF, STTAPE_MT_WEOF},
	{MTREW, STTAPE_MT_REW},
	{MTOFFL, STTAPE_MT_OFFL},
	{MTNOP, STTAPE_MT_NOP},
	{MTRETEN, STTAPE_MT_RETEN},
	{MTBSFM, STTAPE_MT_BSFM},
	{MTFSFM, STTAPE_MT_FSFM},
	{MTEOM, STTAPE_MT_EOM},
	{MTERASE, STTAPE_MT_ERASE},
	{MTSETBLK, STTAPE_MT_SETBSIZ},
	{MTSETDENSITY, STTAPE_MT_SETDNSTY},
	{MTSEEK, STTAPE_MT_SEEK},
	{MTLOCK, STTAPE_MT_LOCK},
	{MTUNLOCK, STTAPE_MT_UNLOCK},
	{MTLOAD, STTAPE_MT_LOAD},
	{MTUNLOAD, STTAPE_MT_UNLOAD},
	{MTCOMPRESSION, STTAPE_MT_CMPRESS},
	{MTWEOFI, STTAPE_MT_WEOFI},
};

/*
 * MTSETDRVBUFFER: count's top nibble selects what is set (Linux st's
 * MT_ST_* options).  Buffered mode, the two-filemark boolean and the
 * per-mode defaults reach the session; the other st options (write
 * threshold, timeouts, cleaning, read-ahead...) have no meaning here and
 * are accepted without effect, so Bacula's set-up succeeds as on st.
 */
static int drvbuffer_decode(int32_t count, struct stf_act *act)
{
	uint32_t c = (uint32_t)count;
	uint32_t what = c & MT_ST_OPTIONS;
	uint32_t val = c & ~MT_ST_OPTIONS;

	switch (what) {
	case 0:
		act_op(act, STTAPE_MT_SETDRVBUFFER, val & 7);
		return 0;
	case MT_ST_BOOLEANS:
		act_op(act, STTAPE_MT_TWOFM, (val & MT_ST_TWO_FM) ? 1 : 0);
		act->fast_mteom = (val & MT_ST_FAST_MTEOM) ? 1 : 0;
		return 0;
	case MT_ST_SETBOOLEANS:
	case MT_ST_CLEARBOOLEANS:
		if (val & MT_ST_TWO_FM)
			act_op(act, STTAPE_MT_TWOFM,
			       what == MT_ST_SETBOOLEANS ? 1 : 0);
		if (val & MT_ST_FAST_MTEOM)
			act->fast_mteom = what == MT_ST_SETBOOLEANS ? 1 : 0;
		return 0;
	case MT_ST_DEF_BLKSIZE:
		act_op(act, STTAPE_MT_DEF_BLKSIZE,
		       val == 0xffffff ? -1 : (int64_t)val);
		return 0;
	case MT_ST_DEF_OPTIONS: {
		uint32_t sub = val & 0xf00000, v = val & 0xfffff;
		int64_t n = v == MT_ST_CLEAR_DEFAULT ? -1 : (int64_t)v;

		if (sub == (MT_ST_DEF_DENSITY & 0xf00000))
			act_op(act, STTAPE_MT_DEF_DENSITY, n);
		else if (sub == (MT_ST_DEF_COMPRESSION & 0xf00000))
			act_op(act, STTAPE_MT_DEF_COMPRESSION, n);
		return 0;
	}
	default:
		return 0;
	}
}

int stf_mtop_decode(const void *in, size_t len, struct stf_act *act)
{
	struct mtop mt;
	size_t i;

	if (len < sizeof(mt))
		return -EINVAL;
	memcpy(&mt, in, sizeof(mt));
	memset(act, 0, sizeof(*act));
	act->fast_mteom = -1;
	for (i = 0; i < sizeof(simple_ops) / sizeof(simple_ops[0]); i++) {
		if (simple_ops[i].linux_op == mt.mt_op) {
			act_op(act, simple_ops[i].op, mt.mt_count);
			return 0;
		}
	}
	switch (mt.mt_op) {
	case MTSETDRVBUFFER:
		return drvbuffer_decode(mt.mt_count, act);
	default:
		/* MTRESET, MTRAS1-3, MTTELL, setmarks, partitions. */
		return -EINVAL;
	}
}

int stf_mtxop_decode(const void *in, size_t len, struct stf_act *act)
{
	struct sttape_mtxop x;

	if (len < sizeof(x))
		return -EINVAL;
	memcpy(&x, in, sizeof(x));
	memset(act, 0, sizeof(*act));
	act->fast_mteom = -1;
	switch (x.op) {
	case STTAPE_MTX_CACHE:
		act_op(act, STTAPE_MT_CACHE, 0);
		return 0;
	case STTAPE_MTX_NOCACHE:
		act_op(act, STTAPE_MT_NOCACHE, 0);
		return 0;
	case STTAPE_MTX_EWARN:
		act_op(act, STTAPE_MT_EWARN, x.count ? 1 : 0);
		return 0;
	case STTAPE_MTX_SETBSIZ:
		act_op(act, STTAPE_MT_SETBSIZ, x.count);
		return 0;
	case STTAPE_MTX_SETDNSTY:
		act_op(act, STTAPE_MT_SETDNSTY, x.count);
		return 0;
	case STTAPE_MTX_CMPRESS:
		act_op(act, STTAPE_MT_CMPRESS, x.count);
		return 0;
	default:
		return -EINVAL;
	}
}

/* mt_gstat as Linux st builds it (drivers/scsi/st.c, MTIOCGET). */
static uint32_t gstat_of(const struct sttape_status *st)
{
	uint32_t g = 0;

	if (st->eof)
		g |= 0x80000000u; /* GMT_EOF */
	if (st->bot)
		g |= 0x40000000u; /* GMT_BOT */
	if (st->eot)
		g |= 0x20000000u; /* GMT_EOT */
	if (st->eod)
		g |= 0x08000000u; /* GMT_EOD */
	if (st->write_protected)
		g |= 0x04000000u; /* GMT_WR_PROT */
	if (st->online)
		g |= 0x01000000u; /* GMT_ONLINE */
	if (st->density == 3)
		g |= 0x00800000u; /* GMT_D_6250 */
	else if (st->density == 2)
		g |= 0x00400000u; /* GMT_D_1600 */
	else if (st->density == 1)
		g |= 0x00200000u; /* GMT_D_800 */
	if (st->door_open)
		g |= 0x00040000u; /* GMT_DR_OPEN */
	if (st->immediate_report)
		g |= 0x00010000u; /* GMT_IM_REP_EN */
	return g;
}

struct mtget_fields {
	int64_t type, resid, dsreg, gstat, erreg;
	int32_t fileno, blkno;
};

static void put_long(uint8_t **p, int64_t v, bool compat32)
{
	if (compat32) {
		int32_t w = (int32_t)v;

		memcpy(*p, &w, 4);
		*p += 4;
	} else {
		memcpy(*p, &v, 8);
		*p += 8;
	}
}

size_t stf_mtget_encode(const struct sttape_status *st, bool compat32,
			void *out)
{
	struct mtget_fields f;
	uint8_t *p = out;
	uint32_t dsreg;

	dsreg = ((st->block_size << MT_ST_BLKSIZE_SHIFT) & MT_ST_BLKSIZE_MASK) |
		(((uint32_t)st->density << MT_ST_DENSITY_SHIFT) &
		 MT_ST_DENSITY_MASK);
	f.type = MT_ISSCSI2;
	f.resid = 0; /* Linux st: the partition number; one partition */
	/* long is 64 bits here: keep dsreg/gstat unsigned as st does. */
	f.dsreg = compat32 ? (int32_t)dsreg : (int64_t)dsreg;
	f.gstat = compat32 ? (int32_t)gstat_of(st) : (int64_t)gstat_of(st);
	f.erreg = (st->recovered_errors & MT_ST_SOFTERR_MASK)
		  << MT_ST_SOFTERR_SHIFT;
	f.fileno =
		st->file < 0 || st->file > INT32_MAX ? -1 : (int32_t)st->file;
	f.blkno = st->block < 0 || st->block > INT32_MAX ? -1
							 : (int32_t)st->block;
	put_long(&p, f.type, compat32);
	put_long(&p, f.resid, compat32);
	put_long(&p, f.dsreg, compat32);
	put_long(&p, f.gstat, compat32);
	put_long(&p, f.erreg, compat32);
	memcpy(p, &f.fileno, 4);
	memcpy(p + 4, &f.blkno, 4);
	p += 8;
	return (size_t)(p - (uint8_t *)out);
}

size_t stf_mtpos_encode(int64_t block, bool compat32, void *out)
{
	uint8_t *p = out;

	put_long(&p, block, compat32);
	return (size_t)(p - (uint8_t *)out);
}

static const enum sttape_dir scsi_dirs[] = {
	[STTAPE_MTSCSI_DIR_NONE] = STTAPE_DIR_NONE,
	[STTAPE_MTSCSI_DIR_IN] = STTAPE_DIR_IN,
	[STTAPE_MTSCSI_DIR_OUT] = STTAPE_DIR_OUT,
};

int stf_scsi_decode(struct sttape_mtscsi *x, struct sttape_cmd *cmd)
{
	if (x->cdb_len == 0 || x->cdb_len > STTAPE_MTSCSI_CDB_MAX ||
	    x->dir >= sizeof(scsi_dirs) / sizeof(scsi_dirs[0]) ||
	    x->data_len > STTAPE_MTSCSI_DATA_MAX ||
	    (x->dir == STTAPE_MTSCSI_DIR_NONE) != (x->data_len == 0))
		return -EINVAL;
	memset(cmd, 0, sizeof(*cmd));
	cmd->cdb = x->cdb;
	cmd->cdb_len = x->cdb_len;
	cmd->dir = scsi_dirs[x->dir];
	cmd->data = x->data_len ? x->data : NULL;
	cmd->len = x->data_len;
	cmd->timeout_ms = x->timeout_ms;
	/* Bytes the drive does not send read as zero, not as the caller's. */
	if (x->dir == STTAPE_MTSCSI_DIR_IN)
		memset(x->data, 0, x->data_len);
	return 0;
}

void stf_scsi_encode(const struct sttape_cmd_result *res,
		     struct sttape_mtscsi *x)
{
	size_t n = res->sense_len < sizeof(x->sense) ? res->sense_len
						     : sizeof(x->sense);

	x->status = res->status;
	x->sense_len = (uint8_t)n;
	memset(x->sense, 0, sizeof(x->sense));
	memcpy(x->sense, res->sense, n);
	x->resid =
		res->resid < x->data_len ? (uint32_t)res->resid : x->data_len;
}
