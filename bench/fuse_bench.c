// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuse_bench - measurements for stfused (bench/fuse_bench.sh runs them):
 *
 *   fuse_bench io PATH RECORD TOTAL [sync]
 *                                        write TOTAL bytes in RECORD-byte
 *                                        write(2)s (with "sync": writeback
 *                                        started every 8 MiB as the
 *                                        virtual drive does, fdatasync at
 *                                        the end), close, and open and
 *                                        close again: the write ends when
 *                                        whatever the close started is
 *                                        done (a tape node's filemark,
 *                                        which the virtual drive makes
 *                                        durable); then read them back;
 *                                        MB/s both ways
 *   fuse_bench direct DEVICE RECORD TOTAL  the same through libsttape's
 *                                        session API, no daemon
 *   fuse_bench ioctl PATH COUNT          MTIOCGET round trips, us each
 *   fuse_bench noop DIR                  a no-op FUSE file DIR/zero
 *                                        (writes dropped, reads zeros)
 *                                        served like stfused's nodes
 *
 * Figures only: nothing here is a test.
 */
#define FUSE_USE_VERSION 314
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <linux/fuse.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mtio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sttape/session.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *page_buffer(size_t len)
{
	void *p = NULL;

	if (posix_memalign(&p, 4096, len ? len : 1))
		exit(1);
	memset(p, 0xa5, len);
	return p;
}

static void report(const char *what, size_t rec, size_t total, double secs)
{
	printf("%s record=%zu bytes=%zu seconds=%.3f MBps=%.1f\n", what, rec,
	       total, secs, (double)total / secs / 1e6);
}

/* Open and close: waits until a tape node's previous close is done. */
static int settle(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0 || close(fd)) {
		perror(path);
		return 1;
	}
	return 0;
}

static int bench_io(const char *path, size_t rec, size_t total, bool sync)
{
	char *buf = page_buffer(rec);
	size_t done = 0;
	double t0;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	t0 = now();
	for (done = 0; done < total; done += rec) {
		if (write(fd, buf, rec) != (ssize_t)rec) {
			perror("write");
			return 1;
		}
		if (sync && (done + rec) % (8u << 20) < rec)
			(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	}
	if (sync && fdatasync(fd)) {
		perror("fdatasync");
		return 1;
	}
	if (close(fd)) {
		perror("close");
		return 1;
	}
	if (settle(path))
		return 1;
	report("write", rec, done, now() - t0);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	t0 = now();
	for (done = 0; done < total;) {
		ssize_t n = read(fd, buf, rec);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	report("read", rec, done, now() - t0);
	free(buf);
	return done == total ? 0 : 1;
}

static int bench_direct(const char *dev, size_t rec, size_t total)
{
	struct sttape_session *s;
	char why[256] = "";
	char *buf = page_buffer(rec);
	size_t done;
	double t0;
	int err;

	err = sttape_session_create(dev, NULL, &s, why, sizeof(why));
	if (err) {
		fprintf(stderr, "%s: %s\n", dev, why);
		return 1;
	}
	err = sttape_session_open(s, 0, STTAPE_SUBMODE_REWIND,
				  STTAPE_ACCESS_WRITE, 0);
	if (err)
		return 1;
	t0 = now();
	for (done = 0; done < total; done += rec)
		if (sttape_session_write(s, buf, rec) != (ssize_t)rec)
			return 1;
	sttape_session_close(s);
	report("write", rec, done, now() - t0);
	if (sttape_session_open(s, 0, STTAPE_SUBMODE_REWIND, STTAPE_ACCESS_READ,
				0))
		return 1;
	t0 = now();
	for (done = 0; done < total;) {
		ssize_t n = sttape_session_read(s, buf, rec);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	sttape_session_close(s);
	report("read", rec, done, now() - t0);
	sttape_session_destroy(s);
	free(buf);
	return 0;
}

static int bench_ioctl(const char *path, long count)
{
	struct mtget mg;
	double t0, secs;
	long i;
	int fd = open(path, O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		perror(path);
		return 1;
	}
	t0 = now();
	for (i = 0; i < count; i++) {
		if (ioctl(fd, MTIOCGET, &mg) < 0) {
			perror("MTIOCGET");
			return 1;
		}
	}
	secs = now() - t0;
	printf("MTIOCGET count=%ld us_each=%.2f\n", count, secs * 1e6 / count);
	close(fd);
	return 0;
}

/* The no-op file: the same open flags stfused's nodes get. */
static char *zeros;

static void noop_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;

	if (parent != 1 || strcmp(name, "zero")) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.ino = 2;
	e.attr.st_ino = 2;
	e.attr.st_mode = S_IFREG | 0666;
	e.attr.st_nlink = 1;
	e.attr_timeout = e.entry_timeout = 3600;
	fuse_reply_entry(req, &e);
}

static void noop_getattr(fuse_req_t req, fuse_ino_t ino,
			 struct fuse_file_info *fi)
{
	struct stat st;

	(void)fi;
	memset(&st, 0, sizeof(st));
	st.st_ino = ino;
	st.st_mode = ino == 1 ? S_IFDIR | 0755 : S_IFREG | 0666;
	st.st_nlink = 1;
	fuse_reply_attr(req, &st, 3600);
}

static void noop_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
			 int to_set, struct fuse_file_info *fi)
{
	(void)attr;
	(void)to_set;
	noop_getattr(req, ino, fi);
}

static void noop_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct fuse_open_out oo;
	struct iovec iov = {&oo, sizeof(oo)};

	(void)ino;
	(void)fi;
	memset(&oo, 0, sizeof(oo));
	oo.open_flags = FOPEN_DIRECT_IO | FOPEN_NONSEEKABLE | FOPEN_STREAM;
	fuse_reply_iov(req, &iov, 1);
}

static void noop_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	(void)ino;
	(void)off;
	(void)fi;
	fuse_reply_buf(req, zeros, size > (8u << 20) ? (8u << 20) : size);
}

static void noop_write(fuse_req_t req, fuse_ino_t ino, const char *buf,
		       size_t size, off_t off, struct fuse_file_info *fi)
{
	(void)ino;
	(void)buf;
	(void)off;
	(void)fi;
	fuse_reply_write(req, size);
}

static const struct fuse_lowlevel_ops noop_ops = {
	.lookup = noop_lookup,
	.getattr = noop_getattr,
	.setattr = noop_setattr,
	.open = noop_open,
	.read = noop_read,
	.write = noop_write,
};

static int noop_serve(const char *dir)
{
	char *argv[] = {"fuse_bench", NULL};
	struct fuse_args args = FUSE_ARGS_INIT(1, argv);
	struct fuse_session *se;
	int rc;

	zeros = calloc(1, 8u << 20);
	se = fuse_session_new(&args, &noop_ops, sizeof(noop_ops), NULL);
	fuse_opt_free_args(&args);
	if (!se || fuse_set_signal_handlers(se) || fuse_session_mount(se, dir))
		return 1;
	rc = fuse_session_loop(se);
	fuse_remove_signal_handlers(se);
	fuse_session_unmount(se);
	fuse_session_destroy(se);
	free(zeros);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "io"))
		return bench_io(argv[2], strtoul(argv[3], NULL, 0),
				strtoul(argv[4], NULL, 0),
				argc == 6 && !strcmp(argv[5], "sync"));
	if (argc == 5 && !strcmp(argv[1], "direct"))
		return bench_direct(argv[2], strtoul(argv[3], NULL, 0),
				    strtoul(argv[4], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "ioctl"))
		return bench_ioctl(argv[2], strtol(argv[3], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "noop"))
		return noop_serve(argv[2]);
	fprintf(stderr, "usage: see the comment at the top of fuse_bench.c\n");
	return 2;
}
