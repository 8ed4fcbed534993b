/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/vdrive.h - the virtual SSC tape drive.
 *
 * A sequential-access device model (SSC-4, SPC-5) behind the transport
 * interface: it answers CDB bytes with status, sense and residue as a
 * real drive does, keeps records, filemarks and end of data in an image
 * file (format: sttape-image(5)), and injects faults on request.
 *
 * Device string: vdrive:PATH[,option=value...]; the options are listed in
 * sttape-image(5) and by sttape_vdrive_options().  A missing PATH is
 * created as a blank cartridge (capacity= and profile= apply).
 *
 * The fault functions below may be called from any thread while another
 * thread runs commands: the drive takes one lock per command.
 *
 * Behaviour worth knowing when writing tests against it (details and the
 * full option list in sttape-image(5)):
 *  - no unit attention at open unless ua= asks; inserting a cartridge
 *    raises 28/00; LOAD and UNLOAD commands raise none;
 *  - UNLOAD leaves the cartridge in the drive (LOAD brings it back at
 *    BOP); sttape_vdrive_eject() takes it out (LOAD then fails 3A/00);
 *  - a read error leaves the head past the bad object; a write error
 *    writes nothing from the bad object on;
 *  - the lto and dds profiles have an early-warning zone by default
 *    (2 MiB, 1 MiB, at most 1/16 of the capacity); qic and atapi none
 *    unless ew= is given.
 */
#ifndef STTAPE_VDRIVE_H
#define STTAPE_VDRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/transport.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sttape_vdrive;

/*
 * Open a virtual drive.  spec is the text after "vdrive:", i.e.
 * PATH[,option=value...].  Returns 0 and *out, or -errno with a one-line
 * reason in why (a bad option lists the valid ones; a damaged image names
 * the byte offset).
 */
int sttape_vdrive_transport_open(const char *spec,
				 struct sttape_transport **out, char *why,
				 size_t why_len);

/* The drive behind a transport, or NULL when t is not a vdrive. */
struct sttape_vdrive *sttape_vdrive_of(struct sttape_transport *t);

/* Comma-separated list of the option names open accepts. */
const char *sttape_vdrive_options(void);

/*
 * A size as the options (capacity=, ew=, ...) and sttape-image take it:
 * decimal bytes with an optional K, M, G or T (powers of 1024), which
 * may be followed by "iB" or "B".  Returns 0, or -EINVAL for anything
 * else (negative, overflowing, trailing characters).
 */
int sttape_vdrive_parse_size(const char *s, uint64_t *out);

/*
 * Apply one or more options ("readerr=5,wp=1") to a running drive, with
 * the same syntax and names as at open.  Options that only make sense at
 * open (profile=, capacity= of a written image...) return -EINVAL.
 */
int sttape_vdrive_set_options(struct sttape_vdrive *vd, const char *opts,
			      char *why, size_t why_len);

/* Faults, each takes effect from the next command on. */

/* Which unit attention to raise (SPC-5 6.39 / 4.5.6). */
enum sttape_vdrive_ua {
	STTAPE_VDRIVE_UA_RESET = 1,  /* 06/29/00 power on, reset */
	STTAPE_VDRIVE_UA_MEDIUM = 2, /* 06/28/00 medium may have changed */
	STTAPE_VDRIVE_UA_MODE = 3,   /* 06/2A/01 mode parameters changed */
};

/* Queue a unit attention, reported (and cleared) by the next command. */
void sttape_vdrive_inject_unit_attention(struct sttape_vdrive *vd,
					 enum sttape_vdrive_ua ua);
/*
 * Medium error on reading (03/11/00) or writing (03/0C/00) logical
 * object number `object` (records and filemarks count, from 0);
 * -1 turns the fault off.  The fault stays until turned off.
 */
void sttape_vdrive_set_read_error(struct sttape_vdrive *vd, int64_t object);
void sttape_vdrive_set_write_error(struct sttape_vdrive *vd, int64_t object);
/* Write-protect tab of the loaded (and later inserted) cartridge. */
void sttape_vdrive_set_write_protect(struct sttape_vdrive *vd, bool wp);
/* Take the cartridge out: NOT READY 3A/00 until insert. */
void sttape_vdrive_eject(struct sttape_vdrive *vd);
/*
 * Put a cartridge in and load it at BOP: path NULL re-inserts the
 * image the drive was opened with.  Raises UNIT ATTENTION 28/00.
 */
int sttape_vdrive_insert(struct sttape_vdrive *vd, const char *path, char *why,
			 size_t why_len);
/*
 * Capacity of the loaded cartridge, bytes (object headers count too);
 * in this drive only, the image header keeps its own.
 */
void sttape_vdrive_set_capacity(struct sttape_vdrive *vd, uint64_t bytes);
/* Early-warning zone and programmable-early-warning zone sizes, bytes. */
void sttape_vdrive_set_early_warning(struct sttape_vdrive *vd, uint64_t ew,
				     uint64_t pew);
/* Delay per command and per MiB moved, milliseconds. */
void sttape_vdrive_set_delay(struct sttape_vdrive *vd, unsigned int cmd_ms,
			     unsigned int per_mib_ms);
/*
 * Extra time of a long operation (REWIND, LOAD UNLOAD, ERASE, LOCATE,
 * SPACE), milliseconds.  Sent with IMMED=1, such an operation answers
 * GOOD at once and the drive is NOT READY 04/07 (operation in progress)
 * to other commands but INQUIRY and REQUEST SENSE for that long.
 */
void sttape_vdrive_set_long_delay(struct sttape_vdrive *vd, unsigned int ms);
/*
 * After `commands` more commands, every command fails with transport
 * error -ENODEV (the device vanished).  -1 turns it off.
 */
void sttape_vdrive_set_vanish_after(struct sttape_vdrive *vd, int64_t commands);
/* TapeAlert flags 1..64 as bits 0..63, reported by LOG SENSE 0x2E. */
void sttape_vdrive_set_tapealert(struct sttape_vdrive *vd, uint64_t flags);

/* Observation, for tests. */
struct sttape_vdrive_state {
	bool loaded;  /* medium loaded and ready */
	bool present; /* a cartridge is in the drive */
	bool prevent; /* PREVENT MEDIUM REMOVAL in force */
	bool write_protected;
	uint64_t position;   /* logical object number of the head */
	uint64_t objects;    /* logical objects before end of data */
	uint64_t filemarks;  /* filemarks on the tape */
	uint64_t used_bytes; /* image bytes used (headers included) */
	uint64_t capacity;
	uint64_t commands;     /* commands executed since open */
	uint32_t block_length; /* current mode: 0 variable */
	uint8_t density;
};
void sttape_vdrive_get_state(struct sttape_vdrive *vd,
			     struct sttape_vdrive_state *st);

/* Image files (sttape-image(5)), used by the cartridge tool. */

/* Create a blank cartridge; fails with -EEXIST when path exists. */
int sttape_vdrive_image_create(const char *path, uint64_t capacity,
			       const char *profile, char *why, size_t why_len);

/* One logical object of an image, as sttape_vdrive_image_walk sees it. */
struct sttape_vdrive_object {
	uint64_t number; /* logical object number */
	uint64_t offset; /* byte offset of its header in the file */
	bool filemark;
	uint32_t length; /* record bytes; 0 for a filemark */
};

struct sttape_vdrive_image_info {
	uint64_t capacity;
	char profile[16];
	uint64_t objects;
	uint64_t filemarks;
	uint64_t eod_offset; /* where the next record would go */
	uint64_t file_size;
	/* Offset where the chain of valid records stopped early, else 0. */
	uint64_t bad_offset;
	bool torn_tail; /* an interrupted last write (discarded) */
};

/*
 * Validate an image and call fn (when not NULL) for each object in order
 * (fn returning non-zero stops the walk).  Returns 0, -EBADMSG with the
 * offset of the first damage in info->bad_offset and why, or -errno.
 * A torn last record (process killed while writing) is not damage: it is
 * reported in info->torn_tail and is discarded when a drive opens it.
 */
int sttape_vdrive_image_walk(const char *path,
			     struct sttape_vdrive_image_info *info,
			     int (*fn)(const struct sttape_vdrive_object *o,
				       void *arg),
			     void *arg, char *why, size_t why_len);

#ifdef __cplusplus
}
#endif

#endif /* STTAPE_VDRIVE_H */
