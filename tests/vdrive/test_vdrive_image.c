/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_vdrive_image.c - the image file and the device string: damaged and
 * truncated images give an error naming the offset, a torn last write is
 * dropped, images are sparse, options with typos or bad values are
 * rejected with the list of valid ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vt.h"

#define REC	1000
#define RECSPAN (32 + REC) /* object header + record */

static char g_dir[64];
static char g_path[128];

static int setup(void **state)
{
	snprintf(g_dir, sizeof(g_dir), "/tmp/vdrive-img.XXXXXX");
	if (!mkdtemp(g_dir))
		return -1;
	snprintf(g_path, sizeof(g_path), "%s/tape.img", g_dir);
	return 0;
}

static int teardown(void **state)
{
	vt_cleanup_dir(g_dir);
	return 0;
}

static int try_open(const char *opts, char *why, size_t len)
{
	struct sttape_transport *t = NULL;
	char spec[512];
	int rc;

	snprintf(spec, sizeof(spec), "%s%s%s", g_path, opts ? "," : "",
		 opts ? opts : "");
	why[0] = '\0';
	rc = sttape_vdrive_transport_open(spec, &t, why, len);
	if (rc == 0)
		t->ops->close(t);
	else
		assert_null(t);
	return rc;
}

/* A fresh lto image with `n` records of REC bytes. */
static void make_image(int n)
{
	struct vt v = {.profile = "lto"};
	char why[256];
	uint8_t *buf = calloc(1, REC);

	unlink(g_path);
	assert_int_equal(sttape_vdrive_image_create(g_path, 1 << 30, "lto", why,
						    sizeof(why)),
			 0);
	assert_int_equal(
		sttape_vdrive_transport_open(g_path, &v.t, why, sizeof(why)),
		0);
	for (int i = 0; i < n; i++) {
		memset(buf, i, REC);
		vt_good(vt_write(&v, false, buf, REC, REC));
	}
	v.t->ops->close(v.t);
	free(buf);
}

static void patch(off_t off, uint8_t x)
{
	int fd = open(g_path, O_RDWR);
	uint8_t b;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &b, 1, off), 1);
	b ^= x;
	assert_int_equal(pwrite(fd, &b, 1, off), 1);
	close(fd);
}

static off_t file_size(void)
{
	struct stat st;

	assert_int_equal(stat(g_path, &st), 0);
	return st.st_size;
}

static void t_truncated_header(void **state)
{
	char why[256];

	make_image(0);
	assert_int_equal(truncate(g_path, 100), 0);
	assert_int_equal(try_open(NULL, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "truncated"));
	assert_non_null(strstr(why, "offset 100"));
}

static void t_not_an_image(void **state)
{
	char why[256], junk[8192];
	FILE *f = fopen(g_path, "w");

	assert_non_null(f);
	memset(junk, 'x', sizeof(junk));
	fwrite(junk, 1, sizeof(junk), f);
	fclose(f);
	assert_int_equal(try_open(NULL, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "offset 0"));
	/* The file was not touched. */
	assert_int_equal(file_size(), sizeof(junk));
}

static void t_corrupt_header_checksum(void **state)
{
	char why[256];

	make_image(0);
	patch(20, 0x01); /* inside the capacity field */
	assert_int_equal(try_open(NULL, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "checksum"));
}

static void t_corrupt_record_names_offset(void **state)
{
	struct sttape_vdrive_image_info info;
	char why[256], want[64];
	off_t bad = 4096 + 2 * RECSPAN;

	make_image(5);
	patch(bad + 9, 0x40); /* length field of object 2 */
	assert_int_equal(try_open(NULL, why, sizeof(why)), -EBADMSG);
	snprintf(want, sizeof(want), "offset %lld", (long long)bad);
	if (!strstr(why, want))
		fail_msg("\"%s\" does not name %s", why, want);
	assert_non_null(strstr(why, "object 2"));
	/* The walk reports the same offset and the objects before it. */
	assert_int_equal(sttape_vdrive_image_walk(g_path, &info, NULL, NULL,
						  why, sizeof(why)),
			 -EBADMSG);
	assert_int_equal(info.bad_offset, (uint64_t)bad);
	assert_int_equal(info.objects, 2);
	/* Damage is not repaired behind the user's back. */
	assert_int_equal(file_size(), 4096 + 5 * RECSPAN);
}

static void t_torn_tail_dropped(void **state)
{
	struct sttape_vdrive_image_info info;
	struct vt v = {.profile = "lto"};
	char why[256];
	uint8_t buf[REC];
	struct vres r;

	make_image(3);
	/* Killed in the middle of the last record's bytes. */
	assert_int_equal(truncate(g_path, 4096 + 3 * RECSPAN - 10), 0);
	assert_int_equal(sttape_vdrive_image_walk(g_path, &info, NULL, NULL,
						  why, sizeof(why)),
			 0);
	assert_true(info.torn_tail);
	assert_int_equal(info.objects, 2);
	snprintf(v.path, sizeof(v.path), "%s", g_path);
	assert_int_equal(
		sttape_vdrive_transport_open(v.path, &v.t, why, sizeof(why)),
		0);
	/* Opening dropped the torn bytes: the file ends at end of data. */
	assert_int_equal(file_size(), 4096 + 2 * RECSPAN);
	vt_good(vt_space(&v, STTAPE_SPACE_BLOCKS, 2));
	r = vt_read(&v, false, false, buf, REC, REC);
	vt_sense(r, STTAPE_SK_BLANK_CHECK, 0x00, 0x05);
	/* Appending continues cleanly after it. */
	vt_good(vt_write(&v, false, buf, REC, REC));
	v.t->ops->close(v.t);
	assert_int_equal(sttape_vdrive_image_walk(g_path, &info, NULL, NULL,
						  why, sizeof(why)),
			 0);
	assert_false(info.torn_tail);
	assert_int_equal(info.objects, 3);
}

static void t_torn_header_dropped(void **state)
{
	struct sttape_vdrive_image_info info;
	char why[256];
	FILE *f;

	make_image(2);
	f = fopen(g_path, "a");
	assert_non_null(f);
	fwrite("STRC\x01\x00", 1, 6, f); /* a header cut short */
	fclose(f);
	assert_int_equal(try_open(NULL, why, sizeof(why)), 0);
	assert_int_equal(sttape_vdrive_image_walk(g_path, &info, NULL, NULL,
						  why, sizeof(why)),
			 0);
	assert_false(info.torn_tail);
	assert_int_equal(info.objects, 2);
}

static void t_sparse_and_created(void **state)
{
	struct sttape_vdrive_image_info info;
	struct stat st;
	char why[256];

	unlink(g_path);
	/* A missing image is created blank with the options given. */
	assert_int_equal(try_open("profile=qic,capacity=10G", why, sizeof(why)),
			 0);
	assert_int_equal(stat(g_path, &st), 0);
	assert_true((uint64_t)st.st_blocks * 512 < 1024 * 1024);
	assert_int_equal(sttape_vdrive_image_walk(g_path, &info, NULL, NULL,
						  why, sizeof(why)),
			 0);
	assert_int_equal(info.capacity, 10ull << 30);
	assert_string_equal(info.profile, "qic");
	/* Nonsense is refused before anything is written. */
	assert_int_equal(sttape_vdrive_image_create(g_path, 1 << 20, "lt0", why,
						    sizeof(why)),
			 -EINVAL);
	assert_int_equal(sttape_vdrive_image_create(g_path, 100, "lto", why,
						    sizeof(why)),
			 -EINVAL);
	/* And it cannot be created twice. */
	assert_int_equal(sttape_vdrive_image_create(g_path, 1 << 20, "lto", why,
						    sizeof(why)),
			 -EEXIST);
}

static void t_in_use(void **state)
{
	struct sttape_transport *t;
	char why[256];

	make_image(1);
	assert_int_equal(
		sttape_vdrive_transport_open(g_path, &t, why, sizeof(why)), 0);
	assert_int_equal(try_open(NULL, why, sizeof(why)), -EBUSY);
	assert_non_null(strstr(why, "in use"));
	t->ops->close(t);
	assert_int_equal(try_open(NULL, why, sizeof(why)), 0);
}

static void t_option_typo(void **state)
{
	char why[512];

	make_image(0);
	assert_int_equal(try_open("capacty=1G", why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "capacty"));
	assert_non_null(strstr(why, "valid options"));
	assert_non_null(strstr(why, "capacity"));
	assert_non_null(strstr(why, "writeerr"));
	assert_int_equal(try_open("wp", why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "valid options"));
}

static void t_option_values(void **state)
{
	static const char *const bad[] = {
		"profile=lt0", "capacity=12X", "capacity=-1",
		"wp=2",	       "ua=power",     "readerr=x",
		"maxblock=0",  "vendor=",      "product=12345678901234567",
		"delay_ms=-5", "capacity=1K",  "ew=lots",
	};
	char why[512];

	make_image(0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (try_open(bad[i], why, sizeof(why)) != -EINVAL)
			fail_msg("%s accepted", bad[i]);
		assert_non_null(strstr(why, "bad value"));
	}
	/* Good spellings of the same options. */
	assert_int_equal(try_open("profile=dds,capacity=2G,wp=1,ua=reset,"
				  "readerr=3,maxblock=1M,vendor=HP,"
				  "delay_ms=0,ew=1M,pew=2M,mb_delay_ms=0,"
				  "vanish_after=10,writeerr=-1,revision=A1,"
				  "product=C5683A,serial=X1,nomedium=0",
				  why, sizeof(why)),
			 0);
}

static void t_runtime_options(void **state)
{
	struct sttape_transport *t;
	struct sttape_vdrive_state st;
	struct sttape_vdrive *vd;
	char why[512];

	make_image(0);
	assert_int_equal(
		sttape_vdrive_transport_open(g_path, &t, why, sizeof(why)), 0);
	vd = sttape_vdrive_of(t);
	assert_non_null(vd);
	assert_int_equal(sttape_vdrive_set_options(vd, "wp=1,capacity=5M", why,
						   sizeof(why)),
			 0);
	sttape_vdrive_get_state(vd, &st);
	assert_true(st.write_protected);
	assert_int_equal(st.capacity, 5 << 20);
	assert_int_equal(
		sttape_vdrive_set_options(vd, "profile=qic", why, sizeof(why)),
		-EINVAL);
	assert_int_equal(
		sttape_vdrive_set_options(vd, "wq=1", why, sizeof(why)),
		-EINVAL);
	assert_non_null(strstr(why, "valid options"));
	t->ops->close(t);
	/* A transport that is not a vdrive has no vdrive. */
	assert_null(sttape_vdrive_of(NULL));
}

/*
 * Random damage: a byte changed anywhere, or the file cut anywhere.  The
 * drive opens the image or refuses it with a message naming an offset,
 * and never crashes (ASan and UBSan watch).
 */
static void t_random_damage(void **state)
{
	char why[256], copy[160];
	unsigned int seed = 777;
	off_t size;

	make_image(12);
	size = file_size();
	snprintf(copy, sizeof(copy), "%s.orig", g_path);
	assert_int_equal(link(g_path, copy), 0);
	assert_int_equal(unlink(g_path), 0);
	for (int i = 0; i < 300; i++) {
		char cmd[512];
		int rc;

		snprintf(cmd, sizeof(cmd), "cp %s %s", copy, g_path);
		assert_int_equal(system(cmd), 0);
		if (i % 3 == 0)
			assert_int_equal(truncate(g_path, rand_r(&seed) % size),
					 0);
		else
			patch(rand_r(&seed) % size,
			      (uint8_t)(1u << (rand_r(&seed) % 8)));
		rc = try_open(NULL, why, sizeof(why));
		if (rc != 0 && rc != -EBADMSG)
			fail_msg("round %d: %d %s", i, rc, why);
		if (rc == -EBADMSG && !strstr(why, "offset"))
			fail_msg("round %d: no offset in \"%s\"", i, why);
		unlink(g_path);
	}
	unlink(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_truncated_header, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_not_an_image, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_corrupt_header_checksum,
						setup, teardown),
		cmocka_unit_test_setup_teardown(t_corrupt_record_names_offset,
						setup, teardown),
		cmocka_unit_test_setup_teardown(t_torn_tail_dropped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_torn_header_dropped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_sparse_and_created, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(t_option_typo, setup, teardown),
		cmocka_unit_test_setup_teardown(t_option_values, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_runtime_options, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_random_damage, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
