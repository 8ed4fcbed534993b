# SPDX-License-Identifier: BSD-2-Clause
#
# guest-cuse-sg.sh - the CUSE and sg checks of the vm label, run inside
# the guest (bash, host userspace, guest kernel) by cuse-sg-checks.sh.
# /mnt is the share; /mnt/env.sh names the build and the 32-bit client.
#
# Three stfused runs on /dev/sg0, in this order (the first must be the
# first user of the tape after boot):
#   1. under strace (SG_IO ioctls only), with -o/-g/-M: unit attention
#      at mount, node owner and mode, records across CUSE's 128 KiB
#      requests, 32-bit ioctls, SG_IO timeouts, reserved buffer;
#   2. close-then-reopen ordering, a SIGKILLed writer's filemark;
#   3. the device deleted through sysfs under an open client.
# Every check prints "PASS name detail" or "FAIL name detail" to
# /mnt/results.txt; the host compares the names with its list.
set -u
. /mnt/env.sh
export LC_ALL=C

STFUSED=$BUILD/fuse/stfused
MTSTAT=$BUILD/tests/vm/sttape-vm-mtstat
LAYOUT=$BUILD/tools/sttape-layout
LIMITS=$BUILD/tests/vm/sttape-vm-sg-limits
STTAPE=$BUILD/tools/sttape
CLIENT64=$BUILD/tests/e2e/e2e_mtio_client
RES=/mnt/results.txt
T=/tmp/cs
mkdir -p $T
: >$RES

check() { # name ok(0/1 as a status) detail...
	local name=$1 st=$2
	shift 2
	if [ "$st" -eq 0 ]; then
		echo "PASS $name $*" >>$RES
	else
		echo "FAIL $name $*" >>$RES
	fi
}

# start_stfused LOG COMMAND...: run it on /dev/sg0; $PID is its pid.
start_stfused() {
	local log=$1
	shift
	"$@" /dev/sg0 >>"$log" 2>&1 &
	PID=$!
	# "serving" is logged once every node exists with its owner and mode.
	for _ in $(seq 300); do
		grep -q ': serving ' "$log" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# stop_stfused PID: SIGTERM, the status within 60 s (124: still running).
stop_stfused() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null
	for i in $(seq 600); do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid"
			return $?
		fi
		sleep 0.1
	done
	return 124
}

layout() { "$LAYOUT" "${1:-/dev/sg0}" 2>&1 | tr '\n' ' ' | sed 's/ *$//'; }

# field NAME TEXT: the value of NAME=... in TEXT.
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2" | head -n 1; }

# ---------------------------------------------------------------- run 1
STRACE=$T/strace.txt
start_stfused /mnt/stfused1.log strace -f --seccomp-bpf -xx -s 64 \
	-e trace=ioctl -o $STRACE "$STFUSED" -f -o daemon -g disk -M 0604
rc=$?
SPID=$PID
sleep 0.2
DPID=$(pgrep -P "$SPID" | head -n 1)
check stfused_start $rc "nodes of the strace'd stfused (pid ${DPID:-?})"

# The guest's first command meets the power-on unit attention; stfused's
# open absorbs it, so the first client open succeeds.
out=$("$MTSTAT" /dev/nrst0 2>&1)
rc=$?
out=$(tr '\n' ' ' <<<"$out")
ua=$(grep -c 'SG_IO.*sbp="\\x[7f][0-3]\\x[0-9a-f][0-9a-f]\\x[0-9a-f]6' $STRACE)
[ $rc -eq 0 ] && [ "$(field fileno "$out")" = 0 ] && [ "$ua" -ge 1 ]
check ua_absorbed_at_mount $? "first open rc=$rc ($out); unit attentions seen by stfused: $ua"

# Owner and mode of all 16 nodes, as -o daemon -g disk -M 0604 asked.
bad=
n=0
for pre in rst nrst erst enrst; do
	for sfx in "" .1 .2 .3; do
		s=$(stat -c '%U:%G:%a:%F' "/dev/$pre"0"$sfx" 2>&1)
		n=$((n + 1))
		[ "$s" = "daemon:disk:604:character special file" ] ||
			bad="$bad $pre"0"$sfx=$s"
	done
done
[ -z "$bad" ]
check node_owner_mode $? "$n nodes daemon:disk:604${bad:+; wrong:$bad}"

# Records across CUSE's 128 KiB requests, written in one open and read
# back exactly in another.  tgt's READ BLOCK LIMITS gives 4 bytes to 1 MiB:
# a 1-byte and a 1 MiB + 1 record are refused and leave nothing behind.
SIZES="4 131071 131072 131073 262145 1048576"
for s in 1 $SIZES 1048577; do head -c "$s" /dev/urandom >$T/w.$s; done
mt -f /dev/nrst0 rewind
{
	for s in 1 $SIZES 1048577; do
		dd if=$T/w.$s bs="$s" count=1 status=none 2>/dev/null
		echo "$s rc=$?" >>$T/wrc
	done
} >/dev/nrst0
wrc=$(tr '\n' ' ' <$T/wrc)
mt -f /dev/nrst0 rewind
bad=
{
	for s in $SIZES; do
		dd of=$T/r.$s bs=2M count=1 status=none
		cmp -s $T/w.$s $T/r.$s || bad="$bad $s(read $(stat -c %s $T/r.$s))"
	done
	# The filemark: a successful read of 0 bytes (dd truncates of=
	# before reading, so an empty file alone proves nothing).
	dd of=$T/r.fm bs=2M count=1 status=none || bad="$bad filemark-read-failed"
} </dev/nrst0
fm=$(stat -c %s $T/r.fm)
exp="1 rc=1 4 rc=0 131071 rc=0 131072 rc=0 131073 rc=0 262145 rc=0 1048576 rc=0 1048577 rc=1 "
[ "$wrc" = "$exp" ] && [ -z "$bad" ] && [ "$fm" = 0 ]
check cuse_record_sizes $? "writes: $wrc; read back:" \
	"${bad:-all exact}; then filemark read=$fm"

# 32-bit MTIOCGET/MTIOCPOS through CUSE give what the 64-bit ones give.
o64=$("$CLIENT64" /dev/nrst0 sizes rew fsf 1 get pos 2>&1)
o32=$("$CLIENT32" /dev/nrst0 sizes rew fsf 1 get pos 2>&1)
c64=$(grep -v sizeof <<<"$o64")
c32=$(grep -v sizeof <<<"$o32")
# (tgt reports no position, so MTIOCPOS is EIO on both.)
[ "$c64" = "$c32" ] && grep -q 'fileno=1 blkno=0' <<<"$c32" &&
	grep -q 'sizeof(long)=8' <<<"$o64" && grep -q 'sizeof(long)=4' <<<"$o32"
check ioctl_32bit $? "64-bit: $(tr '\n' ' ' <<<"$o64")| 32-bit: $(tr '\n' ' ' <<<"$o32")"

# strace exits with its tracee's status.
kill -TERM "$DPID"
wait "$SPID"
rc=$?
check stfused_exit_run1 $rc "status $rc on SIGTERM"

# SG_IO timeouts per command class, as drive.h defines them: REWIND is
# a long operation, READ(6) an I/O, TEST UNIT READY a control command.
hdr_ms() { # macro name: its value, from include/sttape/drive.h
	local e
	e=$(sed -n "s/^#define $1 *(\\(.*\\))$/\\1/p" "$SRC/include/sttape/drive.h")
	echo $((${e//u/}))
}
tmo() { # opcode byte: the distinct timeouts of those SG_IO calls
	grep "SG_IO" $STRACE | grep "cmdp=\"\\\\x$1" |
		sed -n 's/.*timeout=\([0-9]*\).*/\1/p' | sort -u | tr '\n' ' '
}
t_rew=$(tmo 01)
t_read=$(tmo 08)
t_tur=$(tmo 00)
e_rew="$(hdr_ms STTAPE_TMO_LONG_MS) "
e_read="$(hdr_ms STTAPE_TMO_IO_MS) "
e_tur="$(hdr_ms STTAPE_TMO_CONTROL_MS) "
[ "$t_rew" = "$e_rew" ] && [ "$t_read" = "$e_read" ] && [ "$t_tur" = "$e_tur" ]
check sg_io_timeouts $? "REWIND ${t_rew}READ(6) ${t_read}TUR ${t_tur}(ms);" \
	"drive.h: long ${e_rew}io ${e_read}control ${e_tur}"
cp $STRACE /mnt/strace1.txt

# Reserved buffer and transfer limit against the kernel's own figures.
lim=$("$LIMITS" /dev/sg0 2>&1)
desc=$(sed -n "s/^describe=//p" <<<"$lim")
# READ BLOCK LIMITS, maximum in bytes 1..3 (SSC-4 7.6).  Not sg_read_block_limits'
# own decoding: 1.46 folds the granularity byte into the maximum.
rbl=$(sg_read_block_limits -r /dev/sg0 | od -An -tu1 |
	awk '{ print $2 * 65536 + $3 * 256 + $4 }')
sysdev=/sys/class/scsi_generic/sg0/device
tsz=$(cat $sysdev/../../scsi_host/host*/sg_tablesize)
elem=$(cat /sys/module/sg/parameters/scatter_elem_sz)
kmax=$(field kernel_reserve_max "$lim")
drive=$(sed -n 's/.*(drive \([0-9-]*\),.*/\1/p' <<<"$lim")
resv=$(sed -n 's/.*reserved \([0-9-]*\),.*/\1/p' <<<"$lim")
host=$(sed -n 's/.*host \([0-9-]*\),.*/\1/p' <<<"$lim")
tabl=$(sed -n 's/.*sg_tablesize \([0-9-]*\)).*/\1/p' <<<"$lim")
mxt=$(field max_transfer "$lim")
want=$((rbl > 0 ? rbl : 1048576))
want=$((want > 8388608 ? 8388608 : want))
e_resv=$((want < kmax ? want : kmax))
# The queue's max_sectors, as the kernel answers BLKSECTGET on its own.
e_host=$(field kernel_queue_max "$lim")
e_mxt=$((tsz * elem))
[ "$e_host" -gt 0 ] && e_mxt=$((e_host < e_mxt ? e_host : e_mxt))
[ "$e_resv" -lt "$want" ] && e_mxt=$((e_resv < e_mxt ? e_resv : e_mxt))
d_resv=$(sed -n 's/.*SG_GET_RESERVED_SIZE, \[\([0-9]*\)\].*/\1/p' \
	/mnt/strace1.txt | tail -n 1)
[ -n "$rbl" ] && [ "$drive" = "$rbl" ] && [ "$resv" = "$e_resv" ] &&
	[ "$d_resv" = "$e_resv" ] && [ "$host" = "$e_host" ] &&
	[ "$tabl" = "$tsz" ] && [ "$mxt" = "$e_mxt" ]
check sg_limits_discovered $? "$desc; expected drive $rbl (sg_read_block_limits), reserved $e_resv" \
	"(kernel max $kmax, stfused got ${d_resv:-?}), host $e_host," \
	"sg_tablesize $tsz, max transfer $e_mxt (scatter_elem_sz $elem)"

# ---------------------------------------------------------------- run 2
start_stfused /mnt/stfused2.log "$STFUSED" -f
check stfused_start_run2 $? "nodes"

# Raw SCSI through the CUSE node (STTAPE_MTIOCSCSI, a restricted ioctl
# with its data inline): INQUIRY reaches tgt's tape and comes back whole.
inq=$("$STTAPE" -f /dev/nrst0 raw 12 00 00 00 60 00 --in 96 2>&1)
rrc=$?
grep -q 'IET' <<<"$inq" && grep -q 'VIRTUAL-TAPE' <<<"$inq" && [ $rrc -eq 0 ]
check raw_scsi_cuse $? "sttape raw INQUIRY status $rrc: $(tr '\n' ' ' <<<"$inq" | cut -c1-300)"

# A writer closes the rewind node; the next open finds the tape rewound
# and the filemark written.
bad=
for i in 1 2 3; do
	mt -f /dev/nrst0 rewind
	head -c $((1000 * i)) /dev/urandom >$T/c.$i
	dd if=$T/c.$i of=/dev/rst0 bs=$((1000 * i)) count=1 status=none ||
		bad="$bad write$i"
	st=$("$MTSTAT" /dev/nrst0 | head -n 1)
	[ "$(field fileno "$st")" = 0 ] && [ "$(field blkno "$st")" = 0 ] ||
		bad="$bad reopen$i($st)"
	dd if=/dev/nrst0 of=$T/c.r bs=64k count=1 status=none
	cmp -s $T/c.$i $T/c.r || bad="$bad record$i"
	rm -f $T/c.f
	dd if=/dev/nrst0 of=$T/c.f bs=64k count=1 status=none &&
		[ -e $T/c.f ] && [ ! -s $T/c.f ] || bad="$bad filemark$i"
done
[ -z "$bad" ]
check close_reopen_rewound $? "3 rounds of write+close on rst0, reopen nrst0${bad:+; failed:$bad}"

# A writer SIGKILLed in the middle still gets its filemark.
mt -f /dev/nrst0 rewind
dd if=/dev/zero of=/dev/nrst0 bs=64k count=1000 status=none 2>/dev/null &
W=$!
# Kill it once two records are written (wchar counts completed writes).
for _ in $(seq 600); do
	w=$(sed -n 's/^wchar: //p' /proc/$W/io 2>/dev/null)
	[ "${w:-0}" -ge 131072 ] && break
	sleep 0.05
done
kill -KILL $W
wait $W 2>/dev/null
wst=$?
st=$("$MTSTAT" /dev/nrst0 | head -n 1)
stop_stfused "$PID"
rc=$?
lay=$(layout)
[ $wst -eq 137 ] && [ "$(field fileno "$st")" = 1 ] &&
	[ "$(field blkno "$st")" = 0 ] && [ $rc -eq 0 ] && [[ "$lay" =~ ^([0-9]+)x65536\ FM\ EOD$ ]] &&
	[ "${BASH_REMATCH[1]}" -ge 2 ]
check killed_writer_filemark $? "dd status $wst; after kill: $st; stfused exit $rc; layout $lay"

# ---------------------------------------------------------------- run 3
start_stfused /mnt/stfused3.log "$STFUSED" -f
check stfused_start_run3 $? "nodes"
mt -f /dev/nrst0 rewind
exec 3<>/dev/nrst0
head -c 12288 /dev/urandom | dd bs=4096 count=3 iflag=fullblock status=none >&3
pre=$?
echo 1 >/sys/class/scsi_generic/sg0/device/delete
head -c 4096 /dev/urandom | dd bs=4096 count=1 status=none >&3 2>$T/pull.err
post=$?
err=$(tr '\n' ' ' <$T/pull.err)
# The daemon is stopped as systemd's BindsTo= would, the client still in.
stop_stfused "$PID"
rc=$?
exec 3>&-
[ $pre -eq 0 ] && [ $post -ne 0 ] && grep -q 'Input/output error' $T/pull.err
check pull_client_eio $? "write before pull rc=$pre, after pull rc=$post ($err)"
[ $rc -eq 0 ]
check pull_daemon_exit $? "stfused status $rc on SIGTERM after the pull"

# Bring the tape back and read what is on it: the three records only.
for h in /sys/class/scsi_host/host*/scan; do echo '- - -' >"$h"; done
for _ in $(seq 100); do
	[ -e /dev/sg0 ] && break
	sleep 0.1
done
lay=$(layout)
[ "$lay" = "3x4096 EOD" ]
check pull_nothing_after $? "layout after rescan: $lay"
echo done
