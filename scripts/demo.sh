#!/usr/bin/env bash
# sttape demo, for a fresh Debian 12: install what is missing, build,
# create a virtual cartridge, start stfused on it (CUSE nodes where
# /dev/cuse exists, else a FUSE mount), then use the tape with the
# ordinary tools: mt status, two tar archives as two tape files, rewind,
# list both.  The daemon keeps running; the script says how to stop it.
#
#   scripts/demo.sh            (as root, or a user with sudo)
# Env: STTAPE_DEMO_DIR (default /var/tmp/sttape-demo), STTAPE_DEMO_MOUNT=1
#      forces a FUSE mount even where CUSE exists.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
say() { printf '\n== %s\n' "$*"; }

say "installing missing packages (scripts/deps.sh)"
$SUDO scripts/deps.sh

say "building (build/demo)"
cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DSTTAPE_BUILD_TESTS=OFF -DSTTAPE_BUILD_BENCH=OFF >build/demo.configure.log
cmake --build build/demo -j "$(nproc)" >build/demo.build.log
STFUSED=$SRC/build/demo/fuse/stfused

STATE=${STTAPE_DEMO_DIR:-/var/tmp/sttape-demo}
$SUDO mkdir -p "$STATE"
PIDFILE=$STATE/stfused.pid
# A daemon of an earlier run: stop it (SIGTERM writes owed filemarks).
if [ -f "$PIDFILE" ] && $SUDO kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
	say "stopping the stfused of an earlier demo run"
	$SUDO kill -TERM "$(cat "$PIDFILE")"
	while $SUDO kill -0 "$(cat "$PIDFILE")" 2>/dev/null; do sleep 0.2; done
fi

say "creating a blank virtual cartridge (LTO profile, 1 GiB)"
IMG=$STATE/cartridge.img
$SUDO rm -f "$IMG"
# A missing image is created blank by the virtual drive at start.
DEVICE="vdrive:$IMG,profile=lto,capacity=1G"

if [ -e /dev/cuse ] && [ -z "${STTAPE_DEMO_MOUNT:-}" ]; then
	MODE=cuse
	DIR=/dev
	FRONT=(--cuse)
else
	MODE=mount
	DIR=$STATE/nodes
	$SUDO mkdir -p "$DIR"
	FRONT=(--mount "$DIR")
fi

say "starting stfused ($MODE) on $DEVICE"
# Foreground under setsid so its pid is known; it outlives this script.
$SUDO setsid "$STFUSED" --foreground "${FRONT[@]}" --owner "$(id -un)" \
	--mode 0660 "$DEVICE" </dev/null >"$STATE/stfused.log" 2>&1 &
echo $! | $SUDO tee "$PIDFILE" >/dev/null
for _ in $(seq 100); do
	[ -e "$DIR/nrst0" ] && break
	sleep 0.1
done
[ -e "$DIR/nrst0" ] || {
	cat "$STATE/stfused.log" >&2
	echo "demo: stfused did not start" >&2
	exit 1
}
# udev may still be applying the owner of fresh CUSE nodes.
sleep 0.5
TAPE=$DIR/nrst0

say "mt -f $TAPE status"
mt -f "$TAPE" status

say "tape file 0: tar of the sources (fuse/)"
tar -cvf "$TAPE" -C "$SRC" fuse | tail -n 3
say "tape file 1: tar of the public headers (include/)"
tar -cvf "$TAPE" -C "$SRC" include | tail -n 3

say "rewind, list both archives"
mt -f "$TAPE" rewind
echo "-- file 0:"
tar -tf "$TAPE"
# tar stops before the filemark that ends file 0: skip it.
mt -f "$TAPE" fsf 1
echo "-- file 1:"
tar -tf "$TAPE"
mt -f "$TAPE" status

cat <<EOF

== stfused is running (pid $(cat "$PIDFILE")), serving $DEVICE
   nodes:  $DIR/rst0 (rewind on close)   $DIR/nrst0 (no rewind)
           $DIR/erst0 (eject on close)   $DIR/enrst0 (control mode)
           modes 1-3: $DIR/rst0.1 ... $DIR/enrst0.3
   try:    mt -f $TAPE status;  tar -tvf $DIR/rst0
   log:    $STATE/stfused.log
   stop:   ${SUDO:+sudo }kill $(cat "$PIDFILE")     (SIGTERM: owed filemarks are written, nodes removed)
EOF
