/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conformance_tgt.c - the virtual drive's shared conformance cases
 * (tests/vdrive/conformance_cases.c) against tgtd's virtual tape over
 * iSCSI, each case on a fresh private tgtd and blank cartridge started
 * with tgt-harness.sh (path in STTAPE_TGT_HARNESS).  Where tgt answers
 * otherwise than SSC-4, the case expects tgt's documented answer
 * (enum conf_dev); at the end every documented difference must have
 * been met, and the commands tgt lacks are listed, not run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "conformance.h"

extern char **environ;

static const char *g_harness;
static pid_t g_stoppers[64];
static size_t g_nstoppers;
static struct vt *g_open; /* closed by teardown if a case failed */

/* Stop a tgtd in the background: tgtd takes ~1.5 s to go away. */
static void harness_stop(const char *dir)
{
	char prog[256], verb[] = "stop", where[64];
	char *argv[] = {prog, verb, where, NULL};
	pid_t pid;

	snprintf(prog, sizeof(prog), "%s", g_harness);
	snprintf(where, sizeof(where), "%s", dir);

	if (g_nstoppers == sizeof(g_stoppers) / sizeof(g_stoppers[0])) {
		while (g_nstoppers)
			waitpid(g_stoppers[--g_nstoppers], NULL, 0);
	}
	if (posix_spawn(&pid, g_harness, NULL, NULL, argv, environ) != 0)
		fail_msg("cannot run %s stop %s", g_harness, dir);
	g_stoppers[g_nstoppers++] = pid;
}

static void harness_wait_all(void)
{
	while (g_nstoppers)
		waitpid(g_stoppers[--g_nstoppers], NULL, 0);
}

/* Start a tgtd with a blank cartridge in dir; its URL into url. */
static void harness_start(const char *dir, char *url, size_t len)
{
	char cmd[512];
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' start '%s'", g_harness, dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (!fgets(url, (int)len, p))
		url[0] = '\0';
	st = pclose(p);
	if (st != 0 || strncmp(url, "iscsi://", 8) != 0)
		fail_msg("%s: status %d, output '%s'", cmd, st, url);
	url[strcspn(url, "\n")] = '\0';
}

/*
 * vt_run calls ops->execute directly, as the virtual drive allows; the
 * iscsi backend expects sttape_transport_execute (checks, zeroed
 * result), so the cases see tgt through this pass-through.
 */
struct passthru {
	struct sttape_transport pub;
	struct sttape_transport *inner;
};

static int passthru_execute(struct sttape_transport *t,
			    const struct sttape_cmd *cmd,
			    struct sttape_cmd_result *res)
{
	struct passthru *p = t->priv;

	memset(res, 0, sizeof(*res));
	return sttape_transport_execute(p->inner, cmd, res);
}

static void passthru_close(struct sttape_transport *t)
{
	struct passthru *p = t->priv;

	sttape_transport_close(p->inner);
	free(p);
}

static void passthru_describe(struct sttape_transport *t, char *buf, size_t len)
{
	struct passthru *p = t->priv;

	sttape_transport_describe(p->inner, buf, len);
}

static const struct sttape_transport_ops passthru_ops = {
	.name = "tgt-passthru",
	.execute = passthru_execute,
	.close = passthru_close,
	.describe = passthru_describe,
};

static void tgt_close(struct vt *v);

static struct vt *tgt_open(const char *opts, bool keep_ua)
{
	struct vt *v = calloc(1, sizeof(*v));
	char url[256], why[256] = "";
	struct passthru *p;

	tgt_close(g_open);
	(void)opts; /* tgt has no options: its answers are its own */
	assert_non_null(v);
	snprintf(v->dir, sizeof(v->dir), "/tmp/conf-tgt.XXXXXX");
	assert_non_null(mkdtemp(v->dir));
	harness_start(v->dir, url, sizeof(url));
	g_open = v;
	p = calloc(1, sizeof(*p));
	assert_non_null(p);
	if (sttape_transport_open(url, &p->inner, why, sizeof(why)) != 0) {
		free(p);
		fail_msg("open %s: %s", url, why);
	}
	p->pub.ops = &passthru_ops;
	p->pub.priv = p;
	v->t = &p->pub;
	v->profile = "tgt";
	v->block = 0;
	if (!keep_ua) {
		/* A new I_T nexus: power-on unit attention, once. */
		assert_true(conf_tgt_deviates(CONF_DEV_POWER_ON_UA));
		vt_sense(vt_tur(v), STTAPE_SK_UNIT_ATTENTION, 0x29, 0x00);
		vt_good(vt_tur(v));
	}
	return v;
}

static void tgt_close(struct vt *v)
{
	if (!v)
		return;
	if (v->t)
		v->t->ops->close(v->t);
	harness_stop(v->dir);
	free(v);
	g_open = NULL;
}

/* A failed case leaves its tgtd running: stop it. */
static int teardown(void **state)
{
	(void)state;
	tgt_close(g_open);
	return 0;
}

static const struct conf_env tgt_env = {
	.target = CONF_TGT,
	.profile = "tgt",
	.open = tgt_open,
	.close = tgt_close,
};

/* Cases of test_vdrive_ssc that need what tgt lacks: listed, not run. */
static const char *const vdrive_only[] = {
	"t_position_and_locate: LOCATE(10/16), READ POSITION long/extended",
	"t_report_density: REPORT DENSITY SUPPORT",
	"t_log_sense: LOG SENSE (TapeAlert)",
	"t_variable_rejected: fixed-block profiles only (tgt is variable)",
	"t_no_medium, t_ejected_load, t_unit_attention, "
	"t_write_protect, t_early_warning, t_default_ew_scaled, "
	"t_programmable_ew, t_medium_errors, t_vanish, t_delay, "
	"t_garbage_cdbs, t_faults_from_another_thread: "
	"fault injection or options tgt does not have",
};

/* Every documented difference must have been met by some case. */
static int report(void)
{
	int missing = 0;

	printf("tgt answers differently from the virtual drive:\n");
	for (int d = 0; d < CONF_DEV_COUNT; d++) {
		printf("  %-45s met %u times\n", conf_dev_names[d],
		       conf_dev_seen[d]);
		if (!conf_dev_seen[d])
			missing++;
	}
	printf("not run on tgt (invalid operation code there):\n");
	for (int c = 0; c < CONF_CMD_COUNT; c++) {
		if (conf_cmd_skipped[c])
			printf("  %-32s %u steps of shared cases\n",
			       conf_cmd_names[c], conf_cmd_skipped[c]);
		else
			printf("  %-32s only in vdrive-only cases\n",
			       conf_cmd_names[c]);
	}
	for (size_t i = 0; i < sizeof(vdrive_only) / sizeof(vdrive_only[0]);
	     i++)
		printf("  vdrive only: %s\n", vdrive_only[i]);
	if (missing)
		fprintf(stderr, "%d documented differences never met\n",
			missing);
	return missing;
}

static int tools_present(void)
{
	return system("command -v tgtd >/dev/null && "
		      "command -v tgtadm >/dev/null && "
		      "command -v tgtimg >/dev/null") == 0;
}

int main(int argc, char **argv)
{
	struct CMUnitTest run[64];
	size_t n = 0;
	int fails;

	g_harness = getenv("STTAPE_TGT_HARNESS");
	if (!g_harness || !*g_harness) {
		fprintf(stderr, "STTAPE_TGT_HARNESS unset (tgt-harness.sh)\n");
		return 1;
	}
	if (!tools_present()) {
		fprintf(stderr, "tgt not installed: skipped\n");
		return 77;
	}
	conf_env = &tgt_env;
	for (size_t k = 0; k < conf_ncases && n < 64; k++) {
		if (argc > 1 && strcmp(argv[1], conf_cases[k].name) != 0)
			continue;
		if (conf_cases[k].applies && !conf_cases[k].applies())
			continue;
		run[n].name = conf_cases[k].name;
		run[n].test_func = conf_cases[k].fn;
		run[n].setup_func = NULL;
		run[n].teardown_func = teardown;
		run[n].initial_state = NULL;
		n++;
	}
	fails = _cmocka_run_group_tests("conformance_tgt", run, n, NULL, NULL);
	harness_wait_all();
	if (argc > 1)
		return fails ? 1 : 0;
	return (report() || fails) ? 1 : 0;
}
