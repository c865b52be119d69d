#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Measures `unitguard drift --user` against a private user manager (ci/user-manager.sh)
# whose unit tree is the clean reference deployment, and prints the wall time per run.
#
# Usage: ci/bench-drift.sh UNITGUARD [RUNS]
# Needs root, like ci/user-manager.sh; exits 77 when no manager can be started.
set -uo pipefail

if [[ ${UG_BENCH_INSIDE:-} == 1 ]]; then
    binary=$1 runs=$2 work=$3
    "$binary" drift --user --declared "$work/declared" \
        --policy "$UG_SOURCE_DIR/fixtures/drift/user-policy.toml" >/dev/null
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do
        "$binary" drift --user --declared "$work/declared" \
            --policy "$UG_SOURCE_DIR/fixtures/drift/user-policy.toml" >/dev/null
    done
    end=$(date +%s%N)
    echo "drift --user: $runs runs, $(((end - start) / runs / 1000)) us per run (after one warm-up run)"
    exit 0
fi

[[ $# -ge 1 ]] || { echo "usage: ci/bench-drift.sh UNITGUARD [RUNS]" >&2; exit 2; }
binary=$(realpath -e -- "$1") || exit 2
runs=${2:-20}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/live/etc/systemd" "$work/declared/etc/systemd"
cp -r "$source_dir/fixtures/reference-clean/etc/systemd/system" "$work/live/etc/systemd/system"
cp -r "$source_dir/fixtures/reference-clean/etc/systemd/system" "$work/declared/etc/systemd/user"
UG_BENCH_INSIDE=1 UG_SOURCE_DIR=$source_dir \
    bash "$source_dir/ci/user-manager.sh" "$work/live" -- bash "$0" "$binary" "$runs" "$work"
