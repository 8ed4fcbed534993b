/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sense_table.h - the classification tables, private to src/sense and
 * its tests (which check that they are sorted and do not overlap).
 */
#ifndef STTAPE_SENSE_TABLE_H
#define STTAPE_SENSE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <sttape/sense.h>

/* One row: sense key + ASC + an inclusive ASCQ range -> outcome. */
struct sense_rule {
	uint8_t key;
	uint8_t asc;
	uint8_t ascq_lo;
	uint8_t ascq_hi;
	enum sttape_outcome outcome;
	int err; /* 0 or negative errno */
	const char *text;
};

/* Rows sorted by (key, asc, ascq_lo), ranges disjoint within an ASC. */
const struct sense_rule *sense_rules(size_t *count);
/* One default per sense key 0..15, index == key (asc/ascq fields 0). */
const struct sense_rule *sense_key_defaults(size_t *count);
/* The matching row, else the key's default; never NULL. */
const struct sense_rule *sense_rule_find(uint8_t key, uint8_t asc,
					 uint8_t ascq);

#endif
