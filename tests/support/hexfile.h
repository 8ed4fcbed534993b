/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hexfile.h - load captured buffers kept as commented hex text.
 * Format: '#' starts a comment to end of line; bytes are pairs of hex
 * digits separated by white space.
 */
#ifndef STTAPE_TEST_HEXFILE_H
#define STTAPE_TEST_HEXFILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read tests/data/<rel> (directory from $STTAPE_TEST_DATA) into buf.
 * Returns the byte count, or -1 (and prints why) on a missing file or
 * a malformed byte.
 */
long sttape_test_load_hex(const char *rel, uint8_t *buf, size_t cap);

#endif
