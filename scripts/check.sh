#!/usr/bin/env bash
# The test command: install what is missing, build, run every test label.
#
#   build/asan  Debug + ASan/UBSan, warnings fatal: labels unit, vdrive
#   build/rel   RelWithDebInfo, warnings fatal: labels e2e, interop, then
#               vm alone (its QEMU guests use both cores)
#
# Ends with one line: "check: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh || { echo "check: dependency installation failed" >&2; exit 1; }

jobs=$(nproc)
pass=0
fail=0

configure_build() { # dir, extra cmake args...
	local dir=$1
	shift
	cmake -S . -B "$dir" -DSTTAPE_WERROR=ON "$@" >"$dir.configure.log" 2>&1 &&
		cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1 || {
		echo "check: build in $dir failed:" >&2
		tail -n 40 "$dir.configure.log" "$dir.build.log" >&2
		return 1
	}
}

run_labels() { # dir, label regex, parallel jobs
	local dir=$1 labels=$2 log
	log=$(mktemp)
	(cd "$dir" && ctest -L "$labels" --output-on-failure --timeout 900 \
		-j "$3") 2>&1 | tee "$log"
	local p f
	p=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' "$log")
	f=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*(\*\*\*|Failed|Not Run|Timeout|Skipped)' "$log")
	rm -f "$log"
	pass=$((pass + p))
	fail=$((fail + f))
}

mkdir -p build
if configure_build build/asan -DCMAKE_BUILD_TYPE=Debug -DSTTAPE_SANITIZE=ON \
	-DSTTAPE_BUILD_BENCH=OFF; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_labels build/asan 'unit|vdrive' "$jobs"
else
	fail=$((fail + 1))
fi

if configure_build build/rel -DCMAKE_BUILD_TYPE=RelWithDebInfo; then
	run_labels build/rel 'e2e|interop' "$jobs"
	run_labels build/rel 'vm' 1
else
	fail=$((fail + 1))
fi

echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
