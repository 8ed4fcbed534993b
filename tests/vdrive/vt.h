/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vt.h - test helpers for the virtual drive: a drive on a fresh image in
 * a private temporary directory, raw CDB execution, parsed sense.
 */
#ifndef STTAPE_TEST_VT_H
#define STTAPE_TEST_VT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/cdb.h>
#include <sttape/sense.h>
#include <sttape/transport.h>
#include <sttape/vdrive.h>

struct vt {
	char dir[64];
	char path[128];
	struct sttape_transport *t;
	struct sttape_vdrive *vd;
	const char *profile;
	uint32_t block; /* profile's fixed block, 0 for variable drives */
};

struct vres {
	int rc;	  /* execute's return */
	int terr; /* transport error */
	uint8_t status;
	bool has_sense;
	struct sttape_sense s;
	size_t xfer; /* bytes moved: len - resid */
};

/* Fresh image in a new temp dir; opts appended after the profile. */
struct vt *vt_open(const char *profile, const char *opts);
/* Reopen the drive on the same image with other options. */
void vt_reopen(struct vt *v, const char *opts);
void vt_close(struct vt *v);
void vt_cleanup_dir(const char *dir);
/*
 * Run "tool args" through the shell, its stdout (and stderr when
 * merge_stderr) into out, NUL-terminated; asserts that it exited
 * normally and returns its exit status.
 */
int vt_tool(const char *tool, const char *args, bool merge_stderr, char *out,
	    size_t len);

struct vres vt_run(struct vt *v, const uint8_t *cdb, int cdb_len,
		   enum sttape_dir dir, void *buf, size_t len);

/* Commands as the drive layer would send them. */
struct vres vt_tur(struct vt *v);
struct vres vt_write(struct vt *v, bool fixed, const void *buf, size_t len,
		     uint32_t count);
struct vres vt_read(struct vt *v, bool fixed, bool sili, void *buf, size_t len,
		    uint32_t count);
struct vres vt_wfm(struct vt *v, uint32_t count);
struct vres vt_space(struct vt *v, enum sttape_space_code code, int32_t count);
struct vres vt_rewind(struct vt *v);
struct vres vt_locate(struct vt *v, uint32_t obj);
/* Short-form READ POSITION: first block, flags byte. */
uint64_t vt_position(struct vt *v, uint8_t *flags);
/* Write one record of n bytes in the profile's natural mode. */
struct vres vt_put(struct vt *v, size_t n, uint8_t fill);
/* MODE SELECT(6) with a block descriptor only. */
struct vres vt_set_block(struct vt *v, uint8_t density, uint32_t block);

/* Assertions (cmocka). */
/* Evaluates r once: r is usually a command. */
#define vt_good(r) vt_expect_good((r), #r)

void vt_expect_good(struct vres r, const char *where);
void vt_expect(struct vres r, uint8_t key, uint8_t asc, uint8_t ascq,
	       const char *where);
#define vt_sense(r, key, asc, ascq) vt_expect((r), key, asc, ascq, #r)

#endif
