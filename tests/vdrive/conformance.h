/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conformance.h - the SSC conformance cases that use only commands tgtd
 * implements, written once and run against two targets: the virtual
 * drive on every profile (test_vdrive_ssc, label vdrive) and tgtd's
 * virtual tape over iSCSI (conformance_tgt, label interop).
 *
 * A case opens its drive through conf_open() and states, where the two
 * targets legitimately differ, the answer each one gives: the vdrive's
 * is the SSC-4 answer, tgt's is named by one enum conf_dev (listed with
 * the clause in docs/interop-tgt.md, "Conformance: vdrive vs tgtd").
 * Parts that need a command tgt lacks run only where conf_has() says so.
 */
#ifndef STTAPE_TEST_CONFORMANCE_H
#define STTAPE_TEST_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vt.h"

enum conf_target { CONF_VDRIVE, CONF_TGT };

/* What the runner provides: one target, one profile. */
struct conf_env {
	enum conf_target target;
	const char *profile; /* vdrive profile; "tgt" for tgtd */
	/*
	 * A drive on a blank cartridge, ready: vdrive with the options opts
	 * (tgt ignores them), tgt a fresh tgtd whose power-on unit attention
	 * is taken unless keep_ua.
	 */
	struct vt *(*open)(const char *opts, bool keep_ua);
	void (*close)(struct vt *v);
};

extern const struct conf_env *conf_env;

/*
 * Commands the virtual drive has and tgt lacks (tgt: ILLEGAL REQUEST,
 * invalid operation code 20/00).
 */
enum conf_cmd {
	CONF_CMD_ERASE,		 /* ERASE(6), SSC-4 6.2 */
	CONF_CMD_LOCATE,	 /* LOCATE(10) 6.3, LOCATE(16) 7.4 */
	CONF_CMD_LOG_SENSE,	 /* LOG SENSE, SPC-5 6.9 */
	CONF_CMD_MODE_SELECT10,	 /* MODE SELECT(10), SPC-5 6.13 */
	CONF_CMD_REPORT_DENSITY, /* REPORT DENSITY SUPPORT, SSC-4 7.9 */
	CONF_CMD_SPACE16,	 /* SPACE(16), SSC-4 7.12 */
	CONF_CMD_COUNT
};

/*
 * Where tgt's answer differs from the virtual drive's; each is one row of
 * the table in docs/interop-tgt.md, which says who follows the standard.
 */
enum conf_dev {
	CONF_DEV_FIXED_ILI,	    /* SSC-4 6.4: fixed READ, wrong length */
	CONF_DEV_FIXED_IN_VARIABLE, /* SSC-4 6.4: FIXED=1, block length 0 */
	CONF_DEV_FIXED_READ_EOD,    /* SSC-4 6.4: fixed READ at EOD */
	CONF_DEV_LOAD_EOT,	    /* SSC-4 7.3: LOAD and EOT is invalid */
	CONF_DEV_LOAD_NO_REWIND,    /* SSC-4 7.3: LOAD goes to BOP */
	CONF_DEV_MODE_CHANGEABLE,   /* SPC-5 6.14: changeable values */
	CONF_DEV_MODE_DENSITY,	    /* SSC-4 8.3.2: unknown density */
	CONF_DEV_MODE_SELECT_PAGE,  /* SPC-5 6.12: page sent back unchanged */
	CONF_DEV_POSITION_UNKNOWN,  /* SSC-4 7.7: READ POSITION */
	CONF_DEV_POWER_ON_UA,	    /* SAM-5: unit attention, new I_T nexus */
	CONF_DEV_READ_EOD,	    /* SSC-4 6.4: READ at end of data */
	CONF_DEV_READ_FM_XFER,	    /* SSC-4 6.4: bytes moved at a filemark */
	CONF_DEV_READ_LONG_DATA,    /* SSC-4 6.4: ILI, record longer */
	CONF_DEV_READ_SILI,	    /* SSC-4 6.4: SILI, record shorter */
	CONF_DEV_SENSE_DESC,	    /* SPC-5: REQUEST SENSE, DESC=1 */
	CONF_DEV_SPACE_BLOCKS_BOP,  /* SSC-4 6.6: blocks backward to BOP */
	CONF_DEV_SPACE_BLOCKS_FM,   /* SSC-4 6.6: blocks over a filemark */
	CONF_DEV_SPACE_EOD,	    /* SSC-4 6.6: forward into end of data */
	CONF_DEV_SPACE_FM_BACK,	    /* SSC-4 6.6: filemarks backward */
	CONF_DEV_SPACE_FM_BOP,	    /* SSC-4 6.6: filemarks back to BOP */
	CONF_DEV_UNLOAD_NOOP,	    /* SSC-4 7.3: UNLOAD unloads */
	CONF_DEV_UNLOAD_PREVENTED,  /* SSC-4 7.3, 7.5: PREVENT stops it */
	CONF_DEV_COUNT
};

/* True on tgt: the case then expects tgt's documented answer for d. */
bool conf_tgt_deviates(enum conf_dev d);
/* True when the target implements c; on tgt notes it as not run. */
bool conf_has(enum conf_cmd c);
/* How often each was met in this run (the tgt runner lists them). */
extern unsigned int conf_dev_seen[CONF_DEV_COUNT];
extern unsigned int conf_cmd_skipped[CONF_CMD_COUNT];
extern const char *const conf_dev_names[CONF_DEV_COUNT];
extern const char *const conf_cmd_names[CONF_CMD_COUNT];

/* Helpers the cases of both files share. */
bool conf_fixed_only(void);	     /* qic, atapi: 512-byte blocks only */
size_t conf_rec(const struct vt *v); /* one natural record's size */
/* One natural record (a block on fixed drives) into buf. */
struct vres conf_read_rec(struct vt *v, void *buf, size_t len);
/* Write R0 R1 FM2 R3 FM4 (fill 1, 2, 3) and rewind. */
void conf_lay_out(struct vt *v);
/* MODE SENSE(6), page control pc, into d[len]. */
struct vres conf_mode_sense6(struct vt *v, bool dbd, int pc, uint8_t page,
			     uint8_t *d, size_t len);
/* The mode page code in d[start..n), or NULL. */
const uint8_t *conf_find_page(const uint8_t *d, size_t n, size_t start,
			      uint8_t code);

struct conf_case {
	const char *name;
	void (*fn)(void **state);
	/* NULL: every target and profile; else true where it applies. */
	bool (*applies)(void);
};

extern const struct conf_case conf_cases[];
extern const size_t conf_ncases;

#endif
