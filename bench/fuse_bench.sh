#!/usr/bin/env bash
# Streaming through stfused's node at 64 KiB, 256 KiB and 1 MiB records,
# in the same run as its three ceilings: libsttape direct on the same
# kind of virtual drive, a no-op FUSE file (what the kernel's FUSE path
# alone allows), plain file I/O of the same bytes.  Then MTIOCGET
# round-trip latency and the daemon's peak memory after a long write.
#
# A write counts until its bytes are where the close puts them: the
# tape's closing filemark makes the virtual drive fdatasync its image
# (SSC-4 WRITE FILEMARKS with IMMED=0 empties the buffer to the medium),
# so the node and direct writes include that, and "file" is the plain
# file written the same careful way (writeback started every 8 MiB, as
# the virtual drive does, then fdatasync).  "filens" (no syncing at all,
# page cache only) is printed too, with the write ratio against it.
#   bench/fuse_bench.sh [BUILD_DIR] [GiB per run] [GiB for the memory run]
#   [rounds]  (each record size is measured in that many interleaved rounds;
#   the "ratio" line, the issue's two targets, uses each kind's best round)
# Needs root and /dev/fuse.  Figures only.
set -euo pipefail
B=$(cd "${1:-build/rel}" && pwd)
GIB=${2:-1}
MEMGIB=${3:-10}
REPS=${4:-1}
BENCH=$B/bench/fuse_bench
STFUSED=$B/fuse/stfused
W=$(mktemp -d /var/tmp/stfused-bench.XXXXXX)
TOTAL=$((GIB << 30))
DPID= NPID= RPID=
cleanup() {
	set +e
	[ -n "$DPID" ] && kill -TERM "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	[ -n "$NPID" ] && kill -TERM "$NPID" 2>/dev/null && wait "$NPID" 2>/dev/null
	[ -n "$RPID" ] && kill -TERM "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
wait_for() { for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }
cap=$(((GIB + 1) << 30))
mkdir -p "$W/tape" "$W/noop" "$W/tape0"
"$STFUSED" -f --mount "$W/tape" "vdrive:$W/node.img,profile=lto,capacity=$cap" 2>"$W/daemon.log" &
DPID=$!
# The same without read-ahead ("nora"), for what it adds.
"$STFUSED" -f --read-ahead off --mount "$W/tape0" "vdrive:$W/nora.img,profile=lto,capacity=$cap" 2>>"$W/daemon.log" &
RPID=$!
"$BENCH" noop "$W/noop" &
NPID=$!
wait_for "$W/tape/rst0"
wait_for "$W/tape0/rst0"
wait_for "$W/noop/zero"
echo "# $(nproc) cores, $GIB GiB per run, $REPS round(s); MB/s = 10^6 bytes/s"
# MB/s of direction $2 (write|read), best over the lines in $1.
mbps() { awk -v d="$2" '{for (i = 1; i <= NF; i++) if ($i == d) for (j = i + 1; j <= NF; j++) if ($j ~ /^MBps=/) {v = substr($j, 6) + 0; if (v > b) b = v; break}} END {print b + 0}' <<<"$1"; }
# The issue's two ratios for one direction: node/direct, node/min(noop, file).
ratios() {
	awk -v n="$(mbps "$node" "$1")" -v d="$(mbps "$direct" "$1")" \
		-v o="$(mbps "$noop" "$1")" -v f="$(mbps "$file" "$1")" \
		-v w="$1" 'BEGIN {m = o < f ? o : f;
		printf "%s node/direct=%.2f node/min(noop,file)=%.2f ", w, n / d, n / m}'
}
# Runs of one kind accumulate in the variable named $1 (one per line).
run() {
	local var=$1 out
	shift
	out=$("$@" | tr '\n' ' ') || out+="(failed)"
	printf '%-7s %s\n' "$var:" "$out"
	printf -v "$var" '%s%s\n' "${!var}" "$out"
}
for rec in 65536 262144 1048576; do
	echo "## record $rec"
	node= nora= direct= noop= file= filens=
	# REPS rounds, the four kinds interleaved: the machine may be shared,
	# so the ratios use each kind's best round.
	for _ in $(seq "$REPS"); do
		# Each run starts on an empty cartridge, as direct and file start
		# on new files: a filemark at the beginning drops the last
		# round's data (the image's truncation) before the clock runs.
		mt -f "$W/tape/rst0" weof 1
		run node "$BENCH" io "$W/tape/rst0" $rec $TOTAL
		mt -f "$W/tape0/rst0" weof 1
		run nora "$BENCH" io "$W/tape0/rst0" $rec $TOTAL
		rm -f "$W/direct.img"
		run direct "$BENCH" direct "vdrive:$W/direct.img,profile=lto,capacity=$cap" $rec $TOTAL
		run noop "$BENCH" io "$W/noop/zero" $rec $TOTAL
		run file "$BENCH" io "$W/plain" $rec $TOTAL sync
		rm -f "$W/plain"
		run filens "$BENCH" io "$W/plain" $rec $TOTAL
		rm -f "$W/direct.img" "$W/plain"
	done
	echo "ratio:  $(ratios write)$(ratios read)"
	awk -v n="$(mbps "$node" write)" -v o="$(mbps "$noop" write)" \
		-v f="$(mbps "$filens" write)" 'BEGIN {m = o < f ? o : f;
		printf "ratio:  write node/min(noop,filens)=%.2f (no fdatasync in the file)\n", n / m}'
done
"$BENCH" ioctl "$W/tape/nrst0" 20000
kill -TERM "$DPID"; wait "$DPID"; DPID=
kill -TERM "$RPID"; wait "$RPID"; RPID=
# Peak memory: a fresh daemon, MEMGIB GiB written at 1 MiB records.
rm -f "$W/node.img"
"$STFUSED" -f --mount "$W/tape" "vdrive:$W/node.img,profile=lto,capacity=$(((MEMGIB + 1) << 30))" 2>>"$W/daemon.log" &
DPID=$!
wait_for "$W/tape/rst0"
base=$(awk '/VmHWM/ {print $2}' /proc/$DPID/status)
dd if=/dev/zero of="$W/tape/nrst0" bs=1M count=$((MEMGIB * 1024)) status=none
peak=$(awk '/VmHWM/ {print $2}' /proc/$DPID/status)
echo "daemon VmHWM: ${base} kB after start, ${peak} kB after writing $MEMGIB GiB"
