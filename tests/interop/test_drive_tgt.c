/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_drive_tgt.c - the drive layer over iscsi:// against tgtd's virtual
 * tape (an SSC implementation we did not write).  Run under
 * tgt-harness.sh, which starts a private tgtd with a blank cartridge and
 * passes its URL in STTAPE_ISCSI_URL.
 *
 * The group setup writes, in variable mode:
 *   R0 (1000 bytes) R1 (2000) R2 (3000) FM R3 (500) FM FM  EOD
 * and the tests read it back and move over it; the last test appends
 * fixed-block data after the last filemark.  Where tgt answers other than
 * SSC-4 says, the test asserts what tgt does and the comment says so;
 * the drive layer must report either faithfully.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <sttape/drive.h>

static const size_t rec_len[4] = {1000, 2000, 3000, 500};

static struct sttape_drive *d;

static void fill(uint8_t *buf, size_t len, unsigned int rec)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(rec * 37 + i * 7 + (i >> 8));
}

static int check_record(const uint8_t *buf, size_t len, unsigned int rec)
{
	uint8_t want[4096];

	fill(want, sizeof(want), rec);
	return memcmp(buf, want, len);
}

static void describe(const char *what, int rc, const struct sttape_result *r)
{
	fprintf(stderr,
		"%s: rc %d outcome %s status 0x%02x key %x %02x/%02x "
		"residue %lld transferred %zu\n",
		what, rc, sttape_outcome_name(r->outcome), r->status,
		r->sense.key, r->sense.asc, r->sense.ascq,
		(long long)r->residue, r->transferred);
}

/* A new I_T nexus starts with a unit attention (power on / reset). */
static int wait_ready(void)
{
	struct sttape_result r;
	int i, rc = -1;

	for (i = 0; i < 20; i++) {
		rc = sttape_drive_test_unit_ready(d, &r);
		if (rc == 0)
			return 0;
		describe("test unit ready", rc, &r);
		if (r.outcome == STTAPE_OUTCOME_TRANSPORT_ERROR)
			return rc;
		usleep(100 * 1000);
	}
	return rc;
}

static int set_block_length(uint32_t len)
{
	struct sttape_result r;
	struct sttape_mode m;
	int rc;

	rc = sttape_drive_mode_sense(d, 0, false, &m, NULL, 0, NULL, &r);
	if (rc < 0) {
		describe("mode sense", rc, &r);
		return rc;
	}
	m.has_descriptor = true;
	m.blocks = 0;
	m.block_length = len;
	rc = sttape_drive_mode_select(d, &m, NULL, 0, &r);
	if (rc < 0)
		describe("mode select", rc, &r);
	return rc;
}

static int write_layout(void)
{
	struct sttape_result r;
	uint8_t buf[4096];
	unsigned int i;
	int rc = 0;

	for (i = 0; i < 4 && rc == 0; i++) {
		if (i == 3)
			rc = sttape_drive_write_filemarks(d, 1, false, &r);
		fill(buf, rec_len[i], i);
		if (rc == 0)
			rc = sttape_drive_write(d, buf, rec_len[i], 0, &r);
		if (rc == 0 && r.transferred != rec_len[i])
			rc = -1;
	}
	if (rc == 0)
		rc = sttape_drive_write_filemarks(d, 2, false, &r);
	if (rc < 0)
		describe("write layout", rc, &r);
	return rc;
}

static int group_setup(void **state)
{
	const char *url = getenv("STTAPE_ISCSI_URL");
	struct sttape_result r;
	char why[256] = "";
	int rc;

	if (!url) {
		fprintf(stderr, "STTAPE_ISCSI_URL unset: run under "
				"tgt-harness.sh run\n");
		return -1;
	}
	rc = sttape_drive_open(url, &d, why, sizeof(why));
	if (rc < 0) {
		fprintf(stderr, "open %s: %d %s\n", url, rc, why);
		return -1;
	}
	if (wait_ready() < 0 || set_block_length(0) < 0)
		return -1;
	rc = sttape_drive_rewind(d, false, &r);
	if (rc < 0) {
		describe("rewind", rc, &r);
		return -1;
	}
	return write_layout() < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	sttape_drive_close(d);
	return 0;
}

static void rewind_ok(void)
{
	struct sttape_result r;

	assert_int_equal(sttape_drive_rewind(d, false, &r), 0);
}

static void inquiry_identifies_tgt_tape(void **state)
{
	struct sttape_inquiry inq;
	struct sttape_result r;

	assert_int_equal(sttape_drive_inquiry(d, &inq, &r), 0);
	assert_int_equal(inq.peripheral_type, 1);
	assert_true(inq.removable);
	assert_memory_equal(inq.vendor, "IET", 3);
	assert_memory_equal(inq.product, "VIRTUAL-TAPE", 12);
}

static void block_limits_cover_the_records(void **state)
{
	struct sttape_block_limits bl;
	struct sttape_result r;

	assert_int_equal(sttape_drive_read_block_limits(d, &bl, &r), 0);
	assert_true(bl.max_length >= 65536);
	assert_true(bl.min_length <= 500);
}

/* Read one record with a buffer of exactly its length. */
static void read_exact(unsigned int rec)
{
	struct sttape_result r;
	uint8_t buf[4096];

	assert_int_equal(sttape_drive_read(d, buf, rec_len[rec], 0, false, &r),
			 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_OK);
	assert_int_equal(r.transferred, rec_len[rec]);
	assert_int_equal(check_record(buf, rec_len[rec], rec), 0);
}

static void read_filemark(void)
{
	struct sttape_result r;
	uint8_t buf[4096];
	int rc;

	rc = sttape_drive_read(d, buf, sizeof(buf), 0, false, &r);
	describe("read at filemark", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_true(r.sense.filemark);
	assert_int_equal(r.transferred, 0);
	assert_int_equal(r.residue, sizeof(buf));
}

static void read_back_records_and_marks(void **state)
{
	struct sttape_result r;
	uint8_t buf[4096];
	int rc;

	rewind_ok();
	read_exact(0);
	read_exact(1);
	read_exact(2);
	read_filemark();
	read_exact(3);
	read_filemark();
	read_filemark();
	rc = sttape_drive_read(d, buf, sizeof(buf), 0, false, &r);
	describe("read at end of data", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_END_OF_DATA);
	assert_int_equal(r.sense.key, STTAPE_SK_BLANK_CHECK);
	/* tgt sends a zeroed data phase here: no record was read anyway. */
	assert_int_equal(r.transferred, 0);
}

/*
 * 600-byte buffer, 1000-byte record: ILI, INFORMATION -400.  SSC-4 moves
 * the first 600 bytes; tgt moves none (residual 600), so whatever the
 * result says arrived must be the start of the record.
 */
static void read_small_buffer_is_ili_long(void **state)
{
	struct sttape_result r;
	uint8_t buf[600];
	int rc;

	rewind_ok();
	rc = sttape_drive_read(d, buf, sizeof(buf), 0, false, &r);
	describe("read 600 of 1000", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_ILI_LONG);
	assert_true(r.sense.ili);
	assert_int_equal(r.residue, -400);
	/* Whatever arrived is the start of the record. */
	assert_true(r.transferred <= sizeof(buf));
	assert_int_equal(check_record(buf, r.transferred, 0), 0);
	/* The rest of the record was skipped: the next read gets R1. */
	read_exact(1);
}

/* 4096-byte buffer, 1000-byte record: ILI, INFORMATION +3096. */
static void read_large_buffer_is_ili_short(void **state)
{
	struct sttape_result r;
	uint8_t buf[4096];
	int rc;

	rewind_ok();
	rc = sttape_drive_read(d, buf, sizeof(buf), 0, false, &r);
	describe("read 4096 of 1000", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_ILI_SHORT);
	assert_int_equal(r.residue, 3096);
	assert_int_equal(r.transferred, 1000);
	assert_int_equal(check_record(buf, 1000, 0), 0);
}

static void space_ok(enum sttape_space_code code, int64_t count)
{
	struct sttape_result r;
	int rc = sttape_drive_space(d, code, count, &r);

	if (rc || r.outcome != STTAPE_OUTCOME_OK)
		describe("space", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_OK);
}

/* Moves on which tgt and SSC-4 agree, checked by what the next READ gets. */
static void space_over_records_and_filemarks(void **state)
{
	rewind_ok();
	space_ok(STTAPE_SPACE_BLOCKS, 2);
	read_exact(2);
	space_ok(STTAPE_SPACE_FILEMARKS, 1);
	read_exact(3);
	space_ok(STTAPE_SPACE_BLOCKS, -1);
	read_exact(3);
	/* From EOD, back over the last filemark. */
	space_ok(STTAPE_SPACE_END_OF_DATA, 0);
	space_ok(STTAPE_SPACE_BLOCKS, -1);
	read_filemark();
}

/*
 * SPACE 2 blocks backward from just before FM2 crosses R3 and meets FM1.
 * SSC-4: CHECK CONDITION, FILEMARK, INFORMATION 1, head on the BOP side
 * of FM1.  tgt counts the filemark as a block: GOOD, same place.
 */
static void space_blocks_over_filemark_tgt_counts_it(void **state)
{
	rewind_ok();
	space_ok(STTAPE_SPACE_FILEMARKS, 1);
	read_exact(3);
	space_ok(STTAPE_SPACE_BLOCKS, -2);
	read_filemark();
	read_exact(3);
}

/*
 * SPACE 2 filemarks backward from EOD.  SSC-4: over FM3 and FM2, head on
 * the BOP side of FM2, so the next READ meets FM2.  tgt counts a mark only
 * when it is already at the head, then steps back once more: it stops
 * before R3.
 */
static void space_filemarks_backward_tgt_stops_one_early(void **state)
{
	struct sttape_result r;
	uint8_t buf[4096];
	int rc;

	rewind_ok();
	space_ok(STTAPE_SPACE_END_OF_DATA, 0);
	space_ok(STTAPE_SPACE_FILEMARKS, -2);
	rc = sttape_drive_read(d, buf, sizeof(buf), 0, false, &r);
	describe("read after space -2 filemarks from EOD", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_ILI_SHORT);
	assert_int_equal(r.transferred, rec_len[3]);
	assert_int_equal(check_record(buf, rec_len[3], 3), 0);
}

/*
 * SPACE forward into EOD.  SSC-4: BLANK CHECK 00/05 with INFORMATION =
 * count not spaced; tgt: NO SENSE 00/05, no INFORMATION.  Both classify
 * as END_OF_DATA, which is informational (0).
 */
static void space_forward_into_end_of_data(void **state)
{
	struct sttape_result r;
	int rc;

	rewind_ok();
	rc = sttape_drive_space(d, STTAPE_SPACE_FILEMARKS, 10, &r);
	describe("space 10 filemarks from BOP", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_END_OF_DATA);
	assert_int_equal(r.sense.asc, 0x00);
	assert_int_equal(r.sense.ascq, 0x05);
	rc = sttape_drive_space(d, STTAPE_SPACE_BLOCKS, 1, &r);
	describe("space 1 block at EOD", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_END_OF_DATA);
}

/*
 * SPACE 3 blocks backward from R1.  SSC-4: NO SENSE with EOM, 00/04,
 * INFORMATION 2: BOP.  tgt bounces off its BOT header: GOOD, head at BOP.
 */
static void space_backward_past_bop_tgt_says_good(void **state)
{
	struct sttape_result r;
	int rc;

	rewind_ok();
	space_ok(STTAPE_SPACE_BLOCKS, 1);
	rc = sttape_drive_space(d, STTAPE_SPACE_BLOCKS, -3, &r);
	describe("space -3 blocks from R1", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_OK);
	read_exact(0);
}

static void unsupported(const char *what, int rc, const struct sttape_result *r,
			enum sttape_outcome want)
{
	describe(what, rc, r);
	assert_true(rc < 0);
	assert_int_equal(r->err, rc);
	assert_int_equal(r->status, STTAPE_STATUS_CHECK_CONDITION);
	assert_int_equal(r->sense.key, STTAPE_SK_ILLEGAL_REQUEST);
	assert_int_equal(r->outcome, want);
}

static void unimplemented_commands_are_clean_errors(void **state)
{
	struct sttape_position pos;
	struct sttape_result r;
	uint64_t flags;
	uint8_t buf[256];
	size_t got;
	int rc;

	rc = sttape_drive_locate(d, 2, false, false, &r);
	unsupported("locate", rc, &r, STTAPE_OUTCOME_UNSUPPORTED);
	rc = sttape_drive_erase(d, false, false, &r);
	unsupported("erase", rc, &r, STTAPE_OUTCOME_UNSUPPORTED);
	rc = sttape_drive_tapealert(d, &flags, &r);
	unsupported("log sense tapealert", rc, &r, STTAPE_OUTCOME_UNSUPPORTED);
	rc = sttape_drive_report_density(d, false, buf, sizeof(buf), &got, &r);
	unsupported("report density", rc, &r, STTAPE_OUTCOME_UNSUPPORTED);
	rc = sttape_drive_read_position(d, STTAPE_RP_EXTENDED, &pos, &r);
	unsupported("read position extended", rc, &r,
		    STTAPE_OUTCOME_ILLEGAL_REQUEST);
	/* The 16-byte forms the drive layer picks for wide counts. */
	rc = sttape_drive_space(d, STTAPE_SPACE_BLOCKS, 10000000, &r);
	unsupported("space(16)", rc, &r, STTAPE_OUTCOME_UNSUPPORTED);
	rc = sttape_drive_locate(d, UINT64_C(1) << 33, false, false, &r);
	unsupported("locate(16)", rc, &r, STTAPE_OUTCOME_UNSUPPORTED);
	/* SPACE code 2 (sequential filemarks) is refused as a bad field. */
	rc = sttape_drive_space(d, STTAPE_SPACE_SEQ_FILEMARKS, 1, &r);
	unsupported("space sequential filemarks", rc, &r,
		    STTAPE_OUTCOME_ILLEGAL_REQUEST);
}

/*
 * LOAD UNLOAD reaches tgt's START STOP UNIT handler, which does nothing
 * for a tape: SSC-4 would refuse the unload while removal is prevented
 * (05/53/02), and after an unload report NOT READY 3A/00.  tgt answers
 * GOOD to both and leaves the position alone.
 */
static void unload_is_a_no_op_on_tgt(void **state)
{
	struct sttape_result r;

	rewind_ok();
	read_exact(0);
	assert_int_equal(sttape_drive_prevent_allow(d, true, &r), 0);
	assert_int_equal(sttape_drive_load(d, false, false, false, &r), 0);
	assert_int_equal(sttape_drive_prevent_allow(d, false, &r), 0);
	assert_int_equal(sttape_drive_load(d, false, false, false, &r), 0);
	assert_int_equal(sttape_drive_test_unit_ready(d, &r), 0);
	read_exact(1);
	assert_int_equal(sttape_drive_load(d, true, false, false, &r), 0);
	read_exact(2);
}

/*
 * tgt answers READ POSITION short and long with a constant block whose
 * byte 0 is the data length and the rest zero.  Short form: 0x14 = BYCU
 * and BPU, so "position unknown", which the parse must report even at
 * BOP.  Long form: 0x20 is a reserved bit; LONU clear claims object 0.
 */
static void read_position_reports_unknown(void **state)
{
	struct sttape_position pos;
	struct sttape_result r;

	rewind_ok();
	space_ok(STTAPE_SPACE_BLOCKS, 2);
	assert_int_equal(
		sttape_drive_read_position(d, STTAPE_RP_SHORT, &pos, &r), 0);
	assert_true(pos.bpu);
	assert_true(pos.bycu);
	assert_false(pos.bop);
	assert_int_equal(r.transferred, 20);
	assert_int_equal(
		sttape_drive_read_position(d, STTAPE_RP_LONG, &pos, &r), 0);
	assert_int_equal(r.transferred, 32);
	assert_false(pos.lolu);
	assert_int_equal(pos.block, 0);
}

/*
 * Fixed 512-byte blocks after the last filemark: 8 written, a filemark,
 * then a read of 10 stops at the filemark with residue 2.
 */
static void fixed_block_mode_filemark_residue(void **state)
{
	struct sttape_result r;
	struct sttape_mode m;
	uint8_t out[8 * 512], in[10 * 512];
	int rc;

	rewind_ok();
	space_ok(STTAPE_SPACE_END_OF_DATA, 0);
	assert_int_equal(set_block_length(512), 0);
	assert_int_equal(
		sttape_drive_mode_sense(d, 0, false, &m, NULL, 0, NULL, &r), 0);
	assert_true(m.has_descriptor);
	assert_int_equal(m.block_length, 512);
	fill(out, sizeof(out), 9);
	assert_int_equal(sttape_drive_write(d, out, sizeof(out), 512, &r), 0);
	assert_int_equal(r.transferred, sizeof(out));
	assert_int_equal(sttape_drive_write_filemarks(d, 1, false, &r), 0);

	rewind_ok();
	space_ok(STTAPE_SPACE_FILEMARKS, 3);
	memset(in, 0, sizeof(in));
	rc = sttape_drive_read(d, in, sizeof(in), 512, false, &r);
	describe("fixed read 10 of 8 blocks", rc, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.outcome, STTAPE_OUTCOME_FILEMARK);
	assert_int_equal(r.residue, 2);
	assert_int_equal(r.transferred, sizeof(out));
	assert_memory_equal(in, out, sizeof(out));
	assert_int_equal(set_block_length(0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inquiry_identifies_tgt_tape),
		cmocka_unit_test(block_limits_cover_the_records),
		cmocka_unit_test(read_back_records_and_marks),
		cmocka_unit_test(read_small_buffer_is_ili_long),
		cmocka_unit_test(read_large_buffer_is_ili_short),
		cmocka_unit_test(space_over_records_and_filemarks),
		cmocka_unit_test(space_blocks_over_filemark_tgt_counts_it),
		cmocka_unit_test(space_filemarks_backward_tgt_stops_one_early),
		cmocka_unit_test(space_forward_into_end_of_data),
		cmocka_unit_test(space_backward_past_bop_tgt_says_good),
		cmocka_unit_test(unimplemented_commands_are_clean_errors),
		cmocka_unit_test(read_position_reports_unknown),
		cmocka_unit_test(unload_is_a_no_op_on_tgt),
		cmocka_unit_test(fixed_block_mode_filemark_residue),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
