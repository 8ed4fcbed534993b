/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/cdb.h - SCSI command descriptor block builders (SPC-5, SSC-4).
 *
 * One small function per command.  Each writes the CDB into a caller
 * buffer of at least STTAPE_CDB_MAX bytes and returns the CDB length
 * (6, 10, 12 or 16), or -EINVAL when a field is out of range.  Builders
 * never allocate and never touch bytes past the returned length.
 */
#ifndef STTAPE_CDB_H
#define STTAPE_CDB_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STTAPE_CDB_MAX 16

/* Operation codes (SPC-5 table 65, SSC-4 table 7). */
enum sttape_opcode {
	STTAPE_OP_TEST_UNIT_READY = 0x00,
	STTAPE_OP_REWIND = 0x01,
	STTAPE_OP_REQUEST_SENSE = 0x03,
	STTAPE_OP_READ_BLOCK_LIMITS = 0x05,
	STTAPE_OP_READ_6 = 0x08,
	STTAPE_OP_WRITE_6 = 0x0a,
	STTAPE_OP_WRITE_FILEMARKS_6 = 0x10,
	STTAPE_OP_SPACE_6 = 0x11,
	STTAPE_OP_INQUIRY = 0x12,
	STTAPE_OP_MODE_SELECT_6 = 0x15,
	STTAPE_OP_ERASE_6 = 0x19,
	STTAPE_OP_MODE_SENSE_6 = 0x1a,
	STTAPE_OP_LOAD_UNLOAD = 0x1b,
	STTAPE_OP_PREVENT_ALLOW = 0x1e,
	STTAPE_OP_LOCATE_10 = 0x2b,
	STTAPE_OP_READ_POSITION = 0x34,
	STTAPE_OP_REPORT_DENSITY_SUPPORT = 0x44,
	STTAPE_OP_LOG_SENSE = 0x4d,
	STTAPE_OP_MODE_SELECT_10 = 0x55,
	STTAPE_OP_MODE_SENSE_10 = 0x5a,
	STTAPE_OP_LOCATE_16 = 0x92,
	STTAPE_OP_SPACE_16 = 0x91,
};

/* SPACE code field (SSC-4 table 47). */
enum sttape_space_code {
	STTAPE_SPACE_BLOCKS = 0,
	STTAPE_SPACE_FILEMARKS = 1,
	STTAPE_SPACE_SEQ_FILEMARKS = 2,
	STTAPE_SPACE_END_OF_DATA = 3,
};

/* READ POSITION service action (SSC-4 6.5, table 40). */
enum sttape_read_position_form {
	STTAPE_RP_SHORT = 0x00,    /* 20 bytes, logical object id */
	STTAPE_RP_SHORT_BT = 0x01, /* 20 bytes, vendor (hardware) block */
	STTAPE_RP_LONG = 0x06,     /* 32 bytes */
	STTAPE_RP_EXTENDED = 0x08, /* 28 bytes */
};

/* LOCATE(16) destination type (SSC-4 table 29). */
enum sttape_locate_dest {
	STTAPE_LOCATE_OBJECT = 0,
	STTAPE_LOCATE_FILE = 1,
	STTAPE_LOCATE_EOD = 3,
};

/* Page control for MODE SENSE (SPC-5 table 166). */
enum sttape_page_control {
	STTAPE_PC_CURRENT = 0,
	STTAPE_PC_CHANGEABLE = 1,
	STTAPE_PC_DEFAULT = 2,
	STTAPE_PC_SAVED = 3,
};

int sttape_cdb_test_unit_ready(uint8_t *cdb);
int sttape_cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t alloc);
int sttape_cdb_request_sense(uint8_t *cdb, bool desc, uint8_t alloc);
int sttape_cdb_mode_sense6(uint8_t *cdb, bool dbd, enum sttape_page_control pc,
			   uint8_t page, uint8_t subpage, uint8_t alloc);
int sttape_cdb_mode_sense10(uint8_t *cdb, bool dbd, enum sttape_page_control pc,
			    uint8_t page, uint8_t subpage, uint16_t alloc);
int sttape_cdb_mode_select6(uint8_t *cdb, bool pf, bool sp, uint8_t len);
int sttape_cdb_mode_select10(uint8_t *cdb, bool pf, bool sp, uint16_t len);
int sttape_cdb_read_block_limits(uint8_t *cdb);
/* count: bytes in variable mode, blocks when fixed; 24 bits. */
int sttape_cdb_read6(uint8_t *cdb, bool fixed, bool sili, uint32_t count);
int sttape_cdb_write6(uint8_t *cdb, bool fixed, uint32_t count);
/* count 0 with immed=false flushes the drive buffer (SSC-4 6.9). */
int sttape_cdb_write_filemarks6(uint8_t *cdb, bool immed, uint32_t count);
/* count is a signed 24-bit value: -8388608 .. 8388607. */
int sttape_cdb_space6(uint8_t *cdb, enum sttape_space_code code, int32_t count);
int sttape_cdb_space16(uint8_t *cdb, enum sttape_space_code code,
		       int64_t count, uint8_t partition, bool use_partition);
int sttape_cdb_rewind(uint8_t *cdb, bool immed);
int sttape_cdb_load_unload(uint8_t *cdb, bool immed, bool load, bool retension,
			   bool eot, bool hold);
int sttape_cdb_erase6(uint8_t *cdb, bool immed, bool longerase);
int sttape_cdb_read_position(uint8_t *cdb, enum sttape_read_position_form form,
			     uint16_t alloc);
int sttape_cdb_locate10(uint8_t *cdb, bool bt, bool cp, bool immed,
			uint32_t block, uint8_t partition);
int sttape_cdb_locate16(uint8_t *cdb, enum sttape_locate_dest dest, bool cp,
			bool immed, uint64_t object, uint8_t partition);
int sttape_cdb_prevent_allow(uint8_t *cdb, bool prevent);
int sttape_cdb_report_density_support(uint8_t *cdb, bool media, bool medium_type,
				      uint16_t alloc);
int sttape_cdb_log_sense(uint8_t *cdb, bool sp, enum sttape_page_control pc,
			 uint8_t page, uint8_t subpage, uint16_t param,
			 uint16_t alloc);

#define STTAPE_LOG_PAGE_TAPEALERT 0x2e

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_CDB_H */
