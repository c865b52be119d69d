#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Misspelt policy keys, directives and values exit 2 with line, column and a suggestion.
set -euo pipefail
unitguard=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
policy=$source_dir/fixtures/reference/unitguard.toml
failed=0

# expect_error SED_EXPRESSION EXPECTED_FIRST_LINE
expect_error() {
    sed "$1" "$policy" > "$work/policy.toml"
    set +e
    "$unitguard" check --root "$source_dir/fixtures/reference" --policy "$work/policy.toml" \
        > "$work/stdout" 2> "$work/stderr"
    local status=$?
    set -e
    local first
    first=$(head -n 1 "$work/stderr" | sed "s|$work/||")
    if [[ $status -ne 2 || "$first" != "$2" ]]; then
        echo "FAIL: $1"
        echo "  expected exit 2 and: $2"
        echo "  got exit $status and: $first"
        failed=1
    fi
}

expect_error 's/\[profile.require\]/[profile.requrie]/' \
    "policy.toml:12:10: error: unknown key 'requrie' in [[profile]]; did you mean 'require'?"
expect_error 's/^PrivatePIDs = true/PrivatePID = true/' \
    "policy.toml:13:1: error: unknown directive 'PrivatePID='; did you mean 'PrivatePIDs='?"
expect_error 's/ProtectSystem = "strict"/ProtectSystem = "strcit"/' \
    "policy.toml:14:17: error: invalid value 'strcit' for ProtectSystem=: expected one of: yes, no, full, strict; did you mean 'strict'?"

exit $failed
