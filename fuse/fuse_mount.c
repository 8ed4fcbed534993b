// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuse_mount.c - the tape nodes as files of a FUSE mount (low-level API),
 * for kernels and containers without CUSE.
 *
 * Each node is a regular file opened with direct_io, nonseekable and
 * FOPEN_STREAM, so every read(2)/write(2) starts at offset 0 and the
 * kernel's continuation requests carry off > 0 (frontends.md 1.3).
 * libfuse 3.14 has no field for FOPEN_STREAM, so the OPEN reply is sent
 * as a raw struct fuse_open_out.  RELEASE is asynchronous in a mount:
 * it is answered at once and its work (filemark, rewind) queued.
 */
#include <errno.h>
#include <linux/fuse.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "stfused.h"

/* libfuse 3.14 caps max_pages at 256: a chunk spans at most 256 pages. */
#define STF_MOUNT_PAGES 256
#define STF_PAGE	4096

struct stf_mount {
	struct stf_drive *drive;
	struct stf_mount_options opt;
	struct stf_frontend_ops fe;
	struct fuse_session *se;
	pthread_t reader;
	bool reader_started;
	int stop_fd;
	time_t t0;
};

static struct stf_mount *mount_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/* ino 1 is the directory; node i is ino i + 2. */
static struct stf_node *node_of(struct stf_mount *m, fuse_ino_t ino)
{
	if (ino < 2 || ino >= 2 + STF_NODES)
		return NULL;
	return &m->drive->nodes[ino - 2];
}

static void fill_attr(struct stf_mount *m, fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	st->st_atime = st->st_mtime = st->st_ctime = m->t0;
	st->st_blksize = 65536;
	if (ino == FUSE_ROOT_ID) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
		return;
	}
	st->st_mode = S_IFREG | (m->opt.mode & 07777);
	st->st_nlink = 1;
	st->st_uid = m->opt.uid;
	st->st_gid = m->opt.gid;
}

static int reply_open_stream(fuse_req_t req, struct stf_handle *h)
{
	struct fuse_open_out oo;
	struct iovec iov;

	memset(&oo, 0, sizeof(oo));
	oo.fh = (uintptr_t)h;
	oo.open_flags = FOPEN_DIRECT_IO | FOPEN_NONSEEKABLE | FOPEN_STREAM;
	iov.iov_base = &oo;
	iov.iov_len = sizeof(oo);
	return fuse_reply_iov(req, &iov, 1);
}

static void mnt_init(void *userdata, struct fuse_conn_info *conn)
{
	struct stf_mount *m = userdata;
	size_t chunk = (size_t)STF_MOUNT_PAGES * STF_PAGE;

	/* Requests in order, from ordinary read/write: no AIO, no splice. */
	conn->want &= ~(FUSE_CAP_ASYNC_DIO | FUSE_CAP_SPLICE_READ |
			FUSE_CAP_SPLICE_WRITE | FUSE_CAP_SPLICE_MOVE |
			FUSE_CAP_WRITEBACK_CACHE | FUSE_CAP_ASYNC_READ |
			FUSE_CAP_IOCTL_DIR); /* the directory has no ioctls */
	/* RELEASEs wait in the background queue: keep it roomy. */
	conn->max_background = 64;
	conn->congestion_threshold = 48;
	if (conn->max_write && conn->max_write < chunk)
		chunk = conn->max_write;
	/* A chunk shorter than this is the last one of its system call. */
	m->fe.threshold = chunk - (STF_PAGE - 1);
	stf_log(LOG_INFO,
		"FUSE protocol %u.%u, max_write %u: records above "
		"%zu bytes are reassembled",
		conn->proto_major, conn->proto_minor, conn->max_write,
		m->fe.threshold - 1);
}

static void mnt_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct stf_mount *m = mount_of(req);
	struct fuse_entry_param e;
	unsigned int i;

	if (parent != FUSE_ROOT_ID) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	for (i = 0; i < STF_NODES; i++) {
		if (strcmp(m->drive->nodes[i].name, name))
			continue;
		memset(&e, 0, sizeof(e));
		e.ino = i + 2;
		e.attr_timeout = 3600;
		e.entry_timeout = 3600;
		fill_attr(m, e.ino, &e.attr);
		fuse_reply_entry(req, &e);
		return;
	}
	fuse_reply_err(req, ENOENT);
}

static void mnt_getattr(fuse_req_t req, fuse_ino_t ino,
			struct fuse_file_info *fi)
{
	struct stf_mount *m = mount_of(req);
	struct stat st;

	(void)fi;
	if (ino != FUSE_ROOT_ID && !node_of(m, ino)) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	fill_attr(m, ino, &st);
	fuse_reply_attr(req, &st, 3600);
}

/* Truncation and times mean nothing on a tape node: accept, change nothing. */
static void mnt_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr,
			int to_set, struct fuse_file_info *fi)
{
	(void)attr;
	(void)to_set;
	mnt_getattr(req, ino, fi);
}

static void mnt_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			struct fuse_file_info *fi)
{
	struct stf_mount *m = mount_of(req);
	char *buf;
	size_t used = 0;
	off_t i;

	(void)fi;
	if (ino != FUSE_ROOT_ID) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	buf = malloc(size);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	for (i = off; i < STF_NODES + 2; i++) {
		struct stat st;
		const char *name;
		size_t need;

		memset(&st, 0, sizeof(st));
		if (i < 2) {
			name = i == 0 ? "." : "..";
			st.st_ino = FUSE_ROOT_ID;
			st.st_mode = S_IFDIR;
		} else {
			name = m->drive->nodes[i - 2].name;
			st.st_ino = (ino_t)i;
			st.st_mode = S_IFREG;
		}
		need = fuse_add_direntry(req, buf + used, size - used, name,
					 &st, i + 1);
		if (need > size - used)
			break;
		used += need;
	}
	fuse_reply_buf(req, buf, used);
	free(buf);
}

static void mnt_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stf_node *n = node_of(mount_of(req), ino);

	if (!n) {
		fuse_reply_err(req, ino == FUSE_ROOT_ID ? EISDIR : ENOENT);
		return;
	}
	stf_fe_open(n, req, fi);
}

static void mnt_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	stf_fe_read(node_of(mount_of(req), ino), req, size, off, fi);
}

static void mnt_write(fuse_req_t req, fuse_ino_t ino, const char *buf,
		      size_t size, off_t off, struct fuse_file_info *fi)
{
	stf_fe_write(node_of(mount_of(req), ino), req, buf, size, off, fi);
}

static void mnt_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	stf_fe_flush(node_of(mount_of(req), ino), req, fi);
}

static void mnt_release(fuse_req_t req, fuse_ino_t ino,
			struct fuse_file_info *fi)
{
	stf_fe_release(node_of(mount_of(req), ino), req, fi, true);
}

static void mnt_fsync(fuse_req_t req, fuse_ino_t ino, int datasync,
		      struct fuse_file_info *fi)
{
	(void)datasync;
	stf_fe_flush(node_of(mount_of(req), ino), req, fi);
}

static void mnt_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd,
		      void *arg, struct fuse_file_info *fi, unsigned flags,
		      const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	struct stf_node *n = node_of(mount_of(req), ino);

	(void)arg;
	if (!n) { /* the root directory (a kernel that asks anyway) */
		fuse_reply_err(req, ENOTTY);
		return;
	}
	stf_fe_ioctl(n, req, cmd, fi, flags, in_buf, in_bufsz, out_bufsz);
}

static const struct fuse_lowlevel_ops mnt_ops = {
	.init = mnt_init,
	.lookup = mnt_lookup,
	.getattr = mnt_getattr,
	.setattr = mnt_setattr,
	.readdir = mnt_readdir,
	.open = mnt_open,
	.read = mnt_read,
	.write = mnt_write,
	.flush = mnt_flush,
	.release = mnt_release,
	.fsync = mnt_fsync,
	.ioctl = mnt_ioctl,
};

static void *reader_main(void *arg)
{
	struct stf_mount *m = arg;
	int res = stf_session_loop(m->se, m->stop_fd);

	if (res < 0 && !fuse_session_exited(m->se)) {
		/* Unmounted from outside: the daemon ends as on SIGTERM. */
		stf_log(LOG_WARNING, "FUSE session ended (%s): stopping",
			strerror(-res));
		kill(getpid(), SIGTERM);
	}
	return NULL;
}

int stf_mount_start(struct stf_drive *d, const struct stf_mount_options *o,
		    struct stf_mount **out)
{
	char *argv[] = {"stfused", "-o",
			"allow_other,default_permissions,fsname=stfused,"
			"subtype=sttape",
			NULL};
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct stf_mount *m = calloc(1, sizeof(*m));
	sigset_t all, old;
	int err;

	if (!m)
		return -ENOMEM;
	m->drive = d;
	m->opt = *o;
	m->t0 = time(NULL);
	m->fe.reply_open = reply_open_stream;
	m->fe.write_behind = true; /* FLUSH reports late errors at close */
	m->fe.threshold = STF_MOUNT_PAGES * STF_PAGE - (STF_PAGE - 1);
	stf_drive_set_frontend(d, &m->fe);
	m->stop_fd = eventfd(0, EFD_CLOEXEC);
	m->se = fuse_session_new(&args, &mnt_ops, sizeof(mnt_ops), m);
	fuse_opt_free_args(&args);
	if (m->stop_fd < 0 || !m->se) {
		err = -EIO;
		goto fail;
	}
	if (fuse_session_mount(m->se, o->dir) != 0) {
		stf_log(LOG_ERR, "cannot mount on %s", o->dir);
		err = -EIO;
		goto fail;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = -pthread_create(&m->reader, NULL, reader_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		fuse_session_unmount(m->se);
		goto fail;
	}
	m->reader_started = true;
	*out = m;
	return 0;
fail:
	if (m->se)
		fuse_session_destroy(m->se);
	if (m->stop_fd >= 0)
		close(m->stop_fd);
	free(m);
	return err;
}

void stf_mount_stop_reading(struct stf_mount *m)
{
	uint64_t one = 1;

	if (!m->reader_started)
		return;
	fuse_session_exit(m->se);
	if (write(m->stop_fd, &one, sizeof(one)) < 0)
		stf_log(LOG_ERR, "cannot wake the reader");
	pthread_join(m->reader, NULL);
	m->reader_started = false;
}

void stf_mount_destroy(struct stf_mount *m)
{
	stf_mount_stop_reading(m);
	fuse_session_unmount(m->se);
	fuse_session_destroy(m->se);
	close(m->stop_fd);
	free(m);
}
