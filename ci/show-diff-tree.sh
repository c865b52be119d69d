#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compares `unitguard show -p` with a real systemd 252 user manager for every service of a
# root tree, such as the Debian tree of ci/debian-tree.sh, and prints how many units were
# compared and how many differ, with the first differences. Not part of the test suite: run
# it by hand as root (ci/user-manager.sh needs root) after a build.
#
# Usage: ci/show-diff-tree.sh [--show N] [--all-types] TREE
#   --show N       print the differences of at most N units (default 5)
#   --all-types    compare the units of every other type instead of the services
#   UNITGUARD=PATH selects another binary (default build/release/unitguard)
#
# The units are the non-template names of the chosen types in the unit directories of
# TREE, plus the instances that its .wants/, .requires/ and .upholds/ directories name.
# Unit files that are symlinks to an absolute path are left out, because inside the harness
# they point at the host. Units that the user manager does not load (LoadState other than
# "loaded": bad settings, masks, broken symlinks) are skipped and counted by state. The
# properties are those of tests/linter/show_format/properties and
# tests/cli/show_extra_properties, and both sides are normalised as in
# tests/cli/show_matches_systemd.sh.
#
# Exits 0 when no loaded unit differs, 1 when some do, 2 on a usage error, and 77 when no
# user manager can be started here.
set -uo pipefail

die() { echo "show-diff-tree: error: $*" >&2; exit 2; }
usage() { sed -n '8,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

show_limit=5
unit_pattern='.*\.service'
while [[ $# -gt 0 ]]; do
    case $1 in
        --show)
            [[ ${2:-} =~ ^[0-9]+$ ]] || die "--show needs a number"
            show_limit=$2
            shift 2 ;;
        --all-types)
            unit_pattern='.*\.(socket|mount|swap|automount|timer|path|target|slice)'
            shift ;;
        -h|--help) usage ;;
        -*) die "unknown option '$1' (try --help)" ;;
        *) break ;;
    esac
done
[[ $# -eq 1 ]] || usage
[[ -d $1 ]] || die "'$1' is not a directory"
tree=$(cd "$1" && pwd)

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unitguard=${UNITGUARD:-$source_dir/build/release/unitguard}
[[ -x $unitguard ]] || die "$unitguard not found; build it first or set UNITGUARD"
harness="$source_dir/ci/user-manager.sh"
properties=$(cat "$source_dir/tests/linter/show_format/properties" \
    "$source_dir/tests/cli/show_extra_properties" | paste -sd,)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the names of the units to compare, sorted and unique: non-template unit files
# and links, and the instances enabled through dependency directories.
list_units() {
    local dir
    for dir in etc/systemd/system run/systemd/system usr/local/lib/systemd/system \
        lib/systemd/system usr/lib/systemd/system; do
        [[ -d $tree/$dir ]] || continue
        find "$tree/$dir" -mindepth 1 -maxdepth 1 \( -type f -o -type l \) \
            -regextype posix-extended -regex "$unit_pattern" ! -name '*@.*' -printf '%f\n'
        find "$tree/$dir" -mindepth 2 -maxdepth 2 \( -type f -o -type l \) \
            -regextype posix-extended -regex "$unit_pattern" -name '*@*' ! -name '*@.*' \
            \( -path '*.wants/*' -o -path '*.requires/*' -o -path '*.upholds/*' \) \
            -printf '%f\n'
    done | LC_ALL=C sort -u
}

# Prints the names of unit files in the tree's unit directories that are symlinks to an
# absolute path other than /dev/null. Inside the harness such a link points at the host's
# file system, not at the tree, so the user manager sees another unit than unitguard.
list_host_links() {
    local dir link
    for dir in etc/systemd/system run/systemd/system usr/local/lib/systemd/system \
        lib/systemd/system usr/lib/systemd/system; do
        [[ -d $tree/$dir ]] || continue
        while IFS= read -r link; do
            local target
            target=$(readlink "$link")
            [[ $target == /* && $target != /dev/null ]] && basename "$link"
        done < <(find "$tree/$dir" -mindepth 1 -maxdepth 1 -type l -regextype posix-extended \
            -regex "$unit_pattern")
    done | LC_ALL=C sort -u
}

# With a merged /usr (lib a symlink to usr/lib) the harness mounts the units once, under
# /usr/lib, while systemd's search path, and unitguard's, finds unit files under /lib first.
# Drop-in directories are not affected: systemd resolves their symlinks, so it names them
# under /usr/lib either way.
if [[ -d $tree/lib && $tree/lib -ef $tree/usr/lib ]]; then
    merged_usr=1
else
    merged_usr=0
fi

# Runs inside the user manager: writes systemd's output for unit number N of file $2 to
# $1/N.systemd and its load state to $1/N.state.
capture_systemd() {
    local out=$1 units=$2 number=0 unit
    while IFS= read -r unit; do
        number=$((number + 1))
        systemctl --user show -p "$properties,LoadState" -- "$unit" >"$out/$number.raw" 2>&1
        sed -n 's/^LoadState=//p' "$out/$number.raw" >"$out/$number.state"
        grep -v '^LoadState=' "$out/$number.raw" >"$out/$number.systemd"
    done <"$units"
}
export -f capture_systemd
export properties

# The normalisations of tests/cli/show_matches_systemd.sh (see the comments there).
map_user_paths() {
    sed -E \
        -e '/^(FragmentPath|DropInPaths)=/{
            s#/etc/systemd/user/#/etc/systemd/system/#g
            s#/run/systemd/user/#/run/systemd/system/#g
            s#/run/systemd/ug-data/usr-local-lib/systemd/user/#/usr/local/lib/systemd/system/#g
            s#/run/systemd/ug-data/lib/systemd/user/#/lib/systemd/system/#g
            s#/usr/lib/systemd/user/#/usr/lib/systemd/system/#g
            b
        }' \
        -e 's#/run/systemd/ug/home/\.config/log#/var/log#g' \
        -e 's#/run/systemd/ug/home/\.config#/var/lib#g' \
        -e 's#/run/systemd/ug/home/\.cache#/var/cache#g' \
        -e 's#/run/systemd/ug/runtime#/run#g' \
        -e 's#/run/systemd/ug/home#/root#g'
}

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

# Succeeds when a file named in the mapped output $1 assigns KeyringMode= a valid mode.
sets_keyring_mode() {
    local output=$1 path
    local -a files=()
    files+=("$(sed -n 's/^FragmentPath=//p' "$output")")
    for path in $(sed -n 's/^DropInPaths=//p' "$output" | tr -d '"'); do
        files+=("$path")
    done
    for path in "${files[@]}"; do
        [[ -n $path && -f $tree$path ]] || continue
        grep -qE "$keyring_mode_line" "$tree$path" && return 0
    done
    return 1
}

normalise_systemd() {
    local unit=$1 output=$2
    map_user_paths <"$output" | sort_address_lists >"$output.mapped"
    if ((merged_usr)); then
        sed -i -E '/^FragmentPath=/s#=/usr/lib/systemd/system/#=/lib/systemd/system/#' \
            "$output.mapped"
    fi
    if [[ $unit == *.service ]] && grep -qx 'KeyringMode=inherit' "$output.mapped" \
        && ! sets_keyring_mode "$output.mapped"; then
        sed -i 's/^KeyringMode=inherit$/KeyringMode=private/' "$output.mapped"
    fi
    cat "$output.mapped"
}

list_host_links >"$work/host-links"
list_units | LC_ALL=C comm -23 - "$work/host-links" >"$work/units"
status=0
"$harness" --log "$work/manager.log" "$tree" -- \
    bash -c 'capture_systemd "$1" "$2"' capture "$work" "$work/units" || status=$?
if [[ $status == 77 ]]; then
    echo "skipped: no systemd user manager available"
    exit 77
fi
[[ $status == 0 ]] || die "capturing systemd's output failed with status $status"

compared=0
differing=0
declare -A skipped=()
number=0
while IFS= read -r unit; do
    number=$((number + 1))
    state=$(cat "$work/$number.state")
    if [[ $state != loaded ]]; then
        skipped[${state:-unknown}]=$(( ${skipped[${state:-unknown}]:-0} + 1 ))
        continue
    fi
    compared=$((compared + 1))
    normalise_systemd "$unit" "$work/$number.systemd" >"$work/$number.expected"
    "$unitguard" show --target-systemd 252 --root "$tree" -p "$properties" "$unit" \
        2>"$work/$number.stderr" | sort_address_lists >"$work/$number.actual"
    if ! diff -u --label "systemd $unit" --label "unitguard $unit" "$work/$number.expected" \
        "$work/$number.actual" >"$work/$number.diff"; then
        differing=$((differing + 1))
        if ((differing <= show_limit)); then cat "$work/$number.diff"; fi
    fi
done <"$work/units"

total=$(wc -l <"$work/units")
echo "units: $total, compared: $compared, differing: $differing"
links=$(wc -l <"$work/host-links")
if ((links > 0)); then
    names=$(paste -sd' ' "$work/host-links")
    echo "skipped, symlinks to absolute paths outside the tree: $links ($names)"
fi
for state in "${!skipped[@]}"; do
    echo "skipped, not loaded by the user manager (LoadState=$state): ${skipped[$state]}"
done
((differing == 0))
