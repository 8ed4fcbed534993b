# dd: variable records from 512 bytes to the drive maximum (8 MiB on the
# lto profile), across every chunking boundary of a FUSE mount, read back
# exactly; fixed-block mode; a too-small read gets ENOMEM.
# Sourced by run.sh.

DD_SIZES="512 10240 65536 131072 131073 262144 1044480 1044481 1048575 1048576 1048577 2097152 4194304 8388608"

scenario_dd_records() {
	local s i=0 want=""
	start_daemon "profile=lto,capacity=128M"
	for s in $DD_SIZES; do
		random_file "$W/rec.$s" "$s"
		# One write(2) of s bytes: one record, one tape file.
		dd if="$W/rec.$s" of="$T" bs="$s" count=1 status=none ||
			fail "dd write $s"
		want="$want$s FM "
	done
	mt -f "$T" rewind
	for s in $DD_SIZES; do
		# A buffer larger than the record: exactly the record comes back.
		dd if="$T" of="$W/back.$s" bs=9M status=none || fail "dd read $s"
		cmp "$W/rec.$s" "$W/back.$s" || fail "record of $s bytes differs"
		i=$((i + 1))
	done
	# Same records, read with a buffer of exactly their size.
	mt -f "$T" rewind
	for s in $DD_SIZES; do
		dd if="$T" of="$W/back.$s" bs="$s" status=none || fail "dd read bs=$s"
		cmp "$W/rec.$s" "$W/back.$s" || fail "record of $s bytes (bs=$s) differs"
	done
	# A read smaller than the record: ENOMEM, head after the record.
	mt -f "$T" rewind
	mt -f "$T" fsf 2
	dd if="$T" of=/dev/null bs=512 count=1 2>"$W/err" && fail "short read succeeded"
	grep -q "Cannot allocate memory" "$W/err" || fail "short read: $(cat "$W/err")"
	dd if="$T" of="$W/after" bs=64k status=none
	[ ! -s "$W/after" ] || fail "after ENOMEM the head is not past the record"
	mt -f "$T" status | grep -q "File number=3" || fail "ENOMEM read consumed the filemark: $(mt -f "$T" status | head -2)"
	# Fixed 512-byte blocks: writes of 1, 128 and 2048 blocks.
	mt -f "$T" eod
	mt -f "$T" setblk 512 || fail setblk
	random_file "$W/fix" 2097152
	dd if="$W/fix" of="$T" bs=512 count=16 status=none || fail "fixed 512"
	dd if="$W/fix" of="$T" bs=64k count=2 status=none || fail "fixed 64k"
	dd if="$W/fix" of="$T" bs=1M count=2 status=none || fail "fixed 1M"
	dd if="$T" of=/dev/null bs=1000 count=1 2>/dev/null && fail "fixed: non-multiple read succeeded"
	mt -f "$T" bsf 4
	mt -f "$T" fsf 1
	dd if="$T" of="$W/f1" bs=512 status=none || fail "fixed read 512"
	cmp "$W/f1" <(head -c 8192 "$W/fix") || fail "fixed 512 data"
	dd if="$T" of="$W/f2" bs=64k status=none || fail "fixed read 64k"
	cmp "$W/f2" <(head -c 131072 "$W/fix") || fail "fixed 64k data"
	dd if="$T" of="$W/f3" bs=1M status=none || fail "fixed read 1M"
	cmp "$W/f3" <(head -c 2097152 "$W/fix") || fail "fixed 1M data"
	mt -f "$T" setblk 0
	stop_daemon
	expect_layout "${want}FM 16x512 FM 256x512 FM 4096x512 FM FM EOD"
}
