/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the SPC-5 CDB builders: every byte of every CDB against
 * the layout of the standard, the -EINVAL paths, and no write past the
 * returned length (see cdb_check.h).
 */
#include "cdb_check.h"

static void test_tur_is_six_zero_bytes(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_test_unit_ready(cdb), 0x00, 0, 0, 0, 0, 0);
}

static void test_inquiry_standard(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_inquiry(cdb, false, 0, 96), 0x12, 0, 0, 0, 96, 0);
	/* ALLOCATION LENGTH is 16 bits, big-endian in bytes 3-4. */
	CDB_EXPECT(sttape_cdb_inquiry(cdb, false, 0, 0x1234), 0x12, 0, 0, 0x12,
		   0x34, 0);
	CDB_EXPECT(sttape_cdb_inquiry(cdb, false, 0, 0xffff), 0x12, 0, 0, 0xff,
		   0xff, 0);
	CDB_EXPECT(sttape_cdb_inquiry(cdb, false, 0, 0), 0x12, 0, 0, 0, 0, 0);
}

static void test_inquiry_vpd_pages(void **state)
{
	(void)state;
	/* Supported VPD pages list: EVPD with page 0. */
	CDB_EXPECT(sttape_cdb_inquiry(cdb, true, 0x00, 0xff), 0x12, 0x01, 0x00,
		   0x00, 0xff, 0);
	CDB_EXPECT(sttape_cdb_inquiry(cdb, true, STTAPE_VPD_UNIT_SERIAL, 0xff),
		   0x12, 0x01, 0x80, 0x00, 0xff, 0);
	CDB_EXPECT(sttape_cdb_inquiry(cdb, true, STTAPE_VPD_DEVICE_ID, 0x400),
		   0x12, 0x01, 0x83, 0x04, 0x00, 0);
	CDB_EXPECT(sttape_cdb_inquiry(cdb, true, 0xff, 0xffff), 0x12, 0x01,
		   0xff, 0xff, 0xff, 0);
}

static void test_inquiry_page_without_evpd_is_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_inquiry(cdb, false, 0x80, 0xff));
	CDB_EXPECT_EINVAL(sttape_cdb_inquiry(cdb, false, 0x83, 0xff));
	CDB_EXPECT_EINVAL(sttape_cdb_inquiry(cdb, false, 0x01, 0));
	CDB_EXPECT_EINVAL(sttape_cdb_inquiry(cdb, false, 0xff, 0xffff));
}

static void test_request_sense_fixed_and_desc(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_request_sense(cdb, false, 252), 0x03, 0, 0, 0,
		   252, 0);
	CDB_EXPECT(sttape_cdb_request_sense(cdb, true, 0xff), 0x03, 0x01, 0, 0,
		   0xff, 0);
	CDB_EXPECT(sttape_cdb_request_sense(cdb, false, 0), 0x03, 0, 0, 0, 0,
		   0);
}

static void test_mode_sense6_fields(void **state)
{
	(void)state;
	/* Device configuration page, block descriptors off. */
	CDB_EXPECT(sttape_cdb_mode_sense6(cdb, true, STTAPE_PC_CURRENT, 0x10, 0,
					  0xff),
		   0x1a, 0x08, 0x10, 0x00, 0xff, 0);
	/* PC lives in bits 7-6 of byte 2 next to the page code. */
	CDB_EXPECT(sttape_cdb_mode_sense6(cdb, false, STTAPE_PC_CHANGEABLE,
					  0x0f, 0, 0x1c),
		   0x1a, 0x00, 0x4f, 0x00, 0x1c, 0);
	CDB_EXPECT(sttape_cdb_mode_sense6(cdb, false, STTAPE_PC_DEFAULT, 0x00,
					  0, 12),
		   0x1a, 0x00, 0x80, 0x00, 12, 0);
	/* All pages, all subpages, saved values: the widest fields. */
	CDB_EXPECT(sttape_cdb_mode_sense6(cdb, true, STTAPE_PC_SAVED,
					  STTAPE_CDB_PAGE_MAX,
					  STTAPE_SUBPAGE_ALL, 0xff),
		   0x1a, 0x08, 0xff, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_mode_sense6(cdb, false, STTAPE_PC_CURRENT, 0x0a,
					  0xf0, 0),
		   0x1a, 0x00, 0x0a, 0xf0, 0x00, 0);
}

static void test_mode_sense6_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_mode_sense6(cdb, false, STTAPE_PC_CURRENT,
						 0x40, 0, 0xff));
	CDB_EXPECT_EINVAL(sttape_cdb_mode_sense6(cdb, false, STTAPE_PC_CURRENT,
						 0xff, 0, 0xff));
	CDB_EXPECT_EINVAL(sttape_cdb_mode_sense6(
		cdb, false, (enum sttape_page_control)4, 0x10, 0, 0xff));
	CDB_EXPECT_EINVAL(sttape_cdb_mode_sense6(
		cdb, false, (enum sttape_page_control) - 1, 0x10, 0, 0xff));
}

static void test_mode_sense10_fields(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_mode_sense10(cdb, true, STTAPE_PC_CURRENT, 0x10,
					   0, 0x0102),
		   0x5a, 0x08, 0x10, 0x00, 0, 0, 0, 0x01, 0x02, 0);
	CDB_EXPECT(sttape_cdb_mode_sense10(cdb, false, STTAPE_PC_CHANGEABLE,
					   0x0f, 0, 0),
		   0x5a, 0x00, 0x4f, 0x00, 0, 0, 0, 0x00, 0x00, 0);
	CDB_EXPECT(sttape_cdb_mode_sense10(cdb, true, STTAPE_PC_SAVED,
					   STTAPE_CDB_PAGE_MAX,
					   STTAPE_SUBPAGE_ALL, 0xffff),
		   0x5a, 0x08, 0xff, 0xff, 0, 0, 0, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_mode_sense10(cdb, false, STTAPE_PC_DEFAULT, 0x11,
					   0x01, 0x8000),
		   0x5a, 0x00, 0x91, 0x01, 0, 0, 0, 0x80, 0x00, 0);
}

static void test_mode_sense10_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_mode_sense10(cdb, false, STTAPE_PC_CURRENT,
						  0x40, 0, 0xffff));
	CDB_EXPECT_EINVAL(sttape_cdb_mode_sense10(
		cdb, true, (enum sttape_page_control)4, 0x10, 0, 0xffff));
}

static void test_mode_select6_fields(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_mode_select6(cdb, true, false, 0x1c), 0x15, 0x10,
		   0, 0, 0x1c, 0);
	CDB_EXPECT(sttape_cdb_mode_select6(cdb, true, true, 0xff), 0x15, 0x11,
		   0, 0, 0xff, 0);
	CDB_EXPECT(sttape_cdb_mode_select6(cdb, false, true, 12), 0x15, 0x01, 0,
		   0, 12, 0);
	/* Zero sends nothing; 4 is exactly the mode parameter header. */
	CDB_EXPECT(sttape_cdb_mode_select6(cdb, false, false, 0), 0x15, 0x00, 0,
		   0, 0, 0);
	CDB_EXPECT(sttape_cdb_mode_select6(cdb, true, false, 4), 0x15, 0x10, 0,
		   0, 4, 0);
}

static void test_mode_select6_truncated_header_is_einval(void **state)
{
	(void)state;
	for (uint8_t len = 1; len < 4; len++)
		CDB_EXPECT_EINVAL(
			sttape_cdb_mode_select6(cdb, true, false, len));
}

static void test_mode_select10_fields(void **state)
{
	(void)state;
	CDB_EXPECT(sttape_cdb_mode_select10(cdb, true, false, 0x0100), 0x55,
		   0x10, 0, 0, 0, 0, 0, 0x01, 0x00, 0);
	CDB_EXPECT(sttape_cdb_mode_select10(cdb, false, true, 0xffff), 0x55,
		   0x01, 0, 0, 0, 0, 0, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_mode_select10(cdb, true, true, 8), 0x55, 0x11, 0,
		   0, 0, 0, 0, 0x00, 0x08, 0);
	CDB_EXPECT(sttape_cdb_mode_select10(cdb, false, false, 0), 0x55, 0x00,
		   0, 0, 0, 0, 0, 0x00, 0x00, 0);
}

static void test_mode_select10_truncated_header_is_einval(void **state)
{
	(void)state;
	for (uint16_t len = 1; len < 8; len++)
		CDB_EXPECT_EINVAL(
			sttape_cdb_mode_select10(cdb, true, false, len));
}

static void test_log_sense_tapealert(void **state)
{
	(void)state;
	/* TapeAlert flags are read as cumulative values: PC 01b. */
	CDB_EXPECT(sttape_cdb_log_sense(cdb, false, STTAPE_LOG_PC_CUMULATIVE,
					STTAPE_LOG_PAGE_TAPEALERT, 0, 0,
					0x0144),
		   0x4d, 0x00, 0x6e, 0x00, 0x00, 0x00, 0x00, 0x01, 0x44, 0);
}

static void test_log_sense_fields(void **state)
{
	(void)state;
	/* Supported pages, threshold values, SP, parameter pointer. */
	CDB_EXPECT(sttape_cdb_log_sense(cdb, true, STTAPE_LOG_PC_THRESHOLD, 0,
					0, 0x1234, 0xffff),
		   0x4d, 0x01, 0x00, 0x00, 0x00, 0x12, 0x34, 0xff, 0xff, 0);
	CDB_EXPECT(sttape_cdb_log_sense(cdb, false,
					STTAPE_LOG_PC_DEFAULT_THRESHOLD, 0x0c,
					0x01, 0, 0x20),
		   0x4d, 0x00, 0x8c, 0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0);
	CDB_EXPECT(sttape_cdb_log_sense(
			   cdb, true, STTAPE_LOG_PC_DEFAULT_CUMULATIVE,
			   STTAPE_CDB_PAGE_MAX, STTAPE_SUBPAGE_ALL, 0xffff, 0),
		   0x4d, 0x01, 0xff, 0xff, 0x00, 0xff, 0xff, 0x00, 0x00, 0);
}

static void test_log_sense_einval(void **state)
{
	(void)state;
	CDB_EXPECT_EINVAL(sttape_cdb_log_sense(cdb, false, 4, 0x2e, 0, 0, 64));
	CDB_EXPECT_EINVAL(
		sttape_cdb_log_sense(cdb, false, 0xffffffffu, 0x2e, 0, 0, 64));
	CDB_EXPECT_EINVAL(sttape_cdb_log_sense(
		cdb, false, STTAPE_LOG_PC_CUMULATIVE, 0x40, 0, 0, 64));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tur_is_six_zero_bytes),
		cmocka_unit_test(test_inquiry_standard),
		cmocka_unit_test(test_inquiry_vpd_pages),
		cmocka_unit_test(test_inquiry_page_without_evpd_is_einval),
		cmocka_unit_test(test_request_sense_fixed_and_desc),
		cmocka_unit_test(test_mode_sense6_fields),
		cmocka_unit_test(test_mode_sense6_einval),
		cmocka_unit_test(test_mode_sense10_fields),
		cmocka_unit_test(test_mode_sense10_einval),
		cmocka_unit_test(test_mode_select6_fields),
		cmocka_unit_test(test_mode_select6_truncated_header_is_einval),
		cmocka_unit_test(test_mode_select10_fields),
		cmocka_unit_test(test_mode_select10_truncated_header_is_einval),
		cmocka_unit_test(test_log_sense_tapealert),
		cmocka_unit_test(test_log_sense_fields),
		cmocka_unit_test(test_log_sense_einval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
