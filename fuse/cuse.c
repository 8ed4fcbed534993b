// SPDX-License-Identifier: BSD-2-Clause
/*
 * cuse.c - the tape nodes as character devices through CUSE.
 *
 * One /dev/cuse session per node (a CUSE session creates exactly one
 * device), each served by its own reader thread with an own poll loop
 * (libfuse's signal helpers know one session only).  Minor number =
 * unit*16 + mode*4 + sub-mode as NetBSD; the major is dynamic, one per
 * node, as the kernel allocates it.  CUSE has no FLUSH and its RELEASE
 * is synchronous, so the close(2) of the client waits for the filemark
 * and rewind, as with st.  Requests are at most 128 KiB (32 pages), so
 * records above 126976 bytes are reassembled.
 *
 * This kernel has no CUSE: this file is compiled, exercised in the QEMU
 * guest of the vm tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <cuse_lowlevel.h>

#include "log.h"
#include "stfused.h"

#define STF_CUSE_PAGES 32 /* fc->max_pages stays at the default for CUSE */
#define STF_PAGE       4096

struct stf_cuse_node {
	struct stf_cuse *c;
	struct stf_node *node;
	struct fuse_session *se;
	int fd;
	pthread_t reader;
	bool reader_started;
	bool ready; /* CUSE_INIT done: the device exists */
};

struct stf_cuse {
	struct stf_drive *drive;
	struct stf_mount_options opt;
	struct stf_frontend_ops fe;
	struct stf_cuse_node nodes[STF_NODES];
	int stop_fd;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int ready;
};

bool stf_cuse_available(void)
{
	return access("/dev/cuse", R_OK | W_OK) == 0;
}

static struct stf_node *cnode(fuse_req_t req)
{
	struct stf_cuse_node *cn = fuse_req_userdata(req);

	return cn->node;
}

static int reply_open_cuse(fuse_req_t req, struct stf_handle *h)
{
	struct fuse_file_info fi;

	memset(&fi, 0, sizeof(fi));
	fi.fh = (uintptr_t)h;
	fi.direct_io = 1;
	fi.nonseekable = 1;
	return fuse_reply_open(req, &fi);
}

static void cu_init_done(void *userdata)
{
	struct stf_cuse_node *cn = userdata;
	struct stf_cuse *c = cn->c;

	pthread_mutex_lock(&c->lock);
	cn->ready = true;
	c->ready++;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

static void cu_open(fuse_req_t req, struct fuse_file_info *fi)
{
	stf_fe_open(cnode(req), req, fi);
}

static void cu_read(fuse_req_t req, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	stf_fe_read(cnode(req), req, size, off, fi);
}

static void cu_write(fuse_req_t req, const char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	stf_fe_write(cnode(req), req, buf, size, off, fi);
}

static void cu_release(fuse_req_t req, struct fuse_file_info *fi)
{
	/* Synchronous: the client's close waits for filemark and rewind. */
	stf_fe_release(cnode(req), req, fi, false);
}

static void cu_ioctl(fuse_req_t req, int cmd, void *arg,
		     struct fuse_file_info *fi, unsigned int flags,
		     const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	(void)arg;
	/* cmd is an int in the CUSE API: MTIOCGET would be negative. */
	stf_fe_ioctl(cnode(req), req, (unsigned int)cmd, fi, flags, in_buf,
		     in_bufsz, out_bufsz);
}

static const struct cuse_lowlevel_ops cu_ops = {
	.init_done = cu_init_done,
	.open = cu_open,
	.read = cu_read,
	.write = cu_write,
	.release = cu_release,
	.ioctl = cu_ioctl,
};

static ssize_t cu_io_read(int fd, void *buf, size_t len, void *userdata)
{
	(void)userdata;
	return read(fd, buf, len);
}

static ssize_t cu_io_writev(int fd, struct iovec *iov, int count,
			    void *userdata)
{
	(void)userdata;
	return writev(fd, iov, count);
}

static const struct fuse_custom_io cu_io = {
	.read = cu_io_read,
	.writev = cu_io_writev,
};

static void *reader_main(void *arg)
{
	struct stf_cuse_node *cn = arg;
	int res = stf_session_loop(cn->se, cn->c->stop_fd);

	if (res < 0 && !fuse_session_exited(cn->se)) {
		stf_log(LOG_WARNING, "CUSE session of %s ended (%s): stopping",
			cn->node->name, strerror(-res));
		kill(getpid(), SIGTERM);
	}
	return NULL;
}

static int node_session(struct stf_cuse *c, struct stf_cuse_node *cn)
{
	char devname[64];
	const char *info[] = {devname};
	char *argv[] = {"stfused", NULL};
	struct fuse_args args = FUSE_ARGS_INIT(1, argv);
	struct cuse_info ci;

	snprintf(devname, sizeof(devname), "DEVNAME=%s", cn->node->name);
	memset(&ci, 0, sizeof(ci));
	ci.dev_major = 0; /* dynamic */
	ci.dev_minor = cn->node->minor;
	ci.dev_info_argc = 1;
	ci.dev_info_argv = info;
	cn->se = cuse_lowlevel_new(&args, &ci, &cu_ops, cn);
	fuse_opt_free_args(&args);
	if (!cn->se)
		return -EIO;
	cn->fd = open("/dev/cuse", O_RDWR | O_CLOEXEC);
	if (cn->fd < 0)
		return -errno;
	if (fuse_session_custom_io(cn->se, &cu_io, cn->fd) != 0)
		return -EIO;
	return 0;
}

/* devtmpfs makes the node root:root 0600; apply the configured owner. */
static void set_node_owner(struct stf_cuse *c, struct stf_cuse_node *cn)
{
	char path[96];
	int i;

	snprintf(path, sizeof(path), "/dev/%s", cn->node->name);
	for (i = 0; i < 40; i++) {
		struct timespec ts = {0, 50 * 1000 * 1000};

		if (access(path, F_OK) == 0)
			break;
		nanosleep(&ts, NULL);
	}
	if (chown(path, c->opt.uid, c->opt.gid) || chmod(path, c->opt.mode))
		stf_log(LOG_WARNING, "%s: cannot set owner/mode: %m", path);
}

static int wait_ready(struct stf_cuse *c)
{
	struct timespec until;
	int err = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&c->lock);
	while (c->ready < STF_NODES && !err)
		err = pthread_cond_timedwait(&c->cond, &c->lock, &until);
	pthread_mutex_unlock(&c->lock);
	return c->ready == STF_NODES ? 0 : -ETIMEDOUT;
}

int stf_cuse_start(struct stf_drive *d, const struct stf_mount_options *o,
		   struct stf_cuse **out)
{
	struct stf_cuse *c = calloc(1, sizeof(*c));
	sigset_t all, old;
	unsigned int i;
	int err = 0;

	if (!c)
		return -ENOMEM;
	c->drive = d;
	c->opt = *o;
	c->fe.reply_open = reply_open_cuse;
	c->fe.threshold = STF_CUSE_PAGES * STF_PAGE - (STF_PAGE - 1);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	stf_drive_set_frontend(d, &c->fe);
	c->stop_fd = eventfd(0, EFD_CLOEXEC);
	*out = c;
	if (c->stop_fd < 0)
		return -errno;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < STF_NODES && !err; i++) {
		struct stf_cuse_node *cn = &c->nodes[i];

		cn->c = c;
		cn->node = &d->nodes[i];
		cn->fd = -1;
		err = node_session(c, cn);
		if (!err)
			err = -pthread_create(&cn->reader, NULL, reader_main,
					      cn);
		if (!err)
			cn->reader_started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!err)
		err = wait_ready(c);
	if (err) {
		stf_log(LOG_ERR, "CUSE: %s", strerror(-err));
		return err;
	}
	for (i = 0; i < STF_NODES; i++)
		set_node_owner(c, &c->nodes[i]);
	return 0;
}

void stf_cuse_stop_reading(struct stf_cuse *c)
{
	uint64_t one = 1;
	unsigned int i;

	for (i = 0; i < STF_NODES; i++)
		if (c->nodes[i].se)
			fuse_session_exit(c->nodes[i].se);
	if (c->stop_fd >= 0 && write(c->stop_fd, &one, sizeof(one)) < 0)
		stf_log(LOG_ERR, "cannot wake the readers");
	for (i = 0; i < STF_NODES; i++) {
		if (c->nodes[i].reader_started)
			pthread_join(c->nodes[i].reader, NULL);
		c->nodes[i].reader_started = false;
	}
}

void stf_cuse_destroy(struct stf_cuse *c)
{
	unsigned int i;

	stf_cuse_stop_reading(c);
	for (i = 0; i < STF_NODES; i++) {
		struct stf_cuse_node *cn = &c->nodes[i];

		/* Destroying the session closes its /dev/cuse fd: the
		 * device node goes away. */
		if (cn->se)
			fuse_session_destroy(cn->se);
		else if (cn->fd >= 0)
			close(cn->fd);
	}
	if (c->stop_fd >= 0)
		close(c->stop_fd);
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
