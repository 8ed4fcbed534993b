/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stfused.h - the daemon's private interfaces: nodes, handles, the
 * per-drive FIFO worker (worker.c) and the two frontends.
 *
 * Threads: each frontend has reader threads that decode requests and
 * queue them (they never block on tape I/O, so FUSE_INTERRUPT is always
 * seen); one worker thread per drive runs the queue in order and
 * replies.  The one exception is a read the worker already did ahead:
 * a reader thread answers it from memory (waiting at most 2 ms for a
 * READ on its way).  Replies from any thread are fine for libfuse.
 */
#ifndef STFUSED_H
#define STFUSED_H

#ifndef FUSE_USE_VERSION
#define FUSE_USE_VERSION 314
#endif

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <fuse_lowlevel.h>

#include <sttape/session.h>

#include "reassembly.h"

#define STF_NODES 16 /* 4 operation modes x 4 sub-modes */

struct stf_drive;

struct stf_node {
	struct stf_drive *drive;
	unsigned int mode;    /* operation mode 0-3 */
	unsigned int submode; /* enum sttape_submode */
	unsigned int minor;   /* unit*16 + mode*4 + sub-mode */
	char name[32];	      /* rst0, nrst0, ..., rst0.1 ... */
};

struct stf_handle {
	struct stf_node *node;
	struct stf_reasm ra;
	bool session_open; /* this handle owns the open session */
	/* Write-behind (see worker.c): an error owed to the next request,
	 * and whether the drive is past early warning (then no more). */
	int late_err;
	bool sync_writes;
	/* Its RELEASE, allocated at open: the owed filemark cannot be
	 * lost to a failed allocation at close. */
	struct stf_job *release;
};

enum stf_job_type {
	STF_JOB_OPEN = 1,
	STF_JOB_READ,
	STF_JOB_WRITE,
	STF_JOB_FLUSH,
	STF_JOB_RELEASE,
	STF_JOB_IOCTL,
	STF_JOB_SHUTDOWN,
};

struct stf_job {
	struct stf_job *next;
	enum stf_job_type type;
	fuse_req_t req; /* NULL: nobody waits for a reply */
	struct stf_node *node;
	struct stf_handle *h;
	uint64_t off;
	size_t size;	  /* READ size, WRITE length, ioctl out size */
	int open_flags;	  /* OPEN */
	unsigned int cmd; /* IOCTL */
	size_t in_size;
	uint8_t *data;	 /* WRITE bytes / ioctl in bytes (owned) */
	void *data_base; /* when set: the owned block data points into */
};

/* What differs between the frontends. */
struct stf_frontend_ops {
	/* Reply to a successful OPEN with the handle. */
	int (*reply_open)(fuse_req_t req, struct stf_handle *h);
	/* Largest request size that is certainly the last of its call. */
	size_t threshold;
	/* Answer writes before the drive has them (needs FLUSH at close). */
	bool write_behind;
};

struct stf_drive_config {
	struct sttape_session *session;
	unsigned int unit;
	size_t max_record;
	bool no_read_ahead; /* --read-ahead off */
};

/*
 * Read-ahead (worker.c): after a client's read of a record, the worker
 * has the session send the next READs (STTAPE_SESSION_AHEAD_MAX deep)
 * while replies cross the kernel; the client's next read of the same
 * size takes the oldest, anything else has the session undo them
 * (sttape_session_read_ahead()).  One buffer per held READ.
 */
struct stf_ahead_slot {
	uint8_t *buf; /* exchanged with the handle's record buffer */
	size_t cap;
	ssize_t n; /* the READ's result */
};

struct stf_ahead {
	bool streaming; /* send READs for h while there is room */
	bool sending;	/* one is on its way (lock not held) */
	struct stf_handle *h;
	size_t req_size;    /* the client request they stand for (offset 0) */
	size_t len;	    /* the tape READ's length */
	unsigned int held;  /* READs held, not yet given to the client */
	unsigned int taken; /* given by a reader thread, commit owed */
	unsigned int first; /* slot of the oldest held */
	struct stf_ahead_slot slot[STTAPE_SESSION_AHEAD_MAX];
	const uint8_t *replying[2]; /* buffers reader threads reply from */
	pthread_cond_t done;	    /* broadcast when a READ comes back */
};

struct stf_drive {
	struct sttape_session *session;
	size_t max_record;
	const struct stf_frontend_ops *fe;
	struct stf_node nodes[STF_NODES];

	pthread_mutex_t lock; /* recursive: queue and cur_req */
	pthread_cond_t cond;
	struct stf_job *head, *tail;
	pthread_t thread;
	bool thread_started;
	fuse_req_t cur_req;	  /* running interruptible request */
	bool cur_abandoned;	  /* its client got EINTR already */
	struct stf_handle *owner; /* handle that has the session open */
	bool shut;		  /* SHUTDOWN processed: refuse everything */
	bool fast_mteom; /* Linux MT_ST_FAST_MTEOM: MTEOM may lose fileno */
	bool in_job;	 /* the worker runs a job (not idle work) */
	struct stf_job *shutdown_job; /* allocated at init: stop cannot fail */
	bool read_ahead;	      /* enabled */
	struct stf_ahead ahead;
};

/* worker.c */
int stf_drive_init(struct stf_drive *d, const struct stf_drive_config *c);
void stf_drive_set_frontend(struct stf_drive *d,
			    const struct stf_frontend_ops *fe);
int stf_drive_start(struct stf_drive *d);
/* Queue SHUTDOWN, wait for the worker to finish everything before it. */
void stf_drive_stop(struct stf_drive *d);
void stf_drive_fini(struct stf_drive *d);
/* Name of a node: mode 0 as the seed's FILES; modes 1-3 get ".N". */
void stf_node_name(unsigned int unit, unsigned int mode, unsigned int sub,
		   char *buf, size_t len);

/* Reader side: queue a job (takes ownership of job and job->data). */
void stf_submit(struct stf_drive *d, struct stf_job *job);
struct stf_job *stf_job_new(enum stf_job_type type, fuse_req_t req,
			    struct stf_node *node, struct stf_handle *h);

/* Reader helpers shared by both frontends (frontend.c). */
void stf_fe_open(struct stf_node *n, fuse_req_t req, struct fuse_file_info *fi);
void stf_fe_read(struct stf_node *n, fuse_req_t req, size_t size, off_t off,
		 struct fuse_file_info *fi);
void stf_fe_write(struct stf_node *n, fuse_req_t req, const char *buf,
		  size_t size, off_t off, struct fuse_file_info *fi);
void stf_fe_flush(struct stf_node *n, fuse_req_t req,
		  struct fuse_file_info *fi);
/* reply_now: answer RELEASE before the work (FUSE mount: it is async). */
void stf_fe_release(struct stf_node *n, fuse_req_t req,
		    struct fuse_file_info *fi, bool reply_now);
void stf_fe_ioctl(struct stf_node *n, fuse_req_t req, unsigned int cmd,
		  struct fuse_file_info *fi, unsigned int flags,
		  const void *in_buf, size_t in_bufsz, size_t out_bufsz);

/* The reader loop: poll the session fd and stop_fd; returns at stop. */
int stf_session_loop(struct fuse_session *se, int stop_fd);
/* The request buffer of the calling reader thread (frontend.c). */
extern __thread struct fuse_buf *stf_reader_buf;

/* fuse_mount.c */
struct stf_mount_options {
	const char *dir;
	uid_t uid;
	gid_t gid;
	mode_t mode;
};
struct stf_mount;
int stf_mount_start(struct stf_drive *d, const struct stf_mount_options *o,
		    struct stf_mount **out);
/* Stop reading requests (the worker may still reply). */
void stf_mount_stop_reading(struct stf_mount *m);
void stf_mount_destroy(struct stf_mount *m); /* unmount: nodes vanish */

/* cuse.c */
struct stf_cuse;
bool stf_cuse_available(void);
int stf_cuse_start(struct stf_drive *d, const struct stf_mount_options *o,
		   struct stf_cuse **out);
void stf_cuse_stop_reading(struct stf_cuse *c);
void stf_cuse_destroy(struct stf_cuse *c); /* closes /dev/cuse: nodes vanish */

#endif /* STFUSED_H */
