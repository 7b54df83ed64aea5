#!/usr/bin/env bash
# Line coverage of core/ by the unit tests.
#   scripts/coverage.sh [MIN_PERCENT]   (default 95)
# Configures build-coverage/ (gcov instrumentation, warnings as errors),
# builds only the unit test executables, runs `ctest -L unit`, then reports
# the line coverage of core/*.c (HTML in build-coverage/coverage-html/).
# Exits non-zero when a test fails or core line coverage is below MIN_PERCENT.
set -euo pipefail

min=${1:-95}
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-coverage"
cd "$root"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
	-DTRANSITD_COVERAGE=ON -DTRANSITD_WERROR=ON -DTRANSITD_SANITIZE=OFF >/dev/null

# Only the unit tests: the daemon is not needed to measure core/.
targets=()
for src in tests/unit/test_*.c; do
	targets+=("$(basename "$src" .c)")
done
# ctest -L unit also runs field_limits, which reads api_limits[] through it.
targets+=(limits_dump)
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

# Counters from an earlier run would inflate the figure.
lcov --quiet --zerocounters --directory "$build"
ctest --test-dir "$build" -L unit --output-on-failure

lcov --quiet --capture --directory "$build" --output-file "$build/coverage-all.info"
lcov --quiet --extract "$build/coverage-all.info" "$root/core/*.c" \
	--output-file "$build/coverage-core.info"
genhtml --quiet --output-directory "$build/coverage-html" "$build/coverage-core.info"

# Per-file lines (LF: found, LH: hit), then the total.
awk -F: -v min="$min" '
	/^SF:/ { file = $2; sub(".*/", "", file) }
	/^LF:/ { found[file] = $2; tf += $2 }
	/^LH:/ { hit[file] = $2; th += $2 }
	END {
		for (f in found)
			printf "  %-12s %6.2f%% (%d of %d lines)\n", f,
				found[f] ? 100 * hit[f] / found[f] : 100, hit[f], found[f] | "sort"
		close("sort")
		pct = tf ? 100 * th / tf : 0
		printf "core/ line coverage: %.2f%% (%d of %d lines), minimum %s%%\n", pct, th, tf, min
		exit pct + 0 < min + 0
	}' "$build/coverage-core.info" || {
	echo "coverage.sh: core/ line coverage is below ${min}%" >&2
	exit 1
}
