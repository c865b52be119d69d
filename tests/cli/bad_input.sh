#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Inputs that are not unit files each give one clear error, the other units are still
# checked, and the run exits 3 (incomplete).
set -euo pipefail
unitguard=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
units=$work/root/etc/systemd/system
mkdir -p "$units"

printf '[Service]\nExecStart=/bin/true\n' > "$units/good.service"
printf '\x7fELF\x01\x01\x01\x00\x00\x00binary' > "$units/binary.service"
mkdir "$units/directory.service"
mkfifo "$units/fifo.service"
mkdir -p "$work/outside"
printf '[Service]\nExecStart=/bin/secret\n' > "$work/outside/escape.service"
ln -s ../../../../outside/escape.service "$units/escape.service"
printf 'schema = 1\n' > "$work/policy.toml"

set +e
timeout 20 "$unitguard" check --root "$work/root" --policy "$work/policy.toml" --format json \
    > "$work/out.json" 2> "$work/err"
status=$?
set -e

failed=0
check() {
    if ! eval "$1"; then
        echo "FAIL: $1"
        failed=1
    fi
}
check '[[ $status -eq 3 ]]'
python3 - "$work/out.json" > "$work/findings" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print("units", report["units_checked"])
for finding in report["findings"]:
    print(finding["rule"], finding["message"].replace(sys.argv[1].rsplit("/", 1)[0], ""))
PY
expected="units 5
UG002 '/etc/systemd/system/binary.service' contains a NUL byte on line 1; it is not a text file
UG002 '/etc/systemd/system/directory.service' is a directory, not a unit file
UG002 '/etc/systemd/system/escape.service' is a symlink to '/outside/escape.service', which does not exist inside the root
UG002 '/etc/systemd/system/fifo.service' is not a regular file"
check '[[ "$(cat "$work/findings")" == "$expected" ]]'
if [[ $failed -ne 0 ]]; then
    echo "exit status: $status"
    cat "$work/findings" "$work/err"
fi
exit $failed
