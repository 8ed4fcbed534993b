/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * scenario.c - runner of the session scenario tables (see scenario.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <sttape/quirks.h>
#include <sttape/vdrive.h>

#include "scenario.h"

struct sc_ctx {
	const struct scenario *sc;
	char dir[64];
	char image[128];
	char device[512];
	struct sttape_quirk_table *qt;
	struct sttape_session *s;
	uint8_t *buf;
	size_t buflen;
	unsigned int stepno;
	/* The +ahead variant: read-ahead after every read, as stfused;
	 * one buffer per held READ, oldest at abuf[afirst]. */
	bool ahead;
	uint8_t *abuf[STTAPE_SESSION_AHEAD_MAX];
	unsigned int afirst;
};

/* One cmocka test: a scenario, plain or with read-ahead. */
struct sc_case {
	const struct scenario *sc;
	bool ahead;
	char name[128];
};

#define SC_BUF (1u << 20)

static uint8_t pattern(int64_t tag, size_t i)
{
	return (uint8_t)((size_t)tag * 29u + i * 7u + (i >> 8));
}

static void fill(uint8_t *b, size_t len, int64_t tag, uint32_t bs)
{
	for (size_t i = 0; i < len; i++)
		b[i] = pattern(tag, bs ? i % bs : i);
}

static void sc_fail(struct sc_ctx *x, const char *what, int64_t got,
		    int64_t want)
{
	fail_msg("%s: step %u: %s: got %lld, expected %lld", x->sc->name,
		 x->stepno, what, (long long)got, (long long)want);
}

static void check(struct sc_ctx *x, const char *what, int64_t got, int64_t want)
{
	if (want != SC_ANY && got != want)
		sc_fail(x, what, got, want);
}

static struct sttape_vdrive *vd(struct sc_ctx *x)
{
	struct sttape_vdrive *v = sttape_vdrive_of(
		sttape_drive_transport(sttape_session_drive(x->s)));

	assert_non_null(v);
	return v;
}

static void create_session(struct sc_ctx *x)
{
	struct sttape_session_options o;
	char why[256] = "";
	int rc;

	sttape_session_options_init(&o);
	o.early_warning = !x->sc->ew_off;
	o.ready_poll_ms = 5;
	o.ready_wait_s = 2;
	o.quirks = x->qt;
	o.max_record = x->sc->max_record;
	rc = sttape_session_create(x->device, &o, &x->s, why, sizeof(why));
	if (rc)
		fail_msg("%s: create %s: %d %s", x->sc->name, x->device, rc,
			 why);
}

static uint32_t cur_blksize(struct sc_ctx *x)
{
	struct sttape_status st;

	sttape_session_peek_status(x->s, &st);
	return st.block_size;
}

static int64_t flags_of(const struct sttape_status *st)
{
	int64_t f = 0;

	f |= st->bot ? F_BOT : 0;
	f |= st->eot ? F_EOT : 0;
	f |= st->eod ? F_EOD : 0;
	f |= st->eof ? F_EOF : 0;
	f |= st->write_protected ? F_WP : 0;
	f |= st->online ? F_ONLINE : 0;
	f |= st->door_open ? F_DOOR : 0;
	f |= st->immediate_report ? F_IMMREP : 0;
	f |= st->early_warning ? F_EW : 0;
	f |= st->mounted ? F_MOUNTED : 0;
	f |= st->open ? F_OPEN : 0;
	f |= st->two_filemarks ? F_TWOFM : 0;
	f |= st->position_lost ? F_LOST : 0;
	f |= st->atapi ? F_ATAPI : 0;
	f |= st->compression == 1 ? F_COMP : 0;
	return f;
}

static void step_write(struct sc_ctx *x, const struct sc_step *p)
{
	ssize_t n;

	assert_true((size_t)p->a <= x->buflen);
	fill(x->buf, (size_t)p->a, p->b, cur_blksize(x));
	n = sttape_session_write(x->s, x->buf, (size_t)p->a);
	check(x, "write", n, p->ret);
}

/*
 * The read of one step.  In the +ahead variant a read of the length
 * held takes the first held READ (commit), and every read is followed by
 * as many read-aheads of the same length as the session takes; every
 * expectation of the scenario must hold all the same.
 */
static ssize_t ahead_read(struct sc_ctx *x, size_t len)
{
	unsigned int held;
	size_t hlen = 0;
	ssize_t n;

	held = x->ahead ? sttape_session_read_ahead_held(x->s, &hlen) : 0;
	if (held && hlen == len) {
		assert_int_equal(sttape_session_read_commit(x->s, &n), 0);
		if (n > 0)
			memcpy(x->buf, x->abuf[x->afirst], (size_t)n);
		x->afirst = (x->afirst + 1) % STTAPE_SESSION_AHEAD_MAX;
	} else {
		n = sttape_session_read(x->s, x->buf, len);
		x->afirst = 0;
	}
	while (x->ahead) {
		unsigned int k = sttape_session_read_ahead_held(x->s, NULL);
		uint8_t *b =
			x->abuf[(x->afirst + k) % STTAPE_SESSION_AHEAD_MAX];
		ssize_t r;
		int rc = sttape_session_read_ahead(x->s, b, len, &r);

		if (rc == -EAGAIN || rc == -EBUSY)
			break;
		if (rc != 0)
			sc_fail(x, "read-ahead", rc, 0);
	}
	return n;
}

static void step_read(struct sc_ctx *x, const struct sc_step *p)
{
	uint32_t bs = cur_blksize(x);
	ssize_t n;

	assert_true((size_t)p->a <= x->buflen);
	memset(x->buf, 0xee, (size_t)p->a);
	n = ahead_read(x, (size_t)p->a);
	check(x, "read", n, p->ret);
	if (p->b < 0 || n <= 0)
		return;
	for (size_t i = 0; i < (size_t)n; i++)
		if (x->buf[i] != pattern(p->b, bs ? i % bs : i))
			sc_fail(x, "read data byte", (int64_t)i, -1);
}

static void step_status(struct sc_ctx *x, const struct sc_step *p)
{
	struct sttape_status st;
	int64_t f;

	if (p->kind == SC_SENSE) {
		assert_int_equal(sttape_session_status(x->s, &st), 0);
		check(x, "sense key", st.sense_key, p->a);
		check(x, "residue", st.residue, p->b);
		return;
	}
	sttape_session_peek_status(x->s, &st);
	switch (p->kind) {
	case SC_POS:
		check(x, "file", st.file, p->a);
		check(x, "block", st.block, p->b);
		break;
	case SC_FLAGS:
		f = flags_of(&st);
		check(x, "flags set", f & p->a, p->a);
		check(x, "flags clear", f & p->b, 0);
		break;
	case SC_BLK:
		check(x, "block size", st.block_size, p->a);
		check(x, "density", st.density, p->b);
		break;
	default: /* SC_MODEP */
		check(x, "mode block size", st.modes[p->a].block_size, p->b);
		check(x, "mode density", st.modes[p->a].density, p->c);
		break;
	}
}

static void step_vdstate(struct sc_ctx *x, const struct sc_step *p)
{
	struct sttape_vdrive_state st;

	sttape_vdrive_get_state(vd(x), &st);
	switch (p->a) {
	case VD_PREVENT:
		check(x, "vdrive prevent", st.prevent, p->b);
		break;
	case VD_LOADED:
		check(x, "vdrive loaded", st.loaded, p->b);
		break;
	case VD_BLOCKLEN:
		check(x, "vdrive block length", st.block_length, p->b);
		break;
	case VD_DENSITY:
		check(x, "vdrive density", st.density, p->b);
		break;
	default:
		check(x, "vdrive position", (int64_t)st.position, p->b);
		break;
	}
}

/* Write records until the early-warning indication shows. */
static void step_fill(struct sc_ctx *x, const struct sc_step *p)
{
	struct sttape_status st;
	ssize_t n = 0;

	fill(x->buf, (size_t)p->a, 1, cur_blksize(x));
	for (int i = 0; i < 100000; i++) {
		n = sttape_session_write(x->s, x->buf, (size_t)p->a);
		sttape_session_peek_status(x->s, &st);
		if (n != p->a || st.eot)
			break;
	}
	check(x, "fill write", n, p->ret);
}

/*
 * Write records up to the physical end of the medium (the drive's
 * VOLUME OVERFLOW); ret is the last write's result.  Counts 0-byte
 * writes (early warning on) and EIO before the end (early warning off).
 */
static void step_toend(struct sc_ctx *x, const struct sc_step *p)
{
	struct sttape_status st;
	ssize_t n = 0;
	int zeros = 0, early_eio = 0;

	fill(x->buf, (size_t)p->a, 1, cur_blksize(x));
	for (int i = 0; i < 100000; i++) {
		n = sttape_session_write(x->s, x->buf, (size_t)p->a);
		zeros += n == 0;
		if (n >= 0)
			continue;
		sttape_session_peek_status(x->s, &st);
		if (st.sense_key == 0xd || n != -EIO)
			break;
		early_eio++;
	}
	check(x, "write to end", n, p->ret);
	if (!x->sc->ew_off && (zeros == 0 || early_eio))
		sc_fail(x, "early warning on: 0-byte writes, no EIO", zeros,
			early_eio);
	if (x->sc->ew_off && (zeros || !early_eio))
		sc_fail(x, "early warning off: EIO at EOM, no 0-byte writes",
			zeros, early_eio);
}

static void run_step(struct sc_ctx *x, const struct sc_step *p)
{
	struct sttape_position pos;
	char why[256] = "";
	int rc;

	/* Steps that act on the drive behind the session's back see it
	 * where the caller believes the head is. */
	if (x->ahead && (p->kind == SC_VDOPT || p->kind == SC_EJECT ||
			 p->kind == SC_INSERT || p->kind == SC_VDSTATE))
		assert_int_equal(sttape_session_read_undo(x->s), 0);
	switch (p->kind) {
	case SC_OPEN:
		rc = sttape_session_open(
			x->s, (unsigned int)p->a, (enum sttape_submode)p->b,
			(enum sttape_access)p->c, (unsigned int)p->d);
		check(x, "open", rc, p->ret);
		break;
	case SC_CLOSE:
		check(x, "close", sttape_session_close(x->s), p->ret);
		break;
	case SC_WRITE:
		step_write(x, p);
		break;
	case SC_READ:
		step_read(x, p);
		break;
	case SC_OP:
		rc = sttape_session_op(x->s, (enum sttape_mtop)p->a, p->b);
		check(x, "op", rc, p->ret);
		break;
	case SC_POS:
	case SC_SENSE:
	case SC_FLAGS:
	case SC_BLK:
	case SC_MODEP:
		step_status(x, p);
		break;
	case SC_RDPOS:
		memset(&pos, 0, sizeof(pos));
		rc = sttape_session_read_position(x->s, p->a, &pos);
		check(x, "read position", rc, p->ret);
		if (rc == 0)
			check(x, "position", (int64_t)pos.block, p->b);
		break;
	case SC_LOCATE:
		rc = sttape_session_locate(x->s, p->a, (uint64_t)p->b);
		check(x, "locate", rc, p->ret);
		break;
	case SC_VDOPT:
		rc = sttape_vdrive_set_options(vd(x), p->str, why, sizeof(why));
		if (rc)
			fail_msg("%s: vdrive option %s: %s", x->sc->name,
				 p->str, why);
		break;
	case SC_EJECT:
		sttape_vdrive_eject(vd(x));
		break;
	case SC_INSERT:
		assert_int_equal(
			sttape_vdrive_insert(vd(x), NULL, why, sizeof(why)), 0);
		break;
	case SC_VDSTATE:
		step_vdstate(x, p);
		break;
	case SC_FILL:
		step_fill(x, p);
		break;
	case SC_TOEND:
		step_toend(x, p);
		break;
	case SC_DESTROY:
		sttape_session_destroy(x->s);
		create_session(x);
		break;
	default:
		fail_msg("bad step kind %d", (int)p->kind);
	}
}

/* Cartridge layout as a string, runs of equal records folded. */
struct layout {
	char *s;
	size_t len, cap;
	int64_t run_len;
	unsigned int run;
};

static void lay_put(struct layout *l, const char *txt)
{
	size_t n = strlen(txt);

	if (l->len + n + 2 > l->cap) {
		l->cap = (l->cap + n + 2) * 2;
		l->s = realloc(l->s, l->cap);
		assert_non_null(l->s);
	}
	if (l->len)
		l->s[l->len++] = ' ';
	memcpy(l->s + l->len, txt, n + 1);
	l->len += n;
}

static void lay_flush(struct layout *l)
{
	char b[48];

	if (!l->run)
		return;
	if (l->run == 1)
		snprintf(b, sizeof(b), "R%lld", (long long)l->run_len);
	else
		snprintf(b, sizeof(b), "R%lldx%u", (long long)l->run_len,
			 l->run);
	lay_put(l, b);
	l->run = 0;
}

static int lay_obj(const struct sttape_vdrive_object *o, void *arg)
{
	struct layout *l = arg;

	if (o->filemark) {
		lay_flush(l);
		lay_put(l, "F");
		return 0;
	}
	if (l->run && l->run_len != o->length)
		lay_flush(l);
	l->run_len = o->length;
	l->run++;
	return 0;
}

/* Compare with "x*" runs in the expectation matching any count >= 1. */
static bool layout_match(const char *want, const char *got)
{
	while (*want && *got) {
		if (want[0] == 'x' && want[1] == '*') {
			want += 2;
			if (*got == 'x') {
				got++;
				while (*got >= '0' && *got <= '9')
					got++;
			}
			continue;
		}
		if (*want != *got)
			return false;
		want++;
		got++;
	}
	if (want[0] == 'x' && want[1] == '*' && !want[2])
		return true;
	return !*want && !*got;
}

static void check_layout(struct sc_ctx *x)
{
	struct sttape_vdrive_image_info info;
	struct layout l = {0};
	char why[256] = "";
	int rc;

	rc = sttape_vdrive_image_walk(x->image, &info, lay_obj, &l, why,
				      sizeof(why));
	if (rc)
		fail_msg("%s: image walk: %d %s", x->sc->name, rc, why);
	lay_flush(&l);
	if (!l.s)
		lay_put(&l, "");
	if (!layout_match(x->sc->layout, l.s))
		fail_msg("%s: layout \"%s\", expected \"%s\"", x->sc->name, l.s,
			 x->sc->layout);
	free(l.s);
}

static void run_scenario(void **state)
{
	const struct sc_case *c = *state;
	const struct scenario *sc = c->sc;
	struct sc_ctx x = {.sc = sc, .ahead = c->ahead};
	struct sttape_quirk_diags d = {0};
	const struct sc_step *p;

	snprintf(x.dir, sizeof(x.dir), "/tmp/sttape-sc.XXXXXX");
	assert_non_null(mkdtemp(x.dir));
	snprintf(x.image, sizeof(x.image), "%s/tape.img", x.dir);
	snprintf(x.device, sizeof(x.device), "vdrive:%s%s%s", x.image,
		 sc->vdrive && *sc->vdrive ? "," : "",
		 sc->vdrive ? sc->vdrive : "");
	if (sc->quirks && strcmp(sc->quirks, "@builtin") == 0) {
		if (sttape_quirk_table_open(NULL, &x.qt, &d))
			fail_msg("%s: builtin quirks: %s", sc->name,
				 d.count ? d.v[0].text : "?");
		sttape_quirk_diags_free(&d);
	} else if (sc->quirks) {
		assert_int_equal(sttape_quirk_table_new(&x.qt), 0);
		if (sttape_quirk_table_load_text(x.qt, sc->name, sc->quirks,
						 strlen(sc->quirks), &d))
			fail_msg("%s: quirks: %s", sc->name,
				 d.count ? d.v[0].text : "?");
		sttape_quirk_diags_free(&d);
	}
	x.buflen = SC_BUF;
	x.buf = malloc(x.buflen);
	for (int i = 0; i < STTAPE_SESSION_AHEAD_MAX; i++) {
		x.abuf[i] = malloc(x.buflen);
		assert_non_null(x.abuf[i]);
	}
	assert_non_null(x.buf);
	create_session(&x);
	for (p = sc->steps; p->kind != SC_END; p++) {
		x.stepno = (unsigned int)(p - sc->steps);
		if (p->kind == SC_REPEAT) {
			for (int64_t i = 0; i < p->a; i++)
				run_step(&x, p + 1);
			p++;
			continue;
		}
		run_step(&x, p);
	}
	sttape_session_destroy(x.s);
	if (sc->layout)
		check_layout(&x);
	sttape_quirk_table_free(x.qt);
	free(x.buf);
	for (int i = 0; i < STTAPE_SESSION_AHEAD_MAX; i++)
		free(x.abuf[i]);
	unlink(x.image);
	rmdir(x.dir);
}

/*
 * Every scenario runs twice: as written, and "+ahead" with stfused's
 * read-ahead after every read.  The second proves the read-ahead
 * invisible: same results, status, positions and cartridge.
 */
int sc_run_table(const char *group, const struct scenario *table, size_t count)
{
	struct CMUnitTest *t = calloc(2 * count, sizeof(*t));
	struct sc_case *c = calloc(2 * count, sizeof(*c));
	int rc;

	assert_non_null(t);
	assert_non_null(c);
	for (size_t i = 0; i < 2 * count; i++) {
		c[i].sc = &table[i / 2];
		c[i].ahead = i % 2;
		snprintf(c[i].name, sizeof(c[i].name), "%s%s",
			 table[i / 2].name, c[i].ahead ? " +ahead" : "");
		t[i].name = c[i].name;
		t[i].test_func = run_scenario;
		t[i].initial_state = &c[i];
	}
	rc = _cmocka_run_group_tests(group, t, 2 * count, NULL, NULL);
	free(t);
	free(c);
	return rc;
}
