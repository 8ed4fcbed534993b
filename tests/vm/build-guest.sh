#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# build-guest.sh - kernel + initramfs for the vm label's QEMU guest.
#
# The guest is Debian's own kernel (a linux-image package, downloaded and
# unpacked, never installed) with an initramfs holding busybox, the SCSI
# tape stack modules (virtio_scsi, sg, st), fuse, cuse and 9p.  Everything
# else the tests run comes from the host's root, shared read-only over 9p
# and entered with `hostchroot` (see guest-init.sh), so the guest runs the
# host's build of stfused and the host's mt, tar and dd against a real
# kernel SCSI stack.
#
# Output in $STTAPE_VM_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/sttape-vm):
#   vmlinuz, initrd.cpio.gz, stamp (what they were built from).
# Rebuilds only when the kernel version or this directory's scripts change.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${STTAPE_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sttape-vm}
MODS="virtio_pci virtio_scsi sg st fuse cuse 9pnet_virtio 9p"

die() {
	echo "build-guest: $*" >&2
	exit 1
}

# The kernel the linux-image-amd64 metapackage points at today.
kernel_version() {
	local pkg
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[ -n "$pkg" ] || die "cannot resolve linux-image-amd64 (run apt-get update)"
	echo "${pkg#linux-image-}"
}

fetch_kernel() { # kver
	local kver=$1 root=$CACHE/kernel-$1
	if [ ! -f "$root/boot/vmlinuz-$kver" ]; then
		mkdir -p "$CACHE/debs"
		(cd "$CACHE/debs" && apt-get download -q "linux-image-$kver" >&2) ||
			die "apt-get download linux-image-$kver failed"
		rm -rf "$root.tmp"
		dpkg-deb -x "$CACHE"/debs/linux-image-"$kver"_*.deb "$root.tmp"
		# The package ships no modules.dep; depmod builds it.
		depmod -b "$root.tmp" "$kver"
		rm -rf "$root" && mv "$root.tmp" "$root"
	fi
	echo "$root"
}

# Module files for $MODS, dependencies first, relative to the module dir.
module_list() { # kroot kver
	local m
	for m in $MODS; do
		modprobe -d "$1" -S "$2" --show-depends "$m" |
			awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | sed "s|^$1/lib/modules/$2/||"
}

stage_initramfs() { # kroot kver stage
	local kroot=$1 kver=$2 stage=$3 rel a
	rm -rf "$stage"
	mkdir -p "$stage"/{usr/bin,proc,sys,dev,tmp,run,mnt/host,host,etc,root}
	ln -s usr/bin "$stage/bin"
	ln -s usr/bin "$stage/sbin"
	cp /bin/busybox "$stage/usr/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -sf busybox "$stage/usr/bin/$a"
	done
	module_list "$kroot" "$kver" >"$stage/etc/modules.load"
	while read -r rel; do
		mkdir -p "$stage/lib/modules/$kver/$(dirname "$rel")"
		cp "$kroot/lib/modules/$kver/$rel" "$stage/lib/modules/$kver/$rel"
	done <"$stage/etc/modules.load"
	echo "$kver" >"$stage/etc/kver"
	install -m 755 "$HERE/guest-init.sh" "$stage/init"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
	echo 'root:x:0:' >"$stage/etc/group"
}

main() {
	local kver kroot stamp
	for t in busybox modprobe depmod cpio qemu-system-x86_64; do
		command -v "$t" >/dev/null || die "missing $t (scripts/deps.sh installs it)"
	done
	file -L /bin/busybox | grep -q 'statically linked' ||
		die "/bin/busybox is not static (package busybox-static)"
	mkdir -p "$CACHE"
	kver=$(kernel_version)
	stamp="$kver $(cat "$HERE/build-guest.sh" "$HERE/guest-init.sh" | sha256sum | cut -c1-16)"
	if [ -f "$CACHE/stamp" ] && [ "$(cat "$CACHE/stamp")" = "$stamp" ] &&
		[ -f "$CACHE/vmlinuz" ] && [ -f "$CACHE/initrd.cpio.gz" ]; then
		echo "build-guest: cached ($stamp)"
		return 0
	fi
	kroot=$(fetch_kernel "$kver")
	stage_initramfs "$kroot" "$kver" "$CACHE/stage"
	(cd "$CACHE/stage" && find . -print0 | cpio --null -o -H newc --quiet) |
		gzip -1 >"$CACHE/initrd.cpio.gz.tmp"
	mv "$CACHE/initrd.cpio.gz.tmp" "$CACHE/initrd.cpio.gz"
	cp "$kroot/boot/vmlinuz-$kver" "$CACHE/vmlinuz"
	echo "$stamp" >"$CACHE/stamp"
	echo "build-guest: kernel $kver, initramfs $(du -h "$CACHE/initrd.cpio.gz" | cut -f1)"
}

main "$@"
