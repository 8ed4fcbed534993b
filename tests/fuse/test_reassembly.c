// SPDX-License-Identifier: BSD-2-Clause
/*
 * Record reassembly across chunked FUSE/CUSE requests, against a fake
 * tape that keeps records and filemarks with st read semantics.  The
 * chunk patterns are the ones measured in frontends.md (FUSE mount:
 * 1 MiB pages limit; CUSE: 128 KiB).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reassembly.h"

#define MOUNT_THR (1048576 - 4095)
#define CUSE_THR  (131072 - 4095)
#define MAXREC	  (8u << 20)
#define MAXOBJ	  64

struct obj {
	size_t len; /* 0 with fm: a filemark */
	bool fm;
	uint8_t *data;
};

struct fake {
	struct obj o[MAXOBJ];
	size_t n, pos;
	uint32_t bs;
	int write_err; /* next write fails with this */
	unsigned int writes, reads;
};

static ssize_t f_write(void *ctx, const void *buf, size_t len)
{
	struct fake *f = ctx;
	struct obj *o;

	f->writes++;
	if (f->write_err) {
		int e = f->write_err;

		f->write_err = 0;
		return -e;
	}
	assert_true(f->n < MAXOBJ);
	if (f->bs)
		assert_int_equal(len % f->bs, 0);
	o = &f->o[f->n++];
	o->len = len;
	o->fm = false;
	o->data = malloc(len ? len : 1);
	memcpy(o->data, buf, len);
	f->pos = f->n;
	return (ssize_t)len;
}

/* Variable: one record, ENOMEM if longer (head moves past it). */
static ssize_t f_read(void *ctx, void *buf, size_t len)
{
	struct fake *f = ctx;
	struct obj *o;

	f->reads++;
	if (f->pos >= f->n)
		return 0;
	o = &f->o[f->pos];
	if (o->fm) {
		f->pos++;
		return 0;
	}
	if (f->bs) {
		/* Fixed: blocks of consecutive records up to a filemark. */
		size_t got = 0;

		while (got < len && f->pos < f->n && !f->o[f->pos].fm) {
			size_t k;

			o = &f->o[f->pos];
			k = o->len < len - got ? o->len : len - got;
			memcpy((uint8_t *)buf + got, o->data, k);
			memmove(o->data, o->data + k, o->len - k);
			o->len -= k;
			got += k;
			if (!o->len)
				f->pos++;
		}
		return (ssize_t)got;
	}
	f->pos++;
	if (o->len > len)
		return -ENOMEM;
	memcpy(buf, o->data, o->len);
	return (ssize_t)o->len;
}

static uint32_t f_bs(void *ctx)
{
	return ((struct fake *)ctx)->bs;
}

static struct fake F;
static struct stf_tape_io IO = {f_read, f_write, f_bs, &F};

static int setup(void **state)
{
	(void)state;
	memset(&F, 0, sizeof(F));
	return 0;
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < F.n; i++)
		free(F.o[i].data);
	return 0;
}

static void add_record(size_t len, uint8_t seed)
{
	struct obj *o = &F.o[F.n++];
	size_t i;

	o->len = len;
	o->data = malloc(len);
	for (i = 0; i < len; i++)
		o->data[i] = (uint8_t)(seed + i * 7);
}

static void add_filemark(void)
{
	F.o[F.n].fm = true;
	F.o[F.n].len = 0;
	F.n++;
}

static uint8_t *pattern(size_t len, uint8_t seed)
{
	uint8_t *p = malloc(len);
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7);
	return p;
}

/* Feed one write(2) as the kernel chunks it; returns what write returns. */
static ssize_t write_call(struct stf_reasm *r, const uint8_t *buf,
			  const size_t *chunks, size_t nchunks)
{
	size_t off = 0, i;

	for (i = 0; i < nchunks; i++) {
		ssize_t n = stf_reasm_write(r, &IO, off, buf + off, chunks[i]);

		if (n < 0)
			return off ? (ssize_t)off : n;
		off += (size_t)n;
		if ((size_t)n < chunks[i])
			break;
	}
	return (ssize_t)off;
}

/* One read(2): the kernel asks chunk after chunk while replies are full. */
static ssize_t read_call(struct stf_reasm *r, uint8_t *buf, size_t len,
			 size_t first, size_t chunk)
{
	size_t off = 0, want = first < len ? first : len;

	while (off < len) {
		ssize_t n = stf_reasm_read(r, &IO, off, buf + off, want);

		if (n < 0)
			return off ? (ssize_t)off : n;
		off += (size_t)n;
		if ((size_t)n < want)
			break;
		want = len - off < chunk ? len - off : chunk;
	}
	return (ssize_t)off;
}

static void test_small_write_is_one_record_at_once(void **state)
{
	struct stf_reasm r;
	uint8_t *p = pattern(10240, 1);
	size_t c[] = {10240};

	(void)state;
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(write_call(&r, p, c, 1), 10240);
	assert_int_equal(F.n, 1); /* on tape before the reply */
	assert_int_equal(F.o[0].len, 10240);
	assert_memory_equal(F.o[0].data, p, 10240);
	stf_reasm_free(&r);
	free(p);
}

static void test_4mib_aligned_record_commits_at_next_op(void **state)
{
	struct stf_reasm r;
	size_t len = 4u << 20;
	uint8_t *p = pattern(len, 3);
	size_t c[] = {1048576, 1048576, 1048576, 1048576};

	(void)state;
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(write_call(&r, p, c, 4), (ssize_t)len);
	assert_int_equal(F.n, 0); /* ambiguous: still buffered */
	assert_true(stf_reasm_write_pending(&r));
	assert_int_equal(stf_reasm_settle(&r, &IO), 0);
	assert_int_equal(F.n, 1);
	assert_int_equal(F.o[0].len, len);
	assert_memory_equal(F.o[0].data, p, len);
	stf_reasm_free(&r);
	free(p);
}

static void test_misaligned_1mib_record_is_final_on_short_chunk(void **state)
{
	struct stf_reasm r;
	size_t len = 1048576;
	uint8_t *p = pattern(len, 5);
	size_t c[] = {1048560, 16};

	(void)state;
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(write_call(&r, p, c, 2), (ssize_t)len);
	assert_int_equal(F.n, 1);
	assert_int_equal(F.o[0].len, len);
	assert_memory_equal(F.o[0].data, p, len);
	stf_reasm_free(&r);
	free(p);
}

static void test_cuse_128k_plus_1_two_records_back_to_back(void **state)
{
	struct stf_reasm r;
	size_t len = 131073;
	uint8_t *p = pattern(len, 9);
	size_t c[] = {131072, 1};

	(void)state;
	stf_reasm_init(&r, CUSE_THR, MAXREC);
	assert_int_equal(write_call(&r, p, c, 2), (ssize_t)len);
	assert_int_equal(write_call(&r, p, c, 2), (ssize_t)len);
	assert_int_equal(F.n, 2);
	assert_int_equal(F.o[1].len, len);
	assert_memory_equal(F.o[1].data, p, len);
	stf_reasm_free(&r);
	free(p);
}

static void test_read_4mib_record_exact_then_filemark(void **state)
{
	struct stf_reasm r;
	size_t len = 4u << 20;
	uint8_t *p = pattern(len, 11);
	uint8_t *buf = malloc(len + 65536);

	(void)state;
	add_record(len, 11);
	add_filemark();
	add_record(100, 12);
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	/* Buffer larger than the record: the continuation past the end
	 * gets 0 and must not read the filemark. */
	assert_int_equal(read_call(&r, buf, len + 65536, 1048576, 1048576),
			 (ssize_t)len);
	assert_memory_equal(buf, p, len);
	assert_int_equal(F.pos, 1);
	assert_int_equal(read_call(&r, buf, 65536, 65536, 65536), 0);
	assert_int_equal(F.pos, 2); /* the filemark, read by its own call */
	assert_int_equal(read_call(&r, buf, 65536, 65536, 65536), 100);
	stf_reasm_free(&r);
	free(buf);
	free(p);
}

static void test_cuse_read_record_equal_to_chunk_stops(void **state)
{
	struct stf_reasm r;
	uint8_t buf[262144];

	(void)state;
	add_record(131072, 1);
	add_record(200000, 2);
	stf_reasm_init(&r, CUSE_THR, MAXREC);
	assert_int_equal(read_call(&r, buf, sizeof(buf), 131072, 131072),
			 131072);
	assert_int_equal(F.pos, 1);
	assert_int_equal(read_call(&r, buf, sizeof(buf), 131072, 131072),
			 200000);
	assert_int_equal(buf[199999], (uint8_t)(2 + 199999 * 7));
	stf_reasm_free(&r);
}

static void test_too_small_read_is_enomem_when_final(void **state)
{
	struct stf_reasm r;
	uint8_t buf[65536];

	(void)state;
	add_record(65537, 1);
	add_record(10, 2);
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(read_call(&r, buf, 65536, 65536, 65536), -ENOMEM);
	assert_int_equal(F.pos, 1); /* st: the head is past that record */
	assert_int_equal(read_call(&r, buf, 65536, 65536, 65536), 10);
	stf_reasm_free(&r);
}

static void test_truncation_undetectable_when_last_chunk_full(void **state)
{
	struct stf_reasm r;
	uint8_t *buf = malloc(1048576);

	(void)state;
	add_record(2u << 20, 1);
	add_record(10, 2);
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	/* read(1 MiB) of a 2 MiB record: one full chunk, no continuation. */
	assert_int_equal(read_call(&r, buf, 1048576, 1048576, 1048576),
			 1048576);
	assert_int_equal(read_call(&r, buf, 4096, 4096, 4096), 10);
	assert_int_equal(r.dropped, 1); /* counted for the log */
	stf_reasm_free(&r);
	free(buf);
}

static void test_late_write_error_reported_by_next_op(void **state)
{
	struct stf_reasm r;
	uint8_t *p = pattern(1048576, 1);
	size_t c[] = {1048576};

	(void)state;
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(write_call(&r, p, c, 1), 1048576);
	F.write_err = EIO;
	assert_int_equal(stf_reasm_settle(&r, &IO), -EIO);
	assert_false(stf_reasm_write_pending(&r));
	assert_int_equal(stf_reasm_settle(&r, &IO), 0);
	stf_reasm_free(&r);
	free(p);
}

static void test_failed_continuation_gives_short_write(void **state)
{
	struct stf_reasm r;
	uint8_t *p = pattern(262145, 1);
	size_t c[] = {131072, 131072, 1};

	(void)state;
	stf_reasm_init(&r, CUSE_THR, MAXREC);
	F.write_err = ENOSPC;
	/* chunks 1, 2 buffered, chunk 3 final: the record fails whole. */
	assert_int_equal(write_call(&r, p, c, 3), 262144);
	assert_int_equal(F.n, 0);
	stf_reasm_free(&r);
	free(p);
}

static void test_wrong_continuation_offset_is_eio(void **state)
{
	struct stf_reasm r;
	uint8_t *p = pattern(1048576, 1);

	(void)state;
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(stf_reasm_write(&r, &IO, 0, p, 1048576), 1048576);
	assert_int_equal(stf_reasm_write(&r, &IO, 4096, p, 10), -EIO);
	assert_int_equal(stf_reasm_read(&r, &IO, 4096, p, 10), -EIO);
	stf_reasm_free(&r);
	free(p);
}

static void test_fixed_mode_misaligned_chunks_whole_blocks(void **state)
{
	struct stf_reasm r;
	uint8_t *p = pattern(1048576, 4);
	uint8_t *back = malloc(1048576);
	size_t c[] = {1048560, 16};
	size_t total = 0, i;

	(void)state;
	F.bs = 512;
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(write_call(&r, p, c, 2), 1048576);
	for (i = 0; i < F.n; i++)
		total += F.o[i].len;
	assert_int_equal(total, 1048576);
	/* Read back with a misaligned buffer: 1048560 + 16. */
	F.pos = 0;
	assert_int_equal(read_call(&r, back, 1048576, 1048560, 1048576),
			 1048576);
	assert_memory_equal(back, p, 1048576);
	stf_reasm_free(&r);
	free(back);
	free(p);
}

static void test_fixed_mode_not_multiple_is_einval(void **state)
{
	struct stf_reasm r;
	uint8_t p[1000] = {0};

	(void)state;
	F.bs = 512;
	stf_reasm_init(&r, MOUNT_THR, MAXREC);
	assert_int_equal(stf_reasm_write(&r, &IO, 0, p, 1000), -EINVAL);
	assert_int_equal(stf_reasm_read(&r, &IO, 0, p, 1000), -EINVAL);
	assert_int_equal(F.n, 0);
	assert_int_equal(F.reads, 0);
	stf_reasm_free(&r);
}

static void test_record_over_max_is_einval(void **state)
{
	struct stf_reasm r;
	uint8_t *p = pattern(1048576, 1);

	(void)state;
	stf_reasm_init(&r, MOUNT_THR, 1048576);
	assert_int_equal(stf_reasm_write(&r, &IO, 0, p, 1048576), 1048576);
	assert_int_equal(stf_reasm_write(&r, &IO, 1048576, p, 10), -EINVAL);
	assert_int_equal(stf_reasm_settle(&r, &IO), 0);
	assert_int_equal(F.n, 0);
	stf_reasm_free(&r);
	free(p);
}

/*
 * The worker's read-ahead, played on a second fake tape with the same
 * objects: after a first request that gave bytes, the READ of
 * stf_reasm_first_len() runs into a spare buffer; the next first request
 * of the same size adopts it, a continuation takes more of the record,
 * anything else puts the head back (the SPACE back).  Every reply must
 * equal the plain path's on the first tape.
 */
static struct fake G;
static struct stf_tape_io IO2 = {f_read, f_write, f_bs, &G};

struct ra {
	struct stf_reasm r;
	uint8_t *spare;
	size_t cap, req, len;
	ssize_t n;
	bool held;
	size_t pos_before;
};

static ssize_t ra_request(struct ra *a, uint64_t off, size_t len,
			  const uint8_t **data)
{
	ssize_t n;

	if (a->held && off == 0 && len == a->req) {
		a->held = false;
		n = stf_reasm_adopt(&a->r, &a->spare, &a->cap, a->n, len, data);
	} else if (a->held && stf_reasm_is_continuation(&a->r, off)) {
		return stf_reasm_continue(&a->r, off, len, data);
	} else {
		if (a->held)
			G.pos = a->pos_before;
		a->held = false;
		n = stf_reasm_read_zc(&a->r, &IO2, off, len, data);
	}
	if (off == 0 && n > 0) {
		a->req = len;
		a->len = stf_reasm_first_len(&a->r, len);
		if (a->cap < a->len) {
			a->spare = realloc(a->spare, a->len);
			assert_non_null(a->spare);
			a->cap = a->len;
		}
		a->pos_before = G.pos;
		a->n = f_read(&G, a->spare, a->len);
		a->held = true;
	}
	return n;
}

/* G: a copy of F's objects (freed by ra_compare). */
static void copy_tape(void)
{
	memcpy(&G, &F, sizeof(G));
	for (size_t i = 0; i < G.n; i++) {
		G.o[i].data = malloc(F.o[i].len ? F.o[i].len : 1);
		if (F.o[i].len)
			memcpy(G.o[i].data, F.o[i].data, F.o[i].len);
	}
}

/* read(2) calls of these sizes, chunked at `chunk`, both ways. */
static void ra_compare(size_t thr, size_t chunk, const size_t *calls,
		       size_t ncalls)
{
	struct stf_reasm plain;
	struct ra a = {0};
	unsigned int adopted = 0;

	copy_tape();
	stf_reasm_init(&plain, thr, MAXREC);
	stf_reasm_init(&a.r, thr, MAXREC);
	for (size_t i = 0; i < ncalls; i++) {
		size_t off = 0, want = calls[i] < chunk ? calls[i] : chunk;

		while (off < calls[i]) {
			const uint8_t *d1, *d2;
			ssize_t n1, n2;

			n1 = stf_reasm_read_zc(&plain, &IO, off, want, &d1);
			adopted += a.held && off == 0 && want == a.req;
			n2 = ra_request(&a, off, want, &d2);
			assert_int_equal(n2, n1);
			if (n1 > 0)
				assert_memory_equal(d2, d1, (size_t)n1);
			if (n1 <= 0 || (size_t)n1 < want)
				break;
			off += (size_t)n1;
			want = calls[i] - off < chunk ? calls[i] - off : chunk;
		}
	}
	assert_int_equal(a.r.dropped, plain.dropped);
	assert_true(adopted > 0);
	stf_reasm_free(&plain);
	stf_reasm_free(&a.r);
	free(a.spare);
	for (size_t i = 0; i < G.n; i++)
		free(G.o[i].data);
}

/* Records around both chunk sizes and their thresholds, filemarks. */
static void ra_tape(void)
{
	static const size_t len[] = {100,     127000,  131072,	131073, 200000,
				     1044480, 1048576, 1048577, 3000000};

	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < sizeof(len) / sizeof(len[0]); i++)
			add_record(len[i], (uint8_t)(i + k));
		add_filemark();
	}
}

static void test_read_ahead_cuse_same_replies(void **state)
{
	static const size_t calls[] = {
		4194304, 4194304, 4194304, 4194304, 131072,  131072,  65536,
		65536,	 262144,  262144,  1048576, 1048576, 4194304, 4194304,
		4194304, 131072,  131072,  131072,  4194304, 4194304, 4194304,
		4194304, 4194304, 4194304, 4194304, 4194304, 4194304};

	(void)state;
	ra_tape();
	ra_compare(CUSE_THR, 131072, calls, sizeof(calls) / sizeof(calls[0]));
}

static void test_read_ahead_mount_same_replies(void **state)
{
	static const size_t calls[] = {
		9437184, 9437184, 9437184, 1048576, 1048576, 1048576, 262144,
		262144,	 262144,  65536,   65536,   9437184, 9437184, 1048576,
		1048576, 2097152, 2097152, 2097152, 2097152, 9437184, 9437184,
		9437184, 9437184, 9437184, 9437184, 9437184, 9437184};

	(void)state;
	ra_tape();
	ra_compare(MOUNT_THR, 1048576, calls, sizeof(calls) / sizeof(calls[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_small_write_is_one_record_at_once),
		T(test_4mib_aligned_record_commits_at_next_op),
		T(test_misaligned_1mib_record_is_final_on_short_chunk),
		T(test_cuse_128k_plus_1_two_records_back_to_back),
		T(test_read_4mib_record_exact_then_filemark),
		T(test_cuse_read_record_equal_to_chunk_stops),
		T(test_too_small_read_is_enomem_when_final),
		T(test_truncation_undetectable_when_last_chunk_full),
		T(test_late_write_error_reported_by_next_op),
		T(test_failed_continuation_gives_short_write),
		T(test_wrong_continuation_offset_is_eio),
		T(test_fixed_mode_misaligned_chunks_whole_blocks),
		T(test_fixed_mode_not_multiple_is_einval),
		T(test_record_over_max_is_einval),
		T(test_read_ahead_cuse_same_replies),
		T(test_read_ahead_mount_same_replies),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
