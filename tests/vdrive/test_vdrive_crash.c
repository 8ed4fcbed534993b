/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_vdrive_crash.c - crash consistency of the image: a child writes
 * records and filemarks through the drive in a loop and is killed with
 * SIGKILL at a random instant, 20 times.  Every time the image must open,
 * hold exactly a prefix of the object sequence (checked byte by byte
 * through READ), and hold every object whose WRITE had completed.  Odd
 * rounds continue the previous image from its end of data, so the drop
 * of a torn tail and the append after it are exercised too.
 *
 * STTAPE_CRASH_SEED overrides the random seed (printed on failure).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "bytes.h"
#include "vt.h"

#define ROUNDS	20
#define MAX_REC (512 * 1024)

/* Object j of round seed s: a filemark, or a record with known bytes. */
static uint32_t obj_hash(uint32_t s, uint64_t j)
{
	uint64_t x = (j + 1) * 0x9e3779b97f4a7c15ull ^ s;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 29;
	return (uint32_t)x;
}

static bool obj_is_fm(uint32_t s, uint64_t j)
{
	return obj_hash(s, j) % 9 == 0;
}

static uint32_t obj_len(uint32_t s, uint64_t j)
{
	return 1 + obj_hash(s, j) / 9 % MAX_REC;
}

/*
 * Record bytes: a window of a fixed pattern chosen by the object's hash,
 * so that filling is a memcpy and the writer spends its time in the
 * write itself, where a kill leaves a torn object.
 */
static uint8_t pattern[MAX_REC + 4096];

static void obj_fill(uint32_t s, uint64_t j, uint8_t *buf, uint32_t len)
{
	memcpy(buf, pattern + (obj_hash(s, j) & 4095), len);
}

static void pattern_init(void)
{
	for (size_t k = 0; k < sizeof(pattern); k++)
		pattern[k] = (uint8_t)(k * 7 + (k >> 8) + (k >> 16));
}

static struct sttape_transport *open_drive(const char *path)
{
	struct sttape_transport *t;
	char spec[256], why[256];

	snprintf(spec, sizeof(spec), "%s,profile=lto", path);
	if (sttape_vdrive_transport_open(spec, &t, why, sizeof(why)) != 0) {
		fprintf(stderr, "open: %s\n", why);
		return NULL;
	}
	return t;
}

static int run(struct sttape_transport *t, const uint8_t *cdb, int n,
	       enum sttape_dir dir, void *buf, size_t len,
	       struct sttape_cmd_result *res)
{
	struct sttape_cmd cmd = {cdb, (size_t)n, dir, buf, len, 0};

	if (t->ops->execute(t, &cmd, res) || res->transport_err)
		return -1;
	return res->status;
}

/* Child: continue the sequence from end of data until killed. */
static void writer(const char *path, uint32_t s, volatile uint64_t *done)
{
	struct sttape_transport *t = open_drive(path);
	struct sttape_cmd_result res;
	uint8_t cdb[STTAPE_CDB_MAX], pos[20];
	uint8_t *buf = malloc(MAX_REC);
	uint64_t j;

	if (!t || !buf)
		_exit(3);
	if (run(t, cdb, sttape_cdb_space6(cdb, STTAPE_SPACE_END_OF_DATA, 0),
		STTAPE_DIR_NONE, NULL, 0, &res) != 0 ||
	    run(t, cdb, sttape_cdb_read_position(cdb, STTAPE_RP_SHORT, 0),
		STTAPE_DIR_IN, pos, sizeof(pos), &res) != 0)
		_exit(4);
	j = sttape_get_be32(pos + 4);
	*done = j;
	for (;; j++) {
		int st;

		if (obj_is_fm(s, j)) {
			st = run(t, cdb,
				 sttape_cdb_write_filemarks6(cdb, true, 1),
				 STTAPE_DIR_NONE, NULL, 0, &res);
		} else {
			uint32_t len = obj_len(s, j);

			obj_fill(s, j, buf, len);
			st = run(t, cdb, sttape_cdb_write6(cdb, false, len),
				 STTAPE_DIR_OUT, buf, len, &res);
		}
		if (st != 0)
			_exit(5);
		*done = j + 1;
	}
}

/* Parent: the image opens and holds objects 0..n-1 of the sequence. */
static uint64_t verify(const char *path, uint32_t s, uint64_t acked)
{
	struct sttape_transport *t = open_drive(path);
	struct sttape_cmd_result res;
	uint8_t cdb[STTAPE_CDB_MAX];
	uint8_t *buf = malloc(MAX_REC + 1), *want = malloc(MAX_REC);
	uint64_t j;

	assert_non_null(t);
	assert_non_null(buf);
	assert_non_null(want);
	for (j = 0;; j++) {
		int n = sttape_cdb_read6(cdb, false, false, MAX_REC + 1);
		int st = run(t, cdb, n, STTAPE_DIR_IN, buf, MAX_REC + 1, &res);
		uint8_t key = res.sense[2] & 0x0f;

		assert_int_equal(res.transport_err, 0);
		if (st == STTAPE_STATUS_CHECK_CONDITION &&
		    key == STTAPE_SK_BLANK_CHECK)
			break;
		if (obj_is_fm(s, j)) {
			assert_int_equal(st, STTAPE_STATUS_CHECK_CONDITION);
			assert_int_equal(res.sense[2] & 0x80, 0x80);
		} else {
			uint32_t len = obj_len(s, j);

			/* Shorter than asked: ILI with residue 1. */
			assert_int_equal(st, STTAPE_STATUS_CHECK_CONDITION);
			assert_int_equal(res.sense[2], 0x20);
			assert_int_equal(MAX_REC + 1 - res.resid, len);
			obj_fill(s, j, want, len);
			if (memcmp(buf, want, len) != 0)
				fail_msg("object %llu differs",
					 (unsigned long long)j);
		}
	}
	/* Every acknowledged write is there, at most one more. */
	if (j < acked || j > acked + 1)
		fail_msg("image holds %llu objects, writer had finished %llu",
			 (unsigned long long)j, (unsigned long long)acked);
	t->ops->close(t);
	free(buf);
	free(want);
	return j;
}

static void t_kill_writer(void **state)
{
	char dir[] = "/tmp/vdrive-crash.XXXXXX", path[128], why[256];
	volatile uint64_t *done;
	void *map;
	uint32_t seed = (uint32_t)time(NULL);
	uint32_t s = 0;
	const char *env = getenv("STTAPE_CRASH_SEED");
	uint64_t total = 0, last = 0;
	struct sttape_vdrive_image_info info;
	int torn = 0;

	if (env)
		seed = (uint32_t)strtoul(env, NULL, 0);
	pattern_init();
	fprintf(stderr, "crash test seed %u (STTAPE_CRASH_SEED)\n", seed);
	srand(seed);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/tape.img", dir);
	map = mmap(NULL, sizeof(*done), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(map != MAP_FAILED);
	done = map;
	for (int round = 0; round < ROUNDS; round++) {
		struct timespec ts = {0, (rand() % 40000 + 500) * 1000L};
		int status;
		pid_t pid;

		if (round % 2 == 0) {
			/* Fresh cartridge, new sequence. */
			unlink(path);
			assert_int_equal(sttape_vdrive_image_create(
						 path, 1ull << 30, "lto", why,
						 sizeof(why)),
					 0);
			s = (uint32_t)rand();
		}
		/* What the image holds before the writer starts. */
		*done = round % 2 ? last : 0;
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			writer(path, s, done);
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFSIGNALED(status))
			fail_msg("writer exited by itself: status %#x", status);
		assert_int_equal(sttape_vdrive_image_walk(path, &info, NULL,
							  NULL, why,
							  sizeof(why)),
				 0);
		torn += info.torn_tail;
		last = verify(path, s, *done);
		total += last;
	}
	fprintf(stderr,
		"%d rounds, %llu objects verified, %d kills left a torn "
		"write\n",
		ROUNDS, (unsigned long long)total, torn);
	/* Some kill must have landed after the writer wrote something. */
	assert_true(total > 0);
	munmap(map, sizeof(*done));
	vt_cleanup_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_kill_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
