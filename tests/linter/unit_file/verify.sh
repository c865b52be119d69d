#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Shows what the installed systemd makes of the parser fixtures in this folder, so that
# tests/linter/unit_file_test.cpp can be checked against it: `bash verify.sh > systemd-252.out`
# on a machine with systemd 252, then compare. Two parts:
#   1. `systemd-analyze verify` on each fixture (and on generated over-long lines): the
#      warnings with their line numbers, and whether the unit fails to load.
#   2. As root only (values, not messages): a throw-away `systemd --user` manager in a private mount namespace loads
#      the fixtures from a temporary folder, and `systemctl --user show` prints the values it
#      computed. It starts nothing but an empty target of its own, writes nothing outside the
#      temporary folder and is stopped by its PID.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/ug-unit-file.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "# $(systemctl --version | head -n 1)"
echo "## systemd-analyze verify"
mkdir -p "$work/long"
python3 - "$work/long" <<'EOF'
import sys
limit = 1024 * 1024
head = b"[Service]\nType=oneshot\nExecStart=/bin/true\n"
def line(n): return b"X-L=" + b"a" * (n - 4)
half = limit // 2
cases = {
    "long_physical_ok.service": head + line(limit - 1) + b"\nbad\n",
    "long_physical_over.service": head + line(limit) + b"\nbad\n",
    "long_comment_over.service": head + b"#" * limit + b"\nbad\n",
    "long_joined_ok.service": head + line(half - 1) + b"\\\n" + b"b" * (limit - half) + b"\nbad\n",
    "long_joined_over.service":
        head + line(half - 1) + b"\\\n# c\n" + b"b" * (limit - half + 1) + b"\nbad\n",
}
for name, data in cases.items():
    open(f"{sys.argv[1]}/{name}", "wb").write(data)
EOF
for unit in "$here"/*.service "$work"/long/*.service; do
    echo "== $(basename "$unit")"
    systemd-analyze verify "$unit" 2>&1 | sed -e "s|$here/||" -e "s|$work/long/||" || true
done

[ "$(id -u)" = 0 ] || { echo "## user manager: skipped (needs root)"; exit 0; }
echo "## systemctl --user show"
export XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/runtime HERE=$here
mkdir -p "$XDG_CONFIG_HOME/systemd/user" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cp "$here"/*.service "$XDG_CONFIG_HOME/systemd/user/"
printf '[Unit]\nDefaultDependencies=no\n' > "$XDG_CONFIG_HOME/systemd/user/ug-empty.target"
unshare -m --propagation private bash -c '
    set -u
    mount -t tmpfs tmpfs /run/systemd && mkdir -p /run/systemd/system || exit 1
    /lib/systemd/systemd --user --unit=ug-empty.target >/dev/null 2>&1 &
    manager=$!
    for _ in $(seq 1 100); do [ -S "$XDG_RUNTIME_DIR/systemd/private" ] && break; sleep 0.1; done
    for unit in "$HERE"/*.service; do
        name=$(basename "$unit")
        echo "== $name"
        systemctl --user show "$name" \
            -p LoadState,Description,Documentation,Environment,User,ProtectSystem \
            -p MemoryDenyWriteExecute,ExecStart | sed "s/ ; ignore_errors.*//" | cat -A
    done
    kill "$manager"
    wait "$manager" 2>/dev/null || true
'
