/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * transport_priv.h - what the transport backends share, and the few
 * pure helpers the unit tests call.  Not installed; the symbols are
 * hidden from libsttape.so (they stay visible in the static library the
 * tests link).
 */
#ifndef STTAPE_TRANSPORT_PRIV_H
#define STTAPE_TRANSPORT_PRIV_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/transport.h>

#include "hidden.h"

/* Timeout of the probes an open sends (INQUIRY, READ BLOCK LIMITS). */
#define STTAPE_TRANSPORT_PROBE_TIMEOUT_MS (30u * 1000u)

/* INQUIRY identification, "VENDOR PRODUCT REVISION", trimmed. */
#define STTAPE_TRANSPORT_IDENT_MAX 40

/* printf into the caller's why buffer (NULL or 0 length: nothing). */
STTAPE_HIDDEN void sttape_transport_why(char *why, size_t why_len,
					const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Send standard INQUIRY through t and accept only a connected
 * sequential-access logical unit (SPC-5 6.7.2: peripheral qualifier 0,
 * device type 1).  Fills ident (STTAPE_TRANSPORT_IDENT_MAX bytes).
 * Returns 0, -ENODEV (other type, no logical unit), -EPERM (with the
 * CAP_SYS_RAWIO hint) or -EIO, with the reason in why prefixed by name.
 */
STTAPE_HIDDEN int sttape_transport_check_tape(struct sttape_transport *t,
					      const char *name, char *ident,
					      char *why, size_t why_len);

/* Whole seconds for a command timeout in ms: 0 is the default, rounds up. */
STTAPE_HIDDEN unsigned int sttape_transport_timeout_secs(unsigned int ms);

/*
 * SIGPIPE: libiscsi writes data-out with writev, which raises SIGPIPE on
 * a connection the target closed, and that would end the process.  The
 * guard blocks SIGPIPE in the calling thread while the library runs and,
 * on leaving, discards one raised meanwhile and restores the mask; the
 * process' own handling of SIGPIPE is left alone.
 */
struct sttape_pipe_guard {
	sigset_t old;
	bool was_pending;
};
STTAPE_HIDDEN void sttape_pipe_guard_enter(struct sttape_pipe_guard *g);
STTAPE_HIDDEN void sttape_pipe_guard_leave(struct sttape_pipe_guard *g);

/* Backends (sg.c, iscsi.c). */
STTAPE_HIDDEN int sttape_sg_open(const char *path,
				 struct sttape_transport **out, char *why,
				 size_t why_len);
STTAPE_HIDDEN int sttape_iscsi_open(const char *url,
				    struct sttape_transport **out, char *why,
				    size_t why_len);

/*
 * sg: transport_err for a completed SG_IO whose host (Linux DID_*) or
 * driver (DRIVER_*) status is not OK.
 */
STTAPE_HIDDEN int sttape_sg_host_errno(int host_status, int driver_status);
/* sg: what the kernel says about one device's path; -1 where unknown. */
struct sttape_sg_limits {
	long wanted;	/* reserved size asked for (SG_SET_RESERVED_SIZE) */
	long reserved;	/* SG_GET_RESERVED_SIZE afterwards */
	long tablesize; /* scatter-gather entries per command */
	long seg_bytes; /* bytes per entry: sg scatter_elem_sz, bsg a page */
	long host_max;	/* host max_sectors, in bytes */
};

/*
 * sg: the largest data length of one command: the smallest of host_max,
 * tablesize * seg_bytes, and the reserve when the kernel clamped it below
 * wanted; 0 when nothing is known.
 */
STTAPE_HIDDEN size_t sttape_sg_transfer_limit(const struct sttape_sg_limits *l);

/* sg: transport_err for an SG_IO that failed with errno err (> 0). */
STTAPE_HIDDEN int sttape_sg_os_errno(int err);

/*
 * iscsi: the errno a libiscsi error message names as "text(N)", when N is
 * an errno whose strerror text precedes it; else fallback.
 */
STTAPE_HIDDEN int sttape_iscsi_errno_of(const char *msg, int fallback);

#endif /* STTAPE_TRANSPORT_PRIV_H */
