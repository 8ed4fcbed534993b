/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * image.c - cartridge image file: header, object chain, index.
 *
 * Crash consistency rests on one invariant: the file ends where the data
 * ends.  A write in the middle truncates first; appends then write header
 * and record with one pwritev at the end of the file.  A process killed
 * at any instant therefore leaves complete objects followed by at most a
 * torn one (its header or record runs past the end of the file), which
 * open drops.  Anything else that does not parse is damage and is
 * reported with its offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "bytes.h"
#include "vdrive/image.h"
#include "transport/transport_priv.h"
#include "vdrive/vdrive_priv.h"

/* File header fields (sttape-image(5)). */
#define FH_MAGIC    0
#define FH_VERSION  8
#define FH_HDRSIZE  12
#define FH_CAPACITY 16
#define FH_PROFILE  24
#define FH_FLAGS    40
#define FH_CRC	    44
#define FH_LEN	    48

/* Object header fields. */
#define RH_MAGIC  0
#define RH_TYPE	  4
#define RH_LENGTH 8
#define RH_NUMBER 16
#define RH_CRC	  28

#define SCAN_WINDOW (256u * 1024u)
#define IOV_BATCH   512 /* header + record pairs per pwritev/preadv */

/* CRC-32C (Castagnoli, reflected 0x82F63B78), for headers only. */
static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1u)));
		crc_table[i] = c;
	}
}

uint32_t vd_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	pthread_once(&crc_once, crc_init);
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ crc_table[(crc ^ *p++) & 0xff];
	return ~crc;
}

static void rec_header(uint8_t *h, bool filemark, uint32_t len, uint64_t num)
{
	memset(h, 0, VD_REC_HDR);
	sttape_put_be32(h + RH_MAGIC, VD_REC_MAGIC);
	h[RH_TYPE] = filemark ? VD_REC_FILEMARK : VD_REC_DATA;
	sttape_put_be32(h + RH_LENGTH, len);
	sttape_put_be64(h + RH_NUMBER, num);
	sttape_put_be32(h + RH_CRC, vd_crc32c(0, h, RH_CRC));
}

static bool zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Why an object header is not valid, or NULL when it is. */
static const char *rec_check(const uint8_t *h, uint64_t num, uint32_t *len,
			     bool *filemark)
{
	if (sttape_get_be32(h + RH_MAGIC) != VD_REC_MAGIC)
		return "bad object magic";
	if (sttape_get_be32(h + RH_CRC) != vd_crc32c(0, h, RH_CRC))
		return "object header checksum mismatch";
	if (sttape_get_be64(h + RH_NUMBER) != num)
		return "object number out of sequence";
	*len = sttape_get_be32(h + RH_LENGTH);
	*filemark = h[RH_TYPE] == VD_REC_FILEMARK;
	if (!zero(h + 5, 3) || !zero(h + 12, 4) || !zero(h + 24, 4))
		return "reserved header bytes not zero";
	if (h[RH_TYPE] != VD_REC_DATA && !*filemark)
		return "unknown object type";
	if (*filemark ? *len != 0 : (*len == 0 || *len > VD_REC_MAX))
		return "bad record length";
	return NULL;
}

static void file_header(uint8_t *h, uint64_t capacity, const char *profile)
{
	memset(h, 0, VD_IMG_HEADER_SIZE);
	memcpy(h + FH_MAGIC, VD_IMG_MAGIC, 8);
	sttape_put_be32(h + FH_VERSION, VD_IMG_VERSION);
	sttape_put_be32(h + FH_HDRSIZE, VD_IMG_HEADER_SIZE);
	sttape_put_be64(h + FH_CAPACITY, capacity);
	strncpy((char *)h + FH_PROFILE, profile, 15);
	sttape_put_be32(h + FH_CRC, vd_crc32c(0, h, FH_CRC));
}

int vd_image_create(const char *path, uint64_t capacity, const char *profile,
		    char *why, size_t why_len)
{
	uint8_t h[VD_IMG_HEADER_SIZE];
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		err = -errno;
		sttape_transport_why(why, why_len, "%s: cannot create: %s",
				     path, strerror(errno));
		return err;
	}
	file_header(h, capacity, profile);
	if (pwrite(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    fsync(fd) != 0) {
		err = errno ? -errno : -EIO;
		sttape_transport_why(why, why_len,
				     "%s: cannot write header: %s", path,
				     strerror(-err));
		unlink(path);
	}
	close(fd);
	return err;
}

/* Parse the file header; -EBADMSG with why naming the offset. */
static int read_file_header(int fd, const char *path, uint64_t fsize,
			    struct sttape_vdrive_image_info *info, char *why,
			    size_t why_len)
{
	uint8_t h[FH_LEN];

	if (fsize < VD_IMG_HEADER_SIZE) {
		sttape_transport_why(why, why_len,
				     "%s: truncated image: %llu bytes, header "
				     "needs %u (offset "
				     "%llu)",
				     path, (unsigned long long)fsize,
				     VD_IMG_HEADER_SIZE,
				     (unsigned long long)fsize);
		info->bad_offset = fsize;
		return -EBADMSG;
	}
	if (pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h)) {
		sttape_transport_why(why, why_len, "%s: cannot read header: %s",
				     path, strerror(errno));
		return -EIO;
	}
	if (memcmp(h + FH_MAGIC, VD_IMG_MAGIC, 8) != 0) {
		sttape_transport_why(
			why, why_len,
			"%s: not an sttape image (bad magic at offset 0)",
			path);
		return -EBADMSG;
	}
	if (sttape_get_be32(h + FH_CRC) != vd_crc32c(0, h, FH_CRC)) {
		sttape_transport_why(
			why, why_len,
			"%s: image header checksum mismatch (offset %d)", path,
			FH_CRC);
		return -EBADMSG;
	}
	if (sttape_get_be32(h + FH_VERSION) != VD_IMG_VERSION ||
	    sttape_get_be32(h + FH_HDRSIZE) != VD_IMG_HEADER_SIZE) {
		sttape_transport_why(
			why, why_len,
			"%s: unsupported image version %u (offset %d)", path,
			sttape_get_be32(h + FH_VERSION), FH_VERSION);
		return -EBADMSG;
	}
	info->capacity = sttape_get_be64(h + FH_CAPACITY);
	memcpy(info->profile, h + FH_PROFILE, 15);
	info->profile[15] = '\0';
	return 0;
}

/* Reads object headers through a window so small records cost no syscall. */
struct scanner {
	int fd;
	uint8_t *buf;
	uint64_t base; /* file offset of buf[0] */
	size_t have;
};

static const uint8_t *scan_header(struct scanner *s, uint64_t off,
				  uint32_t last_len)
{
	ssize_t n;
	size_t want;

	if (off >= s->base && off + VD_REC_HDR <= s->base + s->have)
		return s->buf + (off - s->base);
	/* Big records: fetching the window would read their data too. */
	want = last_len < SCAN_WINDOW / 8 ? SCAN_WINDOW : 4096;
	n = pread(s->fd, s->buf, want, (off_t)off);
	if (n < (ssize_t)VD_REC_HDR)
		return NULL;
	s->base = off;
	s->have = (size_t)n;
	return s->buf;
}

/*
 * Walk the object chain.  Stops at the end of the file (clean), at a torn
 * last object (info->torn_tail) or at damage (-EBADMSG, info->bad_offset).
 */
static int scan(int fd, const char *path, uint64_t fsize,
		struct sttape_vdrive_image_info *info,
		int (*fn)(const struct sttape_vdrive_object *o, void *arg),
		void *arg, char *why, size_t why_len)
{
	struct scanner s = {.fd = fd};
	struct sttape_vdrive_object o = {.offset = VD_IMG_HEADER_SIZE};
	uint32_t len = 0;
	int rc = 0;

	s.buf = malloc(SCAN_WINDOW);
	if (!s.buf)
		return -ENOMEM;
	for (;;) {
		const uint8_t *h;
		const char *bad;
		bool fm;

		if (o.offset == fsize)
			break;
		if (o.offset + VD_REC_HDR > fsize) {
			info->torn_tail = true;
			break;
		}
		h = scan_header(&s, o.offset, len);
		if (!h) {
			sttape_transport_why(
				why, why_len, "%s: read error at offset %llu",
				path, (unsigned long long)o.offset);
			rc = -EIO;
			break;
		}
		bad = rec_check(h, o.number, &len, &fm);
		if (bad) {
			sttape_transport_why(
				why, why_len,
				"%s: damaged image: %s at offset %llu (object "
				"%llu)",
				path, bad, (unsigned long long)o.offset,
				(unsigned long long)o.number);
			info->bad_offset = o.offset;
			rc = -EBADMSG;
			break;
		}
		if (o.offset + VD_REC_HDR + len > fsize) {
			info->torn_tail = true;
			break;
		}
		o.filemark = fm;
		o.length = len;
		if (fn && (rc = fn(&o, arg)) != 0)
			break;
		info->objects++;
		info->filemarks += fm;
		o.offset += VD_REC_HDR + len;
		o.number++;
	}
	info->eod_offset = o.offset;
	free(s.buf);
	return rc;
}

static int open_and_scan(const char *path, int flags, int *fdp,
			 struct sttape_vdrive_image_info *info,
			 int (*fn)(const struct sttape_vdrive_object *o,
				   void *arg),
			 void *arg, char *why, size_t why_len)
{
	struct stat st;
	int fd, rc;

	memset(info, 0, sizeof(*info));
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		sttape_transport_why(why, why_len, "%s: %s", path,
				     strerror(errno));
		return rc;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		sttape_transport_why(why, why_len, "%s: not a regular file",
				     path);
		close(fd);
		return -EINVAL;
	}
	info->file_size = (uint64_t)st.st_size;
	rc = read_file_header(fd, path, info->file_size, info, why, why_len);
	if (rc == 0)
		rc = scan(fd, path, info->file_size, info, fn, arg, why,
			  why_len);
	if (rc != 0 && rc != 1) {
		close(fd);
		return rc;
	}
	*fdp = fd;
	return 0;
}

int sttape_vdrive_image_walk(const char *path,
			     struct sttape_vdrive_image_info *info,
			     int (*fn)(const struct sttape_vdrive_object *o,
				       void *arg),
			     void *arg, char *why, size_t why_len)
{
	struct sttape_vdrive_image_info tmp;
	int fd, rc;

	if (!info)
		info = &tmp;
	rc = open_and_scan(path, O_RDONLY, &fd, info, fn, arg, why, why_len);
	if (rc == 0)
		close(fd);
	return rc;
}

int sttape_vdrive_image_create(const char *path, uint64_t capacity,
			       const char *profile, char *why, size_t why_len)
{
	if (!profile)
		profile = "lto";
	if (!vd_profile_find(profile)) {
		sttape_transport_why(why, why_len,
				     "%s: unknown profile \"%s\" (%s)", path,
				     profile, vd_profile_names());
		return -EINVAL;
	}
	if (capacity < 65536) {
		sttape_transport_why(why, why_len, "%s: capacity below 64K",
				     path);
		return -EINVAL;
	}
	return vd_image_create(path, capacity, profile, why, why_len);
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 1024;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

static int index_add(const struct sttape_vdrive_object *o, void *arg)
{
	struct vd_image *img = arg;

	if (grow((void **)&img->off, &img->off_cap, o->number + 2,
		 sizeof(*img->off)))
		return -ENOMEM;
	img->off[o->number] = o->offset;
	img->off[o->number + 1] = o->offset + VD_REC_HDR + o->length;
	if (o->filemark) {
		if (grow((void **)&img->fm, &img->fm_cap, img->nfm + 1,
			 sizeof(*img->fm)))
			return -ENOMEM;
		img->fm[img->nfm++] = o->number;
	}
	img->nobj = o->number + 1;
	return 0;
}

int vd_image_open(const char *path, struct vd_image **out, char *why,
		  size_t why_len)
{
	struct sttape_vdrive_image_info info;
	struct vd_image *img = calloc(1, sizeof(*img));
	int fd, rc, flags = O_RDWR;

	if (!img)
		return -ENOMEM;
	if (access(path, W_OK) != 0 && errno == EACCES) {
		flags = O_RDONLY;
		img->readonly = true;
	}
	if (grow((void **)&img->off, &img->off_cap, 1, sizeof(*img->off))) {
		free(img);
		return -ENOMEM;
	}
	img->off[0] = VD_IMG_HEADER_SIZE;
	rc = open_and_scan(path, flags, &fd, &info, index_add, img, why,
			   why_len);
	if (rc == 0 &&
	    flock(fd, (img->readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
		sttape_transport_why(why, why_len,
				     "%s: image in use by another drive", path);
		close(fd);
		rc = -EBUSY;
	}
	if (rc != 0) {
		free(img->off);
		free(img->fm);
		free(img);
		return rc;
	}
	img->fd = fd;
	img->capacity = info.capacity;
	memcpy(img->profile, info.profile, sizeof(img->profile));
	/* Drop a torn tail so the file again ends where the data ends. */
	if (!img->readonly && info.file_size != info.eod_offset &&
	    ftruncate(fd, (off_t)info.eod_offset) != 0) {
		rc = -errno;
		sttape_transport_why(why, why_len,
				     "%s: cannot drop torn tail at offset %llu",
				     path, (unsigned long long)info.eod_offset);
		vd_image_close(img);
		return rc;
	}
	*out = img;
	return 0;
}

void vd_image_close(struct vd_image *img)
{
	if (!img)
		return;
	if (img->dirty)
		(void)fdatasync(img->fd);
	close(img->fd);
	free(img->off);
	free(img->fm);
	free(img->hdrs);
	free(img);
}

uint64_t vd_image_fm_index(const struct vd_image *img, uint64_t obj)
{
	uint64_t lo = 0, hi = img->nfm;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (img->fm[mid] < obj)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int vd_image_truncate(struct vd_image *img, uint64_t n)
{
	if (n >= img->nobj)
		return 0;
	if (img->readonly)
		return -EROFS;
	if (ftruncate(img->fd, (off_t)img->off[n]) != 0)
		return -errno;
	img->nobj = n;
	img->nfm = vd_image_fm_index(img, n);
	img->dirty = true;
	return 0;
}

/* Write iov fully at off; on a short write undo it (all or nothing). */
static int write_all(struct vd_image *img, struct iovec *iov, int cnt,
		     uint64_t off, uint64_t total)
{
	uint64_t done = 0;

	while (done < total) {
		ssize_t n = pwritev(img->fd, iov, cnt, (off_t)(off + done));

		if (n <= 0) {
			int err = n < 0 ? -errno : -ENOSPC;

			if (ftruncate(img->fd, (off_t)off) != 0)
				return -EIO;
			return err;
		}
		done += (uint64_t)n;
		while (cnt > 0 && (size_t)n >= iov->iov_len) {
			n -= (ssize_t)iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/*
 * Start writing back what was appended, VD_WRITEBACK bytes at a time,
 * without waiting for it: the fdatasync a filemark or rewind makes then
 * waits only for the last piece instead of the whole file written since
 * the previous one (the disk works while the drive takes more records).
 */
#define VD_WRITEBACK (8u << 20)

static void start_writeback(struct vd_image *img)
{
	uint64_t end = img->off[img->nobj];

	if (end < img->flushed + VD_WRITEBACK) {
		if (end < img->flushed)
			img->flushed = end; /* truncated */
		return;
	}
	(void)sync_file_range(img->fd, (off_t)img->flushed,
			      (off_t)(end - img->flushed),
			      SYNC_FILE_RANGE_WRITE);
	img->flushed = end;
}

int vd_image_append(struct vd_image *img, const void *buf, uint32_t len,
		    uint64_t count)
{
	uint64_t start = img->nobj, done = 0;
	int rc;

	if (img->readonly)
		return -EROFS;
	if (grow((void **)&img->off, &img->off_cap, img->nobj + count + 1,
		 sizeof(*img->off)) ||
	    (!buf && grow((void **)&img->fm, &img->fm_cap, img->nfm + count,
			  sizeof(*img->fm))) ||
	    grow((void **)&img->hdrs, &img->hdrs_cap,
		 VD_REC_HDR * (count < IOV_BATCH ? count : IOV_BATCH), 1))
		return -ENOMEM;
	while (done < count) {
		struct iovec iov[2 * IOV_BATCH];
		uint64_t n = count - done, off = img->off[img->nobj], total;
		int cnt = 0;

		if (n > IOV_BATCH)
			n = IOV_BATCH;
		total = n * (VD_REC_HDR + (buf ? len : 0));
		for (uint64_t i = 0; i < n; i++) {
			uint8_t *h = img->hdrs + i * VD_REC_HDR;

			rec_header(h, !buf, buf ? len : 0, img->nobj + i);
			iov[cnt].iov_base = h;
			iov[cnt++].iov_len = VD_REC_HDR;
			if (buf) {
				iov[cnt].iov_base = (char *)(uintptr_t)buf +
						    (done + i) * len;
				iov[cnt++].iov_len = len;
			}
		}
		rc = write_all(img, iov, cnt, off, total);
		if (rc) {
			/* Undo earlier batches too: all or nothing. */
			if (img->nobj > start)
				(void)vd_image_truncate(img, start);
			return rc;
		}
		for (uint64_t i = 0; i < n; i++) {
			uint64_t k = img->nobj;

			img->off[k + 1] =
				img->off[k] + VD_REC_HDR + (buf ? len : 0);
			if (!buf)
				img->fm[img->nfm++] = k;
			img->nobj++;
		}
		done += n;
	}
	img->dirty = true;
	start_writeback(img);
	return 0;
}

ssize_t vd_image_read(struct vd_image *img, uint64_t i, void *buf, size_t len)
{
	uint32_t rl = vd_image_len(img, i);
	size_t n = len < rl ? len : rl, got = 0;

	while (got < n) {
		ssize_t r = pread(img->fd, (char *)buf + got, n - got,
				  (off_t)(img->off[i] + VD_REC_HDR + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EIO;
		got += (size_t)r;
	}
	return (ssize_t)n;
}

int vd_image_read_blocks(struct vd_image *img, uint64_t i, void *buf,
			 uint32_t len, uint64_t count)
{
	uint8_t skip[VD_REC_HDR];
	uint64_t done = 0;

	if (count == 1)
		return vd_image_read(img, i, buf, len) == (ssize_t)len ? 0
								       : -EIO;
	while (done < count) {
		struct iovec iov[2 * IOV_BATCH];
		uint64_t n = count - done, off, want, got;
		int cnt = 0;

		if (n > IOV_BATCH)
			n = IOV_BATCH;
		/* Data of the first record, then header + data pairs. */
		off = img->off[i + done] + VD_REC_HDR;
		for (uint64_t k = 0; k < n; k++) {
			if (k) {
				iov[cnt].iov_base = skip;
				iov[cnt++].iov_len = VD_REC_HDR;
			}
			iov[cnt].iov_base = (char *)buf + (done + k) * len;
			iov[cnt++].iov_len = len;
		}
		want = n * len + (n - 1) * VD_REC_HDR;
		got = (uint64_t)preadv(img->fd, iov, cnt, (off_t)off);
		if (got != want) {
			/* Short or failed: go record by record. */
			for (uint64_t k = 0; k < n; k++)
				if (vd_image_read(img, i + done + k,
						  (char *)buf +
							  (done + k) * len,
						  len) != (ssize_t)len)
					return -EIO;
		}
		done += n;
	}
	return 0;
}

int vd_image_sync(struct vd_image *img)
{
	if (!img->dirty)
		return 0;
	img->dirty = false;
	return fdatasync(img->fd) == 0 ? 0 : -errno;
}
