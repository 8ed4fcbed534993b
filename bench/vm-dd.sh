#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# vm-dd.sh [BUILD_DIR] - dd throughput in the vm label's QEMU guest,
# stfused (CUSE nodes on /dev/sg0) against the kernel st driver, on the
# same tgtd cartridge in the same boot.  A benchmark, not a test.
#
# For 64 KiB, 256 KiB and 1 MiB records: rewind, write VMDD_MB MiB
# (default 64) from /dev/zero, rewind, read it back, first through
# /dev/nst0, then through stfused's /dev/nrst0.  Prints MB/s (10^6
# bytes per second) per driver and the ratio stfused/st.
# BUILD_DIR defaults to $STTAPE_BUILD_DIR, else build/rel.  The guest
# runs under TCG (no KVM here), so the figures measure a slow CPU: the
# ratio is the point, not the absolute rates.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-${STTAPE_BUILD_DIR:-$SRC/build/rel}}" && pwd)
MB=${VMDD_MB:-64}

[ -x "$BUILD/fuse/stfused" ] || {
	echo "vm-dd: no stfused in $BUILD (build first)" >&2
	exit 1
}
"$SRC/tests/vm/build-guest.sh"

work=$(mktemp -d /tmp/sttape-vmdd.XXXXXX)
cleanup() {
	"$SRC/tests/interop/tgt-harness.sh" stop "$work/tgt" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/share"
printf 'SRC=%q\nBUILD=%q\nMB=%q\n' "$SRC" "$BUILD" "$MB" >"$work/share/env.sh"

# The guest side: one line "driver bs dir bytes nanoseconds rc" per pass.
cat >"$work/guest.sh" <<'EOF'
set -u
. /mnt/env.sh
pass() { # driver node bs
	local drv=$1 node=$2 bs=$3 n t0 t1 rc
	n=$((MB * 1048576 / bs))
	mt -f "$node" rewind
	t0=$(date +%s%N)
	dd if=/dev/zero of="$node" bs="$bs" count="$n" status=none 2>>/mnt/dd.err
	rc=$?
	t1=$(date +%s%N)
	echo "$drv $bs write $((n * bs)) $((t1 - t0)) $rc"
	[ $rc -eq 0 ] || dmesg | tail -n 12 >>/mnt/dd.err
	mt -f "$node" rewind
	t0=$(date +%s%N)
	dd if="$node" of=/dev/null bs="$bs" count="$n" status=none 2>>/mnt/dd.err
	rc=$?
	t1=$(date +%s%N)
	echo "$drv $bs read $((n * bs)) $((t1 - t0)) $rc"
	[ $rc -eq 0 ] || dmesg | tail -n 12 >>/mnt/dd.err
}
# The first command after boot meets the power-on unit attention.
mt -f /dev/nst0 status >/dev/null 2>&1
# Log failed SCSI commands (SCSI_LOG_MLCOMPLETE 1) for a failing pass.
echo 4096 >/proc/sys/dev/scsi/logging_level
for bs in 65536 262144 1048576; do pass st /dev/nst0 $bs; done >/mnt/dd.txt
"$BUILD/fuse/stfused" -f /dev/sg0 >/mnt/stfused.log 2>&1 &
pid=$!
for _ in $(seq 150); do [ -e /dev/enrst0.3 ] && break; sleep 0.1; done
for bs in 65536 262144 1048576; do pass stfused /dev/nrst0 $bs; done >>/mnt/dd.txt
kill -TERM $pid
wait $pid
EOF

url=$(STTAPE_TGT_TAPE_MB=$((MB * 8)) "$SRC/tests/interop/tgt-harness.sh" start "$work/tgt")
STTAPE_VM_TIMEOUT=${STTAPE_VM_TIMEOUT:-1800} \
	STTAPE_VM_EXPORT="$SRC $BUILD" "$SRC/tests/vm/boot.sh" "$url" "$work/share" "$work/guest.sh" || {
	echo "vm-dd: the guest failed" >&2
	tail -n 20 "$work/share/guest.log" "$work/share/stfused.log" >&2
	exit 1
}

[ -s "$work/share/dd.err" ] && sed 's/^/vm-dd: dd: /' "$work/share/dd.err"
echo "vm-dd: $MB MiB per pass, tgtd over iSCSI, QEMU TCG guest, $(uname -m)"
awk '
$6 != 0 { printf "vm-dd: %s %s %s failed (status %s)\n", $1, $2, $3, $6; bad = 1 }
{ rate[$1, $2, $3] = $4 / ($5 / 1e9) / 1e6 }
END {
	printf "%-8s %-6s %12s %12s %8s\n", "record", "dir", "st MB/s",
	    "stfused MB/s", "ratio"
	split("65536 262144 1048576", bs, " ")
	split("64K 256K 1M", name, " ")
	for (i = 1; i <= 3; i++)
		for (d = 1; d <= 2; d++) {
			dir = d == 1 ? "write" : "read"
			s = rate["st", bs[i], dir]
			f = rate["stfused", bs[i], dir]
			printf "%-8s %-6s %12.2f %12.2f %8.2f\n", name[i], dir,
			    s, f, (s > 0 ? f / s : 0)
		}
	exit bad
}' "$work/share/dd.txt"
