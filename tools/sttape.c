// SPDX-License-Identifier: BSD-2-Clause
/*
 * sttape - tape operations in the spirit of NetBSD mt(1), on an stfused
 * node (through the Linux mtio ioctls and the sttape extensions of
 * <sttape/mtio.h>) or straight on a drive through libsttape, without a
 * daemon (-f vdrive:..., -f iscsi://..., -f /dev/sgN).
 *
 *   sttape [-f device] [-m mode] command [count]   (see sttape(1))
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mtio.h>
#include <unistd.h>

#include <sttape/mtio.h>
#include <sttape/session.h>

enum cmd_kind {
	K_OP,	  /* a session op: MTIOCTOP or STTAPE_MTIOCXOP on a node */
	K_STATUS, /* status with per-mode table and latched sense */
	K_RDPOS,  /* logical (count 0) or hardware position */
	K_LOCATE, /* logical or hardware locate */
};

struct cmd {
	const char *name;
	enum cmd_kind kind;
	enum sttape_mtop op;
	short linux_op; /* -1: only as an extension op */
	int xop;	/* STTAPE_MTX_*, 0: none */
	int hardware;	/* K_RDPOS / K_LOCATE */
	int def_count;
};

/* Sorted by name. */
static const struct cmd cmds[] = {
	{"blocksize", K_OP, STTAPE_MT_SETBSIZ, MTSETBLK, 0, 0, 0},
	{"bsf", K_OP, STTAPE_MT_BSF, MTBSF, 0, 0, 1},
	{"bsr", K_OP, STTAPE_MT_BSR, MTBSR, 0, 0, 1},
	{"cache", K_OP, STTAPE_MT_CACHE, -1, STTAPE_MTX_CACHE, 0, 0},
	{"compress", K_OP, STTAPE_MT_CMPRESS, MTCOMPRESSION, 0, 0, 1},
	{"density", K_OP, STTAPE_MT_SETDNSTY, MTSETDENSITY, 0, 0, 0},
	{"eof", K_OP, STTAPE_MT_WEOF, MTWEOF, 0, 0, 1},
	{"eom", K_OP, STTAPE_MT_EOM, MTEOM, 0, 0, 1},
	{"erase", K_OP, STTAPE_MT_ERASE, MTERASE, 0, 0, 1},
	{"ewarn", K_OP, STTAPE_MT_EWARN, -1, STTAPE_MTX_EWARN, 0, 1},
	{"fsf", K_OP, STTAPE_MT_FSF, MTFSF, 0, 0, 1},
	{"fsr", K_OP, STTAPE_MT_FSR, MTFSR, 0, 0, 1},
	{"hlocate", K_LOCATE, STTAPE_MT_NOP, -1, 0, 1, 0},
	{"load", K_OP, STTAPE_MT_LOAD, MTLOAD, 0, 0, 1},
	{"nocache", K_OP, STTAPE_MT_NOCACHE, -1, STTAPE_MTX_NOCACHE, 0, 0},
	{"offline", K_OP, STTAPE_MT_OFFL, MTOFFL, 0, 0, 1},
	{"rdhpos", K_RDPOS, STTAPE_MT_NOP, -1, 0, 1, 0},
	{"rdspos", K_RDPOS, STTAPE_MT_NOP, -1, 0, 0, 0},
	{"retension", K_OP, STTAPE_MT_RETEN, MTRETEN, 0, 0, 1},
	{"rewind", K_OP, STTAPE_MT_REW, MTREW, 0, 0, 1},
	{"slocate", K_LOCATE, STTAPE_MT_NOP, -1, 0, 0, 0},
	{"status", K_STATUS, STTAPE_MT_NOP, -1, 0, 0, 0},
	{"weof", K_OP, STTAPE_MT_WEOF, MTWEOF, 0, 0, 1},
};

static const struct cmd *find_cmd(const char *name)
{
	const struct cmd *hit = NULL;
	size_t i, n = strlen(name);

	/* Unique prefixes are accepted, as mt(1) does. */
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
		if (!strncmp(cmds[i].name, name, n)) {
			if (hit)
				return NULL;
			hit = &cmds[i];
		}
	}
	return hit;
}

/* A device string for libsttape rather than a node path. */
static int is_transport(const char *dev)
{
	return !strncmp(dev, "vdrive:", 7) || !strncmp(dev, "iscsi://", 8) ||
	       !strncmp(dev, "sg:", 3) || !strncmp(dev, "/dev/sg", 7) ||
	       !strncmp(dev, "/dev/bsg/", 9);
}

static void print_sense(unsigned key, unsigned asc, unsigned ascq)
{
	struct sttape_sense s;
	char text[256] = "";

	memset(&s, 0, sizeof(s));
	s.usable = true;
	s.response_code = 0x70;
	s.key = (uint8_t)key;
	s.asc = (uint8_t)asc;
	s.ascq = (uint8_t)ascq;
	sttape_sense_describe(&s, text, sizeof(text));
	printf("latched sense: key %#x asc/ascq %#04x/%#04x: %s\n", key, asc,
	       ascq, text);
}

static void print_status(const struct sttape_mtget *x)
{
	unsigned int i;

	printf("%s %s %s, mode %u sub-mode %u%s\n", x->vendor, x->product,
	       x->revision, x->mode, x->submode,
	       (x->flags & STTAPE_MTF_OPEN) ? "" : " (not open)");
	printf("file %lld block %lld, block size %u%s, density %#x, "
	       "limits %u..%u\n",
	       (long long)x->file, (long long)x->block, x->block_size,
	       x->block_size ? "" : " (variable)", x->density, x->block_min,
	       x->block_max);
	printf("flags:%s%s%s%s%s%s%s%s%s, buffered mode %u, compression %d, "
	       "residue %lld, recovered errors %u\n",
	       (x->flags & STTAPE_MTF_BOT) ? " BOT" : "",
	       (x->flags & STTAPE_MTF_EOF) ? " EOF" : "",
	       (x->flags & STTAPE_MTF_EOD) ? " EOD" : "",
	       (x->flags & STTAPE_MTF_EOT) ? " EOT" : "",
	       (x->flags & STTAPE_MTF_WRPROT) ? " WR_PROT" : "",
	       (x->flags & STTAPE_MTF_ONLINE) ? " ONLINE" : "",
	       (x->flags & STTAPE_MTF_DOOROPEN) ? " DR_OPEN" : "",
	       (x->flags & STTAPE_MTF_EWARN) ? " EWARN" : "",
	       (x->flags & STTAPE_MTF_TWOFM) ? " TWOFM" : "", x->buffered_mode,
	       x->compression, (long long)x->residue, x->recovered_errors);
	for (i = 0; i < 4; i++)
		printf("mode %u: block size %u%s, density %#x%s, "
		       "compression %d\n",
		       i, x->modes[i].block_size,
		       x->modes[i].block_size_set ? "" : " (default)",
		       x->modes[i].density,
		       x->modes[i].density_set ? "" : " (default)",
		       x->modes[i].compression);
	if (x->sense_key || x->asc || x->ascq)
		print_sense(x->sense_key, x->asc, x->ascq);
}

/* On an stfused node, through ioctls. */
static int node_cmd(int fd, const char *dev, const struct cmd *c, int64_t count)
{
	struct sttape_mtget x;
	uint64_t v = (uint64_t)count;
	int rc = 0;

	if (c->kind == K_STATUS) {
		rc = ioctl(fd, STTAPE_MTIOCGETX, &x);
		if (!rc)
			print_status(&x);
	} else if (c->kind == K_RDPOS) {
		rc = ioctl(fd,
			   c->hardware ? STTAPE_MTIOCRDHPOS
				       : STTAPE_MTIOCRDSPOS,
			   &v);
		if (!rc)
			printf("%s block %llu\n",
			       c->hardware ? "hardware" : "logical",
			       (unsigned long long)v);
	} else if (c->kind == K_LOCATE) {
		rc = ioctl(fd,
			   c->hardware ? STTAPE_MTIOCHLOCATE
				       : STTAPE_MTIOCSLOCATE,
			   &v);
	} else if (c->linux_op >= 0) {
		struct mtop mt = {.mt_op = c->linux_op, .mt_count = (int)count};

		rc = ioctl(fd, MTIOCTOP, &mt);
	} else {
		struct sttape_mtxop xo = {.op = c->xop, .count = count};

		rc = ioctl(fd, STTAPE_MTIOCXOP, &xo);
	}
	if (rc)
		perror(dev);
	return rc ? 2 : 0;
}

/* Straight on a drive, within one open mount session. */
static int direct_cmd(struct sttape_session *s, const char *dev,
		      const struct cmd *c, int64_t count)
{
	struct sttape_status st;
	struct sttape_position pos;
	struct sttape_mtget x;
	int err;

	{
		switch (c->kind) {
		case K_STATUS:
			err = sttape_session_status(s, &st);
			if (!err) {
				sttape_mtget_from_status(&st, &x);
				print_status(&x);
			}
			break;
		case K_RDPOS:
			err = sttape_session_read_position(s, c->hardware,
							   &pos);
			if (!err)
				printf("%s block %llu\n",
				       c->hardware ? "hardware" : "logical",
				       (unsigned long long)pos.block);
			break;
		case K_LOCATE:
			err = sttape_session_locate(s, c->hardware,
						    (uint64_t)count);
			break;
		default:
			err = sttape_session_op(s, c->op, count);
		}
	}
	if (err)
		fprintf(stderr, "sttape: %s: %s: %s\n", dev, c->name,
			strerror(-err));
	return err ? 2 : 0;
}

struct step {
	const struct cmd *c;
	int64_t count;
};

static int is_arg(const char *a)
{
	char *end;

	if (!strcmp(a, "on") || !strcmp(a, "off"))
		return 1;
	strtoll(a, &end, 0);
	return *a && !*end;
}

/* "cmd [arg] cmd [arg] ...": an argument is a number, "on" or "off". */
static int parse_steps(int argc, char **argv, struct step *steps)
{
	int n = 0, i;

	for (i = 0; i < argc; i++) {
		const struct cmd *c = find_cmd(argv[i]);
		const char *arg = NULL;

		if (!c)
			return -1;
		if (i + 1 < argc && is_arg(argv[i + 1]))
			arg = argv[++i];
		steps[n].c = c;
		steps[n].count = arg ? strtoll(arg, NULL, 0) : c->def_count;
		if (c->op == STTAPE_MT_CMPRESS || c->op == STTAPE_MT_EWARN)
			steps[n].count =
				!arg || !strcmp(arg, "on") || !strcmp(arg, "1");
		n++;
	}
	return n;
}

static int run_node(const char *dev, const struct step *steps, int n)
{
	int fd = open(dev, O_RDWR | O_NONBLOCK), i, rc = 0;

	if (fd < 0)
		fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		perror(dev);
		return 2;
	}
	/* Every command runs (a status after a failure shows its sense). */
	for (i = 0; i < n; i++)
		if (node_cmd(fd, dev, steps[i].c, steps[i].count))
			rc = 2;
	close(fd);
	return rc;
}

static int run_direct(const char *dev, unsigned int mode,
		      const struct step *steps, int n)
{
	struct sttape_session *s;
	char why[256] = "";
	int err, i, rc = 0;

	err = sttape_session_create(dev, NULL, &s, why, sizeof(why));
	if (err) {
		fprintf(stderr, "sttape: %s: %s\n", dev,
			why[0] ? why : strerror(-err));
		return 2;
	}
	err = sttape_session_open(s, mode, STTAPE_SUBMODE_NOREWIND,
				  STTAPE_ACCESS_RDWR, STTAPE_OPEN_NONBLOCK);
	if (err) {
		fprintf(stderr, "sttape: %s: %s\n", dev, strerror(-err));
		rc = 2;
	}
	for (i = 0; i < n && !err; i++)
		if (direct_cmd(s, dev, steps[i].c, steps[i].count))
			rc = 2;
	if (!err)
		sttape_session_close(s);
	sttape_session_destroy(s);
	return rc;
}

/*
 * raw: one CDB in hex ("12 00 00 00 60 00" or "120000006000") and its
 * data: --in N bytes from the drive, --out FILE bytes to it ("-":
 * stdin), --timeout MS.  Through STTAPE_MTIOCSCSI on a node, or the
 * session's pass-through on a device string.
 */
static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append the bytes of one hex word ("0x" allowed, "c" = "0c"). */
static int add_hex(struct sttape_mtscsi *x, const char *w)
{
	char one[3] = "0";
	size_t n;

	if (!strncmp(w, "0x", 2) || !strncmp(w, "0X", 2))
		w += 2;
	n = strlen(w);
	if (n == 1) {
		one[1] = w[0];
		w = one;
	} else if (n == 0 || n % 2) {
		return -1;
	}
	for (; *w; w += 2) {
		int hi = hex_digit(w[0]), lo = hex_digit(w[1]);

		if (hi < 0 || lo < 0 || x->cdb_len >= sizeof(x->cdb))
			return -1;
		x->cdb[x->cdb_len++] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static int read_out_data(struct sttape_mtscsi *x, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	n = fread(x->data, 1, sizeof(x->data), f);
	if (f != stdin)
		fclose(f);
	x->dir = STTAPE_MTSCSI_DIR_OUT;
	x->data_len = (uint32_t)n;
	return 0;
}

static int parse_raw(int argc, char **argv, struct sttape_mtscsi *x)
{
	int i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--in") && i + 1 < argc) {
			unsigned long n = strtoul(argv[++i], NULL, 0);

			if (n > sizeof(x->data))
				return -1;
			x->dir = n ? STTAPE_MTSCSI_DIR_IN
				   : STTAPE_MTSCSI_DIR_NONE;
			x->data_len = (uint32_t)n;
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			if (read_out_data(x, argv[++i]))
				return -1;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			x->timeout_ms = (uint32_t)strtoul(argv[++i], NULL, 0);
		} else if (add_hex(x, argv[i])) {
			return -1;
		}
	}
	return x->cdb_len ? 0 : -1;
}

static const char *status_name(uint8_t st)
{
	switch (st) {
	case STTAPE_STATUS_GOOD:
		return "GOOD";
	case STTAPE_STATUS_CHECK_CONDITION:
		return "CHECK CONDITION";
	case 0x04:
		return "CONDITION MET";
	case STTAPE_STATUS_BUSY:
		return "BUSY";
	case STTAPE_STATUS_RESERVATION_CONFLICT:
		return "RESERVATION CONFLICT";
	case STTAPE_STATUS_TASK_SET_FULL:
		return "TASK SET FULL";
	case 0x40:
		return "TASK ABORTED";
	default:
		return "unknown";
	}
}

static void print_hex(const uint8_t *p, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i += 16) {
		printf("%04zx ", i);
		for (j = i; j < i + 16; j++)
			j < n ? printf(" %02x", p[j]) : printf("   ");
		printf("  |");
		for (j = i; j < i + 16 && j < n; j++)
			putchar(p[j] >= 0x20 && p[j] < 0x7f ? p[j] : '.');
		printf("|\n");
	}
}

/* Status, sense in words and bytes, data in hex; 0 for GOOD, else 3. */
static int print_raw(const struct sttape_mtscsi *x)
{
	size_t moved = x->data_len - x->resid, i;

	printf("status 0x%02x %s, residue %u\n", x->status,
	       status_name(x->status), x->resid);
	if (x->sense_len) {
		struct sttape_sense s;
		char text[512] = "";

		sttape_sense_parse(x->sense, x->sense_len, &s);
		sttape_sense_describe(&s, text, sizeof(text));
		printf("sense: %s\nsense bytes:", text);
		for (i = 0; i < x->sense_len; i++)
			printf(" %02x", x->sense[i]);
		printf("\n");
	}
	if (x->dir == STTAPE_MTSCSI_DIR_IN) {
		printf("data in: %zu bytes\n", moved);
		print_hex(x->data, moved);
	}
	return x->status == STTAPE_STATUS_GOOD || x->status == 0x04 ? 0 : 3;
}

static int raw_node(const char *dev, struct sttape_mtscsi *x)
{
	int fd = open(dev, O_RDWR | O_NONBLOCK), rc;

	if (fd < 0)
		fd = open(dev, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		perror(dev);
		return 2;
	}
	rc = ioctl(fd, STTAPE_MTIOCSCSI, x);
	if (rc)
		perror(dev);
	close(fd);
	return rc ? 2 : print_raw(x);
}

static const enum sttape_dir raw_dirs[] = {
	[STTAPE_MTSCSI_DIR_NONE] = STTAPE_DIR_NONE,
	[STTAPE_MTSCSI_DIR_IN] = STTAPE_DIR_IN,
	[STTAPE_MTSCSI_DIR_OUT] = STTAPE_DIR_OUT,
};

/* Straight on a drive: a control-mode open, which needs no medium. */
static int raw_direct(const char *dev, unsigned int mode,
		      struct sttape_mtscsi *x)
{
	struct sttape_cmd cmd = {
		.cdb = x->cdb,
		.cdb_len = x->cdb_len,
		.dir = raw_dirs[x->dir],
		.data = x->data_len ? x->data : NULL,
		.len = x->data_len,
		.timeout_ms = x->timeout_ms,
	};
	struct sttape_cmd_result res;
	struct sttape_session *s;
	char why[256] = "";
	int err;

	err = sttape_session_create(dev, NULL, &s, why, sizeof(why));
	if (err) {
		fprintf(stderr, "sttape: %s: %s\n", dev,
			why[0] ? why : strerror(-err));
		return 2;
	}
	err = sttape_session_open(s, mode, STTAPE_SUBMODE_CONTROL,
				  STTAPE_ACCESS_RDWR, STTAPE_OPEN_NONBLOCK);
	if (!err) {
		err = sttape_session_scsi(s, &cmd, &res);
		sttape_session_close(s);
	}
	sttape_session_destroy(s);
	if (err) {
		fprintf(stderr, "sttape: %s: raw: %s\n", dev, strerror(-err));
		return 2;
	}
	x->status = res.status;
	x->sense_len = (uint8_t)res.sense_len;
	memcpy(x->sense, res.sense, res.sense_len);
	x->resid = res.resid < x->data_len ? (uint32_t)res.resid : x->data_len;
	return print_raw(x);
}

static int run_raw(const char *dev, unsigned int mode, int argc, char **argv)
{
	static struct sttape_mtscsi x;

	if (parse_raw(argc, argv, &x)) {
		fprintf(stderr, "usage: sttape [-f device] raw HEX... "
				"[--in N | --out FILE] [--timeout MS]\n");
		return 1;
	}
	return is_transport(dev) ? raw_direct(dev, mode, &x)
				 : raw_node(dev, &x);
}

static void usage(void)
{
	size_t i;

	fprintf(stderr, "usage: sttape [-f device] [-m mode] command "
			"[count] [command [count]]...\ncommands:");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(stderr, " %s", cmds[i].name);
	fprintf(stderr, " raw\n");
	exit(1);
}

int main(int argc, char **argv)
{
	const char *dev = getenv("TAPE");
	unsigned int mode = 0;
	struct step steps[64];
	int opt, n;

	/* '+': stop at the command, whose own options (raw --in) follow. */
	while ((opt = getopt(argc, argv, "+f:m:")) != -1) {
		switch (opt) {
		case 'f':
			dev = optarg;
			break;
		case 'm':
			mode = (unsigned int)atoi(optarg);
			if (mode > 3)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind < argc &&
	    (!strcmp(argv[optind], "raw") || !strcmp(argv[optind], "scsi")))
		return run_raw(dev ? dev : "/dev/nrst0", mode,
			       argc - optind - 1, argv + optind + 1);
	if (optind >= argc || argc - optind > 64)
		usage();
	n = parse_steps(argc - optind, argv + optind, steps);
	if (n <= 0)
		usage();
	if (!dev)
		dev = "/dev/nrst0";
	if (is_transport(dev))
		return run_direct(dev, mode, steps, n);
	return run_node(dev, steps, n);
}
