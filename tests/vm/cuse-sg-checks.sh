#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# cuse-sg-checks.sh - the vm label's CUSE- and sg-specific checks: one
# boot of the guest (boot.sh) on a fresh tgtd cartridge running
# guest-cuse-sg.sh, which prints one PASS/FAIL line per check.  The test
# fails when a check fails or when one of the expected checks did not
# report at all.  The 32-bit mtio client is built here (gcc -m32) and
# handed to the guest through the share.
# Env from ctest: STTAPE_SOURCE_DIR, STTAPE_BUILD_DIR.
set -euo pipefail
SRC=${STTAPE_SOURCE_DIR:?}
BUILD=${STTAPE_BUILD_DIR:?}
HERE=$SRC/tests/vm

CHECKS="stfused_start ua_absorbed_at_mount node_owner_mode cuse_record_sizes
ioctl_32bit stfused_exit_run1 sg_io_timeouts sg_limits_discovered
stfused_start_run2 raw_scsi_cuse close_reopen_rewound killed_writer_filemark
stfused_start_run3 pull_client_eio pull_daemon_exit pull_nothing_after"

command -v qemu-system-x86_64 >/dev/null || {
	echo "qemu-system-x86_64 missing" >&2
	exit 77
}
for t in strace sg_read_block_limits; do
	command -v $t >/dev/null || {
		echo "$t missing (scripts/deps.sh installs it)" >&2
		exit 77
	}
done
"$HERE/build-guest.sh"

work=$(mktemp -d /tmp/sttape-vmcs.XXXXXX)
cleanup() {
	"$SRC/tests/interop/tgt-harness.sh" stop "$work/tgt" >/dev/null 2>&1 || true
	[ "${STTAPE_VM_KEEP:-0}" = 1 ] && echo "vm: kept $work" || rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/share"
gcc -m32 -static -O2 -o "$work/share/mtio_client32" \
	"$SRC/tests/e2e/mtio_client.c"
url=$(STTAPE_TGT_TAPE_MB=128 "$SRC/tests/interop/tgt-harness.sh" start "$work/tgt")
printf 'SRC=%q\nBUILD=%q\nCLIENT32=/mnt/mtio_client32\n' "$SRC" "$BUILD" \
	>"$work/share/env.sh"

t0=$(date +%s)
rc=0
STTAPE_VM_TIMEOUT=${STTAPE_VM_TIMEOUT:-300} \
	STTAPE_VM_EXPORT="$SRC $BUILD" "$HERE/boot.sh" "$url" "$work/share" "$HERE/guest-cuse-sg.sh" || rc=$?
echo "vm: guest ran in $(($(date +%s) - t0)) s, status $rc"
cat "$work/share/results.txt" 2>/dev/null || true

fail=0
if [ "$rc" -ne 0 ]; then
	tail -n 30 "$work/share/guest.log" 2>/dev/null || true
	fail=1
fi
for c in $CHECKS; do
	if ! grep -q "^PASS $c " "$work/share/results.txt" 2>/dev/null; then
		grep -q "^FAIL $c " "$work/share/results.txt" 2>/dev/null ||
			echo "FAIL $c (did not report)"
		fail=1
	fi
done
if [ "$fail" -ne 0 ]; then
	for f in guest.log stfused1.log stfused2.log stfused3.log; do
		echo "== $f =="
		tail -n 20 "$work/share/$f" 2>/dev/null || true
	done
fi
exit "$fail"
