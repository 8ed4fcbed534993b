/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vdrive.c - the virtual drive as a transport: open from a device
 * string, execute under one lock, delays and the vanishing device, and
 * the fault-injection API of sttape/vdrive.h.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sttape/cdb.h>
#include <sttape/sense.h>
#include <sttape/vdrive.h>

#include "transport/transport_priv.h"
#include "vdrive/vdrive_priv.h"

#define DEFAULT_CAPACITY (1ull << 30)

static const struct sttape_transport_ops vdrive_ops;

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000),
			      (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * The long operations, which take long_ms more, and whether the CDB
 * sets IMMED: REWIND (SSC-4 7.10), LOAD UNLOAD (7.3), LOCATE(16) (7.4)
 * byte 1 bit 0; ERASE(6) (6.2) byte 1 bit 1; LOCATE(10) (6.3) byte 1
 * bit 0.  SPACE(6)/(16) (6.6, 7.12) have no IMMED bit.
 */
static bool long_op(const uint8_t *cdb, bool *immed)
{
	switch (cdb[0]) {
	case 0x01:
	case 0x1b:
	case 0x2b:
	case 0x92:
		*immed = cdb[1] & 0x01;
		return true;
	case 0x19:
		*immed = cdb[1] & 0x02;
		return true;
	case 0x11:
	case 0x91:
		*immed = false;
		return true;
	default:
		return false;
	}
}

/*
 * While an immediate operation runs, every command but INQUIRY and
 * REQUEST SENSE is answered NOT READY 04/07 "operation in progress"
 * (SPC-5 4.4.3, table 52); REQUEST SENSE returns that sense as data.
 * Afterwards the first command other than those two reports the
 * operation's failure, if any, as a deferred error (SPC-5 4.4.4).
 * True when c was answered here.
 */
static bool vd_busy_answer(struct sttape_vdrive *vd, struct vd_cmd *c)
{
	uint8_t op = c->cdb[0];
	uint8_t s[VD_SENSE_LEN];
	size_t n;

	if (op == 0x12 ||
	    (op == 0x03 && !vd->has_deferred && vd->busy_until <= now_ms()))
		return false;
	c->res->status = STTAPE_STATUS_GOOD;
	if (vd->busy_until > now_ms()) {
		vd_build_sense(s, STTAPE_SK_NOT_READY, 0x04, 0x07, 0, false, 0);
		if (op == 0x03) {
			n = c->cdb[4] < c->len ? c->cdb[4] : c->len;
			n = n < sizeof(s) ? n : sizeof(s);
			memcpy(c->data, s, n);
			c->xfer = n;
			return true;
		}
		vd_sense(c, STTAPE_SK_NOT_READY, 0x04, 0x07, 0, false, 0);
		return true;
	}
	if (!vd->has_deferred || op == 0x03)
		return false;
	vd->has_deferred = false;
	c->res->status = STTAPE_STATUS_CHECK_CONDITION;
	memcpy(c->res->sense, vd->deferred, VD_SENSE_LEN);
	c->res->sense_len = VD_SENSE_LEN;
	return true;
}

/*
 * A long operation with IMMED=1 answers GOOD once its CDB is checked
 * and goes on for `wait` ms; any later failure becomes deferred sense
 * (response code 71h).  What stops it from starting (ILLEGAL REQUEST:
 * the CDB check; NOT READY; a unit attention) is reported at once.
 * Returns how long the caller still sleeps.
 */
static uint64_t vd_immed_start(struct sttape_vdrive *vd, struct vd_cmd *c,
			       uint64_t wait)
{
	struct sttape_cmd_result *res = c->res;

	if (res->transport_err)
		return wait;
	if (res->status == STTAPE_STATUS_CHECK_CONDITION) {
		uint8_t key = res->sense[2] & 0x0f;

		if (key == STTAPE_SK_ILLEGAL_REQUEST ||
		    key == STTAPE_SK_NOT_READY ||
		    key == STTAPE_SK_UNIT_ATTENTION)
			return wait;
		memcpy(vd->deferred, res->sense, VD_SENSE_LEN);
		vd->deferred[0] = (uint8_t)((vd->deferred[0] & 0x80) | 0x71);
		vd->has_deferred = true;
		res->status = STTAPE_STATUS_GOOD;
		res->sense_len = 0;
	}
	vd->busy_until = now_ms() + wait;
	return 0;
}

static int vdrive_execute(struct sttape_transport *t,
			  const struct sttape_cmd *cmd,
			  struct sttape_cmd_result *res)
{
	struct sttape_vdrive *vd = t->priv;
	struct vd_cmd c = {
		.cdb = cmd->cdb,
		.cdb_len = cmd->cdb_len,
		.dir = cmd->dir,
		.data = cmd->data,
		.len = cmd->data ? cmd->len : 0,
		.res = res,
	};
	uint64_t wait;
	bool immed;

	memset(res, 0, offsetof(struct sttape_cmd_result, sense));
	res->resid = cmd->len;
	if (!cmd->cdb || cmd->cdb_len == 0 || cmd->cdb_len > STTAPE_CDB_MAX)
		return -EINVAL;
	pthread_mutex_lock(&vd->lock);
	vd->commands++;
	if (vd->vanish_after >= 0 &&
	    vd->commands > (uint64_t)vd->vanish_after) {
		pthread_mutex_unlock(&vd->lock);
		res->transport_err = -ENODEV;
		return 0;
	}
	if (vd_busy_answer(vd, &c)) {
		pthread_mutex_unlock(&vd->lock);
		if (res->status == STTAPE_STATUS_GOOD)
			res->resid = cmd->len - c.xfer;
		return 0;
	}
	vd_execute(vd, &c);
	wait = vd->delay_ms + (vd->mb_delay_ms * c.io_bytes) / (1024 * 1024);
	if (long_op(c.cdb, &immed)) {
		wait += vd->long_ms;
		if (immed)
			wait = vd_immed_start(vd, &c, wait);
	}
	pthread_mutex_unlock(&vd->lock);
	if (res->transport_err == 0)
		res->resid = cmd->len - c.xfer;
	else
		res->status = 0;
	if (wait)
		sleep_ms(wait);
	return 0;
}

static void vdrive_describe(struct sttape_transport *t, char *buf, size_t len)
{
	struct sttape_vdrive *vd = t->priv;

	pthread_mutex_lock(&vd->lock);
	snprintf(buf, len, "vdrive %s profile=%s capacity=%llu maxblock=%u",
		 vd->path, vd->prof->name, (unsigned long long)vd->capacity,
		 vd->maxblock);
	pthread_mutex_unlock(&vd->lock);
}

static void vdrive_free(struct sttape_vdrive *vd)
{
	vd_unload_image(vd);
	pthread_mutex_destroy(&vd->lock);
	free(vd->path);
	free(vd);
}

static void vdrive_close(struct sttape_transport *t)
{
	vdrive_free(t->priv);
}

static const struct sttape_transport_ops vdrive_ops = {
	.name = "vdrive",
	.execute = vdrive_execute,
	.close = vdrive_close,
	.describe = vdrive_describe,
};

void vd_unload_image(struct sttape_vdrive *vd)
{
	vd_image_close(vd->img);
	vd->img = NULL;
	vd->medium = VD_ABSENT;
	vd->prevent = false;
	vd->pos = 0;
}

/* Open path as the cartridge and load it at BOP. */
int vd_load_image(struct sttape_vdrive *vd, const char *path, char *why,
		  size_t why_len)
{
	struct vd_image *img;
	int rc = vd_image_open(path, &img, why, why_len);

	if (rc)
		return rc;
	vd_unload_image(vd);
	vd->img = img;
	if (!vd->cap_override)
		vd->capacity = img->capacity;
	vd->medium = VD_LOADED;
	vd->pos = 0;
	if (vd->prof) { /* a new cartridge starts in the default mode */
		vd->density = vd->prof->density;
		vd->block_len = vd->prof->fixed_block;
	}
	return 0;
}

static void apply_identity(struct sttape_vdrive *vd, const struct vd_opts *o)
{
	if (o->set & VD_O_VENDOR)
		memcpy(vd->vendor, o->vendor, sizeof(vd->vendor));
	if (o->set & VD_O_PRODUCT)
		memcpy(vd->product, o->product, sizeof(vd->product));
	if (o->set & VD_O_REVISION)
		memcpy(vd->revision, o->revision, sizeof(vd->revision));
	if (o->set & VD_O_SERIAL)
		memcpy(vd->serial, o->serial, sizeof(vd->serial));
}

/* Options that may change while the drive runs. */
static void apply_runtime(struct sttape_vdrive *vd, const struct vd_opts *o)
{
	apply_identity(vd, o);
	if (o->set & VD_O_CAPACITY) {
		vd->capacity = o->capacity;
		vd->cap_override = true;
	}
	if (o->set & VD_O_EW) {
		vd->ew = o->ew;
		vd->ew_explicit = true;
	}
	if (o->set & VD_O_PEW)
		vd->pew = o->pew;
	if (o->set & VD_O_READERR)
		vd->readerr = o->readerr;
	if (o->set & VD_O_WRITEERR)
		vd->writeerr = o->writeerr;
	if (o->set & VD_O_VANISH)
		vd->vanish_after =
			o->vanish_after < 0
				? -1
				: (int64_t)vd->commands + o->vanish_after;
	if (o->set & VD_O_WP)
		vd->wp = o->wp;
	if (o->set & VD_O_DELAY)
		vd->delay_ms = o->delay_ms;
	if (o->set & VD_O_MBDELAY)
		vd->mb_delay_ms = o->mb_delay_ms;
	if (o->set & VD_O_LONG)
		vd->long_ms = o->long_ms;
	if (o->set & VD_O_MAXBLOCK)
		vd->maxblock = vd->prof->fixed_block ? vd->prof->fixed_block
						     : o->maxblock;
	if ((o->set & VD_O_UA) && o->ua)
		vd_push_ua(vd, (uint8_t)o->ua);
}

static int setup(struct sttape_vdrive *vd, const char *path,
		 const struct vd_opts *o, char *why, size_t why_len)
{
	const struct vd_profile *prof = o->profile;
	int rc;

	if (access(path, F_OK) != 0) {
		if (!prof)
			prof = vd_profile_find("lto");
		rc = vd_image_create(path,
				     (o->set & VD_O_CAPACITY)
					     ? o->capacity
					     : DEFAULT_CAPACITY,
				     prof->name, why, why_len);
		if (rc)
			return rc;
	}
	vd->path = strdup(path);
	if (!vd->path)
		return -ENOMEM;
	rc = vd_load_image(vd, path, why, why_len);
	if (rc)
		return rc;
	if (!prof)
		prof = vd_profile_find(vd->img->profile);
	if (!prof) {
		sttape_transport_why(why, why_len,
				     "%s: image has an unknown profile", path);
		return -EINVAL;
	}
	vd->prof = prof;
	vd->density = prof->density;
	vd->block_len = prof->fixed_block;
	vd->buffered = 1;
	vd->dce = prof->compression;
	vd->sel_comp = prof->compression ? 1 : 0;
	vd->maxblock = prof->max_block;
	vd->ew = prof->ew_default;
	vd->readerr = vd->writeerr = vd->vanish_after = -1;
	snprintf(vd->vendor, sizeof(vd->vendor), "%s", prof->vendor);
	snprintf(vd->product, sizeof(vd->product), "%s", prof->product);
	snprintf(vd->revision, sizeof(vd->revision), "%s", prof->revision);
	snprintf(vd->serial, sizeof(vd->serial), "VD%08lX",
		 (unsigned long)(vd_crc32c(0, path, strlen(path))));
	apply_runtime(vd, o);
	if (o->nomedium) {
		vd_unload_image(vd);
		vd->medium = VD_ABSENT;
	}
	return 0;
}

int sttape_vdrive_transport_open(const char *spec,
				 struct sttape_transport **out, char *why,
				 size_t why_len)
{
	struct sttape_vdrive *vd;
	struct vd_opts o = {0};
	const char *comma;
	char *path;
	int rc;

	*out = NULL;
	if (!spec || !*spec || *spec == ',') {
		sttape_transport_why(why, why_len,
				     "vdrive: missing image path");
		return -EINVAL;
	}
	comma = strchr(spec, ',');
	path = comma ? strndup(spec, (size_t)(comma - spec)) : strdup(spec);
	if (!path)
		return -ENOMEM;
	rc = vd_opts_parse(comma ? comma + 1 : "", &o, why, why_len);
	if (rc) {
		free(path);
		return rc;
	}
	vd = calloc(1, sizeof(*vd));
	if (!vd) {
		free(path);
		return -ENOMEM;
	}
	pthread_mutex_init(&vd->lock, NULL);
	rc = setup(vd, path, &o, why, why_len);
	free(path);
	if (rc) {
		vdrive_free(vd);
		return rc;
	}
	vd->t.ops = &vdrive_ops;
	vd->t.priv = vd;
	vd->t.max_transfer = VD_REC_MAX;
	*out = &vd->t;
	return 0;
}

struct sttape_vdrive *sttape_vdrive_of(struct sttape_transport *t)
{
	return t && t->ops == &vdrive_ops ? t->priv : NULL;
}

int sttape_vdrive_set_options(struct sttape_vdrive *vd, const char *opts,
			      char *why, size_t why_len)
{
	struct vd_opts o = {0};
	int rc = vd_opts_parse(opts, &o, why, why_len);

	if (rc)
		return rc;
	if (o.set & VD_O_PROFILE) {
		sttape_transport_why(why, why_len,
				     "vdrive: profile= only applies at open");
		return -EINVAL;
	}
	pthread_mutex_lock(&vd->lock);
	apply_runtime(vd, &o);
	if ((o.set & VD_O_NOMEDIUM) && o.nomedium)
		vd_unload_image(vd);
	pthread_mutex_unlock(&vd->lock);
	return 0;
}

void sttape_vdrive_inject_unit_attention(struct sttape_vdrive *vd,
					 enum sttape_vdrive_ua ua)
{
	pthread_mutex_lock(&vd->lock);
	vd_push_ua(vd, (uint8_t)ua);
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_read_error(struct sttape_vdrive *vd, int64_t object)
{
	pthread_mutex_lock(&vd->lock);
	vd->readerr = object < 0 ? -1 : object;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_write_error(struct sttape_vdrive *vd, int64_t object)
{
	pthread_mutex_lock(&vd->lock);
	vd->writeerr = object < 0 ? -1 : object;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_write_protect(struct sttape_vdrive *vd, bool wp)
{
	pthread_mutex_lock(&vd->lock);
	vd->wp = wp;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_eject(struct sttape_vdrive *vd)
{
	pthread_mutex_lock(&vd->lock);
	vd_unload_image(vd);
	pthread_mutex_unlock(&vd->lock);
}

int sttape_vdrive_insert(struct sttape_vdrive *vd, const char *path, char *why,
			 size_t why_len)
{
	char *copy = NULL;
	int rc;

	pthread_mutex_lock(&vd->lock);
	if (path) {
		copy = strdup(path);
		if (!copy) {
			pthread_mutex_unlock(&vd->lock);
			return -ENOMEM;
		}
	}
	/* The old cartridge must be out first: its lock is on the file. */
	vd_unload_image(vd);
	rc = vd_load_image(vd, copy ? copy : vd->path, why, why_len);
	if (rc == 0) {
		if (copy) {
			free(vd->path);
			vd->path = copy;
			copy = NULL;
		}
		vd_push_ua(vd, STTAPE_VDRIVE_UA_MEDIUM);
	}
	free(copy);
	pthread_mutex_unlock(&vd->lock);
	return rc;
}

void sttape_vdrive_set_capacity(struct sttape_vdrive *vd, uint64_t bytes)
{
	pthread_mutex_lock(&vd->lock);
	vd->capacity = bytes;
	vd->cap_override = true;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_early_warning(struct sttape_vdrive *vd, uint64_t ew,
				     uint64_t pew)
{
	pthread_mutex_lock(&vd->lock);
	vd->ew = ew;
	vd->ew_explicit = true;
	vd->pew = pew;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_delay(struct sttape_vdrive *vd, unsigned int cmd_ms,
			     unsigned int per_mib_ms)
{
	pthread_mutex_lock(&vd->lock);
	vd->delay_ms = cmd_ms;
	vd->mb_delay_ms = per_mib_ms;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_long_delay(struct sttape_vdrive *vd, unsigned int ms)
{
	pthread_mutex_lock(&vd->lock);
	vd->long_ms = ms;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_vanish_after(struct sttape_vdrive *vd, int64_t commands)
{
	pthread_mutex_lock(&vd->lock);
	vd->vanish_after = commands < 0 ? -1 : (int64_t)vd->commands + commands;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_set_tapealert(struct sttape_vdrive *vd, uint64_t flags)
{
	pthread_mutex_lock(&vd->lock);
	vd->tapealert = flags;
	pthread_mutex_unlock(&vd->lock);
}

void sttape_vdrive_get_state(struct sttape_vdrive *vd,
			     struct sttape_vdrive_state *st)
{
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&vd->lock);
	st->loaded = vd->medium == VD_LOADED;
	st->present = vd->medium != VD_ABSENT;
	st->prevent = vd->prevent;
	st->write_protected = vd->wp || (vd->img && vd->img->readonly);
	st->position = vd->pos;
	if (vd->img) {
		st->objects = vd->img->nobj;
		st->filemarks = vd->img->nfm;
		st->used_bytes = vd_image_used(vd->img, vd->img->nobj);
	}
	st->capacity = vd->capacity;
	st->commands = vd->commands;
	st->block_length = vd->block_len;
	st->density = vd->density;
	pthread_mutex_unlock(&vd->lock);
}
