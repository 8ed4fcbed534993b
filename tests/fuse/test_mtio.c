// SPDX-License-Identifier: BSD-2-Clause
/*
 * Linux mtio decoding: ioctl numbers (64-bit and 32-bit compat), MTIOCTOP
 * op mapping, struct mtget/mtpos layouts as a 64-bit and a 32-bit
 * caller see them, and the sttape extension ioctls.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/mtio.h>

#include "mtio_linux.h"

/* What a gcc -m32 caller's struct mtget is: 7 x 4 bytes. */
struct mtget32 {
	int32_t type, resid, dsreg, gstat, erreg, fileno, blkno;
};

static void test_classify_known_and_unknown(void **state)
{
	struct stf_ioc ioc;

	(void)state;
	assert_int_equal(stf_ioc_classify(MTIOCTOP, 8, 0, &ioc), 0);
	assert_int_equal(ioc.kind, STF_IOC_MTOP);
	assert_int_equal(ioc.in_size, 8);
	assert_int_equal(stf_ioc_classify(0x80306d02u, 0, 48, &ioc), 0);
	assert_int_equal(ioc.kind, STF_IOC_MTGET);
	assert_false(ioc.compat32);
	assert_int_equal(ioc.out_size, 48);
	assert_int_equal(stf_ioc_classify(0x801c6d02u, 0, 28, &ioc), 0);
	assert_int_equal(ioc.kind, STF_IOC_MTGET);
	assert_true(ioc.compat32);
	assert_int_equal(ioc.out_size, 28);
	assert_int_equal(stf_ioc_classify(0x80046d03u, 0, 4, &ioc), 0);
	assert_int_equal(ioc.kind, STF_IOC_MTPOS);
	assert_true(ioc.compat32);
	assert_int_equal(ioc.out_size, 4);
	assert_int_equal(stf_ioc_classify(0x80086d03u, 0, 8, &ioc), 0);
	assert_false(ioc.compat32);
	/* SG_IO, SCSI_IOCTL_GET_IDLUN, FDFLUSH: not ours. */
	assert_int_equal(stf_ioc_classify(0x2285, 0, 0, &ioc), -ENOTTY);
	assert_int_equal(stf_ioc_classify(0x5382, 0, 0, &ioc), -ENOTTY);
	assert_int_equal(stf_ioc_classify(0x24b, 0, 0, &ioc), -ENOTTY);
	/* Buffers smaller than the encoded size. */
	assert_int_equal(stf_ioc_classify(MTIOCTOP, 4, 0, &ioc), -EINVAL);
}

static void test_extension_ioctls_do_not_collide(void **state)
{
	struct stf_ioc ioc;

	(void)state;
	assert_int_equal(_IOC_TYPE(STTAPE_MTIOCXOP), 'm');
	assert_true(_IOC_NR(STTAPE_MTIOCXOP) >= 0x60);
	assert_true(STTAPE_MTIOCGETX != MTIOCGET);
	assert_int_equal(stf_ioc_classify(STTAPE_MTIOCGETX, 0,
					  sizeof(struct sttape_mtget), &ioc),
			 0);
	assert_int_equal(ioc.kind, STF_IOC_GETX);
	assert_int_equal(stf_ioc_classify(STTAPE_MTIOCRDHPOS, 0, 8, &ioc), 0);
	assert_int_equal(ioc.kind, STF_IOC_RDHPOS);
	assert_int_equal(stf_ioc_classify(STTAPE_MTIOCSLOCATE, 8, 0, &ioc), 0);
	assert_int_equal(ioc.kind, STF_IOC_SLOCATE);
}

static int decode(short op, int count, struct stf_act *a)
{
	struct mtop mt = {.mt_op = op, .mt_count = count};

	return stf_mtop_decode(&mt, sizeof(mt), a);
}

static void test_mtop_mapping(void **state)
{
	struct stf_act a;

	(void)state;
	assert_int_equal(decode(MTFSF, 3, &a), 0);
	assert_int_equal(a.kind, STF_ACT_OP);
	assert_int_equal(a.op, STTAPE_MT_FSF);
	assert_int_equal(a.count, 3);
	assert_int_equal(decode(MTBSR, 2, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_BSR);
	assert_int_equal(decode(MTEOM, 1, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_EOM);
	assert_int_equal(decode(MTSETBLK, 512, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_SETBSIZ);
	assert_int_equal(a.count, 512);
	assert_int_equal(decode(MTCOMPRESSION, 1, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_CMPRESS);
	assert_int_equal(decode(35 /* MTWEOFI */, 1, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_WEOFI);
	assert_int_equal(decode(MTSEEK, 1234, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_SEEK);
	assert_int_equal(a.count, 1234);
	/* Not supported: EINVAL as Linux st answers unknown ops. */
	assert_int_equal(decode(MTRESET, 0, &a), -EINVAL);
	assert_int_equal(decode(MTSETPART, 1, &a), -EINVAL);
	assert_int_equal(decode(99, 1, &a), -EINVAL);
}

static void test_setdrvbuffer_bacula_clears_two_fm(void **state)
{
	struct stf_act a;

	(void)state;
	/* Bacula: MT_ST_CLEARBOOLEANS | MT_ST_TWO_FM | MT_ST_FAST_MTEOM. */
	assert_int_equal(decode(MTSETDRVBUFFER, 0x40000030, &a), 0);
	assert_int_equal(a.kind, STF_ACT_OP);
	assert_int_equal(a.op, STTAPE_MT_TWOFM);
	assert_int_equal(a.count, 0);
	assert_int_equal(
		decode(MTSETDRVBUFFER, MT_ST_SETBOOLEANS | MT_ST_TWO_FM, &a),
		0);
	assert_int_equal(a.count, 1);
	/* Write threshold: accepted, nothing to do. */
	assert_int_equal(decode(MTSETDRVBUFFER, MT_ST_WRITE_THRESHOLD | 32, &a),
			 0);
	assert_int_equal(a.kind, STF_ACT_NONE);
	assert_int_equal(decode(MTSETDRVBUFFER, 1, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_SETDRVBUFFER);
	assert_int_equal(a.count, 1);
	assert_int_equal(
		decode(MTSETDRVBUFFER, MT_ST_DEF_BLKSIZE | 0xffffff, &a), 0);
	assert_int_equal(a.op, STTAPE_MT_DEF_BLKSIZE);
	assert_int_equal(a.count, -1);
}

static void sample_status(struct sttape_status *st)
{
	memset(st, 0, sizeof(*st));
	st->block_size = 512;
	st->density = 0x58;
	st->file = 2;
	st->block = -1;
	st->eof = true;
	st->online = true;
	st->write_protected = true;
	st->recovered_errors = 3;
	st->immediate_report = true;
}

static void test_mtget_64bit_layout(void **state)
{
	struct sttape_status st;
	struct mtget mg;
	uint8_t out[64];

	(void)state;
	sample_status(&st);
	memset(out, 0xee, sizeof(out));
	assert_int_equal(stf_mtget_encode(&st, false, out), sizeof(mg));
	assert_int_equal(sizeof(mg), STF_MTGET64_SIZE);
	memcpy(&mg, out, sizeof(mg));
	assert_int_equal(mg.mt_type, MT_ISSCSI2);
	assert_int_equal(mg.mt_dsreg, (0x58L << 24) | 512);
	assert_true(GMT_EOF(mg.mt_gstat));
	assert_true(GMT_ONLINE(mg.mt_gstat));
	assert_true(GMT_WR_PROT(mg.mt_gstat));
	assert_true(GMT_IM_REP_EN(mg.mt_gstat));
	assert_false(GMT_BOT(mg.mt_gstat));
	assert_false(GMT_DR_OPEN(mg.mt_gstat));
	assert_int_equal(mg.mt_erreg, 3);
	assert_int_equal(mg.mt_fileno, 2);
	assert_int_equal(mg.mt_blkno, -1);
	assert_int_equal(out[48], 0xee); /* nothing past the struct */
}

static void test_mtget_32bit_layout(void **state)
{
	struct sttape_status st;
	struct mtget32 m;
	uint8_t out[64];

	(void)state;
	sample_status(&st);
	st.bot = true;
	st.eof = false;
	st.block = 0;
	memset(out, 0xee, sizeof(out));
	assert_int_equal(stf_mtget_encode(&st, true, out), 28);
	memcpy(&m, out, sizeof(m));
	assert_int_equal(m.type, MT_ISSCSI2);
	assert_int_equal((uint32_t)m.dsreg, (0x58u << 24) | 512);
	assert_int_equal((uint32_t)m.gstat & 0x40000000u, 0x40000000u);
	assert_int_equal((uint32_t)m.gstat & 0x80000000u, 0);
	assert_int_equal(m.fileno, 2);
	assert_int_equal(m.blkno, 0);
	assert_int_equal(out[28], 0xee);
}

static void test_mtpos_both_layouts(void **state)
{
	uint8_t out[16];
	int64_t v64;
	int32_t v32;

	(void)state;
	assert_int_equal(stf_mtpos_encode(123456, false, out), 8);
	memcpy(&v64, out, 8);
	assert_int_equal(v64, 123456);
	assert_int_equal(stf_mtpos_encode(777, true, out), 4);
	memcpy(&v32, out, 4);
	assert_int_equal(v32, 777);
}

static void test_xop_and_getx(void **state)
{
	struct sttape_mtxop x = {.op = STTAPE_MTX_EWARN, .count = 0};
	struct sttape_status st;
	struct sttape_mtget g;
	struct stf_act a;

	(void)state;
	assert_int_equal(stf_mtxop_decode(&x, sizeof(x), &a), 0);
	assert_int_equal(a.op, STTAPE_MT_EWARN);
	assert_int_equal(a.count, 0);
	x.op = STTAPE_MTX_CACHE;
	assert_int_equal(stf_mtxop_decode(&x, sizeof(x), &a), 0);
	assert_int_equal(a.op, STTAPE_MT_CACHE);
	x.op = 77;
	assert_int_equal(stf_mtxop_decode(&x, sizeof(x), &a), -EINVAL);
	sample_status(&st);
	st.sense_key = 3;
	st.asc = 0x11;
	st.modes[2].block_size = 1024;
	st.modes[2].block_size_set = true;
	sttape_mtget_from_status(&st, &g);
	assert_int_equal(g.size, sizeof(g));
	assert_int_equal(g.sense_key, 3);
	assert_int_equal(g.asc, 0x11);
	assert_int_equal(g.modes[2].block_size, 1024);
	assert_int_equal(g.modes[2].block_size_set, 1);
	assert_true(g.flags & STTAPE_MTF_WRPROT);
	assert_true(g.flags & STTAPE_MTF_EOF);
	assert_int_equal(g.file, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_known_and_unknown),
		cmocka_unit_test(test_extension_ioctls_do_not_collide),
		cmocka_unit_test(test_mtop_mapping),
		cmocka_unit_test(test_setdrvbuffer_bacula_clears_two_fm),
		cmocka_unit_test(test_mtget_64bit_layout),
		cmocka_unit_test(test_mtget_32bit_layout),
		cmocka_unit_test(test_mtpos_both_layouts),
		cmocka_unit_test(test_xop_and_getx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
