/* SPDX-License-Identifier: BSD-2-Clause */
/* vt.c - virtual drive test helpers (see vt.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bytes.h"
#include "vt.h"

void vt_cleanup_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

int vt_tool(const char *tool, const char *args, bool merge_stderr, char *out,
	    size_t len)
{
	char cmdline[1024];
	FILE *p;
	size_t n;
	int st;

	snprintf(cmdline, sizeof(cmdline), "%s %s %s", tool, args,
		 merge_stderr ? "2>&1" : "2>/dev/null");
	p = popen(cmdline, "r");
	assert_non_null(p);
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	st = pclose(p);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void vt_attach(struct vt *v, const char *opts)
{
	char spec[512], why[256] = "";
	int rc;

	snprintf(spec, sizeof(spec), "%s,profile=%s%s%s", v->path, v->profile,
		 opts && *opts ? "," : "", opts ? opts : "");
	rc = sttape_vdrive_transport_open(spec, &v->t, why, sizeof(why));
	if (rc)
		fail_msg("open %s: %d %s", spec, rc, why);
	v->vd = sttape_vdrive_of(v->t);
	assert_non_null(v->vd);
}

struct vt *vt_open(const char *profile, const char *opts)
{
	struct vt *v = calloc(1, sizeof(*v));

	assert_non_null(v);
	snprintf(v->dir, sizeof(v->dir), "/tmp/vdrive-test.XXXXXX");
	assert_non_null(mkdtemp(v->dir));
	snprintf(v->path, sizeof(v->path), "%s/tape.img", v->dir);
	v->profile = profile;
	v->block = (!strcmp(profile, "qic") || !strcmp(profile, "atapi")) ? 512
									  : 0;
	vt_attach(v, opts);
	return v;
}

void vt_reopen(struct vt *v, const char *opts)
{
	v->t->ops->close(v->t);
	vt_attach(v, opts);
}

void vt_close(struct vt *v)
{
	if (!v)
		return;
	if (v->t)
		v->t->ops->close(v->t);
	vt_cleanup_dir(v->dir);
	free(v);
}

struct vres vt_run(struct vt *v, const uint8_t *cdb, int cdb_len,
		   enum sttape_dir dir, void *buf, size_t len)
{
	struct sttape_cmd cmd = {.cdb = cdb,
				 .cdb_len = (size_t)cdb_len,
				 .dir = dir,
				 .data = buf,
				 .len = len};
	struct sttape_cmd_result res;
	struct vres r = {0};

	assert_true(cdb_len > 0);
	r.rc = v->t->ops->execute(v->t, &cmd, &res);
	assert_int_equal(r.rc, 0);
	r.terr = res.transport_err;
	r.status = res.status;
	r.xfer = len - res.resid;
	if (res.status == STTAPE_STATUS_CHECK_CONDITION) {
		r.has_sense = true;
		assert_int_equal(
			sttape_sense_parse(res.sense, res.sense_len, &r.s), 0);
	}
	return r;
}

void vt_expect(struct vres r, uint8_t key, uint8_t asc, uint8_t ascq,
	       const char *where)
{
	if (r.terr || r.status != STTAPE_STATUS_CHECK_CONDITION ||
	    !r.has_sense || r.s.key != key || r.s.asc != asc ||
	    r.s.ascq != ascq)
		fail_msg("%s: expected %x/%02x/%02x, got terr %d status %#x "
			 "sense %x/%02x/%02x",
			 where, key, asc, ascq, r.terr, r.status, r.s.key,
			 r.s.asc, r.s.ascq);
}

void vt_expect_good(struct vres r, const char *where)
{
	if (r.terr || r.status != STTAPE_STATUS_GOOD)
		fail_msg("%s: expected GOOD, got terr %d status %#x sense "
			 "%x/%02x/%02x",
			 where, r.terr, r.status, r.s.key, r.s.asc, r.s.ascq);
}

struct vres vt_tur(struct vt *v)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n = sttape_cdb_test_unit_ready(cdb);

	return vt_run(v, cdb, n, STTAPE_DIR_NONE, NULL, 0);
}

struct vres vt_write(struct vt *v, bool fixed, const void *buf, size_t len,
		     uint32_t count)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n = sttape_cdb_write6(cdb, fixed, count);

	return vt_run(v, cdb, n, STTAPE_DIR_OUT, (void *)(uintptr_t)buf, len);
}

struct vres vt_read(struct vt *v, bool fixed, bool sili, void *buf, size_t len,
		    uint32_t count)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n;

	/* The builder refuses FIXED+SILI; tests of that build by hand. */
	n = sttape_cdb_read6(cdb, fixed, sili, count);
	assert_true(n > 0);
	return vt_run(v, cdb, n, STTAPE_DIR_IN, buf, len);
}

struct vres vt_wfm(struct vt *v, uint32_t count)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n = sttape_cdb_write_filemarks6(cdb, false, count);

	return vt_run(v, cdb, n, STTAPE_DIR_NONE, NULL, 0);
}

struct vres vt_space(struct vt *v, enum sttape_space_code code, int32_t count)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n = sttape_cdb_space6(cdb, code, count);

	return vt_run(v, cdb, n, STTAPE_DIR_NONE, NULL, 0);
}

struct vres vt_rewind(struct vt *v)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n = sttape_cdb_rewind(cdb, false);

	return vt_run(v, cdb, n, STTAPE_DIR_NONE, NULL, 0);
}

struct vres vt_locate(struct vt *v, uint32_t obj)
{
	uint8_t cdb[STTAPE_CDB_MAX];
	int n = sttape_cdb_locate10(cdb, false, false, false, obj, 0);

	return vt_run(v, cdb, n, STTAPE_DIR_NONE, NULL, 0);
}

uint64_t vt_position(struct vt *v, uint8_t *flags)
{
	uint8_t cdb[STTAPE_CDB_MAX], d[20];
	int n = sttape_cdb_read_position(cdb, STTAPE_RP_SHORT, 0);
	struct vres r = vt_run(v, cdb, n, STTAPE_DIR_IN, d, sizeof(d));

	vt_good(r);
	assert_int_equal(r.xfer, 20);
	if (flags)
		*flags = d[0];
	return sttape_get_be32(d + 4);
}

struct vres vt_put(struct vt *v, size_t n, uint8_t fill)
{
	uint8_t *buf = malloc(n);
	struct vres r;

	assert_non_null(buf);
	memset(buf, fill, n);
	if (v->block)
		r = vt_write(v, true, buf, n, (uint32_t)(n / v->block));
	else
		r = vt_write(v, false, buf, n, (uint32_t)n);
	free(buf);
	return r;
}

struct vres vt_set_block(struct vt *v, uint8_t density, uint32_t block)
{
	uint8_t cdb[STTAPE_CDB_MAX], p[12] = {0};
	int n = sttape_cdb_mode_select6(cdb, true, false, sizeof(p));

	p[2] = 0x10; /* buffered mode 1 */
	p[3] = 8;
	p[4] = density;
	p[9] = (uint8_t)(block >> 16);
	p[10] = (uint8_t)(block >> 8);
	p[11] = (uint8_t)block;
	return vt_run(v, cdb, n, STTAPE_DIR_OUT, p, sizeof(p));
}
