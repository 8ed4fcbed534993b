/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cdb_ssc.c - builders of the SSC-4 sequential-access commands.
 * Clause 6 of SSC-4 holds the implicit-address (6- and 10-byte)
 * commands, clause 7 the ones common to both address modes.  Every
 * builder validates first and writes second, so -EINVAL leaves the
 * caller's buffer as it was.
 */
#include <errno.h>

#include <sttape/cdb.h>

#include "bytes.h"
#include "cdb/cdb_layout.h"

/* A 6-byte CDB with flags in byte 1 and a 24-bit count in bytes 2-4. */
static int cdb6_count(uint8_t *cdb, uint8_t op, uint8_t b1, uint32_t count)
{
	int len;

	if (count > STTAPE_CDB_COUNT24_MAX)
		return -EINVAL;
	len = sttape_cdb_start(cdb, op, STTAPE_CDB6_LEN);
	cdb[1] = b1;
	sttape_put_be24(cdb + STTAPE_RW_COUNT, count);
	return len;
}

static bool space_code_ok(enum sttape_space_code code)
{
	return (unsigned int)code <= STTAPE_SPACE_END_OF_DATA;
}

/* SSC-4 7.6 READ BLOCK LIMITS: MLOI (byte 1 bit 0) zero, rest zero. */
int sttape_cdb_read_block_limits(uint8_t *cdb)
{
	return sttape_cdb_start(cdb, STTAPE_OP_READ_BLOCK_LIMITS,
				STTAPE_CDB6_LEN);
}

/*
 * SSC-4 6.4 READ(6): SILI byte 1 bit 1, FIXED bit 0, TRANSFER LENGTH
 * bytes 2-4.  SILI and FIXED both set is INVALID FIELD IN CDB.
 */
int sttape_cdb_read6(uint8_t *cdb, bool fixed, bool sili, uint32_t count)
{
	if (fixed && sili)
		return -EINVAL;
	return cdb6_count(cdb, STTAPE_OP_READ_6,
			  (uint8_t)((fixed ? STTAPE_RW_B1_FIXED : 0) |
				    (sili ? STTAPE_RW_B1_SILI : 0)),
			  count);
}

/* SSC-4 6.8 WRITE(6): FIXED byte 1 bit 0, TRANSFER LENGTH bytes 2-4. */
int sttape_cdb_write6(uint8_t *cdb, bool fixed, uint32_t count)
{
	return cdb6_count(cdb, STTAPE_OP_WRITE_6,
			  fixed ? STTAPE_RW_B1_FIXED : 0, count);
}

/*
 * SSC-4 6.9 WRITE FILEMARKS(6): IMMED byte 1 bit 0 (WSMK bit 1 stays
 * zero), FILEMARK COUNT bytes 2-4.
 */
int sttape_cdb_write_filemarks6(uint8_t *cdb, bool immed, uint32_t count)
{
	return cdb6_count(cdb, STTAPE_OP_WRITE_FILEMARKS_6,
			  immed ? STTAPE_WFM_B1_IMMED : 0, count);
}

/*
 * SSC-4 6.6 SPACE(6): CODE byte 1 bits 3-0, COUNT bytes 2-4 as a 24-bit
 * two's-complement number (negative = toward beginning of partition).
 */
int sttape_cdb_space6(uint8_t *cdb, enum sttape_space_code code, int32_t count)
{
	int len;

	if (!space_code_ok(code) || count < STTAPE_CDB_SPACE6_MIN ||
	    count > STTAPE_CDB_SPACE6_MAX)
		return -EINVAL;
	len = sttape_cdb_start(cdb, STTAPE_OP_SPACE_6, STTAPE_CDB6_LEN);
	cdb[1] = (uint8_t)code;
	/* The low 24 bits of the two's complement are the field. */
	sttape_put_be24(cdb + STTAPE_SP6_COUNT,
			(uint32_t)count & STTAPE_CDB_COUNT24_MAX);
	return len;
}

/*
 * SSC-4 7.12 SPACE(16): CODE byte 1 bits 3-0, COUNT bytes 4-11 (64-bit
 * two's complement), PARAMETER LENGTH bytes 12-13 zero (no parameter
 * list is sent).  There is no PARTITION field, so a partition request is
 * refused rather than silently dropped.
 */
int sttape_cdb_space16(uint8_t *cdb, enum sttape_space_code code, int64_t count,
		       uint8_t partition, bool use_partition)
{
	int len;

	if (!space_code_ok(code) || use_partition || partition != 0)
		return -EINVAL;
	len = sttape_cdb_start(cdb, STTAPE_OP_SPACE_16, STTAPE_CDB16_LEN);
	cdb[1] = (uint8_t)code;
	sttape_put_be64(cdb + STTAPE_SP16_COUNT, (uint64_t)count);
	return len;
}

/* SSC-4 7.10 REWIND: IMMED byte 1 bit 0. */
int sttape_cdb_rewind(uint8_t *cdb, bool immed)
{
	int len = sttape_cdb_start(cdb, STTAPE_OP_REWIND, STTAPE_CDB6_LEN);

	if (immed)
		cdb[1] = STTAPE_REW_B1_IMMED;
	return len;
}

/*
 * SSC-4 7.3 LOAD UNLOAD: IMMED byte 1 bit 0; byte 4 HOLD bit 3, EOT
 * bit 2, RETEN bit 1, LOAD bit 0.  LOAD with EOT is INVALID FIELD IN
 * CDB; LOAD with HOLD only seats the medium, so RETEN must be zero.
 */
int sttape_cdb_load_unload(uint8_t *cdb, bool immed, bool load, bool retension,
			   bool eot, bool hold)
{
	int len;

	if ((load && eot) || (load && hold && retension))
		return -EINVAL;
	len = sttape_cdb_start(cdb, STTAPE_OP_LOAD_UNLOAD, STTAPE_CDB6_LEN);
	if (immed)
		cdb[1] = STTAPE_LU_B1_IMMED;
	cdb[STTAPE_LU_FLAGS] = (uint8_t)((load ? STTAPE_LU_B4_LOAD : 0) |
					 (retension ? STTAPE_LU_B4_RETEN : 0) |
					 (eot ? STTAPE_LU_B4_EOT : 0) |
					 (hold ? STTAPE_LU_B4_HOLD : 0));
	return len;
}

/* SSC-4 6.2 ERASE(6): IMMED byte 1 bit 1, LONG bit 0. */
int sttape_cdb_erase6(uint8_t *cdb, bool immed, bool longerase)
{
	int len = sttape_cdb_start(cdb, STTAPE_OP_ERASE_6, STTAPE_CDB6_LEN);

	cdb[1] = (uint8_t)((immed ? STTAPE_ER_B1_IMMED : 0) |
			   (longerase ? STTAPE_ER_B1_LONG : 0));
	return len;
}

/*
 * SSC-4 7.7 READ POSITION: SERVICE ACTION byte 1 bits 4-0, ALLOCATION
 * LENGTH bytes 7-8.  The short and long forms return fixed lengths and
 * their ALLOCATION LENGTH shall be zero.
 */
int sttape_cdb_read_position(uint8_t *cdb, enum sttape_read_position_form form,
			     uint16_t alloc)
{
	int len;

	switch (form) {
	case STTAPE_RP_SHORT:
	case STTAPE_RP_SHORT_BT:
	case STTAPE_RP_LONG:
		if (alloc != 0)
			return -EINVAL;
		break;
	case STTAPE_RP_EXTENDED:
		break;
	default:
		return -EINVAL;
	}
	len = sttape_cdb_start(cdb, STTAPE_OP_READ_POSITION, STTAPE_CDB10_LEN);
	cdb[1] = (uint8_t)form;
	sttape_put_be16(cdb + STTAPE_RP_ALLOC, alloc);
	return len;
}

/*
 * SSC-4 6.3 LOCATE(10): BT byte 1 bit 2, CP bit 1, IMMED bit 0; LOGICAL
 * OBJECT IDENTIFIER bytes 3-6; PARTITION byte 8, used only with CP.
 */
int sttape_cdb_locate10(uint8_t *cdb, bool bt, bool cp, bool immed,
			uint32_t block, uint8_t partition)
{
	int len;

	if (!cp && partition != 0)
		return -EINVAL;
	len = sttape_cdb_start(cdb, STTAPE_OP_LOCATE_10, STTAPE_CDB10_LEN);
	cdb[1] = (uint8_t)((bt ? STTAPE_LC_B1_BT : 0) |
			   (cp ? STTAPE_LC_B1_CP : 0) |
			   (immed ? STTAPE_LC_B1_IMMED : 0));
	sttape_put_be32(cdb + STTAPE_LC10_BLOCK, block);
	cdb[STTAPE_LC10_PART] = partition;
	return len;
}

/*
 * SSC-4 7.4 LOCATE(16): DEST_TYPE byte 1 bits 5-3, CP bit 1, IMMED
 * bit 0; BAM byte 2 bit 0 (zero, implicit); PARTITION byte 3, used only
 * with CP; LOGICAL IDENTIFIER bytes 4-11.
 */
int sttape_cdb_locate16(uint8_t *cdb, enum sttape_locate_dest dest, bool cp,
			bool immed, uint64_t object, uint8_t partition)
{
	int len;

	if (dest != STTAPE_LOCATE_OBJECT && dest != STTAPE_LOCATE_FILE &&
	    dest != STTAPE_LOCATE_EOD)
		return -EINVAL;
	if (!cp && partition != 0)
		return -EINVAL;
	len = sttape_cdb_start(cdb, STTAPE_OP_LOCATE_16, STTAPE_CDB16_LEN);
	cdb[1] = (uint8_t)(((unsigned int)dest << STTAPE_LC16_DEST_SHIFT) |
			   (cp ? STTAPE_LC_B1_CP : 0) |
			   (immed ? STTAPE_LC_B1_IMMED : 0));
	cdb[STTAPE_LC16_PART] = partition;
	sttape_put_be64(cdb + STTAPE_LC16_OBJECT, object);
	return len;
}

/* SSC-4 7.5 PREVENT ALLOW MEDIUM REMOVAL: PREVENT byte 4 bits 1-0. */
int sttape_cdb_prevent_allow(uint8_t *cdb, bool prevent)
{
	int len =
		sttape_cdb_start(cdb, STTAPE_OP_PREVENT_ALLOW, STTAPE_CDB6_LEN);

	cdb[STTAPE_PA_PREVENT] = prevent ? 1 : 0;
	return len;
}

/*
 * SSC-4 7.9 REPORT DENSITY SUPPORT: MEDIUM TYPE byte 1 bit 1, MEDIA
 * bit 0, ALLOCATION LENGTH bytes 7-8.
 */
int sttape_cdb_report_density_support(uint8_t *cdb, bool media,
				      bool medium_type, uint16_t alloc)
{
	int len = sttape_cdb_start(cdb, STTAPE_OP_REPORT_DENSITY_SUPPORT,
				   STTAPE_CDB10_LEN);

	cdb[1] = (uint8_t)((media ? STTAPE_RDS_B1_MEDIA : 0) |
			   (medium_type ? STTAPE_RDS_B1_MTYPE : 0));
	sttape_put_be16(cdb + STTAPE_RDS_ALLOC, alloc);
	return len;
}
