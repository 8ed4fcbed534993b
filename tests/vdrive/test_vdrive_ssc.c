/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_vdrive_ssc.c - conformance of the virtual drive, raw CDBs: each
 * command's status, sense key/ASC/ASCQ, FILEMARK/EOM/ILI bits, residue
 * and position, run once per profile (lto, dds, qic, atapi).  The cases
 * tgtd can follow too live in conformance_cases.c (also run against tgtd
 * by tests/interop/conformance_tgt.c); here are those that need the
 * virtual drive's fault injection, options, or commands tgt lacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "conformance.h"

static const char *g_profile;

#define SK_NO STTAPE_SK_NO_SENSE

static struct vt *open_p(const char *opts)
{
	return vt_open(g_profile, opts);
}

/* ---- identification and readiness --------------------------------------- */

static void t_no_medium(void **state)
{
	struct vt *v = open_p("nomedium=1");
	uint8_t cdb[STTAPE_CDB_MAX], d[18], buf[512];
	struct vres r;
	char why[128];

	vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x3a, 0x00);
	r = conf_read_rec(v, buf, sizeof(buf));
	vt_sense(r, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	/* REQUEST SENSE: GOOD, and the data says why. */
	r = vt_run(v, cdb, sttape_cdb_request_sense(cdb, false, 18),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[2] & 0x0f, STTAPE_SK_NOT_READY);
	assert_int_equal(d[12], 0x3a);
	/* Densities of the medium need a medium (non-ATAPI drives). */
	if (strcmp(g_profile, "atapi") != 0) {
		uint8_t rds[64];

		r = vt_run(
			v, cdb,
			sttape_cdb_report_density_support(cdb, true, false, 64),
			STTAPE_DIR_IN, rds, sizeof(rds));
		vt_sense(r, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	}
	/* LOAD without a cartridge: still not ready. */
	r = vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, false, true, false, false, false),
		STTAPE_DIR_NONE, NULL, 0);
	vt_sense(r, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	/* Insert: unit attention 28/00 once, then ready at BOP. */
	assert_int_equal(sttape_vdrive_insert(v->vd, NULL, why, sizeof(why)),
			 0);
	vt_sense(vt_tur(v), STTAPE_SK_UNIT_ATTENTION, 0x28, 0x00);
	vt_good(vt_tur(v));
	assert_int_equal(vt_position(v, NULL), 0);
	vt_close(v);
}

static void t_unit_attention(void **state)
{
	struct vt *v = open_p(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], d[96];
	struct vres r;

	/* The power-on one (ua=reset) is t_power_on_unit_attention. */
	/* REQUEST SENSE reports a pending one and clears it. */
	sttape_vdrive_inject_unit_attention(v->vd, STTAPE_VDRIVE_UA_MEDIUM);
	r = vt_run(v, cdb, sttape_cdb_request_sense(cdb, false, 18),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(r.xfer, 18);
	assert_int_equal(d[2] & 0x0f, STTAPE_SK_UNIT_ATTENTION);
	assert_int_equal(d[12], 0x28);
	vt_good(vt_tur(v));
	r = vt_run(v, cdb, sttape_cdb_request_sense(cdb, false, 18),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[2] & 0x0f, STTAPE_SK_NO_SENSE);
	assert_int_equal(d[12], 0);
	/* Descriptor format: t_request_sense. */
	vt_close(v);
}

/* ---- mode parameters ------------------------------------------------------
 */

/* ---- reading and writing ----------------------------------------------- */

static void t_variable_rejected(void **state)
{
	struct vt *v;
	uint8_t buf[512] = {0};
	struct vres r;

	v = open_p(NULL);
	r = vt_write(v, false, buf, 512, 512);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	r = vt_read(v, false, false, buf, 512, 512);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	vt_close(v);
}

/* ---- motion ---------------------------------------------------------------
 */

static void t_position_and_locate(void **state)
{
	struct vt *v = open_p(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], d[32], flags;
	uint8_t buf[2048];
	struct vres r;

	conf_lay_out(v);
	assert_int_equal(vt_position(v, &flags), 0);
	assert_int_equal(flags & 0x80, 0x80); /* BOP */
	vt_good(vt_locate(v, 3));
	assert_int_equal(vt_position(v, &flags), 3);
	assert_int_equal(flags & 0x80, 0);
	r = conf_read_rec(v, buf, conf_rec(v));
	vt_good(r);
	assert_int_equal(buf[0], 3);
	/* Long form: object number and file number. */
	r = vt_run(v, cdb, sttape_cdb_read_position(cdb, STTAPE_RP_LONG, 0),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(r.xfer, 32);
	assert_int_equal(d[15], 4);
	assert_int_equal(d[23], 1);
	/* Extended form: 32 bytes, first and last object 4. */
	r = vt_run(v, cdb,
		   sttape_cdb_read_position(cdb, STTAPE_RP_EXTENDED, 32),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(r.xfer, 32);
	assert_int_equal((d[2] << 8) | d[3], 28);
	assert_int_equal(d[15], 4);
	assert_int_equal(d[23], 4);
	/* An unknown form is an invalid field. */
	cdb[1] = 0x1f;
	r = vt_run(v, cdb, 10, STTAPE_DIR_IN, d, sizeof(d));
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	/* LOCATE(16) to file 2, to EOD; beyond EOD is BLANK CHECK. */
	r = vt_run(v, cdb,
		   sttape_cdb_locate16(cdb, STTAPE_LOCATE_FILE, false, false, 2,
				       0),
		   STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	assert_int_equal(vt_position(v, NULL), 5);
	r = vt_run(v, cdb,
		   sttape_cdb_locate16(cdb, STTAPE_LOCATE_OBJECT, false, false,
				       1, 0),
		   STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	assert_int_equal(vt_position(v, NULL), 1);
	r = vt_run(
		v, cdb,
		sttape_cdb_locate16(cdb, STTAPE_LOCATE_EOD, false, false, 0, 0),
		STTAPE_DIR_NONE, NULL, 0);
	vt_good(r);
	assert_int_equal(vt_position(v, NULL), 5);
	r = vt_locate(v, 9);
	vt_sense(r, STTAPE_SK_BLANK_CHECK, 0x00, 0x05);
	assert_int_equal(vt_position(v, NULL), 5);
	vt_close(v);
}

/* Taken out by hand: LOAD cannot help (t_load_unload_prevent: the rest). */
static void t_ejected_load(void **state)
{
	struct vt *v = open_p(NULL);
	uint8_t cdb[STTAPE_CDB_MAX];
	struct vres r;

	vt_good(vt_tur(v));
	sttape_vdrive_eject(v->vd);
	vt_sense(vt_tur(v), STTAPE_SK_NOT_READY, 0x3a, 0x00);
	r = vt_run(
		v, cdb,
		sttape_cdb_load_unload(cdb, false, true, false, false, false),
		STTAPE_DIR_NONE, NULL, 0);
	vt_sense(r, STTAPE_SK_NOT_READY, 0x3a, 0x00);
	vt_close(v);
}

/* ---- end of medium and faults ---------------------------------------------
 */

static void t_early_warning(void **state)
{
	/* 64 KiB cartridge, 16 KiB early-warning zone. */
	struct vt *v = open_p("capacity=64K,ew=16K");
	size_t n = v->block ? 4096 : 4000;
	struct sttape_vdrive_state st;
	uint8_t flags;
	struct vres r;
	int i, ew_at = -1;

	for (i = 0; i < 40; i++) {
		r = vt_put(v, n, (uint8_t)i);
		if (r.status == STTAPE_STATUS_GOOD)
			continue;
		if (r.s.key == SK_NO) {
			/* Early warning: written, NO SENSE + EOM 00/02. */
			vt_sense(r, SK_NO, 0x00, 0x02);
			assert_true(r.s.eom);
			assert_int_equal(r.xfer, n);
			if (ew_at < 0)
				ew_at = i;
			continue;
		}
		break;
	}
	assert_true(ew_at > 0);
	assert_true(i > ew_at);
	/* Physical end: VOLUME OVERFLOW, EOM, 00/02, nothing written. */
	vt_sense(r, STTAPE_SK_VOLUME_OVERFLOW, 0x00, 0x02);
	assert_true(r.s.eom && r.s.info_valid);
	sttape_vdrive_get_state(v->vd, &st);
	if (v->block) {
		assert_int_equal(st.objects % (n / v->block), 0);
		assert_true(r.s.information > 0);
	} else {
		assert_int_equal(r.s.information, (int64_t)n);
		assert_int_equal(r.xfer, 0);
		assert_int_equal(st.objects, (uint64_t)i);
	}
	assert_true(st.used_bytes <= 64 * 1024);
	vt_position(v, &flags);
	assert_int_equal(flags & 0x40, 0x40); /* EOP: past early warning */
	vt_close(v);
}

static void t_default_ew_scaled(void **state)
{
	/* The profile's default zone never covers a small cartridge. */
	struct vt *v = open_p("capacity=256K");
	uint8_t flags;

	vt_good(vt_put(v, 4096, 1));
	vt_position(v, &flags);
	assert_int_equal(flags & 0x40, 0);
	vt_close(v);
}

static void t_programmable_ew(void **state)
{
	struct vt *v = open_p("capacity=1M,ew=64K,pew=64K");
	size_t n = 8192;
	struct vres r;
	int i, pew = 0, ew = 0;

	for (i = 0; i < 200; i++) {
		r = vt_put(v, n, 1);
		if (r.status == STTAPE_STATUS_GOOD)
			continue;
		if (r.s.key != SK_NO)
			break;
		if (r.s.ascq == 0x07) {
			/* Reported once, by the write crossing PEW. */
			assert_int_equal(ew, 0);
			pew++;
		} else {
			assert_int_equal(r.s.ascq, 0x02);
			ew++;
		}
	}
	assert_int_equal(pew, 1);
	assert_true(ew > 0);
	vt_close(v);
}

static void t_write_protect(void **state)
{
	struct vt *v = open_p(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], buf[2048];
	struct vres r;

	conf_lay_out(v);
	sttape_vdrive_set_write_protect(v->vd, true);
	r = vt_put(v, conf_rec(v), 1);
	vt_sense(r, STTAPE_SK_DATA_PROTECT, 0x27, 0x00);
	r = vt_wfm(v, 1);
	vt_sense(r, STTAPE_SK_DATA_PROTECT, 0x27, 0x00);
	r = vt_run(v, cdb, sttape_cdb_erase6(cdb, false, false),
		   STTAPE_DIR_NONE, NULL, 0);
	vt_sense(r, STTAPE_SK_DATA_PROTECT, 0x27, 0x00);
	/* Reading is fine and nothing was lost. */
	vt_good(conf_read_rec(v, buf, conf_rec(v)));
	assert_int_equal(buf[0], 1);
	sttape_vdrive_set_write_protect(v->vd, false);
	vt_good(vt_put(v, conf_rec(v), 5));
	vt_close(v);
}

static void t_medium_errors(void **state)
{
	struct vt *v = open_p("readerr=1");
	uint8_t buf[2048];
	struct vres r;

	conf_lay_out(v);
	vt_good(conf_read_rec(v, buf, conf_rec(v)));
	r = conf_read_rec(v, buf, conf_rec(v));
	vt_sense(r, STTAPE_SK_MEDIUM_ERROR, 0x11, 0x00);
	assert_true(r.s.info_valid);
	sttape_vdrive_set_read_error(v->vd, -1);
	vt_good(vt_locate(v, 1));
	vt_good(conf_read_rec(v, buf, conf_rec(v)));
	/* Write error on object 3: nothing written there. */
	sttape_vdrive_set_write_error(v->vd, 3);
	vt_good(vt_locate(v, 3));
	r = vt_put(v, conf_rec(v), 7);
	vt_sense(r, STTAPE_SK_MEDIUM_ERROR, 0x0c, 0x00);
	assert_int_equal(r.xfer, 0);
	vt_close(v);
}

static void t_vanish(void **state)
{
	struct vt *v = open_p("vanish_after=2");
	struct vres r;

	vt_good(vt_tur(v));
	vt_good(vt_tur(v));
	r = vt_tur(v);
	assert_int_equal(r.terr, -ENODEV);
	r = vt_tur(v);
	assert_int_equal(r.terr, -ENODEV);
	sttape_vdrive_set_vanish_after(v->vd, -1);
	vt_good(vt_tur(v));
	vt_close(v);
}

static void t_delay(void **state)
{
	struct vt *v = open_p("delay_ms=40");
	struct timespec a, b;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &a);
	vt_good(vt_tur(v));
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	     (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	/* A lower bound only: the drive is at least this slow. */
	assert_true(ms >= 40.0);
	vt_close(v);
}

static void t_report_density(void **state)
{
	struct vt *v = open_p(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], d[512];
	struct vres r;

	r = vt_run(v, cdb,
		   sttape_cdb_report_density_support(cdb, false, false, 512),
		   STTAPE_DIR_IN, d, sizeof(d));
	if (!strcmp(g_profile, "atapi")) {
		vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x20, 0x00);
		vt_close(v);
		return;
	}
	vt_good(r);
	assert_int_equal(((d[0] << 8) | d[1]) + 2, r.xfer);
	assert_int_equal((r.xfer - 4) % 52, 0);
	/* MEDIA=1: the loaded medium's density, marked default. */
	r = vt_run(v, cdb,
		   sttape_cdb_report_density_support(cdb, true, false, 512),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(r.xfer, 4 + 52);
	assert_int_equal(d[6] & 0xa0, 0xa0); /* WRTOK, DEFLT */
	vt_close(v);
}

static void t_log_sense(void **state)
{
	struct vt *v = open_p(NULL);
	uint8_t cdb[STTAPE_CDB_MAX], d[400];
	struct vres r;

	r = vt_run(v, cdb, sttape_cdb_log_sense(cdb, false, 1, 0, 0, 0, 64),
		   STTAPE_DIR_IN, d, 64);
	vt_good(r);
	assert_int_equal(r.xfer, 6);
	assert_int_equal(d[5], 0x2e);
	sttape_vdrive_set_tapealert(v->vd, (1ull << 19) | 1ull);
	r = vt_run(v, cdb, sttape_cdb_log_sense(cdb, false, 1, 0x2e, 0, 0, 400),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(r.xfer, 4 + 64 * 5);
	assert_int_equal(d[4 + 4], 1);		/* flag 1 */
	assert_int_equal(d[4 + 19 * 5 + 4], 1); /* flag 20: clean now */
	assert_int_equal(d[4 + 2 * 5 + 4], 0);
	/* Read flags are cleared. */
	r = vt_run(v, cdb, sttape_cdb_log_sense(cdb, false, 1, 0x2e, 0, 0, 400),
		   STTAPE_DIR_IN, d, sizeof(d));
	vt_good(r);
	assert_int_equal(d[4 + 4], 0);
	r = vt_run(v, cdb, sttape_cdb_log_sense(cdb, false, 1, 0x17, 0, 0, 64),
		   STTAPE_DIR_IN, d, 64);
	vt_sense(r, STTAPE_SK_ILLEGAL_REQUEST, 0x24, 0x00);
	vt_close(v);
}

/*
 * Garbage in: random CDBs (mostly known operation codes with random
 * fields), random buffers and directions.  The drive never crashes (ASan
 * and UBSan watch), always answers GOOD, CHECK CONDITION with usable
 * sense, or a transport error, and never claims more data than the
 * buffer holds.
 */
static void t_garbage_cdbs(void **state)
{
	static const uint8_t ops[] = {0x00, 0x01, 0x03, 0x05, 0x08, 0x0a,
				      0x10, 0x11, 0x12, 0x15, 0x19, 0x1a,
				      0x1b, 0x1e, 0x2b, 0x34, 0x44, 0x4d,
				      0x55, 0x5a, 0x91, 0x92};
	struct vt *v = open_p("capacity=1M");
	uint8_t *buf = malloc(70000);
	unsigned int seed = 12345;

	assert_non_null(buf);
	for (int i = 0; i < 10000; i++) {
		uint8_t cdb[16];
		size_t len = (size_t)rand_r(&seed) % 4 == 0
				     ? (size_t)rand_r(&seed) % 70000
				     : (size_t)rand_r(&seed) % 600;
		int n = 6 + 4 * (rand_r(&seed) % 3);
		struct vres r;

		for (int k = 0; k < 16; k++)
			cdb[k] = (uint8_t)rand_r(&seed);
		/* Small counts most of the time, so commands do work. */
		if (rand_r(&seed) % 2)
			cdb[2] = cdb[3] = 0;
		if (rand_r(&seed) % 8)
			cdb[0] = ops[(unsigned int)rand_r(&seed) % sizeof(ops)];
		for (size_t k = 0; k < len && k < 64; k++)
			buf[k] = (uint8_t)rand_r(&seed);
		r = vt_run(v, cdb, n, (enum sttape_dir)(rand_r(&seed) % 3), buf,
			   len);
		assert_true(r.xfer <= len);
		if (r.terr)
			continue;
		assert_true(r.status == STTAPE_STATUS_GOOD ||
			    r.status == STTAPE_STATUS_CHECK_CONDITION);
		if (r.status == STTAPE_STATUS_CHECK_CONDITION)
			assert_true(r.s.usable);
		/* Keep a cartridge in so that tape commands keep running. */
		if (i % 500 == 499) {
			char why[128];

			sttape_vdrive_set_options(v->vd, "wp=0,vanish_after=-1",
						  why, sizeof(why));
			if (sttape_vdrive_insert(v->vd, NULL, why,
						 sizeof(why)) != 0)
				fail_msg("insert: %s", why);
		}
	}
	free(buf);
	vt_close(v);
}

/*
 * Faults injected from another thread while this one writes: every
 * answer is GOOD or a fault the injector can cause (the lock keeps
 * commands whole), and a fault set by a thread that has finished is seen
 * by the next command.
 */
struct injector {
	struct sttape_vdrive *vd;
	volatile int stop;
};

static void *inject(void *arg)
{
	struct injector *in = arg;
	struct sttape_vdrive_state st;

	do {
		sttape_vdrive_set_write_protect(in->vd, true);
		sttape_vdrive_inject_unit_attention(in->vd,
						    STTAPE_VDRIVE_UA_RESET);
		sttape_vdrive_get_state(in->vd, &st);
		sttape_vdrive_set_write_protect(in->vd, false);
	} while (!in->stop);
	sttape_vdrive_set_write_protect(in->vd, true);
	return NULL;
}

static void t_faults_from_another_thread(void **state)
{
	struct vt *v = open_p(NULL);
	struct injector in = {.vd = v->vd};
	pthread_t th;
	struct vres r;

	assert_int_equal(pthread_create(&th, NULL, inject, &in), 0);
	for (int i = 0; i < 2000; i++) {
		r = vt_put(v, conf_rec(v), 1);
		if (r.status == STTAPE_STATUS_GOOD)
			continue;
		assert_int_equal(r.terr, 0);
		assert_true(
			(r.s.key == STTAPE_SK_UNIT_ATTENTION &&
			 r.s.asc == 0x29) ||
			(r.s.key == STTAPE_SK_DATA_PROTECT && r.s.asc == 0x27));
	}
	in.stop = 1;
	pthread_join(th, NULL);
	/* Its last acts: a unit attention at most, then write protect. */
	r = vt_put(v, conf_rec(v), 1);
	if (r.s.key == STTAPE_SK_UNIT_ATTENTION)
		r = vt_put(v, conf_rec(v), 1);
	vt_sense(r, STTAPE_SK_DATA_PROTECT, 0x27, 0x00);
	vt_close(v);
}

#define T(f) cmocka_unit_test(f)

/* The virtual drive's own cases; the shared ones are conf_cases. */
static const struct CMUnitTest tests[] = {
	T(t_no_medium),
	T(t_unit_attention),
	T(t_variable_rejected),
	T(t_position_and_locate),
	T(t_ejected_load),
	T(t_early_warning),
	T(t_default_ew_scaled),
	T(t_programmable_ew),
	T(t_write_protect),
	T(t_medium_errors),
	T(t_vanish),
	T(t_delay),
	T(t_report_density),
	T(t_log_sense),
	T(t_garbage_cdbs),
	T(t_faults_from_another_thread),
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

/* Tests that only make sense on a variable-block or fixed-only drive. */
static bool applies(const char *name)
{
	if (!strcmp(name, "t_variable_rejected"))
		return conf_fixed_only();
	return true;
}

static struct vt *vdrive_open(const char *opts, bool keep_ua)
{
	(void)keep_ua; /* a unit attention comes only with ua= */
	return open_p(opts);
}

/* Shared cases first, then the virtual drive's own. */
static size_t collect(struct CMUnitTest *run)
{
	size_t n = 0;

	for (size_t k = 0; k < conf_ncases; k++) {
		if (conf_cases[k].applies && !conf_cases[k].applies())
			continue;
		run[n] = (struct CMUnitTest){.name = conf_cases[k].name,
					     .test_func = conf_cases[k].fn};
		n++;
	}
	for (size_t k = 0; k < NTESTS; k++)
		if (applies(tests[k].name))
			run[n++] = tests[k];
	return n;
}

int main(int argc, char **argv)
{
	static const char *const profiles[] = {"lto", "dds", "qic", "atapi"};
	struct CMUnitTest run[NTESTS + 32];
	struct conf_env env = {
		.target = CONF_VDRIVE, .open = vdrive_open, .close = vt_close};
	int fails = 0;

	assert_true(conf_ncases <= 32);
	conf_env = &env;
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		char name[32];
		size_t n;

		if (argc > 1 && strcmp(argv[1], profiles[i]) != 0)
			continue;
		g_profile = profiles[i];
		env.profile = g_profile;
		n = collect(run);
		snprintf(name, sizeof(name), "vdrive_ssc_%s", g_profile);
		fails += _cmocka_run_group_tests(name, run, n, NULL, NULL);
	}
	return fails ? 1 : 0;
}
