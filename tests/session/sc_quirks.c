/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sc_quirks.c - quirk flags and per-mode parameters (sttape(4) QUIRKS)
 * against virtual drives whose INQUIRY matches a quirk entry.  The
 * flags that only change which commands are sent (IGNORE_LOADS,
 * ERASE_NOIMM, SENSE_HELP) are pinned in test_session_unit.c.
 */
#include "scenario.h"

/* clang-format off */

#define QK(p) "profile=lto,vendor=QK,product=" p

#define ENTRY(name, product)                                                   \
	"[" name "]\nvendor = \"QK\"\nproduct = \"" product "\"\n"

static const char force_q[] = ENTRY("force", "FORCE") "flags = FORCE_BLKSIZE\n"
						      "mode0.blksize = 1024\n"
						      "mode1.blksize = 0\n"
						      "mode1.density = 0x58\n";

static const struct sc_step force_blksize[] = {
	MODEP(0, 1024, 0),
	MODEP(1, 0, 0x58),
	OPEN(0, 0, RW, 0),
	BLK(1024, 0x5a),
	WR(2048, 2048),
	CLOSE(0),
	OPEN(1, 0, RW, 0),
	BLK(0, 0x58),
	VDSTATE(VD_DENSITY, 0x58),
	CLOSE(0),
	END,
};

static const char mode_force_q[] =
	ENTRY("mode force", "MFORCE") "mode2.flags = FORCE_BLKSIZE\n"
				      "mode2.blksize = 4096\n";

static const struct sc_step mode_force_blksize[] = {
	OPEN(0, 0, RW, 0),
	BLK(0, SC_ANY),
	CLOSE(0),
	OPEN(2, 0, RW, 0),
	BLK(4096, SC_ANY),
	CLOSE(0),
	END,
};

static const char nofm_q[] = ENTRY("nofm", "NOFM") "flags = NOFILEMARKS\n";

static const struct sc_step nofilemarks[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	OP(WEOF, 1, 0),
	WR(100, 100),
	CLOSE(0),
	END,
};

static const char noprev_q[] =
	ENTRY("noprevent", "NOPREV") "flags = NOPREVENT\n";

static const struct sc_step noprevent[] = {
	OPEN(0, 1, RW, 0),
	VDSTATE(VD_PREVENT, 0),
	CLOSE(0),
	OPEN(0, 2, RW, 0),
	CLOSE(0),
	VDSTATE(VD_LOADED, 0),
	END,
};

static const char unimodal_q[] =
	ENTRY("unimodal", "UNIMOD") "flags = UNIMODAL\n";

static const struct sc_step unimodal[] = {
	OPEN(0, 1, RW, 0),
	OP(SETDNSTY, 0x99, 0),
	VDSTATE(VD_DENSITY, 0x5a),
	OP(NOCACHE, 0, 0),
	OP(CMPRESS, 1, -EINVAL),
	CLOSE(0),
	END,
};

static const char onefm_q[] = ENTRY("one", "ONEFM") "filemarks_at_eod = 1\n";

static const struct sc_step one_filemark[] = {
	OPEN(0, 0, RW, 0),
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

static const char twofm_q[] = "[two]\nvendor = \"QK\"\nproduct = \"TWOFM\"\n"
			      "filemarks_at_eod = 2\n";

static const struct sc_step two_filemarks_on_qic[] = {
	OPEN(0, 1, RW, 0),
	FLAGS(F_TWOFM, 0),
	WR(512, 512),
	CLOSE(0),
	POS(1, 0),
	END,
};

static const char ewoff_q[] = ENTRY("ewoff", "EWOFF") "early_warning = off\n";

static const struct sc_step early_warning_off[] = {
	OPEN(0, 0, RW, 0),
	FLAGS(0, F_EW),
	OP(EWARN, 1, 0),
	FLAGS(F_EW, 0),
	CLOSE(0),
	END,
};

static const char comp_q[] = ENTRY("comp", "COMP") "mode0.compression = on\n"
						   "mode1.compression = off\n";

static const struct sc_step mode_compression[] = {
	OPEN(0, 0, RW, 0),
	FLAGS(F_COMP, 0),
	CLOSE(0),
	OPEN(1, 0, RW, 0),
	FLAGS(0, F_COMP),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	FLAGS(F_COMP, 0),
	CLOSE(0),
	END,
};

static const char dens_q[] = ENTRY("dens", "DENS") "mode3.density = 0x58\n";

static const struct sc_step mode_density[] = {
	MODEP(3, 0, 0x58),
	OPEN(3, 0, RW, 0),
	BLK(0, 0x58),
	VDSTATE(VD_DENSITY, 0x58),
	CLOSE(0),
	OPEN(0, 0, RW, 0),
	BLK(0, 0x5a),
	CLOSE(0),
	END,
};

static const struct sc_step builtin_wangdat[] = {
	OPEN(1, 0, RW, 0),
	BLK(512, 0x13),
	CLOSE(0),
	OPEN(3, 0, RW, 0),
	BLK(0, 0x13),
	CLOSE(0),
	END,
};

static const struct sc_step no_match_decides_by_drive[] = {
	OPEN(0, 0, RW, 0),
	BLK(0, 0x5a),
	MODEP(0, 0, 0),
	CLOSE(0),
	END,
};

static const char ignl_q[] = ENTRY("ignl", "IGNL") "flags = IGNORE_LOADS\n";

/* Without LOAD, an unloaded cartridge stays out: REWIND cannot load. */
static const struct sc_step ignore_loads[] = {
	OPEN(0, 1, RW, 0),
	WR(100, 100),
	OP(OFFL, 0, 0),
	VDSTATE(VD_LOADED, 0),
	OP(LOAD, 0, -ENOMEDIUM),
	VDSTATE(VD_LOADED, 0),
	CLOSE(0),
	END,
};

static const struct sc_step loads_without_quirk[] = {
	OPEN(0, 1, RW, 0),
	OP(OFFL, 0, 0),
	OP(LOAD, 0, 0),
	VDSTATE(VD_LOADED, 1),
	CLOSE(0),
	END,
};

static const char noimm_q[] = ENTRY("noimm", "NOIMM") "flags = ERASE_NOIMM\n";

static const struct sc_step erase_noimm[] = {
	OPEN(0, 0, RW, 0),
	WR(100, 100),
	OP(REW, 0, 0),
	OP(ERASE, 1, 0),
	RD(100, 0),
	CLOSE(0),
	END,
};

static const char help_q[] = ENTRY("help", "HELP") "flags = SENSE_HELP\n";

static const struct sc_step sense_help[] = {
	OPEN(0, 0, RW, 0),
	WRT(1024, 5, 1024),
	CLOSE(0),
	OPEN(0, 0, R, 0),
	VDSTATE(VD_POSITION, 0),
	POS(0, 0),
	RDT(4096, 5, 1024),
	CLOSE(0),
	END,
};

static const struct scenario table[] = {
	{"quirk_force_blksize_per_mode", QK("FORCE"), 0, force_q, force_blksize,
	 "R1024x2 F F", 0},
	{"quirk_force_blksize_in_one_mode", QK("MFORCE"), 0, mode_force_q,
	 mode_force_blksize, "", 0},
	{"quirk_nofilemarks_flushes_only", QK("NOFM"), 0, nofm_q, nofilemarks,
	 "R100x2", 0},
	{"quirk_noprevent_no_lock", QK("NOPREV"), 0, noprev_q, noprevent, "",
	 0},
	{"quirk_unimodal_no_mode_select", QK("UNIMOD"), 0, unimodal_q, unimodal,
	 "", 0},
	{"quirk_one_filemark_media", QK("ONEFM"), 0, onefm_q, one_filemark,
	 "R100 F", 0},
	{"quirk_two_filemarks_on_qic", "profile=qic,vendor=QK,product=TWOFM", 0,
	 twofm_q, two_filemarks_on_qic, "R512 F F", 0},
	{"quirk_early_warning_off", QK("EWOFF"), 0, ewoff_q, early_warning_off,
	 "", 0},
	{"quirk_compression_per_mode", QK("COMP"), 0, comp_q, mode_compression,
	 "", 0},
	{"quirk_density_per_mode", QK("DENS"), 0, dens_q, mode_density, "", 0},
	{"builtin_table_matches_netbsd_entry",
	 "profile=dds,vendor=WangDAT,product=Model 1300", 0, "@builtin",
	 builtin_wangdat, "", 0},
	{"no_matching_entry_drive_decides", QK("NOTHING"), 0, force_q,
	 no_match_decides_by_drive, "", 0},
	{"quirk_ignore_loads_never_sends_load", QK("IGNL"), 0, ignl_q,
	 ignore_loads, "R100 F F", 0},
	{"without_ignore_loads_load_reloads", QK("PLAIN"), 0, ignl_q,
	 loads_without_quirk, "", 0},
	{"quirk_erase_noimm_erases", QK("NOIMM"), 0, noimm_q, erase_noimm,
	 "", 0},
	{"quirk_sense_help_mount_reads_then_rewinds", QK("HELP"), 0, help_q,
	 sense_help, "R1024 F F", 0},
};

/* clang-format on */

int main(void)
{
	return sc_run_table("session quirks", table,
			    sizeof(table) / sizeof(table[0]));
}
