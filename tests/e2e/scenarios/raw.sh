# Raw SCSI pass-through (STTAPE_MTIOCSCSI) through the FUSE-mount nodes:
# the sttape CLI and a 32-bit caller send INQUIRY and get the virtual
# drive's identity, READ POSITION agrees with the driver's own, and the
# control node passes commands with the cartridge out.  Sourced by run.sh.

scenario_raw() {
	local S=$STTAPE_CLI out c32 rc inc
	inc=$(dirname "$E2E_MTIO_SRC")/../../include
	start_daemon "profile=lto,capacity=64M"
	out=$("$S" -f "$T" raw 12 00 00 00 60 00 --in 96) || fail "raw inquiry: $out"
	echo "$out" | grep -q "^status 0x00 GOOD" || fail "inquiry status: $out"
	# Bytes 8-15 vendor, 16-31 product (SPC-5 6.7.2), in the ASCII column.
	echo "$out" | grep -q "|........STTAPE  |" || fail "vendor: $out"
	echo "$out" | grep -q "|VLTO            |" || fail "product: $out"
	# READ POSITION by raw CDB = the driver's own.
	random_file "$W/r" 1536
	dd if="$W/r" of="$T" bs=512 status=none || fail "write 3 records"
	"$S" -f "$T" rewind fsr 2 || fail "rewind fsr 2"
	"$S" -f "$T" rdspos | grep -qx "logical block 2" || fail "rdspos"
	out=$("$S" -f "$T" raw 34 00 00 00 00 00 00 00 00 00 --in 20) || fail "raw read position: $out"
	echo "$out" | grep -q "^0000  [0-9a-f][0-9a-f] 00 00 00 00 00 00 02 " ||
		fail "READ POSITION first block: $out"
	# A raw SPACE forgets the counters (mt status: -1), reads go on.
	"$S" -f "$T" raw 11 00 ff ff ff 00 >/dev/null || fail "raw space back"
	[ "$(mt_field "File number")" = -1 ] || fail "file number after raw space: $(mt_field "File number")"
	dd if="$T" bs=512 count=1 status=none | cmp -s - <(tail -c +513 "$W/r" | head -c 512) ||
		fail "data after raw space"
	# Data out: MODE SELECT(6) of a 512-byte block length, read back by
	# MODE SENSE(6) (SPC-5 7.5.5: header, then the block descriptor).
	printf '\x00\x00\x10\x08\x00\x00\x00\x00\x00\x00\x02\x00' >"$W/ms"
	out=$("$S" -f "$T" raw 15 10 00 00 0c 00 --out "$W/ms") || fail "raw mode select: $out"
	out=$("$S" -f "$T" raw 1a 00 00 00 0c 00 --in 12) || fail "raw mode sense: $out"
	echo "$out" | grep -q "^0000  .. .. .. 08 .. .. .. .. .. 00 02 00 " ||
		fail "block length after raw MODE SELECT: $out"
	printf '\x00\x00\x10\x08\x00\x00\x00\x00\x00\x00\x00\x00' >"$W/ms"
	"$S" -f "$T" raw 15 10 00 00 0c 00 --out - <"$W/ms" >/dev/null || fail "mode select back"
	# Cartridge out: the control node still passes commands.
	mt -f "$T" offline || fail offline
	E=$MNT/enrst0
	out=$("$S" -f "$E" raw 12 00 00 00 60 00 --in 96) || fail "inquiry on enrst0 without medium: $out"
	echo "$out" | grep -q "|VLTO            |" || fail "enrst0 product: $out"
	out=$("$S" -f "$E" raw 00 00 00 00 00 00)
	rc=$?
	[ "$rc" = 3 ] || fail "TEST UNIT READY without medium: exit $rc: $out"
	echo "$out" | grep -q "^status 0x02 CHECK CONDITION" || fail "TUR status: $out"
	echo "$out" | grep -qi "medium not present" || fail "TUR sense in words: $out"
	echo "$out" | grep -q "^sense bytes: 7[01] 00 02 " || fail "TUR sense bytes: $out"
	# Malformed requests fail the ioctl; the daemon stays up.
	"$S" -f "$E" raw 12 00 00 00 60 00 --in 9000 2>/dev/null && fail "9000 bytes accepted"
	# 32-bit and 64-bit callers share the layout.
	c32=$W/mtio_client32
	gcc -m32 -O1 -I"$inc" -o "$c32" "$E2E_MTIO_SRC" || fail "gcc -m32 (gcc-multilib)"
	gcc -O1 -I"$inc" -o "$W/mtio_client64" "$E2E_MTIO_SRC" || fail "gcc"
	for c in "$c32" "$W/mtio_client64"; do
		out=$("$c" "$E" inquiry) || fail "$c inquiry: $out"
		echo "$out" | grep -q "^size=8484 status=0 resid=60 vendor=STTAPE   product=VLTO " ||
			fail "$c: $out"
	done
	stop_daemon
	expect_layout "3x512 FM FM EOD"
}
