/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the SSC-4 CDB builders: every byte of every CDB against
 * the layout of the standard, boundary counts (24-bit, signed 24-bit,
 * signed 64-bit), the -EINVAL paths, and no write past the returned
 * length (see cdb_check.h).
 */
/* First include: the public header must stand on its own. */
#include <sttape/cdb.h>

#include <stdint.h>

#include "cdb_check.h"
#include "bytes.h"

static void test_read_block_limits(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_read_block_limits(cdb), 0x05, 0, 0, 0, 0, 0);
}

static void test_read6_variable_fixed_sili(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_read6(cdb, false, false, 0x010000), 0x08, 0x00,
		   0x01, 0x00, 0x00, 0);
	CDB_EXPECT(sttape_cdb_read6(cdb, true, false, 1), 0x08, 0x01, 0x00,
		   0x00, 0x01, 0);
	CDB_EXPECT(sttape_cdb_read6(cdb, false, true, 0x123456), 0x08, 0x02,
		   0x12, 0x34, 0x56, 0);
	CDB_EXPECT(sttape_cdb_read6(cdb, false, false, 0), 0x08, 0x00, 0, 0, 0,
		   0);
}

static void test_read6_count_limits(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_read6(cdb, false, true, 0xffffff), 0x08, 0x02,
		   0xff, 0xff, 0xff, 0);
	CDB_EXPECT_EINVAL(sttape_cdb_read6(cdb, false, false, 0x1000000));
	CDB_EXPECT_EINVAL(sttape_cdb_read6(cdb, true, false, UINT32_MAX));
}

static void test_read6_fixed_with_sili_is_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_read6(cdb, true, true, 1));
	CDB_EXPECT_EINVAL(sttape_cdb_read6(cdb, true, true, 0));
}

static void test_write6(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_write6(cdb, false, 0x123456), 0x0a, 0x00, 0x12,
		   0x34, 0x56, 0);
	CDB_EXPECT(sttape_cdb_write6(cdb, true, 0xffffff), 0x0a, 0x01, 0xff,
		   0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_write6(cdb, true, 0), 0x0a, 0x01, 0, 0, 0, 0);
	CDB_EXPECT_EINVAL(sttape_cdb_write6(cdb, false, 0x1000000));
	CDB_EXPECT_EINVAL(sttape_cdb_write6(cdb, true, UINT32_MAX));
}

static void test_write_filemarks6(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_write_filemarks6(cdb, false, 1), 0x10, 0x00, 0, 0,
		   1, 0);
	CDB_EXPECT(sttape_cdb_write_filemarks6(cdb, true, 2), 0x10, 0x01, 0, 0,
		   2, 0);
	/* Count 0 without IMMED: the flush of the drive buffer. */
	CDB_EXPECT(sttape_cdb_write_filemarks6(cdb, false, 0), 0x10, 0x00, 0, 0,
		   0, 0);
	CDB_EXPECT(sttape_cdb_write_filemarks6(cdb, true, 0xffffff), 0x10, 0x01,
		   0xff, 0xff, 0xff, 0);
	CDB_EXPECT_EINVAL(sttape_cdb_write_filemarks6(cdb, false, 0x1000000));
}

static void test_space6_codes(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, 1), 0x11, 0x00,
		   0, 0, 1, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_FILEMARKS, 3), 0x11,
		   0x01, 0, 0, 3, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_SEQ_FILEMARKS, 2), 0x11,
		   0x02, 0, 0, 2, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_END_OF_DATA, 0), 0x11,
		   0x03, 0, 0, 0, 0);
}

static void test_space6_negative_counts(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_FILEMARKS, -1), 0x11,
		   0x01, 0xff, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, -2), 0x11, 0x00,
		   0xff, 0xff, 0xfe, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, -0x123456), 0x11,
		   0x00, 0xed, 0xcb, 0xaa, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, -256), 0x11,
		   0x00, 0xff, 0xff, 0x00, 0);
}

static void test_space6_boundaries(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, -8388608), 0x11,
		   0x00, 0x80, 0x00, 0x00, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, 8388607), 0x11,
		   0x00, 0x7f, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_FILEMARKS,
				     STTAPE_CDB_SPACE6_MIN),
		   0x11, 0x01, 0x80, 0x00, 0x00, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_FILEMARKS,
				     STTAPE_CDB_SPACE6_MAX),
		   0x11, 0x01, 0x7f, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, 0x123456), 0x11,
		   0x00, 0x12, 0x34, 0x56, 0);
}

static void test_space6_out_of_range_is_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, 8388608));
	CDB_EXPECT_EINVAL(
		sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, -8388609));
	CDB_EXPECT_EINVAL(
		sttape_cdb_space6(cdb, STTAPE_SPACE_FILEMARKS, INT32_MAX));
	CDB_EXPECT_EINVAL(
		sttape_cdb_space6(cdb, STTAPE_SPACE_FILEMARKS, INT32_MIN));
}

static void test_space6_bad_code_is_einval(void **state)
{
	(void)state;
	/* 4 and 5 were setmarks (obsolete), the rest reserved. */
	CDB_EXPECT_EINVAL(sttape_cdb_space6(cdb, (enum sttape_space_code)4, 1));
	CDB_EXPECT_EINVAL(sttape_cdb_space6(cdb, (enum sttape_space_code)5, 1));
	CDB_EXPECT_EINVAL(
		sttape_cdb_space6(cdb, (enum sttape_space_code)0x0f, 1));
	CDB_EXPECT_EINVAL(
		sttape_cdb_space6(cdb, (enum sttape_space_code)0x10, 1));
}

/* Every count in range decodes back through the signed 24-bit reader. */
static void test_space6_count_round_trips(void **state)
{
	static const int32_t counts[] = {
		-8388608, -8388607, -65537, -65536, -65535, -257,    -256,
		-255,	  -129,	    -128,   -1,	    0,	    1,	     127,
		128,	  255,	    256,    65535,  65536,  8388606, 8388607,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		uint8_t cdb[CDB_BUF_LEN];

		cdb_canary(cdb);
		assert_int_equal(
			sttape_cdb_space6(cdb, STTAPE_SPACE_BLOCKS, counts[i]),
			6);
		assert_int_equal(sttape_get_sbe24(cdb + 2), counts[i]);
		cdb_assert_tail(cdb, 6);
	}
}

static void test_space16_counts(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_space16(cdb, STTAPE_SPACE_BLOCKS, 1, 0, false),
		   0x91, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0);
	CDB_EXPECT(
		sttape_cdb_space16(cdb, STTAPE_SPACE_FILEMARKS, -1, 0, false),
		0x91, 0x01, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_space16(cdb, STTAPE_SPACE_SEQ_FILEMARKS,
				      0x0102030405060708LL, 0, false),
		   0x91, 0x02, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		   0x08, 0, 0, 0, 0);
	CDB_EXPECT(
		sttape_cdb_space16(cdb, STTAPE_SPACE_END_OF_DATA, 0, 0, false),
		0x91, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void test_space16_negative_and_extreme_counts(void **state)
{
	(void)state;
	/* Beyond what SPACE(6) can say: -8388609. */
	CDB_EXPECT(sttape_cdb_space16(cdb, STTAPE_SPACE_BLOCKS, -8388609, 0,
				      false),
		   0x91, 0x00, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff,
		   0xff, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_space16(cdb, STTAPE_SPACE_BLOCKS, -0x100000000LL,
				      0, false),
		   0x91, 0x00, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00,
		   0x00, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_space16(cdb, STTAPE_SPACE_BLOCKS, INT64_MIN, 0,
				      false),
		   0x91, 0x00, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_space16(cdb, STTAPE_SPACE_FILEMARKS, INT64_MAX, 0,
				      false),
		   0x91, 0x01, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		   0xff, 0, 0, 0, 0);
}

static void test_space16_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_space16(cdb, (enum sttape_space_code)4, 1,
					     0, false));
	CDB_EXPECT_EINVAL(sttape_cdb_space16(cdb, (enum sttape_space_code)0x10,
					     1, 0, false));
	/* SPACE(16) has no PARTITION field to carry these. */
	CDB_EXPECT_EINVAL(
		sttape_cdb_space16(cdb, STTAPE_SPACE_BLOCKS, 1, 0, true));
	CDB_EXPECT_EINVAL(
		sttape_cdb_space16(cdb, STTAPE_SPACE_BLOCKS, 1, 1, true));
	CDB_EXPECT_EINVAL(
		sttape_cdb_space16(cdb, STTAPE_SPACE_BLOCKS, 1, 2, false));
}

static void test_rewind(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_rewind(cdb, false), 0x01, 0x00, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_rewind(cdb, true), 0x01, 0x01, 0, 0, 0, 0);
}

static void test_load_unload_combinations(void **state)
{
	(void)state;
	/* immed, load, retension, eot, hold */
	CDB_EXPECT(
		sttape_cdb_load_unload(cdb, false, true, false, false, false),
		0x1b, 0x00, 0, 0, 0x01, 0);
	CDB_EXPECT(
		sttape_cdb_load_unload(cdb, false, false, false, false, false),
		0x1b, 0x00, 0, 0, 0x00, 0);
	CDB_EXPECT(sttape_cdb_load_unload(cdb, true, true, false, false, false),
		   0x1b, 0x01, 0, 0, 0x01, 0);
	CDB_EXPECT(sttape_cdb_load_unload(cdb, false, true, true, false, false),
		   0x1b, 0x00, 0, 0, 0x03, 0);
	CDB_EXPECT(
		sttape_cdb_load_unload(cdb, false, false, false, true, false),
		0x1b, 0x00, 0, 0, 0x04, 0);
	CDB_EXPECT(sttape_cdb_load_unload(cdb, true, false, true, true, false),
		   0x1b, 0x01, 0, 0, 0x06, 0);
	CDB_EXPECT(sttape_cdb_load_unload(cdb, false, true, false, false, true),
		   0x1b, 0x00, 0, 0, 0x09, 0);
	CDB_EXPECT(
		sttape_cdb_load_unload(cdb, false, false, false, false, true),
		0x1b, 0x00, 0, 0, 0x08, 0);
	CDB_EXPECT(sttape_cdb_load_unload(cdb, true, false, true, true, true),
		   0x1b, 0x01, 0, 0, 0x0e, 0);
}

static void test_load_unload_einval(void **state)
{
	(void)state;
	/* LOAD with EOT: INVALID FIELD IN CDB. */
	CDB_EXPECT_EINVAL(
		sttape_cdb_load_unload(cdb, false, true, false, true, false));
	CDB_EXPECT_EINVAL(
		sttape_cdb_load_unload(cdb, true, true, true, true, false));
	CDB_EXPECT_EINVAL(
		sttape_cdb_load_unload(cdb, false, true, false, true, true));
	/* LOAD with HOLD seats the medium only: no retension. */
	CDB_EXPECT_EINVAL(
		sttape_cdb_load_unload(cdb, false, true, true, false, true));
}

static void test_erase6(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_erase6(cdb, false, false), 0x19, 0x00, 0, 0, 0,
		   0);
	CDB_EXPECT(sttape_cdb_erase6(cdb, false, true), 0x19, 0x01, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_erase6(cdb, true, false), 0x19, 0x02, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_erase6(cdb, true, true), 0x19, 0x03, 0, 0, 0, 0);
}

static void test_read_position_forms(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_read_position(cdb, STTAPE_RP_SHORT, 0), 0x34,
		   0x00, 0, 0, 0, 0, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_read_position(cdb, STTAPE_RP_SHORT_BT, 0), 0x34,
		   0x01, 0, 0, 0, 0, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_read_position(cdb, STTAPE_RP_LONG, 0), 0x34, 0x06,
		   0, 0, 0, 0, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_read_position(cdb, STTAPE_RP_EXTENDED,
					    STTAPE_RP_EXTENDED_LEN),
		   0x34, 0x08, 0, 0, 0, 0, 0, 0x00, 0x20, 0);
	CDB_EXPECT(sttape_cdb_read_position(cdb, STTAPE_RP_EXTENDED, 0xffff),
		   0x34, 0x08, 0, 0, 0, 0, 0, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_read_position(cdb, STTAPE_RP_EXTENDED, 0x0102),
		   0x34, 0x08, 0, 0, 0, 0, 0, 0x01, 0x02, 0);
}

static void test_read_position_einval(void **state)
{
	(void)state;
	/* Fixed-length forms: ALLOCATION LENGTH shall be zero. */
	CDB_EXPECT_EINVAL(sttape_cdb_read_position(cdb, STTAPE_RP_SHORT,
						   STTAPE_RP_SHORT_LEN));
	CDB_EXPECT_EINVAL(sttape_cdb_read_position(cdb, STTAPE_RP_SHORT_BT, 1));
	CDB_EXPECT_EINVAL(sttape_cdb_read_position(cdb, STTAPE_RP_LONG,
						   STTAPE_RP_LONG_LEN));
	/* Service actions that are not forms. */
	CDB_EXPECT_EINVAL(sttape_cdb_read_position(
		cdb, (enum sttape_read_position_form)0x02, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_read_position(
		cdb, (enum sttape_read_position_form)0x07, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_read_position(
		cdb, (enum sttape_read_position_form)0x1f, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_read_position(
		cdb, (enum sttape_read_position_form)0x28, 32));
}

static void test_locate10(void **state)
{
	(void)state;
	/* bt, cp, immed, block, partition */
	CDB_EXPECT(sttape_cdb_locate10(cdb, false, false, false, 0x12345678, 0),
		   0x2b, 0x00, 0, 0x12, 0x34, 0x56, 0x78, 0, 0x00, 0);
	CDB_EXPECT(sttape_cdb_locate10(cdb, true, false, true, 0, 0), 0x2b,
		   0x05, 0, 0, 0, 0, 0, 0, 0x00, 0);
	CDB_EXPECT(sttape_cdb_locate10(cdb, false, true, false, 7, 1), 0x2b,
		   0x02, 0, 0, 0, 0, 7, 0, 0x01, 0);
	CDB_EXPECT(
		sttape_cdb_locate10(cdb, true, true, true, 0xffffffffu, 0xff),
		0x2b, 0x07, 0, 0xff, 0xff, 0xff, 0xff, 0, 0xff, 0);
	/* CP with partition 0 is a legal change to the first partition. */
	CDB_EXPECT(sttape_cdb_locate10(cdb, false, true, false, 1, 0), 0x2b,
		   0x02, 0, 0, 0, 0, 1, 0, 0x00, 0);
}

static void test_locate10_partition_without_cp_is_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_locate10(cdb, false, false, false, 0, 1));
	CDB_EXPECT_EINVAL(sttape_cdb_locate10(cdb, true, false, true, 5, 0xff));
}

static void test_locate16(void **state)
{
	(void)state;
	/* dest, cp, immed, object, partition */
	CDB_EXPECT(sttape_cdb_locate16(cdb, STTAPE_LOCATE_OBJECT, false, false,
				       0x0102030405060708ULL, 0),
		   0x92, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
		   0x07, 0x08, 0, 0, 0, 0);
	CDB_EXPECT(
		sttape_cdb_locate16(cdb, STTAPE_LOCATE_FILE, true, true, 3, 2),
		0x92, 0x0b, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0);
	CDB_EXPECT(
		sttape_cdb_locate16(cdb, STTAPE_LOCATE_EOD, false, false, 0, 0),
		0x92, 0x18, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	CDB_EXPECT(sttape_cdb_locate16(cdb, STTAPE_LOCATE_EOD, true, true,
				       UINT64_MAX, 0xff),
		   0x92, 0x1b, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		   0xff, 0xff, 0, 0, 0, 0);
	/* Past 32 bits, where LOCATE(10) cannot go. */
	CDB_EXPECT(sttape_cdb_locate16(cdb, STTAPE_LOCATE_OBJECT, false, true,
				       0x100000000ULL, 0),
		   0x92, 0x01, 0x00, 0x00, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0,
		   0);
}

static void test_locate16_einval(void **state)
{
	(void)state;
	/* DEST_TYPE 2 (setmark) is obsolete, 4-7 reserved, 8 does not fit. */
	CDB_EXPECT_EINVAL(sttape_cdb_locate16(cdb, (enum sttape_locate_dest)2,
					      false, false, 0, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_locate16(cdb, (enum sttape_locate_dest)4,
					      false, false, 0, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_locate16(cdb, (enum sttape_locate_dest)7,
					      false, false, 0, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_locate16(cdb, (enum sttape_locate_dest)8,
					      false, false, 0, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_locate16(cdb, STTAPE_LOCATE_OBJECT, false,
					      false, 0, 3));
}

static void test_prevent_allow(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_prevent_allow(cdb, true), 0x1e, 0, 0, 0, 0x01, 0);
	CDB_EXPECT(sttape_cdb_prevent_allow(cdb, false), 0x1e, 0, 0, 0, 0x00,
		   0);
}

static void test_report_density_support(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_report_density_support(cdb, false, false, 0xffff),
		   0x44, 0x00, 0, 0, 0, 0, 0, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_report_density_support(cdb, true, false, 0x0234),
		   0x44, 0x01, 0, 0, 0, 0, 0, 0x02, 0x34, 0);
	CDB_EXPECT(sttape_cdb_report_density_support(cdb, false, true, 60),
		   0x44, 0x02, 0, 0, 0, 0, 0, 0x00, 60, 0);
	CDB_EXPECT(sttape_cdb_report_density_support(cdb, true, true, 0), 0x44,
		   0x03, 0, 0, 0, 0, 0, 0x00, 0x00, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_block_limits),
		cmocka_unit_test(test_read6_variable_fixed_sili),
		cmocka_unit_test(test_read6_count_limits),
		cmocka_unit_test(test_read6_fixed_with_sili_is_einval),
		cmocka_unit_test(test_write6),
		cmocka_unit_test(test_write_filemarks6),
		cmocka_unit_test(test_space6_codes),
		cmocka_unit_test(test_space6_negative_counts),
		cmocka_unit_test(test_space6_boundaries),
		cmocka_unit_test(test_space6_out_of_range_is_einval),
		cmocka_unit_test(test_space6_bad_code_is_einval),
		cmocka_unit_test(test_space6_count_round_trips),
		cmocka_unit_test(test_space16_counts),
		cmocka_unit_test(test_space16_negative_and_extreme_counts),
		cmocka_unit_test(test_space16_einval),
		cmocka_unit_test(test_rewind),
		cmocka_unit_test(test_load_unload_combinations),
		cmocka_unit_test(test_load_unload_einval),
		cmocka_unit_test(test_erase6),
		cmocka_unit_test(test_read_position_forms),
		cmocka_unit_test(test_read_position_einval),
		cmocka_unit_test(test_locate10),
		cmocka_unit_test(test_locate10_partition_without_cp_is_einval),
		cmocka_unit_test(test_locate16),
		cmocka_unit_test(test_locate16_einval),
		cmocka_unit_test(test_prevent_allow),
		cmocka_unit_test(test_report_density_support),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
