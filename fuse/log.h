/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * log.h - stfused's one logging function: stderr (with a syslog-style
 * <N> prefix journald understands) or syslog(3).
 */
#ifndef STFUSED_LOG_H
#define STFUSED_LOG_H

#include <stdbool.h>
#include <syslog.h>

#include <sttape/drive.h>

void stf_log_init(const char *ident, bool use_syslog, int max_level);
int stf_log_parse_level(const char *name); /* -1 if unknown */
void stf_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "what: errno text; sense in words" for a failed library action. */
void stf_log_result(int level, const char *what, int err,
		    const struct sttape_result *r);

#endif /* STFUSED_LOG_H */
