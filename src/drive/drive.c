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
 * Outcomes after which the command did what it could and the data (if
 * any) is good: the caller learns about a mark, an edge or a short
 * record, but nothing failed.  Everything else is an error.
 */
static bool outcome_informs(enum sttape_outcome o)
{
	switch (o) {
	case STTAPE_OUTCOME_OK:
	case STTAPE_OUTCOME_RECOVERED:
	case STTAPE_OUTCOME_FILEMARK:
	case STTAPE_OUTCOME_SETMARK:
	case STTAPE_OUTCOME_EARLY_WARNING:
	case STTAPE_OUTCOME_BOP:
	case STTAPE_OUTCOME_END_OF_DATA:
	case STTAPE_OUTCOME_ILI_SHORT:
	case STTAPE_OUTCOME_ILI_LONG:
		return true;
	default:
		return false;
	}
}

/* CHECK CONDITION: parse the sense and classify it (SPC-5 4.4, SSC-4 4.2). */
static void take_sense(const struct sttape_cmd_result *res,
		       struct sttape_result *r)
{
	struct sttape_classification cls;

	if (sttape_sense_parse(res->sense, res->sense_len, &r->sense) < 0 ||
	    !r->sense.usable) {
		r->outcome = STTAPE_OUTCOME_UNUSABLE_SENSE;
		r->err = -EIO;
		return;
	}
	r->has_sense = true;
	/* A deferred error's INFORMATION belongs to an earlier command. */
	if (r->sense.info_valid && !r->sense.deferred)
		r->residue = r->sense.information;
	sttape_sense_classify(&r->sense, &cls);
	r->outcome = cls.outcome;
	if (outcome_informs(cls.outcome))
		r->err = 0;
	else
		r->err = cls.err < 0 ? cls.err : -EIO;
}

/* Status byte to outcome (SAM-5 5.3.1). */
static void take_status(const struct sttape_cmd_result *res,
			struct sttape_result *r)
{
	switch (res->status) {
	case STTAPE_STATUS_GOOD:
		r->outcome = STTAPE_OUTCOME_OK;
		r->err = 0;
		break;
	case STTAPE_STATUS_CHECK_CONDITION:
		take_sense(res, r);
		break;
	case STTAPE_STATUS_BUSY:
	case STTAPE_STATUS_TASK_SET_FULL:
		r->outcome = STTAPE_OUTCOME_BUSY;
		r->err = -EBUSY;
		break;
	case STTAPE_STATUS_RESERVATION_CONFLICT:
		r->outcome = STTAPE_OUTCOME_OTHER;
		r->err = -EBUSY;
		break;
	default:
		r->outcome = STTAPE_OUTCOME_OTHER;
		r->err = -EIO;
		break;
	}
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
	r->transferred = c->len - (res.resid < c->len ? res.resid : c->len);
	take_status(&res, r);
	return r->err;
}
