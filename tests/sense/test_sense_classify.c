// SPDX-License-Identifier: BSD-2-Clause
/*
 * test_sense_classify - the sorted classification table, the stream-bit
 * precedence, whole-command classification and the text helpers.
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
#include "sense/sense_table.h"

static int cmp_row(const struct sense_rule *a, const struct sense_rule *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->asc != b->asc)
		return a->asc < b->asc ? -1 : 1;
	return a->ascq_lo < b->ascq_lo ? -1 : a->ascq_lo > b->ascq_lo;
}

/* A row's errno agrees with whether its outcome only informs. */
static void check_row(const struct sense_rule *r)
{
	assert_true(r->key <= 0xf);
	assert_true(r->ascq_lo <= r->ascq_hi);
	assert_true((unsigned int)r->outcome < STTAPE_OUTCOME_COUNT);
	assert_non_null(r->text);
	assert_true(r->err <= 0);
	assert_int_equal(r->err == 0, sttape_outcome_informs(r->outcome));
}

static void table_is_sorted_without_overlap(void **state)
{
	size_t n, i;
	const struct sense_rule *t = sense_rules(&n);

	assert_true(n > 10);
	for (i = 0; i < n; i++) {
		check_row(&t[i]);
		if (i == 0)
			continue;
		assert_true(cmp_row(&t[i - 1], &t[i]) < 0);
		if (t[i - 1].key == t[i].key && t[i - 1].asc == t[i].asc)
			assert_true(t[i - 1].ascq_hi < t[i].ascq_lo);
	}
}

static void key_defaults_are_indexed_by_key(void **state)
{
	size_t n, i;
	const struct sense_rule *d = sense_key_defaults(&n);

	assert_int_equal(n, 16);
	for (i = 0; i < n; i++) {
		assert_int_equal(d[i].key, i);
		check_row(&d[i]);
	}
}

/* bsearch finds every row at both ends and inside its range. */
static void every_row_is_found(void **state)
{
	size_t n, i;
	const struct sense_rule *t = sense_rules(&n);

	for (i = 0; i < n; i++) {
		unsigned int mid = (t[i].ascq_lo + t[i].ascq_hi) / 2u;

		assert_ptr_equal(
			sense_rule_find(t[i].key, t[i].asc, t[i].ascq_lo),
			&t[i]);
		assert_ptr_equal(
			sense_rule_find(t[i].key, t[i].asc, t[i].ascq_hi),
			&t[i]);
		assert_ptr_equal(
			sense_rule_find(t[i].key, t[i].asc, (uint8_t)mid),
			&t[i]);
	}
}

static void unlisted_codes_fall_back_to_the_key(void **state)
{
	size_t n;
	const struct sense_rule *d = sense_key_defaults(&n);

	assert_ptr_equal(sense_rule_find(0x3, 0x99, 0x99), &d[0x3]);
	assert_ptr_equal(sense_rule_find(0x0, 0x00, 0x06), &d[0x0]);
	assert_ptr_equal(sense_rule_find(0x2, 0x04, 0x05), &d[0x2]);
	assert_ptr_equal(sense_rule_find(0xf, 0x00, 0x00), &d[0xf]);
}

/* Each captured buffer classifies as its file's comment says. */
static void classifies_captured(void **state)
{
	const struct captured *c = *state;
	struct sttape_sense s;
	struct sttape_classification cls;
	size_t len;
	uint8_t *buf = sttape_test_load_captured(c->file, &len);

	assert_int_equal(sttape_sense_parse(buf, len, &s),
			 c->unusable ? -EBADMSG : 0);
	sttape_sense_classify(&s, &cls);
	assert_string_equal(sttape_outcome_name(cls.outcome),
			    sttape_outcome_name(c->outcome));
	assert_int_equal(cls.err, c->err);
	assert_non_null(cls.text);
	/* the whole-result entry point agrees under CHECK CONDITION */
	memset(&s, 0, sizeof(s));
	assert_int_equal(sttape_classify_status(0x02, buf, len, &s, &cls),
			 c->err);
	assert_int_equal(cls.outcome, c->outcome);
	assert_int_equal(s.usable, !c->unusable);
	sttape_test_release(buf, len);
}

static struct sttape_sense sense(uint8_t key, uint8_t asc, uint8_t ascq)
{
	struct sttape_sense s = {.usable = true, .response_code = 0x70};

	s.key = key;
	s.asc = asc;
	s.ascq = ascq;
	return s;
}

static void expect(const struct sttape_sense *s, unsigned int flags,
		   enum sttape_outcome o, int err)
{
	struct sttape_classification c;

	sttape_sense_classify_ex(s, flags, &c);
	assert_string_equal(sttape_outcome_name(c.outcome),
			    sttape_outcome_name(o));
	assert_int_equal(c.err, err);
	assert_non_null(c.text);
}

static void filemark_wins_over_ili_and_eom(void **state)
{
	struct sttape_sense s = sense(0x0, 0x00, 0x00);

	s.filemark = s.ili = s.eom = true;
	s.info_valid = true;
	s.information = -4;
	expect(&s, 0, STTAPE_OUTCOME_FILEMARK, 0);
	s.asc = 0x00;
	s.ascq = 0x03;
	expect(&s, 0, STTAPE_OUTCOME_SETMARK, 0);
}

static void eom_is_early_warning_forward_and_bop_in_reverse(void **state)
{
	struct sttape_sense s = sense(0x0, 0x00, 0x00);

	s.eom = true;
	expect(&s, 0, STTAPE_OUTCOME_EARLY_WARNING, 0);
	expect(&s, STTAPE_CLASSIFY_REVERSE, STTAPE_OUTCOME_BOP, 0);
	/* 00/04 says BOP whatever the direction */
	s.ascq = 0x04;
	expect(&s, 0, STTAPE_OUTCOME_BOP, 0);
	/* 00/02 and 00/07 without the bit still report early warning */
	s = sense(0x0, 0x00, 0x02);
	expect(&s, 0, STTAPE_OUTCOME_EARLY_WARNING, 0);
	s.ascq = 0x07;
	expect(&s, 0, STTAPE_OUTCOME_EARLY_WARNING, 0);
	/* EOD with EOM stays EOD */
	s = sense(0x0, 0x00, 0x05);
	s.eom = true;
	expect(&s, 0, STTAPE_OUTCOME_END_OF_DATA, 0);
}

static void ili_follows_the_sign_of_information(void **state)
{
	struct sttape_sense s = sense(0x0, 0x00, 0x00);

	s.ili = true;
	s.info_valid = true;
	s.information = 1;
	expect(&s, 0, STTAPE_OUTCOME_ILI_SHORT, 0);
	s.information = -1;
	expect(&s, 0, STTAPE_OUTCOME_ILI_LONG, 0);
	s.information = 0;
	expect(&s, 0, STTAPE_OUTCOME_OTHER, -EIO);
	s.information = 100;
	s.info_valid = false;
	expect(&s, 0, STTAPE_OUTCOME_OTHER, -EIO);
	/* ILI beats EOM: the short record is the news */
	s.info_valid = true;
	s.eom = true;
	expect(&s, 0, STTAPE_OUTCOME_ILI_SHORT, 0);
}

/* Under an error key the bits do not turn the error into information. */
static void error_keys_ignore_the_stream_bits(void **state)
{
	struct sttape_sense s = sense(0x3, 0x11, 0x00);

	s.ili = s.eom = s.filemark = true;
	s.info_valid = true;
	s.information = 10;
	expect(&s, 0, STTAPE_OUTCOME_MEDIUM_ERROR, -EIO);
	s = sense(0xd, 0x00, 0x02);
	s.eom = true;
	expect(&s, 0, STTAPE_OUTCOME_VOLUME_OVERFLOW, -ENOSPC);
	expect(&s, STTAPE_CLASSIFY_REVERSE, STTAPE_OUTCOME_VOLUME_OVERFLOW,
	       -ENOSPC);
	s = sense(0x8, 0x00, 0x00);
	s.eom = true;
	expect(&s, STTAPE_CLASSIFY_REVERSE, STTAPE_OUTCOME_END_OF_DATA, 0);
}

static void recovered_error_is_good_data(void **state)
{
	struct sttape_sense s = sense(0x1, 0x17, 0x01);

	expect(&s, 0, STTAPE_OUTCOME_RECOVERED, 0);
	s.filemark = true;
	expect(&s, 0, STTAPE_OUTCOME_FILEMARK, 0);
	s.filemark = false;
	s.eom = true;
	expect(&s, 0, STTAPE_OUTCOME_EARLY_WARNING, 0);
}

static void deferred_reports_mean_not_performed(void **state)
{
	struct sttape_sense s = sense(0x0, 0x00, 0x02);

	s.eom = true;
	s.deferred = true;
	expect(&s, 0, STTAPE_OUTCOME_ABORTED, -EAGAIN);
	s = sense(0x8, 0x00, 0x05);
	s.deferred = true;
	expect(&s, 0, STTAPE_OUTCOME_ABORTED, -EAGAIN);
	s = sense(0xd, 0x00, 0x02);
	s.deferred = true;
	expect(&s, 0, STTAPE_OUTCOME_VOLUME_OVERFLOW, -ENOSPC);
}

static void key_and_code_mapping(void **state)
{
	static const struct {
		uint8_t key, asc, ascq;
		enum sttape_outcome o;
		int err;
	} cases[] = {
		{0x0, 0x00, 0x00, STTAPE_OUTCOME_OK, 0},
		{0x0, 0x00, 0x16, STTAPE_OUTCOME_BECOMING_READY, -EAGAIN},
		{0x2, 0x04, 0x00, STTAPE_OUTCOME_NOT_READY, -EIO},
		{0x2, 0x04, 0x02, STTAPE_OUTCOME_NOT_READY, -EIO},
		{0x2, 0x04, 0x07, STTAPE_OUTCOME_BECOMING_READY, -EAGAIN},
		{0x2, 0x3a, 0x02, STTAPE_OUTCOME_NO_MEDIUM, -ENOMEDIUM},
		{0x2, 0x3e, 0x00, STTAPE_OUTCOME_BECOMING_READY, -EAGAIN},
		{0x3, 0x31, 0x00, STTAPE_OUTCOME_MEDIUM_ERROR, -EIO},
		{0x4, 0x44, 0x00, STTAPE_OUTCOME_HARDWARE_ERROR, -EIO},
		{0x5, 0x1a, 0x00, STTAPE_OUTCOME_ILLEGAL_REQUEST, -EINVAL},
		{0x5, 0x20, 0x00, STTAPE_OUTCOME_UNSUPPORTED, -EOPNOTSUPP},
		{0x5, 0x25, 0x00, STTAPE_OUTCOME_ILLEGAL_REQUEST, -ENXIO},
		{0x5, 0x53, 0x02, STTAPE_OUTCOME_ILLEGAL_REQUEST, -EBUSY},
		{0x5, 0x99, 0x00, STTAPE_OUTCOME_ILLEGAL_REQUEST, -EINVAL},
		{0x6, 0x28, 0x00, STTAPE_OUTCOME_MEDIUM_CHANGED, -EIO},
		{0x6, 0x29, 0x07, STTAPE_OUTCOME_RESET, -EIO},
		{0x6, 0x2a, 0x01, STTAPE_OUTCOME_UNIT_ATTENTION, -EIO},
		{0x7, 0x27, 0x01, STTAPE_OUTCOME_WRITE_PROTECTED, -EROFS},
		{0x7, 0x30, 0x0c, STTAPE_OUTCOME_WRITE_PROTECTED, -EROFS},
		{0x7, 0x74, 0x00, STTAPE_OUTCOME_OTHER, -EACCES},
		{0x8, 0x14, 0x03, STTAPE_OUTCOME_END_OF_DATA, 0},
		{0x9, 0x80, 0x00, STTAPE_OUTCOME_OTHER, -EIO},
		{0xb, 0x47, 0x00, STTAPE_OUTCOME_ABORTED, -EAGAIN},
		{0xd, 0x00, 0x00, STTAPE_OUTCOME_VOLUME_OVERFLOW, -ENOSPC},
		{0xe, 0x1d, 0x00, STTAPE_OUTCOME_OTHER, -EIO},
		{0xf, 0x00, 0x00, STTAPE_OUTCOME_OK, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sttape_sense s =
			sense(cases[i].key, cases[i].asc, cases[i].ascq);

		expect(&s, 0, cases[i].o, cases[i].err);
	}
}

static void unusable_sense_is_an_error(void **state)
{
	struct sttape_sense s = sense(0x0, 0x00, 0x00);
	struct sttape_classification c;

	s.usable = false;
	expect(&s, 0, STTAPE_OUTCOME_UNUSABLE_SENSE, -EIO);
	sttape_sense_classify(NULL, &c);
	assert_int_equal(c.outcome, STTAPE_OUTCOME_UNUSABLE_SENSE);
	assert_int_equal(c.err, -EIO);
}

static void status_classification(void **state)
{
	static const uint8_t garbage[4] = {0x70, 0x00, 0x03, 0x00};
	static const uint8_t medium[18] = {0x70, 0, 0x03, 0, 0, 0,   0,
					   10,	 0, 0,	  0, 0, 0x11};
	static const struct {
		uint8_t status;
		const uint8_t *sense;
		size_t len;
		enum sttape_outcome o;
		int err;
	} cases[] = {
		{0x00, NULL, 0, STTAPE_OUTCOME_OK, 0},
		{0x00, medium, sizeof(medium), STTAPE_OUTCOME_OK, 0},
		{0x04, NULL, 0, STTAPE_OUTCOME_OK, 0},
		{0x02, NULL, 0, STTAPE_OUTCOME_UNUSABLE_SENSE, -EIO},
		{0x02, garbage, sizeof(garbage), STTAPE_OUTCOME_UNUSABLE_SENSE,
		 -EIO},
		{0x02, medium, sizeof(medium), STTAPE_OUTCOME_MEDIUM_ERROR,
		 -EIO},
		{0x08, NULL, 0, STTAPE_OUTCOME_BUSY, -EBUSY},
		{0x28, NULL, 0, STTAPE_OUTCOME_BUSY, -EBUSY},
		{0x18, NULL, 0, STTAPE_OUTCOME_OTHER, -EBUSY},
		{0x40, NULL, 0, STTAPE_OUTCOME_ABORTED, -EAGAIN},
		{0x30, NULL, 0, STTAPE_OUTCOME_OTHER, -EIO},
		{0x22, NULL, 0, STTAPE_OUTCOME_OTHER, -EIO},
	};
	struct sttape_classification c;
	struct sttape_sense s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = sttape_classify_status(cases[i].status, cases[i].sense,
						cases[i].len, &s, &c);

		assert_int_equal(rc, cases[i].err);
		assert_int_equal(c.err, cases[i].err);
		assert_string_equal(sttape_outcome_name(c.outcome),
				    sttape_outcome_name(cases[i].o));
		assert_non_null(c.text);
		assert_int_equal(s.usable, cases[i].sense == medium);
	}
	/* s may be NULL */
	assert_int_equal(
		sttape_classify_status(0x02, medium, sizeof(medium), NULL, &c),
		-EIO);
	assert_int_equal(c.outcome, STTAPE_OUTCOME_MEDIUM_ERROR);
}

/* mhvtl-style BOP (EOM + 00/04) and tgt's plain EOM during reverse. */
static void status_ex_passes_the_direction(void **state)
{
	struct sttape_classification c;
	size_t len;
	uint8_t *buf =
		sttape_test_load_captured("sense/tgt-write-eom.hex", &len);

	assert_int_equal(sttape_classify_status_ex(0x02, buf, len, 0, NULL, &c),
			 0);
	assert_int_equal(c.outcome, STTAPE_OUTCOME_EARLY_WARNING);
	assert_int_equal(sttape_classify_status_ex(0x02, buf, len,
						   STTAPE_CLASSIFY_REVERSE,
						   NULL, &c),
			 0);
	assert_int_equal(c.outcome, STTAPE_OUTCOME_BOP);
	sttape_test_release(buf, len);
}

static void outcome_names_are_distinct(void **state)
{
	int i, j;

	for (i = 0; i < STTAPE_OUTCOME_COUNT; i++) {
		const char *a = sttape_outcome_name((enum sttape_outcome)i);

		assert_string_not_equal(a, "unknown");
		for (j = 0; j < i; j++)
			assert_string_not_equal(
				a, sttape_outcome_name((enum sttape_outcome)j));
	}
	assert_string_equal(sttape_outcome_name(STTAPE_OUTCOME_COUNT),
			    "unknown");
	assert_string_equal(sttape_outcome_name((enum sttape_outcome) - 1),
			    "unknown");
	assert_string_equal(sttape_outcome_name(STTAPE_OUTCOME_ILI_LONG),
			    "ili_long");
}

static void retryable_outcomes(void **state)
{
	int i, n = 0;

	for (i = 0; i < STTAPE_OUTCOME_COUNT; i++)
		n += sttape_outcome_retryable((enum sttape_outcome)i);
	assert_int_equal(n, 3);
	assert_true(sttape_outcome_retryable(STTAPE_OUTCOME_BECOMING_READY));
	assert_true(sttape_outcome_retryable(STTAPE_OUTCOME_ABORTED));
	assert_true(sttape_outcome_retryable(STTAPE_OUTCOME_BUSY));
}

static void describe(const char *file, char *out, size_t len)
{
	struct sttape_sense s;
	size_t n;
	uint8_t *buf = sttape_test_load_captured(file, &n);

	assert_int_equal(sttape_sense_parse(buf, n, &s), 0);
	sttape_sense_describe(&s, out, len);
	sttape_test_release(buf, n);
}

static void describe_uses_words(void **state)
{
	char out[256];

	describe("sense/tgt-read-filemark.hex", out, sizeof(out));
	assert_non_null(strstr(out, "No Sense"));
	assert_non_null(strstr(out, "Filemark detected"));
	assert_non_null(strstr(out, "[FILEMARK]"));
	assert_non_null(strstr(out, "info=32768"));
	describe("sense/tgt-read-ili-long.hex", out, sizeof(out));
	assert_non_null(strstr(out, "[ILI]"));
	assert_non_null(strstr(out, "info=-512"));
	describe("sense/synthetic-becoming-ready-progress.hex", out,
		 sizeof(out));
	assert_non_null(strstr(out, "Not Ready"));
	assert_non_null(strstr(out, "becoming ready"));
	assert_non_null(strstr(out, "progress=25%"));
	describe("sense/synthetic-deferred-write-error.hex", out, sizeof(out));
	assert_non_null(strstr(out, "Medium Error"));
	assert_non_null(strstr(out, "[deferred]"));
	sttape_sense_describe(NULL, out, sizeof(out));
	assert_string_equal(out, "no usable sense data");
}

static void describe_truncates_safely(void **state)
{
	char out[8];

	memset(out, 'x', sizeof(out));
	describe("sense/tgt-read-filemark.hex", out, 5);
	assert_int_equal(strlen(out), 4);
	assert_int_equal(out[5], 'x');
	describe("sense/tgt-read-filemark.hex", out, 1);
	assert_int_equal(out[0], '\0');
	out[0] = 'y';
	describe("sense/tgt-read-filemark.hex", out, 0);
	assert_int_equal(out[0], 'y');
}

int main(void)
{
	struct CMUnitTest tests[128];
	size_t n = 0, i;
	static const struct CMUnitTest fixed_tests[] = {
		cmocka_unit_test(table_is_sorted_without_overlap),
		cmocka_unit_test(key_defaults_are_indexed_by_key),
		cmocka_unit_test(every_row_is_found),
		cmocka_unit_test(unlisted_codes_fall_back_to_the_key),
		cmocka_unit_test(filemark_wins_over_ili_and_eom),
		cmocka_unit_test(
			eom_is_early_warning_forward_and_bop_in_reverse),
		cmocka_unit_test(ili_follows_the_sign_of_information),
		cmocka_unit_test(error_keys_ignore_the_stream_bits),
		cmocka_unit_test(recovered_error_is_good_data),
		cmocka_unit_test(deferred_reports_mean_not_performed),
		cmocka_unit_test(key_and_code_mapping),
		cmocka_unit_test(unusable_sense_is_an_error),
		cmocka_unit_test(status_classification),
		cmocka_unit_test(status_ex_passes_the_direction),
		cmocka_unit_test(outcome_names_are_distinct),
		cmocka_unit_test(retryable_outcomes),
		cmocka_unit_test(describe_uses_words),
		cmocka_unit_test(describe_truncates_safely),
	};

	if (sttape_test_captured_count > 96)
		return 1; /* grow tests[] */
	for (i = 0; i < sttape_test_captured_count; i++) {
		tests[n++] = (struct CMUnitTest){
			.name = sttape_test_captured[i].file,
			.test_func = classifies_captured,
			.initial_state =
				(void *)(uintptr_t)&sttape_test_captured[i],
		};
	}
	for (i = 0; i < sizeof(fixed_tests) / sizeof(fixed_tests[0]); i++)
		tests[n++] = fixed_tests[i];
	return _cmocka_run_group_tests("sense_classify", tests, n, NULL, NULL);
}
