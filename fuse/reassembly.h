/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reassembly.h - tape records from chunked FUSE/CUSE requests.
 *
 * The kernel splits one read(2)/write(2) into requests at offsets 0, n,
 * 2n ... (CUSE always; a FUSE mount with FOPEN_STREAM), so off == 0
 * starts a system call and off > 0 continues it.  A request shorter
 * than `threshold` is certainly the last of its system call; a longer
 * one may or may not be followed by a continuation (that depends on the
 * caller's buffer alignment, which the daemon never sees).  So:
 *
 *   write: a certainly-final request goes to tape at once; a possibly
 *   non-final one is buffered and committed by the next request of the
 *   handle (a new write, a read, an ioctl, FLUSH or RELEASE), whose reply
 *   carries any error of that commit (one call late, like st's buffered
 *   writes).
 *
 *   read: a certainly-final request of len bytes reads one record of at
 *   most len bytes (-ENOMEM when the record is longer, exactly as st).
 *   A possibly non-final request reads the whole record (up to
 *   max_record) into a buffer and hands out its bytes to continuations;
 *   a continuation past the record's end gets 0 bytes, never the next
 *   record or a filemark.  When the caller's buffer ends on such a
 *   request and the record is longer, the rest of the record is dropped
 *   silently: that is the one case where ENOMEM cannot be reported.
 *
 * Fixed-block mode works on bytes in whole blocks: writes are sent in
 * block multiples as they accumulate, reads fetch whole blocks and keep
 * the fragment a misaligned request leaves for its continuation.
 */
#ifndef STFUSED_REASSEMBLY_H
#define STFUSED_REASSEMBLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The tape below: sttape_session_read/write, or a fake in tests. */
struct stf_tape_io {
	ssize_t (*read)(void *ctx, void *buf, size_t len);
	ssize_t (*write)(void *ctx, const void *buf, size_t len);
	/* Current block size: 0 variable. */
	uint32_t (*block_size)(void *ctx);
	void *ctx;
};

struct stf_reasm {
	size_t threshold;  /* requests >= this may be continued */
	size_t max_record; /* largest record (variable mode) */
	/* Write side: bytes of the current system call not yet on tape. */
	uint8_t *wbuf;
	size_t wlen, wcap;
	size_t wseen;  /* bytes of the system call received so far */
	bool wpending; /* a system call is in progress or uncommitted */
	/* Read side: the record (or blocks) of the current system call. */
	uint8_t *rbuf;
	size_t rcap;
	size_t rlen, rpos;
	size_t rseen;	  /* bytes handed out in the current system call */
	bool ractive;	  /* continuations may follow */
	bool rshort;	  /* the tape gave less than asked: nothing more */
	uint64_t dropped; /* records truncated undetectably (logged) */
};

void stf_reasm_init(struct stf_reasm *r, size_t threshold, size_t max_record);
void stf_reasm_free(struct stf_reasm *r);

/* One WRITE request: bytes accepted (kernel semantics) or -errno. */
ssize_t stf_reasm_write(struct stf_reasm *r, const struct stf_tape_io *io,
			uint64_t off, const void *data, size_t len);
/* One READ request: bytes placed in buf or -errno. */
ssize_t stf_reasm_read(struct stf_reasm *r, const struct stf_tape_io *io,
		       uint64_t off, void *buf, size_t len);
/*
 * The same without a copy: *data points into the handle's buffer and is
 * valid until the next call on r.
 */
ssize_t stf_reasm_read_zc(struct stf_reasm *r, const struct stf_tape_io *io,
			  uint64_t off, size_t len, const uint8_t **data);

/*
 * Read-ahead support (variable mode only; worker.c).  first_len: the
 * length of the tape READ a first request (off 0) of len bytes makes.
 * is_continuation/continue: a request that only takes more of the
 * buffered record (never touches the tape).  adopt: a first request of
 * len bytes whose READ already ran into *buf with result n: r ends as
 * stf_reasm_read_zc would have left it, and the buffers are exchanged
 * (*buf, *cap get the old record buffer).
 */
size_t stf_reasm_first_len(const struct stf_reasm *r, size_t len);
bool stf_reasm_is_continuation(const struct stf_reasm *r, uint64_t off);
ssize_t stf_reasm_continue(struct stf_reasm *r, uint64_t off, size_t len,
			   const uint8_t **data);
ssize_t stf_reasm_adopt(struct stf_reasm *r, uint8_t **buf, size_t *cap,
			ssize_t n, size_t len, const uint8_t **data);
/*
 * Before any other operation of the handle (ioctl, FLUSH, RELEASE):
 * commit a buffered write and end a read in progress.  0 or -errno of
 * the late write.
 */
int stf_reasm_settle(struct stf_reasm *r, const struct stf_tape_io *io);
bool stf_reasm_write_pending(const struct stf_reasm *r);

#endif /* STFUSED_REASSEMBLY_H */
