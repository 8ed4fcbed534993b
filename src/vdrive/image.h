/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * image.h - the cartridge image file of the virtual drive (private).
 *
 * Layout (sttape-image(5)): a 4096-byte file header, then an append-only
 * chain of logical objects, each a 32-byte header followed by its record
 * bytes (none for a filemark).  End of data is where the chain ends, which
 * is always the end of the file: writing in the middle truncates the file
 * first, so an interrupted write can only leave a torn last object, which
 * open discards.  The in-memory index keeps the header offset of every
 * object (a filemark is the only object of length 0) and the object
 * numbers of the filemarks, so position arithmetic never touches the file.
 */
#ifndef STTAPE_VDRIVE_IMAGE_H
#define STTAPE_VDRIVE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/vdrive.h>

#define VD_IMG_MAGIC	   "STTAPEIM"
#define VD_IMG_VERSION	   1
#define VD_IMG_HEADER_SIZE 4096u
#define VD_REC_MAGIC	   0x53545243u /* "STRC" */
#define VD_REC_HDR	   32u
#define VD_REC_DATA	   1
#define VD_REC_FILEMARK	   2
#define VD_REC_MAX	   0xffffffu /* a 24-bit transfer length */

struct vd_image {
	int fd;
	bool readonly;
	uint64_t capacity;
	char profile[16];
	uint64_t *off; /* off[i]: header offset of object i; off[nobj]: EOD */
	uint64_t nobj;
	size_t off_cap;
	uint64_t *fm; /* object numbers of the filemarks, ascending */
	uint64_t nfm;
	size_t fm_cap;
	bool dirty;	  /* written since the last sync */
	uint64_t flushed; /* writeback started up to this offset */
	uint8_t *hdrs;	  /* scratch record headers for batched writes */
	size_t hdrs_cap;
};

uint32_t vd_crc32c(uint32_t crc, const void *buf, size_t len);

int vd_image_create(const char *path, uint64_t capacity, const char *profile,
		    char *why, size_t why_len);
int vd_image_open(const char *path, struct vd_image **out, char *why,
		  size_t why_len);
void vd_image_close(struct vd_image *img);

static inline uint32_t vd_image_len(const struct vd_image *img, uint64_t i)
{
	return (uint32_t)(img->off[i + 1] - img->off[i] - VD_REC_HDR);
}

static inline bool vd_image_is_filemark(const struct vd_image *img, uint64_t i)
{
	return img->off[i + 1] - img->off[i] == VD_REC_HDR;
}

/* Bytes used by the first n objects (headers included). */
static inline uint64_t vd_image_used(const struct vd_image *img, uint64_t n)
{
	return img->off[n] - VD_IMG_HEADER_SIZE;
}

/* Index in fm[] of the first filemark at or after object `obj`. */
uint64_t vd_image_fm_index(const struct vd_image *img, uint64_t obj);

/* Discard objects n.. (end of data moves to n). */
int vd_image_truncate(struct vd_image *img, uint64_t n);
/*
 * Append `count` records of `len` bytes each from buf (consecutive), or
 * `count` filemarks when buf is NULL.  All or nothing: on error the image
 * is as before.
 */
int vd_image_append(struct vd_image *img, const void *buf, uint32_t len,
		    uint64_t count);
/* Read up to len bytes of record i into buf; returns bytes or -errno. */
ssize_t vd_image_read(struct vd_image *img, uint64_t i, void *buf, size_t len);
/* Read `count` consecutive records of exactly len bytes from i. */
int vd_image_read_blocks(struct vd_image *img, uint64_t i, void *buf,
			 uint32_t len, uint64_t count);
int vd_image_sync(struct vd_image *img);

#endif /* STTAPE_VDRIVE_IMAGE_H */
