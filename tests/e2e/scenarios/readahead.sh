# read_ahead: stfused reads the next record while its client takes one,
# and nobody may be able to tell.  The same pseudo-random mix of reads of
# many sizes, status and position queries, spacing both ways, rewinds,
# reopens and the odd write (tests/e2e/ra_client.c) runs against a daemon
# with read-ahead and one without, each on its own copy of one cartridge:
# transcripts and final cartridges must be identical.  Then the one
# thing read-ahead must undo most often: a no-rewind close in mid-file.
# Sourced by run.sh.

# ra_file SIZE...: one tape file, one record of each size (one open).
ra_file() {
	local s
	for s in "$@"; do
		head -c "$s" /dev/urandom >"$W/r.$s"
	done
	{
		for s in "$@"; do
			dd if="$W/r.$s" bs="$s" count=1 status=none || exit 1
		done
	} >"$T" || fail "writing records $*"
}

# ra_run on|off SEED: the client on a fresh copy of the cartridge.
ra_run() {
	cp "$W/base.img" "$W/$1.img"
	IMG=$W/$1.img E2E_LOG_LEVEL=debug start_daemon "profile=lto" --read-ahead "$1"
	"$E2E_RA_CLIENT" "$T" "$2" 400 >"$W/$1.$2.out" || fail "client ($1)"
	stop_daemon
	IMG=$W/$1.img layout >"$W/$1.$2.layout" || fail "layout ($1)"
}

scenario_read_ahead() {
	local s seed
	# Files of records of many sizes (one open each), an empty file.
	start_daemon "profile=lto,capacity=256M"
	ra_file 512 10240 65536 131072 131073
	ra_file 262144 300000 1048576 3000000
	mt -f "$T" weof 1 || fail weof
	ra_file 10240 10240 10240 65536 65536 512
	stop_daemon
	expect_layout "512 10240 65536 131072 131073 FM 262144 300000 1048576 3000000 FM FM 3x10240 2x65536 512 FM FM EOD"
	cp "$IMG" "$W/base.img"
	for seed in 1 2 3 4 5 6; do
		ra_run on "$seed"
		ra_run off "$seed"
		cmp -s "$W/on.$seed.out" "$W/off.$seed.out" ||
			fail "seed $seed: transcripts differ: $(diff "$W/off.$seed.out" "$W/on.$seed.out" | head -5)"
		cmp -s "$W/on.$seed.layout" "$W/off.$seed.layout" ||
			fail "seed $seed: cartridges differ: $(cat "$W/off.$seed.layout") / $(cat "$W/on.$seed.layout")"
		grep -q "^[0-9]* read [0-9]*: [1-9]" "$W/on.$seed.out" ||
			fail "seed $seed: no read returned data"
	done
	# The read-ahead really ran: the daemon spaced back at least once,
	# and never failed to.
	grep -q "read-ahead taken back" "$LOG" || fail "no read-ahead was taken back (log)"
	grep -q "read-ahead: SPACE back" "$LOG" && fail "a SPACE back failed: $(grep "read-ahead: SPACE back" "$LOG" | head -1)"
	# Mid-file no-rewind close: the next open reads the next record.
	start_daemon "profile=lto"
	dd if="$T" of=/dev/null bs=64k count=2 status=none || fail "dd 2"
	expect_pos 0 2
	dd if="$T" of="$W/third" bs=64k count=1 status=none || fail "dd 3rd"
	[ "$(stat -c %s "$W/third")" = 65536 ] || fail "third record: $(stat -c %s "$W/third") bytes"
	expect_pos 0 3
	stop_daemon
}
