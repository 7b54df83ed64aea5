#!/usr/bin/env bash
# The libFuzzer harnesses of tests/fuzz, a short run for CI:
#   scripts/fuzz.sh [SECONDS]
# configures build-fuzz with clang (-DTRANSITD_FUZZ=ON), builds the
# harnesses and runs each for SECONDS (default 10) over its committed corpus,
# as many at once as there are cores. Any finding (a crash, a sanitizer
# report, a broken invariant, a leak, an input slower than 10 s) fails the
# run; its input is kept as build-fuzz/findings/<harness>-crash-<sha1> and
# its report in build-fuzz/logs/<harness>.log. New inputs a run discovers go
# to build-fuzz/corpus/<harness>, never into the committed corpus.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-10}

CC=clang cmake -S . -B build-fuzz -DTRANSITD_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target fuzz -j "$(nproc)" >/dev/null
mkdir -p build-fuzz/findings build-fuzz/logs

run_one() { # harness
	local h=$1 log=build-fuzz/logs/$1.log
	mkdir -p "build-fuzz/corpus/$h"
	if "build-fuzz/tests/fuzz/$h" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="build-fuzz/findings/$h-" "build-fuzz/corpus/$h" \
		"tests/fuzz/corpus/$h" >"$log" 2>&1; then
		echo "fuzz: $h: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") runs" \
			"in ${seconds}s, no finding"
	else
		echo "fuzz: $h: FINDING, see $log and build-fuzz/findings/" >&2
		grep -m 3 -E 'ERROR|invariant broken|SUMMARY' "$log" >&2 || true
		return 1
	fi
}
export -f run_one
export seconds

harnesses=$(find tests/fuzz -maxdepth 1 -name 'fuzz_*.c' ! -name fuzz_support.c -printf '%f\n' |
	sed 's/\.c$//' | sort)
printf '%s\n' $harnesses | xargs -P "$(nproc)" -I{} bash -c 'run_one {}'
