/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bytes.h - big-endian field access for CDBs, sense and parameter data.
 * SCSI fields are big-endian (SPC-5 3.5); these are the only place that
 * shifts bytes, so a wrong width shows up in one spot.
 */
#ifndef STTAPE_BYTES_H
#define STTAPE_BYTES_H

#include <stdint.h>

static inline void sttape_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void sttape_put_be24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}

static inline void sttape_put_be32(uint8_t *p, uint32_t v)
{
	sttape_put_be16(p, (uint16_t)(v >> 16));
	sttape_put_be16(p + 2, (uint16_t)v);
}

static inline void sttape_put_be64(uint8_t *p, uint64_t v)
{
	sttape_put_be32(p, (uint32_t)(v >> 32));
	sttape_put_be32(p + 4, (uint32_t)v);
}

static inline uint16_t sttape_get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t sttape_get_be24(const uint8_t *p)
{
	return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
}

static inline uint32_t sttape_get_be32(const uint8_t *p)
{
	return ((uint32_t)sttape_get_be16(p) << 16) | sttape_get_be16(p + 2);
}

static inline uint64_t sttape_get_be64(const uint8_t *p)
{
	return ((uint64_t)sttape_get_be32(p) << 32) | sttape_get_be32(p + 4);
}

/* A 24-bit two's-complement field (SPACE(6) count) as a signed value. */
static inline int32_t sttape_get_sbe24(const uint8_t *p)
{
	uint32_t v = sttape_get_be24(p);

	return (v & 0x800000u) ? (int32_t)(v | 0xff000000u) : (int32_t)v;
}

#endif /* STTAPE_BYTES_H */
