#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The shipped drift service and timer pass `unitguard check` with the strict policy, and
# the policy catches a removed hardening line.
# Usage: drift_dist_units.sh UNITGUARD SOURCE_DIR
set -uo pipefail

binary=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
units=$work/etc/systemd/system
mkdir -p "$units"
cp "$source_dir/dist/unitguard-drift.service" "$source_dir/dist/unitguard-drift.timer" "$units/"

output=$("$binary" check --root "$work" --policy "$source_dir/dist/unitguard-strict.toml" \
    --color never 2>&1)
status=$?
if [[ $status != 0 ]]; then
    echo "FAIL: dist units: exit $status"
    echo "$output"
    exit 1
fi

grep -q '^RandomizedDelaySec=' "$units/unitguard-drift.timer" \
    || { echo "FAIL: the timer has no RandomizedDelaySec="; exit 1; }

sed -i '/^PrivateNetwork=yes$/d' "$units/unitguard-drift.service"
output=$("$binary" check --root "$work" --policy "$source_dir/dist/unitguard-strict.toml" \
    --color never 2>&1)
status=$?
if [[ $status != 1 ]] || ! grep -q "PrivateNetwork= must be 'yes' but is 'no'.*\[UG401" <<<"$output"; then
    echo "FAIL: removed PrivateNetwork=yes: exit $status"
    echo "$output"
    exit 1
fi
echo "ok: dist units pass the strict policy"
