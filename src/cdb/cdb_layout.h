/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cdb_layout.h - byte offsets and bit masks of the CDBs libsttape builds
 * (private to the library; the virtual drive may decode with them too).
 *
 * Every CDB starts with OPERATION CODE at byte 0 and ends with CONTROL
 * (SAM-5); names follow the field names of SPC-5 and SSC-4.  Offsets are
 * byte indexes; each mask sits under the byte it lives in.
 */
#ifndef STTAPE_CDB_LAYOUT_H
#define STTAPE_CDB_LAYOUT_H

#include <stdint.h>
#include <string.h>

#define STTAPE_CDB6_LEN	 6
#define STTAPE_CDB10_LEN 10
#define STTAPE_CDB16_LEN 16

/* INQUIRY (SPC-5 6.7) */
#define STTAPE_INQ_B1_EVPD 0x01
#define STTAPE_INQ_PAGE	   2
#define STTAPE_INQ_ALLOC   3 /* 16 bits */

/* REQUEST SENSE (SPC-5) */
#define STTAPE_RS_B1_DESC 0x01
#define STTAPE_RS_ALLOC	  4

/* MODE SENSE(6)/(10) (SPC-5 6.14, 6.15) */
#define STTAPE_MS_B1_DBD   0x08
#define STTAPE_MS_PC_PAGE  2 /* PC in bits 7-6, PAGE CODE in 5-0 */
#define STTAPE_MS_PC_SHIFT 6
#define STTAPE_MS_SUBPAGE  3
#define STTAPE_MS6_ALLOC   4
#define STTAPE_MS10_ALLOC  7 /* 16 bits */

/* MODE SELECT(6)/(10) (SPC-5 6.12, 6.13) */
#define STTAPE_MSEL_B1_PF     0x10
#define STTAPE_MSEL_B1_SP     0x01
#define STTAPE_MSEL6_LEN      4
#define STTAPE_MSEL10_LEN     7 /* 16 bits */
#define STTAPE_MODE_HDR6_LEN  4 /* mode parameter header(6) */
#define STTAPE_MODE_HDR10_LEN 8 /* mode parameter header(10) */

/* LOG SENSE (SPC-5 6.9) */
#define STTAPE_LS_B1_SP	   0x01
#define STTAPE_LS_PC_PAGE  2 /* PC in bits 7-6, PAGE CODE in 5-0 */
#define STTAPE_LS_PC_SHIFT 6
#define STTAPE_LS_SUBPAGE  3
#define STTAPE_LS_PARAM	   5 /* 16 bits */
#define STTAPE_LS_ALLOC	   7 /* 16 bits */

/* READ(6), WRITE(6) (SSC-4 6.4, 6.8) */
#define STTAPE_RW_B1_FIXED 0x01
#define STTAPE_RW_B1_SILI  0x02 /* READ only */
#define STTAPE_RW_COUNT	   2	/* 24 bits */

/* WRITE FILEMARKS(6) (SSC-4 6.9) */
#define STTAPE_WFM_B1_IMMED 0x01
#define STTAPE_WFM_COUNT    2 /* 24 bits */

/* SPACE(6) (SSC-4 6.6), SPACE(16) (SSC-4 7.12) */
#define STTAPE_SP_B1_CODE     0x0f
#define STTAPE_SP6_COUNT      2	 /* 24 bits, two's complement */
#define STTAPE_SP16_COUNT     4	 /* 64 bits, two's complement */
#define STTAPE_SP16_PARAM_LEN 12 /* 16 bits */

/* REWIND (SSC-4 7.10) */
#define STTAPE_REW_B1_IMMED 0x01

/* LOAD UNLOAD (SSC-4 7.3) */
#define STTAPE_LU_B1_IMMED 0x01
#define STTAPE_LU_FLAGS	   4
#define STTAPE_LU_B4_LOAD  0x01
#define STTAPE_LU_B4_RETEN 0x02
#define STTAPE_LU_B4_EOT   0x04
#define STTAPE_LU_B4_HOLD  0x08

/* ERASE(6) (SSC-4 6.2) */
#define STTAPE_ER_B1_LONG  0x01
#define STTAPE_ER_B1_IMMED 0x02

/* READ POSITION (SSC-4 7.7) */
#define STTAPE_RP_B1_SA 0x1f
#define STTAPE_RP_ALLOC 7 /* 16 bits */

/* LOCATE(10) (SSC-4 6.3) */
#define STTAPE_LC_B1_IMMED 0x01
#define STTAPE_LC_B1_CP	   0x02
#define STTAPE_LC_B1_BT	   0x04 /* LOCATE(10) only */
#define STTAPE_LC10_BLOCK  3	/* 32 bits */
#define STTAPE_LC10_PART   8

/* LOCATE(16) (SSC-4 7.4) */
#define STTAPE_LC16_DEST_SHIFT 3 /* DEST_TYPE in byte 1 bits 5-3 */
#define STTAPE_LC16_BAM	       2 /* byte 2 bit 0; zero = implicit */
#define STTAPE_LC16_PART       3
#define STTAPE_LC16_OBJECT     4 /* 64 bits */

/* PREVENT ALLOW MEDIUM REMOVAL (SSC-4 7.5) */
#define STTAPE_PA_PREVENT 4 /* 2-bit field: 00b allow, 01b prevent */

/* REPORT DENSITY SUPPORT (SSC-4 7.9) */
#define STTAPE_RDS_B1_MEDIA 0x01
#define STTAPE_RDS_B1_MTYPE 0x02
#define STTAPE_RDS_ALLOC    7 /* 16 bits */

/* Zero the CDB (reserved fields, CONTROL) and set its operation code. */
static inline int sttape_cdb_start(uint8_t *cdb, uint8_t op, int len)
{
	memset(cdb, 0, (size_t)len);
	cdb[0] = op;
	return len;
}

#endif /* STTAPE_CDB_LAYOUT_H */
