// SPDX-License-Identifier: BSD-2-Clause
/*
 * e2e_ra_client NODE SEED STEPS - a pseudo-random mix of what tape
 * programs do between reads (reads of many sizes, MTIOCGET, MTIOCPOS,
 * spacing records and files both ways, rewinds, close and reopen, the
 * odd write) on a no-rewind node, one line of outcome per step: return
 * value or errno, an FNV-1a digest of the data, the status.  The e2e
 * scenario read_ahead runs it against stfused with and without
 * read-ahead on copies of one cartridge: the transcripts must match.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mtio.h>
#include <unistd.h>

static uint64_t rng;

static unsigned int next(unsigned int n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)((rng >> 33) % n);
}

static uint32_t digest(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void step_read(int fd, uint8_t *buf)
{
	static const size_t sizes[] = {512,    10240,  65536,	131072,
				       262144, 300000, 1048576, 4194304};
	static size_t last;
	size_t len = last && next(2) ? last : sizes[next(8)];
	ssize_t n = read(fd, buf, len);

	last = len; /* streaming reads repeat their size */

	if (n < 0)
		printf("read %zu: %s\n", len, strerror(errno));
	else
		printf("read %zu: %zd %08x\n", len, n, digest(buf, (size_t)n));
}

static void step_op(int fd, short op, int count, const char *name)
{
	struct mtop mt = {.mt_op = op, .mt_count = count};

	if (ioctl(fd, MTIOCTOP, &mt) < 0)
		printf("%s %d: %s\n", name, count, strerror(errno));
	else
		printf("%s %d: ok\n", name, count);
}

static void step_get(int fd)
{
	struct mtget g;

	if (ioctl(fd, MTIOCGET, &g) < 0) {
		printf("get: %s\n", strerror(errno));
		return;
	}
	printf("get: resid=%ld gstat=%#lx erreg=%ld file=%d blk=%d\n",
	       (long)g.mt_resid, (unsigned long)g.mt_gstat, (long)g.mt_erreg,
	       (int)g.mt_fileno, (int)g.mt_blkno);
}

static void step_pos(int fd)
{
	struct mtpos p;

	if (ioctl(fd, MTIOCPOS, &p) < 0)
		printf("pos: %s\n", strerror(errno));
	else
		printf("pos: %ld\n", (long)p.mt_blkno);
}

static int reopen(const char *node, int fd)
{
	if (fd >= 0 && close(fd) < 0)
		printf("close: %s\n", strerror(errno));
	fd = open(node, O_RDWR);
	if (fd < 0) {
		printf("open: %s\n", strerror(errno));
		exit(1);
	}
	printf("reopen\n");
	return fd;
}

static void step(const char *node, int *fd, uint8_t *buf)
{
	unsigned int k = next(100);

	if (k < 60)
		step_read(*fd, buf);
	else if (k < 68)
		step_get(*fd);
	else if (k < 72)
		step_pos(*fd);
	else if (k < 76)
		step_op(*fd, MTFSR, 1 + (int)next(2), "fsr");
	else if (k < 81)
		step_op(*fd, MTBSR, 1 + (int)next(2), "bsr");
	else if (k < 84)
		step_op(*fd, MTFSF, 1, "fsf");
	else if (k < 88)
		step_op(*fd, MTBSF, 1, "bsf");
	else if (k < 90)
		step_op(*fd, MTREW, 1, "rewind");
	else if (k < 99)
		*fd = reopen(node, *fd);
	else {
		/* Rare: a record written where the head is (cuts the rest). */
		memset(buf, (int)next(256), 4096);
		ssize_t n = write(*fd, buf, 4096);

		printf("write: %zd\n", n < 0 ? -errno : n);
	}
}

int main(int argc, char **argv)
{
	uint8_t *buf = malloc(4194304);
	unsigned long steps;
	int fd = -1;

	if (argc != 4 || !buf) {
		fprintf(stderr, "usage: e2e_ra_client NODE SEED STEPS\n");
		return 2;
	}
	rng = strtoull(argv[2], NULL, 0);
	steps = strtoul(argv[3], NULL, 0);
	fd = reopen(argv[1], fd);
	for (unsigned long i = 0; i < steps; i++) {
		printf("%lu ", i);
		step(argv[1], &fd, buf);
	}
	if (close(fd) < 0)
		printf("close: %s\n", strerror(errno));
	free(buf);
	return 0;
}
