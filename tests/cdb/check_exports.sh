#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# check_exports.sh LIB [HEADER...] - fail unless every dynamic symbol LIB
# defines is named sttape_* (HACKING.md: every exported symbol starts with
# sttape_) and, when headers are given, is declared in one of them (a
# helper shared by the library's files but not API must be hidden, see
# src/hidden.h), and every sttape_name( the headers mention is exported
# (no API without a definition, no comment naming a function that is
# gone).  Prints the offending symbols.  Exit 0 ok, 1 leak or nothing
# exported, 2 usage, 77 when nm (binutils) is absent.
set -u

lib=${1:-}
if [ -z "$lib" ]; then
	echo "usage: $0 LIBRARY.so [HEADER...]" >&2
	exit 2
fi
shift
if ! command -v nm >/dev/null 2>&1; then
	echo "nm not found (binutils)" >&2
	exit 77
fi
if [ ! -f "$lib" ]; then
	echo "$lib: no such library" >&2
	exit 1
fi

# Lines are "VALUE TYPE NAME[@VERSION]" (undefined ones are filtered by
# --defined-only).  The version script's node (type A, e.g. STTAPE_0)
# names a version, not code or data, so it is not an export.
if ! syms=$(nm -D --defined-only "$lib"); then
	echo "$lib: nm failed" >&2
	exit 1
fi
names=$(printf '%s\n' "$syms" | awk 'NF >= 3 {
	name = $3; sub(/@.*/, "", name)
	if ($2 == "A" && name ~ /^STTAPE_[0-9]+$/) next
	print name
}')
good=$(printf '%s\n' "$names" | grep -c '^sttape_')
bad=$(printf '%s\n' "$names" | grep -v '^sttape_' | grep -v '^$')

if [ -n "$bad" ]; then
	echo "$lib exports symbols outside the sttape_ namespace:" >&2
	printf '  %s\n' $bad >&2
	exit 1
fi
if [ $# -gt 0 ]; then
	declared=$(cat "$@" | grep -ow 'sttape_[A-Za-z0-9_]*' | sort -u)
	undeclared=$(printf '%s\n' "$names" | grep '^sttape_' | sort -u |
		while read -r n; do
			printf '%s\n' "$declared" | grep -qx "$n" || echo "$n"
		done)
	if [ -n "$undeclared" ]; then
		echo "$lib exports sttape_ symbols no public header declares:" >&2
		printf '  %s\n' $undeclared >&2
		exit 1
	fi
	missing=$(cat "$@" | grep -oE '\bsttape_[A-Za-z0-9_]+\(' | tr -d '(' |
		sort -u | while read -r n; do
			printf '%s\n' "$names" | grep -qx "$n" || echo "$n"
		done)
	if [ -n "$missing" ]; then
		echo "the headers name functions $lib does not export:" >&2
		printf '  %s\n' $missing >&2
		exit 1
	fi
fi
if [ "$good" -eq 0 ]; then
	echo "$lib exports no sttape_ symbol at all" >&2
	exit 1
fi
echo "$lib: $good symbols, all sttape_*"
exit 0
