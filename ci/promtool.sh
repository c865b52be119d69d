#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Prints the path of a promtool binary, taken from Debian's prometheus package without
# installing it: the package is downloaded and unpacked into a cache directory, so no
# maintainer script runs and no Prometheus server is started. Exits 1 when the package
# cannot be had (no archive access).
set -euo pipefail
cache=${XDG_CACHE_HOME:-$HOME/.cache}/unitguard/promtool
if [[ -x $cache/usr/bin/promtool ]]; then
    echo "$cache/usr/bin/promtool"
    exit 0
fi
command -v promtool && exit 0
mkdir -p "$cache"
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
chmod 777 "$download"  # apt-get download runs as the _apt user where it can
if ! (cd "$download" && apt-get download prometheus > /dev/null 2>&1); then
    echo "promtool: failed to download Debian's prometheus package" >&2
    exit 1
fi
dpkg-deb -x "$download"/prometheus_*.deb "$download/tree"
mkdir -p "$cache/usr/bin"
cp "$download/tree/usr/bin/promtool" "$cache/usr/bin/promtool"
echo "$cache/usr/bin/promtool"
