/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_modes.c - mount sessions, operation modes and sub-modes (sttape(4)
 * MOUNT SESSIONS, MODES AND SUB-MODES) against the virtual drive.
 */
#include "scenario.h"

/* clang-format off */

#define LTO "profile=lto"

static const struct sc_step open_rewind_node[] = {
	OPEN(0, 0, RW, 0),
	POS(0, 0),
	FLAGS(F_BOT | F_ONLINE | F_MOUNTED | F_OPEN | F_TWOFM, F_DOOR | F_LOST),
	BLK(0, 0x5a),
	CLOSE(0),
	FLAGS(0, F_OPEN | F_MOUNTED),
	END,
};

static const struct sc_step second_open_ebusy[] = {
	OPEN(0, 1, RW, 0),
	OPEN(0, 1, RW, -EBUSY),
	OPEN(1, 0, R, -EBUSY),
	OPEN(2, 3, R, -EBUSY),
	CLOSE(0),
	OPEN(0, 0, R, 0),
	CLOSE(0),
	CLOSE(-ENODEV),
	END,
};

static const struct sc_step bad_open_args[] = {
	OPEN(4, 0, R, -EINVAL),
	OPEN(0, 4, R, -EINVAL),
	OPEN(0, 0, 3, -EINVAL),
	OPEN(0, 0, R, 0),
	CLOSE(0),
	END,
};

static const struct sc_step control_without_medium[] = {
	OPEN(0, 3, R, 0),
	FLAGS(F_OPEN | F_DOOR, F_MOUNTED | F_ONLINE),
	POS(-1, -1),
	RD(100, -EIO),
	OP(SETBSIZ, 1024, 0),
	OP(SETDNSTY, 0x58, 0),
	MODEP(0, 1024, 0x58),
	MODEP(1, 0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step no_medium_enomedium[] = {
	OPEN(0, 0, R, -ENOMEDIUM),
	OPEN(0, 1, RW, -ENOMEDIUM),
	OPEN(0, 2, R, -ENOMEDIUM),
	FLAGS(F_DOOR, F_OPEN),
	END,
};

static const struct sc_step nonblock_without_medium[] = {
	OPENNB(0, 0, R, 0),
	RD(100, -EIO),
	OP(FSF, 1, -EIO),
	CLOSE(0),
	END,
};

static const struct sc_step control_blksize_persists[] = {
	OPEN(0, 3, R, 0),
	OP(SETBSIZ, 1024, 0),
	BLK(1024, SC_ANY),
	MODEP(0, 1024, 0),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	BLK(1024, SC_ANY),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	BLK(1024, SC_ANY),
	WR(1000, -EINVAL),
	WR(2048, 2048),
	CLOSE(0),
	MODEP(0, 1024, 0),
	END,
};

static const struct sc_step control_density_persists[] = {
	OPEN(1, 3, R, 0),
	OP(SETDNSTY, 0x58, 0),
	CLOSE(0),
	OPEN(0, 0, R, 0),
	BLK(0, 0x5a),
	CLOSE(0),
	OPEN(1, 0, R, 0),
	BLK(0, 0x58),
	VDSTATE(VD_DENSITY, 0x58),
	CLOSE(0),
	MODEP(1, 0, 0x58),
	MODEP(0, 0, 0),
	END,
};

static const struct sc_step session_params_session_only[] = {
	OPEN(0, 1, RW, 0),
	OP(SETBSIZ, 512, 0),
	OP(SETDNSTY, 0x58, 0),
	BLK(512, 0x58),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	BLK(512, SC_ANY),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	BLK(512, SC_ANY),
	CLOSE(0),
	MODEP(0, 0, 0),
	OPEN(0, 0, RW, 0),
	BLK(0, SC_ANY),
	CLOSE(0),
	END,
};

static const struct sc_step other_mode_ends_session[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	CLOSE(0),
	POS(1, 0),
	FLAGS(F_MOUNTED, 0),
	OPEN(1, 1, R, 0),
	POS(0, 0),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step other_mode_fresh_params[] = {
	OPEN(1, 3, R, 0),
	OP(SETBSIZ, 512, 0),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	BLK(0, SC_ANY),
	OP(SETBSIZ, 2048, 0),
	CLOSE(0),
	OPEN(1, 1, RW, 0),
	BLK(512, SC_ANY),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	BLK(0, SC_ANY),
	CLOSE(0),
	END,
};

static const struct sc_step control_with_medium_io[] = {
	OPEN(0, 3, RW, 0),
	WR(100, 100),
	CLOSE(0),
	POS(1, 0),
	FLAGS(F_MOUNTED, 0),
	OPEN(0, 1, RW, 0),
	WR(200, 200),
	CLOSE(0),
	END,
};

static const struct sc_step mode_select_rollback[] = {
	OPEN(0, 1, RW, 0),
	OP(SETDNSTY, 0x99, -EINVAL),
	BLK(0, 0x5a),
	OP(SETDNSTY, 0x58, 0),
	BLK(0, 0x58),
	CLOSE(0),
	END,
};

static const struct sc_step setbsiz_limits[] = {
	OPEN(0, 1, RW, 0),
	OP(SETBSIZ, 131072, -EINVAL),
	BLK(0, SC_ANY),
	OP(SETBSIZ, -1, -EINVAL),
	OP(SETBSIZ, 65536, 0),
	BLK(65536, SC_ANY),
	VDSTATE(VD_BLOCKLEN, 65536),
	OP(SETBSIZ, 0, 0),
	VDSTATE(VD_BLOCKLEN, 0),
	CLOSE(0),
	END,
};

static const struct sc_step setdnsty_range[] = {
	OPEN(0, 1, RW, 0),
	OP(SETDNSTY, 256, -EINVAL),
	OP(SETDNSTY, -1, -EINVAL),
	BLK(0, 0x5a),
	CLOSE(0),
	END,
};

static const struct sc_step sub00_rewinds_unmounts[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	WR(200, 200),
	CLOSE(0),
	FLAGS(0, F_MOUNTED),
	VDSTATE(VD_POSITION, 0),
	OPEN(0, 0, R, 0),
	POS(0, 0),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step sub01_head_stays[] = {
	OPEN(0, 0, RW, 0),
	WRT(100, 1, 100),
	WRT(200, 2, 200),
	WRT(300, 3, 300),
	CLOSE(0),
	OPEN(0, 1, R, 0),
	RDT(1000, 1, 100),
	CLOSE(0),
	FLAGS(F_MOUNTED, 0),
	POS(0, 1),
	OPEN(0, 1, R, 0),
	RDT(1000, 2, 200),
	CLOSE(0),
	END,
};

static const struct sc_step sub10_unloads[] = {
	OPEN(0, 2, RW, 0),
	WR(100, 100),
	CLOSE(0),
	VDSTATE(VD_LOADED, 0),
	FLAGS(0, F_MOUNTED),
	POS(-1, -1),
	OPEN(0, 0, R, -ENOMEDIUM),
	OPEN(0, 3, R, 0),
	OP(LOAD, 0, 0),
	POS(0, 0),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step sub11_like_01[] = {
	OPEN(0, 3, RW, 0),
	WR(100, 100),
	WR(100, 100),
	OP(BSR, 1, 0),
	CLOSE(0),
	POS(0, 1),
	OPEN(0, 3, R, 0),
	RD(1000, 100),
	RD(1000, 0),
	CLOSE(0),
	END,
};

static const struct sc_step read_only_close_writes_nothing[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	WR(200, 200),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	RD(1000, 100),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step access_mode_checked[] = {
	OPEN(0, 1, R, 0),
	WR(100, -EBADF),
	CLOSE(0),
	OPEN(0, 1, W, 0),
	RD(100, -EBADF),
	CLOSE(0),
	END,
};

static const struct sc_step reopen_after_close_ok[] = {
	OPEN(0, 0, RW, 0),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	CLOSE(0),
	OPEN(3, 2, R, 0),
	CLOSE(0),
	VDSTATE(VD_LOADED, 0),
	END,
};

static const struct sc_step other_mode_completes_eod[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(WEOF, 1, 0),
	CLOSE(0),
	OPEN(1, 1, R, 0),
	POS(0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step nonblock_with_medium[] = {
	OPENNB(0, 1, RW, 0),
	FLAGS(F_MOUNTED | F_ONLINE | F_BOT, 0),
	WR(100, 100),
	CLOSE(0),
	POS(1, 0),
	END,
};

static const struct scenario table[] = {
	{"open_rewind_node_mounts_at_bot", LTO, 0, 0, open_rewind_node, "", 0},
	{"second_open_any_node_ebusy", LTO, 0, 0, second_open_ebusy, "", 0},
	{"bad_open_arguments_einval", LTO, 0, 0, bad_open_args, "", 0},
	{"control_mode_opens_without_medium", LTO ",nomedium=1", 0, 0,
	 control_without_medium, NULL, 0},
	{"no_medium_open_enomedium", LTO ",nomedium=1", 0, 0,
	 no_medium_enomedium, NULL, 0},
	{"nonblocking_open_without_medium", LTO ",nomedium=1", 0, 0,
	 nonblock_without_medium, NULL, 0},
	{"control_mode_setbsiz_persists_across_mounts", LTO, 0, 0,
	 control_blksize_persists, "R1024x2 F F", 0},
	{"control_mode_setdnsty_persists_for_its_mode", LTO, 0, 0,
	 control_density_persists, "", 0},
	{"session_parameters_last_for_the_session", LTO, 0, 0,
	 session_params_session_only, "", 0},
	{"other_mode_ends_mount_session", LTO, 0, 0, other_mode_ends_session,
	 "R100 F F", 0},
	{"other_mode_loads_fresh_parameters", LTO, 0, 0,
	 other_mode_fresh_params, "", 0},
	{"control_mode_with_medium_io_like_01", LTO, 0, 0,
	 control_with_medium_io, "R100 F R200 F F", 0},
	{"failed_mode_select_rolls_back", LTO, 0, 0, mode_select_rollback, "",
	 0},
	{"setbsiz_outside_block_limits_einval", LTO ",maxblock=65536", 0, 0,
	 setbsiz_limits, "", 0},
	{"setdnsty_out_of_range_einval", LTO, 0, 0, setdnsty_range, "", 0},
	{"submode00_rewinds_and_unmounts", LTO, 0, 0, sub00_rewinds_unmounts,
	 "R100 R200 F F", 0},
	{"submode01_leaves_head_in_place", LTO, 0, 0, sub01_head_stays,
	 "R100 R200 R300 F F", 0},
	{"submode10_rewinds_and_unloads", LTO, 0, 0, sub10_unloads, "R100 F F",
	 0},
	{"submode11_closes_like_01", LTO, 0, 0, sub11_like_01, "R100x2 F F", 0},
	{"reading_session_close_writes_nothing", LTO, 0, 0,
	 read_only_close_writes_nothing, "R100 R200 F F", 0},
	{"access_mode_enforced_ebadf", LTO, 0, 0, access_mode_checked, "", 0},
	{"reopen_after_close_any_node", LTO, 0, 0, reopen_after_close_ok, "",
	 0},
	{"other_mode_unmount_completes_end_of_data", LTO, 0, 0,
	 other_mode_completes_eod, "R100 F F", 0},
	{"nonblocking_open_with_medium_mounts", LTO, 0, 0,
	 nonblock_with_medium, "R100 F F", 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session modes", table,
			    sizeof(table) / sizeof(table[0]));
}
