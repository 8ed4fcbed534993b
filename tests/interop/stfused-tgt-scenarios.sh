# SPDX-License-Identifier: BSD-2-Clause
#
# tgt variants of e2e client scenarios, sourced by tests/e2e/run.sh
# (E2E_EXTRA_SCENARIOS, set by stfused-e2e.sh) and run with its helpers.
# stfused matches tgtd's tape with its built-in entry in
# quirks/emulators.quirks: one filemark at end of data, because tgtd's
# SPACE over filemarks backward stops one object too far (with two, every
# close after writing on a no-rewind node would back over the second and
# land before the first, and the next write would overwrite it); and
# IGNORE_LOADS, because tgtd's LOAD leaves the head where it was.
# The variants differ from the originals only where tgtd cannot follow
# (docs/interop-tgt.md): one filemark at end of data in the layouts, no
# backward SPACE over filemarks (MTBSF, tar --verify), no READ POSITION
# or LOCATE (MTIOCPOS, MTSEEK), records of at most 1 MiB, no delay knob.

# One open per drive (EBUSY), and a reopen after a rewinding close reads
# from the beginning.  (The original slows every command down to widen
# the close/reopen race; tgtd cannot, so only the outcome is checked.)
scenario_tgt_open_order() {
	start_daemon ""
	sleep 5 >"$T" &
	local holder=$!
	sleep 1.5
	mt -f "$MNT/rst0" status 2>"$W/err" && fail "second open succeeded"
	grep -q "Device or resource busy" "$W/err" || fail "second open: $(cat "$W/err")"
	mt -f "$T" status 2>"$W/err" && fail "second open of the same node succeeded"
	grep -q "Device or resource busy" "$W/err" || fail "same node: $(cat "$W/err")"
	kill "$holder"
	wait "$holder" 2>/dev/null
	random_file "$W/rec" 4096
	dd if="$W/rec" of="$MNT/rst0" bs=4096 status=none || fail "write rst0"
	dd if="$MNT/rst0" of="$W/back" bs=64k count=1 status=none || fail "reopen read"
	cmp "$W/rec" "$W/back" || fail "reopen did not start at BOT after the rewind"
	stop_daemon
	expect_layout "4096 FM EOD"
}

# A SIGKILLed writer still gets its filemark.  The cartridge is large
# (STTAPE_TGT_TAPE_MB) so that dd is still writing when killed.
scenario_tgt_kill_client() {
	local dd_pid n
	start_daemon ""
	dd if=/dev/zero of="$T" bs=64k status=none 2>/dev/null &
	dd_pid=$!
	sleep 1.5
	kill -0 "$dd_pid" 2>/dev/null || fail "dd ended before the kill"
	kill -KILL "$dd_pid"
	wait "$dd_pid" 2>/dev/null
	mt -f "$T" status >/dev/null || fail "drive unusable after the kill"
	expect_pos 1 0
	stop_daemon
	layout | grep -Eq '^[0-9]+x65536 FM EOD$' || fail "layout: $(layout)"
	n=$(layout | sed 's/x.*//')
	[ "$n" -gt 3 ] || fail "only $n records written"
	echo "layout ok: $(layout)"
}

# GNU tar: two archives, list, extract the second, append a third after
# end of data, extract it.
scenario_tgt_tar() {
	start_daemon ""
	make_tree "$W/one" 1
	make_tree "$W/two" 2
	make_tree "$W/three" 3
	tar -cf "$T" -C "$W" one || fail "tar -c one"
	expect_pos 1 0
	tar -cf "$T" -C "$W" two || fail "tar -c two"
	expect_pos 2 0
	mt -f "$T" rewind || fail rewind
	tar -tf "$T" | sort >"$W/list1" || fail "tar -t one"
	(cd "$W" && find one | sort) | diff - <(sed 's,/$,,' "$W/list1") ||
		fail "listing of archive 1"
	mt -f "$T" fsf 1 || fail "fsf to archive 2"
	expect_pos 1 0
	mkdir "$W/x"
	tar -xf "$T" -C "$W/x" || fail "tar -x two"
	diff -r "$W/two" "$W/x/two" || fail "extracted tree differs"
	mt -f "$T" rewind
	mt -f "$T" eod || fail eod
	expect_status_bit EOD
	tar -cf "$T" -C "$W" three || fail "tar -c three"
	mt -f "$T" rewind
	mt -f "$T" fsf 2 || fail "fsf to archive 3"
	mkdir "$W/y"
	tar -xf "$T" -C "$W/y" || fail "tar -x three"
	diff -r "$W/three" "$W/y/three" || fail "appended tree differs"
	stop_daemon
	layout | grep -Eq '^([0-9]+x)?10240 FM ([0-9]+x)?10240 FM ([0-9]+x)?10240 FM EOD$' ||
		fail "layout: $(layout)"
	echo "layout ok: $(layout)"
}

# cpio out (64 KiB and 5120-byte blocks), in, and a listing of archive 2.
scenario_tgt_cpio() {
	start_daemon ""
	make_tree "$W/c" 1
	(cd "$W" && find c | cpio -o -H newc -C 65536 -O "$T" 2>"$W/cpio.err") ||
		fail "cpio -o: $(cat "$W/cpio.err")"
	(cd "$W" && find c | cpio -o -H newc -B -O "$T" 2>>"$W/cpio.err") ||
		fail "cpio -o -B"
	mt -f "$T" rewind
	mkdir "$W/in"
	(cd "$W/in" && cpio -i -d -C 65536 -I "$T" 2>>"$W/cpio.err") || fail "cpio -i"
	diff -r "$W/c" "$W/in/c" || fail "cpio round trip differs"
	mt -f "$T" fsf 1
	(cpio -t -B -I "$T" 2>>"$W/cpio.err") | sort | diff - <(cd "$W" && find c | sort) ||
		fail "cpio -t of archive 2"
	stop_daemon
	layout | grep -Eq '^([0-9]+x)?65536( [0-9]+)? FM ([0-9]+x)?5120( [0-9]+)? FM EOD$' ||
		fail "layout: $(layout)"
	echo "layout ok: $(layout)"
}

# dd: variable records up to tgtd's 1 MiB across the FUSE chunking
# boundaries, read back exactly; a record above the limit is refused
# with nothing written; a too-small read gets ENOMEM; fixed 512 mode.
TGT_DD_SIZES="512 10240 65536 131072 131073 262144 1044480 1044481 1048575 1048576"

scenario_tgt_dd_records() {
	local s n=0 want=""
	start_daemon ""
	for s in $TGT_DD_SIZES; do
		random_file "$W/rec.$s" "$s"
		dd if="$W/rec.$s" of="$T" bs="$s" count=1 status=none ||
			fail "dd write $s"
		want="$want$s FM "
		n=$((n + 1))
	done
	# Above the drive's limit: EINVAL, and no record, no filemark.
	random_file "$W/big" 1048577
	dd if="$W/big" of="$T" bs=1048577 count=1 2>"$W/err" &&
		fail "record above the limit was written"
	grep -q "Invalid argument" "$W/err" || fail "big record: $(cat "$W/err")"
	expect_pos "$n" 0
	# A buffer larger than the record: exactly the record comes back.
	# stfused asks for at most the drive's 1 MiB; tgtd answers a record
	# of more than half the allocation with allocation - record bytes
	# (docs/interop-tgt.md), so those sizes are skipped here and read
	# back with buffers of their own size below.
	mt -f "$T" rewind
	for s in $TGT_DD_SIZES; do
		if [ "$s" -gt 524288 ] && [ "$s" -lt 1048576 ]; then
			mt -f "$T" fsf 1 || fail "fsf over $s"
			continue
		fi
		dd if="$T" of="$W/back.$s" bs=2M status=none || fail "dd read $s"
		cmp "$W/rec.$s" "$W/back.$s" || fail "record of $s bytes differs"
	done
	# Same records, read with a buffer of exactly their size.  A read(2)
	# above one FUSE request (1044480 bytes) reaches the drive as a READ
	# of the drive maximum, so tgtd's short-record answer above bites
	# again for 1044481..1048575: those are checked by the layout only.
	mt -f "$T" rewind
	for s in $TGT_DD_SIZES; do
		if [ "$s" -gt 1044480 ] && [ "$s" -lt 1048576 ]; then
			mt -f "$T" fsf 1 || fail "fsf over $s"
			continue
		fi
		dd if="$T" of="$W/back.$s" bs="$s" status=none || fail "dd read bs=$s"
		cmp "$W/rec.$s" "$W/back.$s" || fail "record of $s bytes (bs=$s) differs"
	done
	# A read smaller than the record: ENOMEM, head after the record
	# (tgtd moves none of it, so nothing may reach the caller either).
	mt -f "$T" rewind
	mt -f "$T" fsf 2
	dd if="$T" of="$W/short" bs=512 count=1 2>"$W/err" && fail "short read succeeded"
	grep -q "Cannot allocate memory" "$W/err" || fail "short read: $(cat "$W/err")"
	[ ! -s "$W/short" ] || fail "ENOMEM read returned data"
	dd if="$T" of="$W/after" bs=64k status=none
	[ ! -s "$W/after" ] || fail "after ENOMEM the head is not past the record"
	expect_pos 3 0
	# Fixed 512-byte blocks: writes of 16, 128 and 2048 blocks.
	mt -f "$T" rewind
	mt -f "$T" eod || fail eod
	mt -f "$T" setblk 512 || fail setblk
	random_file "$W/fix" 2097152
	dd if="$W/fix" of="$T" bs=512 count=16 status=none || fail "fixed 512"
	dd if="$W/fix" of="$T" bs=64k count=2 status=none || fail "fixed 64k"
	dd if="$W/fix" of="$T" bs=1M count=2 status=none || fail "fixed 1M"
	mt -f "$T" rewind
	mt -f "$T" fsf "$n" || fail "fsf to the fixed files"
	dd if="$T" of=/dev/null bs=1000 count=1 2>/dev/null && fail "fixed: non-multiple read succeeded"
	dd if="$T" of="$W/f1" bs=512 status=none || fail "fixed read 512"
	cmp "$W/f1" <(head -c 8192 "$W/fix") || fail "fixed 512 data"
	dd if="$T" of="$W/f2" bs=64k status=none || fail "fixed read 64k"
	cmp "$W/f2" <(head -c 131072 "$W/fix") || fail "fixed 64k data"
	dd if="$T" of="$W/f3" bs=1M status=none || fail "fixed read 1M"
	cmp "$W/f3" <(head -c 2097152 "$W/fix") || fail "fixed 1M data"
	mt -f "$T" setblk 0
	stop_daemon
	expect_layout "${want}16x512 FM 256x512 FM 4096x512 FM EOD"
}

# mt-st: the position ops tgtd implements (no MTBSF, MTTELL, MTSEEK).
scenario_tgt_mt() {
	start_daemon ""
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
	expect_status_bit EOF
	mt -f "$T" fsr 1 || fail fsr
	expect_pos 1 1
	dd if="$T" bs=512 count=1 status=none | cmp -s - <(tail -c 512 "$W/b") ||
		fail "data after fsr"
	mt -f "$T" bsr 1 || fail bsr
	mt -f "$T" bsr 1 || fail bsr
	expect_pos 1 0
	dd if="$T" bs=512 count=1 status=none | cmp -s - <(head -c 512 "$W/b") ||
		fail "data after bsr"
	mt -f "$T" tell 2>"$W/err" && fail "tell succeeded with the position unknown"
	grep -q "Input/output error" "$W/err" || fail "tell: $(cat "$W/err")"
	mt -f "$T" rewind
	mt -f "$T" eod || fail eod
	expect_status_bit EOD
	mt -f "$T" setblk 512 || fail setblk
	mt -f "$T" status | grep -q "Tape block size 512 bytes" || fail "block size"
	mt -f "$T" setblk 0 || fail "setblk 0"
	mt -f "$T" status | grep -q "Tape block size 0 bytes" || fail "block size 0"
	mt -f "$T" rewind
	stop_daemon
	expect_layout "3x10240 FM 2x512 FM FM EOD"
}

# SIGTERM mid-write: the daemon writes the owed filemark, the writer
# sees the daemon go, and a new daemon uses the cartridge.
scenario_tgt_sigterm() {
	local dd_pid rc
	start_daemon ""
	random_file "$W/first" 10240
	dd if="$W/first" of="$T" bs=10240 status=none || fail "first file"
	dd if=/dev/zero of="$T" bs=64k status=none 2>"$W/dd.err" &
	dd_pid=$!
	sleep 1.5
	stop_daemon
	wait "$dd_pid"
	rc=$?
	[ "$rc" -ne 0 ] || fail "writer did not notice the daemon going away"
	layout | grep -Eq '^10240 FM [0-9]+x65536 FM EOD$' || fail "layout: $(layout)"
	echo "layout ok: $(layout)"
	start_daemon ""
	mt -f "$T" fsf 1 || fail "fsf on restart"
	expect_pos 1 0
	dd if="$T" of="$W/back" bs=64k count=1 status=none || fail "read on restart"
	cmp -s "$W/back" <(head -c 65536 /dev/zero) || fail "file 1 data"
	stop_daemon
}

# 32-bit and 64-bit mtio callers agree on MTIOCGET and MTIOCTOP.  tgtd
# answers READ POSITION with "position unknown", so MTIOCPOS fails with
# EIO for both, as Linux st's MTIOCPOS does (the original compares the
# block number instead).
scenario_tgt_mtio32() {
	local c32=$W/client32 out64 out32
	gcc -m32 -O1 -o "$c32" "$E2E_MTIO_SRC" || fail "gcc -m32 (gcc-multilib)"
	start_daemon ""
	"$E2E_MTIO_CLIENT" "$T" write 1000 write 1000 weof 1 write 1000 ||
		fail "64-bit client writes"
	"$c32" "$T" sizes | grep -q "sizeof(long)=4 sizeof(struct mtget)=28" ||
		fail "32-bit client is not 32-bit"
	"$c32" "$T" rew fsf 1 >/dev/null || fail "32-bit MTIOCTOP"
	out64=$("$E2E_MTIO_CLIENT" "$T" get) || fail "64-bit get"
	"$E2E_MTIO_CLIENT" "$T" rew fsf 1 >/dev/null
	out32=$("$c32" "$T" get) || fail "32-bit get: $out32"
	echo "64: $out64"
	echo "32: $out32"
	[ "$out32" = "$out64" ] || fail "32-bit and 64-bit callers disagree"
	echo "$out32" | grep -q "type=0x72 .*fileno=1 blkno=0" || fail "MTIOCGET fields: $out32"
	out64=$("$E2E_MTIO_CLIENT" "$T" pos) && fail "64-bit MTIOCPOS succeeded: $out64"
	out32=$("$c32" "$T" pos) && fail "32-bit MTIOCPOS succeeded: $out32"
	[ "$out64" = "MTIOCPOS: Input/output error" ] || fail "64-bit MTIOCPOS: $out64"
	[ "$out32" = "$out64" ] || fail "32-bit MTIOCPOS: $out32"
	stop_daemon
	expect_layout "2x1000 FM 1000 FM EOD"
}

# Bacula btape test.  Directives for tgtd's deviations, each one Bacula
# itself proposes when its check fails: Hardware End of Medium = no
# (SPACE to end of data gives no residue, so MTEOM cannot count files),
# Backward Space Record = no (its re-read of the last block backs over
# the filemark with MTBSF, which tgtd gets wrong).  Smaller blocks keep
# the 2 x 10000 blocks it writes at 320 MB.  No fill: tgtd gives no early
# warning.
scenario_tgt_btape() {
	local rc
	command -v btape >/dev/null || fail "btape missing (bacula-sd; scripts/deps.sh)"
	start_daemon ""
	run_btape test "Maximum Block Size = 16384" \
		"Hardware End of Medium = no" "Fast Forward Space File = no" \
		"Backward Space Record = no"
	rc=$?
	check_btape test $rc
	grep -q "10000 blocks re-read correctly" "$W/btape.test.log" ||
		fail "btape test: re-read section missing"
	grep -q "We should be in file 3. I am at file 3. This is correct!" \
		"$W/btape.test.log" || fail "btape test: append section"
	grep -q "We should be in file 5. I am at file 5. This is correct!" \
		"$W/btape.test.log" || fail "btape test: forward space section"
	stop_daemon
	# The last section leaves files of 16384-byte blocks, one mark each.
	layout | grep -Eq '^(([0-9]+x)?16384 FM )+EOD$' ||
		fail "layout after test: $(layout)"
	echo "layout after test: $(layout | cut -c1-200)"
}
