# Service behaviour: one open per drive (EBUSY), close-then-reopen order,
# a SIGKILLed writer still gets its filemark, SIGTERM to the daemon
# mid-session leaves a consistent cartridge, 32-bit mtio callers.
# Sourced by run.sh.

scenario_open_order() {
	local t0 t1
	# Every command takes 300 ms, so close (filemark + rewind) is slow.
	start_daemon "profile=lto,capacity=64M,delay_ms=300"
	# A holder keeps nrst0 open; any node of the drive is then busy.
	sleep 5 >"$T" &
	local holder=$!
	sleep 1.5
	mt -f "$MNT/rst0" status 2>"$W/err" && fail "second open succeeded"
	grep -q "Device or resource busy" "$W/err" || fail "second open: $(cat "$W/err")"
	mt -f "$T" status 2>"$W/err" && fail "second open of the same node succeeded"
	grep -q "Device or resource busy" "$W/err" || fail "same node: $(cat "$W/err")"
	kill "$holder"
	wait "$holder" 2>/dev/null
	# close(2) of a FUSE file returns before RELEASE is done; the next
	# open must still wait behind its filemark and rewind.
	random_file "$W/rec" 4096
	dd if="$W/rec" of="$MNT/rst0" bs=4096 status=none || fail "write rst0"
	t0=$(date +%s%N)
	dd if="$MNT/rst0" of="$W/back" bs=64k count=1 status=none || fail "reopen read"
	t1=$(date +%s%N)
	cmp "$W/rec" "$W/back" || fail "reopen did not start at BOT after the rewind"
	echo "reopen waited $(((t1 - t0) / 1000000)) ms behind the release"
	stop_daemon
	expect_layout "4096 FM FM EOD"
}

scenario_kill_client() {
	local dd_pid n
	start_daemon "profile=lto,capacity=256M,delay_ms=20"
	dd if=/dev/zero of="$T" bs=64k status=none 2>/dev/null &
	dd_pid=$!
	sleep 1.5
	kill -KILL "$dd_pid"
	wait "$dd_pid" 2>/dev/null
	# The release of the killed writer runs in the drive's queue.
	mt -f "$T" status >/dev/null || fail "drive unusable after the kill"
	expect_pos 1 0
	stop_daemon
	layout | grep -Eq '^[0-9]+x65536 FM FM EOD$' || fail "layout: $(layout)"
	n=$(layout | sed 's/x.*//')
	[ "$n" -gt 3 ] || fail "only $n records written"
	echo "layout ok: $(layout)"
}

scenario_sigterm() {
	local dd_pid rc
	start_daemon "profile=lto,capacity=256M,delay_ms=20"
	random_file "$W/first" 10240
	dd if="$W/first" of="$T" bs=10240 status=none || fail "first file"
	dd if=/dev/zero of="$T" bs=64k status=none 2>"$W/dd.err" &
	dd_pid=$!
	sleep 1.5
	stop_daemon
	wait "$dd_pid"
	rc=$?
	[ "$rc" -ne 0 ] || fail "writer did not notice the daemon going away"
	# File 0 intact, file 1 the records written, with its filemarks.
	layout | grep -Eq '^10240 FM [0-9]+x65536 FM FM EOD$' || fail "layout: $(layout)"
	echo "layout ok: $(layout)"
	# The cartridge is usable again by a new daemon.
	start_daemon "profile=lto"
	mt -f "$T" fsf 1 || fail "fsf on restart"
	expect_pos 1 0
	stop_daemon
}

scenario_mtio32() {
	local c32=$W/client32 out64 out32
	gcc -m32 -O1 -o "$c32" "$E2E_MTIO_SRC" || fail "gcc -m32 (gcc-multilib)"
	start_daemon "profile=lto,capacity=64M"
	"$E2E_MTIO_CLIENT" "$T" write 1000 write 1000 weof 1 write 1000 ||
		fail "64-bit client writes"
	"$E2E_MTIO_CLIENT" "$T" sizes | grep -q "sizeof(long)=8 sizeof(struct mtget)=48" ||
		fail "64-bit client sizes"
	"$c32" "$T" sizes | grep -q "sizeof(long)=4 sizeof(struct mtget)=28" ||
		fail "32-bit client is not 32-bit"
	"$c32" "$T" rew fsf 1 >/dev/null || fail "32-bit MTIOCTOP"
	out64=$("$E2E_MTIO_CLIENT" "$T" get pos) || fail "64-bit get"
	"$E2E_MTIO_CLIENT" "$T" rew fsf 1 >/dev/null
	out32=$("$c32" "$T" get pos) || fail "32-bit get: $out32"
	echo "64: $out64"
	echo "32: $out32"
	[ "$out32" = "$out64" ] || fail "32-bit and 64-bit callers disagree"
	echo "$out32" | grep -q "type=0x72 .*fileno=1 blkno=0" || fail "MTIOCGET fields: $out32"
	# Records 0, 1, FM (its own block position), then file 1.
	echo "$out32" | grep -q "^blkno=3$" || fail "MTIOCPOS: $out32"
	stop_daemon
	expect_layout "2x1000 FM 1000 FM FM EOD"
}

# A client killed (SIGTERM) while its request waits behind a slow
# close gets its answer at once: the reader thread is never blocked on
# the tape, and a queued request is answered EINTR.  Then a rewind the
# drive takes 8 s for (IMMED, polled): SIGINT to its caller ends the
# ioctl with EINTR at once, and the next request waits for the drive
# and finds the head at BOT.
scenario_interrupt() {
	local pid t0 t1 ms
	# 400 ms per command: the close of rst0 (filemark, rewind) and the
	# next open take seconds.
	start_daemon "profile=lto,capacity=64M,delay_ms=400"
	random_file "$W/rec" 4096
	dd if="$W/rec" of="$MNT/rst0" bs=4096 status=none || fail "write rst0"
	# A fatal signal still waits for the answer to a request the daemon
	# has read (frontends.md 1.5): only an EINTR answer frees mt.  (SIGINT
	# would be ignored by a background job of a script.)
	mt -f "$MNT/rst0" status >/dev/null 2>&1 &
	pid=$!
	sleep 0.3
	t0=$(date +%s%N)
	kill -TERM "$pid"
	# mt must have been cut short, not have finished before the signal.
	wait "$pid" && fail "mt status finished before it was interrupted"
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	echo "the interrupted open returned after $ms ms"
	[ "$ms" -lt 1000 ] || fail "interrupted client waited $ms ms"
	# The drive went on in order: the filemark and rewind were done.
	mt -f "$T" status | grep -q "File number=0, block number=0" ||
		fail "after the interrupt: $(mt -f "$T" status | head -2)"
	stop_daemon
	expect_layout "4096 FM FM EOD"
	interrupt_rewind
}

# intr_rewind: an e2e_mtio_client MTREW on $T, SIGINT once it is under
# way; fails unless the ioctl ends with EINTR within 2 s of the signal.
intr_rewind() {
	local pid t0 t1 ms i
	"$E2E_MTIO_CLIENT" "$T" intr-rew >"$W/intr.out" 2>&1 &
	pid=$!
	# The open may wait for the drive (a close's SPACE, a rewind).
	for i in $(seq 300); do
		grep -q rewinding "$W/intr.out" && break
		sleep 0.1
	done
	grep -q rewinding "$W/intr.out" || fail "intr-rew: $(cat "$W/intr.out")"
	sleep 0.5
	t0=$(date +%s%N)
	kill -INT "$pid"
	wait "$pid"
	t1=$(date +%s%N)
	cat "$W/intr.out"
	grep -q "^rew: Interrupted system call" "$W/intr.out" ||
		fail "interrupted rewind: $(cat "$W/intr.out")"
	ms=$(((t1 - t0) / 1000000))
	echo "the interrupted rewind returned $ms ms after SIGINT"
	[ "$ms" -lt 2000 ] || fail "interrupted rewind waited $ms ms"
}

interrupt_rewind() {
	local t0 t1 ms
	start_daemon "profile=lto,capacity=64M,long_ms=8000"
	"$E2E_MTIO_CLIENT" "$T" write 4096 write 4096 || fail "write"
	intr_rewind
	# The next request waits for the drive: BOT, not NOT READY.
	t0=$(date +%s%N)
	expect_pos 0 0
	expect_status_bit BOT
	t1=$(date +%s%N)
	echo "mt status waited $(((t1 - t0) / 1000000)) ms for the drive"
	# The worker itself stopped waiting: a SIGTERM right after another
	# interrupted rewind is served at once, not after the drive's 8 s.
	intr_rewind
	t0=$(date +%s%N)
	stop_daemon
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	echo "stfused exited $ms ms after SIGTERM"
	[ "$ms" -lt 3000 ] || fail "the worker was still waiting: exit took $ms ms"
	expect_layout "2x4096 FM FM EOD"
}

# --early-warning: on (default), a write at early warning comes back short
# and the next one writes nothing (dd: "No space left on device"); off,
# early warning is an I/O error (EIO).  Both leave a readable cartridge.
scenario_early_warning() {
	start_daemon "profile=lto,capacity=4M,ew=1M"
	dd if=/dev/zero of="$T" bs=64k 2>"$W/on.err" && fail "dd filled no end (on)"
	grep -q "No space left on device" "$W/on.err" || fail "early warning on: $(cat "$W/on.err")"
	stop_daemon
	layout | grep -Eq '^[0-9]+x65536 FM FM EOD$' || fail "layout (on): $(layout)"
	echo "on:  $(layout)"
	rm -f "$IMG"
	start_daemon "profile=lto,capacity=4M,ew=1M" --early-warning off
	dd if=/dev/zero of="$T" bs=64k 2>"$W/off.err" && fail "dd filled no end (off)"
	grep -q "Input/output error" "$W/off.err" || fail "early warning off: $(cat "$W/off.err")"
	stop_daemon
	layout | grep -Eq '^[0-9]+x65536 FM FM EOD$' || fail "layout (off): $(layout)"
	echo "off: $(layout)"
}
