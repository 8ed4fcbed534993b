# cpio out/in, GNU tar multi-volume on a small cartridge with early
# warning, Bacula btape test and fill.  Sourced by run.sh.

scenario_cpio() {
	start_daemon "profile=lto,capacity=64M"
	make_tree "$W/c" 1
	(cd "$W" && find c | cpio -o -H newc -C 65536 -O "$T" 2>"$W/cpio.err") ||
		fail "cpio -o: $(cat "$W/cpio.err")"
	(cd "$W" && find c | cpio -o -H newc -B -O "$T" 2>>"$W/cpio.err") ||
		fail "cpio -o -B"
	mt -f "$T" rewind
	mkdir "$W/in"
	(cd "$W/in" && cpio -i -d -C 65536 -I "$T" 2>>"$W/cpio.err") || fail "cpio -i"
	diff -r "$W/c" "$W/in/c" || fail "cpio round trip differs"
	# cpio stops before the filemark; the second archive lists too.
	mt -f "$T" fsf 1
	(cpio -t -B -I "$T" 2>>"$W/cpio.err") | sort | diff - <(cd "$W" && find c | sort) ||
		fail "cpio -t of archive 2"
	stop_daemon
	layout | grep -Eq '^([0-9]+x)?65536( [0-9]+)? FM ([0-9]+x)?5120( [0-9]+)? FM FM EOD$' ||
		fail "layout: $(layout)"
	echo "layout ok: $(layout)"
}

# tar -M: at early warning the write fails short, tar asks for volume 2;
# the new-volume script swaps the cartridge (a second daemon on a second
# image), so the archive spans two cartridges and extracts whole.
scenario_tar_multivolume() {
	make_tree "$W/m" 1
	head -c 6000000 /dev/urandom >"$W/m/huge.bin"
	cat >"$W/newvol.sh" <<-NV
		#!/bin/bash
		# Called by tar between volumes: stop daemon 1, serve cartridge 2.
		# tar waits for EOF on a pipe we inherit: the daemon must not keep it.
		for fd in /proc/\$\$/fd/*; do n=\${fd##*/}; [ "\$n" -gt 2 ] && eval "exec \$n>&-"; done
		kill -TERM \$(cat "$W/pid") && while kill -0 \$(cat "$W/pid") 2>/dev/null; do sleep 0.1; done
		IMG2="$W/tape\$TAR_VOLUME.img"
		"$STFUSED" -f --mount "$MNT" "vdrive:\$IMG2,profile=lto,capacity=4M,ew=1M" >/dev/null 2>>"$LOG" &
		echo \$! >"$W/pid"
		for i in \$(seq 100); do [ -e "$MNT/nrst0" ] && exit 0; sleep 0.1; done
		exit 1
	NV
	chmod +x "$W/newvol.sh"
	IMG=$W/tape1.img
	start_daemon "profile=lto,capacity=4M,ew=1M"
	echo "$DPID" >"$W/pid"
	DPID=
	tar -c -M -F "$W/newvol.sh" -f "$T" -C "$W" m >"$W/tar.log" 2>&1 ||
		fail "tar -M create: $(cat "$W/tar.log")"
	[ -e "$W/tape2.img" ] || fail "tar did not ask for a second volume"
	# Read it back: volume 1 first, then the script swaps to volume 2.
	cat >"$W/newvol.sh" <<-NV
		#!/bin/bash
		for fd in /proc/\$\$/fd/*; do n=\${fd##*/}; [ "\$n" -gt 2 ] && eval "exec \$n>&-"; done
		kill -TERM \$(cat "$W/pid") && while kill -0 \$(cat "$W/pid") 2>/dev/null; do sleep 0.1; done
		"$STFUSED" -f --mount "$MNT" "vdrive:$W/tape\$TAR_VOLUME.img,profile=lto" >/dev/null 2>>"$LOG" &
		echo \$! >"$W/pid"
		for i in \$(seq 100); do [ -e "$MNT/nrst0" ] && exit 0; sleep 0.1; done
		exit 1
	NV
	kill -TERM "$(cat "$W/pid")"
	while kill -0 "$(cat "$W/pid")" 2>/dev/null; do sleep 0.1; done
	"$STFUSED" -f --mount "$MNT" "vdrive:$W/tape1.img,profile=lto" 2>>"$LOG" &
	echo $! >"$W/pid"
	for i in $(seq 100); do [ -e "$MNT/nrst0" ] && break; sleep 0.1; done
	mkdir "$W/x"
	tar -x -M -F "$W/newvol.sh" -f "$MNT/rst0" -C "$W/x" >"$W/tarx.log" 2>&1 ||
		fail "tar -M extract: $(cat "$W/tarx.log")"
	diff -r "$W/m" "$W/x/m" || fail "multi-volume round trip differs"
	# The last daemon was started by the script: not our child.
	kill -TERM "$(cat "$W/pid")"
	while kill -0 "$(cat "$W/pid")" 2>/dev/null; do sleep 0.1; done
	rm -f "$W/pid"
	[ -e "$MNT/nrst0" ] && fail "nodes still there after exit"
	IMG=$W/tape1.img
	layout | grep -Eq '^[0-9]+x10240 FM FM EOD$' || fail "volume 1: $(layout)"
	echo "volume 1: $(layout)"
	IMG=$W/tape2.img
	layout | grep -Eq '^[0-9]+x10240 FM FM EOD$' || fail "volume 2: $(layout)"
	echo "volume 2: $(layout)"
}

# btape against the no-rewind node (Device Type = Tape: the node is a
# regular file in a FUSE mount).  Pass: exit 0 and none of the phrases
# btape prints when it had to work around the driver.
run_btape() { # mode, extra directives...
	local mode=$1 conf=$W/bacula-sd.conf input
	shift
	mkdir -p "$W/bt"
	{
		printf 'Storage {\n  Name = e2e-sd\n  WorkingDirectory = "%s"\n  Pid Directory = "%s"\n}\n' "$W/bt" "$W/bt"
		printf 'Device {\n  Name = Drive\n  Media Type = LTO\n  Archive Device = "%s"\n' "$T"
		printf '  Device Type = Tape\n  AutomaticMount = yes\n  AlwaysOpen = yes\n'
		printf '  RemovableMedia = yes\n  RandomAccess = no\n'
		printf '  Maximum Open Wait = 10\n  Maximum Rewind Wait = 10\n'
		for d in "$@"; do printf '  %s\n' "$d"; done
		printf '}\n'
	} >"$conf"
	case $mode in
	test) input=$'test\nquit\n' ;;
	fill) input=$'fill\ns\n\n\n\nquit\n' ;;
	esac
	printf '%s' "$input" | timeout 900 btape -c "$conf" -w "$W/bt" Drive >"$W/btape.$mode.log" 2>&1
}

check_btape() { # mode rc
	if [ "$2" -ne 0 ] || grep -q "NOT correct\|worked this time" "$W/btape.$1.log"; then
		tail -n 40 "$W/btape.$1.log" >&2
		fail "btape $1 (exit $2)"
	fi
}

scenario_btape() {
	local rc
	command -v btape >/dev/null || fail "btape missing (bacula-sd; scripts/deps.sh)"
	# test writes 2 x 10000 blocks of 64512 bytes (1.3 GB).
	start_daemon "profile=lto,capacity=2G"
	run_btape test
	rc=$?
	check_btape test $rc
	grep -q "Block re-read correct" "$W/btape.test.log" || fail "btape test: re-read section missing"
	stop_daemon
	# The last part of test (fsf_test) leaves five files of 1, 2, 3, 2, 1
	# blocks with one filemark each: Bacula clears MT_ST_TWO_FM.
	expect_layout "64512 FM 2x64512 FM 3x64512 FM 2x64512 FM 64512 FM EOD"
	# fill: write to early warning on a small cartridge, then re-read.
	rm -f "$IMG"
	start_daemon "profile=lto,capacity=400M"
	run_btape fill
	rc=$?
	check_btape fill $rc
	grep -q "The last block on the tape matches. Test succeeded." "$W/btape.fill.log" ||
		fail "btape fill: no match line"
	stop_daemon
	# The label file, then the fill file up to early warning.
	layout | grep -Eq '^64512 FM [0-9]+x64512 FM EOD$' || fail "layout after fill: $(layout)"
	echo "layout after fill: $(layout)"
}
