/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_vdrive_tool.c - the sttape-image cartridge tool: create makes a
 * sparse blank cartridge of the profile and size asked, list shows what
 * the drive wrote (files, record runs, filemarks, end of data), check
 * names the offset of damage, usage errors exit 2.
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

static char g_dir[64], g_img[128], g_tool[512];

/* Run the tool; its stdout+stderr into out; returns the exit status. */
static int tool(char *out, size_t len, const char *args)
{
	return vt_tool(g_tool, args, true, out, len);
}

static int setup(void **state)
{
	const char *b = getenv("STTAPE_BUILD_DIR");

	snprintf(g_tool, sizeof(g_tool), "%s/tools/sttape-image", b ? b : ".");
	snprintf(g_dir, sizeof(g_dir), "/tmp/vdrive-tool.XXXXXX");
	if (!mkdtemp(g_dir))
		return -1;
	snprintf(g_img, sizeof(g_img), "%s/t.img", g_dir);
	return access(g_tool, X_OK);
}

static int teardown(void **state)
{
	vt_cleanup_dir(g_dir);
	return 0;
}

static void t_create(void **state)
{
	char out[4096], args[256];
	struct stat st;

	snprintf(args, sizeof(args), "create %s --size 10G --profile qic",
		 g_img);
	assert_int_equal(tool(out, sizeof(out), args), 0);
	assert_int_equal(stat(g_img, &st), 0);
	assert_true((uint64_t)st.st_blocks * 512 < 1024 * 1024);
	snprintf(args, sizeof(args), "check %s", g_img);
	assert_int_equal(tool(out, sizeof(out), args), 0);
	assert_non_null(strstr(out, "profile qic, capacity 10737418240"));
	assert_non_null(strstr(out, ": ok"));
	/* Never over an existing file. */
	snprintf(args, sizeof(args), "create %s", g_img);
	assert_int_equal(tool(out, sizeof(out), args), 1);
	snprintf(args, sizeof(args), "create %s.2 --profile foo", g_img);
	assert_int_equal(tool(out, sizeof(out), args), 2);
	assert_int_equal(tool(out, sizeof(out), "frobnicate"), 2);
	/* Sizes as the capacity= option takes them. */
	snprintf(args, sizeof(args), "create %s.3 --size 1MiB", g_img);
	assert_int_equal(tool(out, sizeof(out), args), 0);
	snprintf(args, sizeof(args), "check %s.3", g_img);
	assert_int_equal(tool(out, sizeof(out), args), 0);
	assert_non_null(strstr(out, "capacity 1048576 bytes"));
	snprintf(args, sizeof(args), "create %s.4 --size 1X", g_img);
	assert_int_equal(tool(out, sizeof(out), args), 2);
}

static void t_list_and_check(void **state)
{
	struct vt v = {.profile = "lto"};
	char out[4096], args[256], why[256];
	uint8_t buf[3000] = {0};
	char img[160];
	int fd;

	snprintf(img, sizeof(img), "%s/written.img", g_dir);
	assert_int_equal(
		sttape_vdrive_transport_open(img, &v.t, why, sizeof(why)), 0);
	for (int i = 0; i < 3; i++)
		vt_good(vt_write(&v, false, buf, 1000, 1000));
	vt_good(vt_wfm(&v, 1));
	vt_good(vt_write(&v, false, buf, 3000, 3000));
	vt_good(vt_wfm(&v, 2));
	v.t->ops->close(v.t);

	snprintf(args, sizeof(args), "list %s", img);
	assert_int_equal(tool(out, sizeof(out), args), 0);
	assert_non_null(strstr(out, "file 0:\n"
				    "  objects 0-2: 3 records of 1000 bytes\n"
				    "  object 3: filemark\n"
				    "file 1:\n"
				    "  object 4: record of 3000 bytes\n"
				    "  object 5: filemark\n"
				    "file 2:\n"
				    "  object 6: filemark\n"
				    "end of data: object 7"));
	snprintf(args, sizeof(args), "list --all %s", img);
	assert_int_equal(tool(out, sizeof(out), args), 0);
	assert_non_null(strstr(out, "  object 1: record of 1000 bytes\n"));
	/* Damage object 4's header: check names its offset. */
	fd = open(img, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "X", 1, 4096 + 3 * 1032 + 32), 1);
	close(fd);
	snprintf(args, sizeof(args), "check %s", img);
	assert_int_equal(tool(out, sizeof(out), args), 1);
	assert_non_null(strstr(out, "offset 7224 (object 4)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_create),
		cmocka_unit_test(t_list_and_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
