#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks `unitguard show -p` against the committed systemd 252 captures of the probe units
# in tests/linter/show_format, without a running systemd: for every unit listed in
# `units`, the output of
#
#   unitguard show --target-systemd 252 --root tests/linter/show_format/root -p PROPS UNIT
#
# (PROPS: every line of `properties`) must equal `<unit>.show` after the normalisations
# that tests/linter/show_format/FORMATS.md names: user-manager unit paths in FragmentPath=
# and DropInPaths= are mapped back to system paths, the words of IPAddressAllow= and
# IPAddressDeny= are sorted on both sides, and a service's KeyringMode=inherit (the user
# manager's default) becomes private (the system manager's) when no file sets it to a
# valid mode.
#
# Usage: bash show_golden.sh UNITGUARD SOURCE_DIR
# Exits 0 when every unit matches, 1 and prints the differences otherwise.
set -uo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: bash show_golden.sh UNITGUARD SOURCE_DIR" >&2
    exit 2
fi
unitguard=$1
source_dir=$(cd "$2" && pwd)
probes="$source_dir/tests/linter/show_format"
root="$probes/root"
properties=$(paste -sd, "$probes/properties")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Maps the unit directories of ci/user-manager.sh back to system unit directories in
# FragmentPath= and DropInPaths= lines.
map_user_paths() {
    sed -E \
        -e '/^(FragmentPath|DropInPaths)=/{
            s#/etc/systemd/user/#/etc/systemd/system/#g
            s#/run/systemd/user/#/run/systemd/system/#g
            s#/run/systemd/ug-data/usr-local-lib/systemd/user/#/usr/local/lib/systemd/system/#g
            s#/run/systemd/ug-data/lib/systemd/user/#/lib/systemd/system/#g
            s#/usr/lib/systemd/user/#/usr/lib/systemd/system/#g
        }'
}

# Sorts the words of IPAddressAllow= and IPAddressDeny=, which systemd prints in hash-set
# order.
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

# A line that sets KeyringMode= to a mode systemd accepts.
blank='[[:space:]]*'
keyring_mode_line="^${blank}KeyringMode${blank}=${blank}(inherit|private|shared)${blank}\$"

# Succeeds when a file of the unit whose mapped capture is $1 assigns KeyringMode= a valid
# mode (an invalid value is ignored, so the default still applies).
sets_keyring_mode() {
    local capture=$1 path
    local -a files=()
    files+=("$(sed -n 's/^FragmentPath=//p' "$capture")")
    for path in $(sed -n 's/^DropInPaths=//p' "$capture" | tr -d '"'); do
        files+=("$path")
    done
    for path in "${files[@]}"; do
        [[ -n $path && -f $root$path ]] || continue
        grep -qE "$keyring_mode_line" "$root$path" && return 0
    done
    return 1
}

# Prints capture $2 of unit $1 in the form unitguard must print.
normalise_capture() {
    local unit=$1 capture=$2 mapped="$work/mapped"
    map_user_paths <"$capture" | sort_address_lists >"$mapped"
    if [[ $unit == *.service ]] && grep -qx 'KeyringMode=inherit' "$mapped" \
        && ! sets_keyring_mode "$mapped"; then
        sed -i 's/^KeyringMode=inherit$/KeyringMode=private/' "$mapped"
    fi
    cat "$mapped"
}

failures=0
compared=0
units=()
: >"$work/all.expected"
while IFS= read -r unit; do
    [[ -n $unit ]] || continue
    capture="$probes/$unit.show"
    if [[ ! -f $capture ]]; then
        echo "FAIL $unit: no capture $capture"
        failures=$((failures + 1))
        continue
    fi
    compared=$((compared + 1))
    normalise_capture "$unit" "$capture" >"$work/expected"
    # systemctl show separates the units of one call by a blank line.
    if ((${#units[@]} > 0)); then echo >>"$work/all.expected"; fi
    cat "$work/expected" >>"$work/all.expected"
    units+=("$unit")
    status=0
    "$unitguard" show --target-systemd 252 --root "$root" -p "$properties" "$unit" \
        >"$work/output" 2>"$work/stderr" || status=$?
    if ((status > 1)); then
        echo "FAIL $unit: unitguard show exited with status $status"
        sed 's/^/  stderr: /' "$work/stderr"
        failures=$((failures + 1))
        continue
    fi
    sort_address_lists <"$work/output" >"$work/actual"
    if ! diff -u --label "systemd $unit" --label "unitguard $unit" "$work/expected" \
        "$work/actual"; then
        failures=$((failures + 1))
    fi
done <"$probes/units"

# All units in one call, to check the separation and that no state leaks between units.
"$unitguard" show --target-systemd 252 --root "$root" -p "$properties" "${units[@]}" \
    2>"$work/stderr" | sort_address_lists >"$work/all.actual"
if ! diff -u --label "systemd, all units" --label "unitguard, all units" \
    "$work/all.expected" "$work/all.actual" >"$work/all.diff"; then
    echo "FAIL showing all probe units in one call:"
    head -n 40 "$work/all.diff"
    failures=$((failures + 1))
fi

if ((failures > 0)); then
    echo "$failures comparison(s) of $compared probe units differ from the systemd 252 captures"
    exit 1
fi
echo "all $compared probe units match the systemd 252 captures"
exit 0
