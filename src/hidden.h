/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hidden.h - STTAPE_HIDDEN marks a function or object that the
 * library's files share but that is not API: it stays out of
 * libsttape.so's dynamic symbols (the version script would export any
 * sttape_* name) and stays visible in the static library the tests link.
 */
#ifndef STTAPE_HIDDEN_H
#define STTAPE_HIDDEN_H

#define STTAPE_HIDDEN __attribute__((visibility("hidden")))

#endif /* STTAPE_HIDDEN_H */
