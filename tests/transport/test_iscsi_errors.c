/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_iscsi_errors.c - the iscsi backend's failures to open, without a
 * target: malformed URLs, a refused connection, a portal that hangs up
 * during login (-ECONNRESET).  Each gives a clean -errno, a reason naming the
 * URL, and no handle.
 */
#include <sttape/transport.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

/* A loopback socket bound to a free port; listening only if asked. */
static int bound_socket(bool listening, int *port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	if (listening)
		assert_int_equal(listen(fd, 4), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void expect_open_fails(const char *url, int err, const char *part)
{
	struct sttape_transport *t = (struct sttape_transport *)(uintptr_t)1;
	char why[512] = "";
	int rc = sttape_transport_open(url, &t, why, sizeof(why));

	if (rc != err)
		fail_msg("%s: rc %d (%s), expected %d", url, rc, why, err);
	assert_null(t);
	if (!strstr(why, part))
		fail_msg("%s: why \"%s\" lacks \"%s\"", url, why, part);
}

static void test_malformed_urls(void **state)
{
	expect_open_fails("iscsi://", -EINVAL, "bad iSCSI URL");
	expect_open_fails("iscsi://127.0.0.1", -EINVAL, "bad iSCSI URL");
	expect_open_fails("iscsi://127.0.0.1/iqn.2026-11.x:y", -EINVAL,
			  "target-iqn/lun");
	expect_open_fails("iscsi://127.0.0.1/iqn.2026-11.x:y/notalun", -EINVAL,
			  "bad iSCSI URL");
}

/*
 * Bound but not listening: the port stays ours (no other test can take
 * it) and every connection attempt is refused.
 */
static void test_connection_refused(void **state)
{
	char url[128];
	int port, fd = bound_socket(false, &port);

	snprintf(url, sizeof(url), "iscsi://127.0.0.1:%d/iqn.2026-11.x:y/1",
		 port);
	expect_open_fails(url, -ECONNREFUSED, "cannot log in");
	expect_open_fails(url, -ECONNREFUSED, url);
	close(fd);
}

/* The credentials of a URL never appear in the reason. */
static void test_password_not_in_reason(void **state)
{
	char url[160];
	int port, fd = bound_socket(false, &port);
	struct sttape_transport *t = NULL;
	char why[512] = "";

	snprintf(url, sizeof(url),
		 "iscsi://user%%s3cr3t@127.0.0.1:%d/iqn.2026-11.x:y/1", port);
	assert_int_equal(sttape_transport_open(url, &t, why, sizeof(why)),
			 -ECONNREFUSED);
	assert_null(strstr(why, "s3cr3t"));
	assert_non_null(strstr(why, "iscsi://127.0.0.1:"));
	close(fd);
}

static void *accept_and_hang_up(void *arg)
{
	int fd = *(int *)arg, c;

	c = accept(fd, NULL, NULL);
	if (c >= 0)
		close(c);
	return NULL;
}

static void test_portal_hangs_up_during_login(void **state)
{
	char url[128], why[512] = "";
	struct sttape_transport *t = NULL;
	int port, fd = bound_socket(true, &port), rc;
	pthread_t th;

	assert_int_equal(pthread_create(&th, NULL, accept_and_hang_up, &fd), 0);
	snprintf(url, sizeof(url), "iscsi://127.0.0.1:%d/iqn.2026-11.x:y/1",
		 port);
	rc = sttape_transport_open(url, &t, why, sizeof(why));
	pthread_join(th, NULL);
	close(fd);
	print_message("hang-up during login: %d (%s)\n", rc, why);
	assert_int_equal(rc, -ECONNRESET);
	assert_null(t);
	assert_non_null(strstr(why, "closed the connection during login"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_urls),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_password_not_in_reason),
		cmocka_unit_test(test_portal_hangs_up_during_login),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
