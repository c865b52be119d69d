#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# drift --format journal sends one entry per finding with the finding MESSAGE_ID, and a
# summary entry with the run MESSAGE_ID.
# Usage: drift_journal.sh UNITGUARD SOURCE_DIR
set -uo pipefail

binary=$1
source_dir=$2
fixtures=$source_dir/fixtures/drift
readonly kFindingMessageId=56c253ab9f8b4830bce37277582e30ad
readonly kRunMessageId=c9b7bc9b877a41008a085d8eb083d7d7

if [[ ! -S /run/systemd/journal/socket ]]; then
    echo "skip: no journald socket at /run/systemd/journal/socket"
    exit 77
fi
command -v journalctl >/dev/null || { echo "skip: journalctl not found"; exit 77; }

since=$(date '+%Y-%m-%d %H:%M:%S')
"$binary" drift --bus-address "unix:path=/nonexistent/unitguard-journal-test" \
    --declared "$fixtures/sysctl-root" --policy "$fixtures/sysctl-policy.toml" \
    --proc-sys "$fixtures/proc-sys" --format journal 2>/dev/null
status=$?
[[ $status == 3 ]] || { echo "FAIL: exit $status, expected 3"; exit 1; }
sleep 1

findings=$(journalctl --since "$since" -o cat "MESSAGE_ID=$kFindingMessageId" \
    SYSLOG_IDENTIFIER=unitguard | grep -c 'kernel parameter')
runs=$(journalctl --since "$since" -o cat "MESSAGE_ID=$kRunMessageId" \
    SYSLOG_IDENTIFIER=unitguard | grep -c '^drift run checked 0 units: 2 findings, incomplete$')
if [[ $findings != 2 || $runs != 1 ]]; then
    echo "FAIL: $findings finding entries (expected 2), $runs run entries (expected 1)"
    exit 1
fi
echo "ok: drift writes journald entries"
