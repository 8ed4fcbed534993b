/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * captured.h - the sense buffers in tests/data/sense/ and what each must
 * parse and classify to (the files' comments say where the bytes come
 * from).
 */
#ifndef STTAPE_TEST_CAPTURED_H
#define STTAPE_TEST_CAPTURED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/sense.h>

struct captured {
	const char *file; /* under tests/data/ */
	bool unusable;	  /* the parser must refuse it (-EBADMSG) */
	enum sttape_outcome outcome;
	int err;
	uint8_t key, asc, ascq;
	bool descriptor, deferred;
	bool filemark, eom, ili;
	bool info_valid;
	int64_t information;
	bool progress_valid;
	uint16_t progress;
};

extern const struct captured sttape_test_captured[];
extern const size_t sttape_test_captured_count;

/*
 * A copy of buf[0..len-1] whose last byte is followed by an inaccessible
 * page: any read past the end faults, even inside libsgutils2, which
 * ASan does not instrument.  Release with sttape_test_release().
 */
uint8_t *sttape_test_guarded_copy(const uint8_t *buf, size_t len);
void sttape_test_release(uint8_t *p, size_t len);

/*
 * Load a captured file into a guarded buffer of exactly its size.
 * Returns the buffer and *len, or NULL after a cmocka failure.
 */
uint8_t *sttape_test_load_captured(const char *file, size_t *len);

#endif
