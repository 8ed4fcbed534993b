/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cdb_spc.c - builders of the SPC-5 commands a tape driver sends
 * (TEST UNIT READY, INQUIRY, REQUEST SENSE, MODE SENSE/SELECT, LOG SENSE).
 * Every builder validates first and writes second, so -EINVAL leaves
 * the caller's buffer as it was.
 */
#include <errno.h>

#include <sttape/cdb.h>

#include "bytes.h"
#include "cdb/cdb_layout.h"

/* PC (2 bits) and PAGE CODE (6 bits) share one byte in both commands. */
static uint8_t pc_page(unsigned int pc, uint8_t page)
{
	return (uint8_t)((pc << STTAPE_MS_PC_SHIFT) | page);
}

/* SPC-5 6.47 TEST UNIT READY: opcode and zeros. */
int sttape_cdb_test_unit_ready(uint8_t *cdb)
{
	return sttape_cdb_start(cdb, STTAPE_OP_TEST_UNIT_READY,
				STTAPE_CDB6_LEN);
}

/*
 * SPC-5 6.7 INQUIRY: EVPD in byte 1 bit 0, PAGE CODE in byte 2, 16-bit
 * ALLOCATION LENGTH in bytes 3-4.  A non-zero PAGE CODE with EVPD zero
 * is INVALID FIELD IN CDB.
 */
int sttape_cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t alloc)
{
	int len;

	if (!evpd && page != 0)
		return -EINVAL;
	len = sttape_cdb_start(cdb, STTAPE_OP_INQUIRY, STTAPE_CDB6_LEN);
	if (evpd)
		cdb[1] = STTAPE_INQ_B1_EVPD;
	cdb[STTAPE_INQ_PAGE] = page;
	sttape_put_be16(cdb + STTAPE_INQ_ALLOC, alloc);
	return len;
}

/* SPC-5 REQUEST SENSE: DESC in byte 1 bit 0, ALLOCATION LENGTH byte 4. */
int sttape_cdb_request_sense(uint8_t *cdb, bool desc, uint8_t alloc)
{
	int len =
		sttape_cdb_start(cdb, STTAPE_OP_REQUEST_SENSE, STTAPE_CDB6_LEN);

	if (desc)
		cdb[1] = STTAPE_RS_B1_DESC;
	cdb[STTAPE_RS_ALLOC] = alloc;
	return len;
}

static bool mode_args_ok(enum sttape_page_control pc, uint8_t page)
{
	return (unsigned int)pc <= STTAPE_PC_SAVED &&
	       page <= STTAPE_CDB_PAGE_MAX;
}

/* Bytes 0-3, common to MODE SENSE(6) and (10). */
static int mode_sense_head(uint8_t *cdb, uint8_t op, int len, bool dbd,
			   enum sttape_page_control pc, uint8_t page,
			   uint8_t subpage)
{
	sttape_cdb_start(cdb, op, len);
	if (dbd)
		cdb[1] = STTAPE_MS_B1_DBD;
	cdb[STTAPE_MS_PC_PAGE] = pc_page((unsigned int)pc, page);
	cdb[STTAPE_MS_SUBPAGE] = subpage;
	return len;
}

/*
 * SPC-5 6.14 MODE SENSE(6): DBD byte 1 bit 3; PC byte 2 bits 7-6, PAGE
 * CODE bits 5-0; SUBPAGE CODE byte 3; ALLOCATION LENGTH byte 4.
 */
int sttape_cdb_mode_sense6(uint8_t *cdb, bool dbd, enum sttape_page_control pc,
			   uint8_t page, uint8_t subpage, uint8_t alloc)
{
	int len;

	if (!mode_args_ok(pc, page))
		return -EINVAL;
	len = mode_sense_head(cdb, STTAPE_OP_MODE_SENSE_6, STTAPE_CDB6_LEN, dbd,
			      pc, page, subpage);
	cdb[STTAPE_MS6_ALLOC] = alloc;
	return len;
}

/*
 * SPC-5 6.15 MODE SENSE(10): bytes 1-3 as in MODE SENSE(6) (LLBAA left
 * zero), 16-bit ALLOCATION LENGTH in bytes 7-8.
 */
int sttape_cdb_mode_sense10(uint8_t *cdb, bool dbd, enum sttape_page_control pc,
			    uint8_t page, uint8_t subpage, uint16_t alloc)
{
	int len;

	if (!mode_args_ok(pc, page))
		return -EINVAL;
	len = mode_sense_head(cdb, STTAPE_OP_MODE_SENSE_10, STTAPE_CDB10_LEN,
			      dbd, pc, page, subpage);
	sttape_put_be16(cdb + STTAPE_MS10_ALLOC, alloc);
	return len;
}

static uint8_t mode_select_b1(bool pf, bool sp)
{
	return (uint8_t)((pf ? STTAPE_MSEL_B1_PF : 0) |
			 (sp ? STTAPE_MSEL_B1_SP : 0));
}

/*
 * SPC-5 6.12 MODE SELECT(6): PF byte 1 bit 4, SP bit 0, PARAMETER LIST
 * LENGTH byte 4.  A length that truncates the 4-byte mode parameter
 * header draws PARAMETER LIST LENGTH ERROR, so it is refused here.
 */
int sttape_cdb_mode_select6(uint8_t *cdb, bool pf, bool sp, uint8_t len)
{
	int n;

	if (len != 0 && len < STTAPE_MODE_HDR6_LEN)
		return -EINVAL;
	n = sttape_cdb_start(cdb, STTAPE_OP_MODE_SELECT_6, STTAPE_CDB6_LEN);
	cdb[1] = mode_select_b1(pf, sp);
	cdb[STTAPE_MSEL6_LEN] = len;
	return n;
}

/*
 * SPC-5 6.13 MODE SELECT(10): byte 1 as MODE SELECT(6), 16-bit
 * PARAMETER LIST LENGTH in bytes 7-8; the header is 8 bytes.
 */
int sttape_cdb_mode_select10(uint8_t *cdb, bool pf, bool sp, uint16_t len)
{
	int n;

	if (len != 0 && len < STTAPE_MODE_HDR10_LEN)
		return -EINVAL;
	n = sttape_cdb_start(cdb, STTAPE_OP_MODE_SELECT_10, STTAPE_CDB10_LEN);
	cdb[1] = mode_select_b1(pf, sp);
	sttape_put_be16(cdb + STTAPE_MSEL10_LEN, len);
	return n;
}

/*
 * SPC-5 6.9 LOG SENSE: SP byte 1 bit 0 (PPC obsolete, zero); PC byte 2
 * bits 7-6, PAGE CODE bits 5-0; SUBPAGE CODE byte 3; PARAMETER POINTER
 * bytes 5-6; ALLOCATION LENGTH bytes 7-8.
 */
int sttape_cdb_log_sense(uint8_t *cdb, bool sp, unsigned int pc, uint8_t page,
			 uint8_t subpage, uint16_t param, uint16_t alloc)
{
	int len;

	if (pc > STTAPE_LOG_PC_DEFAULT_CUMULATIVE || page > STTAPE_CDB_PAGE_MAX)
		return -EINVAL;
	len = sttape_cdb_start(cdb, STTAPE_OP_LOG_SENSE, STTAPE_CDB10_LEN);
	if (sp)
		cdb[1] = STTAPE_LS_B1_SP;
	cdb[STTAPE_LS_PC_PAGE] = pc_page(pc, page);
	cdb[STTAPE_LS_SUBPAGE] = subpage;
	sttape_put_be16(cdb + STTAPE_LS_PARAM, param);
	sttape_put_be16(cdb + STTAPE_LS_ALLOC, alloc);
	return len;
}
