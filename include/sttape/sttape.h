/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sttape/sttape.h - umbrella header for libsttape.
 *
 * Conventions of every header: exported symbols start with sttape_,
 * macros with STTAPE_; actions return 0 or -errno; SCSI detail travels
 * in a result struct (sttape/drive.h); the library never prints.
 */
#ifndef STTAPE_STTAPE_H
#define STTAPE_STTAPE_H

#include <sttape/version.h>
#include <sttape/cdb.h>
#include <sttape/sense.h>
#include <sttape/transport.h>
#include <sttape/drive.h>

#endif
