// SPDX-License-Identifier: BSD-2-Clause
/*
 * e2e_mtio_client NODE OP... - a small <sys/mtio.h> program, built for
 * the host and with gcc -m32, so the e2e tests see what a 32-bit caller
 * gets from MTIOCGET and MTIOCPOS.  Ops: get, pos, fsf N, bsf N, rew,
 * weof N, write N (one record of N bytes), sizes; inquiry (raw SCSI,
 * when built with -I include); intr-rew: MTREW with a SIGINT handler
 * (no SA_RESTART), printing "rewinding" before the ioctl, then how it
 * ended and after how long.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mtio.h>
#include <time.h>
#include <unistd.h>

/* With -I include (tests/e2e/scenarios/raw.sh): the raw SCSI ioctl. */
#if defined(__has_include)
#if __has_include(<sttape/mtio.h>)
#include <sttape/mtio.h>
#endif
#endif

static int do_op(int fd, short op, int count)
{
	struct mtop mt = {.mt_op = op, .mt_count = count};

	if (ioctl(fd, MTIOCTOP, &mt) < 0) {
		printf("op %d: %s\n", op, strerror(errno));
		return 1;
	}
	return 0;
}

static void on_sigint(int sig)
{
	(void)sig;
}

/*
 * MTREW that a SIGINT may interrupt: the handler does nothing and
 * SA_RESTART is off, so an interrupted ioctl fails with EINTR.  Prints
 * "rewinding" once the handler is in place, then "rew: <result> after
 * <ms> ms".
 */
static int do_intr_rewind(int fd)
{
	struct sigaction sa;
	struct mtop mt = {.mt_op = MTREW, .mt_count = 1};
	struct timespec t0, t1;
	int rc, err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	printf("rewinding\n"); /* the handler is in place */
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = ioctl(fd, MTIOCTOP, &mt);
	err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("rew: %s after %ld ms\n", rc < 0 ? strerror(err) : "ok",
	       (long)((t1.tv_sec - t0.tv_sec) * 1000 +
		      (t1.tv_nsec - t0.tv_nsec) / 1000000));
	fflush(stdout);
	return rc < 0;
}

static int do_get(int fd)
{
	struct mtget mg;

	memset(&mg, 0x5a, sizeof(mg));
	if (ioctl(fd, MTIOCGET, &mg) < 0) {
		printf("MTIOCGET: %s\n", strerror(errno));
		return 1;
	}
	printf("type=%#lx resid=%ld dsreg=%#lx gstat=%#lx erreg=%ld "
	       "fileno=%d blkno=%d\n",
	       (unsigned long)mg.mt_type, (long)mg.mt_resid,
	       (unsigned long)mg.mt_dsreg, (unsigned long)mg.mt_gstat,
	       (long)mg.mt_erreg, (int)mg.mt_fileno, (int)mg.mt_blkno);
	return 0;
}

static int do_pos(int fd)
{
	struct mtpos mp;

	if (ioctl(fd, MTIOCPOS, &mp) < 0) {
		printf("MTIOCPOS: %s\n", strerror(errno));
		return 1;
	}
	printf("blkno=%ld\n", (long)mp.mt_blkno);
	return 0;
}

static int do_write(int fd, size_t n)
{
	char *buf = calloc(1, n);
	ssize_t w = write(fd, buf, n);

	free(buf);
	if (w != (ssize_t)n) {
		printf("write: %zd %s\n", w, strerror(errno));
		return 1;
	}
	return 0;
}

#ifdef STTAPE_MTIOCSCSI
/* INQUIRY through STTAPE_MTIOCSCSI: vendor and product as the drive
 * sent them, the status and the structure size this caller uses. */
static int do_inquiry(int fd)
{
	static struct sttape_mtscsi x;

	memset(&x, 0, sizeof(x));
	x.cdb[0] = 0x12;
	x.cdb[4] = 96;
	x.cdb_len = 6;
	x.dir = STTAPE_MTSCSI_DIR_IN;
	x.data_len = 96;
	if (ioctl(fd, STTAPE_MTIOCSCSI, &x) < 0) {
		printf("STTAPE_MTIOCSCSI: %s\n", strerror(errno));
		return 1;
	}
	printf("size=%zu status=%u resid=%u vendor=%.8s product=%.16s\n",
	       sizeof(x), x.status, x.resid, (const char *)x.data + 8,
	       (const char *)x.data + 16);
	return 0;
}
#endif

int main(int argc, char **argv)
{
	int fd, i, rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: e2e_mtio_client NODE OP...\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0 && errno == EISDIR) /* the mount's directory */
		fd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		printf("open: %s\n", strerror(errno));
		return 1;
	}
	for (i = 2; i < argc && !rc; i++) {
		const char *op = argv[i];
		int n = i + 1 < argc ? atoi(argv[i + 1]) : 0;

		if (!strcmp(op, "get"))
			rc = do_get(fd);
		else if (!strcmp(op, "pos"))
			rc = do_pos(fd);
		else if (!strcmp(op, "sizes"))
			printf("sizeof(long)=%zu sizeof(struct mtget)=%zu\n",
			       sizeof(long), sizeof(struct mtget));
#ifdef STTAPE_MTIOCSCSI
		else if (!strcmp(op, "inquiry"))
			rc = do_inquiry(fd);
#endif
		else if (!strcmp(op, "rew"))
			rc = do_op(fd, MTREW, 1);
		else if (!strcmp(op, "intr-rew"))
			rc = do_intr_rewind(fd);
		else if (!strcmp(op, "fsf") && ++i)
			rc = do_op(fd, MTFSF, n);
		else if (!strcmp(op, "bsf") && ++i)
			rc = do_op(fd, MTBSF, n);
		else if (!strcmp(op, "weof") && ++i)
			rc = do_op(fd, MTWEOF, n);
		else if (!strcmp(op, "write") && ++i)
			rc = do_write(fd, (size_t)n);
		else
			rc = 2;
	}
	close(fd);
	return rc;
}
