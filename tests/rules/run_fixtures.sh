#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the fixtures of one rule directory (tests/rules/UGnnn) and compares the output of
# `unitguard check` with the directory's expected.txt.
#
# Usage: bash run_fixtures.sh UNITGUARD RULE_DIR
#
# RULE_DIR contains unit files named for the behaviour they show (drop-ins in NAME.d/), an
# optional policy.toml, an optional `args` file whose words replace the unit-file
# arguments (e.g. `--target-systemd 252 --root root game.service`), and expected.txt: the
# text output followed by a line `exit: N`. A comment line `# expect: UGnnn` before a
# unit-file line says that line must get a finding of that rule; every finding of the
# directory's own rule must be announced that way.
# With UG_UPDATE_GOLDEN=1 the script rewrites expected.txt instead of comparing.
set -uo pipefail

unitguard=$(realpath "$1")
dir=$(realpath "$2")
rule=$(basename "$dir")
cd "$dir" || exit 1

policy=policy.toml
if [[ ! -f $policy ]]; then
    policy=$(mktemp)
    trap 'rm -f "$policy"' EXIT
    printf 'schema = 1\n' > "$policy"
fi

arguments=()
if [[ -f args ]]; then
    read -r -a arguments < args
else
    for file in *; do
        case $file in
            *.service | *.socket | *.timer | *.mount | *.path | *.target | *.slice | *.swap | *.automount)
                [[ -f $file ]] && arguments+=("$file")
                ;;
        esac
    done
fi

output=$("$unitguard" check --color never --policy "$policy" "${arguments[@]}" 2>&1)
status=$?
actual=$(printf '%s\nexit: %d\n' "$output" "$status" | sed "s|$policy|policy.toml|g")

if [[ ${UG_UPDATE_GOLDEN:-0} == 1 ]]; then
    printf '%s\n' "$actual" > expected.txt
    echo "updated $dir/expected.txt"
    exit 0
fi

failed=0
if [[ "$actual" != "$(cat expected.txt)" ]]; then
    echo "FAIL $rule: output differs from expected.txt"
    diff <(cat expected.txt) <(printf '%s\n' "$actual")
    failed=1
fi

# Every `# expect: RULE` comment needs a finding of RULE on the next line, and every
# finding of this directory's rule needs such a comment.
expected_places=$(grep -rInH -E '^[#;] *expect: *UG[0-9]+' --exclude=expected.txt . 2>/dev/null |
    sed 's|^\./||' |
    sed -E 's/^([^:]+):([0-9]+):[#;] *expect: *(UG[0-9]+).*/\1:\2 \3/' |
    awk '{ split($1, a, ":"); print a[1] ":" a[2] + 1 " " $2 }' | sort -u)
found_places=$(printf '%s\n' "$output" |
    sed -n -E 's/^([^: ]+):([0-9]+):[0-9]+: [a-z]+: .*\[(UG[0-9]+) [a-z0-9-]+\]$/\1:\2 \3/p' |
    sort -u)
while read -r place id; do
    [[ -z $place ]] && continue
    if ! grep -qx "$place $id" <<< "$found_places"; then
        echo "FAIL $rule: '# expect: $id' before $place, but no $id finding there"
        failed=1
    fi
done <<< "$expected_places"
while read -r place id; do
    [[ -z $place || $id != "$rule" ]] && continue
    if ! grep -qx "$place $id" <<< "$expected_places"; then
        echo "FAIL $rule: finding at $place has no '# expect: $id' comment before it"
        failed=1
    fi
done <<< "$found_places"
exit $failed
