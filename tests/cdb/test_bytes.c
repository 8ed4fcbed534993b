/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of src/bytes.h: big-endian byte order of every width, the
 * 24-bit edges, sign extension of the signed 24-bit reader, no write
 * outside the field, and unaligned (odd) offsets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bytes.h"

#define CANARY 0x5a
#define AREA   16
#define OFF    3 /* odd offset: no alignment assumption */

/* Fill a canary area, return the field pointer at an odd offset. */
static uint8_t *area(uint8_t *buf)
{
	memset(buf, CANARY, AREA);
	return buf + OFF;
}

/* The field holds want[] and nothing around it changed. */
static void assert_field(const uint8_t *buf, const uint8_t *want, size_t n)
{
	assert_memory_equal(buf + OFF, want, n);
	for (size_t i = 0; i < AREA; i++)
		if (i < OFF || i >= OFF + n)
			assert_int_equal(buf[i], CANARY);
}

static void test_be16_order_and_edges(void **state)
{
	static const uint16_t vals[] = {0,	1,	0xff,	0x100,
					0x7fff, 0x8000, 0xfffe, 0xffff};
	uint8_t buf[AREA];
	uint8_t *p = area(buf);

	(void)state;
	sttape_put_be16(p, 0x1234);
	assert_field(buf, (const uint8_t[]){0x12, 0x34}, 2);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		p = area(buf);
		sttape_put_be16(p, vals[i]);
		assert_int_equal(sttape_get_be16(p), vals[i]);
	}
	/* High bit set must not sign-extend through int promotion. */
	p = area(buf);
	p[0] = 0xff;
	p[1] = 0xff;
	assert_int_equal(sttape_get_be16(p), 0xffff);
}

static void test_be24_order_and_edges(void **state)
{
	static const uint32_t vals[] = {0,	  1,	    0xff,     0x100,
					0xffff,	  0x10000,  0x7fffff, 0x800000,
					0x800001, 0xfffffe, 0xffffff};
	uint8_t buf[AREA];
	uint8_t *p = area(buf);

	(void)state;
	sttape_put_be24(p, 0x123456);
	assert_field(buf, (const uint8_t[]){0x12, 0x34, 0x56}, 3);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		p = area(buf);
		sttape_put_be24(p, vals[i]);
		assert_int_equal(sttape_get_be24(p), vals[i]);
	}
}

/* Bits above 24 are dropped and never spill into a fourth byte. */
static void test_be24_drops_high_byte(void **state)
{
	uint8_t buf[AREA];
	uint8_t *p = area(buf);

	(void)state;
	sttape_put_be24(p, 0xaabbccddu);
	assert_field(buf, (const uint8_t[]){0xbb, 0xcc, 0xdd}, 3);
	p = area(buf);
	sttape_put_be24(p, 0x01000000u);
	assert_field(buf, (const uint8_t[]){0x00, 0x00, 0x00}, 3);
}

static void test_sbe24_sign_extension(void **state)
{
	static const struct {
		uint8_t b[3];
		int32_t v;
	} cases[] = {
		{{0x00, 0x00, 0x00}, 0},	 {{0x00, 0x00, 0x01}, 1},
		{{0x7f, 0xff, 0xff}, 8388607},	 {{0x80, 0x00, 0x00}, -8388608},
		{{0x80, 0x00, 0x01}, -8388607},	 {{0xff, 0xff, 0xff}, -1},
		{{0xff, 0xff, 0xfe}, -2},	 {{0xff, 0xff, 0x00}, -256},
		{{0xff, 0x7f, 0xff}, -32769},	 {{0x00, 0x80, 0x00}, 32768},
		{{0xed, 0xcb, 0xaa}, -0x123456},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sttape_get_sbe24(cases[i].b), cases[i].v);
		/* The unsigned reader must not sign-extend. */
		assert_int_equal(sttape_get_be24(cases[i].b),
				 (uint32_t)cases[i].v & 0xffffffu);
	}
}

/* Writing the low 24 bits of a signed value reads back the same value. */
static void test_sbe24_round_trip_through_put(void **state)
{
	static const int32_t vals[] = {-8388608, -8388607, -65536,  -1,	    0,
				       1,	 65535,	   8388606, 8388607};
	uint8_t buf[AREA];

	(void)state;
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		uint8_t *p = area(buf);

		sttape_put_be24(p, (uint32_t)vals[i] & 0xffffffu);
		assert_int_equal(sttape_get_sbe24(p), vals[i]);
	}
}

static void test_be32_order_and_edges(void **state)
{
	static const uint32_t vals[] = {0,	     1,		 0xffff,
					0x10000,     0x7fffffff, 0x80000000u,
					0xfffffffeu, 0xffffffffu};
	uint8_t buf[AREA];
	uint8_t *p = area(buf);

	(void)state;
	sttape_put_be32(p, 0x12345678u);
	assert_field(buf, (const uint8_t[]){0x12, 0x34, 0x56, 0x78}, 4);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		p = area(buf);
		sttape_put_be32(p, vals[i]);
		assert_int_equal(sttape_get_be32(p), vals[i]);
	}
}

static void test_be64_order_and_edges(void **state)
{
	static const uint64_t vals[] = {0,
					1,
					0xffffffffu,
					0x100000000ull,
					0x7fffffffffffffffull,
					0x8000000000000000ull,
					0xfffffffffffffffeull,
					0xffffffffffffffffull};
	uint8_t buf[AREA];
	uint8_t *p = area(buf);

	(void)state;
	sttape_put_be64(p, 0x0102030405060708ull);
	assert_field(buf,
		     (const uint8_t[]){0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
				       0x08},
		     8);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		p = area(buf);
		sttape_put_be64(p, vals[i]);
		assert_true(sttape_get_be64(p) == vals[i]);
	}
}

/* A negative 64-bit count (SPACE(16)) survives the unsigned round trip. */
static void test_be64_twos_complement(void **state)
{
	uint8_t buf[AREA];
	uint8_t *p = area(buf);

	(void)state;
	sttape_put_be64(p, (uint64_t)(int64_t)-2);
	assert_field(buf,
		     (const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				       0xfe},
		     8);
	assert_true((int64_t)sttape_get_be64(p) == -2);
	p = area(buf);
	sttape_put_be64(p, (uint64_t)INT64_MIN);
	assert_true((int64_t)sttape_get_be64(p) == INT64_MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_be16_order_and_edges),
		cmocka_unit_test(test_be24_order_and_edges),
		cmocka_unit_test(test_be24_drops_high_byte),
		cmocka_unit_test(test_sbe24_sign_extension),
		cmocka_unit_test(test_sbe24_round_trip_through_put),
		cmocka_unit_test(test_be32_order_and_edges),
		cmocka_unit_test(test_be64_order_and_edges),
		cmocka_unit_test(test_be64_twos_complement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
