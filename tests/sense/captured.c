// SPDX-License-Identifier: BSD-2-Clause
#include "captured.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "hexfile.h"

#define STTAPE_C(f, o, e, k, a, q, ...)                                        \
	{                                                                      \
		.file = "sense/" f, .outcome = STTAPE_OUTCOME_##o, .err = (e), \
		.key = (k), .asc = (a), .ascq = (q), __VA_ARGS__               \
	}

const struct captured sttape_test_captured[] = {
	STTAPE_C("tgt-read-filemark.hex", FILEMARK, 0, 0x0, 0x00, 0x01,
		 .filemark = true, .info_valid = true, .information = 32768),
	STTAPE_C("tgt-read-eod-blank-check.hex", END_OF_DATA, 0, 0x8, 0x00,
		 0x00, .eom = true),
	STTAPE_C("tgt-read-ili-short.hex", ILI_SHORT, 0, 0x0, 0x00, 0x00,
		 .ili = true, .info_valid = true, .information = 512),
	STTAPE_C("tgt-read-ili-long.hex", ILI_LONG, 0, 0x0, 0x00, 0x00,
		 .ili = true, .info_valid = true, .information = -512),
	STTAPE_C("tgt-space-eod.hex", END_OF_DATA, 0, 0x0, 0x00, 0x05),
	STTAPE_C("tgt-space-bop.hex", BOP, 0, 0x0, 0x00, 0x04),
	STTAPE_C("tgt-write-eom.hex", EARLY_WARNING, 0, 0x0, 0x00, 0x00,
		 .eom = true),
	STTAPE_C("tgt-not-ready-no-medium.hex", NO_MEDIUM, -ENOMEDIUM, 0x2,
		 0x3a, 0x00),
	STTAPE_C("tgt-data-protect.hex", WRITE_PROTECTED, -EROFS, 0x7, 0x27,
		 0x00),
	STTAPE_C("tgt-illegal-opcode.hex", UNSUPPORTED, -EOPNOTSUPP, 0x5, 0x20,
		 0x00),
	STTAPE_C("tgt-illegal-field-cdb.hex", ILLEGAL_REQUEST, -EINVAL, 0x5,
		 0x24, 0x00),
	STTAPE_C("tgt-ua-reset-desc.hex", RESET, -EIO, 0x6, 0x29, 0x00,
		 .descriptor = true),
	STTAPE_C("tgt-ua-reset.hex", RESET, -EIO, 0x6, 0x29, 0x00),
	STTAPE_C("tgt-desc-ili-short.hex", UNUSABLE_SENSE, -EIO, 0, 0, 0,
		 .unusable = true),
	STTAPE_C("tgt-desc-filemark.hex", UNUSABLE_SENSE, -EIO, 0, 0, 0,
		 .unusable = true),
	STTAPE_C("tgt-desc-write-eom.hex", UNUSABLE_SENSE, -EIO, 0, 0, 0,
		 .unusable = true),
	STTAPE_C("tgt-desc-space-eod.hex", END_OF_DATA, 0, 0x0, 0x00, 0x05,
		 .descriptor = true),
	STTAPE_C("tgt-desc-no-medium.hex", NO_MEDIUM, -ENOMEDIUM, 0x2, 0x3a,
		 0x00, .descriptor = true),
	STTAPE_C("tgt-desc-write-protect.hex", WRITE_PROTECTED, -EROFS, 0x7,
		 0x27, 0x00, .descriptor = true),
	STTAPE_C("mhvtl-early-warning.hex", EARLY_WARNING, 0, 0x0, 0x00, 0x02,
		 .eom = true, .info_valid = true, .information = 0),
	STTAPE_C("mhvtl-prog-early-warning.hex", EARLY_WARNING, 0, 0x0, 0x00,
		 0x07, .eom = true, .info_valid = true),
	STTAPE_C("mhvtl-volume-overflow.hex", VOLUME_OVERFLOW, -ENOSPC, 0xd,
		 0x00, 0x02, .eom = true, .info_valid = true),
	STTAPE_C("mhvtl-read-filemark.hex", FILEMARK, 0, 0x0, 0x00, 0x01,
		 .filemark = true, .info_valid = true, .information = 65536),
	STTAPE_C("mhvtl-read-eod.hex", END_OF_DATA, 0, 0x8, 0x00, 0x05,
		 .info_valid = true, .information = 65536),
	STTAPE_C("mhvtl-read-ili-short.hex", ILI_SHORT, 0, 0x0, 0x00, 0x00,
		 .ili = true, .info_valid = true, .information = 3096),
	STTAPE_C("mhvtl-read-ili-long.hex", ILI_LONG, 0, 0x0, 0x00, 0x00,
		 .ili = true, .info_valid = true, .information = -1000),
	STTAPE_C("mhvtl-space-bop.hex", BOP, 0, 0x0, 0x00, 0x04, .eom = true,
		 .info_valid = true, .information = 2),
	STTAPE_C("mhvtl-ua-medium-changed.hex", MEDIUM_CHANGED, -EIO, 0x6, 0x28,
		 0x00, .info_valid = true),
	STTAPE_C("mhvtl-ua-power-on.hex", RESET, -EIO, 0x6, 0x29, 0x00),
	STTAPE_C("mhvtl-becoming-ready.hex", BECOMING_READY, -EAGAIN, 0x2, 0x04,
		 0x01, .info_valid = true),
	STTAPE_C("mhvtl-write-protect.hex", WRITE_PROTECTED, -EROFS, 0x7, 0x27,
		 0x00, .info_valid = true),
	STTAPE_C("mhvtl-illegal-opcode.hex", UNSUPPORTED, -EOPNOTSUPP, 0x5,
		 0x20, 0x00, .info_valid = true),
	STTAPE_C("mhvtl-illegal-field-cdb.hex", ILLEGAL_REQUEST, -EINVAL, 0x5,
		 0x24, 0x00, .info_valid = true),
	STTAPE_C("synthetic-becoming-ready-progress.hex", BECOMING_READY,
		 -EAGAIN, 0x2, 0x04, 0x01, .progress_valid = true,
		 .progress = 0x4000),
	STTAPE_C("synthetic-desc-filemark.hex", FILEMARK, 0, 0x0, 0x00, 0x01,
		 .descriptor = true, .filemark = true, .info_valid = true,
		 .information = 7),
	STTAPE_C("synthetic-desc-ili-long.hex", ILI_LONG, 0, 0x0, 0x00, 0x00,
		 .descriptor = true, .ili = true, .info_valid = true,
		 .information = -1000),
	STTAPE_C("synthetic-deferred-write-error.hex", MEDIUM_ERROR, -EIO, 0x3,
		 0x0c, 0x00, .deferred = true),
	STTAPE_C("synthetic-deferred-recovered-desc.hex", ABORTED, -EAGAIN, 0x1,
		 0x17, 0x01, .descriptor = true, .deferred = true,
		 .info_valid = true, .information = 3),
	STTAPE_C("synthetic-desc-overrun.hex", OTHER, -EIO, 0x0, 0x00, 0x00,
		 .descriptor = true, .ili = true),
	STTAPE_C("synthetic-addlen-past-end.hex", ILI_SHORT, 0, 0x0, 0x00, 0x00,
		 .ili = true, .info_valid = true, .information = 512),
};

const size_t sttape_test_captured_count =
	sizeof(sttape_test_captured) / sizeof(sttape_test_captured[0]);

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

uint8_t *sttape_test_guarded_copy(const uint8_t *buf, size_t len)
{
	size_t pg = page_size(), data = (len / pg + 1) * pg;
	uint8_t *base = mmap(NULL, data + pg, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *p;

	assert_true(base != MAP_FAILED);
	assert_int_equal(mprotect(base + data, pg, PROT_NONE), 0);
	p = base + data - len;
	if (len)
		memcpy(p, buf, len);
	return p;
}

void sttape_test_release(uint8_t *p, size_t len)
{
	size_t pg = page_size(), data = (len / pg + 1) * pg;

	if (p)
		munmap(p + len - data, data + pg);
}

uint8_t *sttape_test_load_captured(const char *file, size_t *len)
{
	uint8_t tmp[512];
	long n = sttape_test_load_hex(file, tmp, sizeof(tmp));

	if (n <= 0) {
		fail_msg("cannot load %s", file);
		return NULL;
	}
	*len = (size_t)n;
	return sttape_test_guarded_copy(tmp, (size_t)n);
}
