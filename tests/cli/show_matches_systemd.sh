#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that `unitguard show -p` prints what systemd 252 prints for the same units: for
# every tree under fixtures/cases/*/root, the probe tree of tests/linter/show_format and the
# reference deployment fixtures/reference, it compares `unitguard show --target-systemd
# 252 --root TREE -p … UNIT` with `systemctl --user show -p … UNIT` from a real user
# manager started by ci/user-manager.sh.
#
# Usage: bash show_matches_systemd.sh UNITGUARD SOURCE_DIR
#
# Each case and probe directory contains root/ and a file `units` that names the units to
# compare; the units of fixtures/reference are listed in tests/cli/show_reference_units.
# The properties are those listed in tests/linter/show_format/properties and
# tests/cli/show_extra_properties. The output of both sides is normalised as
# tests/linter/show_format/FORMATS.md describes: user paths are mapped back to system
# paths, the words of IPAddressAllow= and IPAddressDeny= are sorted, a service's
# KeyringMode=inherit, the user manager's default, becomes private when no unit file sets
# KeyringMode= to a valid mode, and the directories that %S, %C, %L, %t and %h name in a
# user manager are mapped to the system manager's. FragmentPath and DropInPaths may be
# printed by unitguard with or without the --root prefix.
#
# With UNITGUARD_SHOW_ONLY_SYSTEMD=1 the script prints systemd's normalised output for
# every unit and exits 0 without running unitguard.
#
# Exits 0 when every comparison matches, 1 and prints the differences otherwise, and 77
# when no user manager can be started here (for instance without root).
set -uo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: bash show_matches_systemd.sh UNITGUARD SOURCE_DIR" >&2
    exit 2
fi
unitguard=$1
source_dir=$(cd "$2" && pwd)
harness="$source_dir/ci/user-manager.sh"
properties=$(cat "$source_dir/tests/linter/show_format/properties" \
    "$source_dir/tests/cli/show_extra_properties" | paste -sd,)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints one line per tree: its root directory and the file that lists its units,
# separated by a tab.
list_trees() {
    local dir
    for dir in "$source_dir"/fixtures/cases/*/ "$source_dir/tests/linter/show_format/"; do
        if [[ -d $dir/root && -f $dir/units ]]; then
            printf '%s\t%s\n' "${dir%/}/root" "${dir%/}/units"
        fi
    done
    printf '%s\t%s\n' "$source_dir/fixtures/reference" "$source_dir/tests/cli/show_reference_units"
}

# Runs inside the user manager: writes `systemctl show` of unit number N of units file $2
# to $1/N.systemd.
capture_systemd() {
    local out=$1 units=$2 number=0 unit
    while IFS= read -r unit; do
        number=$((number + 1))
        systemctl --user show -p "$properties" -- "$unit" >"$out/$number.systemd"
    done <"$units"
}
export -f capture_systemd
export properties

# Maps the user unit directories of ci/user-manager.sh back to the system directories
# of the tree, in FragmentPath= and DropInPaths= lines. In every other line, it maps the
# directories that specifiers expand to in the harness's user manager to those of the
# system manager: systemd 252 gives %S and %E both as $XDG_CONFIG_HOME and %L as
# $XDG_CONFIG_HOME/log there, so the config directory is taken for /var/lib (%S), and a
# unit that uses %E in a compared property would differ.
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

# Removes the tree prefix $1 from FragmentPath= and DropInPaths= lines.
strip_root_prefix() {
    local root=$1
    awk -v root="$root" '
        /^(FragmentPath|DropInPaths)=/ {
            out = ""
            while ((i = index($0, root "/")) > 0) {
                out = out substr($0, 1, i - 1)
                $0 = substr($0, i + length(root))
            }
            $0 = out $0
        }
        { print }'
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

# Succeeds when the fragment or a drop-in named in systemd's output $2 (already mapped
# to system paths) assigns KeyringMode= a valid mode inside tree $1.
sets_keyring_mode() {
    local root=$1 output=$2 path
    local -a files=()
    files+=("$(sed -n 's/^FragmentPath=//p' "$output")")
    for path in $(sed -n 's/^DropInPaths=//p' "$output" | tr -d '"'); do
        files+=("$path")
    done
    for path in "${files[@]}"; do
        [[ -n $path && -f $root$path ]] || continue
        grep -qE "$keyring_mode_line" "$root$path" && return 0
    done
    return 1
}

# Prints systemd's output $3 for unit $2 of tree $1 in the form unitguard must match.
normalise_systemd() {
    local root=$1 unit=$2 output=$3
    map_user_paths <"$output" | sort_address_lists >"$output.mapped"
    if [[ $unit == *.service ]] && grep -qx 'KeyringMode=inherit' "$output.mapped" \
        && ! sets_keyring_mode "$root" "$output.mapped"; then
        sed -i 's/^KeyringMode=inherit$/KeyringMode=private/' "$output.mapped"
    fi
    cat "$output.mapped"
}

# Compares unit $4, number $3 in the units file of the tree with root $1, using the
# captures in directory $2. Prints the differences and fails when there are any.
compare_unit() {
    local root=$1 captures=$2 number=$3 unit=$4
    local expected="$captures/$number.expected" actual="$captures/$number.actual"
    normalise_systemd "$root" "$unit" "$captures/$number.systemd" >"$expected"

    local status=0
    "$unitguard" show --target-systemd 252 --root "$root" -p "$properties" "$unit" \
        >"$captures/$number.unitguard" 2>"$captures/$number.stderr" || status=$?
    strip_root_prefix "$root" <"$captures/$number.unitguard" | sort_address_lists >"$actual"

    local name="${root#"$source_dir"/} $unit"
    if ((status > 1)); then
        echo "FAIL $name: unitguard show exited with status $status"
        sed 's/^/  stderr: /' "$captures/$number.stderr"
        return 1
    fi
    if ! diff -u --label "systemd $name" --label "unitguard $name" "$expected" "$actual"; then
        return 1
    fi
}

# Captures systemd's side of the tree with root $1 and units file $2 into directory $3;
# returns the harness status.
capture_tree() {
    local root=$1 units=$2 captures=$3 status=0
    mkdir -p "$captures"
    "$harness" --log "$captures/manager.log" "$root" -- \
        bash -c 'capture_systemd "$1" "$2"' capture "$captures" "$units" || status=$?
    return "$status"
}

failures=0
tree_number=0
while IFS=$'\t' read -r root units; do
    tree_number=$((tree_number + 1))
    captures="$work/$tree_number"
    capture_tree "$root" "$units" "$captures"
    status=$?
    if [[ $status == 77 ]]; then
        echo "skipped: no systemd user manager available"
        exit 77
    fi
    if [[ $status != 0 ]]; then
        echo "FAIL ${root#"$source_dir"/}: capturing systemd's output failed with status $status"
        failures=$((failures + 1))
        continue
    fi

    number=0
    while IFS= read -r unit; do
        number=$((number + 1))
        if [[ ${UNITGUARD_SHOW_ONLY_SYSTEMD:-0} == 1 ]]; then
            echo "== ${root#"$source_dir"/} $unit"
            normalise_systemd "$root" "$unit" "$captures/$number.systemd"
            continue
        fi
        compare_unit "$root" "$captures" "$number" "$unit" || failures=$((failures + 1))
    done <"$units"
done < <(list_trees)

if ((failures > 0)); then
    echo "$failures comparison(s) differ from systemd"
    exit 1
fi
exit 0
