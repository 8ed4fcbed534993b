/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scenario.h - table-driven scenarios of the tape session against the
 * virtual drive.  A scenario names a vdrive profile and options, session
 * options, an optional quirk file text, a list of steps (each with the
 * expected return value or errno and status fields), and the cartridge
 * layout expected in the image afterwards.
 *
 * Layout strings: "R<len>" a record, "R<len>x<n>" n equal records,
 * "R<len>x*" one or more, "F" a filemark, separated by blanks; "" is a
 * blank tape.
 */
#ifndef STTAPE_TEST_SCENARIO_H
#define STTAPE_TEST_SCENARIO_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <sttape/session.h>

#define SC_ANY INT64_MIN

enum sc_kind {
	SC_END = 0,
	SC_OPEN, /* a mode, b submode, c access, d flags */
	SC_CLOSE,
	SC_WRITE,   /* a length, b pattern tag */
	SC_READ,    /* a length, b tag to verify (-1: do not verify) */
	SC_OP,	    /* a op, b count */
	SC_POS,	    /* a file, b block (peek) */
	SC_SENSE,   /* a sense key, b residue (status: read and clear) */
	SC_FLAGS,   /* a flags that must be set, b flags that must be clear */
	SC_BLK,	    /* a block size, b density (peek) */
	SC_MODEP,   /* a mode, b block size, c density of the mode table */
	SC_RDPOS,   /* a hardware, b expected block (ret: return value) */
	SC_LOCATE,  /* a hardware, b block */
	SC_VDOPT,   /* str: sttape_vdrive_set_options() */
	SC_EJECT,   /* take the cartridge out */
	SC_INSERT,  /* put it back (unit attention follows) */
	SC_VDSTATE, /* a VD_* field, b value */
	SC_FILL,    /* a length: write until EOM shows; ret: that return */
	SC_TOEND,   /* a length: write until an error; ret: that error */
	SC_REPEAT,  /* a count: the next step is run a times */
	SC_DESTROY, /* destroy and create the session again */
};

/* SC_FLAGS bits: fields of struct sttape_status. */
#define F_BOT	  0x0001
#define F_EOT	  0x0002
#define F_EOD	  0x0004
#define F_EOF	  0x0008
#define F_WP	  0x0010
#define F_ONLINE  0x0020
#define F_DOOR	  0x0040
#define F_IMMREP  0x0080
#define F_EW	  0x0100
#define F_MOUNTED 0x0200
#define F_OPEN	  0x0400
#define F_TWOFM	  0x0800
#define F_LOST	  0x1000
#define F_ATAPI	  0x2000
#define F_COMP	  0x4000

/* SC_VDSTATE fields. */
#define VD_PREVENT  1
#define VD_LOADED   2
#define VD_BLOCKLEN 3
#define VD_DENSITY  4
#define VD_POSITION 5

struct sc_step {
	enum sc_kind kind;
	int64_t a, b, c, d;
	int64_t ret;
	const char *str;
};

struct scenario {
	const char *name;
	const char *vdrive; /* options after the image path */
	bool ew_off;	    /* session option early_warning = false */
	const char *quirks; /* quirk file text, or NULL */
	const struct sc_step *steps;
	const char *layout; /* expected cartridge, NULL: not checked */
	size_t max_record;  /* session option max_record (0: none) */
};

/* Step macros. */
#define OPEN(m, sm, acc, r)                                                    \
	{                                                                      \
		.kind = SC_OPEN, .a = m, .b = sm, .c = acc, .ret = r           \
	}
#define OPENNB(m, sm, acc, r)                                                  \
	{                                                                      \
		.kind = SC_OPEN, .a = m, .b = sm, .c = acc,                    \
		.d = STTAPE_OPEN_NONBLOCK, .ret = r                            \
	}
#define CLOSE(r)                                                               \
	{                                                                      \
		.kind = SC_CLOSE, .ret = r                                     \
	}
#define WR(len, r)                                                             \
	{                                                                      \
		.kind = SC_WRITE, .a = len, .b = 1, .ret = r                   \
	}
#define WRT(len, tag, r)                                                       \
	{                                                                      \
		.kind = SC_WRITE, .a = len, .b = tag, .ret = r                 \
	}
#define RD(len, r)                                                             \
	{                                                                      \
		.kind = SC_READ, .a = len, .b = -1, .ret = r                   \
	}
#define RDT(len, tag, r)                                                       \
	{                                                                      \
		.kind = SC_READ, .a = len, .b = tag, .ret = r                  \
	}
#define OP(op, n, r)                                                           \
	{                                                                      \
		.kind = SC_OP, .a = STTAPE_MT_##op, .b = n, .ret = r           \
	}
#define OPN(op, n, r)                                                          \
	{                                                                      \
		.kind = SC_OP, .a = op, .b = n, .ret = r                       \
	}
#define POS(f, b_)                                                             \
	{                                                                      \
		.kind = SC_POS, .a = f, .b = b_                                \
	}
#define SENSE(k, res)                                                          \
	{                                                                      \
		.kind = SC_SENSE, .a = k, .b = res                             \
	}
#define FLAGS(set, clr)                                                        \
	{                                                                      \
		.kind = SC_FLAGS, .a = set, .b = clr                           \
	}
#define BLK(bs, dens)                                                          \
	{                                                                      \
		.kind = SC_BLK, .a = bs, .b = dens                             \
	}
#define MODEP(m, bs, dens)                                                     \
	{                                                                      \
		.kind = SC_MODEP, .a = m, .b = bs, .c = dens                   \
	}
#define RDPOS(hw, blk, r)                                                      \
	{                                                                      \
		.kind = SC_RDPOS, .a = hw, .b = blk, .ret = r                  \
	}
#define LOCATE(hw, blk, r)                                                     \
	{                                                                      \
		.kind = SC_LOCATE, .a = hw, .b = blk, .ret = r                 \
	}
#define VDOPT(s)                                                               \
	{                                                                      \
		.kind = SC_VDOPT, .str = s                                     \
	}
#define EJECT()                                                                \
	{                                                                      \
		.kind = SC_EJECT                                               \
	}
#define INSERT()                                                               \
	{                                                                      \
		.kind = SC_INSERT                                              \
	}
#define VDSTATE(f, v)                                                          \
	{                                                                      \
		.kind = SC_VDSTATE, .a = f, .b = v                             \
	}
#define FILL(len, r)                                                           \
	{                                                                      \
		.kind = SC_FILL, .a = len, .ret = r                            \
	}
#define TOEND(len, r)                                                          \
	{                                                                      \
		.kind = SC_TOEND, .a = len, .ret = r                           \
	}
#define REPEAT(n)                                                              \
	{                                                                      \
		.kind = SC_REPEAT, .a = n                                      \
	}
#define RECREATE()                                                             \
	{                                                                      \
		.kind = SC_DESTROY                                             \
	}
#define END                                                                    \
	{                                                                      \
		.kind = SC_END                                                 \
	}

#define R  STTAPE_ACCESS_READ
#define W  STTAPE_ACCESS_WRITE
#define RW STTAPE_ACCESS_RDWR

/* Runs every scenario of the table as one cmocka test each. */
int sc_run_table(const char *group, const struct scenario *table, size_t count);

#endif
