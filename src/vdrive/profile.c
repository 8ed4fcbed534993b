/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * profile.c - the drive personalities of the virtual drive, and its
 * option parser.  Density codes are from SSC-4 Annex (density codes) as
 * listed in NetBSD scsi_tape.h and the LTO SCSI references.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdrive/vdrive_priv.h"

#define MIB (1024u * 1024u)

static const uint8_t lto_dens[] = {0x5a, 0x58};	      /* LTO-6, LTO-5 */
static const uint8_t qic_dens[] = {0x11, 0x10, 0x0f}; /* QIC-525/150/120 */
static const uint8_t dds_dens[] = {0x13};	      /* DDS */
static const uint8_t atapi_dens[] = {0x47};	      /* QIC-3220 */

/* Sorted by name. */
static const struct vd_profile profiles[] = {
	{
		.name = "atapi",
		.vendor = "STTAPE",
		.product = "VATAPI",
		.revision = "0100",
		.density = 0x47,
		.densities = atapi_dens,
		.ndensities = sizeof(atapi_dens),
		.fixed_block = 512,
		.max_block = 512,
		.no_rbl = true,
		.atapi_caps = true,
	},
	{
		.name = "dds",
		.vendor = "STTAPE",
		.product = "VDDS",
		.revision = "0100",
		.density = 0x13,
		.densities = dds_dens,
		.ndensities = sizeof(dds_dens),
		.max_block = 0xffffff,
		.compression = true,
		.ew_default = MIB,
	},
	{
		.name = "lto",
		.vendor = "STTAPE",
		.product = "VLTO",
		.revision = "0100",
		.density = 0x5a,
		.densities = lto_dens,
		.ndensities = sizeof(lto_dens),
		.max_block = 8 * MIB,
		.compression = true,
		.ew_default = 2 * MIB,
		.medium_type = 0,
	},
	{
		.name = "qic",
		.vendor = "STTAPE",
		.product = "VQIC",
		.revision = "0100",
		.density = 0x11,
		.densities = qic_dens,
		.ndensities = sizeof(qic_dens),
		.fixed_block = 512,
		.max_block = 512,
	},
};

const struct vd_profile *vd_profile_find(const char *name)
{
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

const char *vd_profile_names(void)
{
	return "atapi, dds, lto, qic";
}

int sttape_vdrive_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned int shift = 0;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	case 't':
	case 'T':
		shift = 40;
		end++;
		break;
	}
	if (*end == 'i' && shift)
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -EINVAL;
	*out = (uint64_t)v << shift;
	return 0;
}

static int parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "1") || !strcmp(s, "yes") || !strcmp(s, "on")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "0") || !strcmp(s, "no") || !strcmp(s, "off")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

static int parse_text(const char *s, char *dst, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return -EINVAL;
	memcpy(dst, s, n + 1);
	return 0;
}

static int o_capacity(struct vd_opts *o, const char *v)
{
	if (sttape_vdrive_parse_size(v, &o->capacity))
		return -EINVAL;
	return o->capacity < 64 * 1024 ? -ERANGE : 0;
}

static int o_delay(struct vd_opts *o, const char *v)
{
	int64_t n;
	int rc = parse_int(v, 0, 600000, &n);

	if (rc == 0)
		o->delay_ms = (unsigned int)n;
	return rc;
}

static int o_ew(struct vd_opts *o, const char *v)
{
	return sttape_vdrive_parse_size(v, &o->ew);
}

static int o_long(struct vd_opts *o, const char *v)
{
	int64_t n;
	int rc = parse_int(v, 0, 3600000, &n);

	if (rc == 0)
		o->long_ms = (unsigned int)n;
	return rc;
}

static int o_maxblock(struct vd_opts *o, const char *v)
{
	uint64_t n;

	if (sttape_vdrive_parse_size(v, &n) || n == 0 || n > VD_REC_MAX)
		return -EINVAL;
	o->maxblock = (uint32_t)n;
	return 0;
}

static int o_mbdelay(struct vd_opts *o, const char *v)
{
	int64_t n;
	int rc = parse_int(v, 0, 600000, &n);

	if (rc == 0)
		o->mb_delay_ms = (unsigned int)n;
	return rc;
}

static int o_nomedium(struct vd_opts *o, const char *v)
{
	return parse_bool(v, &o->nomedium);
}

static int o_pew(struct vd_opts *o, const char *v)
{
	return sttape_vdrive_parse_size(v, &o->pew);
}

static int o_product(struct vd_opts *o, const char *v)
{
	return parse_text(v, o->product, 16);
}

static int o_profile(struct vd_opts *o, const char *v)
{
	o->profile = vd_profile_find(v);
	return o->profile ? 0 : -EINVAL;
}

static int o_readerr(struct vd_opts *o, const char *v)
{
	return parse_int(v, -1, INT64_MAX, &o->readerr);
}

static int o_revision(struct vd_opts *o, const char *v)
{
	return parse_text(v, o->revision, 4);
}

static int o_serial(struct vd_opts *o, const char *v)
{
	return parse_text(v, o->serial, 20);
}

static int o_ua(struct vd_opts *o, const char *v)
{
	if (!strcmp(v, "reset"))
		o->ua = STTAPE_VDRIVE_UA_RESET;
	else if (!strcmp(v, "medium"))
		o->ua = STTAPE_VDRIVE_UA_MEDIUM;
	else if (!strcmp(v, "none"))
		o->ua = 0;
	else
		return -EINVAL;
	return 0;
}

static int o_vanish(struct vd_opts *o, const char *v)
{
	return parse_int(v, -1, INT64_MAX, &o->vanish_after);
}

static int o_vendor(struct vd_opts *o, const char *v)
{
	return parse_text(v, o->vendor, 8);
}

static int o_wp(struct vd_opts *o, const char *v)
{
	return parse_bool(v, &o->wp);
}

static int o_writeerr(struct vd_opts *o, const char *v)
{
	return parse_int(v, -1, INT64_MAX, &o->writeerr);
}

struct vd_option {
	const char *name;
	uint32_t bit;
	int (*parse)(struct vd_opts *o, const char *v);
	const char *hint;
};

/* Sorted by name: the list printed for a typo follows this order. */
static const struct vd_option options[] = {
	{"capacity", VD_O_CAPACITY, o_capacity, "size >= 64K, e.g. 10G"},
	{"delay_ms", VD_O_DELAY, o_delay, "milliseconds per command"},
	{"ew", VD_O_EW, o_ew, "size of the early-warning zone"},
	{"long_ms", VD_O_LONG, o_long, "milliseconds per long operation"},
	{"maxblock", VD_O_MAXBLOCK, o_maxblock, "1 .. 16M-1"},
	{"mb_delay_ms", VD_O_MBDELAY, o_mbdelay, "milliseconds per MiB"},
	{"nomedium", VD_O_NOMEDIUM, o_nomedium, "0 or 1"},
	{"pew", VD_O_PEW, o_pew, "size of the programmable EW zone"},
	{"product", VD_O_PRODUCT, o_product, "up to 16 characters"},
	{"profile", VD_O_PROFILE, o_profile, "atapi, dds, lto or qic"},
	{"readerr", VD_O_READERR, o_readerr, "object number or -1"},
	{"revision", VD_O_REVISION, o_revision, "up to 4 characters"},
	{"serial", VD_O_SERIAL, o_serial, "up to 20 characters"},
	{"ua", VD_O_UA, o_ua, "reset, medium or none"},
	{"vanish_after", VD_O_VANISH, o_vanish, "command count or -1"},
	{"vendor", VD_O_VENDOR, o_vendor, "up to 8 characters"},
	{"wp", VD_O_WP, o_wp, "0 or 1"},
	{"writeerr", VD_O_WRITEERR, o_writeerr, "object number or -1"},
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

const char *sttape_vdrive_options(void)
{
	return "capacity, delay_ms, ew, long_ms, maxblock, mb_delay_ms, "
	       "nomedium, "
	       "pew, product, profile, readerr, revision, serial, ua, "
	       "vanish_after, vendor, wp, writeerr";
}

static int parse_one(char *item, struct vd_opts *o, char *why, size_t why_len)
{
	char *eq = strchr(item, '=');

	if (!eq) {
		snprintf(why, why_len,
			 "vdrive option \"%s\" needs =value; valid options: %s",
			 item, sttape_vdrive_options());
		return -EINVAL;
	}
	*eq = '\0';
	for (size_t i = 0; i < NOPTIONS; i++) {
		if (strcmp(options[i].name, item) != 0)
			continue;
		if (options[i].parse(o, eq + 1) != 0) {
			snprintf(why, why_len,
				 "vdrive option %s: bad value \"%s\" (%s)",
				 item, eq + 1, options[i].hint);
			return -EINVAL;
		}
		o->set |= options[i].bit;
		return 0;
	}
	snprintf(why, why_len,
		 "unknown vdrive option \"%s\"; valid options: %s", item,
		 sttape_vdrive_options());
	return -EINVAL;
}

int vd_opts_parse(const char *text, struct vd_opts *o, char *why,
		  size_t why_len)
{
	char *copy = strdup(text ? text : ""), *save = NULL, *item;
	char dummy[1];
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	if (!why || !why_len) {
		why = dummy;
		why_len = sizeof(dummy);
	}
	for (item = strtok_r(copy, ",", &save); item && rc == 0;
	     item = strtok_r(NULL, ",", &save))
		rc = parse_one(item, o, why, why_len);
	free(copy);
	return rc;
}
