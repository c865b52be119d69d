#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The reference deployment: `check` prints exactly the findings of
# tests/cli/golden/reference_check.txt and exits 1; the cleaned-up tree has no findings
# and exits 0. With UG_UPDATE_GOLDEN=1 the golden file is rewritten instead.
set -uo pipefail
unitguard=$1
source_dir=$2
cd "$source_dir" || exit 1
golden=tests/cli/golden/reference_check.txt

actual=$("$unitguard" check --color never --root fixtures/reference \
    --policy fixtures/reference/unitguard.toml 2>&1)
status=$?
actual=$(printf '%s\nexit: %d' "$actual" "$status")
if [[ ${UG_UPDATE_GOLDEN:-0} == 1 ]]; then
    mkdir -p "$(dirname "$golden")"
    printf '%s\n' "$actual" > "$golden"
    echo "updated $golden"
    exit 0
fi

failed=0
if [[ "$actual" != "$(cat "$golden")" ]]; then
    echo "FAIL: check on fixtures/reference differs from $golden"
    diff <(cat "$golden") <(printf '%s\n' "$actual")
    failed=1
fi

clean=$("$unitguard" check --color never --root fixtures/reference-clean \
    --policy fixtures/reference-clean/unitguard.toml 2>&1)
clean_status=$?
if [[ $clean_status -ne 0 || -n $clean ]]; then
    echo "FAIL: check on fixtures/reference-clean exited $clean_status with output:"
    printf '%s\n' "$clean"
    failed=1
fi
exit $failed
