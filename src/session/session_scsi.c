// SPDX-License-Identifier: BSD-2-Clause
/*
 * session_scsi.c - the raw SCSI pass-through of an open node (the seed's
 * control mode "raw SCSI command on through") and the write-protect
 * refresh of MTIOCGET.
 *
 * NetBSD hands a user's CDB to the adapter and tracks nothing.  The
 * session is more careful: a command that may have moved the tape or
 * changed its contents or the drive's mode leaves the position unknown
 * and forgets the filemarks owed at close, since a filemark written at a
 * position the session does not know could cut off data behind it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "session_priv.h"

/*
 * Operation codes that neither move the medium nor change its contents
 * or the drive's mode parameters (SPC-5 and SSC-4 command tables);
 * sorted.  Anything else invalidates the session's position.
 */
static const uint8_t position_neutral[] = {
	0x00, /* TEST UNIT READY (SPC-5 6.47) */
	0x03, /* REQUEST SENSE (SPC-5 6.39) */
	0x05, /* READ BLOCK LIMITS (SSC-4 7.6) */
	0x12, /* INQUIRY (SPC-5 6.7) */
	0x1a, /* MODE SENSE(6) (SPC-5 6.13) */
	0x1c, /* RECEIVE DIAGNOSTIC RESULTS (SPC-5 6.32) */
	0x1e, /* PREVENT ALLOW MEDIUM REMOVAL (SSC-4 7.4) */
	0x34, /* READ POSITION (SSC-4 7.7) */
	0x3c, /* READ BUFFER (SPC-5 6.20) */
	0x44, /* REPORT DENSITY SUPPORT (SSC-4 6.5) */
	0x4d, /* LOG SENSE (SPC-5 6.8) */
	0x5a, /* MODE SENSE(10) (SPC-5 6.14) */
	0x5e, /* PERSISTENT RESERVE IN (SPC-5 6.15) */
	0x8c, /* READ ATTRIBUTE (SPC-5 6.18) */
	0xa0, /* REPORT LUNS (SPC-5 6.33) */
	0xa2, /* SECURITY PROTOCOL IN (SPC-5 6.40) */
	0xa3, /* MAINTENANCE IN: REPORT ... (SPC-5 6.23 ff.) */
};

static int cmp_u8(const void *a, const void *b)
{
	return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
}

static bool neutral_opcode(uint8_t op)
{
	return bsearch(&op, position_neutral, sizeof(position_neutral), 1,
		       cmp_u8) != NULL;
}

/*
 * The tape may have moved or changed behind the session: counters
 * unknown, per-action notes and owed filemarks dropped.  Unlike a unit
 * attention, I/O goes on (the medium is still the mounted one).
 */
static void forget_position(struct sttape_session *s)
{
	s->fileno = s->blkno = -1;
	s->written = false;
	s->fm_written = false;
	session_clear_per_action(s);
	s->at_eod = false;
	s->eot = false;
}

static int check_cmd(const struct sttape_session *s,
		     const struct sttape_cmd *cmd)
{
	if (!s->is_open)
		return -ENODEV;
	if (!cmd->cdb || cmd->cdb_len == 0 ||
	    cmd->cdb_len > STTAPE_TRANSPORT_CDB_MAX)
		return -EINVAL;
	if ((cmd->dir == STTAPE_DIR_NONE) != (cmd->len == 0) ||
	    (cmd->len && !cmd->data))
		return -EINVAL;
	/* NetBSD SCIOCCOMMAND: only reads on a node opened read-only. */
	if (s->access == STTAPE_ACCESS_READ && cmd->dir != STTAPE_DIR_IN)
		return -EBADF;
	return 0;
}

/* What the session learns from the outcome: only unit attention. */
static void note_raw(struct sttape_session *s,
		     const struct sttape_cmd_result *res)
{
	struct sttape_classification cls;
	struct sttape_result r;

	memset(&r, 0, sizeof(r));
	r.transport_err = res->transport_err;
	if (res->transport_err) {
		r.outcome = STTAPE_OUTCOME_TRANSPORT_ERROR;
		r.err = res->transport_err;
	} else {
		r.status = res->status;
		r.err = sttape_classify_status(res->status, res->sense,
					       res->sense_len, &r.sense, &cls);
		r.outcome = cls.outcome;
		r.has_sense = res->status == STTAPE_STATUS_CHECK_CONDITION &&
			      r.sense.usable;
		if (r.has_sense && r.sense.info_valid)
			r.residue = r.sense.information;
	}
	s->last = r;
	if (s->mounted && session_is_ua(&r))
		session_lose_position(s);
}

int sttape_session_scsi(struct sttape_session *s, const struct sttape_cmd *cmd,
			struct sttape_cmd_result *res)
{
	int rc;

	memset(res, 0, sizeof(*res));
	(void)sttape_session_read_undo(s);
	rc = check_cmd(s, cmd);
	if (rc) {
		res->transport_err = rc;
		return rc;
	}
	rc = sttape_transport_execute(sttape_drive_transport(s->d), cmd, res);
	if (rc < 0 && !res->transport_err)
		res->transport_err = rc;
	if (res->sense_len > sizeof(res->sense))
		res->sense_len = sizeof(res->sense);
	/*
	 * Even a command that failed or timed out may have moved; one the
	 * host refused for its length (-EINVAL) was never sent.
	 */
	if (res->transport_err != -EINVAL && !neutral_opcode(cmd->cdb[0]))
		forget_position(s);
	note_raw(s, res);
	return res->transport_err;
}

/*
 * MTIOCGET's MODE SENSE (NetBSD stioctl: "to get the current state of
 * READONLY").  Only while mounted: without a medium write protect reads
 * clear anyway.  The result is not latched (MTIOCGET reports what
 * earlier commands latched); a unit attention still invalidates.
 */
int session_refresh_wp(struct sttape_session *s)
{
	struct sttape_mode mode;
	struct sttape_result r;
	uint8_t page[32];
	size_t got = 0;
	int rc;

	if (!s->is_open || !s->mounted)
		return 0;
	rc = session_wait_busy(s);
	if (rc)
		return rc;
	if (s->atapi)
		rc = sttape_drive_mode_sense(s->d, STTAPE_ATAPI_CAP_PAGE, true,
					     &mode, page, sizeof(page), &got,
					     &r);
	else
		rc = sttape_drive_mode_sense(s->d, 0, false, &mode, NULL, 0,
					     &got, &r);
	s->last = r;
	if (rc == 0) {
		s->readonly = mode.write_protected;
		return 0;
	}
	if (session_is_ua(&r)) {
		session_lose_position(s);
		rc = -EIO;
	} else {
		rc = session_errno(&r);
	}
	return s->submode == STTAPE_SUBMODE_CONTROL ? 0 : rc;
}
