#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# install-and-consume.sh - install the build into a scratch prefix, then
# build and run a program against it twice: with find_package(sttape)
# (target sttape::sttape) and with pkg-config (libsttape).  Checks that
# the headers, the shared library, the CMake package and the .pc file
# are installed and usable from outside the tree.
set -euo pipefail
BUILD=${STTAPE_BUILD_DIR:?}
HERE=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$BUILD" --prefix "$work/prefix" >"$work/install.log"
for f in include/sttape/sttape.h include/sttape/version.h; do
	[ -f "$work/prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
libdir=$(dirname "$(find "$work/prefix" -name 'libsttape.so' | head -n 1)")
[ -n "$libdir" ] || { echo "libsttape.so not installed"; exit 1; }

# The static archive exports the same names as the shared library.
leaks=$(nm -g --defined-only "$libdir/libsttape.a" |
	awk 'NF == 3 && $3 !~ /^sttape_/ { print $3 }')
[ -z "$leaks" ] || { echo "libsttape.a exports non-sttape_ names:" $leaks; exit 1; }

# A sanitizer build of the library needs its consumers built the same way.
san=
# (ldd's output is taken whole: grep -q closing the pipe early would fail
# the pipeline under pipefail.)
deps=$(ldd "$libdir/libsttape.so")
case "$deps" in *libasan*) san="-fsanitize=address,undefined" ;; esac

# 1. CMake package.
mkdir -p "$work/cm"
cp "$HERE/consumer.c" "$work/cm/"
cp "$HERE/CMakeLists.consumer.txt" "$work/cm/CMakeLists.txt"
cmake -S "$work/cm" -B "$work/cm/b" -DCMAKE_PREFIX_PATH="$work/prefix" \
	-DCMAKE_C_FLAGS="$san" \
	>"$work/cm.log" 2>&1 || { cat "$work/cm.log"; exit 1; }
cmake --build "$work/cm/b" >>"$work/cm.log" 2>&1 || { cat "$work/cm.log"; exit 1; }
LD_LIBRARY_PATH=$libdir "$work/cm/b/consumer"

# 2. pkg-config.
export PKG_CONFIG_PATH=$libdir/pkgconfig
cc $san -o "$work/pc" "$HERE/consumer.c" $(pkg-config --cflags --libs libsttape)
LD_LIBRARY_PATH=$libdir "$work/pc"
echo "package: CMake and pkg-config consumers built and ran"
