#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `unitguard score --model systemd-252` agrees with the captured output of systemd 252's
# `systemd-analyze security --offline=true` on every unit of fixtures/score: each check's
# pass/fail, badness and exposure, the overall exposure and label, and the rejected units.
set -euo pipefail
unitguard=$1
source_dir=$2
fixture=$source_dir/fixtures/score

command -v python3 >/dev/null || { echo "skip: python3 is needed to compare the JSON"; exit 77; }

mapfile -t units < "$fixture/units"
bash "$source_dir/ci/score-agreement.sh" --unitguard "$unitguard" \
    --golden "$fixture/expected" "$fixture/root" "${units[@]}"
