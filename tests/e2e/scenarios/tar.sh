# GNU tar on the no-rewind node: two archives as two tape files, list,
# extract, append (a third archive after end of data), --verify.
# Sourced by run.sh.

make_tree() { # dir seed
	mkdir -p "$1/sub"
	head -c 100000 /dev/urandom >"$1/big.bin"
	echo "file $2" >"$1/small.txt"
	head -c 5000 /dev/urandom >"$1/sub/nested.bin"
}

scenario_tar() {
	start_daemon "profile=lto,capacity=64M"
	make_tree "$W/one" 1
	make_tree "$W/two" 2
	make_tree "$W/three" 3
	tar -cf "$T" -C "$W" one || fail "tar -c one"
	tar -cf "$T" -C "$W" two || fail "tar -c two"
	mt -f "$T" rewind
	tar -tf "$T" | sort >"$W/list1" || fail "tar -t one"
	(cd "$W" && find one | sort) | diff - <(sed 's,/$,,' "$W/list1") ||
		fail "listing of archive 1"
	# tar -t stops before the filemark (BSD close): skip it.
	mt -f "$T" fsf 1 || fail "fsf to archive 2"
	mkdir "$W/x"
	tar -xf "$T" -C "$W/x" || fail "tar -x two"
	diff -r "$W/two" "$W/x/two" || fail "extracted tree differs"
	# Append: a new archive after the end of data, then read all three.
	mt -f "$T" rewind
	mt -f "$T" eod || fail eod
	tar -cf "$T" -C "$W" three || fail "tar -c three"
	# The no-rewind closes left two filemarks at the end of data (seed):
	# the end of data is after both, so archive 3 is file 3.
	mt -f "$T" rewind
	mt -f "$T" fsf 3
	mkdir "$W/y"
	tar -xf "$T" -C "$W/y" || fail "tar -x three"
	diff -r "$W/three" "$W/y/three" || fail "appended tree differs"
	# --verify: tar writes, MTBSF (implicit filemark, count + 1), reads
	# the archive back and compares.  At BOT tar would fall back to
	# lseek(0), which a FUSE-mount node refuses (ESPIPE): see stfused(8).
	mt -f "$T" eod
	tar -cWf "$T" -C "$W" one >"$W/verify.log" 2>&1 || {
		cat "$W/verify.log"
		fail "tar --verify"
	}
	# "Cannot seek" would mean tar skipped the verification.
	grep -qi "differ\|contents\|cannot seek" "$W/verify.log" &&
		fail "verify: $(cat "$W/verify.log")"
	stop_daemon
	# 10240-byte records (tar -b 20); archive sizes are fixed by the trees.
	layout | grep -Eq '^([0-9]+x)?10240 FM ([0-9]+x)?10240 FM FM ([0-9]+x)?10240 FM FM ([0-9]+x)?10240 FM FM EOD$' ||
		fail "layout: $(layout)"
	echo "layout ok: $(layout)"
}
