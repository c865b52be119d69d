#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the golden `systemctl show` captures of the probe units from a real systemd
# user manager started by ci/user-manager.sh. Run it as root on a host with the systemd
# version that the captures are for, which is 252 for the files in this directory.
#
# Usage: tests/linter/show_format/capture.sh
#
# Writes one <unit>.show per line of `units`: the output of `systemctl --user show -p
# <every line of properties> UNIT`, byte for byte except that the words of IPAddressAllow=
# and IPAddressDeny= are sorted. Also writes manager.log, the warnings that the manager
# printed while loading the probes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../../.." && pwd)
properties=$(paste -sd, "$here/properties")

# Sorts the words of IPAddressAllow= and IPAddressDeny=, which systemd 252 prints in the
# iteration order of a hash set. That order changes from one manager to the next, so
# the captures store the sorted form to stay stable.
sort_address_lists() {
    local line key
    while IFS= read -r line; do
        key=${line%%=*}
        if [[ $key == IPAddressAllow || $key == IPAddressDeny ]]; then
            line="$key=$(tr ' ' '\n' <<<"${line#*=}" | LC_ALL=C sort | paste -sd' ')"
        fi
        printf '%s\n' "$line"
    done
}

# Runs inside the user manager's namespace and writes the captures into directory $1.
capture_all() {
    local out=$1 unit
    while IFS= read -r unit; do
        systemctl --user show -p "$properties" -- "$unit" | sort_address_lists >"$out/$unit.show"
    done <"$here/units"
}

export -f capture_all sort_address_lists
export here properties
status=0
"$source_dir/ci/user-manager.sh" --log "$here/manager.log.raw" "$here/root" -- \
    bash -c 'capture_all "$1"' capture "$here" || status=$?
if [[ $status != 0 ]]; then
    rm -f "$here/manager.log.raw"
    echo "capture.sh: ci/user-manager.sh failed with status $status" >&2
    exit "$status"
fi

# Only the lines about unit files are stable between runs.
grep -F '/systemd/user/' "$here/manager.log.raw" >"$here/manager.log" || true
rm -f "$here/manager.log.raw"
