#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end drift test against a real systemd user manager started by ci/user-manager.sh:
# a clean tree, an undeclared debugging drop-in, an unreloaded edit and a requirement
# that systemd 252 cannot enforce.
# Usage: drift_user_manager.sh UNITGUARD SOURCE_DIR
set -uo pipefail

binary=$1
source_dir=$2

if [[ ${UG_DRIFT_INSIDE:-} != 1 ]]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/live/etc/systemd" "$work/declared/etc/systemd"
    # The manager reads ROOT/etc/systemd/system as /etc/systemd/user. The declared tree
    # is laid out for the user search path, so --user loads it the same way.
    cp -r "$source_dir/fixtures/reference-clean/etc/systemd/system" "$work/live/etc/systemd/system"
    cp -r "$source_dir/fixtures/reference-clean/etc/systemd/system" "$work/declared/etc/systemd/user"
    UG_DRIFT_INSIDE=1 UG_DRIFT_WORK=$work \
        bash "$source_dir/ci/user-manager.sh" "$work/live" -- bash "$0" "$binary" "$source_dir"
    exit $?
fi

work=$UG_DRIFT_WORK
failures=0

# Runs drift with `policy` and compares the exit code and the finding lines (the first
# line of each finding, plus the summary) with the expected text on stdin.
expect_drift() {
    local name=$1 policy=$2 expected_status=$3
    local expected output status
    expected=$(cat)
    output=$("$binary" drift --user --declared "$work/declared" --policy "$source_dir/$policy" \
        --color never 2>&1)
    status=$?
    local headers
    # The size of a syscall set follows the group table of the release, so only the
    # kind of list is compared.
    headers=$(grep -E '^(/|[0-9]+ drift|no drift|unitguard:)' <<<"$output" \
        | sed -E 's/list of [0-9]+ system calls/list of N system calls/g')
    if [[ $status != "$expected_status" || $headers != "$expected" ]]; then
        echo "FAIL: $name: exit $status (expected $expected_status)"
        diff <(echo "$expected") <(echo "$headers")
        echo "--- full output:"
        echo "$output"
        failures=$((failures + 1))
    else
        echo "ok: $name"
    fi
}

expect_drift "clean tree" fixtures/drift/user-policy.toml 0 <<'OUT'
no drift in 4 units
OUT

expect_drift "PrivatePIDs= on systemd 252" fixtures/drift/user-policy-private-pids.toml 1 <<'OUT'
/etc/systemd/user/game-server@.service:18:1: error: game-server@1.service: PrivatePIDs=yes, which the policy requires, cannot be enforced on this host: systemd 252 has no 'PrivatePIDs' property [UG508 requirement-unenforceable-on-host]
/etc/systemd/user/game-server@.service:18:1: error: game-server@2.service: PrivatePIDs=yes, which the policy requires, cannot be enforced on this host: systemd 252 has no 'PrivatePIDs' property [UG508 requirement-unenforceable-on-host]
2 drift findings in 4 units
OUT

# An operator swaps SystemCallFilter= for SystemCallLog= on the host only.
debug_dir="$work/live/etc/systemd/system/game-server@.service.d"
mkdir -p "$debug_dir"
printf '[Service]\nSystemCallFilter=\nSystemCallLog=~@system-service\n' >"$debug_dir/00-debug.conf"
systemctl --user daemon-reload

expect_drift "undeclared debugging drop-in" fixtures/drift/user-policy.toml 1 <<'OUT'
/etc/systemd/user/game-server@.service.d/00-debug.conf:2:1: error: game-server@1.service: live: syscalls 'ptrace', 'process_vm_readv' and 'process_vm_writev' must be denied but no SystemCallFilter= is in effect [UG501 live-policy-requirement-unmet]
/etc/systemd/user/game-server@.service.d/00-debug.conf:1:1: error: game-server@1.service: drop-in '/etc/systemd/user/game-server@.service.d/00-debug.conf' is loaded for 'game-server@1.service' but the declared tree does not contain it [UG503 undeclared-drop-in-loaded]
/etc/systemd/user/game-server@.service.d/00-debug.conf:2:1: error: game-server@1.service: SystemCallFilter= in effect is no filter but the declared files give allow list of N system calls [UG502 live-setting-differs-from-declared]
/etc/systemd/user/game-server@.service.d/00-debug.conf:3:1: error: game-server@1.service: SystemCallLog= in effect is deny list of N system calls but the declared files give no filter [UG502 live-setting-differs-from-declared]
/etc/systemd/user/game-server@.service.d/00-debug.conf:2:1: error: game-server@2.service: live: syscalls 'ptrace', 'process_vm_readv' and 'process_vm_writev' must be denied but no SystemCallFilter= is in effect [UG501 live-policy-requirement-unmet]
/etc/systemd/user/game-server@.service.d/00-debug.conf:1:1: error: game-server@2.service: drop-in '/etc/systemd/user/game-server@.service.d/00-debug.conf' is loaded for 'game-server@2.service' but the declared tree does not contain it [UG503 undeclared-drop-in-loaded]
/etc/systemd/user/game-server@.service.d/00-debug.conf:2:1: error: game-server@2.service: SystemCallFilter= in effect is no filter but the declared files give allow list of N system calls [UG502 live-setting-differs-from-declared]
/etc/systemd/user/game-server@.service.d/00-debug.conf:3:1: error: game-server@2.service: SystemCallLog= in effect is deny list of N system calls but the declared files give no filter [UG502 live-setting-differs-from-declared]
8 drift findings in 4 units
OUT

rm -rf "$debug_dir"
systemctl --user daemon-reload
expect_drift "drop-in removed and reloaded" fixtures/drift/user-policy.toml 0 <<'OUT'
no drift in 4 units
OUT

# An edit on disk that the manager has not loaded yet. The manager unloads units that
# nothing references, and a later LoadUnit would read the edited file. A target of the
# test's own that is ordered after game-web.service keeps it loaded; starting the target
# starts nothing else, since it has no Wants= or Requires=.
printf '[Unit]\nDefaultDependencies=no\nAfter=game-web.service\n' \
    >"$work/live/etc/systemd/system/drift-pin.target"
systemctl --user daemon-reload
systemctl --user start drift-pin.target
sleep 1
echo 'ProtectClock=yes' >>"$work/live/etc/systemd/system/game-web.service"
expect_drift "edit without daemon-reload" fixtures/drift/user-policy.toml 1 <<'OUT'
/etc/systemd/user/game-web.service:1:1: warning: unit files of 'game-web.service' changed on disk since the manager loaded them (NeedDaemonReload=yes) [UG504 unit-needs-daemon-reload]
1 drift findings in 4 units
OUT

[[ $failures == 0 ]]
