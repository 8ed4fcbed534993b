// SPDX-License-Identifier: BSD-2-Clause
/*
 * frontend.c - what both frontends' reader threads do with a request:
 * decode, copy what must outlive the request buffer, queue for the
 * drive's worker.  Nothing here waits for the tape.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "mtio_linux.h"
#include "stfused.h"

__thread struct fuse_buf *stf_reader_buf;

/*
 * Take the request buffer holding buf (len bytes) instead of copying:
 * the reader allocates a fresh one for the next request.
 */
static bool steal_request_buffer(struct stf_job *j, const char *buf, size_t len)
{
	struct fuse_buf *fb = stf_reader_buf;
	const char *mem;

	if (!fb || !fb->mem || (fb->flags & FUSE_BUF_IS_FD))
		return false;
	mem = fb->mem;
	if (buf < mem || buf + len > mem + fb->size)
		return false;
	j->data_base = fb->mem;
	j->data = (uint8_t *)(uintptr_t)buf;
	fb->mem = NULL;
	return true;
}

static struct stf_handle *handle_of(struct fuse_file_info *fi)
{
	return (struct stf_handle *)(uintptr_t)fi->fh;
}

static void submit_or_fail(struct stf_node *n, fuse_req_t req,
			   struct stf_job *j)
{
	if (!j) {
		if (req)
			fuse_reply_err(req, ENOMEM);
		return;
	}
	stf_submit(n->drive, j);
}

void stf_fe_open(struct stf_node *n, fuse_req_t req, struct fuse_file_info *fi)
{
	struct stf_job *j = stf_job_new(STF_JOB_OPEN, req, n, NULL);

	if (j)
		j->open_flags = fi->flags;
	submit_or_fail(n, req, j);
}

void stf_fe_read(struct stf_node *n, fuse_req_t req, size_t size, off_t off,
		 struct fuse_file_info *fi)
{
	struct stf_job *j = stf_job_new(STF_JOB_READ, req, n, handle_of(fi));

	if (j) {
		j->off = (uint64_t)off;
		j->size = size;
	}
	submit_or_fail(n, req, j);
}

void stf_fe_write(struct stf_node *n, fuse_req_t req, const char *buf,
		  size_t size, off_t off, struct fuse_file_info *fi)
{
	struct stf_job *j = stf_job_new(STF_JOB_WRITE, req, n, handle_of(fi));

	if (j && steal_request_buffer(j, buf, size)) {
		j->off = (uint64_t)off;
		j->size = size;
	} else if (j) {
		/* The request buffer is reused for the next request. */
		j->data = malloc(size ? size : 1);
		if (!j->data) {
			free(j);
			j = NULL;
		} else {
			memcpy(j->data, buf, size);
			j->off = (uint64_t)off;
			j->size = size;
		}
	}
	submit_or_fail(n, req, j);
}

void stf_fe_flush(struct stf_node *n, fuse_req_t req, struct fuse_file_info *fi)
{
	submit_or_fail(n, req,
		       stf_job_new(STF_JOB_FLUSH, req, n, handle_of(fi)));
}

void stf_fe_release(struct stf_node *n, fuse_req_t req,
		    struct fuse_file_info *fi, bool reply_now)
{
	struct stf_handle *h = handle_of(fi);
	struct stf_job *j = h->release; /* allocated at open */

	if (reply_now) {
		/* The kernel does not wait; free its background slot. */
		fuse_reply_err(req, 0);
		req = NULL;
	}
	h->release = NULL;
	j->req = req;
	j->node = n;
	stf_submit(n->drive, j);
}

void stf_fe_ioctl(struct stf_node *n, fuse_req_t req, unsigned int cmd,
		  struct fuse_file_info *fi, unsigned int flags,
		  const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	struct stf_ioc ioc;
	struct stf_job *j;
	int err;

	(void)flags; /* the cmd number already tells the 32-bit layouts */
	err = stf_ioc_classify(cmd, in_bufsz, out_bufsz, &ioc);
	if (err) {
		fuse_reply_err(req, -err);
		return;
	}
	j = stf_job_new(STF_JOB_IOCTL, req, n, handle_of(fi));
	if (j) {
		j->cmd = cmd;
		j->size = ioc.out_size;
		j->in_size = ioc.in_size;
		j->data = calloc(1, ioc.in_size ? ioc.in_size : 1);
		if (!j->data) {
			free(j);
			j = NULL;
		} else if (ioc.in_size) {
			memcpy(j->data, in_buf, ioc.in_size);
		}
	}
	submit_or_fail(n, req, j);
}

int stf_session_loop(struct fuse_session *se, int stop_fd)
{
	struct fuse_buf fbuf = {.mem = NULL};
	struct pollfd p[2];
	int res = 0;

	p[0].fd = fuse_session_fd(se);
	p[0].events = POLLIN;
	p[1].fd = stop_fd;
	p[1].events = POLLIN;
	stf_reader_buf = &fbuf;
	while (!fuse_session_exited(se)) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			res = -errno;
			break;
		}
		if (p[1].revents)
			break;
		if (p[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			res = -ENODEV;
			break;
		}
		res = fuse_session_receive_buf(se, &fbuf);
		if (res == -EINTR || res == -EAGAIN)
			continue;
		if (res <= 0)
			break;
		fuse_session_process_buf(se, &fbuf);
		res = 0;
	}
	stf_reader_buf = NULL;
	free(fbuf.mem);
	return res;
}
