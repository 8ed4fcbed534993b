// SPDX-License-Identifier: BSD-2-Clause
/*
 * STTAPE_MTIOCSCSI decoding: the ioctl number a 32-bit and a 64-bit
 * caller both send (one fixed layout, _IOWR, under _IOC_SIZE's 16383),
 * field checks, the inline data buffer as the command's buffer, and the
 * status, sense and residue copied back.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mtio_linux.h"

static void test_layout_and_number(void **state)
{
	struct stf_ioc ioc;

	(void)state;
	/* Fixed-width fields only: the same offsets for -m32 callers. */
	assert_int_equal(sizeof(struct sttape_mtscsi), 8484);
	assert_int_equal(offsetof(struct sttape_mtscsi, data_len), 20);
	assert_int_equal(offsetof(struct sttape_mtscsi, sense), 40);
	assert_int_equal(offsetof(struct sttape_mtscsi, data), 292);
	assert_int_equal(STTAPE_MTIOCSCSI, 0xe1246d66u);
	assert_true(sizeof(struct sttape_mtscsi) <= 16383);
	assert_int_equal(stf_ioc_classify(STTAPE_MTIOCSCSI, 8484, 8484, &ioc),
			 0);
	assert_int_equal(ioc.kind, STF_IOC_SCSI);
	assert_int_equal(ioc.in_size, 8484);
	assert_int_equal(ioc.out_size, 8484);
	/* The kernel always supplies both buffers; short ones are refused. */
	assert_int_equal(stf_ioc_classify(STTAPE_MTIOCSCSI, 0, 0, &ioc),
			 -EINVAL);
	/* Type 'm' number 0x66 of another size is not ours. */
	assert_int_equal(stf_ioc_classify(0xc0086d66u, 8, 8, &ioc), -ENOTTY);
}

static void test_decode(void **state)
{
	static struct sttape_mtscsi x;
	struct sttape_cmd c;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.cdb[0] = 0x12;
	x.cdb[4] = 96;
	x.cdb_len = 6;
	x.dir = STTAPE_MTSCSI_DIR_IN;
	x.data_len = 96;
	x.timeout_ms = 5000;
	memset(x.data, 0x77, sizeof(x.data));
	assert_int_equal(stf_scsi_decode(&x, &c), 0);
	assert_ptr_equal(c.cdb, x.cdb);
	assert_int_equal(c.cdb_len, 6);
	assert_int_equal(c.dir, STTAPE_DIR_IN);
	assert_ptr_equal(c.data, x.data);
	assert_int_equal(c.len, 96);
	assert_int_equal(c.timeout_ms, 5000);
	/* Data-in bytes the drive does not send read as zero. */
	assert_int_equal(x.data[0], 0);
	assert_int_equal(x.data[95], 0);
	x.dir = STTAPE_MTSCSI_DIR_OUT;
	x.data[0] = 0x5a;
	assert_int_equal(stf_scsi_decode(&x, &c), 0);
	assert_int_equal(c.dir, STTAPE_DIR_OUT);
	assert_int_equal(x.data[0], 0x5a); /* sent as the caller gave it */
	x.dir = STTAPE_MTSCSI_DIR_NONE;
	x.data_len = 0;
	assert_int_equal(stf_scsi_decode(&x, &c), 0);
	assert_null(c.data);
	assert_int_equal(c.len, 0);
}

static void test_decode_refuses(void **state)
{
	static struct sttape_mtscsi x;
	struct sttape_cmd c;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.cdb_len = 0;
	assert_int_equal(stf_scsi_decode(&x, &c), -EINVAL);
	x.cdb_len = 17;
	assert_int_equal(stf_scsi_decode(&x, &c), -EINVAL);
	x.cdb_len = 6;
	x.dir = 3;
	assert_int_equal(stf_scsi_decode(&x, &c), -EINVAL);
	x.dir = STTAPE_MTSCSI_DIR_NONE;
	x.data_len = 4;
	assert_int_equal(stf_scsi_decode(&x, &c), -EINVAL);
	x.dir = STTAPE_MTSCSI_DIR_IN;
	x.data_len = 0;
	assert_int_equal(stf_scsi_decode(&x, &c), -EINVAL);
	x.data_len = STTAPE_MTSCSI_DATA_MAX + 1;
	assert_int_equal(stf_scsi_decode(&x, &c), -EINVAL);
	x.data_len = STTAPE_MTSCSI_DATA_MAX;
	assert_int_equal(stf_scsi_decode(&x, &c), 0);
}

static void test_encode(void **state)
{
	static struct sttape_mtscsi x;
	struct sttape_cmd_result res;
	size_t i;

	(void)state;
	memset(&x, 0, sizeof(x));
	memset(x.sense, 0xff, sizeof(x.sense));
	x.data_len = 96;
	memset(&res, 0, sizeof(res));
	res.status = STTAPE_STATUS_CHECK_CONDITION;
	res.sense_len = 18;
	for (i = 0; i < 18; i++)
		res.sense[i] = (uint8_t)(0x70 + i);
	res.resid = 60;
	stf_scsi_encode(&res, &x);
	assert_int_equal(x.status, STTAPE_STATUS_CHECK_CONDITION);
	assert_int_equal(x.sense_len, 18);
	assert_memory_equal(x.sense, res.sense, 18);
	assert_int_equal(x.sense[18], 0); /* no stale bytes after */
	assert_int_equal(x.resid, 60);
	/* A residue beyond the request is clamped to it. */
	res.resid = 1000;
	res.sense_len = STTAPE_SENSE_MAX;
	stf_scsi_encode(&res, &x);
	assert_int_equal(x.resid, 96);
	assert_int_equal(x.sense_len, STTAPE_MTSCSI_SENSE_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_and_number),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_refuses),
		cmocka_unit_test(test_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
