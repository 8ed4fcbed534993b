// SPDX-License-Identifier: BSD-2-Clause
/*
 * stfused - serve one tape drive as NetBSD st(4)-style device nodes with
 * the Linux mtio ABI, through CUSE or as files of a FUSE mount.
 *
 *   stfused [options] DEVICE      (see stfused(8))
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cap-ng.h>
#include <systemd/sd-daemon.h>

#include <sttape/quirks.h>
#include <sttape/session.h>
#include <sttape/vdrive.h>
#include <sttape/version.h>

#include "log.h"
#include "stfused.h"

struct options {
	const char *device;
	const char *mount_dir;
	bool cuse;
	unsigned int unit;
	const char *quirks_dir;
	bool early_warning;
	bool read_ahead;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	size_t max_record;
	bool foreground;
	int log_level;
	bool use_syslog;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stfused [options] DEVICE\n"
		"  DEVICE: /dev/sgN, /dev/bsg/H:C:T:L, iscsi://host/iqn/lun "
		"or vdrive:PATH[,opt=val...]\n"
		"  -m, --mount DIR          nodes as files in a FUSE mount on "
		"DIR\n"
		"      --cuse               CUSE character devices (default "
		"where /dev/cuse exists)\n"
		"  -u, --unit N             unit number in node names and "
		"minors (0)\n"
		"  -q, --quirks DIR         extra quirk files (*.quirks)\n"
		"  -e, --early-warning on|off  (on)\n"
		"  -a, --read-ahead on|off  next record read while the "
		"client takes one (on)\n"
		"  -o, --owner USER, -g, --group GROUP, -M, --mode OCTAL  "
		"node ownership (root, tape, 0660)\n"
		"  -r, --max-record BYTES[k|m]  largest record (drive limit)\n"
		"  -f, --foreground         do not detach\n"
		"  -l, --log-level LEVEL    err warning notice info debug "
		"(notice)\n"
		"  -s, --syslog             log to syslog, not stderr\n"
		"  -h, --help, -V, --version\n");
}

/* Sizes as everywhere in sttape: decimal with K, M, G (1024s). */
static int parse_size(const char *s, size_t *out)
{
	uint64_t v;

	if (sttape_vdrive_parse_size(s, &v) || v == 0 || v > SIZE_MAX)
		return -EINVAL;
	*out = (size_t)v;
	return 0;
}

static int parse_on_off(const char *s, bool *out)
{
	if (strcmp(s, "on") && strcmp(s, "off"))
		return -EINVAL;
	*out = !strcmp(s, "on");
	return 0;
}

static int parse_owner(struct options *o, const char *user, const char *group)
{
	if (user) {
		struct passwd *pw = getpwnam(user);
		char *end;

		if (pw)
			o->uid = pw->pw_uid;
		else if ((o->uid = (uid_t)strtoul(user, &end, 10)), *end)
			return -EINVAL;
	}
	if (group) {
		struct group *gr = getgrnam(group);
		char *end;

		if (gr)
			o->gid = gr->gr_gid;
		else if ((o->gid = (gid_t)strtoul(group, &end, 10)), *end)
			return -EINVAL;
	} else {
		struct group *gr = getgrnam("tape");

		o->gid = gr ? gr->gr_gid : 0;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"mount", required_argument, NULL, 'm'},
		{"cuse", no_argument, NULL, 'C'},
		{"unit", required_argument, NULL, 'u'},
		{"quirks", required_argument, NULL, 'q'},
		{"early-warning", required_argument, NULL, 'e'},
		{"read-ahead", required_argument, NULL, 'a'},
		{"owner", required_argument, NULL, 'o'},
		{"group", required_argument, NULL, 'g'},
		{"mode", required_argument, NULL, 'M'},
		{"max-record", required_argument, NULL, 'r'},
		{"foreground", no_argument, NULL, 'f'},
		{"log-level", required_argument, NULL, 'l'},
		{"syslog", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *user = NULL, *group = NULL;
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->early_warning = true;
	o->read_ahead = true;
	o->mode = 0660;
	o->log_level = LOG_NOTICE;
	while ((c = getopt_long(argc, argv, "m:u:q:e:a:o:g:M:r:fl:shV",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o->mount_dir = optarg;
			break;
		case 'C':
			o->cuse = true;
			break;
		case 'u':
			o->unit = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || o->unit > 255)
				return -EINVAL;
			break;
		case 'q':
			o->quirks_dir = optarg;
			break;
		case 'e':
			if (parse_on_off(optarg, &o->early_warning))
				return -EINVAL;
			break;
		case 'a':
			if (parse_on_off(optarg, &o->read_ahead))
				return -EINVAL;
			break;
		case 'o':
			user = optarg;
			break;
		case 'g':
			group = optarg;
			break;
		case 'M':
			o->mode = (mode_t)strtoul(optarg, &end, 8);
			if (*end || o->mode > 07777)
				return -EINVAL;
			break;
		case 'r':
			if (parse_size(optarg, &o->max_record))
				return -EINVAL;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 'l':
			o->log_level = stf_log_parse_level(optarg);
			if (o->log_level < 0)
				return -EINVAL;
			break;
		case 's':
			o->use_syslog = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("stfused %s\n", STTAPE_VERSION_STRING);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	if (optind != argc - 1)
		return -EINVAL;
	o->device = argv[optind];
	if (o->mount_dir && o->cuse)
		return -EINVAL;
	return parse_owner(o, user, group);
}

/* The sg/bsg transport needs CAP_SYS_RAWIO for tape commands. */
static bool device_is_sg(const char *dev)
{
	return !strncmp(dev, "/dev/", 5) || !strncmp(dev, "sg:", 3);
}

/*
 * Keep only what serving needs: CAP_SYS_RAWIO for SG_IO, and in mount
 * mode CAP_SYS_ADMIN, without which the mount cannot be taken down at
 * exit.  Not root (capabilities given by systemd, or none): as is.
 */
static void drop_privileges(const struct options *o)
{
	if (geteuid() != 0)
		return;
	capng_clear(CAPNG_SELECT_BOTH);
	if (device_is_sg(o->device))
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
			     CAP_SYS_RAWIO);
	if (o->mount_dir)
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
			     CAP_SYS_ADMIN);
	if (capng_apply(CAPNG_SELECT_BOTH) != 0)
		stf_log(LOG_WARNING, "cannot drop capabilities");
}

/* Detach; the parent exits with the child's set-up result. */
static int daemonize(int *report_fd)
{
	int p[2];
	pid_t pid;
	char status = 1;

	if (pipe(p))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &status, 1) != 1)
			status = 1;
		_exit(status);
	}
	close(p[0]);
	setsid();
	if (chdir("/"))
		return -errno;
	*report_fd = p[1];
	return 0;
}

static void report(int *fd, char status)
{
	if (*fd < 0)
		return;
	if (write(*fd, &status, 1) != 1)
		stf_log(LOG_ERR, "cannot report start-up status");
	close(*fd);
	*fd = -1;
}

static void quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static int open_session(const struct options *o, struct sttape_quirk_table **qt,
			struct sttape_session **s)
{
	struct sttape_session_options so;
	struct sttape_quirk_diags diags = {0};
	char why[256] = "";
	size_t i;
	int err;

	err = sttape_quirk_table_open(o->quirks_dir, qt, &diags);
	for (i = 0; i < diags.count; i++)
		stf_log(LOG_WARNING, "quirks: %s", diags.v[i].text);
	sttape_quirk_diags_free(&diags);
	if (err && !*qt) {
		stf_log(LOG_ERR, "quirk table: %s", strerror(-err));
		return err;
	}
	sttape_session_options_init(&so);
	so.early_warning = o->early_warning;
	so.quirks = *qt;
	so.max_record = o->max_record;
	err = sttape_session_create(o->device, &so, s, why, sizeof(why));
	if (err) {
		stf_log(LOG_ERR, "%s: %s", o->device,
			why[0] ? why : strerror(-err));
		return err;
	}
	/* The path and its limits, for whoever reads the log. */
	sttape_transport_describe(
		sttape_drive_transport(sttape_session_drive(*s)), why,
		sizeof(why));
	stf_log(LOG_INFO, "%s", why);
	return 0;
}

struct frontend {
	struct stf_mount *mount;
	struct stf_cuse *cuse;
};

static int start_frontend(const struct options *o, struct stf_drive *d,
			  struct frontend *fe)
{
	struct stf_mount_options mo = {
		.dir = o->mount_dir,
		.uid = o->uid,
		.gid = o->gid,
		.mode = o->mode,
	};

	if (o->mount_dir)
		return stf_mount_start(d, &mo, &fe->mount);
	if (!stf_cuse_available()) {
		stf_log(LOG_ERR, "no /dev/cuse here: use --mount DIR");
		return -ENODEV;
	}
	return stf_cuse_start(d, &mo, &fe->cuse);
}

static void stop_frontend(struct frontend *fe, struct stf_drive *d)
{
	if (fe->mount)
		stf_mount_stop_reading(fe->mount);
	if (fe->cuse)
		stf_cuse_stop_reading(fe->cuse);
	/* Everything already read runs; owed filemarks are written. */
	stf_drive_stop(d);
	if (fe->mount)
		stf_mount_destroy(fe->mount);
	if (fe->cuse)
		stf_cuse_destroy(fe->cuse);
}

static int wait_for_signal(void)
{
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (;;) {
		if (sigwait(&set, &sig))
			continue;
		if (sig != SIGHUP)
			return sig;
		stf_log(LOG_INFO, "SIGHUP ignored");
	}
}

static void announce(const struct options *o, struct stf_drive *d)
{
	char where[512];

	snprintf(where, sizeof(where), "%s%s",
		 o->mount_dir ? o->mount_dir : "/dev", "/");
	stf_log(LOG_NOTICE, "%s: serving %s%s ... %s%s (%s)", o->device, where,
		d->nodes[0].name, where, d->nodes[3].name,
		o->mount_dir ? "FUSE mount" : "CUSE");
	sd_notifyf(0, "READY=1\nSTATUS=serving %s as %s%s", o->device, where,
		   d->nodes[1].name);
}

int main(int argc, char **argv)
{
	struct options o;
	struct sttape_quirk_table *qt = NULL;
	struct sttape_session *s = NULL;
	struct stf_drive_config dc;
	struct stf_drive d;
	struct frontend fe = {NULL, NULL};
	sigset_t set;
	int report_fd = -1;
	int err, sig;

	if (parse_args(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	stf_log_init("stfused", o.use_syslog || !o.foreground, o.log_level);
	if (!o.foreground && daemonize(&report_fd))
		return 1;
	/* Signals go to sigwait in main only; every thread inherits this. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	err = open_session(&o, &qt, &s);
	if (err)
		goto out;
	dc.session = s;
	dc.unit = o.unit;
	dc.max_record = o.max_record;
	dc.no_read_ahead = !o.read_ahead;
	err = stf_drive_init(&d, &dc);
	if (!err)
		err = start_frontend(&o, &d, &fe);
	if (!err)
		err = stf_drive_start(&d);
	if (err) {
		stop_frontend(&fe, &d);
		stf_drive_fini(&d);
		goto out;
	}
	drop_privileges(&o);
	announce(&o, &d);
	report(&report_fd, 0);
	if (!o.foreground)
		quiet_stdio();

	sig = wait_for_signal();
	stf_log(LOG_NOTICE, "signal %d: finishing, writing owed filemarks",
		sig);
	sd_notify(0, "STOPPING=1");
	stop_frontend(&fe, &d);
	stf_drive_fini(&d);
out:
	if (s)
		sttape_session_destroy(s);
	if (qt)
		sttape_quirk_table_free(qt);
	report(&report_fd, err ? 1 : 0);
	return err ? 1 : 0;
}
