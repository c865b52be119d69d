#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up the machine, then configures, builds and tests two presets: `release` (optimised)
# and `asan` (AddressSanitizer + UndefinedBehaviorSanitizer). Exits non-zero if any step
# of either fails. Build directories are reused, so a second run only rebuilds what changed.
#
# Usage: ci/test.sh [PRESET]...     (default: release asan)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

presets=("$@")
[[ ${#presets[@]} -gt 0 ]] || presets=(release asan)

started=$SECONDS
bash ci/setup.sh

logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

declare -A outcome=()
total_passed=0 total_failed=0 total_skipped=0 status=0

# Reads ctest's output and sets passed, failed and skipped. ctest prints
# "N% tests passed, F tests failed out of T" and lists skipped tests as "... (Skipped)".
count_tests() {
    local log=$1 line
    passed=0 failed=0 skipped=0
    line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1) || true
    if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
        failed=${BASH_REMATCH[1]}
        skipped=$(grep -cE '\((Skipped|Disabled)\)$' "$log") || true
        passed=$((BASH_REMATCH[2] - failed - skipped))
    fi
}

for preset in "${presets[@]}"; do
    echo
    echo "=== $preset: configure, build, test"
    preset_started=$SECONDS
    log=$logdir/$preset.ctest.log
    : >"$log"
    step=configure
    if cmake --preset "$preset" \
        && step=build && cmake --build --preset "$preset" \
        && step='test' && ctest --preset "$preset" 2>&1 | tee "$log"; then
        step=ok
    fi
    count_tests "$log"
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))
    elapsed=$((SECONDS - preset_started))
    counts="$passed passed, $failed failed, $skipped skipped"
    grep -qE '^[0-9]+% tests passed' "$log" || counts="no tests were run"
    if [[ $step == ok ]]; then
        outcome[$preset]="ok      $counts (${elapsed} s)"
    else
        status=1
        outcome[$preset]="FAILED  at $step; $counts (${elapsed} s)"
    fi
done

echo
echo "=== summary ($((SECONDS - started)) s in all)"
for preset in "${presets[@]}"; do
    printf '%-8s %s\n' "$preset" "${outcome[$preset]}"
done
# The plain closing line that CI reads, summed over the presets.
echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$status"
