/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_layout_tool.c - sttape-layout, the layout line the e2e, interop
 * and vm tests compare: the same line from the image file and through
 * the drive layer (vdrive:), runs of equal records compressed, filemarks
 * and end of data; the image form works while a drive holds the image;
 * a record of exactly the 1 MiB read buffer reads whole, a longer one
 * (which SILI in variable mode would cut silently), a damaged image and
 * a device that cannot be opened fail with exit 1, usage with exit 2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vt.h"

static char g_dir[64], g_tool[512];

/* Run the tool on arg; its stdout into out; returns the exit status. */
static int layout(char *out, size_t len, const char *arg)
{
	return vt_tool(g_tool, arg, false, out, len);
}

/* Both forms of path give want and exit status rc. */
static void expect_both(const char *path, int rc, const char *want)
{
	char out[4096], arg[256];

	assert_int_equal(layout(out, sizeof(out), path), rc);
	assert_string_equal(out, want);
	snprintf(arg, sizeof(arg), "vdrive:%s", path);
	assert_int_equal(layout(out, sizeof(out), arg), rc);
	assert_string_equal(out, want);
}

static void open_drive(struct vt *v, const char *name)
{
	char why[256];

	snprintf(v->path, sizeof(v->path), "%s/%s", g_dir, name);
	assert_int_equal(
		sttape_vdrive_transport_open(v->path, &v->t, why, sizeof(why)),
		0);
}

static void put(struct vt *v, size_t len)
{
	uint8_t *buf = calloc(1, len);

	assert_non_null(buf);
	vt_good(vt_write(v, false, buf, len, (uint32_t)len));
	free(buf);
}

static int setup(void **state)
{
	const char *b = getenv("STTAPE_BUILD_DIR");

	(void)state;
	snprintf(g_tool, sizeof(g_tool), "%s/tools/sttape-layout", b ? b : ".");
	snprintf(g_dir, sizeof(g_dir), "/tmp/layout-tool.XXXXXX");
	if (!mkdtemp(g_dir))
		return -1;
	return access(g_tool, X_OK);
}

static int teardown(void **state)
{
	(void)state;
	vt_cleanup_dir(g_dir);
	return 0;
}

static void t_blank(void **state)
{
	struct vt v = {.profile = "lto"};

	(void)state;
	open_drive(&v, "blank.img");
	v.t->ops->close(v.t);
	expect_both(v.path, 0, "EOD\n");
}

static void t_records_and_filemarks(void **state)
{
	struct vt v = {.profile = "lto"};
	char out[4096];

	(void)state;
	open_drive(&v, "written.img");
	for (int i = 0; i < 3; i++)
		put(&v, 1000);
	put(&v, 2000);
	put(&v, 1000);
	vt_good(vt_wfm(&v, 1));
	put(&v, 65536);
	vt_good(vt_wfm(&v, 2));
	/* The image form reads while the drive still holds the image. */
	assert_int_equal(layout(out, sizeof(out), v.path), 0);
	assert_string_equal(out, "3x1000 2000 1000 FM 65536 FM FM EOD\n");
	v.t->ops->close(v.t);
	expect_both(v.path, 0, "3x1000 2000 1000 FM 65536 FM FM EOD\n");
}

static void t_record_over_buffer(void **state)
{
	struct vt v = {.profile = "lto"};
	char out[4096], arg[256];

	(void)state;
	open_drive(&v, "long.img");
	put(&v, 4096);
	put(&v, 1u << 20);
	put(&v, (1u << 20) + 1);
	v.t->ops->close(v.t);
	assert_int_equal(layout(out, sizeof(out), v.path), 0);
	assert_string_equal(out, "4096 1048576 1048577 EOD\n");
	snprintf(arg, sizeof(arg), "vdrive:%s", v.path);
	assert_int_equal(layout(out, sizeof(out), arg), 1);
	assert_string_equal(out, "4096 1048576 ERR\n");
}

static void t_failures(void **state)
{
	char out[4096], path[128];
	int fd;

	(void)state;
	assert_int_equal(layout(out, sizeof(out), ""), 2);
	assert_int_equal(layout(out, sizeof(out), "a b"), 2);
	assert_int_equal(layout(out, sizeof(out), "nosuch:device"), 1);
	assert_string_equal(out, "");
	snprintf(path, sizeof(path), "%s/garbage.img", g_dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a cartridge", 15), 15);
	close(fd);
	assert_int_equal(layout(out, sizeof(out), path), 1);
	assert_string_equal(out, "ERR\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_blank),
		cmocka_unit_test(t_records_and_filemarks),
		cmocka_unit_test(t_record_over_buffer),
		cmocka_unit_test(t_failures),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
