#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# /init of the vm label's guest (busybox sh).  It loads the SCSI tape
# stack, mounts the host's root read-only on /host and the writable share
# on /mnt/host (both 9p), waits for the tape's sg and st nodes, then runs
# the share's run.sh with bash inside a chroot of the host's root, where
# the share appears as /mnt and /dev, /proc, /sys are the guest's.  The
# script's status is written to the share as "rc" and the guest powers off.
export PATH=/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm

kver=$(cat /etc/kver)
while read -r m; do
	insmod "/lib/modules/$kver/$m" || echo "guest: insmod $m failed"
done </etc/modules.load

opts=trans=virtio,version=9p2000.L,msize=524288
mount -t 9p -o "$opts,cache=none" share /mnt/host || echo "guest: no share"
# The host root is read-only and does not change during a run: let the
# guest cache it, so each exec does not fetch binaries over 9p again.
mount -t 9p -o "$opts,ro,cache=loose" hostroot /host || echo "guest: no host root"

# SCSI scanning is asynchronous: wait up to 20 s for the tape.
i=0
while [ $i -lt 200 ] && ! { [ -e /dev/nst0 ] && [ -e /dev/sg0 ]; }; do
	sleep 0.1
	i=$((i + 1))
done
echo "guest: devices: $(ls /dev | grep -E '^(sg|n?st|cuse|fuse)' | tr '\n' ' ')"

for d in proc sys dev tmp run; do
	mount --bind "/$d" "/host/$d"
done
mount --bind /mnt/host /host/mnt
# The exported trees, at their host paths (under /tmp too).
if [ -f /mnt/host/mounts.txt ]; then
	while read -r tag dir; do
		mkdir -p "/host$dir" 2>/dev/null
		mount -t 9p -o "$opts,ro,cache=loose" "$tag" "/host$dir" ||
			echo "guest: cannot mount $dir"
	done </mnt/host/mounts.txt
fi
rc=1
if [ -f /mnt/host/run.sh ]; then
	chroot /host /usr/bin/env -i HOME=/root TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash /mnt/run.sh >/mnt/host/guest.log 2>&1
	rc=$?
fi
echo "$rc" >/mnt/host/rc
echo "guest: run.sh rc=$rc"
sync
poweroff -f
