#!/usr/bin/env bash
# Streaming through stfused's node at 64 KiB, 256 KiB and 1 MiB records,
# in the same run as its three ceilings: libsttape direct on the same
# kind of virtual drive, a no-op FUSE file (what the kernel's FUSE path
# alone allows), plain file I/O of the same bytes.  Then MTIOCGET
# round-trip latency and the daemon's peak memory after a long write.
#   bench/fuse_bench.sh [BUILD_DIR] [GiB per run] [GiB for the memory run]
# Needs root and /dev/fuse.  Figures only.
set -euo pipefail
B=$(cd "${1:-build/rel}" && pwd)
GIB=${2:-1}
MEMGIB=${3:-10}
BENCH=$B/bench/fuse_bench
STFUSED=$B/fuse/stfused
W=$(mktemp -d /var/tmp/stfused-bench.XXXXXX)
TOTAL=$((GIB << 30))
DPID= NPID=
cleanup() {
	set +e
	[ -n "$DPID" ] && kill -TERM "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	[ -n "$NPID" ] && kill -TERM "$NPID" 2>/dev/null && wait "$NPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
wait_for() { for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }
cap=$(((GIB + 1) << 30))
mkdir -p "$W/tape" "$W/noop"
"$STFUSED" -f --mount "$W/tape" "vdrive:$W/node.img,profile=lto,capacity=$cap" 2>"$W/daemon.log" &
DPID=$!
"$BENCH" noop "$W/noop" &
NPID=$!
wait_for "$W/tape/rst0"
wait_for "$W/noop/zero"
echo "# $(nproc) cores, $GIB GiB per run; MB/s = 10^6 bytes/s"
for rec in 65536 262144 1048576; do
	echo "## record $rec"
	echo "node:   $("$BENCH" io "$W/tape/rst0" $rec $TOTAL | tr '\n' ' ')"
	rm -f "$W/direct.img"
	echo "direct: $("$BENCH" direct "vdrive:$W/direct.img,profile=lto,capacity=$cap" $rec $TOTAL | tr '\n' ' ')"
	echo "noop:   $("$BENCH" io "$W/noop/zero" $rec $TOTAL | tr '\n' ' ')"
	echo "file:   $("$BENCH" io "$W/plain" $rec $TOTAL | tr '\n' ' ')"
	rm -f "$W/direct.img" "$W/plain"
done
"$BENCH" ioctl "$W/tape/nrst0" 20000
kill -TERM "$DPID"; wait "$DPID"; DPID=
# Peak memory: a fresh daemon, MEMGIB GiB written at 1 MiB records.
rm -f "$W/node.img"
"$STFUSED" -f --mount "$W/tape" "vdrive:$W/node.img,profile=lto,capacity=$(((MEMGIB + 1) << 30))" 2>>"$W/daemon.log" &
DPID=$!
wait_for "$W/tape/rst0"
base=$(awk '/VmHWM/ {print $2}' /proc/$DPID/status)
dd if=/dev/zero of="$W/tape/nrst0" bs=1M count=$((MEMGIB * 1024)) status=none
peak=$(awk '/VmHWM/ {print $2}' /proc/$DPID/status)
echo "daemon VmHWM: ${base} kB after start, ${peak} kB after writing $MEMGIB GiB"
