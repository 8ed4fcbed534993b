/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_filemarks.c - filemark handling (sttape(4) FILE MARK HANDLING):
 * the filemark on close after writing, two filemarks at end of data on
 * rewind, the head between them after a no-rewind close, one-filemark
 * (QIC) media with the phantom filemark.
 */
#include "scenario.h"

/* clang-format off */

#define LTO "profile=lto"
#define QIC "profile=qic"

static const struct sc_step close_after_write_rewind[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	CLOSE(0),
	END,
};

static const struct sc_step norewind_close_between_marks[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	CLOSE(0),
	POS(1, 0),
	OPEN(0, 1, RW, 0),
	WR(200, 200),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	WR(300, 300),
	CLOSE(0),
	POS(3, 0),
	END,
};

static const struct sc_step rewind_after_write_two_marks[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(REW, 0, 0),
	POS(0, 0),
	RD(1000, 100),
	RD(1000, 0),
	RD(1000, 0),
	CLOSE(0),
	END,
};

static const struct sc_step weof_then_rewind_adds_one[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(WEOF, 1, 0),
	POS(1, 0),
	OP(REW, 0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step weof_two_then_rewind_adds_none[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(WEOF, 2, 0),
	POS(2, 0),
	OP(REW, 0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step weof_then_norewind_close_adds_none[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(WEOF, 1, 0),
	CLOSE(0),
	POS(1, 0),
	END,
};

static const struct sc_step weof_norewind_then_rewind_close[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(WEOF, 1, 0),
	CLOSE(0),
	OPEN(0, 0, R, 0),
	CLOSE(0),
	END,
};

static const struct sc_step read_after_write_no_close_mark[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	WR(200, 200),
	RD(1000, 0),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	CLOSE(0),
	END,
};

static const struct sc_step two_fm_read_to_end[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	CLOSE(0),
	OPEN(0, 0, R, 0),
	RD(1000, 100),
	RD(1000, 0),
	POS(1, 0),
	RD(1000, 0),
	POS(2, 0),
	RD(1000, 0),
	FLAGS(F_EOD, 0),
	SENSE(8, SC_ANY),
	CLOSE(0),
	END,
};

static const struct sc_step qic_close_writes_one[] = {
	OPEN(0, 0, RW, 0),
	WR(512, 512),
	CLOSE(0),
	END,
};

static const struct sc_step qic_rewind_writes_one[] = {
	OPEN(0, 1, RW, 0),
	WR(512, 512),
	OP(REW, 0, 0),
	POS(0, 0),
	CLOSE(0),
	END,
};

static const struct sc_step qic_norewind_close_after_mark[] = {
	OPEN(0, 1, RW, 0),
	WR(512, 512),
	CLOSE(0),
	POS(1, 0),
	OPEN(0, 1, RW, 0),
	WR(1024, 1024),
	CLOSE(0),
	END,
};

static const struct sc_step qic_phantom_filemark[] = {
	OPEN(0, 0, RW, 0),
	WR(512, 512),
	CLOSE(0),
	OPEN(0, 0, R, 0),
	RD(512, 512),
	RD(512, 0),
	POS(1, 0),
	RD(512, 0),
	POS(-1, -1),
	FLAGS(F_EOD, 0),
	CLOSE(0),
	END,
};

static const struct sc_step qic_phantom_after_two_files[] = {
	OPEN(0, 1, RW, 0),
	WR(512, 512),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	WR(512, 512),
	CLOSE(0),
	OPEN(0, 0, R, 0),
	OP(REW, 0, 0),
	RD(512, 512),
	RD(512, 0),
	RD(512, 512),
	RD(512, 0),
	RD(512, 0),
	CLOSE(0),
	END,
};

static const struct sc_step twofm_op_one_mark[] = {
	OPEN(0, 1, RW, 0),
	OP(TWOFM, 0, 0),
	FLAGS(0, F_TWOFM),
	WR(100, 100),
	OP(REW, 0, 0),
	RD(1000, 100),
	RD(1000, 0),
	RD(1000, 0),
	POS(-1, -1),
	CLOSE(0),
	END,
};

static const struct sc_step twofm_op_on_qic[] = {
	OPEN(0, 0, RW, 0),
	OP(TWOFM, 1, 0),
	FLAGS(F_TWOFM, 0),
	WR(512, 512),
	CLOSE(0),
	END,
};

static const struct sc_step fsf_after_write_between[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(FSF, 1, 0),
	POS(1, -1),
	WR(200, 200),
	CLOSE(0),
	END,
};

static const struct sc_step bsr_after_write_keeps_marks[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	WR(200, 200),
	OP(BSR, 1, 0),
	POS(0, 1),
	RD(1000, 200),
	RD(1000, 0),
	CLOSE(0),
	END,
};

static const struct sc_step dds_two_marks[] = {
	OPEN(0, 0, RW, 0),
	BLK(0, 0x13),
	FLAGS(F_TWOFM, 0),
	WR(100, 100),
	CLOSE(0),
	END,
};

static const struct scenario table[] = {
	{"close_after_write_rewind_node_two_marks", LTO, 0, 0,
	 close_after_write_rewind, "R100 F F", 0},
	{"norewind_close_leaves_head_between_marks", LTO, 0, 0,
	 norewind_close_between_marks, "R100 F R200 F R300 F F", 0},
	{"rewind_after_write_ensures_two_marks", LTO, 0, 0,
	 rewind_after_write_two_marks, "R100 F F", 0},
	{"weof_then_rewind_adds_second_mark", LTO, 0, 0,
	 weof_then_rewind_adds_one, "R100 F F", 0},
	{"weof_two_then_rewind_adds_none", LTO, 0, 0,
	 weof_two_then_rewind_adds_none, "R100 F F", 0},
	{"weof_then_norewind_close_adds_none", LTO, 0, 0,
	 weof_then_norewind_close_adds_none, "R100 F", 0},
	{"weof_norewind_then_unmount_completes_eod", LTO, 0, 0,
	 weof_norewind_then_rewind_close, "R100 F F", 0},
	{"read_since_write_no_mark_on_close", LTO, 0, 0,
	 read_after_write_no_close_mark, "R100 R200", 0},
	{"two_filemark_tape_reads_eof_twice", LTO, 0, 0, two_fm_read_to_end,
	 "R100 F F", 0},
	{"qic_close_writes_one_mark", QIC, 0, 0, qic_close_writes_one, "R512 F",
	 0},
	{"qic_rewind_after_write_one_mark", QIC, 0, 0, qic_rewind_writes_one,
	 "R512 F", 0},
	{"qic_norewind_close_head_after_mark", QIC, 0, 0,
	 qic_norewind_close_after_mark, "R512 F R512x2 F", 0},
	{"qic_phantom_filemark_at_end_of_data", QIC, 0, 0, qic_phantom_filemark,
	 "R512 F", 0},
	{"qic_phantom_after_last_file", QIC, 0, 0, qic_phantom_after_two_files,
	 "R512 F R512 F", 0},
	{"twofm_op_selects_one_mark_media", LTO, 0, 0, twofm_op_one_mark,
	 "R100 F", 0},
	{"twofm_op_selects_two_marks_on_qic", QIC, 0, 0, twofm_op_on_qic,
	 "R512 F F", 0},
	{"fsf_after_write_lands_between_marks", LTO, 0, 0,
	 fsf_after_write_between, "R100 F R200 F F", 0},
	{"bsr_after_write_writes_marks_first", LTO, 0, 0,
	 bsr_after_write_keeps_marks, "R100 R200 F F", 0},
	{"dds_density_two_marks", "profile=dds", 0, 0, dds_two_marks,
	 "R100 F F", 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session filemarks", table,
			    sizeof(table) / sizeof(table[0]));
}
