/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cdb_check.h - assertions shared by the CDB builder tests.
 *
 * Each builder runs on a buffer pre-filled with a non-zero canary that is
 * larger than STTAPE_CDB_MAX.  A good result must match the expected CDB
 * byte for byte (so reserved bytes and CONTROL were written as zero) and
 * leave every byte past the returned length holding the canary; -EINVAL
 * must leave the whole buffer untouched.
 */
#ifndef STTAPE_TEST_CDB_CHECK_H
#define STTAPE_TEST_CDB_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sttape/cdb.h>

#define CDB_CANARY  0xa5
#define CDB_BUF_LEN (STTAPE_CDB_MAX + 16)

static inline void cdb_canary(uint8_t *buf)
{
	memset(buf, CDB_CANARY, CDB_BUF_LEN);
}

static inline void cdb_assert_tail(const uint8_t *buf, size_t from)
{
	for (size_t i = from; i < CDB_BUF_LEN; i++)
		assert_int_equal(buf[i], CDB_CANARY);
}

static inline void cdb_assert_built(int rc, const uint8_t *buf,
				    const uint8_t *want, size_t want_len)
{
	assert_int_equal(rc, (int)want_len);
	assert_memory_equal(buf, want, want_len);
	cdb_assert_tail(buf, want_len);
}

/*
 * CDB_EXPECT(call, bytes...): run call (which writes into `cdb`) on a
 * canary buffer and compare with the listed bytes.
 */
#define CDB_EXPECT(call, ...)                                                  \
	do {                                                                   \
		static const uint8_t want_[] = {__VA_ARGS__};                  \
		uint8_t cdb[CDB_BUF_LEN];                                      \
		cdb_canary(cdb);                                               \
		cdb_assert_built((call), cdb, want_, sizeof(want_));           \
	} while (0)

/* CDB_EXPECT_EINVAL(call): -EINVAL and not one byte written. */
#define CDB_EXPECT_EINVAL(call)                                                \
	do {                                                                   \
		uint8_t cdb[CDB_BUF_LEN];                                      \
		cdb_canary(cdb);                                               \
		assert_int_equal((call), -EINVAL);                             \
		cdb_assert_tail(cdb, 0);                                       \
	} while (0)

#endif /* STTAPE_TEST_CDB_CHECK_H */
