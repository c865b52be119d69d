#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (preset `fuzz`) and runs each one in turn.
#
# Usage: ci/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  run time of each target (default 600)
#   TARGET   targets to run, e.g. unit_file loader (default: every fuzz/*_fuzzer.cpp)
#
# Each target starts from fuzz/corpus/TARGET and fuzz/regressions/TARGET and writes the
# inputs it finds to build/fuzz/corpus/TARGET, so the committed corpus stays small. A
# crash, leak, timeout or out-of-memory input is copied to fuzz/regressions/TARGET, where
# the replay tests (ctest -R '^fuzz\.') run it from then on. The script prints each
# target's final statistics and exits 1 when any target found something, 2 on a build or
# usage error.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build/fuzz

die() { echo "fuzz: error: $*" >&2; exit 2; }

seconds=600
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
case ${1:-} in
    -h|--help) sed -n '3,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) die "unknown option '$1' (try --help)" ;;
esac
[[ $seconds -gt 0 ]] || die "SECONDS must be a positive number of seconds, got '$seconds'"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    for source in "$root"/fuzz/*_fuzzer.cpp; do
        name=$(basename "$source" .cpp)
        targets+=("${name%_fuzzer}")
    done
fi
for target in "${targets[@]}"; do
    [[ -f $root/fuzz/${target}_fuzzer.cpp ]] ||
        die "no fuzz target '$target' (expected fuzz/${target}_fuzzer.cpp)"
done

# clang and its libFuzzer and sanitizer runtimes; the normal build does not need them, so
# ci/setup.sh leaves them out.
missing=()
for package in clang libclang-rt-14-dev; do
    dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "fuzz: installing ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" ||
        die "could not install ${missing[*]}; install them with apt-get and run again"
fi

cd "$root"
cmake --preset fuzz >/dev/null || die "configuring the fuzz preset failed"
cmake --build --preset fuzz || die "building the fuzz targets failed"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

found=()
for target in "${targets[@]}"; do
    corpus=$build/corpus/$target
    artifacts=$build/artifacts/$target
    log=$build/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    seeds=("$root/fuzz/corpus/$target")
    [[ -d $root/fuzz/regressions/$target ]] && seeds+=("$root/fuzz/regressions/$target")

    echo "fuzz: $target: running for ${seconds}s, log in ${log#"$root"/}"
    status=0
    "$build/${target}_fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "${seeds[@]}" >"$log" 2>&1 || status=$?

    # The last status line has the coverage (cov: edges, ft: features); the stat:: lines
    # that -print_final_stats adds have the executions.
    grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1 |
        sed "s/^/fuzz: $target: /" || true
    grep -E '^stat::' "$log" | sed "s/^/fuzz: $target: /" || true

    copied=()
    for input in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* \
                 "$artifacts"/oom-*; do
        [[ -f $input ]] || continue
        mkdir -p "$root/fuzz/regressions/$target"
        cp "$input" "$root/fuzz/regressions/$target/"
        copied+=("fuzz/regressions/$target/$(basename "$input")")
        rm "$input"
    done
    if [[ $status -ne 0 || ${#copied[@]} -gt 0 ]]; then
        found+=("$target")
        echo "fuzz: $target: FOUND a problem (exit status $status); see ${log#"$root"/}"
        for input in "${copied[@]}"; do
            echo "fuzz: $target: saved $input: reproduce with build/fuzz/${target}_fuzzer $input," \
                 "fix the product, then keep the input there (the replay test runs it) or" \
                 "turn it into a fixture"
        done
    fi
done

if [[ ${#found[@]} -gt 0 ]]; then
    echo "fuzz: findings in: ${found[*]}"
    exit 1
fi
echo "fuzz: no findings in ${targets[*]}"
