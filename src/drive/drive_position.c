/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drive_position.c - moving the medium and asking where it is: SPACE
 * (SSC-4 7.7/7.8), REWIND, LOAD UNLOAD, ERASE, LOCATE(10/16) and READ
 * POSITION in its short, long and extended forms (SSC-4 7.3).
 */
#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "drive_priv.h"

/* READ POSITION flag bits, byte 0 (SSC-4 tables 69, 71, 73). */
#define RP_BOP	0x80
#define RP_EOP	0x40
#define RP_LOCU 0x20
#define RP_BYCU 0x10
#define RP_MPU	0x08 /* long form */
#define RP_LOLU 0x04 /* BPU (short form of SSC-2), LONU in the long form */
#define RP_PERR 0x02
#define RP_BPEW 0x01

int sttape_drive_space(struct sttape_drive *d, enum sttape_space_code code,
		       int64_t count, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_NONE,
		.cls = DRIVE_LONG,
		/* EOM while spacing toward BOP means BOP (SSC-4 SPACE). */
		.classify = count < 0 ? STTAPE_CLASSIFY_REVERSE : 0,
	};

	if (count >= STTAPE_CDB_SPACE6_MIN && count <= STTAPE_CDB_SPACE6_MAX)
		c.cdb_len = sttape_cdb_space6(c.cdb, code, (int32_t)count);
	else
		c.cdb_len = sttape_cdb_space16(c.cdb, code, count, 0, false);
	return drive_run(d, &c, drive_result(r, &local));
}

int sttape_drive_rewind(struct sttape_drive *d, bool immed,
			struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {.dir = STTAPE_DIR_NONE, .cls = DRIVE_LONG};

	c.cdb_len = sttape_cdb_rewind(c.cdb, immed);
	return drive_run(d, &c, drive_result(r, &local));
}

int sttape_drive_load(struct sttape_drive *d, bool load, bool retension,
		      bool immed, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {.dir = STTAPE_DIR_NONE, .cls = DRIVE_LONG};

	c.cdb_len = sttape_cdb_load_unload(c.cdb, immed, load, retension, false,
					   false);
	return drive_run(d, &c, drive_result(r, &local));
}

int sttape_drive_erase(struct sttape_drive *d, bool longerase, bool immed,
		       struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_NONE,
		.cls = longerase ? DRIVE_LONG : DRIVE_IO,
	};

	c.cdb_len = sttape_cdb_erase6(c.cdb, immed, longerase);
	return drive_run(d, &c, drive_result(r, &local));
}

int sttape_drive_locate(struct sttape_drive *d, uint64_t block, bool hardware,
			bool immed, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {.dir = STTAPE_DIR_NONE, .cls = DRIVE_LONG};

	r = drive_result(r, &local);
	if (block <= UINT32_MAX)
		c.cdb_len = sttape_cdb_locate10(c.cdb, hardware, false, immed,
						(uint32_t)block, 0);
	else if (hardware)
		return drive_refuse(r, -EINVAL);
	else
		c.cdb_len = sttape_cdb_locate16(c.cdb, STTAPE_LOCATE_OBJECT,
						false, immed, block, 0);
	return drive_run(d, &c, r);
}

/* Byte 0 flags shared by the short and extended forms. */
static void rp_flags(uint8_t f, struct sttape_position *p)
{
	p->bop = f & RP_BOP;
	p->eop = f & RP_EOP;
	p->locu = f & RP_LOCU;
	p->bycu = f & RP_BYCU;
	p->lolu = f & RP_LOLU;
	p->bpu = p->lolu;
	p->perr = f & RP_PERR;
	p->bpew = f & RP_BPEW;
}

/* Short form, SSC-4 table 69. */
static void rp_short(const uint8_t *b, struct sttape_position *p)
{
	rp_flags(b[0], p);
	p->partition = b[1];
	p->block = sttape_get_be32(b + 4);
	p->last_block = sttape_get_be32(b + 8);
	p->objects_in_buffer = sttape_get_be24(b + 13);
	p->bytes_in_buffer = sttape_get_be32(b + 16);
}

/* Long form, SSC-4 table 71: no last object, no buffer counts. */
static void rp_long(const uint8_t *b, struct sttape_position *p)
{
	p->bop = b[0] & RP_BOP;
	p->eop = b[0] & RP_EOP;
	p->lolu = b[0] & RP_LOLU;
	p->bpu = p->lolu;
	p->bpew = b[0] & RP_BPEW;
	p->partition = (uint8_t)sttape_get_be32(b + 4);
	p->block = sttape_get_be64(b + 8);
	p->last_block = p->block;
	p->file = sttape_get_be64(b + 16);
	p->file_valid = !(b[0] & RP_MPU);
}

/* Extended form, SSC-4 table 73. */
static void rp_extended(const uint8_t *b, struct sttape_position *p)
{
	rp_flags(b[0], p);
	p->partition = b[1];
	p->objects_in_buffer = sttape_get_be24(b + 5);
	p->block = sttape_get_be64(b + 8);
	p->last_block = sttape_get_be64(b + 16);
	p->bytes_in_buffer = sttape_get_be64(b + 24);
}

static size_t rp_length(enum sttape_read_position_form form)
{
	switch (form) {
	case STTAPE_RP_SHORT:
	case STTAPE_RP_SHORT_BT:
		return STTAPE_RP_SHORT_LEN;
	case STTAPE_RP_LONG:
		return STTAPE_RP_LONG_LEN;
	case STTAPE_RP_EXTENDED:
		return STTAPE_RP_EXTENDED_LEN;
	default:
		return 0;
	}
}

int sttape_drive_read_position(struct sttape_drive *d,
			       enum sttape_read_position_form form,
			       struct sttape_position *pos,
			       struct sttape_result *r)
{
	struct sttape_result local;
	uint8_t buf[STTAPE_RP_LONG_LEN] = {0};
	size_t need = rp_length(form);
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = need,
		.cls = DRIVE_CONTROL,
	};
	int rc;

	r = drive_result(r, &local);
	if (!need || !pos)
		return drive_refuse(r, -EINVAL);
	/*
	 * Only the extended form has an allocation length; the short and
	 * long forms have fixed sizes and the field must be zero.
	 */
	c.cdb_len = sttape_cdb_read_position(
		c.cdb, form, form == STTAPE_RP_EXTENDED ? (uint16_t)need : 0);
	rc = drive_run(d, &c, r);
	if (rc < 0)
		return rc;
	if (r->transferred < need)
		return drive_bad_data(r);
	memset(pos, 0, sizeof(*pos));
	if (form == STTAPE_RP_LONG)
		rp_long(buf, pos);
	else if (form == STTAPE_RP_EXTENDED)
		rp_extended(buf, pos);
	else
		rp_short(buf, pos);
	return 0;
}
