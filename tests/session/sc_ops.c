/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_ops.c - MTIOCTOP operations (sttape(4) IOCTLS) against the
 * virtual drive.
 */
#include "scenario.h"

/* clang-format off */

#define LTO "profile=lto"

/* Tape "R100 F R200 F R300 F F" written by a rewind-node session. */
#define THREE_FILES                                                            \
	OPEN(0, 0, RW, 0), WRT(100, 1, 100), OP(WEOF, 1, 0), WRT(200, 2, 200), \
		OP(WEOF, 1, 0), WRT(300, 3, 300), CLOSE(0)
#define THREE_LAYOUT "R100 F R200 F R300 F F"

static const struct sc_step weof_counts[] = {
	OPEN(0, 0, RW, 0),
	OP(WEOF, 2, 0),
	POS(2, 0),
	OP(WEOF, -1, -EINVAL),
	CLOSE(0),
	END,
};

static const struct sc_step weof_zero_flushes[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(WEOF, 0, 0),
	POS(0, 1),
	VDSTATE(VD_POSITION, 1),
	CLOSE(0),
	END,
};

static const struct sc_step weofi_writes_mark[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(WEOFI, 1, 0),
	POS(1, 0),
	CLOSE(0),
	END,
};

static const struct sc_step fsf_bsf[] = {
	THREE_FILES,
	OPEN(0, 0, R, 0),
	OP(FSF, 2, 0),
	POS(2, 0),
	RDT(1000, 3, 300),
	OP(BSF, 1, 0),
	POS(1, -1),
	RD(1000, 0),
	POS(2, 0),
	RDT(1000, 3, 300),
	CLOSE(0),
	END,
};

static const struct sc_step fsr_bsr[] = {
	OPEN(0, 0, RW, 0),
	WRT(100, 1, 100),
	WRT(200, 2, 200),
	WRT(300, 3, 300),
	OP(REW, 0, 0),
	OP(FSR, 2, 0),
	POS(0, 2),
	OP(BSR, 1, 0),
	POS(0, 1),
	RDT(1000, 2, 200),
	CLOSE(0),
	END,
};

static const struct sc_step fsr_over_filemark_eio[] = {
	THREE_FILES,
	OPEN(0, 0, R, 0),
	OP(FSR, 2, -EIO),
	POS(1, 0),
	RDT(1000, 2, 200),
	CLOSE(0),
	END,
};

static const struct sc_step bsr_over_filemark_eio[] = {
	THREE_FILES,
	OPEN(0, 0, R, 0),
	OP(FSF, 1, 0),
	OP(BSR, 1, -EIO),
	POS(0, -1),
	RD(1000, 0),
	CLOSE(0),
	END,
};

static const struct sc_step bsr_at_bot_eio[] = {
	OPEN(0, 0, RW, 0),
	OP(BSR, 1, -EIO),
	POS(0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step bsf_at_bot_eio[] = {
	THREE_FILES,
	OPEN(0, 0, R, 0),
	OP(BSF, 1, -EIO),
	POS(0, 0),
	FLAGS(F_BOT, 0),
	CLOSE(0),
	END,
};

static const struct sc_step fsf_past_eod_eio[] = {
	THREE_FILES,
	OPEN(0, 0, R, 0),
	OP(FSF, 5, -EIO),
	POS(4, -1),
	FLAGS(F_EOD, 0),
	CLOSE(0),
	END,
};

static const struct sc_step fsfm_bsfm[] = {
	THREE_FILES,
	OPEN(0, 0, R, 0),
	OP(FSFM, 1, 0),
	POS(0, -1),
	RD(1000, 0),
	POS(1, 0),
	RDT(1000, 2, 200),
	OP(BSFM, 1, 0),
	POS(1, 0),
	RDT(1000, 2, 200),
	CLOSE(0),
	END,
};

static const struct sc_step rewind_op[] = {
	THREE_FILES,
	OPEN(0, 1, R, 0),
	OP(FSF, 2, 0),
	OP(REW, 0, 0),
	POS(0, 0),
	FLAGS(F_BOT, 0),
	VDSTATE(VD_POSITION, 0),
	RDT(1000, 1, 100),
	CLOSE(0),
	END,
};

static const struct sc_step offline_then_load[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(OFFL, 0, 0),
	VDSTATE(VD_LOADED, 0),
	OP(LOAD, 0, 0),
	VDSTATE(VD_LOADED, 1),
	POS(0, 0),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step unload_op[] = {
	OPEN(0, 1, RW, 0),
	OP(UNLOAD, 0, 0),
	VDSTATE(VD_LOADED, 0),
	FLAGS(0, F_MOUNTED),
	CLOSE(0),
	OPEN(0, 1, R, -ENOMEDIUM),
	END,
};

static const struct sc_step load_when_mounted_rewinds[] = {
	THREE_FILES,
	OPEN(0, 1, R, 0),
	OP(FSF, 1, 0),
	OP(LOAD, 0, 0),
	POS(0, 0),
	RDT(1000, 1, 100),
	CLOSE(0),
	END,
};

static const struct sc_step nop_op[] = {
	OPEN(0, 0, RW, 0),
	OP(NOP, 0, 0),
	OP(NOP, 5, 0),
	POS(0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step reten_op[] = {
	THREE_FILES,
	OPEN(0, 1, R, 0),
	OP(FSF, 1, 0),
	OP(RETEN, 0, 0),
	POS(0, 0),
	RDT(1000, 1, 100),
	CLOSE(0),
	END,
};

static const struct sc_step erase_long[] = {
	THREE_FILES,
	OPEN(0, 0, RW, 0),
	OP(ERASE, 1, 0),
	OP(REW, 0, 0),
	RD(1000, 0),
	CLOSE(0),
	END,
};

static const struct sc_step erase_gap[] = {
	OPEN(0, 0, RW, 0),
	OP(ERASE, 0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step eom_op_appends[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	OP(EOM, 0, 0),
	POS(-1, -1),
	FLAGS(F_EOD, 0),
	WR(200, 200),
	CLOSE(0),
	END,
};

static const struct sc_step eom_after_write_completes_eod[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(EOM, 0, 0),
	WR(200, 200),
	CLOSE(0),
	END,
};

static const struct sc_step cache_nocache[] = {
	OPEN(0, 1, RW, 0),
	FLAGS(F_IMMREP, 0),
	OP(NOCACHE, 0, 0),
	FLAGS(0, F_IMMREP),
	OP(CACHE, 0, 0),
	FLAGS(F_IMMREP, 0),
	OP(SETDRVBUFFER, 0, 0),
	FLAGS(0, F_IMMREP),
	OP(SETDRVBUFFER, 1, 0),
	FLAGS(F_IMMREP, 0),
	OP(SETDRVBUFFER, 8, -EINVAL),
	CLOSE(0),
	END,
};

static const struct sc_step compression_op[] = {
	OPEN(0, 1, RW, 0),
	OP(CMPRESS, 1, 0),
	FLAGS(F_COMP, 0),
	OP(CMPRESS, 0, 0),
	FLAGS(0, F_COMP),
	CLOSE(0),
	END,
};

static const struct sc_step lock_unlock[] = {
	OPEN(0, 1, RW, 0),
	VDSTATE(VD_PREVENT, 1),
	OP(UNLOCK, 0, 0),
	VDSTATE(VD_PREVENT, 0),
	OP(LOCK, 0, 0),
	VDSTATE(VD_PREVENT, 1),
	CLOSE(0),
	VDSTATE(VD_PREVENT, 0),
	END,
};

static const struct sc_step unknown_op_einval[] = {
	OPEN(0, 1, RW, 0),
	OPN(STTAPE_MT_COUNT, 0, -EINVAL),
	OPN(1000, 1, -EINVAL),
	OPN(-1, 1, -EINVAL),
	CLOSE(0),
	END,
};

static const struct sc_step op_without_open_ebadf[] = {
	OP(NOP, 0, -EBADF),
	OP(REW, 0, -EBADF),
	RDPOS(0, 0, -EBADF),
	END,
};

static const struct sc_step default_blksize[] = {
	OPEN(0, 0, RW, 0),
	OP(DEF_BLKSIZE, 1024, 0),
	BLK(0, SC_ANY),
	MODEP(0, 1024, 0),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	BLK(1024, SC_ANY),
	OP(DEF_BLKSIZE, -1, 0),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	BLK(0, SC_ANY),
	CLOSE(0),
	END,
};

static const struct sc_step default_density[] = {
	OPEN(2, 0, RW, 0),
	OP(DEF_DENSITY, 0x58, 0),
	OP(DEF_DENSITY, 300, -EINVAL),
	CLOSE(0),
	OPEN(2, 0, RW, 0),
	BLK(0, 0x58),
	CLOSE(0),
	MODEP(2, 0, 0x58),
	END,
};

static const struct sc_step default_compression[] = {
	OPEN(0, 0, RW, 0),
	OP(DEF_COMPRESSION, 1, 0),
	OP(DEF_COMPRESSION, 2, -EINVAL),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	FLAGS(F_COMP, 0),
	CLOSE(0),
	END,
};

static const struct sc_step offline_control_no_medium[] = {
	OPEN(0, 3, R, 0),
	OP(OFFL, 0, 0),
	OP(REW, 0, -EIO),
	CLOSE(0),
	END,
};

static const struct scenario table[] = {
	{"weof_writes_count_marks", LTO, 0, 0, weof_counts, "F F", 0},
	{"weof_zero_flushes_without_mark", LTO, 0, 0, weof_zero_flushes,
	 "R100 F F", 0},
	{"weofi_writes_mark", LTO, 0, 0, weofi_writes_mark, "R100 F", 0},
	{"fsf_and_bsf_sides_of_marks", LTO, 0, 0, fsf_bsf, THREE_LAYOUT, 0},
	{"fsr_and_bsr_records", LTO, 0, 0, fsr_bsr, "R100 R200 R300 F F", 0},
	{"fsr_over_filemark_eio_after_mark", LTO, 0, 0, fsr_over_filemark_eio,
	 THREE_LAYOUT, 0},
	{"bsr_over_filemark_eio_before_mark", LTO, 0, 0, bsr_over_filemark_eio,
	 THREE_LAYOUT, 0},
	{"bsr_at_bot_eio", LTO, 0, 0, bsr_at_bot_eio, "", 0},
	{"bsf_at_bot_eio", LTO, 0, 0, bsf_at_bot_eio, THREE_LAYOUT, 0},
	{"fsf_past_end_of_data_eio", LTO, 0, 0, fsf_past_eod_eio, THREE_LAYOUT,
	 0},
	{"fsfm_bsfm_near_side", LTO, 0, 0, fsfm_bsfm, THREE_LAYOUT, 0},
	{"rewind_to_bot", LTO, 0, 0, rewind_op, THREE_LAYOUT, 0},
	{"offline_then_load", LTO, 0, 0, offline_then_load, "R100 F F", 0},
	{"unload_ends_session", LTO, 0, 0, unload_op, "", 0},
	{"load_when_mounted_rewinds", LTO, 0, 0, load_when_mounted_rewinds,
	 THREE_LAYOUT, 0},
	{"nop_does_nothing", LTO, 0, 0, nop_op, "", 0},
	{"retension_ends_at_bot", LTO, 0, 0, reten_op, THREE_LAYOUT, 0},
	{"long_erase_erases_to_end", LTO, 0, 0, erase_long, "", 0},
	{"erase_gap", LTO, 0, 0, erase_gap, "", 0},
	{"eom_spaces_to_end_of_data", LTO, 0, 0, eom_op_appends,
	 "R100 F F R200 F F", 0},
	{"eom_after_write_writes_marks_first", LTO, 0, 0,
	 eom_after_write_completes_eod, "R100 F F R200 F F", 0},
	{"cache_nocache_setdrvbuffer", LTO, 0, 0, cache_nocache, "", 0},
	{"compression_on_off", LTO, 0, 0, compression_op, "", 0},
	{"lock_unlock_and_prevent_on_open", LTO, 0, 0, lock_unlock, "", 0},
	{"unknown_op_einval", LTO, 0, 0, unknown_op_einval, "", 0},
	{"ops_without_open_ebadf", LTO, 0, 0, op_without_open_ebadf, "", 0},
	{"default_blksize_applies_next_mount", LTO, 0, 0, default_blksize, "",
	 0},
	{"default_density_applies_next_mount", LTO, 0, 0, default_density, "",
	 0},
	{"default_compression_applies_next_mount", LTO, 0, 0,
	 default_compression, "", 0},
	{"offline_in_control_mode_without_medium", LTO ",nomedium=1", 0, 0,
	 offline_control_no_medium, NULL, 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session ops", table,
			    sizeof(table) / sizeof(table[0]));
}
