/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * session_mtget.c - the session's status in the sttape extension layout
 * (struct sttape_mtget of <sttape/mtio.h>, NetBSD's mtget with the
 * per-mode table and the latched sense), for the daemon's
 * STTAPE_MTIOCGETX and for programs that talk to a drive directly.
 */
#include <string.h>

#include <sttape/mtio.h>
#include <sttape/session.h>

void sttape_mtget_from_status(const struct sttape_status *st,
			      struct sttape_mtget *x)
{
	unsigned int i;

	memset(x, 0, sizeof(*x));
	x->size = sizeof(*x);
	x->flags = (st->open ? STTAPE_MTF_OPEN : 0) |
		   (st->mounted ? STTAPE_MTF_MOUNTED : 0) |
		   (st->bot ? STTAPE_MTF_BOT : 0) |
		   (st->eot ? STTAPE_MTF_EOT : 0) |
		   (st->eod ? STTAPE_MTF_EOD : 0) |
		   (st->eof ? STTAPE_MTF_EOF : 0) |
		   (st->write_protected ? STTAPE_MTF_WRPROT : 0) |
		   (st->online ? STTAPE_MTF_ONLINE : 0) |
		   (st->door_open ? STTAPE_MTF_DOOROPEN : 0) |
		   (st->early_warning ? STTAPE_MTF_EWARN : 0) |
		   (st->two_filemarks ? STTAPE_MTF_TWOFM : 0) |
		   (st->position_lost ? STTAPE_MTF_POSLOST : 0) |
		   (st->atapi ? STTAPE_MTF_ATAPI : 0);
	x->mode = st->mode;
	x->submode = st->submode;
	x->block_size = st->block_size;
	x->block_min = st->block_min;
	x->block_max = st->block_max;
	x->density = st->density;
	x->sense_key = st->sense_key;
	x->asc = st->asc;
	x->ascq = st->ascq;
	x->buffered_mode = st->buffered_mode;
	x->compression = (int8_t)st->compression;
	x->file = st->file;
	x->block = st->block;
	x->residue = st->residue;
	x->recovered_errors = st->recovered_errors;
	for (i = 0; i < 4 && i < STTAPE_SESSION_MODES; i++) {
		x->modes[i].block_size = st->modes[i].block_size;
		x->modes[i].density = st->modes[i].density;
		x->modes[i].block_size_set = st->modes[i].block_size_set;
		x->modes[i].density_set = st->modes[i].density_set;
		x->modes[i].compression = (int8_t)st->modes[i].compression;
	}
	memcpy(x->vendor, st->vendor, sizeof(x->vendor));
	memcpy(x->product, st->product, sizeof(x->product));
	memcpy(x->revision, st->revision, sizeof(x->revision));
}
