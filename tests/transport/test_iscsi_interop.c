/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_iscsi_interop.c - the iscsi transport against tgtd's virtual tape.
 *
 * Run through tests/interop/tgt-harness.sh run, which starts a private
 * tgtd with a blank cartridge and sets STTAPE_ISCSI_URL and
 * STTAPE_TGT_DIR (tgtd.pid, ctl).  The tests share one session and run
 * in order: INQUIRY, the unit attention of the new I_T nexus, raw sense
 * of a bad field, data out and zero-copy data in, then a timeout and a
 * dropped connection, which must end the session without any retry or
 * reconnection.
 */
#include <sttape/transport.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "bytes.h"

#define INITIATOR "iqn.2026-11.org.sttape:initiator"

static struct sttape_transport *tp;
static const char *url, *tgt_dir;

static int open_session(struct sttape_transport **t)
{
	char why[512] = "";
	int rc = sttape_transport_open(url, t, why, sizeof(why));

	if (rc)
		print_error("open %s: %d %s\n", url, rc, why);
	return rc;
}

static int setup(void **state)
{
	url = getenv("STTAPE_ISCSI_URL");
	tgt_dir = getenv("STTAPE_TGT_DIR");
	if (!url || !tgt_dir) {
		print_error(
			"run me through tests/interop/tgt-harness.sh run\n");
		return -1;
	}
	return open_session(&tp);
}

static int teardown(void **state)
{
	sttape_transport_close(tp);
	return 0;
}

static void run(const uint8_t *cdb, size_t cdb_len, enum sttape_dir dir,
		void *data, size_t len, unsigned int timeout_ms,
		struct sttape_cmd_result *res)
{
	struct sttape_cmd cmd = {
		.cdb = cdb,
		.cdb_len = cdb_len,
		.dir = dir,
		.data = data,
		.len = len,
		.timeout_ms = timeout_ms,
	};

	assert_int_equal(sttape_transport_execute(tp, &cmd, res), 0);
}

static void expect_good(const struct sttape_cmd_result *res)
{
	assert_int_equal(res->transport_err, 0);
	assert_int_equal(res->status, STTAPE_STATUS_GOOD);
	assert_int_equal(res->sense_len, 0);
}

/* Fixed-format sense (SPC-5 4.4.3): key, ASC, ASCQ; additional length. */
static void expect_sense(const struct sttape_cmd_result *res, uint8_t key,
			 uint8_t asc, uint8_t ascq)
{
	assert_int_equal(res->transport_err, 0);
	assert_int_equal(res->status, STTAPE_STATUS_CHECK_CONDITION);
	assert_true(res->sense_len >= 14);
	assert_int_equal(res->sense[0] & 0x7f, 0x70);
	assert_int_equal(res->sense_len, 8u + res->sense[7]);
	assert_int_equal(res->sense[2] & 0x0f, key);
	assert_int_equal(res->sense[12], asc);
	assert_int_equal(res->sense[13], ascq);
}

static void test_open_identifies_tgt_tape(void **state)
{
	char desc[512];

	sttape_transport_describe(tp, desc, sizeof(desc));
	print_message("%s\n", desc);
	assert_non_null(strstr(desc, "iscsi iscsi://127.0.0.1:"));
	assert_non_null(strstr(desc, "[IET VIRTUAL-TAPE"));
	assert_int_equal(tp->max_transfer, 0);
}

static void test_inquiry_type_and_residual(void **state)
{
	static const uint8_t cdb[6] = {0x12, 0, 0, 0, 255, 0};
	struct sttape_cmd_result res;
	uint8_t inq[255];

	memset(inq, 0, sizeof(inq));
	run(cdb, 6, STTAPE_DIR_IN, inq, sizeof(inq), 10000, &res);
	expect_good(&res);
	assert_int_equal(inq[0], 0x01); /* connected, sequential-access */
	assert_memory_equal(inq + 8, "IET     ", 8);
	/* Underflow residual: what the target did not send. */
	assert_int_equal(res.resid, sizeof(inq) - (inq[4] + 5u));
}

/*
 * The login sent nothing to the LUN, so the new I_T nexus' UNIT
 * ATTENTION (29/00, power on or reset) reaches the first TEST UNIT READY
 * and is cleared by it.
 */
static void test_first_tur_reports_unit_attention(void **state)
{
	static const uint8_t tur[6];
	struct sttape_cmd_result res;

	run(tur, 6, STTAPE_DIR_NONE, NULL, 0, 10000, &res);
	expect_sense(&res, 0x6, 0x29, 0x00);
	run(tur, 6, STTAPE_DIR_NONE, NULL, 0, 10000, &res);
	expect_good(&res);
}

static void test_bad_field_sense_arrives_raw(void **state)
{
	/* MODE SENSE(6) of page 0x2a, which a tape does not have. */
	static const uint8_t ms[6] = {0x1a, 0, 0x2a, 0, 255, 0};
	/* An operation code tgt's SSC device does not know. */
	static const uint8_t bad_op[6] = {0xc7};
	struct sttape_cmd_result res;
	uint8_t buf[255];

	run(ms, 6, STTAPE_DIR_IN, buf, sizeof(buf), 10000, &res);
	expect_sense(&res, 0x5, 0x24, 0x00); /* INVALID FIELD IN CDB */
	assert_int_equal(res.resid, sizeof(buf));
	run(bad_op, 6, STTAPE_DIR_NONE, NULL, 0, 10000, &res);
	expect_sense(&res, 0x5, 0x20, 0x00); /* INVALID COMMAND OP CODE */
}

static void fill(uint8_t *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed);
}

static void write_record(const uint8_t *data, uint32_t len)
{
	const uint8_t cdb[6] = {
		0x0a,	      0, (uint8_t)(len >> 16), (uint8_t)(len >> 8),
		(uint8_t)len, 0};
	struct sttape_cmd_result res;

	run(cdb, 6, STTAPE_DIR_OUT, (void *)(uintptr_t)data, len, 60000, &res);
	expect_good(&res);
}

static void read_record(uint8_t *data, uint32_t len,
			struct sttape_cmd_result *res)
{
	const uint8_t cdb[6] = {
		0x08,	      0, (uint8_t)(len >> 16), (uint8_t)(len >> 8),
		(uint8_t)len, 0};

	run(cdb, 6, STTAPE_DIR_IN, data, len, 60000, res);
}

/*
 * Records of 1 MiB (tgt's maximum block length) and 1000 bytes, a
 * filemark, rewind; read back into the caller's buffer.  The short
 * record read with a larger length gives ILI with INFORMATION = 1000
 * and a transport residual of 1000 (SSC-4 6.4); then the filemark.
 */
static void test_data_out_and_in_round_trip(void **state)
{
	static const uint8_t wfm[6] = {0x10, 0, 0, 0, 1, 0};
	static const uint8_t rewind[6] = {0x01};
	const uint32_t big = 1u << 20;
	struct sttape_cmd_result res;
	uint8_t *w = malloc(big), *r = malloc(big);

	assert_non_null(w);
	assert_non_null(r);
	fill(w, big, 3);
	write_record(w, big);
	fill(w, 1000, 11);
	write_record(w, 1000);
	run(wfm, 6, STTAPE_DIR_NONE, NULL, 0, 60000, &res);
	expect_good(&res);
	run(rewind, 6, STTAPE_DIR_NONE, NULL, 0, 60000, &res);
	expect_good(&res);

	memset(r, 0xee, big);
	read_record(r, big, &res);
	expect_good(&res);
	assert_int_equal(res.resid, 0);
	fill(w, big, 3);
	assert_memory_equal(r, w, big);

	memset(r, 0xee, 2000);
	read_record(r, 2000, &res);
	expect_sense(&res, 0x0, 0x00, 0x00);
	assert_int_equal(res.sense[0], 0xf0);			/* VALID */
	assert_int_equal(res.sense[2], 0x20);			/* ILI */
	assert_int_equal(sttape_get_be32(res.sense + 3), 1000); /* residue */
	assert_int_equal(res.resid, 1000);
	fill(w, 1000, 11);
	assert_memory_equal(r, w, 1000);

	read_record(r, 2000, &res);
	expect_sense(&res, 0x0, 0x00, 0x01); /* FILEMARK DETECTED */
	assert_int_equal(res.sense[2] & 0x80, 0x80);
	free(w);
	free(r);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long tgtd_pid(void)
{
	char path[512];
	long pid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tgtd.pid", tgt_dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &pid), 1);
	fclose(f);
	return pid;
}

/* Sessions of our initiator tgtd lists right now. */
static int our_sessions(void)
{
	char cmd[768], line[256];
	int n = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd),
		 "tgtadm -C \"$(cat '%s/ctl')\" --lld iscsi --op show "
		 "--mode target",
		 tgt_dir);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "Initiator: " INITIATOR))
			n++;
	assert_int_equal(pclose(f), 0);
	return n;
}

static void expect_dead(void)
{
	static const uint8_t tur[6];
	struct sttape_cmd_result res;
	char desc[512];
	double t0 = now_s();

	run(tur, 6, STTAPE_DIR_NONE, NULL, 0, 10000, &res);
	assert_int_equal(res.transport_err, -ENODEV);
	assert_true(now_s() - t0 < 0.5); /* refused at once, nothing sent */
	sttape_transport_describe(tp, desc, sizeof(desc));
	assert_non_null(strstr(desc, "dead: "));
}

/*
 * A target that stops answering: the command ends with -ETIMEDOUT, near
 * its timeout (libiscsi counts whole seconds, scanned once a second),
 * and the session is not used again.
 */
static void test_timeout_ends_session(void **state)
{
	static const uint8_t tur[6];
	struct sttape_cmd_result res;
	long pid = tgtd_pid();
	double t0, dt;

	assert_int_equal(kill((pid_t)pid, SIGSTOP), 0);
	t0 = now_s();
	run(tur, 6, STTAPE_DIR_NONE, NULL, 0, 1500, &res);
	dt = now_s() - t0;
	assert_int_equal(kill((pid_t)pid, SIGCONT), 0);
	print_message("timed out after %.2f s (timeout 1.5 s)\n", dt);
	assert_int_equal(res.transport_err, -ETIMEDOUT);
	assert_true(dt < 10.0); /* it did not hang */
	expect_dead();
	sttape_transport_close(tp);
	tp = NULL;
	assert_int_equal(open_session(&tp), 0);
}

/*
 * The target drops the connection (tgtadm deletes it): the next command
 * (a 256 KiB WRITE) gets -ENODEV, later ones too, and libiscsi made no
 * new session (automatic reconnection would replay the WRITE).
 */
static void test_connection_loss_is_enodev_without_reconnect(void **state)
{
	static const uint8_t tur[6];
	static const uint8_t write6[6] = {0x0a, 0, 0x04, 0x00, 0x00, 0};
	static uint8_t data[0x40000];
	struct sttape_cmd_result res;
	char cmd[768];
	int i;

	run(tur, 6, STTAPE_DIR_NONE, NULL, 0, 10000, &res);
	if (res.status == STTAPE_STATUS_CHECK_CONDITION) /* new nexus' UA */
		run(tur, 6, STTAPE_DIR_NONE, NULL, 0, 10000, &res);
	expect_good(&res);
	assert_int_equal(our_sessions(), 1);
	snprintf(cmd, sizeof(cmd),
		 "ctl=$(cat '%s/ctl') && sid=$(tgtadm -C $ctl --lld iscsi "
		 "--op show --mode target | awk '/I_T nexus:/ {print $3}') "
		 "&& tgtadm -C $ctl --lld iscsi --op delete --mode conn "
		 "--tid 1 --sid $sid --cid 0",
		 tgt_dir);
	assert_int_equal(system(cmd), 0);
	/* A WRITE on the closed connection: -ENODEV, never re-sent. */
	fill(data, sizeof(data), 5);
	run(write6, 6, STTAPE_DIR_OUT, data, sizeof(data), 10000, &res);
	assert_int_equal(res.transport_err, -ENODEV);
	expect_dead();
	for (i = 0; i < 20 && our_sessions(); i++)
		usleep(100 * 1000);
	assert_int_equal(our_sessions(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_identifies_tgt_tape),
		cmocka_unit_test(test_inquiry_type_and_residual),
		cmocka_unit_test(test_first_tur_reports_unit_attention),
		cmocka_unit_test(test_bad_field_sense_arrives_raw),
		cmocka_unit_test(test_data_out_and_in_round_trip),
		cmocka_unit_test(test_timeout_ends_session),
		cmocka_unit_test(
			test_connection_loss_is_enodev_without_reconnect),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
