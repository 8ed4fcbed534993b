# The sttape CLI: the NetBSD-only operations through the extension
# ioctls of <sttape/mtio.h>, and the same tool straight on the cartridge
# without a daemon.  Sourced by run.sh.

scenario_sttape_cli() {
	local S=$STTAPE_CLI out
	start_daemon "profile=lto,capacity=64M"
	random_file "$W/r" 1536
	dd if="$W/r" of="$T" bs=512 status=none || fail "write 3 records"
	"$S" -f "$T" rewind || fail rewind
	"$S" -f "$T" fsr 2 || fail fsr
	"$S" -f "$T" rdspos | grep -qx "logical block 2" || fail "rdspos: $("$S" -f "$T" rdspos)"
	"$S" -f "$T" rdhpos | grep -q "^hardware block " || fail rdhpos
	"$S" -f "$T" slocate 1 || fail slocate
	"$S" -f "$T" rdspos | grep -qx "logical block 1" || fail "rdspos after slocate"
	dd if="$T" bs=512 count=1 status=none | cmp -s - <(tail -c +513 "$W/r" | head -c 512) ||
		fail "data after slocate"
	"$S" -f "$T" ewarn off || fail "ewarn off"
	"$S" -f "$T" status | grep -q "flags:.* EWARN" && fail "ewarn still on"
	"$S" -f "$T" ewarn on || fail "ewarn on"
	"$S" -f "$T" status | grep -q "flags:.* EWARN" || fail "ewarn not on"
	"$S" -f "$T" nocache || fail nocache
	"$S" -f "$T" status | grep -q "buffered mode 0" || fail "nocache: $("$S" -f "$T" status | sed -n 3p)"
	"$S" -f "$T" cache || fail cache
	"$S" -f "$T" status | grep -q "buffered mode [1-7]" || fail "cache"
	# A failing space latches sense; status reads and clears it.
	# (One open: the next mount session starts with a clean slate.)
	out=$("$S" -f "$T" rewind fsf 5 status status 2>/dev/null) && fail "fsf past the end succeeded"
	[ "$(echo "$out" | grep -c "^latched sense: key 0x8")" = 1 ] ||
		fail "blank check not latched once, then cleared: $out"
	stop_daemon
	expect_layout "3x512 FM FM EOD"
	# Without a daemon, on the cartridge itself.
	"$S" -f "vdrive:$IMG" fsf 1 || fail "direct fsf"
	"$S" -f "vdrive:$IMG" status | grep -q "file 0 block 0" || fail "direct status"
}
