/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_eom.c - end of medium with and without early warning (sttape(4)
 * EOM HANDLING) against the virtual drive with a small cartridge.
 */
#include "scenario.h"

/* clang-format off */

#define SMALL  "profile=lto,capacity=1M,ew=256K"
#define QSMALL "profile=qic,capacity=512K,ew=64K"

static const struct sc_step ew_default_on[] = {
	OPEN(0, 0, RW, 0),
	FLAGS(F_EW, F_EOT),
	CLOSE(0),
	END,
};

static const struct sc_step ew_on_zero_write_then_continue[] = {
	OPEN(0, 0, RW, 0),
	FILL(65536, SC_ANY),
	FLAGS(F_EOT, 0),
	WR(65536, 0),
	WR(65536, 65536),
	CLOSE(0),
	END,
};

static const struct sc_step ew_on_trailer_record[] = {
	OPEN(0, 0, RW, 0),
	FILL(65536, SC_ANY),
	WR(65536, 0),
	WR(512, 512),
	CLOSE(0),
	END,
};

static const struct sc_step ew_off_eom_eio[] = {
	OPEN(0, 0, RW, 0),
	FLAGS(0, F_EW),
	FILL(65536, -EIO),
	FLAGS(F_EOT, 0),
	WR(65536, -EIO),
	CLOSE(0),
	END,
};

static const struct sc_step ew_on_to_physical_end[] = {
	OPEN(0, 1, RW, 0),
	TOEND(65536, -EIO),
	SENSE(0xd, SC_ANY),
	FLAGS(F_EOT, 0),
	WR(65536, -EIO),
	CLOSE(SC_ANY),
	END,
};

static const struct sc_step ew_off_to_physical_end[] = {
	OPEN(0, 1, RW, 0),
	TOEND(65536, -EIO),
	SENSE(0xd, SC_ANY),
	FLAGS(F_EOT, 0),
	CLOSE(SC_ANY),
	END,
};

static const struct sc_step mtewarn_switches[] = {
	OPEN(0, 0, RW, 0),
	OP(EWARN, 0, 0),
	FLAGS(0, F_EW),
	FILL(65536, -EIO),
	OP(EWARN, 1, 0),
	FLAGS(F_EW, 0),
	WR(65536, 65536),
	WR(65536, 0),
	CLOSE(0),
	END,
};

static const struct sc_step mtewarn_persists_across_mounts[] = {
	OPEN(0, 0, RW, 0),
	OP(EWARN, 0, 0),
	CLOSE(0),
	OPEN(1, 0, RW, 0),
	FLAGS(0, F_EW),
	CLOSE(0),
	END,
};

static const struct sc_step ew_zero_write_once_per_eom[] = {
	OPEN(0, 0, RW, 0),
	FILL(65536, SC_ANY),
	WR(65536, 0),
	WR(65536, 65536),
	WR(65536, 0),
	WR(65536, 65536),
	CLOSE(0),
	END,
};

static const struct sc_step ew_fixed_mode[] = {
	OPEN(0, 0, RW, 0),
	/* The virtual drive takes whole blocks at early warning. */
	FILL(4096, 4096),
	WR(4096, 0),
	WR(4096, 4096),
	CLOSE(0),
	END,
};

static const struct sc_step ew_rewind_clears_eot[] = {
	OPEN(0, 1, RW, 0),
	FILL(65536, SC_ANY),
	OP(REW, 0, 0),
	FLAGS(F_BOT, F_EOT),
	WR(100, 100),
	CLOSE(0),
	END,
};

static const struct sc_step ew_space_clears_pending[] = {
	OPEN(0, 1, RW, 0),
	FILL(65536, SC_ANY),
	OP(BSR, 1, 0),
	/* A pending 0-byte write would answer this one with 0. */
	WR(65536, 65536),
	CLOSE(0),
	END,
};

static const struct scenario table[] = {
	{"early_warning_on_by_default", SMALL, 0, 0, ew_default_on, "", 0},
	{"ew_on_next_write_returns_0_then_continues", SMALL, 0, 0,
	 ew_on_zero_write_then_continue, "R65536x* F F", 0},
	{"ew_on_trailer_record_then_close", SMALL, 0, 0, ew_on_trailer_record,
	 "R65536x* R512 F F", 0},
	{"ew_off_eom_write_eio", SMALL, 1, 0, ew_off_eom_eio, "R65536x* F F",
	 0},
	{"ew_on_writing_continues_to_physical_end_eio", SMALL, 0, 0,
	 ew_on_to_physical_end, NULL, 0},
	{"ew_off_writing_continues_to_physical_end_eio", SMALL, 1, 0,
	 ew_off_to_physical_end, NULL, 0},
	{"mtewarn_switches_eom_behaviour", SMALL, 0, 0, mtewarn_switches,
	 "R65536x* F F", 0},
	{"mtewarn_persists_across_mounts", SMALL, 0, 0,
	 mtewarn_persists_across_mounts, "", 0},
	{"ew_each_eom_gives_one_zero_write", SMALL, 0, 0,
	 ew_zero_write_once_per_eom, "R65536x* F F", 0},
	{"ew_fixed_mode_full_then_zero", QSMALL, 0, 0, ew_fixed_mode,
	 "R512x* F", 0},
	{"rewind_clears_end_of_tape", SMALL, 0, 0, ew_rewind_clears_eot,
	 "R100 F F", 0},
	{"space_clears_pending_zero_write", SMALL, 0, 0, ew_space_clears_pending,
	 "R65536x* F F", 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session eom", table,
			    sizeof(table) / sizeof(table[0]));
}
