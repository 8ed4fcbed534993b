/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drive_test.h - fixture shared by the drive unit tests: a drive wrapped
 * around a fresh scripted transport.
 */
#ifndef STTAPE_DRIVE_TEST_H
#define STTAPE_DRIVE_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <sttape/drive.h>

#include "fake_transport.h"

struct fx {
	struct sttape_fake *f;
	struct sttape_drive *d;
	struct sttape_result r;
};

static inline int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->f = sttape_fake_new();
	assert_int_equal(sttape_drive_wrap(sttape_fake_transport(x->f), &x->d),
			 0);
	*state = x;
	return 0;
}

/* Frees everything before asserting, so a failed test leaks nothing. */
static inline int fx_teardown(void **state)
{
	struct fx *x = *state;
	size_t ran, queued;
	bool closed;

	sttape_drive_close(x->d);
	closed = sttape_fake_closed(x->f);
	ran = sttape_fake_steps_run(x->f);
	queued = sttape_fake_steps_queued(x->f);
	sttape_fake_free(x->f);
	free(x);
	assert_true(closed);
	assert_int_equal(ran, queued);
	return 0;
}

/* Queue an exact CDB given as bytes. */
#define STTAPE_EXPECT(x, ...)                                                  \
	sttape_fake_expect((x)->f, (const uint8_t[]){__VA_ARGS__},             \
			   sizeof((const uint8_t[]){__VA_ARGS__}))

#define STTAPE_FX_TEST(fn)                                                     \
	cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

#endif
