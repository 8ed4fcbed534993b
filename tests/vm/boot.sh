#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# boot.sh URL SHARE SCRIPT - boot the vm label's guest once.
#
# The tape is the iSCSI LUN at URL (tgtd), attached through QEMU's libiscsi
# as a scsi-generic device on a virtio-scsi HBA, so the guest kernel sees
# a real SCSI tape (sg + st).  SCRIPT is copied to SHARE/run.sh and run in
# the guest (see guest-init.sh); its output lands in SHARE/guest.log and
# its status in SHARE/rc, which is this script's exit status.
# Env: STTAPE_VM_CACHE, STTAPE_VM_TIMEOUT (s, default 420), STTAPE_VM_MEM,
# STTAPE_VM_EXPORT (directories to show the guest at the same paths).
# TCG only: KVM is not usable on the machines this runs on.
set -uo pipefail

CACHE=${STTAPE_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sttape-vm}
url=$1 share=$2 script=$3
mkdir -p "$share"
rm -f "$share/rc" "$share/guest.log" "$share/mounts.txt"
cp "$script" "$share/run.sh"

# Directories the guest must see at their own paths (the source and build
# trees): the host root alone does not do, since the guest's /tmp hides
# the host's.  Each is a read-only 9p export, listed for guest-init.sh.
exports=()
i=0
for dir in ${STTAPE_VM_EXPORT:-}; do
	exports+=(-virtfs "local,path=$dir,mount_tag=x$i,security_model=none,readonly=on,id=x$i,multidevs=remap")
	echo "x$i $dir" >>"$share/mounts.txt"
	i=$((i + 1))
done

timeout "${STTAPE_VM_TIMEOUT:-420}" qemu-system-x86_64 \
	-accel tcg,thread=multi -cpu max -m "${STTAPE_VM_MEM:-1G}" -smp 2 \
	-no-reboot -display none -monitor none -serial stdio \
	-kernel "$CACHE/vmlinuz" -initrd "$CACHE/initrd.cpio.gz" \
	-append "console=ttyS0 panic=-1 loglevel=4" \
	-device virtio-scsi-pci,id=scsi0 \
	-drive "file=$url,if=none,id=tape0,format=raw,cache=none" \
	-device scsi-generic,drive=tape0,bus=scsi0.0,channel=0,scsi-id=0,lun=0 \
	-virtfs "local,path=$share,mount_tag=share,security_model=none,id=share" \
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,id=hostroot,multidevs=remap" \
	"${exports[@]}" \
	</dev/null >"$share/console.log" 2>&1
qrc=$?
if [ ! -f "$share/rc" ]; then
	echo "boot: the guest did not finish (qemu status $qrc); console:" >&2
	tail -n 30 "$share/console.log" >&2
	exit 1
fi
exit "$(cat "$share/rc")"
