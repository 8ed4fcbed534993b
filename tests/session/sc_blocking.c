/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_blocking.c - variable and fixed block-size modes (sttape(4)
 * BLOCKING MODES) against the virtual drive: lto (variable) and qic
 * (fixed 512-byte blocks).
 */
#include "scenario.h"

/* clang-format off */

#define LTO "profile=lto"
#define QIC "profile=qic"

static const struct sc_step var_one_write_one_record[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	WR(70000, 70000),
	WR(1, 1),
	POS(0, 3),
	CLOSE(0),
	END,
};

static const struct sc_step var_one_read_one_record[] = {
	OPEN(0, 0, RW, 0),
	WRT(100, 1, 100),
	WRT(300, 2, 300),
	OP(REW, 0, 0),
	RDT(65536, 1, 100),
	RDT(65536, 2, 300),
	POS(0, 2),
	CLOSE(0),
	END,
};

static const struct sc_step var_short_buffer_enomem[] = {
	OPEN(0, 0, RW, 0),
	WRT(1000, 1, 1000),
	WRT(200, 2, 200),
	OP(REW, 0, 0),
	RD(999, -ENOMEM),
	POS(0, 1),
	RDT(4096, 2, 200),
	CLOSE(0),
	END,
};

static const struct sc_step var_exact_buffer_ok[] = {
	OPEN(0, 0, RW, 0),
	WRT(1000, 3, 1000),
	OP(REW, 0, 0),
	RDT(1000, 3, 1000),
	CLOSE(0),
	END,
};

static const struct sc_step var_filemark_one_zero_read[] = {
	OPEN(0, 0, RW, 0),
	WRT(100, 1, 100),
	OP(WEOF, 1, 0),
	WRT(200, 2, 200),
	OP(REW, 0, 0),
	RDT(1000, 1, 100),
	RD(1000, 0),
	POS(1, 0),
	FLAGS(F_EOF, F_BOT),
	RDT(1000, 2, 200),
	CLOSE(0),
	END,
};

static const struct sc_step var_unread_filemark_stays[] = {
	OPEN(0, 0, RW, 0),
	WRT(100, 1, 100),
	OP(WEOF, 1, 0),
	WRT(200, 2, 200),
	CLOSE(0),
	OPEN(0, 1, R, 0),
	RDT(1000, 1, 100),
	CLOSE(0),
	OPEN(0, 1, R, 0),
	RD(1000, 0),
	RDT(1000, 2, 200),
	CLOSE(0),
	END,
};

static const struct sc_step var_zero_length_io[] = {
	OPEN(0, 0, RW, 0),
	WR(0, 0),
	RD(0, 0),
	POS(0, 0),
	CLOSE(0),
	END,
};

/* A record over the caller's max_record is refused with nothing changed:
 * the filemark already written still counts at close. */
static const struct sc_step var_refused_keeps_filemark_note[] = {
	OPEN(0, 0, W, 0),
	WR(1000, 1000),
	OP(WEOF, 1, 0),
	WR(100000, -EINVAL),
	CLOSE(0),
	END,
};

static const struct sc_step var_beyond_block_limits[] = {
	OPEN(0, 0, RW, 0),
	WR(65537, -EINVAL),
	WRT(65536, 2, 65536),
	OP(REW, 0, 0),
	RDT(1048576, 2, 65536),
	CLOSE(0),
	END,
};

static const struct sc_step var_largest_record[] = {
	OPEN(0, 0, RW, 0),
	WRT(1048576, 4, 1048576),
	OP(REW, 0, 0),
	RDT(1048576, 4, 1048576),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_default_on_qic[] = {
	OPEN(0, 0, RW, 0),
	BLK(512, 0x11),
	FLAGS(0, F_TWOFM),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_not_multiple_einval[] = {
	OPEN(0, 0, RW, 0),
	WR(100, -EINVAL),
	WR(513, -EINVAL),
	WR(1024, 1024),
	OP(REW, 0, 0),
	RD(1000, -EINVAL),
	RD(512, 512),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_write_together_read_apart[] = {
	OPEN(0, 0, RW, 0),
	WRT(2048, 5, 2048),
	POS(0, 4),
	OP(REW, 0, 0),
	RDT(512, 5, 512),
	RDT(512, 5, 512),
	RDT(1024, 5, 1024),
	POS(0, 4),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_write_apart_read_together[] = {
	OPEN(0, 0, RW, 0),
	WRT(512, 6, 512),
	WRT(512, 6, 512),
	WRT(1024, 6, 1024),
	OP(REW, 0, 0),
	RDT(2048, 6, 2048),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_read_to_filemark[] = {
	OPEN(0, 0, RW, 0),
	WRT(1536, 7, 1536),
	OP(WEOF, 1, 0),
	WRT(512, 8, 512),
	OP(REW, 0, 0),
	RDT(4096, 7, 1536),
	POS(0, 3),
	RD(4096, 0),
	POS(1, 0),
	RDT(512, 8, 512),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_pending_filemark_stays[] = {
	OPEN(0, 0, RW, 0),
	WRT(1536, 7, 1536),
	OP(WEOF, 1, 0),
	WRT(512, 8, 512),
	CLOSE(0),
	OPEN(0, 1, R, 0),
	RDT(4096, 7, 1536),
	CLOSE(0),
	OPEN(0, 1, R, 0),
	RD(4096, 0),
	RDT(512, 8, 512),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_nothing_before_filemark[] = {
	OPEN(0, 0, RW, 0),
	OP(WEOF, 1, 0),
	WRT(512, 8, 512),
	OP(REW, 0, 0),
	RD(1024, 0),
	POS(1, 0),
	RDT(1024, 8, 512),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_write_after_pending_filemark[] = {
	OPEN(0, 0, RW, 0),
	WRT(1536, 7, 1536),
	CLOSE(0),
	OPEN(0, 1, RW, 0),
	RDT(4096, 7, 1536),
	WRT(512, 7, 512),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_setbsiz_on_variable_drive[] = {
	OPEN(0, 0, RW, 0),
	OP(SETBSIZ, 1024, 0),
	WRT(4096, 9, 4096),
	OP(REW, 0, 0),
	RDT(1024, 9, 1024),
	OP(SETBSIZ, 0, 0),
	RD(5000, 1024),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_record_size_mismatch_eio[] = {
	OPEN(0, 0, RW, 0),
	WR(700, 700),
	OP(REW, 0, 0),
	OP(SETBSIZ, 512, 0),
	RD(512, -EIO),
	POS(-1, -1),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_split_by_record_limit[] = {
	OPEN(0, 0, RW, 0),
	WRT(4096, 3, 4096),
	POS(0, 8),
	OP(REW, 0, 0),
	RDT(4096, 3, 4096),
	RD(4096, 0),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_split_stops_at_filemark[] = {
	OPEN(0, 0, RW, 0),
	WRT(2560, 3, 2560),
	OP(WEOF, 1, 0),
	OP(REW, 0, 0),
	RDT(8192, 3, 2560),
	RD(8192, 0),
	POS(1, 0),
	CLOSE(0),
	END,
};

static const struct sc_step variable_record_limit[] = {
	OPEN(0, 0, RW, 0),
	WR(1001, -EINVAL),
	WRT(1000, 2, 1000),
	OP(REW, 0, 0),
	RDT(5000, 2, 1000),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_fsf_counts_pending_filemark[] = {
	OPEN(0, 0, RW, 0),
	WRT(1536, 7, 1536),
	OP(WEOF, 1, 0),
	WRT(512, 8, 512),
	OP(REW, 0, 0),
	RDT(4096, 7, 1536),
	OP(FSF, 1, 0),
	POS(1, 0),
	RDT(512, 8, 512),
	CLOSE(0),
	END,
};

static const struct sc_step fixed_bsf_counts_pending_filemark[] = {
	OPEN(0, 0, RW, 0),
	WRT(512, 6, 512),
	OP(WEOF, 1, 0),
	WRT(1536, 7, 1536),
	OP(WEOF, 1, 0),
	WRT(512, 8, 512),
	OP(REW, 0, 0),
	OP(FSF, 1, 0),
	RDT(4096, 7, 1536),
	OP(BSF, 1, 0),
	POS(0, -1),
	RD(512, 0),
	POS(1, 0),
	RDT(512, 7, 512),
	CLOSE(0),
	END,
};

static const struct scenario table[] = {
	{"variable_one_write_is_one_record", LTO, 0, 0,
	 var_one_write_one_record, "R100 R70000 R1 F F", 0},
	{"variable_one_read_returns_one_record", LTO, 0, 0,
	 var_one_read_one_record, "R100 R300 F F", 0},
	{"variable_short_buffer_enomem_head_after", LTO, 0, 0,
	 var_short_buffer_enomem, "R1000 R200 F F", 0},
	{"variable_exact_buffer_reads_record", LTO, 0, 0, var_exact_buffer_ok,
	 "R1000 F F", 0},
	{"variable_filemark_one_zero_read", LTO, 0, 0,
	 var_filemark_one_zero_read, "R100 F R200 F F", 0},
	{"variable_unread_filemark_stays_for_next", LTO, 0, 0,
	 var_unread_filemark_stays, "R100 F R200 F F", 0},
	{"zero_length_read_write_no_motion", LTO, 0, 0, var_zero_length_io, "",
	 0},
	{"variable_beyond_block_limits_einval", LTO ",maxblock=65536", 0, 0,
	 var_beyond_block_limits, "R65536 F F", 0},
	{"variable_over_max_record_einval_changes_nothing", LTO, 0, 0,
	 var_refused_keeps_filemark_note, "R1000 F F", 65536},
	{"variable_one_mib_record_round_trip", LTO, 0, 0, var_largest_record,
	 "R1048576 F F", 0},
	{"fixed_mode_chosen_for_qic_density", QIC, 0, 0, fixed_default_on_qic,
	 "", 0},
	{"fixed_transfer_not_block_multiple_einval", QIC, 0, 0,
	 fixed_not_multiple_einval, "R512x2 F", 0},
	{"fixed_written_together_read_separately", QIC, 0, 0,
	 fixed_write_together_read_apart, "R512x4 F", 0},
	{"fixed_written_separately_read_together", QIC, 0, 0,
	 fixed_write_apart_read_together, "R512x4 F", 0},
	{"fixed_read_to_filemark_returns_blocks_then_0", QIC, 0, 0,
	 fixed_read_to_filemark, "R512x3 F R512 F", 0},
	{"fixed_pending_filemark_stays_for_next", QIC, 0, 0,
	 fixed_pending_filemark_stays, "R512x3 F R512 F", 0},
	{"fixed_filemark_first_reads_0", QIC, 0, 0,
	 fixed_nothing_before_filemark, "F R512 F", 0},
	{"fixed_write_after_pending_filemark_appends", QIC, 0, 0,
	 fixed_write_after_pending_filemark, "R512x4 F", 0},
	{"fixed_mode_by_setbsiz_on_variable_drive", LTO, 0, 0,
	 fixed_setbsiz_on_variable_drive, "R1024x4 F F", 0},
	{"fixed_read_of_other_size_record_eio", LTO, 0, 0,
	 fixed_record_size_mismatch_eio, "R700 F F", 0},
	{"fixed_transfer_split_at_record_limit", QIC, 0, 0,
	 fixed_split_by_record_limit, "R512x8 F", 1024},
	{"fixed_split_read_stops_at_filemark", QIC, 0, 0,
	 fixed_split_stops_at_filemark, "R512x5 F", 1024},
	{"variable_record_above_limit_einval", LTO, 0, 0, variable_record_limit,
	 "R1000 F F", 1000},
	{"fixed_fsf_counts_pending_filemark", QIC, 0, 0,
	 fixed_fsf_counts_pending_filemark, "R512x3 F R512 F", 0},
	{"fixed_bsf_counts_pending_filemark", QIC, 0, 0,
	 fixed_bsf_counts_pending_filemark, "R512 F R512x3 F R512 F", 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session blocking", table,
			    sizeof(table) / sizeof(table[0]));
}
