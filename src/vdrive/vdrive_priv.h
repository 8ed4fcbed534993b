/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vdrive_priv.h - state of the virtual drive, shared by its files.
 */
#ifndef STTAPE_VDRIVE_PRIV_H
#define STTAPE_VDRIVE_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <sttape/transport.h>
#include <sttape/vdrive.h>

#include "vdrive/image.h"

/* What a profile's drive is and answers (see profile.c). */
struct vd_profile {
	const char *name;
	const char *vendor, *product, *revision;
	uint8_t density;	  /* current and default density code */
	const uint8_t *densities; /* REPORT DENSITY SUPPORT, newest first */
	uint8_t ndensities;
	uint32_t fixed_block; /* nonzero: the only block length */
	uint32_t max_block;   /* READ BLOCK LIMITS maximum */
	bool no_rbl;	      /* READ BLOCK LIMITS unsupported (ATAPI) */
	bool compression;     /* page 0x0F data compression capable */
	bool atapi_caps;      /* mode page 0x2A */
	uint64_t ew_default;  /* early-warning zone, bytes (0: none) */
	uint8_t medium_type;
};

const struct vd_profile *vd_profile_find(const char *name);
const char *vd_profile_names(void);

enum vd_medium {
	VD_ABSENT = 0, /* no cartridge: NOT READY 3A/00, LOAD fails */
	VD_EJECTED,    /* unloaded, in the mouth: 3A/00 until LOAD */
	VD_HELD,       /* unloaded with HOLD: 04/02 until LOAD */
	VD_LOADED,
};

/* Option values; `set` bits say which ones were given. */
struct vd_opts {
	uint32_t set;
	const struct vd_profile *profile;
	uint64_t capacity, ew, pew;
	int64_t readerr, writeerr, vanish_after;
	bool wp, nomedium;
	int ua;
	unsigned int delay_ms, mb_delay_ms, long_ms;
	uint32_t maxblock;
	char vendor[9], product[17], revision[5], serial[21];
};

enum vd_opt_bit {
	VD_O_CAPACITY = 1u << 0,
	VD_O_DELAY = 1u << 1,
	VD_O_EW = 1u << 2,
	VD_O_MAXBLOCK = 1u << 3,
	VD_O_MBDELAY = 1u << 4,
	VD_O_NOMEDIUM = 1u << 5,
	VD_O_PEW = 1u << 6,
	VD_O_PRODUCT = 1u << 7,
	VD_O_PROFILE = 1u << 8,
	VD_O_READERR = 1u << 9,
	VD_O_REVISION = 1u << 10,
	VD_O_SERIAL = 1u << 11,
	VD_O_UA = 1u << 12,
	VD_O_VANISH = 1u << 13,
	VD_O_VENDOR = 1u << 14,
	VD_O_WP = 1u << 15,
	VD_O_WRITEERR = 1u << 16,
	VD_O_LONG = 1u << 17,
};

/* Parse "a=b,c=d"; -EINVAL with why listing the valid names. */
int vd_opts_parse(const char *text, struct vd_opts *o, char *why,
		  size_t why_len);

#define VD_UA_MAX    4
#define VD_SENSE_LEN 18 /* fixed format, SPC-5 4.4.3 */

struct sttape_vdrive {
	pthread_mutex_t lock;
	struct sttape_transport t;
	char *path;
	const struct vd_profile *prof;
	char vendor[9], product[17], revision[5], serial[21];

	enum vd_medium medium;
	struct vd_image *img; /* open while a cartridge is present */
	uint64_t pos;	      /* logical object number of the head */
	bool prevent;
	bool wp; /* write-protect tab */

	/* Mode parameters (SPC-5 7.5, SSC-4 8.3). */
	uint32_t block_len;
	uint8_t density;
	uint8_t buffered;
	bool dce;	  /* page 0x0F: compression enabled */
	bool sew;	  /* page 0x10: synchronize at early warning */
	uint8_t sel_comp; /* page 0x10: select data compression alg. */

	/* Faults. */
	uint64_t capacity, ew, pew;
	bool cap_override;
	bool ew_explicit; /* ew given; else the profile's, clamped */
	int64_t readerr, writeerr, vanish_after;
	unsigned int delay_ms, mb_delay_ms;
	unsigned int long_ms; /* extra time of a long operation */
	/*
	 * An operation started with IMMED=1 still runs until busy_until
	 * (CLOCK_MONOTONIC, ms); the sense of its failure waits in
	 * deferred[] for the next command.
	 */
	uint64_t busy_until;
	uint8_t deferred[VD_SENSE_LEN];
	bool has_deferred;
	uint8_t ua[VD_UA_MAX];
	int nua;
	uint64_t tapealert;
	uint64_t commands;
	uint32_t maxblock;
};

/* One command being executed. */
struct vd_cmd {
	const uint8_t *cdb;
	size_t cdb_len;
	enum sttape_dir dir;
	uint8_t *data;
	size_t len;
	size_t xfer;	   /* bytes moved */
	uint64_t io_bytes; /* for the per-MiB delay */
	struct sttape_cmd_result *res;
};

/* Sense flags byte 2 bits (SPC-5 4.4.3). */
#define VD_FM  0x80
#define VD_EOM 0x40
#define VD_ILI 0x20

/* CHECK CONDITION with fixed-format sense; info_valid sets VALID. */
void vd_sense(struct vd_cmd *c, uint8_t key, uint8_t asc, uint8_t ascq,
	      uint8_t flags, bool info_valid, int64_t info);
/* ILLEGAL REQUEST with a field pointer (SPC-5 4.4.3.2, table 55). */
void vd_illegal(struct vd_cmd *c, uint8_t asc, bool in_cdb, uint16_t byte,
		int bit);
void vd_build_sense(uint8_t *s, uint8_t key, uint8_t asc, uint8_t ascq,
		    uint8_t flags, bool info_valid, int64_t info);

/* Run one CDB against the drive (lock held). */
void vd_execute(struct sttape_vdrive *vd, struct vd_cmd *c);
int vd_load_image(struct sttape_vdrive *vd, const char *path, char *why,
		  size_t why_len);
void vd_unload_image(struct sttape_vdrive *vd);
void vd_push_ua(struct sttape_vdrive *vd, uint8_t ua);

/*
 * Early-warning zone in force: as given, or the profile default kept to
 * a sixteenth of the capacity so that a small test cartridge is not all
 * early-warning zone.
 */
static inline uint64_t vd_ew_size(const struct sttape_vdrive *vd)
{
	if (vd->ew_explicit || vd->ew <= vd->capacity / 16)
		return vd->ew;
	return vd->capacity / 16;
}

#endif /* STTAPE_VDRIVE_PRIV_H */
