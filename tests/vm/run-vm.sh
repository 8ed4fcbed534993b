#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# run-vm.sh - the vm label: stfused on a real /dev/sg with CUSE nodes, side
# by side with the kernel st driver, on tgtd's tape inside a QEMU guest.
#
# Builds (or reuses) the guest, starts a private tgtd with a blank
# cartridge, boots the guest once to run every scenario on both drivers
# (guest.sh), then prints the differential report (compare.sh) against
# the table of explained differences in docs/kernel-st-differences.md.
# Env from ctest: STTAPE_SOURCE_DIR, STTAPE_BUILD_DIR.
set -euo pipefail
SRC=${STTAPE_SOURCE_DIR:?}
BUILD=${STTAPE_BUILD_DIR:?}
HERE=$SRC/tests/vm

[ -e /dev/kvm ] || [ -x "$(command -v qemu-system-x86_64)" ] || {
	echo "qemu-system-x86_64 missing" >&2
	exit 77
}
"$HERE/build-guest.sh"

work=$(mktemp -d /tmp/sttape-vm.XXXXXX)
cleanup() {
	"$SRC/tests/interop/tgt-harness.sh" stop "$work/tgt" >/dev/null 2>&1 || true
	[ "${STTAPE_VM_KEEP:-0}" = 1 ] && echo "vm: kept $work" || rm -rf "$work"
}
trap cleanup EXIT
url=$(STTAPE_TGT_TAPE_MB=64 "$SRC/tests/interop/tgt-harness.sh" start "$work/tgt")
mkdir -p "$work/share"
printf 'SRC=%q\nBUILD=%q\n' "$SRC" "$BUILD" >"$work/share/env.sh"

t0=$(date +%s)
rc=0
STTAPE_VM_EXPORT="$SRC $BUILD" "$HERE/boot.sh" "$url" "$work/share" "$HERE/guest.sh" || rc=$?
echo "vm: guest ran in $(($(date +%s) - t0)) s, status $rc"
if [ "$rc" -ne 0 ]; then
	tail -n 40 "$work/share/guest.log" "$work/share/stfused.log" 2>/dev/null
	exit 1
fi

echo "== kernel st =="
cat "$work/share/st.txt"
echo "== stfused =="
cat "$work/share/stfused.txt"
echo "== stfused log =="
tail -n 20 "$work/share/stfused.log" 2>/dev/null || true

fail=0
if grep -E ' stfused exit=' "$work/share/stfused.txt" | grep -v ' exit=0$'; then
	echo "vm: stfused did not exit cleanly on SIGTERM"
	fail=1
fi
echo "== differential report (kernel st vs stfused) =="
"$HERE/compare.sh" "$work/share/st.txt" "$work/share/stfused.txt" \
	"$SRC/docs/kernel-st-differences.md" || fail=1
exit "$fail"
