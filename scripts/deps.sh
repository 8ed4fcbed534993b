#!/usr/bin/env bash
# Install, from Debian 12's packages, whatever sttape's build, tests and
# demo need and this machine lacks.  Safe to run again: it only calls
# apt-get when a package is missing.  Run as root (or with sudo).
set -euo pipefail

PACKAGES=(
	# build
	build-essential cmake pkg-config
	libsgutils2-dev sg3-utils libiscsi-dev libinih-dev
	libfuse3-dev fuse3 libsystemd-dev libcap-ng-dev
	# unit and vdrive tests
	libcmocka-dev
	# e2e: the real programs that drive the nodes
	mt-st tar cpio coreutils gcc-multilib bacula-sd
	# interop: tgtd's virtual tape over iSCSI
	tgt libiscsi-bin
	# man page lint
	mandoc
	# vm: a QEMU guest with Debian's kernel and a real SCSI tape stack
	qemu-system-x86 qemu-block-extra busybox-static kmod file strace
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
# Daemons in these packages (tgt, bacula-sd) must not start at install:
# the tests start their own, on private ports.
policy=/usr/sbin/policy-rc.d
added_policy=
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod +x "$policy"
	added_policy=1
fi
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
[ -n "$added_policy" ] && $SUDO rm -f "$policy"
exit 0
