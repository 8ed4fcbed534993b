/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/quirks.h - the drive quirk table.
 *
 * One entry per drive model: INQUIRY patterns (vendor, product,
 * revision), drive-wide quirk flags, and for each of the four operation
 * modes (minor bits 3..2) a block size, a density code, mode flags and a
 * compression setting.  The table is data: the shipped files
 * (the .quirks files in quirks/) are embedded at build time, and files in a
 * configuration directory extend or override them at start-up.  The
 * text format is described in sttape-quirks(5).
 *
 * Typical use:
 *
 *	struct sttape_quirk_table *t;
 *	struct sttape_quirk_diags d = { 0 };
 *	int rc = sttape_quirk_table_open("/etc/sttape/quirks.d", &t, &d);
 *	for (size_t i = 0; i < d.count; i++)
 *		log("%s", d.v[i].text);      // "file:line: reason"
 *	sttape_quirk_diags_free(&d);
 *	const struct sttape_quirk *q =
 *		sttape_quirk_match(t, inq.vendor, inq.product, inq.revision);
 *	...
 *	sttape_quirk_table_free(t);
 *
 * Actions return 0 or -errno.  Entries returned by sttape_quirk_match()
 * and sttape_quirk_table_entry() stay valid until the table is freed or
 * loaded into again (an override replaces the entry).
 */
#ifndef STTAPE_QUIRKS_H
#define STTAPE_QUIRKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Operation modes per drive: minor = unit * 16 + mode * 4 + sub-mode. */
#define STTAPE_QUIRK_MODES 4

/* INQUIRY field widths (SPC-5 6.7.2): patterns never match more. */
#define STTAPE_QUIRK_VENDOR_LEN	  8
#define STTAPE_QUIRK_PRODUCT_LEN  16
#define STTAPE_QUIRK_REVISION_LEN 4

/* Largest block size: the 24-bit BLOCK LENGTH of the mode block
 * descriptor (SPC-5 7.5.6.2) and of READ BLOCK LIMITS (SSC-4 7.6). */
#define STTAPE_QUIRK_MAX_BLKSIZE 16777215u
/* Largest vendor page 0 size kept for MODE SELECT (NetBSD MAX_PAGE_0_SIZE). */
#define STTAPE_QUIRK_MAX_PAGE0 64

/*
 * Quirk flags.  Values and meanings are NetBSD st's ST_Q_* (stvar.h) so
 * that its table reads across unchanged.  A flag may be given for the
 * drive or for one mode; in a mode the flags in effect are the drive's
 * OR the mode's (sttape_quirk_mode_flags()).  The session implements
 * each one; sttape-quirks(5) documents each one.  Only flag macros use
 * the hexadecimal "0x...u" form in this header (a test relies on it).
 */
/* Use the entry's block size for the mode (0 = variable) instead of
 * deciding from block limits and density; without it blksize is unused. */
#define STTAPE_QUIRK_FORCE_BLKSIZE 0x0001u
/* The drive gives a good MODE SENSE only after a READ: at mount, try a
 * one-block read at 1024, 512, then variable block size to learn it. */
#define STTAPE_QUIRK_SENSE_HELP 0x0002u
/* LOAD is not supported: send REWIND instead of LOAD (load only; unload
 * and retension are still sent). */
#define STTAPE_QUIRK_IGNORE_LOADS 0x0004u
/* Media in variable mode report a non-zero block length in MODE SENSE;
 * kept for NetBSD's table, consulted only when deciding the mode from a
 * first read. */
#define STTAPE_QUIRK_BLKSIZE 0x0008u
/* The drive rejects MODE SELECT: never send it (block size, density,
 * buffered mode and compression then stay as the drive has them). */
#define STTAPE_QUIRK_UNIMODAL 0x0010u
/* No PREVENT MEDIUM REMOVAL at open and no ALLOW before eject. */
#define STTAPE_QUIRK_NOPREVENT 0x0020u
/* ERASE without IMMED (the drive rejects an immediate erase). */
#define STTAPE_QUIRK_ERASE_NOIMM 0x0040u
/* The drive cannot write filemarks: WRITE FILEMARKS is always sent with
 * count 0 (a buffer flush). */
#define STTAPE_QUIRK_NOFILEMARKS 0x0080u

/* Every flag above (any other name is rejected by the parser). */
#define STTAPE_QUIRK_ALL_FLAGS                                                 \
	(STTAPE_QUIRK_FORCE_BLKSIZE | STTAPE_QUIRK_SENSE_HELP |                \
	 STTAPE_QUIRK_IGNORE_LOADS | STTAPE_QUIRK_BLKSIZE |                    \
	 STTAPE_QUIRK_UNIMODAL | STTAPE_QUIRK_NOPREVENT |                      \
	 STTAPE_QUIRK_ERASE_NOIMM | STTAPE_QUIRK_NOFILEMARKS)

/* A setting the entry may leave to the drive or the daemon. */
enum sttape_quirk_switch {
	STTAPE_QUIRK_UNCHANGED = 0, /* not given: leave as is */
	STTAPE_QUIRK_OFF = 1,
	STTAPE_QUIRK_ON = 2,
};

/* How many filemarks end the data when a rewind follows writing. */
enum sttape_quirk_eod_filemarks {
	/* By density, as NetBSD st_decide_mode: QIC densities
	 * (sttape_quirk_density_is_qic()) one, all others two. */
	STTAPE_QUIRK_FM_AUTO = 0,
	STTAPE_QUIRK_FM_ONE = 1,
	STTAPE_QUIRK_FM_TWO = 2,
};

struct sttape_quirk_mode {
	/* Block size in bytes, 0 = variable; used only when
	 * STTAPE_QUIRK_FORCE_BLKSIZE is in effect for the mode. */
	uint32_t blksize;
	/* Density code for MODE SELECT, 0 = the drive's default. */
	uint8_t density;
	uint32_t flags; /* STTAPE_QUIRK_* for this mode only */
	/* DCE of page 0x0F (or page 0x10 SELECT DATA COMPRESSION
	 * ALGORITHM) at mount; UNCHANGED leaves the drive's setting. */
	enum sttape_quirk_switch compression;
};

struct sttape_quirk {
	const char *name;   /* the entry's [section] name */
	const char *origin; /* "file:line" of the entry, for logs */
	/* Glob patterns over the INQUIRY fields; see sttape_quirk_match(). */
	const char *vendor;
	const char *product;
	const char *revision;
	uint32_t flags;	    /* drive-wide STTAPE_QUIRK_* */
	uint8_t page0_size; /* vendor page 0 bytes to keep (0..64) */
	/* Early warning default for the drive; UNCHANGED: daemon default. */
	enum sttape_quirk_switch early_warning;
	enum sttape_quirk_eod_filemarks filemarks;
	struct sttape_quirk_mode mode[STTAPE_QUIRK_MODES];
};

/* One validation error. */
struct sttape_quirk_diag {
	char *file;	   /* as given to the load call */
	unsigned int line; /* 1-based; 0 when not about a line */
	char *reason;	   /* e.g. "unknown flag 'FOO'" */
	char *text;	   /* "file:line: reason" */
};

/* A growing list of diagnostics; start with { 0 }, free with _free(). */
struct sttape_quirk_diags {
	size_t count;
	struct sttape_quirk_diag *v;
};

struct sttape_quirk_table;

/* An empty table. */
int sttape_quirk_table_new(struct sttape_quirk_table **out);
void sttape_quirk_table_free(struct sttape_quirk_table *t);

/*
 * Load entries into t.  A file is all or nothing: if it has any error,
 * every error is appended to d (when not NULL), none of its entries are
 * added, and -EINVAL is returned.  An entry whose three patterns equal
 * those of an entry already in t replaces it (so later files override
 * earlier ones); others are appended.  Within one file, equal patterns
 * are an error ("duplicate entry").  A file that cannot be read gives
 * its -errno (and a diagnostic with line 0); -ENOMEM when out of memory.
 */
/* The shipped table, embedded at build time. */
int sttape_quirk_table_load_builtin(struct sttape_quirk_table *t,
				    struct sttape_quirk_diags *d);
/* text of len bytes; name is used in diagnostics and origins. */
int sttape_quirk_table_load_text(struct sttape_quirk_table *t, const char *name,
				 const char *text, size_t len,
				 struct sttape_quirk_diags *d);
int sttape_quirk_table_load_file(struct sttape_quirk_table *t, const char *path,
				 struct sttape_quirk_diags *d);
/*
 * Every regular file named *.quirks in dir, in strcmp order of names
 * (so 50-local.quirks overrides 10-site.quirks).  Files with errors are
 * skipped and reported; the others are loaded; returns the first error.
 * -ENOENT if dir does not exist.
 */
int sttape_quirk_table_load_dir(struct sttape_quirk_table *t, const char *dir,
				struct sttape_quirk_diags *d);
/*
 * New table = builtin, then confdir (NULL: builtin only).  On a load
 * error *out is still a usable table with whatever loaded cleanly (it
 * is NULL only if the table itself could not be allocated).
 */
int sttape_quirk_table_open(const char *confdir,
			    struct sttape_quirk_table **out,
			    struct sttape_quirk_diags *d);

size_t sttape_quirk_table_count(const struct sttape_quirk_table *t);
const struct sttape_quirk *
sttape_quirk_table_entry(const struct sttape_quirk_table *t, size_t i);

/*
 * The entry for an INQUIRY, or NULL.  Each field is compared with its
 * trailing blanks removed (at most its 8, 16 or 4 characters are read;
 * a NUL ends it early); leading blanks count.  A pattern
 * (trailing blanks also removed) matches the whole field: '*' any
 * string, '?' one character, [set] one of a set (ranges a-z, '!' or '^'
 * first negates), '\' quotes the next character.  An empty pattern
 * matches only an all-blank field.  Case matters (INQUIRY is ASCII as
 * the drive reports it).  Of several matching entries the most specific
 * wins: score = literal characters in the three patterns, plus the
 * field width for each pattern without '*' (it pins the padding too);
 * equal scores go to the entry loaded last.
 */
const struct sttape_quirk *
sttape_quirk_match(const struct sttape_quirk_table *t, const char *vendor,
		   const char *product, const char *revision);

/* Flags in effect in mode m (0..3): drive flags | mode flags. */
uint32_t sttape_quirk_mode_flags(const struct sttape_quirk *q,
				 unsigned int mode);
/* QIC density codes as NetBSD st_decide_mode lists them (0x04, 0x05,
 * 0x0f, 0x10, 0x11, 0x12, 0x45, 0x47). */
bool sttape_quirk_density_is_qic(uint8_t density);
/* 1 or 2: filemarks at end of data for density with entry q (NULL = no
 * entry, i.e. auto). */
unsigned int sttape_quirk_eod_filemarks(const struct sttape_quirk *q,
					uint8_t density);

/* Name of one flag bit ("FORCE_BLKSIZE"), or NULL if not a flag. */
const char *sttape_quirk_flag_name(uint32_t flag);
/* Parse a flag name (exact, upper case) into *flag; -EINVAL if unknown. */
int sttape_quirk_flag_parse(const char *name, uint32_t *flag);
/*
 * Printable bit-string for logs, as NetBSD's snprintb:
 * "0x11<FORCE_BLKSIZE,UNIMODAL>", "0" when none; unknown bits show as
 * "bitN".  Returns the length it needed (snprintf-like), buf always
 * NUL-terminated when len > 0.
 */
int sttape_quirk_flags_format(uint32_t flags, char *buf, size_t len);
/* One-line summary of an entry for logs (same return as above). */
int sttape_quirk_format(const struct sttape_quirk *q, char *buf, size_t len);

/* Append a diagnostic (used by the loaders; callers may add their own). */
int sttape_quirk_diag_add(struct sttape_quirk_diags *d, const char *file,
			  unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void sttape_quirk_diags_free(struct sttape_quirk_diags *d);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_QUIRKS_H */
