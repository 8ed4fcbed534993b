/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape-vm-sg-limits NODE - what the sg transport discovers about the
 * path to a tape, next to what the kernel says on its own, so the vm
 * label can check the discovery (guest-cuse-sg.sh).  Prints:
 *   describe=<the transport's describe line>
 *   max_transfer=<bytes>
 *   kernel_reserve_max=<bytes>  the largest sg reserved buffer the
 *                               kernel grants on a fresh descriptor
 *                               (SG_SET_RESERVED_SIZE of INT_MAX, then
 *                               SG_GET_RESERVED_SIZE)
 *   kernel_queue_max=<bytes>    the request queue's max_sectors in
 *                               bytes (BLKSECTGET on the sg node)
 */
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <scsi/sg.h>

#include <sttape/transport.h>

static long kernel_reserve_max(const char *node)
{
	int fd = open(node, O_RDWR | O_NONBLOCK);
	int v = INT_MAX;
	long got = -1;

	if (fd < 0)
		return -1;
	if (ioctl(fd, SG_SET_RESERVED_SIZE, &v) == 0 &&
	    ioctl(fd, SG_GET_RESERVED_SIZE, &v) == 0)
		got = v;
	close(fd);
	return got;
}

static long kernel_queue_max(const char *node)
{
	int fd = open(node, O_RDWR | O_NONBLOCK);
	int v = 0;
	long got = -1;

	if (fd < 0)
		return -1;
	if (ioctl(fd, BLKSECTGET, &v) == 0 && v > 0)
		got = v;
	close(fd);
	return got;
}

int main(int argc, char **argv)
{
	struct sttape_transport *t;
	char why[256] = "", line[512];
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s NODE\n", argv[0]);
		return 2;
	}
	rc = sttape_transport_open(argv[1], &t, why, sizeof(why));
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", argv[1],
			why[0] ? why : strerror(-rc));
		return 1;
	}
	sttape_transport_describe(t, line, sizeof(line));
	printf("describe=%s\nmax_transfer=%zu\n", line, t->max_transfer);
	sttape_transport_close(t);
	printf("kernel_reserve_max=%ld\n", kernel_reserve_max(argv[1]));
	printf("kernel_queue_max=%ld\n", kernel_queue_max(argv[1]));
	return 0;
}
