// SPDX-License-Identifier: BSD-2-Clause
/*
 * log.c - stfused's logging: one function, two sinks.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "log.h"

static bool log_syslog;
static int log_max = LOG_NOTICE;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* Sorted by level value (syslog.h). */
static const char *const level_names[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

void stf_log_init(const char *ident, bool use_syslog, int max_level)
{
	log_syslog = use_syslog;
	log_max = max_level;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int stf_log_parse_level(const char *name)
{
	int i;

	for (i = 0; i < 8; i++)
		if (!strcasecmp(name, level_names[i]))
			return i;
	if (!strcasecmp(name, "error"))
		return LOG_ERR;
	if (!strcasecmp(name, "warn"))
		return LOG_WARNING;
	return -1;
}

void stf_log(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_max)
		return;
	va_start(ap, fmt);
	if (log_syslog) {
		vsyslog(level, fmt, ap);
	} else {
		pthread_mutex_lock(&log_lock);
		fprintf(stderr, "<%d>stfused: ", level);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		pthread_mutex_unlock(&log_lock);
	}
	va_end(ap);
}

void stf_log_result(int level, const char *what, int err,
		    const struct sttape_result *r)
{
	char sense[256] = "";

	if (level > log_max)
		return;
	if (r && r->has_sense)
		sttape_sense_describe(&r->sense, sense, sizeof(sense));
	stf_log(level, "%s: %s%s%s", what, strerror(err < 0 ? -err : err),
		sense[0] ? "; " : "", sense);
}
