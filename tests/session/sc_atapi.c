/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_atapi.c - ATAPI tapes (block size from mode page 0x2A, always fixed
 * blocks, no READ BLOCK LIMITS, IMMED rewind/load/filemarks, no
 * compression) against the virtual drive's atapi profile.
 */
#include "scenario.h"

/* clang-format off */

#define ATAPI "profile=atapi"

static const struct sc_step atapi_fixed_from_page[] = {
	OPEN(0, 0, RW, 0),
	FLAGS(F_ATAPI | F_MOUNTED, 0),
	BLK(512, 0),
	CLOSE(0),
	END,
};

static const struct sc_step atapi_round_trip[] = {
	OPEN(0, 0, RW, 0),
	WR(100, -EINVAL),
	WRT(1024, 4, 1024),
	POS(0, 2),
	OP(REW, 0, 0),
	POS(0, 0),
	RDT(512, 4, 512),
	RDT(512, 4, 512),
	RD(512, 0),
	CLOSE(0),
	END,
};

static const struct sc_step atapi_no_compression[] = {
	OPEN(0, 0, RW, 0),
	OP(CMPRESS, 1, -ENODEV),
	OP(CMPRESS, 0, -ENODEV),
	CLOSE(0),
	END,
};

static const struct sc_step atapi_no_variable[] = {
	OPEN(0, 0, RW, 0),
	OP(SETBSIZ, 0, -EINVAL),
	BLK(512, 0),
	CLOSE(0),
	END,
};

static const struct sc_step atapi_norewind_close[] = {
	OPEN(0, 1, RW, 0),
	WR(512, 512),
	CLOSE(0),
	POS(1, 0),
	OPEN(0, 1, RW, 0),
	WR(512, 512),
	CLOSE(0),
	END,
};

static const struct sc_step atapi_eject[] = {
	OPEN(0, 2, RW, 0),
	WR(512, 512),
	CLOSE(0),
	VDSTATE(VD_LOADED, 0),
	END,
};

static const struct scenario table[] = {
	{"atapi_fixed_block_from_capabilities_page", ATAPI, 0, 0,
	 atapi_fixed_from_page, "", 0},
	{"atapi_fixed_round_trip_immediate_rewind", ATAPI, 0, 0,
	 atapi_round_trip, "R512x2 F F", 0},
	{"atapi_compression_enodev", ATAPI, 0, 0, atapi_no_compression, "", 0},
	{"atapi_variable_mode_einval", ATAPI, 0, 0, atapi_no_variable, "", 0},
	{"atapi_norewind_close_between_marks", ATAPI, 0, 0,
	 atapi_norewind_close, "R512 F R512 F F", 0},
	{"atapi_eject_on_close", ATAPI, 0, 0, atapi_eject, "R512 F F", 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session atapi", table,
			    sizeof(table) / sizeof(table[0]));
}
