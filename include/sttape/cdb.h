/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/cdb.h - SCSI command descriptor block builders (SPC-5, SSC-4).
 *
 * One small function per command.  Each writes the CDB into a caller
 * buffer of at least STTAPE_CDB_MAX bytes and returns the CDB length
 * (6, 10 or 16), or -EINVAL when a field is out of range or a
 * combination is one the standard says the device server rejects.
 * Builders never allocate, never touch bytes past the returned length,
 * and leave the buffer untouched when they return -EINVAL.  Reserved
 * fields and the CONTROL byte are always zero.
 */
#ifndef STTAPE_CDB_H
#define STTAPE_CDB_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STTAPE_CDB_MAX 16

/* Largest 24-bit transfer length / filemark count (SSC-4 6.4, 6.8, 6.9). */
#define STTAPE_CDB_COUNT24_MAX 0xffffffu
/* Signed 24-bit SPACE(6) count range (SSC-4 6.6). */
#define STTAPE_CDB_SPACE6_MIN (-8388608)
#define STTAPE_CDB_SPACE6_MAX 8388607

/* Operation codes (SPC-5 and SSC-4 command summaries), sorted by value. */
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
	STTAPE_OP_SPACE_16 = 0x91,
	STTAPE_OP_LOCATE_16 = 0x92,
};

/* SPACE CODE field (SSC-4 6.6, 7.12); setmark codes 4, 5 are obsolete. */
enum sttape_space_code {
	STTAPE_SPACE_BLOCKS = 0,
	STTAPE_SPACE_FILEMARKS = 1,
	STTAPE_SPACE_SEQ_FILEMARKS = 2,
	STTAPE_SPACE_END_OF_DATA = 3,
};

/* READ POSITION service action (SSC-4 7.7). */
enum sttape_read_position_form {
	STTAPE_RP_SHORT = 0x00,	   /* 20 bytes, logical object id */
	STTAPE_RP_SHORT_BT = 0x01, /* 20 bytes, vendor (hardware) block */
	STTAPE_RP_LONG = 0x06,	   /* 32 bytes */
	STTAPE_RP_EXTENDED = 0x08, /* 32 bytes, needs an allocation length */
};

/* Fixed data lengths of the READ POSITION forms (SSC-4 7.7). */
#define STTAPE_RP_SHORT_LEN    20
#define STTAPE_RP_LONG_LEN     32
#define STTAPE_RP_EXTENDED_LEN 32

/* LOCATE(16) DEST_TYPE field (SSC-4 7.4); 2 (setmark) is obsolete. */
enum sttape_locate_dest {
	STTAPE_LOCATE_OBJECT = 0,
	STTAPE_LOCATE_FILE = 1,
	STTAPE_LOCATE_EOD = 3,
};

/* PC field of MODE SENSE (SPC-5 6.14, 6.15). */
enum sttape_page_control {
	STTAPE_PC_CURRENT = 0,
	STTAPE_PC_CHANGEABLE = 1,
	STTAPE_PC_DEFAULT = 2,
	STTAPE_PC_SAVED = 3,
};

/*
 * PC field of LOG SENSE (SPC-5 6.9): its values mean something else
 * than MODE SENSE's, hence its own enum.  Counters and TapeAlert flags
 * are read as cumulative values.
 */
enum sttape_log_page_control {
	STTAPE_LOG_PC_THRESHOLD = 0,
	STTAPE_LOG_PC_CUMULATIVE = 1,
	STTAPE_LOG_PC_DEFAULT_THRESHOLD = 2,
	STTAPE_LOG_PC_DEFAULT_CUMULATIVE = 3,
};

/* Largest 6-bit PAGE CODE (SPC-5 6.9, 6.14). */
#define STTAPE_CDB_PAGE_MAX 0x3f
/* SUBPAGE CODE value that asks for every subpage (SPC-5 6.14). */
#define STTAPE_SUBPAGE_ALL 0xff

#define STTAPE_LOG_PAGE_TAPEALERT 0x2e
#define STTAPE_VPD_UNIT_SERIAL	  0x80
#define STTAPE_VPD_DEVICE_ID	  0x83

/* SPC-5 6.47. */
int sttape_cdb_test_unit_ready(uint8_t *cdb);
/* SPC-5 6.7.  A page other than 0 needs evpd (standard data has none). */
int sttape_cdb_inquiry(uint8_t *cdb, bool evpd, uint8_t page, uint16_t alloc);
/* SPC-5 REQUEST SENSE; desc asks for descriptor-format sense. */
int sttape_cdb_request_sense(uint8_t *cdb, bool desc, uint8_t alloc);
/* SPC-5 6.14, 6.15.  page <= STTAPE_CDB_PAGE_MAX. */
int sttape_cdb_mode_sense6(uint8_t *cdb, bool dbd, enum sttape_page_control pc,
			   uint8_t page, uint8_t subpage, uint8_t alloc);
int sttape_cdb_mode_sense10(uint8_t *cdb, bool dbd, enum sttape_page_control pc,
			    uint8_t page, uint8_t subpage, uint16_t alloc);
/*
 * SPC-5 6.12, 6.13.  len is the parameter list length: 0 (nothing sent)
 * or at least the mode parameter header (4 bytes for (6), 8 for (10));
 * a length that cuts the header is a PARAMETER LIST LENGTH ERROR.
 */
int sttape_cdb_mode_select6(uint8_t *cdb, bool pf, bool sp, uint8_t len);
int sttape_cdb_mode_select10(uint8_t *cdb, bool pf, bool sp, uint16_t len);
/* SSC-4 7.6 (MLOI zero: the block length limits form). */
int sttape_cdb_read_block_limits(uint8_t *cdb);
/*
 * SSC-4 6.4.  count: bytes in variable mode, blocks when fixed; 24 bits.
 * fixed and sili together are invalid.
 */
int sttape_cdb_read6(uint8_t *cdb, bool fixed, bool sili, uint32_t count);
/* SSC-4 6.8. */
int sttape_cdb_write6(uint8_t *cdb, bool fixed, uint32_t count);
/* SSC-4 6.9.  count 0 with immed=false flushes the drive buffer. */
int sttape_cdb_write_filemarks6(uint8_t *cdb, bool immed, uint32_t count);
/*
 * SSC-4 6.6.  count is a signed 24-bit value, STTAPE_CDB_SPACE6_MIN ..
 * STTAPE_CDB_SPACE6_MAX; negative spaces toward BOP.  The device ignores
 * count for STTAPE_SPACE_END_OF_DATA.
 */
int sttape_cdb_space6(uint8_t *cdb, enum sttape_space_code code, int32_t count);
/*
 * SSC-4 7.12.  Signed 64-bit count.  The CDB has no partition field
 * (spacing stays in the current partition; LOCATE changes partitions)
 * and no parameter list is sent (PARAMETER LENGTH zero), so
 * use_partition must be false and partition 0; they stay in the
 * signature for source compatibility.
 */
int sttape_cdb_space16(uint8_t *cdb, enum sttape_space_code code, int64_t count,
		       uint8_t partition, bool use_partition);
/* SSC-4 7.10. */
int sttape_cdb_rewind(uint8_t *cdb, bool immed);
/*
 * SSC-4 7.3.  load with eot is invalid, and so are eot or retension
 * with load+hold (the medium is only seated, not positioned).
 */
int sttape_cdb_load_unload(uint8_t *cdb, bool immed, bool load, bool retension,
			   bool eot, bool hold);
/* SSC-4 6.2. */
int sttape_cdb_erase6(uint8_t *cdb, bool immed, bool longerase);
/*
 * SSC-4 7.7.  The short and long forms have fixed lengths and their
 * ALLOCATION LENGTH shall be zero, so alloc must be 0 for them; only
 * STTAPE_RP_EXTENDED takes an allocation length.
 */
int sttape_cdb_read_position(uint8_t *cdb, enum sttape_read_position_form form,
			     uint16_t alloc);
/*
 * SSC-4 6.3.  partition is only sent with cp (change partition); a
 * non-zero partition without cp is a caller error.
 */
int sttape_cdb_locate10(uint8_t *cdb, bool bt, bool cp, bool immed,
			uint32_t block, uint8_t partition);
/* SSC-4 7.4.  Same partition rule; implicit block address mode (BAM 0). */
int sttape_cdb_locate16(uint8_t *cdb, enum sttape_locate_dest dest, bool cp,
			bool immed, uint64_t object, uint8_t partition);
/* SSC-4 7.5. */
int sttape_cdb_prevent_allow(uint8_t *cdb, bool prevent);
/* SSC-4 7.9. */
int sttape_cdb_report_density_support(uint8_t *cdb, bool media,
				      bool medium_type, uint16_t alloc);
/*
 * SPC-5 6.9.  pc is an enum sttape_log_page_control value (an unsigned
 * int so callers written against the MODE SENSE enum still compile);
 * page <= STTAPE_CDB_PAGE_MAX; param is the parameter pointer.
 */
int sttape_cdb_log_sense(uint8_t *cdb, bool sp, unsigned int pc, uint8_t page,
			 uint8_t subpage, uint16_t param, uint16_t alloc);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_CDB_H */
