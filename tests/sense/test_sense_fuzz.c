// SPDX-License-Identifier: BSD-2-Clause
/*
 * test_sense_fuzz - every truncation of every captured buffer, and
 * pseudo-random buffers, parse without reading past the end (each ends
 * right before an inaccessible page, so an overread faults even inside
 * libsgutils2, which ASan does not see) and classify to a valid outcome.  A
 * truncation may only lose fields, never invent or change them.
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

/* Parse a copy of buf[0..len-1] that has no readable byte after it. */
static int parse_exact(const uint8_t *buf, size_t len, struct sttape_sense *s)
{
	uint8_t *copy = sttape_test_guarded_copy(buf, len);
	int rc = sttape_sense_parse(copy, len, s);

	sttape_test_release(copy, len);
	return rc;
}

/* What every parse + classification must satisfy. */
static void check_consistent(int rc, const struct sttape_sense *s, size_t len)
{
	struct sttape_classification c;
	char text[96];

	assert_int_equal(rc == 0, s->usable);
	assert_true(rc == 0 || rc == -EBADMSG);
	if (len < 8)
		assert_false(s->usable);
	if (!s->info_valid)
		assert_true(s->information == 0);
	sttape_sense_classify(s, &c);
	assert_true((unsigned int)c.outcome < STTAPE_OUTCOME_COUNT);
	assert_non_null(c.text);
	assert_true(c.err <= 0);
	assert_int_equal(c.err == 0, sttape_outcome_informs(c.outcome));
	if (!s->usable)
		assert_int_equal(c.outcome, STTAPE_OUTCOME_UNUSABLE_SENSE);
	sttape_sense_describe(s, text, sizeof(text));
	assert_true(strlen(text) < sizeof(text));
}

/* A truncation's fields are absent or equal to the whole buffer's. */
static void check_subset(const struct sttape_sense *part,
			 const struct sttape_sense *whole)
{
	if (!part->usable)
		return;
	assert_int_equal(part->response_code, whole->response_code);
	assert_int_equal(part->key, whole->key);
	if (part->asc || part->ascq) {
		assert_int_equal(part->asc, whole->asc);
		assert_int_equal(part->ascq, whole->ascq);
	}
	assert_true(!part->filemark || whole->filemark);
	assert_true(!part->eom || whole->eom);
	assert_true(!part->ili || whole->ili);
	if (part->info_valid) {
		assert_true(whole->info_valid);
		assert_true(part->information == whole->information);
	}
	if (part->progress_valid) {
		assert_true(whole->progress_valid);
		assert_int_equal(part->progress, whole->progress);
	}
}

static void every_truncation_of_every_capture(void **state)
{
	size_t i, len, cut;

	for (i = 0; i < sttape_test_captured_count; i++) {
		struct sttape_sense whole, part;
		uint8_t *buf = sttape_test_load_captured(
			sttape_test_captured[i].file, &len);

		assert_int_equal(parse_exact(buf, len, &whole),
				 sttape_test_captured[i].unusable ? -EBADMSG
								  : 0);
		for (cut = 0; cut <= len; cut++) {
			int rc = parse_exact(buf, cut, &part);

			check_consistent(rc, &part, cut);
			check_subset(&part, &whole);
			/* the fixed-format ASC/ASCQ need bytes 12-13 */
			if (!whole.descriptor && cut < 14)
				assert_true(part.asc == 0 && part.ascq == 0);
			if (!whole.descriptor && cut < 18)
				assert_false(part.progress_valid);
		}
		sttape_test_release(buf, len);
	}
}

/* xorshift32: reproducible without depending on the C library. */
static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Half the buffers start like sense data so the decoders get exercised. */
static void random_buffer(uint32_t *seed, uint8_t *b, size_t len)
{
	static const uint8_t codes[] = {0x70, 0x71, 0x72, 0x73,
					0xf0, 0xf1, 0xf2, 0xf3};
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)next(seed);
	if (len > 0 && (next(seed) & 1))
		b[0] = codes[next(seed) % sizeof(codes)];
	/* descriptor format: plausible small descriptor lengths */
	if (len > 9 && (b[0] & 0x7e) == 0x72 && (next(seed) & 1)) {
		b[7] = (uint8_t)(len - 8 + (next(seed) % 8));
		for (i = 8; i + 1 < len; i += 2u + b[i + 1]) {
			b[i] = (uint8_t)(next(seed) % 12);
			b[i + 1] = (uint8_t)(next(seed) % 16);
		}
	}
}

static void random_buffers(void **state)
{
	uint32_t seed = 0x5e45e001u;
	uint8_t b[80];
	int iter;

	for (iter = 0; iter < 20000; iter++) {
		size_t len = next(&seed) % sizeof(b);
		struct sttape_sense s;
		struct sttape_classification c;
		int rc;

		random_buffer(&seed, b, len);
		rc = parse_exact(b, len, &s);
		check_consistent(rc, &s, len);
		rc = sttape_classify_status((uint8_t)next(&seed), b, len, NULL,
					    &c);
		assert_int_equal(rc, c.err);
		assert_true((unsigned int)c.outcome < STTAPE_OUTCOME_COUNT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_truncation_of_every_capture),
		cmocka_unit_test(random_buffers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
