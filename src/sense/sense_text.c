// SPDX-License-Identifier: BSD-2-Clause
/*
 * sense_text.c - outcomes and sense data in words.  The sense key and
 * ASC/ASCQ strings come from libsgutils2, which carries the full T10
 * tables (SPC-5 4.4), so nothing here duplicates them.
 */
#include <stdarg.h>
#include <stdio.h>

#include <scsi/sg_lib.h>

#include <sttape/sense.h>

/* Indexed by enum sttape_outcome. */
static const char *const outcome_names[STTAPE_OUTCOME_COUNT] = {
	[STTAPE_OUTCOME_OK] = "ok",
	[STTAPE_OUTCOME_RECOVERED] = "recovered",
	[STTAPE_OUTCOME_FILEMARK] = "filemark",
	[STTAPE_OUTCOME_SETMARK] = "setmark",
	[STTAPE_OUTCOME_EARLY_WARNING] = "early_warning",
	[STTAPE_OUTCOME_BOP] = "bop",
	[STTAPE_OUTCOME_END_OF_DATA] = "end_of_data",
	[STTAPE_OUTCOME_VOLUME_OVERFLOW] = "volume_overflow",
	[STTAPE_OUTCOME_ILI_SHORT] = "ili_short",
	[STTAPE_OUTCOME_ILI_LONG] = "ili_long",
	[STTAPE_OUTCOME_BECOMING_READY] = "becoming_ready",
	[STTAPE_OUTCOME_NOT_READY] = "not_ready",
	[STTAPE_OUTCOME_NO_MEDIUM] = "no_medium",
	[STTAPE_OUTCOME_MEDIUM_CHANGED] = "medium_changed",
	[STTAPE_OUTCOME_RESET] = "reset",
	[STTAPE_OUTCOME_UNIT_ATTENTION] = "unit_attention",
	[STTAPE_OUTCOME_WRITE_PROTECTED] = "write_protected",
	[STTAPE_OUTCOME_ILLEGAL_REQUEST] = "illegal_request",
	[STTAPE_OUTCOME_UNSUPPORTED] = "unsupported",
	[STTAPE_OUTCOME_MEDIUM_ERROR] = "medium_error",
	[STTAPE_OUTCOME_HARDWARE_ERROR] = "hardware_error",
	[STTAPE_OUTCOME_ABORTED] = "aborted",
	[STTAPE_OUTCOME_BUSY] = "busy",
	[STTAPE_OUTCOME_UNUSABLE_SENSE] = "unusable_sense",
	[STTAPE_OUTCOME_TRANSPORT_ERROR] = "transport_error",
	[STTAPE_OUTCOME_OTHER] = "other",
};

const char *sttape_outcome_name(enum sttape_outcome o)
{
	if ((unsigned int)o >= STTAPE_OUTCOME_COUNT || !outcome_names[o])
		return "unknown";
	return outcome_names[o];
}

/* A bounded string being appended to; truncation is silent. */
struct text {
	char *buf;
	size_t len;
	size_t used;
};

__attribute__((format(printf, 2, 3))) static void add(struct text *t,
						      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->used + 1 >= t->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->used, t->len - t->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	t->used +=
		(size_t)n < t->len - t->used ? (size_t)n : t->len - t->used - 1;
}

static void add_flags(struct text *t, const struct sttape_sense *s)
{
	if (s->deferred)
		add(t, " [deferred]");
	if (s->filemark)
		add(t, " [FILEMARK]");
	if (s->eom)
		add(t, " [EOM]");
	if (s->ili)
		add(t, " [ILI]");
	if (s->info_valid)
		add(t, " info=%lld", (long long)s->information);
	if (s->progress_valid)
		add(t, " progress=%u%%",
		    (unsigned int)s->progress * 100u / 65536u);
}

void sttape_sense_describe(const struct sttape_sense *s, char *buf, size_t len)
{
	struct text t = {.buf = buf, .len = len, .used = 0};
	char key[64], asc[128];

	if (!buf || len == 0)
		return;
	buf[0] = '\0';
	if (!s || !s->usable) {
		add(&t, "no usable sense data");
		return;
	}
	sg_get_sense_key_str(s->key, (int)sizeof(key), key);
	sg_get_asc_ascq_str(s->asc, s->ascq, (int)sizeof(asc), asc);
	add(&t, "%s; %s", key, asc);
	add_flags(&t, s);
}
