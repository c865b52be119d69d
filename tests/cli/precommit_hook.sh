#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The hook of .pre-commit-hooks.yaml run by the real pre-commit framework in a scratch git
# repository: a drop-in that weakens a required setting blocks the commit and is reported
# with its base unit's line, a unit that was not staged is not reported, and a good
# drop-in passes.
set -uo pipefail
unitguard=$1
source_dir=$2
command -v pre-commit > /dev/null || { echo "SKIP: pre-commit is not installed"; exit 77; }
command -v git > /dev/null || { echo "SKIP: git is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache HOME=$work/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$work/bin"
ln -s "$(realpath "$unitguard")" "$work/bin/unitguard"
export PATH=$work/bin:$PATH
git config --global user.name test
git config --global user.email test@example.invalid
git config --global init.defaultBranch main
git config --global protocol.file.allow always

# The hook repository: this project's manifest at a commit, as pre-commit expects.
hooks=$work/hooks
git init -q "$hooks"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m "hooks"
rev=$(git -C "$hooks" rev-parse HEAD)

repo=$work/repo
git init -q "$repo"
cd "$repo" || exit 1
mkdir -p units
cat > .unitguard.toml <<'TOML'
schema = 1
target-systemd = 252

[[profile]]
name = "all"
units = ["*.service"]

[profile.require]
ProtectSystem = "strict"
TOML
printf '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/web\nProtectSystem=strict\n' \
    > units/web.service
# A unit that breaks the policy, committed before the hook exists.
printf '[Service]\nExecStart=/usr/bin/other\nProtectSystem=full\n' > units/other.service
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: unitguard
YAML
git add .unitguard.toml .pre-commit-config.yaml units
git commit -q -m "units"
pre-commit install > /dev/null || { echo "FAIL: pre-commit install"; exit 1; }

failed=0
# A drop-in that weakens the base unit blocks the commit.
mkdir -p units/web.service.d
printf '[Service]\nProtectSystem=full\n' > units/web.service.d/10-weak.conf
git add units/web.service.d/10-weak.conf
output=$(git commit -m "weaken" 2>&1)
status=$?
expected_finding="units/web.service.d/10-weak.conf:2:15: error: web.service: ProtectSystem= must be 'strict' but is 'full' [UG401 required-setting-unmet]"
expected_note="note: ProtectSystem=strict at units/web.service:6 is overridden by units/web.service.d/10-weak.conf:2"
if [[ $status -eq 0 ]]; then
    echo "FAIL: the commit of a weakening drop-in went through"
    failed=1
fi
if ! grep -qxF "$expected_finding" <<< "$output"; then
    echo "FAIL: missing line: $expected_finding"
    failed=1
fi
if ! grep -qF "$expected_note" <<< "$output"; then
    echo "FAIL: missing note naming the base unit: $expected_note"
    failed=1
fi
if grep -q "other.service" <<< "$output"; then
    echo "FAIL: other.service was not staged but was reported"
    failed=1
fi
[[ $failed -eq 0 ]] || printf '%s\n' "$output"

# A good drop-in passes.
printf '[Service]\nPrivateTmp=yes\n' > units/web.service.d/10-weak.conf
git add units/web.service.d/10-weak.conf
output=$(git commit -q -m "harden" 2>&1)
status=$?
if [[ $status -ne 0 ]]; then
    echo "FAIL: the commit of a good drop-in was blocked:"
    printf '%s\n' "$output"
    failed=1
fi
exit $failed
