/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vdrive_probe - run one fixed sequence of tape commands on any device
 * string and print status, sense key/ASC/ASCQ, FILEMARK/EOM/ILI,
 * INFORMATION and bytes moved for each, so that the virtual drive can be
 * compared line by line with another SSC implementation:
 *
 *   vdrive_probe vdrive:/tmp/a.img > vdrive.txt
 *   tests/interop/tgt-harness.sh run \
 *       sh -c 'vdrive_probe "$STTAPE_ISCSI_URL"' > tgt.txt
 *   diff -y vdrive.txt tgt.txt
 *
 * The tape must be blank.  A comparison tool, not a test: it asserts
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sttape/cdb.h>
#include <sttape/sense.h>
#include <sttape/transport.h>

#include "bytes.h"

static struct sttape_transport *t;
static unsigned char buf[1 << 16];

static void run(const char *name, unsigned char *cdb, int n,
		enum sttape_dir dir, size_t len)
{
	struct sttape_cmd c = {cdb, (size_t)n, dir, buf, len, 0};
	struct sttape_cmd_result r;
	struct sttape_sense s;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	rc = sttape_transport_execute(t, &c, &r);
	if (r.sense_len)
		sttape_sense_parse(r.sense, r.sense_len, &s);
	printf("%-22s rc=%d terr=%d st=%02x", name, rc, r.transport_err,
	       r.status);
	if (r.status == 2)
		printf(" %x/%02x/%02x %s%s%s info%s=%lld", s.key, s.asc, s.ascq,
		       s.filemark ? "FM " : "", s.eom ? "EOM " : "",
		       s.ili ? "ILI " : "", s.info_valid ? "" : "(invalid)",
		       (long long)s.information);
	printf(" xfer=%zu\n", len - r.resid);
}

/* READ POSITION short form (SSC-4 7.7.2): flags, first block. */
static void position(void)
{
	unsigned char cdb[16];
	int n = sttape_cdb_read_position(cdb, 0, 0);

	run("READ POS short", cdb, n, STTAPE_DIR_IN, 20);
	printf("   flags=%02x first=%u\n", buf[0], sttape_get_be32(buf + 4));
}

/* Control commands with a fixed CDB: TUR, block limits, mode sense. */
static void probe_identity(void)
{
	unsigned char cdb[16];
	int n;

	n = sttape_cdb_test_unit_ready(cdb);
	run("TUR", cdb, n, STTAPE_DIR_NONE, 0);
	run("TUR", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_read_block_limits(cdb);
	run("RBL", cdb, n, STTAPE_DIR_IN, 6);
	printf("   max=%u min=%u\n", sttape_get_be24(buf + 1),
	       sttape_get_be16(buf + 4));
	n = sttape_cdb_mode_sense6(cdb, false, 0, 0, 0, 255);
	run("MODE SENSE6 hdr", cdb, n, STTAPE_DIR_IN, 255);
	printf("   dens=%02x blk=%u devspec=%02x\n", buf[4],
	       sttape_get_be24(buf + 9), buf[2]);
}

/* Writes "1000 1000 FM 1000 FM" and WFM 0. */
static void probe_write(void)
{
	unsigned char cdb[16];
	int n;

	n = sttape_cdb_write6(cdb, false, 1000);
	run("WRITE 1000", cdb, n, STTAPE_DIR_OUT, 1000);
	run("WRITE 1000", cdb, n, STTAPE_DIR_OUT, 1000);
	n = sttape_cdb_write_filemarks6(cdb, false, 1);
	run("WFM 1", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_write6(cdb, false, 1000);
	run("WRITE 1000", cdb, n, STTAPE_DIR_OUT, 1000);
	n = sttape_cdb_write_filemarks6(cdb, false, 1);
	run("WFM 1", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_write_filemarks6(cdb, false, 0);
	run("WFM 0", cdb, n, STTAPE_DIR_NONE, 0);
	position();
}

/* Reads with long and short buffers, at filemarks and end of data. */
static void probe_read(void)
{
	unsigned char cdb[16];
	int n;

	n = sttape_cdb_rewind(cdb, false);
	run("REWIND", cdb, n, STTAPE_DIR_NONE, 0);
	position();
	n = sttape_cdb_read6(cdb, false, false, 2000);
	run("READ 2000 (rec 1000)", cdb, n, STTAPE_DIR_IN, 2000);
	n = sttape_cdb_read6(cdb, false, false, 600);
	run("READ 600 (rec 1000)", cdb, n, STTAPE_DIR_IN, 600);
	position();
	n = sttape_cdb_read6(cdb, false, false, 1000);
	run("READ at filemark", cdb, n, STTAPE_DIR_IN, 1000);
	position();
	n = sttape_cdb_read6(cdb, false, true, 2000);
	run("READ SILI 2000", cdb, n, STTAPE_DIR_IN, 2000);
	n = sttape_cdb_read6(cdb, false, false, 1000);
	run("READ at filemark2", cdb, n, STTAPE_DIR_IN, 1000);
	n = sttape_cdb_read6(cdb, false, false, 1000);
	run("READ at EOD", cdb, n, STTAPE_DIR_IN, 1000);
}

/* SPACE over blocks, filemarks and to end of data, both ways. */
static void probe_space(void)
{
	unsigned char cdb[16];
	int n;

	n = sttape_cdb_rewind(cdb, false);
	run("REWIND", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_space6(cdb, 0, 1);
	run("SPACE blk 1", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_space6(cdb, 0, 5);
	run("SPACE blk 5 (FM at 2)", cdb, n, STTAPE_DIR_NONE, 0);
	position();
	n = sttape_cdb_space6(cdb, 0, -5);
	run("SPACE blk -5", cdb, n, STTAPE_DIR_NONE, 0);
	position();
	n = sttape_cdb_rewind(cdb, false);
	run("REWIND", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_space6(cdb, 0, -2);
	run("SPACE blk -2 at BOP", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_space6(cdb, 1, 3);
	run("SPACE fm 3 (2 on tape)", cdb, n, STTAPE_DIR_NONE, 0);
	position();
	n = sttape_cdb_space6(cdb, 1, -3);
	run("SPACE fm -3", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_space6(cdb, 3, 0);
	run("SPACE EOD", cdb, n, STTAPE_DIR_NONE, 0);
	/* Long form (SSC-4 7.7.4): object number 8..15, file 16..23. */
	n = sttape_cdb_read_position(cdb, 6, 0);
	run("READ POS long", cdb, n, STTAPE_DIR_IN, 32);
	printf("   flags=%02x obj=%llu file=%llu\n", buf[0],
	       (unsigned long long)sttape_get_be64(buf + 8),
	       (unsigned long long)sttape_get_be64(buf + 16));
}

/* LOCATE, unsupported CDBs, and the medium-removal commands. */
static void probe_misc(void)
{
	unsigned char cdb[16];
	unsigned char fixed_sili[6] = {0x08, 0x03, 0, 0, 1, 0};
	unsigned char read10[10] = {0x28};
	int n;

	n = sttape_cdb_locate10(cdb, false, false, false, 9, 0);
	run("LOCATE 9 (EOD 5)", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_locate10(cdb, false, false, false, 1, 0);
	run("LOCATE 1", cdb, n, STTAPE_DIR_NONE, 0);
	position();
	run("READ FIXED+SILI", fixed_sili, 6, STTAPE_DIR_IN, 512);
	run("READ(10) opcode", read10, 10, STTAPE_DIR_IN, 512);
	n = sttape_cdb_report_density_support(cdb, false, false, 512);
	run("REPORT DENSITY", cdb, n, STTAPE_DIR_IN, 512);
	n = sttape_cdb_log_sense(cdb, false, 1, 0x2e, 0, 0, 400);
	run("LOG SENSE 2E", cdb, n, STTAPE_DIR_IN, 400);
	n = sttape_cdb_prevent_allow(cdb, true);
	run("PREVENT", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_load_unload(cdb, false, false, false, false, false);
	run("UNLOAD (prevented)", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_prevent_allow(cdb, false);
	run("ALLOW", cdb, n, STTAPE_DIR_NONE, 0);
	n = sttape_cdb_request_sense(cdb, false, 18);
	run("REQUEST SENSE", cdb, n, STTAPE_DIR_IN, 18);
	printf("   %x/%02x/%02x\n", buf[2] & 15, buf[12], buf[13]);
}

int main(int argc, char **argv)
{
	char why[256];

	if (argc != 2) {
		fprintf(stderr, "usage: vdrive_probe DEVICE\n");
		return 2;
	}
	if (sttape_transport_open(argv[1], &t, why, sizeof why)) {
		printf("open: %s\n", why);
		return 1;
	}
	memset(buf, 0x5a, sizeof buf);
	probe_identity();
	probe_write();
	probe_read();
	probe_space();
	probe_misc();
	sttape_transport_close(t);
	return 0;
}
