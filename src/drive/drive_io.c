/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drive_io.c - READ(6), WRITE(6), WRITE FILEMARKS(6) (SSC-4 6.4, 6.9,
 * 6.10): the transfer count and the residue arithmetic.
 */
#include <errno.h>

#include "drive_priv.h"

/*
 * The transfer length field: bytes in variable mode, blocks in fixed
 * mode (SSC-4 6.4).  Returns 0 and *count, or -EINVAL.
 */
static int io_count(size_t len, uint32_t block_size, uint32_t *count)
{
	size_t n = len;

	if (block_size) {
		if (len % block_size)
			return -EINVAL;
		n = len / block_size;
	}
	if (n > STTAPE_CDB_COUNT24_MAX)
		return -EINVAL;
	*count = (uint32_t)n;
	return 0;
}

/*
 * Bytes moved, from INFORMATION when the drive gave a residue (SSC-4
 * 4.2.8: requested minus actual, in the units of the transfer length
 * field), but never more than the transport saw move: some paths report
 * no residue (then INFORMATION decides), and some targets send less than
 * INFORMATION implies (then the transport decides).  A negative residue
 * (ILI long: the record was bigger than the buffer) keeps the
 * transport's count, which is the whole buffer on a drive that transfers
 * what fits.  Without a residue the transport's count stands, unless
 * the command failed: then no byte is known to be good.
 */
static void io_transferred(struct sttape_result *r, uint32_t count,
			   uint32_t unit)
{
	size_t n;

	if (!r->has_sense || !r->sense.info_valid || r->sense.deferred) {
		/* Failed with no residue: nothing is known to be good. */
		if (r->err < 0)
			r->transferred = 0;
		return;
	}
	if (r->residue < 0 || r->residue > (int64_t)count)
		return;
	n = (size_t)(count - (uint32_t)r->residue) * unit;
	if (n < r->transferred)
		r->transferred = n;
}

/*
 * In variable mode one READ is one record: stopping at a mark or at end
 * of data means no record, so nothing was read, whatever the target put
 * in the data-in phase (tgt sends the whole buffer zeroed at EOD, with
 * no residual and no INFORMATION).
 */
static bool read_no_record(const struct sttape_result *r)
{
	return r->outcome == STTAPE_OUTCOME_FILEMARK ||
	       r->outcome == STTAPE_OUTCOME_SETMARK ||
	       r->outcome == STTAPE_OUTCOME_END_OF_DATA;
}

/*
 * A short record whose bytes did not all arrive: the drive's INFORMATION
 * gives the record length, the path delivered less (tgt 1.0.85 does this
 * for records longer than half the buffer).  Handing the caller a cut
 * record as if it were whole would lose data silently, so it is an error.
 */
static bool read_record_incomplete(struct sttape_result *r, size_t len)
{
	if (r->outcome != STTAPE_OUTCOME_ILI_SHORT || !r->sense.info_valid ||
	    r->residue <= 0 || (uint64_t)r->residue > len)
		return false;
	if (r->transferred >= len - (size_t)r->residue)
		return false;
	r->outcome = STTAPE_OUTCOME_OTHER;
	return true;
}

int sttape_drive_read(struct sttape_drive *d, void *buf, size_t len,
		      uint32_t block_size, bool sili, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = len,
		.cls = DRIVE_IO,
	};
	uint32_t count;
	int rc;

	r = drive_result(r, &local);
	rc = io_count(len, block_size, &count);
	if (rc < 0)
		return drive_refuse(r, rc);
	/* SSC-4 6.4: SILI with FIXED is an illegal request. */
	c.cdb_len = sttape_cdb_read6(c.cdb, block_size != 0,
				     sili && !block_size, count);
	rc = drive_run(d, &c, r);
	if (r->outcome == STTAPE_OUTCOME_TRANSPORT_ERROR)
		return rc;
	if (!block_size && read_no_record(r))
		r->transferred = 0;
	else
		io_transferred(r, count, block_size ? block_size : 1);
	if (!block_size && read_record_incomplete(r, len))
		rc = r->err = -EIO;
	return rc;
}

int sttape_drive_write(struct sttape_drive *d, const void *buf, size_t len,
		       uint32_t block_size, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_OUT,
		.data = (void *)(uintptr_t)buf,
		.len = len,
		.cls = DRIVE_IO,
	};
	uint32_t count;
	int rc;

	r = drive_result(r, &local);
	rc = io_count(len, block_size, &count);
	if (rc < 0)
		return drive_refuse(r, rc);
	c.cdb_len = sttape_cdb_write6(c.cdb, block_size != 0, count);
	rc = drive_run(d, &c, r);
	if (r->outcome != STTAPE_OUTCOME_TRANSPORT_ERROR)
		io_transferred(r, count, block_size ? block_size : 1);
	return rc;
}

int sttape_drive_write_filemarks(struct sttape_drive *d, uint32_t count,
				 bool immed, struct sttape_result *r)
{
	struct sttape_result local;
	struct drive_cmd c = {
		.dir = STTAPE_DIR_NONE,
		.cls = DRIVE_FILEMARK,
	};

	r = drive_result(r, &local);
	if (count > STTAPE_CDB_COUNT24_MAX)
		return drive_refuse(r, -EINVAL);
	c.cdb_len = sttape_cdb_write_filemarks6(c.cdb, immed, count);
	return drive_run(d, &c, r);
}
