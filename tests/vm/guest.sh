# SPDX-License-Identifier: BSD-2-Clause
#
# guest.sh - the vm label's run inside the guest (bash, host userspace,
# guest kernel).  /mnt is the share; /mnt/env.sh names the build.
#
# For every scenario: run it on the kernel st driver's /dev/nst0, read
# the tape layout back through /dev/sg0; then run it on stfused's
# /dev/nrst0 (stfused on /dev/sg0 with CUSE nodes, started per scenario
# and stopped with SIGTERM), and read the layout back the same way.
# Results: /mnt/st.txt and /mnt/stfused.txt.
set -u
. /mnt/env.sh
. "$SRC/tests/vm/scenarios.sh"

layout() { # label
	printf '%s layout %s\n' "$1" "$("$LAYOUT" /dev/sg0 2>&1 | tr '\n' ' ')"
}

# The first command after boot meets a power-on unit attention.
mt -f /dev/nst0 status >/dev/null 2>&1

run_st() {
	N=/dev/nst0 R=/dev/st0
	for s in $SCENARIOS; do
		"sc_$s"
		layout "$SCEN"
	done
}

start_stfused() {
	"$BUILD/fuse/stfused" -f /dev/sg0 >>/mnt/stfused.log 2>&1 &
	STFUSED=$!
	for _ in $(seq 100); do
		[ -e /dev/nrst0 ] && return 0
		sleep 0.1
	done
	echo "stfused did not create /dev/nrst0" >&2
	return 1
}

stop_stfused() {
	local rc=0
	kill -TERM "$STFUSED"
	wait "$STFUSED" || rc=$?
	printf '%s stfused exit=%s\n' "$SCEN" "$rc"
}

run_stfused() {
	N=/dev/nrst0 R=/dev/rst0
	for s in $SCENARIOS; do
		start_stfused || return 1
		"sc_$s"
		stop_stfused
		layout "$SCEN"
	done
}

MTSTAT=$BUILD/tests/vm/sttape-vm-mtstat
LAYOUT=$BUILD/tools/sttape-layout
run_st >/mnt/st.txt 2>&1
rmmod st 2>/dev/null
run_stfused >/mnt/stfused.txt 2>&1
echo done
