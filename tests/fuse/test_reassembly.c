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
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
