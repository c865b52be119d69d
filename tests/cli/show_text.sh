#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `unitguard show` in text form: the load state, the effective value of each key and the
# fate of every assignment behind it (in effect, overridden, reset or ignored, with the
# reason).
# Usage: show_text.sh UNITGUARD SOURCE_DIR
set -euo pipefail

unitguard=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
etc=$work/root/etc/systemd/system
mkdir -p "$etc/app.service.d"

cat > "$etc/app.service" <<'UNIT'
[Unit]
Description=App

[Service]
ExecStart=/usr/bin/app
ProtectSystem=full
ReadWritePaths=/var/lib/app
NoNewPrivileges=yes # no setuid
NoSuchKey=1

[service]
ProtectHome=yes
UNIT
cat > "$etc/app.service.d/10-override.conf" <<'UNIT'
[Service]
ProtectSystem=strict
ReadWritePaths=
ReadWritePaths=/var/cache/app
UNIT

# Loads as a file, but systemd refuses a simple service with two start commands.
printf '[Service]\nExecStart=/usr/bin/app\nExecStart=/usr/bin/app --again\n' > "$etc/twice.service"

cd "$work"
status=0
"$unitguard" show --target-systemd 252 --root root app.service > "$work/out" 2>&1 || status=$?
expected="app.service
  load state: loaded
  fragment: root/etc/systemd/system/app.service
  drop-in: root/etc/systemd/system/app.service.d/10-override.conf
  [Service]
    ExecStart=/usr/bin/app
      set at root/etc/systemd/system/app.service:5
    NoNewPrivileges= (not in effect)
      ignored at root/etc/systemd/system/app.service:8: invalid boolean 'yes # no setuid'
    NoSuchKey= (not in effect)
      ignored at root/etc/systemd/system/app.service:9: unknown key in [Service]; value '1'
    ProtectSystem=strict
      overridden by root/etc/systemd/system/app.service.d/10-override.conf:2 'full' at root/etc/systemd/system/app.service:6
      set at root/etc/systemd/system/app.service.d/10-override.conf:2
    ReadWritePaths=/var/cache/app
      reset by root/etc/systemd/system/app.service.d/10-override.conf:3 '/var/lib/app' at root/etc/systemd/system/app.service:7
      reset '' at root/etc/systemd/system/app.service.d/10-override.conf:3
      set at root/etc/systemd/system/app.service.d/10-override.conf:4
  [Unit]
    Description=App
      set at root/etc/systemd/system/app.service:2
  [service]
    ProtectHome= (not in effect)
      ignored at root/etc/systemd/system/app.service:12: unknown section [service]; value 'yes'"

failed=0
refused=$("$unitguard" show --target-systemd 252 --root root twice.service | sed -n 2p)
expected_refused="  load state: bad-setting (Type=simple (the default) allows one ExecStart= command, but 2 are set)"
if [[ $refused != "$expected_refused" ]]; then
    echo "FAIL: load state of twice.service: $refused"
    failed=1
fi
if [[ $status -ne 0 ]]; then
    echo "FAIL: exit status $status, expected 0"
    failed=1
fi
if [[ "$(cat "$work/out")" != "$expected" ]]; then
    echo "FAIL: show output differs from the expected text"
    diff <(echo "$expected") "$work/out" || true
    failed=1
fi
exit $failed
