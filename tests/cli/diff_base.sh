#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `check --diff-base REF` in a scratch git repository whose last commit weakens one unit.
# Only that finding is reported, not the one both revisions share. Against HEAD nothing is
# new, and a revision that does not exist is a usage error.
set -uo pipefail
unitguard=$1
command -v git > /dev/null || { echo "SKIP: git is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1 UNITGUARD_TODAY=2026-01-01
mkdir -p "$HOME"
git config --global user.name test
git config --global user.email test@example.invalid

repo=$work/repo
git init -q "$repo"
cd "$repo" || exit 1
units=tree/etc/systemd/system
mkdir -p "$units"
cat > .unitguard.toml <<'TOML'
schema = 1
target-systemd = 252

[[profile]]
name = "all"
units = ["*.service"]

[profile.require]
ProtectSystem = "strict"
TOML
printf '[Service]\nExecStart=/usr/bin/web\nProtectSystem=strict\n' > $units/web.service
# Weak in both revisions, so never new.
printf '[Service]\nExecStart=/usr/bin/old\nProtectSystem=full\n' > $units/old.service
git add .unitguard.toml tree
git commit -q -m "units"
printf '[Service]\nExecStart=/usr/bin/web\nProtectSystem=full\n' > $units/web.service
git commit -q -a -m "weaken web"

failed=0
# expect NAME STATUS OUTPUT -- COMMAND...: runs COMMAND and compares its exit status and
# its combined output.
expect() {
    local name=$1 expected_status=$2 expected_output=$3
    shift 4
    local output status
    output=$("$@" 2>&1)
    status=$?
    if [[ $status -ne $expected_status || "$output" != "$expected_output" ]]; then
        echo "FAIL: $name: exit $status (expected $expected_status), output:"
        printf '%s\n' "$output"
        echo "expected:"
        printf '%s\n' "$expected_output"
        failed=1
    fi
}

new_finding="tree/etc/systemd/system/web.service:3:15: error: ProtectSystem= must be 'strict' but is 'full' [UG401 required-setting-unmet]
    ProtectSystem=full
                  ^
  help: set ProtectSystem=strict for web.service
  note: required by profile 'all' at .unitguard.toml:9"

expect "whole tree against the previous commit" 1 "$new_finding
1 finding (1 error) in 2 units" -- \
    "$unitguard" check --color never --policy .unitguard.toml --root tree --diff-base HEAD~1

expect "named file against the previous commit" 1 "$new_finding
1 finding (1 error) in 1 unit" -- \
    "$unitguard" check --color never --policy .unitguard.toml --diff-base HEAD~1 \
        $units/web.service

expect "no new findings against HEAD" 0 "" -- \
    "$unitguard" check --color never --policy .unitguard.toml --root tree --diff-base HEAD

# Without --diff-base both findings are reported.
count=$("$unitguard" check --color never -q --root tree | grep -c 'UG401')
[[ $count -eq 2 ]] || { echo "FAIL: expected 2 findings without --diff-base, got $count"; failed=1; }

expect "unknown revision" 2 \
    "unitguard: error: --diff-base 'no-such-branch' names no commit of this repository" -- \
    "$unitguard" check --color never --policy .unitguard.toml --root tree --diff-base no-such-branch

# A file that the base revision does not have: all its findings are new.
printf '[Service]\nExecStart=/usr/bin/new\n' > $units/new.service
git add $units/new.service
output=$("$unitguard" check --color never -q --diff-base HEAD $units/new.service 2>&1)
if ! grep -qF "new.service" <<< "$output"; then
    echo "FAIL: the finding of a file new since HEAD is missing:"
    printf '%s\n' "$output"
    failed=1
fi
exit $failed
