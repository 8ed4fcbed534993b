/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_status.c - status and position (sttape(4) IOCTLS: MTIOCGET read
 * and clear, software counters, READ POSITION and LOCATE, unit
 * attention in mid-session) against the virtual drive.
 */
#include "scenario.h"

/* clang-format off */

#define LTO "profile=lto"

static const struct sc_step get_reads_and_clears[] = {
	OPEN(0, 0, RW, 0),
	RD(1000, 0),
	SENSE(8, SC_ANY),
	SENSE(0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step residue_latched[] = {
	OPEN(0, 0, RW, 0),
	WR(1000, 1000),
	OP(REW, 0, 0),
	RD(600, -ENOMEM),
	SENSE(0, -400),
	SENSE(0, 0),
	RD(4000, 0),
	SENSE(0, 4000),
	CLOSE(0),
	END,
};

static const struct sc_step open_clears_latched[] = {
	OPEN(0, 1, RW, 0),
	RD(1000, 0),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	SENSE(0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step medium_error_read[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	WR(100, 100),
	WR(100, 100),
	OP(REW, 0, 0),
	VDOPT("readerr=1"),
	RD(1000, 100),
	RD(1000, -EIO),
	POS(-1, -1),
	SENSE(3, SC_ANY),
	VDOPT("readerr=-1"),
	OP(REW, 0, 0),
	POS(0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step medium_error_write[] = {
	OPEN(0, 0, RW, 0),
	VDOPT("writeerr=1"),
	WR(100, 100),
	WR(100, -EIO),
	POS(-1, -1),
	SENSE(3, SC_ANY),
	VDOPT("writeerr=-1"),
	CLOSE(SC_ANY),
	END,
};

static const struct sc_step write_protected[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	CLOSE(0),
	VDOPT("wp=1"),
	OPEN(0, 0, RW, 0),
	FLAGS(F_WP, 0),
	WR(100, -EROFS),
	OP(WEOF, 1, -EROFS),
	OP(ERASE, 1, -EROFS),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step counters_follow_io[] = {
	OPEN(0, 1, RW, 0),
	WR(10, 10),
	WR(10, 10),
	POS(0, 2),
	OP(WEOF, 1, 0),
	POS(1, 0),
	WR(10, 10),
	POS(1, 1),
	OP(REW, 0, 0),
	POS(0, 0),
	FLAGS(F_BOT, F_EOF),
	OP(FSF, 1, 0),
	POS(1, 0),
	FLAGS(F_EOF, F_BOT),
	CLOSE(0),
	END,
};

static const struct sc_step counters_unknown_after_locate[] = {
	OPEN(0, 0, RW, 0),
	WR(10, 10),
	WR(10, 10),
	LOCATE(0, 1, 0),
	POS(-1, -1),
	OP(REW, 0, 0),
	OP(EOM, 0, 0),
	POS(-1, -1),
	FLAGS(F_EOD, 0),
	CLOSE(0),
	END,
};

static const struct sc_step read_position_logical[] = {
	OPEN(0, 0, RW, 0),
	RDPOS(0, 0, 0),
	WRT(10, 1, 10),
	WRT(20, 2, 20),
	WRT(30, 3, 30),
	RDPOS(0, 3, 0),
	LOCATE(0, 1, 0),
	RDPOS(0, 1, 0),
	RDT(100, 2, 20),
	RDPOS(0, 2, 0),
	CLOSE(0),
	END,
};

static const struct sc_step read_position_hardware[] = {
	OPEN(0, 0, RW, 0),
	WR(10, 10),
	RDPOS(1, SC_ANY, 0),
	LOCATE(1, 0, 0),
	RDPOS(0, 0, 0),
	RD(100, 10),
	CLOSE(0),
	END,
};

static const struct sc_step seek_op_locates[] = {
	OPEN(0, 0, RW, 0),
	WRT(10, 1, 10),
	WRT(20, 2, 20),
	OP(SEEK, 1, 0),
	RDT(100, 2, 20),
	OP(SEEK, -1, -EINVAL),
	CLOSE(0),
	END,
};

static const struct sc_step ua_mid_session_invalidates[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	VDOPT("ua=reset"),
	WR(100, -EIO),
	FLAGS(F_LOST, F_ONLINE),
	POS(-1, -1),
	WR(100, -EIO),
	RD(100, -EIO),
	OP(FSF, 1, -EIO),
	OP(WEOF, 1, -EIO),
	OP(REW, 0, 0),
	FLAGS(F_ONLINE, F_LOST),
	POS(0, 0),
	WR(300, 300),
	CLOSE(0),
	END,
};

static const struct sc_step ua_nothing_written_on_close[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	VDOPT("ua=medium"),
	RD(100, -EIO),
	CLOSE(SC_ANY),
	END,
};

/* The ALLOW MEDIUM REMOVAL of a close is the command that meets the
 * unit attention: the next open must not trust the old position. */
static const struct sc_step ua_met_by_close_remounts[] = {
	OPEN(0, 1, W, 0),
	WR(100, 100),
	OP(WEOF, 2, 0),
	POS(2, 0),
	VDOPT("ua=medium"),
	CLOSE(SC_ANY),
	OPEN(0, 1, R, 0),
	POS(0, 0),
	FLAGS(F_ONLINE, F_LOST),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step ua_between_opens_absorbed[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	CLOSE(0),
	VDOPT("ua=reset"),
	OPEN(0, 1, RW, 0),
	POS(0, 0),
	FLAGS(F_ONLINE, F_LOST),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step medium_changed_while_closed[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	CLOSE(0),
	EJECT(),
	INSERT(),
	OPEN(0, 1, R, 0),
	POS(0, 0),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step eject_unknown_position[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(OFFL, 0, 0),
	POS(-1, -1),
	FLAGS(0, F_MOUNTED | F_ONLINE),
	RD(100, -EIO),
	WR(100, -EIO),
	VDSTATE(VD_LOADED, 0),
	CLOSE(0),
	END,
};

static const struct sc_step status_without_open[] = {
	FLAGS(F_EW, F_OPEN | F_MOUNTED),
	POS(-1, -1),
	END,
};

static const struct sc_step peek_does_not_clear[] = {
	OPEN(0, 0, RW, 0),
	RD(10, 0),
	FLAGS(F_EOD, 0),
	SENSE(8, SC_ANY),
	CLOSE(0),
	END,
};

static const struct sc_step medium_removed_mid_session[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	EJECT(),
	WR(100, -EIO),
	FLAGS(F_DOOR, F_MOUNTED | F_ONLINE),
	RD(100, -EIO),
	OP(WEOF, 1, -EIO),
	CLOSE(0),
	INSERT(),
	OPEN(0, 1, R, 0),
	POS(0, 0),
	RD(1000, 100),
	CLOSE(0),
	END,
};

static const struct sc_step device_vanishes[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	VDOPT("vanish_after=0"),
	WR(100, -EIO),
	POS(-1, -1),
	RD(100, -EIO),
	CLOSE(SC_ANY),
	END,
};

/*
 * After a filemark the head is at the start of a file even when the file
 * number is unknown (after a locate): GMT_EOF must still be reported.
 */
static const struct sc_step eof_after_mark_file_unknown[] = {
	OPEN(0, 1, RW, 0),
	WR(10, 10),
	LOCATE(false, 1, 0),
	POS(-1, -1),
	WR(10, 10),
	OP(WEOF, 1, 0),
	POS(-1, 0),
	FLAGS(F_EOF, F_BOT),
	CLOSE(0),
	END,
};

static const struct scenario table[] = {
	{"mtiocget_reads_then_clears_error", LTO, 0, 0, get_reads_and_clears,
	 "", 0},
	{"mtiocget_residue_latched_signed", LTO, 0, 0, residue_latched,
	 "R1000 F F", 0},
	{"open_clears_latched_status", LTO, 0, 0, open_clears_latched, "", 0},
	{"medium_error_on_read_eio_position_unknown", LTO, 0, 0,
	 medium_error_read, "R100x3 F F", 0},
	{"medium_error_on_write_eio", LTO, 0, 0, medium_error_write, NULL, 0},
	{"write_protected_erofs", LTO, 0, 0, write_protected, "R100 F F", 0},
	{"file_block_counters_follow_io", LTO, 0, 0, counters_follow_io,
	 "R10x2 F R10 F F", 0},
	{"counters_unknown_after_locate_and_eom", LTO, 0, 0,
	 counters_unknown_after_locate, "R10x2 F F", 0},
	{"eof_reported_after_mark_with_file_unknown", LTO, 0, 0,
	 eof_after_mark_file_unknown, "R10x2 F", 0},
	{"read_position_and_locate_logical", LTO, 0, 0, read_position_logical,
	 "R10 R20 R30 F F", 0},
	{"read_position_and_locate_hardware", LTO, 0, 0, read_position_hardware,
	 "R10 F F", 0},
	{"seek_op_locates_logical", LTO, 0, 0, seek_op_locates, "R10 R20 F F",
	 0},
	{"unit_attention_mid_session_eio_until_rewind", LTO, 0, 0,
	 ua_mid_session_invalidates, "R300 F F", 0},
	{"unit_attention_nothing_written_after", LTO, 0, 0,
	 ua_nothing_written_on_close, "R100", 0},
	{"unit_attention_between_opens_remounts", LTO, 0, 0,
	 ua_between_opens_absorbed, "R100 F F", 0},
	{"ua_met_by_close_allow_remounts", LTO, 0, 0, ua_met_by_close_remounts,
	 "R100 F F", 0},
	{"medium_changed_while_closed_remounts", LTO, 0, 0,
	 medium_changed_while_closed, "R100 F F", 0},
	{"offline_leaves_position_unknown", LTO, 0, 0, eject_unknown_position,
	 "R100 F F", 0},
	{"medium_removed_mid_session_eio_nothing_written", LTO, 0, 0,
	 medium_removed_mid_session, "R100", 0},
	{"device_vanishes_eio", LTO, 0, 0, device_vanishes, "R100", 0},
	{"status_without_open_node", LTO, 0, 0, status_without_open, "", 0},
	{"status_peek_keeps_latched_error", LTO, 0, 0, peek_does_not_clear, "",
	 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session status", table,
			    sizeof(table) / sizeof(table[0]));
}
