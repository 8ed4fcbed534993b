/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fake_transport.h - a scripted transport for unit tests.
 *
 * A test queues steps, in order: each names the command it expects (the
 * exact CDB, or only its operation code) and the reply (status, sense
 * bytes, data-in bytes, residue, a transport error).  Each command the
 * code under test sends takes the next step; a command that does not
 * match, or one too many, fails the test at once through cmocka with the
 * CDB in hex.  Afterwards the test can read what each step received
 * (data-out bytes, timeout, CDB) and check that every step ran.
 *
 *	struct sttape_fake *f = sttape_fake_new();
 *	struct sttape_fake_step *s = sttape_fake_expect(f, cdb, 6);
 *	sttape_fake_sense_fixed(s, STTAPE_SK_NO_SENSE, 0, 1,
 *				STTAPE_FAKE_FM, true, 100);
 *	sttape_drive_wrap(sttape_fake_transport(f), &d);
 *	... sttape_drive_read(d, ...) ...
 *	sttape_drive_close(d);        (closes, does not free, the fake)
 *	sttape_fake_assert_done(f);
 *	sttape_fake_free(f);
 */
#ifndef STTAPE_TEST_FAKE_TRANSPORT_H
#define STTAPE_TEST_FAKE_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sttape/transport.h>

/* Longest CDB a step can expect (SPC-5: up to 260 bytes; tape uses 16). */
#define STTAPE_FAKE_CDB_MAX 32

struct sttape_fake;
struct sttape_fake_step;

struct sttape_fake *sttape_fake_new(void);
/* Frees the fake and its steps; the transport must not be used after. */
void sttape_fake_free(struct sttape_fake *f);
/* The transport to wrap.  Its close op only marks the fake closed. */
struct sttape_transport *sttape_fake_transport(struct sttape_fake *f);
bool sttape_fake_closed(const struct sttape_fake *f);
/* Fails the test unless every queued step was consumed. */
void sttape_fake_assert_done(const struct sttape_fake *f);
/* Steps consumed so far, and queued in all. */
size_t sttape_fake_steps_run(const struct sttape_fake *f);
size_t sttape_fake_steps_queued(const struct sttape_fake *f);

/*
 * Queue a step.  Default reply: GOOD, no sense, no data in, residue =
 * the whole data length for data-in commands and 0 otherwise.
 */
struct sttape_fake_step *sttape_fake_expect(struct sttape_fake *f,
					    const uint8_t *cdb, size_t len);
struct sttape_fake_step *sttape_fake_expect_op(struct sttape_fake *f,
					       uint8_t opcode);

/* Optional checks on the command itself. */
void sttape_fake_expect_dir(struct sttape_fake_step *s, enum sttape_dir dir,
			    size_t len);
void sttape_fake_expect_timeout(struct sttape_fake_step *s,
				unsigned int timeout_ms);

/* Replies. */
void sttape_fake_status(struct sttape_fake_step *s, uint8_t status);
/* Raw sense bytes; also sets CHECK CONDITION status. */
void sttape_fake_sense(struct sttape_fake_step *s, const uint8_t *sense,
		       size_t len);

/* Flags of fixed-format sense byte 2 (SPC-5 table 48). */
#define STTAPE_FAKE_FM	0x80
#define STTAPE_FAKE_EOM 0x40
#define STTAPE_FAKE_ILI 0x20

/*
 * Build 18 bytes of current fixed-format sense (response code 0x70):
 * key, flags (STTAPE_FAKE_*), asc/ascq, INFORMATION (VALID when
 * info_valid).  Returns the length.
 */
size_t sttape_fake_build_sense(uint8_t *buf, uint8_t key, uint8_t asc,
			       uint8_t ascq, uint8_t flags, bool info_valid,
			       int32_t info);
/* sttape_fake_build_sense + sttape_fake_sense in one call. */
void sttape_fake_sense_fixed(struct sttape_fake_step *s, uint8_t key,
			     uint8_t asc, uint8_t ascq, uint8_t flags,
			     bool info_valid, int32_t info);
/*
 * Data-in bytes, copied into the command's buffer up to its length; the
 * residue becomes length - copied unless sttape_fake_resid overrides it.
 */
void sttape_fake_data_in(struct sttape_fake_step *s, const void *data,
			 size_t len);
void sttape_fake_resid(struct sttape_fake_step *s, size_t resid);
/* Completed at the transport with res->transport_err = err (negative). */
void sttape_fake_transport_err(struct sttape_fake_step *s, int err);
/* execute() itself returns err (negative). */
void sttape_fake_execute_err(struct sttape_fake_step *s, int err);

/* What the step received (valid once it ran). */
const uint8_t *sttape_fake_data_out(const struct sttape_fake_step *s,
				    size_t *len);
const uint8_t *sttape_fake_cdb_seen(const struct sttape_fake_step *s,
				    size_t *len);
unsigned int sttape_fake_timeout_seen(const struct sttape_fake_step *s);
enum sttape_dir sttape_fake_dir_seen(const struct sttape_fake_step *s);
size_t sttape_fake_len_seen(const struct sttape_fake_step *s);

#endif
