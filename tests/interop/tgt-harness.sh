#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# tgt-harness.sh - a private tgtd exporting one blank virtual tape (SSC
# LUN) over iSCSI on 127.0.0.1, for the interop tests.
#
#   tgt-harness.sh start DIR      start tgtd, keep its state in DIR (made
#                                 if missing), print the iscsi:// URL
#   tgt-harness.sh url DIR        print the URL of a running instance
#   tgt-harness.sh stop DIR       stop that tgtd and delete DIR
#   tgt-harness.sh run CMD [ARG]  start in a temporary DIR, run CMD with
#                                 STTAPE_ISCSI_URL and STTAPE_TGT_DIR set,
#                                 stop whatever happens; exit with CMD's
#                                 status
#
# Each instance picks its own TCP port and tgtd control number, retrying
# when another process holds either, so parallel tests never share a
# target.  The URL is printed only once tgtd itself owns the listening
# socket.  A watchdog stops tgtd after STTAPE_TGT_LIFETIME seconds (default
# 1800) in case the caller dies without calling stop.
#
# Environment: STTAPE_TGT_TAPE_MB (cartridge size, default 64),
# STTAPE_TGT_LIFETIME.
# Exit status: 0 ok; 77 when tgtd, tgtadm or tgtimg is not installed;
# 1 on any other failure (reason and the tgtd log on stderr); 2 usage.
set -euo pipefail

IQN_PREFIX=iqn.2026-11.org.sttape.test
TAPE_MB=${STTAPE_TGT_TAPE_MB:-64}
LIFETIME=${STTAPE_TGT_LIFETIME:-1800}
TGT_RUN_DIR=/var/run/tgtd

die() {
	echo "tgt-harness: $*" >&2
	exit 1
}

need_tools() {
	local t
	for t in tgtd tgtadm tgtimg; do
		command -v "$t" >/dev/null 2>&1 || {
			echo "tgt-harness: $t not installed (Debian package tgt)" >&2
			exit 77
		}
	done
}

# Inodes of the sockets listening on 127.0.0.1:$1 (or any address).
listen_inodes() {
	local hex
	printf -v hex '%04X' "$1"
	awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p {
		print $10 }' /proc/net/tcp
}

port_in_use() {
	[ -n "$(listen_inodes "$1")" ]
}

# True when process $1 holds a socket listening on port $2: a plain TCP
# connect could reach some other daemon that owns the port.
owns_listener() {
	local pid=$1 port=$2 ino
	for ino in $(listen_inodes "$port"); do
		if ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "socket:[$ino]"; then
			return 0
		fi
	done
	return 1
}

alive() {
	[ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

# tgtd ignores SIGTERM, and refuses to shut down while a target exists:
# delete the target (dropping its sessions), shut down through the control
# socket, then insist.
stop_tgtd() { # pid ctl
	local pid=$1 ctl=$2 i
	alive "$pid" || return 0
	# A test may have left it stopped (SIGSTOP); never wait on it forever.
	kill -CONT "$pid" 2>/dev/null || true
	timeout 5 tgtadm -C "$ctl" --op delete --mode target --tid 1 --force \
		>/dev/null 2>&1 || true
	timeout 5 tgtadm -C "$ctl" --op delete --mode system \
		>/dev/null 2>&1 || true
	for i in $(seq 30); do
		alive "$pid" || break
		sleep 0.1
	done
	if alive "$pid"; then
		kill -KILL "$pid" 2>/dev/null || true
		for i in $(seq 30); do
			alive "$pid" || break
			sleep 0.1
		done
	fi
	rm -f "$TGT_RUN_DIR/socket.$ctl" "$TGT_RUN_DIR/socket.$ctl.lock"
}

# One attempt to run tgtd on (port, ctl).  Returns 0 once it listens,
# 1 when the port or the control number turned out to be taken.
try_tgtd() { # dir port ctl
	local dir=$1 port=$2 ctl=$3 pid i
	: >"$dir/tgtd.log"
	setsid tgtd -f -C "$ctl" --iscsi portal="127.0.0.1:$port" \
		</dev/null >>"$dir/tgtd.log" 2>&1 &
	pid=$!
	echo "$pid" >"$dir/tgtd.pid"
	echo "$ctl" >"$dir/ctl"
	for i in $(seq 100); do
		if ! alive "$pid"; then
			return 1 # control number in use, or tgtd failed
		fi
		if grep -q 'failed to create/bind to portal' "$dir/tgtd.log"; then
			stop_tgtd "$pid" "$ctl"
			return 1 # port taken between our check and the bind
		fi
		if owns_listener "$pid" "$port" &&
			timeout 5 tgtadm -C "$ctl" --op show --mode sys \
				>/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	stop_tgtd "$pid" "$ctl"
	return 1
}

watchdog() { # dir pid ctl
	local dir=$1 pid=$2 ctl=$3 end=$((SECONDS + LIFETIME))
	while alive "$pid" && [ "$SECONDS" -lt "$end" ]; do
		sleep 1
	done
	stop_tgtd "$pid" "$ctl"
}

cmd_start() { # dir
	local dir=$1 attempt port ctl iqn pid
	need_tools
	[ -r /proc/net/tcp ] || die "/proc/net/tcp is not readable"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ ! -e "$dir/tgtd.pid" ] || ! alive "$(cat "$dir/tgtd.pid")" ||
		die "$dir already has a running tgtd"
	for attempt in $(seq 10); do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		ctl=$((1000 + (RANDOM * 32768 + RANDOM) % 30000))
		port_in_use "$port" && continue
		[ -e "$TGT_RUN_DIR/socket.$ctl.lock" ] && continue
		if try_tgtd "$dir" "$port" "$ctl"; then
			break
		fi
		port=
	done
	[ -n "${port:-}" ] || {
		tail -n 20 "$dir/tgtd.log" >&2 || true
		die "tgtd did not start (10 attempts)"
	}
	pid=$(cat "$dir/tgtd.pid")
	iqn=$IQN_PREFIX:tape-$ctl
	rm -f "$dir/tape.img"
	tgtimg --op new --device-type tape --barcode "ST$(printf %06d "$ctl")" \
		--size "$TAPE_MB" --type data --file "$dir/tape.img" >/dev/null ||
		{ stop_tgtd "$pid" "$ctl"; die "tgtimg failed"; }
	if ! { tgtadm -C "$ctl" --lld iscsi --mode target --op new --tid 1 \
		-T "$iqn" &&
		tgtadm -C "$ctl" --lld iscsi --mode logicalunit --op new \
			--tid 1 --lun 1 -b "$dir/tape.img" --device-type=tape &&
		tgtadm -C "$ctl" --lld iscsi --mode target --op bind --tid 1 \
			-I ALL; } >>"$dir/tgtd.log" 2>&1; then
		stop_tgtd "$pid" "$ctl"
		tail -n 20 "$dir/tgtd.log" >&2 || true
		die "tgtadm could not set up the target"
	fi
	echo "iscsi://127.0.0.1:$port/$iqn/1" >"$dir/url"
	setsid bash -c "$(declare -f alive stop_tgtd watchdog)
		TGT_RUN_DIR=$TGT_RUN_DIR LIFETIME=$LIFETIME
		watchdog '$dir' $pid $ctl" </dev/null >/dev/null 2>&1 &
	echo $! >"$dir/watchdog.pid"
	cat "$dir/url"
}

cmd_stop() { # dir
	local dir=$1
	[ -d "$dir" ] || return 0
	if [ -f "$dir/watchdog.pid" ]; then
		kill "$(cat "$dir/watchdog.pid")" 2>/dev/null || true
	fi
	if [ -f "$dir/tgtd.pid" ] && [ -f "$dir/ctl" ]; then
		stop_tgtd "$(cat "$dir/tgtd.pid")" "$(cat "$dir/ctl")"
	fi
	rm -rf "$dir"
}

cmd_run() {
	local dir url rc=0
	need_tools
	dir=$(mktemp -d "${TMPDIR:-/tmp}/sttape-tgt.XXXXXX")
	trap 'cmd_stop "$dir"' EXIT
	trap 'exit 130' INT TERM
	url=$(cmd_start "$dir") || exit 1
	STTAPE_ISCSI_URL=$url STTAPE_TGT_DIR=$dir "$@" || rc=$?
	exit "$rc"
}

case "${1:-}" in
start)
	[ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 2; }
	cmd_start "$2"
	;;
url)
	[ $# -eq 2 ] || { echo "usage: $0 url DIR" >&2; exit 2; }
	cat "$2/url"
	;;
stop)
	[ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
	cmd_stop "$2"
	;;
run)
	shift
	[ $# -ge 1 ] || { echo "usage: $0 run CMD [ARG...]" >&2; exit 2; }
	cmd_run "$@"
	;;
*)
	echo "usage: $0 start DIR | url DIR | stop DIR | run CMD [ARG...]" >&2
	exit 2
	;;
esac
