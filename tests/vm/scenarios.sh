# SPDX-License-Identifier: BSD-2-Clause
#
# scenarios.sh - client scenarios for the vm label, sourced by guest.sh.
#
# Each scenario drives one tape node with real programs (mt-st, dd, GNU
# tar).  Every step prints one line:
#   <scenario> <step> <command> rc=<status> <MTIOCGET fields> [out=<sha>]
# so two runs (kernel st, stfused) can be compared line by line.  Every
# scenario starts at the beginning of the tape and writes first, so the
# cartridge left by the previous scenario does not matter.
#
# Needs: $N (no-rewind node), $R (rewind node), $MTSTAT (mtstat tool).

SCEN=
STEP=0

# step CMD...: run CMD, print its status and the node's status after it.
step() {
	local rc out cmd="$*"
	STEP=$((STEP + 1))
	cmd=${cmd//$N/TAPE}
	cmd=${cmd//$R/RTAPE}
	# The command's own status: PIPESTATUS after $(...) would be the
	# assignment's, so the subshell exits with it.
	out=$(
		"$@" 2>/dev/null | sha256sum | cut -c1-12
		exit "${PIPESTATUS[0]}"
	)
	rc=$?
	printf '%s %02d %s rc=%s %s out=%s\n' "$SCEN" "$STEP" "$cmd" "$rc" \
		"$("$MTSTAT" "$N" | tr '\n' ' ')" "$out"
}

# scenario NAME: start a scenario at the beginning of the tape.
scenario() {
	SCEN=$1
	STEP=0
	mt -f "$N" rewind
}

# A record of SIZE bytes with reproducible contents.
rec() { yes "$2" | head -c "$1"; }
wrec() { rec "$1" "$2" | dd of="$N" bs="$1" count=1 iflag=fullblock status=none; }
rrec() { dd if="$N" bs="${1:-1048576}" count=1 status=none; }

sc_status_bot() {
	scenario status-bot
	step wrec 512 z
	step mt -f "$N" rewind
	step mt -f "$N" status
}

sc_read_filemark() {
	scenario read-filemark
	step wrec 1024 a
	step mt -f "$N" weof 1
	step wrec 2048 b
	step mt -f "$N" weof 1
	step mt -f "$N" rewind
	step rrec
	step rrec
	step rrec
	step rrec
}

sc_fsf_bsf() {
	scenario fsf-bsf
	step wrec 1024 a
	step wrec 2048 b
	step mt -f "$N" weof 1
	step wrec 3072 c
	step mt -f "$N" weof 1
	step wrec 4096 d
	step mt -f "$N" weof 1
	step mt -f "$N" rewind
	step mt -f "$N" fsf 2
	step rrec
	step mt -f "$N" bsf 2
	step rrec
	step rrec
}

sc_fsr_bsr() {
	scenario fsr-bsr
	# Five records in one open: no filemark between them.
	step sh -c "for i in 1 2 3 4 5; do yes \$i | head -c 1024; done | dd of=$N bs=1024 count=5 iflag=fullblock status=none"
	step mt -f "$N" rewind
	step mt -f "$N" fsr 3
	step rrec
	step mt -f "$N" bsr 2
	step rrec
	step mt -f "$N" fsr 1
	step rrec
	step rrec
}

sc_record_sizes() {
	scenario record-sizes
	for s in 1 512 65536 131073 1048576; do step wrec "$s" "s$s"; done
	step mt -f "$N" weof 1
	step mt -f "$N" rewind
	for s in 1 512 65536 131073 1048576; do step rrec; done
	step rrec
}

sc_small_read() {
	scenario small-read
	step wrec 65536 x
	step mt -f "$N" weof 1
	step mt -f "$N" rewind
	step rrec 512
	step rrec
}

sc_fixed_blocks() {
	scenario fixed-blocks
	step mt -f "$N" setblk 512
	step dd if=/dev/zero of="$N" bs=4096 count=2 status=none
	step mt -f "$N" weof 1
	step mt -f "$N" rewind
	step rrec 1024
	step rrec 16384
	step rrec 512
	step mt -f "$N" setblk 0
}

sc_append_eod() {
	scenario append-eod
	step wrec 1000 a
	step wrec 1000 b
	step mt -f "$N" rewind
	step mt -f "$N" eod
	step wrec 3000 c
	step mt -f "$N" rewind
	step rrec
	step rrec
	step rrec
}

sc_rewind_node() {
	scenario rewind-node
	step sh -c "yes r | head -c 10240 | dd of=$R bs=10240 iflag=fullblock status=none"
	step rrec
	step rrec
}

sc_tar_two_files() {
	scenario tar-two-files
	step tar -cf "$N" -b 20 -C /usr/share/doc tar
	step tar -cf "$N" -b 20 -C /usr/share/doc bash
	step mt -f "$N" rewind
	step tar -tf "$N" -b 20
	step mt -f "$N" fsf 1
	step tar -tf "$N" -b 20
}

sc_cpio() {
	scenario cpio
	step sh -c "cd /usr/share/doc/tar && find . | sort | cpio -o -H newc --quiet -O $N"
	step mt -f "$N" rewind
	step sh -c "cpio -it --quiet -I $N | sort"
}

sc_compression() {
	scenario compression
	step mt -f "$N" compression 1
	step wrec 4096 c
	step mt -f "$N" compression 0
	step wrec 4096 d
	step mt -f "$N" rewind
	step rrec
	step rrec
	step rrec
}

sc_tell_seek() {
	scenario tell-seek
	step wrec 512 a
	step wrec 512 b
	step mt -f "$N" tell
	step mt -f "$N" seek 1
}

SCENARIOS="status_bot read_filemark fsf_bsf fsr_bsr record_sizes small_read
fixed_blocks append_eod rewind_node tar_two_files cpio compression
tell_seek"
