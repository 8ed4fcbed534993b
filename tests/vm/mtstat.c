/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape-vm-mtstat NODE - print the Linux MTIOCGET and MTIOCPOS fields
 * of a tape node as key=value, so the vm label can compare the kernel st
 * driver and stfused field by field.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mtio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct mtget g;
	struct mtpos p;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s NODE\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		printf("open=%s\n", strerrorname_np(errno));
		return 1;
	}
	if (ioctl(fd, MTIOCGET, &g) < 0) {
		printf("mtiocget=%s\n", strerrorname_np(errno));
	} else {
		printf("type=0x%lx resid=%ld blksize=%ld density=0x%lx "
		       "gstat=0x%lx erreg=0x%lx fileno=%d blkno=%d\n",
		       g.mt_type, g.mt_resid,
		       (g.mt_dsreg & MT_ST_BLKSIZE_MASK) >> MT_ST_BLKSIZE_SHIFT,
		       (g.mt_dsreg & MT_ST_DENSITY_MASK) >> MT_ST_DENSITY_SHIFT,
		       g.mt_gstat, g.mt_erreg, g.mt_fileno, g.mt_blkno);
	}
	if (ioctl(fd, MTIOCPOS, &p) < 0)
		printf("mtiocpos=%s\n", strerrorname_np(errno));
	else
		printf("mtiocpos=%ld\n", p.mt_blkno);
	close(fd);
	return 0;
}
