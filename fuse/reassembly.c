// SPDX-License-Identifier: BSD-2-Clause
/*
 * reassembly.c - tape records from chunked FUSE/CUSE requests (see
 * reassembly.h for the rules and the one undetectable case).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reassembly.h"

void stf_reasm_init(struct stf_reasm *r, size_t threshold, size_t max_record)
{
	memset(r, 0, sizeof(*r));
	r->threshold = threshold;
	r->max_record = max_record;
}

void stf_reasm_free(struct stf_reasm *r)
{
	free(r->wbuf);
	free(r->rbuf);
	r->wbuf = r->rbuf = NULL;
	r->wcap = r->rcap = 0;
}

static int reserve(uint8_t **buf, size_t *cap, size_t need)
{
	uint8_t *p;

	if (need <= *cap)
		return 0;
	p = realloc(*buf, need);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = need;
	return 0;
}

static size_t round_up(size_t n, size_t bs)
{
	return (n + bs - 1) / bs * bs;
}

static void write_reset(struct stf_reasm *r)
{
	r->wlen = 0;
	r->wseen = 0;
	r->wpending = false;
}

/*
 * The end of a read system call.  In variable mode a record the caller
 * never took completely was truncated (counted for the log).
 */
static void read_reset(struct stf_reasm *r, bool variable)
{
	if (variable && r->ractive && r->rpos < r->rlen)
		r->dropped++;
	r->ractive = false;
	r->rshort = false;
	r->rlen = r->rpos = r->rseen = 0;
}

static void read_end(struct stf_reasm *r, const struct stf_tape_io *io)
{
	read_reset(r, r->ractive && r->rpos < r->rlen &&
			      io->block_size(io->ctx) == 0);
}

/* Variable mode: the buffered record goes to tape as one record. */
static int commit_record(struct stf_reasm *r, const struct stf_tape_io *io)
{
	size_t len = r->wlen;
	ssize_t n;

	write_reset(r);
	n = io->write(io->ctx, r->wbuf, len);
	if (n < 0)
		return (int)n;
	return (size_t)n < len ? -ENOSPC : 0;
}

/*
 * Fixed mode: send the whole blocks buffered so far, keep the fragment.
 * Returns bytes written or -errno.
 */
static ssize_t flush_blocks(struct stf_reasm *r, const struct stf_tape_io *io,
			    uint32_t bs)
{
	size_t whole = r->wlen / bs * bs;
	ssize_t n;

	if (whole == 0)
		return 0;
	n = io->write(io->ctx, r->wbuf, whole);
	if (n < 0)
		return n;
	memmove(r->wbuf, r->wbuf + whole, r->wlen - whole);
	r->wlen -= whole;
	return n;
}

int stf_reasm_settle(struct stf_reasm *r, const struct stf_tape_io *io)
{
	uint32_t bs = io->block_size(io->ctx);

	read_end(r, io);
	if (!r->wpending)
		return 0;
	if (bs) {
		/* A fragment left: the call was not a block multiple. */
		bool frag = r->wlen != 0;

		write_reset(r);
		return frag ? -EINVAL : 0;
	}
	return commit_record(r, io);
}

bool stf_reasm_write_pending(const struct stf_reasm *r)
{
	return r->wpending && r->wlen != 0;
}

static int append(struct stf_reasm *r, const void *data, size_t len)
{
	int err = reserve(&r->wbuf, &r->wcap, r->wlen + len);

	if (err)
		return err;
	memcpy(r->wbuf + r->wlen, data, len);
	r->wlen += len;
	r->wseen += len;
	return 0;
}

/* Fixed mode, any request of the call: bytes of this request accepted. */
static ssize_t write_fixed(struct stf_reasm *r, const struct stf_tape_io *io,
			   uint32_t bs, const void *data, size_t len)
{
	bool final = len < r->threshold;
	size_t f0 = r->wlen; /* fragment of earlier requests, not on tape */
	size_t want;
	ssize_t n;
	int err;

	err = append(r, data, len);
	if (err) {
		write_reset(r);
		return err;
	}
	want = r->wlen / bs * bs;
	n = flush_blocks(r, io, bs);
	if (n < 0) {
		write_reset(r);
		return n;
	}
	if ((size_t)n < want) {
		/* Short at EOM: the system call ends here. */
		write_reset(r);
		return (size_t)n > f0 ? (ssize_t)((size_t)n - f0) : 0;
	}
	if (final) {
		bool frag = r->wlen != 0;

		write_reset(r);
		if (frag)
			return -EINVAL;
	}
	return (ssize_t)len;
}

/* Variable mode, continuation or ambiguous first request. */
static ssize_t write_variable(struct stf_reasm *r, const struct stf_tape_io *io,
			      uint64_t off, const void *data, size_t len)
{
	size_t total;
	ssize_t n;
	int err;

	if (r->wlen + len > r->max_record) {
		write_reset(r);
		return -EINVAL;
	}
	err = append(r, data, len);
	if (err) {
		write_reset(r);
		return err;
	}
	if (len >= r->threshold)
		return (ssize_t)len; /* maybe more to come: commit later */
	total = r->wlen;
	write_reset(r);
	n = io->write(io->ctx, r->wbuf, total);
	if (n < 0)
		return n;
	if ((size_t)n >= total)
		return (ssize_t)len;
	return (size_t)n > off ? (ssize_t)((size_t)n - off) : 0;
}

ssize_t stf_reasm_write(struct stf_reasm *r, const struct stf_tape_io *io,
			uint64_t off, const void *data, size_t len)
{
	uint32_t bs = io->block_size(io->ctx);
	int err;

	if (off == 0) {
		err = stf_reasm_settle(r, io);
		if (err)
			return err;
		if (len < r->threshold) {
			/* The whole system call: straight to tape. */
			if (bs && len % bs)
				return -EINVAL;
			return io->write(io->ctx, data, len);
		}
		r->wpending = true;
	} else if (!r->wpending || off != r->wseen) {
		write_reset(r);
		return -EIO; /* not the continuation we expect */
	}
	if (bs)
		return write_fixed(r, io, bs, data, len);
	return write_variable(r, io, off, data, len);
}

/* Hand out up to len bytes of the buffered record (no copy). */
static ssize_t deliver(struct stf_reasm *r, size_t len, const uint8_t **data)
{
	size_t k = r->rlen - r->rpos;

	if (k > len)
		k = len;
	*data = r->rbuf + r->rpos;
	r->rpos += k;
	r->rseen += k;
	return (ssize_t)k;
}

/* Fill rbuf from `at` on with up to want bytes (one record or blocks). */
static ssize_t fetch(struct stf_reasm *r, const struct stf_tape_io *io,
		     size_t at, size_t want)
{
	ssize_t n;
	int err = reserve(&r->rbuf, &r->rcap, at + want);

	if (err)
		return err;
	n = io->read(io->ctx, r->rbuf + at, want);
	if (n < 0)
		return n;
	r->rlen = at + (size_t)n;
	r->rpos = 0;
	r->rshort = (size_t)n < want;
	return n;
}

static ssize_t read_first(struct stf_reasm *r, const struct stf_tape_io *io,
			  uint32_t bs, size_t len, const uint8_t **data)
{
	size_t want;
	ssize_t n;

	if (len < r->threshold) {
		/* The caller's whole buffer: st semantics apply exactly. */
		if (bs && len % bs)
			return -EINVAL;
		n = fetch(r, io, 0, len);
		if (n < 0)
			return n;
		*data = r->rbuf;
		r->rlen = 0;
		return n;
	}
	want = bs ? round_up(len, bs) : stf_reasm_first_len(r, len);
	n = fetch(r, io, 0, want);
	if (n < 0)
		return n;
	r->ractive = true;
	return deliver(r, len, data);
}

/* Fixed mode: the fragment left, then more whole blocks after it. */
static ssize_t read_more_blocks(struct stf_reasm *r,
				const struct stf_tape_io *io, uint32_t bs,
				size_t len, const uint8_t **data)
{
	size_t k = r->rlen - r->rpos;
	size_t seen = r->rseen;
	ssize_t n;

	memmove(r->rbuf, r->rbuf + r->rpos, k);
	r->rlen = k;
	r->rpos = 0;
	if (k < len && !r->rshort) {
		n = fetch(r, io, k, round_up(len - k, bs));
		if (n < 0 && k == 0)
			return n;
		if (n < 0)
			r->rlen = k;
	}
	r->rseen = seen;
	return deliver(r, len, data);
}

ssize_t stf_reasm_read_zc(struct stf_reasm *r, const struct stf_tape_io *io,
			  uint64_t off, size_t len, const uint8_t **data)
{
	uint32_t bs = io->block_size(io->ctx);
	int err;

	*data = r->rbuf;
	if (off == 0) {
		err = stf_reasm_settle(r, io);
		if (err)
			return err;
		return read_first(r, io, bs, len, data);
	}
	if (!bs)
		return stf_reasm_continue(r, off, len, data);
	if (!r->ractive || off != r->rseen)
		return -EIO;
	return read_more_blocks(r, io, bs, len, data);
}

size_t stf_reasm_first_len(const struct stf_reasm *r, size_t len)
{
	if (len < r->threshold)
		return len;
	return r->max_record > len ? r->max_record : len;
}

bool stf_reasm_is_continuation(const struct stf_reasm *r, uint64_t off)
{
	return off != 0 && r->ractive && off == r->rseen;
}

ssize_t stf_reasm_continue(struct stf_reasm *r, uint64_t off, size_t len,
			   const uint8_t **data)
{
	*data = r->rbuf;
	if (!stf_reasm_is_continuation(r, off))
		return -EIO;
	return deliver(r, len, data); /* 0 past the record's end */
}

ssize_t stf_reasm_adopt(struct stf_reasm *r, uint8_t **buf, size_t *cap,
			ssize_t n, size_t len, const uint8_t **data)
{
	uint8_t *old = r->rbuf;
	size_t old_cap = r->rcap;

	read_reset(r, true); /* as stf_reasm_settle, variable mode */
	r->rbuf = *buf;
	r->rcap = *cap;
	*buf = old;
	*cap = old_cap;
	*data = r->rbuf;
	if (n < 0)
		return n;
	/* Then read_first, with the READ already done. */
	r->rshort = (size_t)n < stf_reasm_first_len(r, len);
	if (len < r->threshold)
		return n;
	r->rlen = (size_t)n;
	r->ractive = true;
	return deliver(r, len, data);
}

ssize_t stf_reasm_read(struct stf_reasm *r, const struct stf_tape_io *io,
		       uint64_t off, void *buf, size_t len)
{
	const uint8_t *p;
	ssize_t n = stf_reasm_read_zc(r, io, off, len, &p);

	if (n > 0)
		memcpy(buf, p, (size_t)n);
	return n;
}
