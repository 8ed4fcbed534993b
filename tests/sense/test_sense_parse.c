// SPDX-License-Identifier: BSD-2-Clause
/*
 * test_sense_parse - sttape_sense_parse() on the captured buffers of
 * tests/data/sense/ and on truncated or malformed ones (SPC-5 4.4).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sttape/sense.h>

#include "captured.h"

/* Every field of one captured buffer, as its file's comment says. */
static void parses_captured(void **state)
{
	const struct captured *c = *state;
	struct sttape_sense s;
	size_t len;
	uint8_t *buf = sttape_test_load_captured(c->file, &len);

	if (c->unusable) {
		assert_int_equal(sttape_sense_parse(buf, len, &s), -EBADMSG);
		assert_false(s.usable);
		sttape_test_release(buf, len);
		return;
	}
	assert_int_equal(sttape_sense_parse(buf, len, &s), 0);
	assert_true(s.usable);
	assert_int_equal(s.key, c->key);
	assert_int_equal(s.asc, c->asc);
	assert_int_equal(s.ascq, c->ascq);
	assert_int_equal(s.descriptor, c->descriptor);
	assert_int_equal(s.deferred, c->deferred);
	assert_int_equal(s.response_code,
			 (c->descriptor ? 0x72 : 0x70) | (c->deferred ? 1 : 0));
	assert_int_equal(s.filemark, c->filemark);
	assert_int_equal(s.eom, c->eom);
	assert_int_equal(s.ili, c->ili);
	assert_int_equal(s.info_valid, c->info_valid);
	assert_true(s.information == c->information);
	assert_int_equal(s.progress_valid, c->progress_valid);
	assert_int_equal(s.progress, c->progress);
	sttape_test_release(buf, len);
}

/* An 18-byte fixed-format buffer: NO SENSE, additional length 10. */
static void fixed18(uint8_t *b)
{
	memset(b, 0, 18);
	b[0] = 0x70;
	b[7] = 10;
}

static void expect_unusable(const uint8_t *b, size_t len)
{
	struct sttape_sense s;

	memset(&s, 0xa5, sizeof(s));
	assert_int_equal(sttape_sense_parse(b, len, &s), -EBADMSG);
	assert_false(s.usable);
	assert_int_equal(s.key, 0);
	assert_false(s.info_valid);
}

static void short_buffers_are_unusable(void **state)
{
	uint8_t b[18];
	size_t len;

	fixed18(b);
	b[2] = 0x02; /* NOT READY: would be an error if believed */
	for (len = 0; len < 8; len++) {
		uint8_t *h = sttape_test_guarded_copy(b, len);

		expect_unusable(h, len);
		sttape_test_release(h, len);
	}
	expect_unusable(NULL, 18);
}

static void wrong_response_codes_are_unusable(void **state)
{
	static const uint8_t codes[] = {0x00, 0x01, 0x6f, 0x74,
					0x7e, 0x7f, 0xf4, 0xff};
	uint8_t b[18];
	size_t i;

	for (i = 0; i < sizeof(codes); i++) {
		fixed18(b);
		b[0] = codes[i];
		b[2] = 0x03;
		expect_unusable(b, sizeof(b));
	}
}

/* VALID (byte 0 bit 7) does not change the response code. */
static void valid_bit_is_not_part_of_the_response_code(void **state)
{
	uint8_t b[18];
	struct sttape_sense s;

	fixed18(b);
	b[0] = 0xf1;
	b[6] = 9;
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_int_equal(s.response_code, 0x71);
	assert_true(s.deferred);
	assert_true(s.info_valid);
	assert_true(s.information == 9);
}

/* Fixed format: INFORMATION is a 32-bit two's-complement field. */
static void fixed_information_is_sign_extended(void **state)
{
	static const struct {
		uint32_t raw;
		int64_t want;
	} cases[] = {
		{0x00000001u, 1},	  {0x7fffffffu, INT32_MAX},
		{0x80000000u, INT32_MIN}, {0xffffffffu, -1},
		{0xfffffc18u, -1000},
	};
	struct sttape_sense s;
	uint8_t b[18];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixed18(b);
		b[0] = 0xf0;
		b[3] = (uint8_t)(cases[i].raw >> 24);
		b[4] = (uint8_t)(cases[i].raw >> 16);
		b[5] = (uint8_t)(cases[i].raw >> 8);
		b[6] = (uint8_t)cases[i].raw;
		assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
		assert_true(s.information == cases[i].want);
	}
}

/* Without VALID the field is not information: reads as 0. */
static void information_without_valid_reads_zero(void **state)
{
	uint8_t b[18];
	struct sttape_sense s;

	fixed18(b);
	b[3] = 0xff;
	b[6] = 0x10;
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_false(s.info_valid);
	assert_true(s.information == 0);
}

/* Descriptor format: the 8-byte INFORMATION keeps all 64 bits. */
static void descriptor_information_is_64_bit(void **state)
{
	uint8_t b[20] = {0x72, 0x00, 0x00, 0x00, 0,    0,    0,
			 12,   0x00, 0x0a, 0x80, 0x00, 0x7f, 0xff,
			 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
	struct sttape_sense s;

	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.info_valid);
	assert_true(s.information == INT64_MAX - 1);
	b[12] = 0x80;
	memset(b + 13, 0, 7);
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.information == INT64_MIN);
}

/* ASC/ASCQ beyond the ADDITIONAL SENSE LENGTH are not sense data. */
static void fields_past_additional_length_are_ignored(void **state)
{
	uint8_t b[18];
	struct sttape_sense s;

	fixed18(b);
	b[2] = 0x02;
	b[7] = 4; /* ends at byte 11: no ASC/ASCQ, no SKS */
	b[12] = 0x04;
	b[13] = 0x01;
	b[15] = 0x80;
	b[16] = 0x40;
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.usable);
	assert_int_equal(s.key, 0x02);
	assert_int_equal(s.asc, 0);
	assert_int_equal(s.ascq, 0);
	assert_false(s.progress_valid);
	b[7] = 10;
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_int_equal(s.asc, 0x04);
	assert_int_equal(s.ascq, 0x01);
	assert_true(s.progress_valid);
	assert_int_equal(s.progress, 0x4000);
}

/* Progress only where SPC-5 defines it: NO SENSE or NOT READY. */
static void progress_only_for_no_sense_and_not_ready(void **state)
{
	uint8_t b[18];
	struct sttape_sense s;

	fixed18(b);
	b[2] = 0x05;
	b[15] = 0x80;
	b[16] = 0x12;
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_false(s.progress_valid);
	b[2] = 0x00;
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.progress_valid);
	assert_int_equal(s.progress, 0x1200);
}

/*
 * Descriptor format: a descriptor cut by the end of the buffer or of the
 * additional length is dropped; the whole ones before it stay.
 */
static void cut_descriptors_are_dropped(void **state)
{
	/* stream commands (FILEMARK), then information = 5 */
	const uint8_t full[24] = {
		0x72, 0x00, 0x00, 0x01, 0, 0, 0, 16, 0x04, 0x02, 0x00, 0x80,
		0x00, 0x0a, 0x80, 0x00, 0, 0, 0, 0,  0,	   0,	 0,    5};
	struct sttape_sense s;
	uint8_t b[24];

	memcpy(b, full, sizeof(b));
	assert_int_equal(sttape_sense_parse(b, 24, &s), 0);
	assert_true(s.filemark);
	assert_true(s.info_valid);
	assert_true(s.information == 5);
	/* additional length 15: the information descriptor loses a byte */
	b[7] = 15;
	assert_int_equal(sttape_sense_parse(b, 24, &s), 0);
	assert_true(s.filemark);
	assert_false(s.info_valid);
	/* additional length 3: even the stream descriptor is cut */
	b[7] = 3;
	assert_int_equal(sttape_sense_parse(b, 24, &s), 0);
	assert_true(s.usable);
	assert_false(s.filemark);
	/* a descriptor claiming 255 bytes ends the walk */
	memcpy(b, full, sizeof(b));
	b[9] = 0xff;
	assert_int_equal(sttape_sense_parse(b, 24, &s), 0);
	assert_false(s.filemark);
	assert_false(s.info_valid);
}

/* Descriptor format: bytes 1-3 carry key, ASC and ASCQ. */
static void descriptor_header_fields(void **state)
{
	const uint8_t b[8] = {0x73, 0x0d, 0x00, 0x02, 0, 0, 0, 0};
	struct sttape_sense s;

	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.descriptor);
	assert_true(s.deferred);
	assert_int_equal(s.key, 0x0d);
	assert_int_equal(s.asc, 0x00);
	assert_int_equal(s.ascq, 0x02);
	assert_false(s.eom); /* no stream commands descriptor */
}

/* Descriptor format reserves byte 0 bit 7 and byte 1 bits 7-4. */
static void descriptor_reserved_bits_are_refused(void **state)
{
	uint8_t b[8] = {0x72, 0x00, 0x00, 0x05, 0, 0, 0, 0};
	struct sttape_sense s;

	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	b[0] = 0xf2;
	expect_unusable(b, sizeof(b));
	b[0] = 0x73;
	b[1] = 0x10;
	expect_unusable(b, sizeof(b));
	/* fixed format: byte 1 is the segment number, byte 0 bit 7 VALID */
	memcpy(b, (const uint8_t[8]){0xf0, 0xff, 0x00, 0, 0, 0, 1, 0}, 8);
	assert_int_equal(sttape_sense_parse(b, sizeof(b), &s), 0);
	assert_true(s.info_valid);
}

int main(void)
{
	struct CMUnitTest tests[128];
	size_t n = 0, i;
	static const struct CMUnitTest fixed_tests[] = {
		cmocka_unit_test(short_buffers_are_unusable),
		cmocka_unit_test(wrong_response_codes_are_unusable),
		cmocka_unit_test(valid_bit_is_not_part_of_the_response_code),
		cmocka_unit_test(fixed_information_is_sign_extended),
		cmocka_unit_test(information_without_valid_reads_zero),
		cmocka_unit_test(descriptor_information_is_64_bit),
		cmocka_unit_test(fields_past_additional_length_are_ignored),
		cmocka_unit_test(progress_only_for_no_sense_and_not_ready),
		cmocka_unit_test(cut_descriptors_are_dropped),
		cmocka_unit_test(descriptor_header_fields),
		cmocka_unit_test(descriptor_reserved_bits_are_refused),
	};

	if (sttape_test_captured_count > 96)
		return 1; /* grow tests[] */
	for (i = 0; i < sttape_test_captured_count; i++) {
		tests[n] = (struct CMUnitTest){
			.name = sttape_test_captured[i].file,
			.test_func = parses_captured,
			.initial_state =
				(void *)(uintptr_t)&sttape_test_captured[i],
		};
		n++;
	}
	for (i = 0; i < sizeof(fixed_tests) / sizeof(fixed_tests[0]); i++)
		tests[n++] = fixed_tests[i];
	return _cmocka_run_group_tests("sense_parse", tests, n, NULL, NULL);
}
