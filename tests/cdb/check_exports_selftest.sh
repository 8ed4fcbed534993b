#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# check_exports_selftest.sh CHECKER FIXTURE UNDECLARED HEADER GONE - the
# export checker must reject FIXTURE (a library exporting
# sttape_fixture_ok and leaked_helper), name the leaked symbol, and not
# blame the good one; reject UNDECLARED (exporting sttape_fixture_api
# and sttape_fixture_helper) against HEADER (declaring only the first),
# naming the helper, while accepting it without headers; and reject it
# against GONE (declaring both, naming sttape_fixture_gone()), naming
# only the function it lacks.
set -u

checker=$1
fixture=$2
undeclared=$3
header=$4
gone=$5
if ! command -v nm >/dev/null 2>&1; then
	echo "nm not found (binutils)" >&2
	exit 77
fi
out=$(sh "$checker" "$fixture" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 1 ]; then
	echo "expected exit 1 from the checker, got $rc" >&2
	exit 1
fi
if ! printf '%s\n' "$out" | grep -q '^  leaked_helper$'; then
	echo "checker did not name leaked_helper" >&2
	exit 1
fi
if printf '%s\n' "$out" | grep -q '^  sttape_fixture_ok$'; then
	echo "checker blamed a well-named symbol" >&2
	exit 1
fi
if ! sh "$checker" "$undeclared"; then
	echo "checker refused well-named exports without headers" >&2
	exit 1
fi
out=$(sh "$checker" "$undeclared" "$header" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 1 ]; then
	echo "expected exit 1 for an undeclared export, got $rc" >&2
	exit 1
fi
if ! printf '%s\n' "$out" | grep -q '^  sttape_fixture_helper$'; then
	echo "checker did not name sttape_fixture_helper" >&2
	exit 1
fi
if printf '%s\n' "$out" | grep -q '^  sttape_fixture_api$'; then
	echo "checker blamed a declared symbol" >&2
	exit 1
fi
out=$(sh "$checker" "$undeclared" "$gone" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 1 ]; then
	echo "expected exit 1 for a function the library lacks, got $rc" >&2
	exit 1
fi
if [ "$(printf '%s\n' "$out" | grep '^  ')" != "  sttape_fixture_gone" ]; then
	echo "checker did not name exactly sttape_fixture_gone" >&2
	exit 1
fi
exit 0
