#!/usr/bin/env bash
# e2e scenarios: stfused in FUSE-mount mode on a virtual cartridge, driven
# only by real programs; each scenario checks the cartridge layout after
# the daemon has stopped (sttape-layout reads the image file).
#   run.sh SCENARIO        (SCENARIO: see the scenario_* functions)
# Env (set by CMake): STFUSED, E2E_LAYOUT, E2E_MTIO_CLIENT, E2E_MTIO_SRC.
# E2E_DEVICE (tests/interop): serve this device instead of the vdrive
# image; E2E_LAYOUT then gets the device string in place of the image.
# E2E_EXTRA_SCENARIOS: more scenario files to source.
set -uo pipefail

scenario=${1:?scenario}
[ -c /dev/fuse ] || { echo "SKIP: no /dev/fuse"; exit 77; }

W=$(mktemp -d /tmp/stfused-e2e.XXXXXX)
MNT=$W/mnt
IMG=$W/tape.img
LOG=$W/daemon.log
DPID=
T=$MNT/nrst0

fail() {
	echo "FAIL ($scenario): $*" >&2
	[ -f "$LOG" ] && { echo "--- daemon log" >&2; tail -n 30 "$LOG" >&2; }
	exit 1
}

cleanup() {
	# A daemon a scenario's helper script started (tar -M volume change).
	[ -f "$W/pid" ] && DPID=${DPID:-$(cat "$W/pid")}
	if [ -n "$DPID" ]; then
		kill -TERM "$DPID" 2>/dev/null
		wait "$DPID" 2>/dev/null
	fi
	mountpoint -q "$MNT" 2>/dev/null && umount -l "$MNT"
	rm -rf "$W"
}
trap cleanup EXIT

# start_daemon VDRIVE_OPTS [stfused options...]
start_daemon() {
	local vopts=$1 i
	shift
	mkdir -p "$MNT"
	"$STFUSED" -f --log-level "${E2E_LOG_LEVEL:-info}" --mount "$MNT" "$@" \
		"${E2E_DEVICE:-vdrive:$IMG,$vopts}" 2>>"$LOG" &
	DPID=$!
	for i in $(seq 100); do
		[ -e "$MNT/nrst0" ] && return 0
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.1
	done
	fail "stfused did not come up"
}

# stop_daemon: SIGTERM, must exit 0 and take the mount away.
stop_daemon() {
	local rc
	kill -TERM "$DPID" || fail "daemon already gone"
	wait "$DPID"
	rc=$?
	DPID=
	[ "$rc" -eq 0 ] || fail "stfused exit status $rc after SIGTERM"
	[ -e "$MNT/nrst0" ] && fail "nodes still there after exit"
	return 0
}

layout() { "$E2E_LAYOUT" "${E2E_DEVICE:-$IMG}"; }

expect_layout() {
	local got
	got=$(layout) || fail "cannot read the image"
	[ "$got" = "$1" ] || fail "layout: got '$got', want '$1'"
	echo "layout ok: $got"
}

# mt_field "File number" -> value from `mt status`
mt_field() {
	mt -f "$T" status | sed -n "s/.*$1=\([-0-9]*\).*/\1/p"
}

expect_pos() { # file block
	local f b
	f=$(mt_field "File number")
	b=$(mt_field "block number")
	[ "$f $b" = "$1 $2" ] || fail "position: got file $f block $b, want $1 $2"
}

expect_status_bit() { # BOT|EOF|EOD|ONLINE|DR_OPEN...
	mt -f "$T" status | grep -qw "$1" || fail "mt status lacks $1: $(mt -f "$T" status | tail -n 1)"
}

random_file() { # path bytes
	head -c "$2" /dev/urandom >"$1"
}

scenario_mt() {
	local out
	start_daemon "profile=lto,capacity=64M"
	# An mtio ioctl on the mount's directory: ENOTTY, and the daemon
	# (any local user can do this) keeps serving.
	out=$("$E2E_MTIO_CLIENT" "$MNT" get) && fail "MTIOCGET on the directory succeeded"
	grep -q "Inappropriate ioctl" <<<"$out" || fail "MTIOCGET on the directory: $out"
	expect_pos 0 0
	expect_status_bit BOT
	expect_status_bit ONLINE
	random_file "$W/a" 30720
	random_file "$W/b" 1024
	dd if="$W/a" of="$T" bs=10240 status=none || fail "dd a"
	expect_pos 1 0
	dd if="$W/b" of="$T" bs=512 status=none || fail "dd b"
	expect_pos 2 0
	mt -f "$T" weof 1 || fail "weof"
	expect_pos 3 0
	mt -f "$T" rewind || fail rewind
	expect_pos 0 0
	expect_status_bit BOT
	mt -f "$T" fsf 1 || fail fsf
	expect_pos 1 0
	mt -f "$T" fsr 1 || fail fsr
	expect_pos 1 1
	mt -f "$T" bsr 1 || fail bsr
	expect_pos 1 0
	mt -f "$T" bsf 1 || fail bsf
	expect_pos 0 -1
	mt -f "$T" rewind
	mt -f "$T" fsr 2
	mt -f "$T" tell | grep -q "At block 2\." || fail "tell: $(mt -f "$T" tell)"
	mt -f "$T" seek 4 || fail seek
	mt -f "$T" tell | grep -q "At block 4\." || fail "tell after seek: $(mt -f "$T" tell)"
	# Block 4 is the first record of file 1 (3 records, a filemark).
	dd if="$T" bs=512 count=1 status=none | cmp -s - <(head -c 512 "$W/b") ||
		fail "data after seek"
	# Linux st's MTEOM (fast_mteom off) keeps the file number: from BOT.
	mt -f "$T" rewind
	mt -f "$T" eod || fail eod
	expect_status_bit EOD
	[ "$(mt_field "File number")" = 3 ] || fail "file number after eod: $(mt_field "File number")"
	mt -f "$T" setblk 512 || fail setblk
	mt -f "$T" status | grep -q "Tape block size 512 bytes" || fail "block size"
	mt -f "$T" setblk 0
	mt -f "$T" compression 1 || fail "compression on"
	mt -f "$T" compression 0 || fail "compression off"
	mt -f "$T" rewind
	mt -f "$T" offline || fail offline
	expect_status_bit DR_OPEN
	mt -f "$T" rewind 2>/dev/null && fail "rewind without medium succeeded"
	stop_daemon
	expect_layout "3x10240 FM 2x512 FM FM EOD"
}

main() {
	command -v "scenario_$scenario" >/dev/null || fail "unknown scenario"
	"scenario_$scenario"
	echo "PASS: $scenario"
}

# Scenarios of the other groups live in their own files.
for f in "$(dirname "$0")"/scenarios/*.sh; do
	[ -e "$f" ] && . "$f"
done
# Extra scenario files (tests/interop's tgt variants), blank-separated.
for f in ${E2E_EXTRA_SCENARIOS:-}; do
	. "$f"
done
main
