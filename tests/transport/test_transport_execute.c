/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_transport_execute.c - what sttape_transport_execute, _describe and
 * _close do before and around a backend (a counting ops table here), and
 * the backends' pure mapping helpers: timeout rounding, Linux host and
 * driver status, SG_IO errno, libiscsi error text.
 */
#include <sttape/transport.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "transport/transport_priv.h"

struct counting {
	struct sttape_transport t;
	int calls;
	int closes;
	bool res_was_zero;
	size_t last_len;
};

static int count_execute(struct sttape_transport *t,
			 const struct sttape_cmd *cmd,
			 struct sttape_cmd_result *res)
{
	static const struct sttape_cmd_result zero;
	struct counting *c = t->priv;

	c->calls++;
	c->last_len = cmd->len;
	c->res_was_zero = memcmp(res, &zero, sizeof(zero)) == 0;
	res->status = STTAPE_STATUS_GOOD;
	return 0;
}

static void count_close(struct sttape_transport *t)
{
	struct counting *c = t->priv;

	c->closes++;
}

static const struct sttape_transport_ops counting_ops = {
	.name = "counting",
	.execute = count_execute,
	.close = count_close,
};

static void counting_init(struct counting *c, size_t max_transfer)
{
	memset(c, 0, sizeof(*c));
	c->t.ops = &counting_ops;
	c->t.priv = c;
	c->t.max_transfer = max_transfer;
}

static const uint8_t tur[6];

static void expect_rejected(struct counting *c, const struct sttape_cmd *cmd)
{
	struct sttape_cmd_result res;

	memset(&res, 0xa5, sizeof(res));
	assert_int_equal(sttape_transport_execute(&c->t, cmd, &res), -EINVAL);
	assert_int_equal(res.transport_err, -EINVAL);
	assert_int_equal(c->calls, 0);
}

static void test_malformed_commands_never_reach_backend(void **state)
{
	uint8_t buf[16], cdb[STTAPE_TRANSPORT_CDB_MAX + 1] = {0};
	struct counting c;
	struct sttape_cmd cmd = {.cdb = tur, .cdb_len = 6};

	counting_init(&c, 0);
	cmd.cdb = NULL;
	expect_rejected(&c, &cmd);
	cmd.cdb = cdb;
	cmd.cdb_len = 0;
	expect_rejected(&c, &cmd);
	cmd.cdb_len = STTAPE_TRANSPORT_CDB_MAX + 1;
	expect_rejected(&c, &cmd);
	cmd.cdb_len = 6;
	cmd.dir = STTAPE_DIR_NONE;
	cmd.data = buf;
	cmd.len = sizeof(buf);
	expect_rejected(&c, &cmd);
	cmd.dir = STTAPE_DIR_IN;
	cmd.data = NULL;
	expect_rejected(&c, &cmd);
	cmd.dir = (enum sttape_dir)7;
	cmd.data = buf;
	expect_rejected(&c, &cmd);
	assert_int_equal(sttape_transport_execute(NULL, &cmd, NULL), -EINVAL);
}

static void test_valid_edges_reach_backend(void **state)
{
	uint8_t cdb[STTAPE_TRANSPORT_CDB_MAX] = {0};
	struct sttape_cmd cmd = {.cdb = cdb, .cdb_len = sizeof(cdb)};
	struct sttape_cmd_result res;
	struct counting c;

	counting_init(&c, 0);
	memset(&res, 0xa5, sizeof(res));
	assert_int_equal(sttape_transport_execute(&c.t, &cmd, &res), 0);
	assert_int_equal(c.calls, 1);
	assert_true(c.res_was_zero);
	/* Zero length with no buffer is fine in either direction. */
	cmd.cdb_len = 1;
	cmd.dir = STTAPE_DIR_OUT;
	assert_int_equal(sttape_transport_execute(&c.t, &cmd, &res), 0);
	assert_int_equal(c.calls, 2);
}

static void test_length_beyond_max_transfer_is_einval_result(void **state)
{
	static uint8_t buf[4096];
	struct sttape_cmd cmd = {
		.cdb = tur,
		.cdb_len = 6,
		.dir = STTAPE_DIR_IN,
		.data = buf,
		.len = 1025,
	};
	struct sttape_cmd_result res;
	struct counting c;

	counting_init(&c, 1024);
	assert_int_equal(sttape_transport_execute(&c.t, &cmd, &res), 0);
	assert_int_equal(res.transport_err, -EINVAL);
	assert_int_equal(res.resid, 1025);
	assert_int_equal(c.calls, 0);
	cmd.len = 1024;
	assert_int_equal(sttape_transport_execute(&c.t, &cmd, &res), 0);
	assert_int_equal(res.transport_err, 0);
	assert_int_equal(c.calls, 1);
	/* max_transfer 0: no limit of the path's own. */
	counting_init(&c, 0);
	cmd.len = sizeof(buf);
	assert_int_equal(sttape_transport_execute(&c.t, &cmd, &res), 0);
	assert_int_equal(c.calls, 1);
	assert_int_equal(c.last_len, sizeof(buf));
}

static void test_describe_and_close(void **state)
{
	struct counting c;
	char buf[64];

	counting_init(&c, 0);
	sttape_transport_describe(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "no transport");
	sttape_transport_describe(&c.t, buf, sizeof(buf));
	assert_string_equal(buf, "counting"); /* no describe op: the name */
	sttape_transport_describe(&c.t, NULL, 0);
	sttape_transport_close(NULL);
	sttape_transport_close(&c.t);
	assert_int_equal(c.closes, 1);
}

static void test_timeout_rounds_up_to_seconds(void **state)
{
	assert_int_equal(sttape_transport_timeout_secs(0),
			 STTAPE_TRANSPORT_DEFAULT_TIMEOUT_MS / 1000);
	assert_int_equal(sttape_transport_timeout_secs(1), 1);
	assert_int_equal(sttape_transport_timeout_secs(999), 1);
	assert_int_equal(sttape_transport_timeout_secs(1000), 1);
	assert_int_equal(sttape_transport_timeout_secs(1001), 2);
	assert_int_equal(sttape_transport_timeout_secs(30000), 30);
	assert_int_equal(sttape_transport_timeout_secs(UINT_MAX),
			 UINT_MAX / 1000 + 1);
}

static void test_sg_host_and_driver_status(void **state)
{
	/* Linux DID_* host bytes. */
	assert_int_equal(sttape_sg_host_errno(0x00, 0), 0);
	assert_int_equal(sttape_sg_host_errno(0x01, 0), -ENODEV);
	assert_int_equal(sttape_sg_host_errno(0x03, 0), -ETIMEDOUT);
	assert_int_equal(sttape_sg_host_errno(0x04, 0), -ENODEV);
	assert_int_equal(sttape_sg_host_errno(0x07, 0), -EIO);
	assert_int_equal(sttape_sg_host_errno(0x08, 0), -EIO);
	assert_int_equal(sttape_sg_host_errno(0x12, 0), -ENOMEM);
	assert_int_equal(sttape_sg_host_errno(0x0f, 0x08), -EIO);
	/* DRIVER_* bytes: SENSE is not an error, TIMEOUT is. */
	assert_int_equal(sttape_sg_host_errno(0, 0x08), 0);
	assert_int_equal(sttape_sg_host_errno(0, 0x06), -ETIMEDOUT);
	assert_int_equal(sttape_sg_host_errno(0, 0x04), -EIO);
}

static size_t limit(long wanted, long reserved, long tablesize, long seg_bytes,
		    long host_max)
{
	const struct sttape_sg_limits l = {
		.wanted = wanted,
		.reserved = reserved,
		.tablesize = tablesize,
		.seg_bytes = seg_bytes,
		.host_max = host_max,
	};

	return sttape_sg_transfer_limit(&l);
}

static void test_sg_transfer_limit(void **state)
{
	const long k = 1024, m = 1024 * 1024;

	assert_int_equal(limit(m, -1, -1, 32 * k, -1), 0); /* nothing known */
	assert_int_equal(limit(m, m, -1, 32 * k, 512 * k), 512 * k);
	/* sg: 128 entries of 32 KiB = 4 MiB, above the host's 512 KiB. */
	assert_int_equal(limit(m, m, 128, 32 * k, 512 * k), 512 * k);
	/* bsg: 16 entries of one page. */
	assert_int_equal(limit(m, -1, 16, 4 * k, 512 * k), 64 * k);
	/* A reserve the kernel clamped below the request is the limit... */
	assert_int_equal(limit(m, 256 * k, 128, 32 * k, -1), 256 * k);
	/* ...one it granted is not. */
	assert_int_equal(limit(m, m, 128, 32 * k, 8 * m), 4 * m);
	/* A table size that would overflow is ignored. */
	assert_int_equal(limit(m, m, LONG_MAX, 2, 2 * m), 2 * m);
}

static void test_sg_os_errno(void **state)
{
	assert_int_equal(sttape_sg_os_errno(ENODEV), -ENODEV);
	assert_int_equal(sttape_sg_os_errno(ENXIO), -ENODEV);
	assert_int_equal(sttape_sg_os_errno(EPERM), -EPERM);
	assert_int_equal(sttape_sg_os_errno(EACCES), -EPERM);
	assert_int_equal(sttape_sg_os_errno(EINVAL), -EINVAL);
	assert_int_equal(sttape_sg_os_errno(EOVERFLOW), -EINVAL);
	assert_int_equal(sttape_sg_os_errno(ENOMEM), -ENOMEM);
	assert_int_equal(sttape_sg_os_errno(EINTR), -EINTR);
	assert_int_equal(sttape_sg_os_errno(EBUSY), -EIO);
}

/*
 * Writing to a pipe whose reader is gone raises SIGPIPE, which would end
 * this process; inside the guard it is caught and discarded, and the
 * signal mask is as before afterwards.
 */
static void test_pipe_guard_absorbs_sigpipe(void **state)
{
	struct sttape_pipe_guard g;
	sigset_t before, after, pending;
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	pthread_sigmask(SIG_SETMASK, NULL, &before);
	sttape_pipe_guard_enter(&g);
	assert_int_equal(write(fds[1], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	sigpending(&pending);
	assert_int_equal(sigismember(&pending, SIGPIPE), 1);
	sttape_pipe_guard_leave(&g);
	close(fds[1]);
	sigpending(&pending);
	assert_int_equal(sigismember(&pending, SIGPIPE), 0);
	pthread_sigmask(SIG_SETMASK, NULL, &after);
	assert_int_equal(sigismember(&after, SIGPIPE),
			 sigismember(&before, SIGPIPE));
}

#ifdef STTAPE_HAVE_ISCSI
static void test_iscsi_errno_from_message(void **state)
{
	char msg[160];

	snprintf(msg, sizeof(msg),
		 "iscsi_service: socket error %s(%d) while connecting.",
		 strerror(ECONNREFUSED), ECONNREFUSED);
	assert_int_equal(sttape_iscsi_errno_of(msg, -EIO), -ECONNREFUSED);
	/* A number that is not preceded by its strerror text is no errno. */
	assert_int_equal(
		sttape_iscsi_errno_of("Status: Target not found(515)", -EIO),
		-EIO);
	snprintf(msg, sizeof(msg), "weird (%d)", ECONNREFUSED);
	assert_int_equal(sttape_iscsi_errno_of(msg, -EIO), -EIO);
	assert_int_equal(sttape_iscsi_errno_of("(x)(", -EIO), -EIO);
	assert_int_equal(sttape_iscsi_errno_of(NULL, -EPROTO), -EPROTO);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_commands_never_reach_backend),
		cmocka_unit_test(test_valid_edges_reach_backend),
		cmocka_unit_test(
			test_length_beyond_max_transfer_is_einval_result),
		cmocka_unit_test(test_describe_and_close),
		cmocka_unit_test(test_timeout_rounds_up_to_seconds),
		cmocka_unit_test(test_sg_host_and_driver_status),
		cmocka_unit_test(test_sg_transfer_limit),
		cmocka_unit_test(test_sg_os_errno),
		cmocka_unit_test(test_pipe_guard_absorbs_sigpipe),
#ifdef STTAPE_HAVE_ISCSI
		cmocka_unit_test(test_iscsi_errno_from_message),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
