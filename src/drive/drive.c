/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drive.c - the drive handle, timeouts by operation class, and the one
 * routine that runs a CDB and turns status + sense into a result.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "drive_priv.h"

static const struct sttape_drive_timeouts default_timeouts = {
	.control_ms = STTAPE_TMO_CONTROL_MS,
	.io_ms = STTAPE_TMO_IO_MS,
	.filemark_ms = STTAPE_TMO_FILEMARK_MS,
	.long_ms = STTAPE_TMO_LONG_MS,
};

int sttape_drive_wrap(struct sttape_transport *t, struct sttape_drive **out)
{
	struct sttape_drive *d;

	if (!t || !out)
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->t = t;
	d->tmo = default_timeouts;
	*out = d;
	return 0;
}

int sttape_drive_open(const char *device, struct sttape_drive **out, char *why,
		      size_t why_len)
{
	struct sttape_transport *t;
	int rc;

	rc = sttape_transport_open(device, &t, why, why_len);
	if (rc < 0)
		return rc;
	rc = sttape_drive_wrap(t, out);
	if (rc < 0)
		sttape_transport_close(t);
	return rc;
}

void sttape_drive_close(struct sttape_drive *d)
{
	if (!d)
		return;
	sttape_transport_close(d->t);
	free(d);
}

struct sttape_transport *sttape_drive_transport(struct sttape_drive *d)
{
	return d->t;
}

void sttape_drive_get_timeouts(const struct sttape_drive *d,
			       struct sttape_drive_timeouts *tmo)
{
	*tmo = d->tmo;
}

static unsigned int pick(unsigned int want, unsigned int dflt)
{
	return want ? want : dflt;
}

void sttape_drive_set_timeouts(struct sttape_drive *d,
			       const struct sttape_drive_timeouts *tmo)
{
	d->tmo.control_ms = pick(tmo->control_ms, default_timeouts.control_ms);
	d->tmo.io_ms = pick(tmo->io_ms, default_timeouts.io_ms);
	d->tmo.filemark_ms =
		pick(tmo->filemark_ms, default_timeouts.filemark_ms);
	d->tmo.long_ms = pick(tmo->long_ms, default_timeouts.long_ms);
}

static unsigned int class_timeout(const struct sttape_drive *d,
				  enum drive_class cls)
{
	switch (cls) {
	case DRIVE_IO:
		return d->tmo.io_ms;
	case DRIVE_FILEMARK:
		return d->tmo.filemark_ms;
	case DRIVE_LONG:
		return d->tmo.long_ms;
	case DRIVE_CONTROL:
	default:
		return d->tmo.control_ms;
	}
}

/*
 * Status + sense to outcome and errno (SAM-5 status, SPC-5 4.4 sense,
 * the sense layer's table).  Informational outcomes come back with err
 * 0, everything else with the table's errno.
 */
static void take_status(const struct sttape_cmd_result *res, unsigned int flags,
			struct sttape_result *r)
{
	struct sttape_classification cls;

	sttape_classify_status_ex(res->status, res->sense, res->sense_len,
				  flags, &r->sense, &cls);
	r->outcome = cls.outcome;
	r->err = cls.err;
	/* Sense describes this command only with CHECK CONDITION. */
	if (res->status != STTAPE_STATUS_CHECK_CONDITION || !r->sense.usable)
		return;
	r->has_sense = true;
	/* A deferred error's INFORMATION belongs to an earlier command. */
	if (r->sense.info_valid && !r->sense.deferred)
		r->residue = r->sense.information;
}

static int transport_failed(struct sttape_result *r, int err)
{
	r->transport_err = err;
	r->outcome = STTAPE_OUTCOME_TRANSPORT_ERROR;
	r->err = err;
	return err;
}

int drive_refuse(struct sttape_result *r, int err)
{
	memset(r, 0, sizeof(*r));
	r->outcome = STTAPE_OUTCOME_OTHER;
	r->err = err;
	return err;
}

int drive_bad_data(struct sttape_result *r)
{
	r->outcome = STTAPE_OUTCOME_OTHER;
	r->err = -EBADMSG;
	return r->err;
}

int drive_run(struct sttape_drive *d, const struct drive_cmd *c,
	      struct sttape_result *r)
{
	struct sttape_cmd_result res;
	struct sttape_cmd cmd = {
		.cdb = c->cdb,
		.cdb_len = (size_t)c->cdb_len,
		.dir = c->dir,
		.data = c->data,
		.len = c->len,
		.timeout_ms = class_timeout(d, c->cls),
	};
	int rc;

	if (c->cdb_len <= 0)
		return drive_refuse(r, c->cdb_len < 0 ? c->cdb_len : -EINVAL);
	memset(r, 0, sizeof(*r));
	memset(&res, 0, sizeof(res));
	rc = sttape_transport_execute(d->t, &cmd, &res);
	if (rc < 0)
		return transport_failed(r, rc);
	if (res.transport_err)
		return transport_failed(
			r, res.transport_err < 0 ? res.transport_err : -EIO);
	if (res.sense_len > sizeof(res.sense))
		res.sense_len = sizeof(res.sense);
	r->status = res.status;
	/* BUSY, RESERVATION CONFLICT ...: the command was not executed. */
	if (res.status == STTAPE_STATUS_GOOD ||
	    res.status == STTAPE_STATUS_CHECK_CONDITION)
		r->transferred =
			c->len - (res.resid < c->len ? res.resid : c->len);
	take_status(&res, c->classify, r);
	return r->err;
}
