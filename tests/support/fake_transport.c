/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fake_transport.c - the scripted transport of fake_transport.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bytes.h"
#include "fake_transport.h"

struct sttape_fake_step {
	/* expectation */
	uint8_t cdb[STTAPE_FAKE_CDB_MAX];
	size_t cdb_len; /* 0: match the operation code only */
	uint8_t opcode;
	bool check_dir;
	enum sttape_dir dir;
	size_t len;
	bool check_timeout;
	unsigned int timeout_ms;
	/* reply */
	int execute_err;
	int transport_err;
	uint8_t status;
	uint8_t sense[STTAPE_SENSE_MAX];
	size_t sense_len;
	uint8_t *data_in;
	size_t data_in_len;
	bool resid_set;
	size_t resid;
	/* what arrived */
	bool ran;
	uint8_t cdb_seen[STTAPE_FAKE_CDB_MAX];
	size_t cdb_seen_len;
	uint8_t *data_out;
	size_t data_out_len;
	unsigned int timeout_seen;
	enum sttape_dir dir_seen;
	size_t len_seen;
};

struct sttape_fake {
	struct sttape_transport t; /* first: the ops get &f->t */
	struct sttape_fake_step **steps;
	size_t nsteps, cap, next;
	bool closed;
};

static void hex(char *out, size_t outlen, const uint8_t *b, size_t n)
{
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < n && off + 4 < outlen; i++)
		off += (size_t)snprintf(out + off, outlen - off, "%02x ", b[i]);
}

static bool cdb_matches(const struct sttape_fake_step *s,
			const struct sttape_cmd *cmd)
{
	if (!s->cdb_len)
		return cmd->cdb_len > 0 && cmd->cdb[0] == s->opcode;
	return cmd->cdb_len == s->cdb_len &&
	       memcmp(cmd->cdb, s->cdb, s->cdb_len) == 0;
}

static void check_step(const struct sttape_fake *f,
		       const struct sttape_fake_step *s,
		       const struct sttape_cmd *cmd)
{
	char got[64], want[64];

	hex(got, sizeof(got), cmd->cdb, cmd->cdb_len);
	if (!s) {
		print_error("fake transport: unexpected command %s(step %zu, "
			    "none queued)\n",
			    got, f->next);
		fail();
	}
	if (!cdb_matches(s, cmd)) {
		if (s->cdb_len)
			hex(want, sizeof(want), s->cdb, s->cdb_len);
		else
			snprintf(want, sizeof(want), "opcode %02x", s->opcode);
		print_error("fake transport step %zu: got CDB %s want %s\n",
			    f->next, got, want);
		fail();
	}
	if (s->check_dir && (cmd->dir != s->dir || cmd->len != s->len)) {
		print_error("fake transport step %zu (%s): dir %d len %zu, "
			    "want dir %d len %zu\n",
			    f->next, got, cmd->dir, cmd->len, s->dir, s->len);
		fail();
	}
	if (s->check_timeout && cmd->timeout_ms != s->timeout_ms) {
		print_error("fake transport step %zu (%s): timeout %u want "
			    "%u\n",
			    f->next, got, cmd->timeout_ms, s->timeout_ms);
		fail();
	}
}

static void record(struct sttape_fake_step *s, const struct sttape_cmd *cmd)
{
	s->ran = true;
	s->cdb_seen_len = cmd->cdb_len < sizeof(s->cdb_seen)
				  ? cmd->cdb_len
				  : sizeof(s->cdb_seen);
	memcpy(s->cdb_seen, cmd->cdb, s->cdb_seen_len);
	s->timeout_seen = cmd->timeout_ms;
	s->dir_seen = cmd->dir;
	s->len_seen = cmd->len;
	if (cmd->dir == STTAPE_DIR_OUT && cmd->len) {
		s->data_out = malloc(cmd->len);
		assert_non_null(s->data_out);
		memcpy(s->data_out, cmd->data, cmd->len);
		s->data_out_len = cmd->len;
	}
}

static void reply(const struct sttape_fake_step *s,
		  const struct sttape_cmd *cmd, struct sttape_cmd_result *res)
{
	size_t n = 0;

	memset(res, 0, sizeof(*res));
	res->transport_err = s->transport_err;
	res->status = s->status;
	res->sense_len = s->sense_len;
	memcpy(res->sense, s->sense, s->sense_len);
	if (cmd->dir == STTAPE_DIR_IN) {
		n = s->data_in_len < cmd->len ? s->data_in_len : cmd->len;
		if (n)
			memcpy(cmd->data, s->data_in, n);
		res->resid = cmd->len - n;
	}
	if (s->resid_set)
		res->resid = s->resid;
}

static int fake_execute(struct sttape_transport *t,
			const struct sttape_cmd *cmd,
			struct sttape_cmd_result *res)
{
	struct sttape_fake *f = (struct sttape_fake *)t;
	struct sttape_fake_step *s =
		f->next < f->nsteps ? f->steps[f->next] : NULL;

	check_step(f, s, cmd);
	f->next++;
	record(s, cmd);
	if (s->execute_err)
		return s->execute_err;
	reply(s, cmd, res);
	return 0;
}

static void fake_close(struct sttape_transport *t)
{
	((struct sttape_fake *)t)->closed = true;
}

static void fake_describe(struct sttape_transport *t, char *buf, size_t len)
{
	snprintf(buf, len, "fake: scripted test transport");
}

static const struct sttape_transport_ops fake_ops = {
	.name = "fake",
	.execute = fake_execute,
	.close = fake_close,
	.describe = fake_describe,
};

struct sttape_fake *sttape_fake_new(void)
{
	struct sttape_fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->t.ops = &fake_ops;
	f->t.priv = f;
	return f;
}

void sttape_fake_free(struct sttape_fake *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nsteps; i++) {
		free(f->steps[i]->data_in);
		free(f->steps[i]->data_out);
		free(f->steps[i]);
	}
	free(f->steps);
	free(f);
}

struct sttape_transport *sttape_fake_transport(struct sttape_fake *f)
{
	return &f->t;
}

bool sttape_fake_closed(const struct sttape_fake *f)
{
	return f->closed;
}

size_t sttape_fake_steps_run(const struct sttape_fake *f)
{
	return f->next;
}

size_t sttape_fake_steps_queued(const struct sttape_fake *f)
{
	return f->nsteps;
}

void sttape_fake_assert_done(const struct sttape_fake *f)
{
	if (f->next != f->nsteps) {
		print_error("fake transport: %zu of %zu steps ran\n", f->next,
			    f->nsteps);
		fail();
	}
}

static struct sttape_fake_step *push(struct sttape_fake *f)
{
	struct sttape_fake_step *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	if (f->nsteps == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->steps = realloc(f->steps, f->cap * sizeof(*f->steps));
		assert_non_null(f->steps);
	}
	f->steps[f->nsteps++] = s;
	s->status = STTAPE_STATUS_GOOD;
	return s;
}

struct sttape_fake_step *sttape_fake_expect(struct sttape_fake *f,
					    const uint8_t *cdb, size_t len)
{
	struct sttape_fake_step *s;

	assert_true(len > 0 && len <= STTAPE_FAKE_CDB_MAX);
	s = push(f);
	memcpy(s->cdb, cdb, len);
	s->cdb_len = len;
	s->opcode = cdb[0];
	return s;
}

struct sttape_fake_step *sttape_fake_expect_op(struct sttape_fake *f,
					       uint8_t opcode)
{
	struct sttape_fake_step *s = push(f);

	s->opcode = opcode;
	return s;
}

void sttape_fake_expect_dir(struct sttape_fake_step *s, enum sttape_dir dir,
			    size_t len)
{
	s->check_dir = true;
	s->dir = dir;
	s->len = len;
}

void sttape_fake_expect_timeout(struct sttape_fake_step *s,
				unsigned int timeout_ms)
{
	s->check_timeout = true;
	s->timeout_ms = timeout_ms;
}

void sttape_fake_status(struct sttape_fake_step *s, uint8_t status)
{
	s->status = status;
}

void sttape_fake_sense(struct sttape_fake_step *s, const uint8_t *sense,
		       size_t len)
{
	assert_true(len <= sizeof(s->sense));
	memcpy(s->sense, sense, len);
	s->sense_len = len;
	s->status = STTAPE_STATUS_CHECK_CONDITION;
}

size_t sttape_fake_build_sense(uint8_t *buf, uint8_t key, uint8_t asc,
			       uint8_t ascq, uint8_t flags, bool info_valid,
			       int32_t info)
{
	memset(buf, 0, 18);
	buf[0] = 0x70 | (info_valid ? 0x80 : 0);
	buf[2] = (uint8_t)((flags & 0xe0) | (key & 0x0f));
	sttape_put_be32(buf + 3, (uint32_t)info);
	buf[7] = 10; /* additional sense length */
	buf[12] = asc;
	buf[13] = ascq;
	return 18;
}

void sttape_fake_sense_fixed(struct sttape_fake_step *s, uint8_t key,
			     uint8_t asc, uint8_t ascq, uint8_t flags,
			     bool info_valid, int32_t info)
{
	uint8_t buf[18];
	size_t n = sttape_fake_build_sense(buf, key, asc, ascq, flags,
					   info_valid, info);

	sttape_fake_sense(s, buf, n);
}

void sttape_fake_data_in(struct sttape_fake_step *s, const void *data,
			 size_t len)
{
	free(s->data_in);
	s->data_in = malloc(len ? len : 1);
	assert_non_null(s->data_in);
	memcpy(s->data_in, data, len);
	s->data_in_len = len;
}

void sttape_fake_resid(struct sttape_fake_step *s, size_t resid)
{
	s->resid_set = true;
	s->resid = resid;
}

void sttape_fake_transport_err(struct sttape_fake_step *s, int err)
{
	s->transport_err = err;
}

void sttape_fake_execute_err(struct sttape_fake_step *s, int err)
{
	s->execute_err = err;
}

const uint8_t *sttape_fake_data_out(const struct sttape_fake_step *s,
				    size_t *len)
{
	*len = s->data_out_len;
	return s->data_out;
}

const uint8_t *sttape_fake_cdb_seen(const struct sttape_fake_step *s,
				    size_t *len)
{
	*len = s->cdb_seen_len;
	return s->cdb_seen;
}

unsigned int sttape_fake_timeout_seen(const struct sttape_fake_step *s)
{
	return s->timeout_seen;
}

enum sttape_dir sttape_fake_dir_seen(const struct sttape_fake_step *s)
{
	return s->dir_seen;
}

size_t sttape_fake_len_seen(const struct sttape_fake_step *s)
{
	return s->len_seen;
}
