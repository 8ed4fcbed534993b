/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vdrive_bench - streaming throughput of the virtual drive against a
 * plain sequential file on the same filesystem, in the same run.
 *
 *   vdrive_bench [-d DIR] [-s MIB] [-r ROUNDS] [-o OBJECTS]
 *
 * For 64 KiB, 256 KiB and 1 MiB records: write then read SIZE MiB with
 * write(2)/read(2) on a plain file, through the vdrive transport (raw
 * WRITE(6)/READ(6) CDBs), and through the drive layer
 * (sttape_drive_write/read).  Writes end with a flush (fdatasync for
 * the file, WRITE FILEMARKS 0 for the drive, which is fdatasync), so
 * both pay for the disk; files are created fresh outside the timing.
 * Reads come from the page cache in all three cases alike.  Each figure
 * is the best of ROUNDS runs.  Prints MB/s (10^6 bytes) and the ratio
 * of the drive figures to the plain file figure.
 *
 * With -o, instead: build an image of OBJECTS 512-byte records and
 * time opening it (the scan that rebuilds the index), cold and warm.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sttape/cdb.h>
#include <sttape/drive.h>
#include <sttape/transport.h>
#include <sttape/vdrive.h>

enum path { PLAIN, TRANSPORT, DRIVE, NPATHS };

static const char *const path_names[NPATHS] = {"plain file", "transport",
					       "drive layer"};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "vdrive_bench: %s: %s\n", what, why);
	exit(1);
}

static int cmd(struct sttape_transport *t, uint8_t *cdb, int n,
	       enum sttape_dir dir, void *buf, size_t len)
{
	struct sttape_cmd c = {cdb, (size_t)n, dir, buf, len, 0};
	struct sttape_cmd_result res;

	if (t->ops->execute(t, &c, &res) || res.transport_err ||
	    res.status != STTAPE_STATUS_GOOD)
		return -EIO;
	return 0;
}

static double plain_run(const char *file, uint8_t *buf, size_t rec,
			size_t count, bool writing)
{
	int fd;
	double t0;

	/* As for the image: a fresh file, opened outside the timing. */
	if (writing)
		unlink(file);
	fd = writing ? open(file, O_WRONLY | O_CREAT | O_EXCL, 0644)
		     : open(file, O_RDONLY);
	if (fd < 0)
		die(file, strerror(errno));
	t0 = now();
	for (size_t i = 0; i < count; i++) {
		ssize_t n = writing ? write(fd, buf, rec) : read(fd, buf, rec);

		if (n != (ssize_t)rec)
			die(file, "short transfer");
	}
	if (writing && fdatasync(fd) != 0)
		die(file, strerror(errno));
	t0 = now() - t0;
	close(fd);
	return t0;
}

static struct sttape_transport *vopen(const char *image, bool fresh)
{
	struct sttape_transport *t;
	char spec[600], why[256];

	if (fresh)
		unlink(image);
	snprintf(spec, sizeof(spec), "%s,profile=lto,capacity=1T", image);
	if (sttape_vdrive_transport_open(spec, &t, why, sizeof(why)))
		die(image, why);
	return t;
}

static double transport_run(const char *image, uint8_t *buf, size_t rec,
			    size_t count, bool writing)
{
	struct sttape_transport *t = vopen(image, writing);
	uint8_t cdb[STTAPE_CDB_MAX];
	double t0 = now();

	for (size_t i = 0; i < count; i++) {
		int n = writing ? sttape_cdb_write6(cdb, false, (uint32_t)rec)
				: sttape_cdb_read6(cdb, false, false,
						   (uint32_t)rec);

		if (cmd(t, cdb, n, writing ? STTAPE_DIR_OUT : STTAPE_DIR_IN,
			buf, rec))
			die(image, "I/O through the transport failed");
	}
	if (writing && cmd(t, cdb, sttape_cdb_write_filemarks6(cdb, false, 0),
			   STTAPE_DIR_NONE, NULL, 0))
		die(image, "flush failed");
	t0 = now() - t0;
	t->ops->close(t);
	return t0;
}

static double drive_run(const char *image, uint8_t *buf, size_t rec,
			size_t count, bool writing)
{
	struct sttape_transport *t = vopen(image, writing);
	struct sttape_drive *d;
	struct sttape_result r;
	double t0;

	if (sttape_drive_wrap(t, &d))
		die(image, "sttape_drive_wrap failed");
	t0 = now();
	for (size_t i = 0; i < count; i++) {
		int rc = writing ? sttape_drive_write(d, buf, rec, 0, &r)
				 : sttape_drive_read(d, buf, rec, 0, false, &r);

		if (rc || r.transferred != rec)
			die(image, "I/O through the drive layer failed");
	}
	if (writing && sttape_drive_write_filemarks(d, 0, false, &r))
		die(image, "flush failed");
	t0 = now() - t0;
	sttape_drive_close(d);
	return t0;
}

/* Time the open (index rebuild) of an image with n 512-byte records. */
static void open_time(const char *image, size_t n)
{
	struct sttape_transport *t = vopen(image, true);
	uint8_t cdb[STTAPE_CDB_MAX], mode[12] = {0, 0, 0x10, 8};
	static uint8_t blocks[256 * 512];
	double t0;

	mode[10] = 2; /* block length 512 */
	if (cmd(t, cdb, sttape_cdb_mode_select6(cdb, true, false, 12),
		STTAPE_DIR_OUT, mode, sizeof(mode)))
		die(image, "MODE SELECT failed");
	for (size_t done = 0; done < n;) {
		size_t k = n - done < 256 ? n - done : 256;

		if (cmd(t, cdb, sttape_cdb_write6(cdb, true, (uint32_t)k),
			STTAPE_DIR_OUT, blocks, k * 512))
			die(image, "write failed");
		done += k;
	}
	cmd(t, cdb, sttape_cdb_write_filemarks6(cdb, false, 1), STTAPE_DIR_NONE,
	    NULL, 0);
	t->ops->close(t);
	for (int i = 0; i < 2; i++) {
		t0 = now();
		t = vopen(image, false);
		t0 = now() - t0;
		t->ops->close(t);
		printf("open of %zu objects (%.0f MB image): %.3f s%s\n", n + 1,
		       (double)(n * 544 + 4096) / 1e6, t0,
		       i ? " (warm)" : " (first)");
	}
	unlink(image);
}

static double best(enum path p, const char *file, const char *image,
		   uint8_t *buf, size_t rec, size_t count, bool writing,
		   int rounds)
{
	double b = 1e30;

	for (int i = 0; i < rounds; i++) {
		double s =
			p == PLAIN ? plain_run(file, buf, rec, count, writing)
			: p == TRANSPORT
				? transport_run(image, buf, rec, count, writing)
				: drive_run(image, buf, rec, count, writing);

		if (s < b)
			b = s;
	}
	return b;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = {64 << 10, 256 << 10, 1 << 20};
	const char *dir = ".";
	size_t total = 512;
	int rounds = 3, c;
	size_t objects = 0;
	char file[512], image[512];
	uint8_t *buf;

	while ((c = getopt(argc, argv, "d:s:r:o:h")) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 's':
			total = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 'o':
			objects = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: vdrive_bench [-d DIR] [-s MIB] "
					"[-r ROUNDS]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (total == 0 || rounds <= 0)
		die("arguments", "size and rounds must be positive");
	snprintf(file, sizeof(file), "%s/vdrive_bench.plain", dir);
	snprintf(image, sizeof(image), "%s/vdrive_bench.img", dir);
	if (objects) {
		open_time(image, objects);
		return 0;
	}
	buf = malloc(1 << 20);
	if (!buf)
		die("buffer", "out of memory");
	for (size_t i = 0; i < (1 << 20); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	printf("%zu MiB per run, best of %d, in %s\n", total, rounds, dir);
	printf("%-8s %-5s %12s %12s %12s %8s %8s\n", "record", "dir",
	       "plain MB/s", "transp MB/s", "drive MB/s", "t/plain", "d/plain");
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t rec = sizes[k], count = (total << 20) / rec;
		double mb = (double)(rec * count) / 1e6;

		for (int w = 1; w >= 0; w--) {
			double s[NPATHS];

			for (int p = 0; p < NPATHS; p++)
				s[p] = best((enum path)p, file, image, buf, rec,
					    count, w, rounds);
			printf("%-8zu %-5s %12.0f %12.0f %12.0f %8.2f %8.2f\n",
			       rec >> 10, w ? "write" : "read", mb / s[PLAIN],
			       mb / s[TRANSPORT], mb / s[DRIVE],
			       s[PLAIN] / s[TRANSPORT], s[PLAIN] / s[DRIVE]);
		}
	}
	printf("(record in KiB; %s, %s, %s)\n", path_names[0], path_names[1],
	       path_names[2]);
	unlink(file);
	unlink(image);
	free(buf);
	return 0;
}
