#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compares `unitguard score --model systemd-252` with `systemd-analyze security
# --offline=true` on every service of a root tree: each check's pass/fail, badness and
# exposure, the overall exposure and label, and which units either tool cannot load.
#
# Usage: ci/score-agreement.sh [--unitguard BIN] [--golden DIR] [--capture DIR] TREE [UNIT...]
#   TREE           root directory laid out like / (for example from ci/debian-tree.sh)
#   UNIT...        units to compare (default: every service below TREE that is not a template)
#   --unitguard    the unitguard binary (default: build/release/unitguard)
#   --golden DIR   read systemd-analyze's output from DIR/UNIT.json and DIR/UNIT.total
#                  instead of running it, so systemd-analyze is not needed
#   --capture DIR  also write systemd-analyze's output there, in the --golden layout
# UNIT.json is the output of `SYSTEMD_ANALYZE_DEBUG=1 systemd-analyze security --offline=true
# --root=TREE --json=short UNIT` (the debug variable adds weight, badness and range) and
# UNIT.total its overall line ("2.8 OK"); both are empty when systemd-analyze rejects UNIT.
# Prints one line per disagreement, then "N units, D disagreements". Exits 0 when D is 0,
# 1 when it is not, 2 on a usage error.
set -euo pipefail

die() { echo "score-agreement: error: $*" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unitguard=$root/build/release/unitguard
golden=
capture=
while [[ $# -gt 0 && $1 == --* ]]; do
    case $1 in
        --unitguard) unitguard=${2:?}; shift 2 ;;
        --golden) golden=${2:?}; shift 2 ;;
        --capture) capture=${2:?}; shift 2 ;;
        *) die "unknown option '$1'; see the usage at the top of ci/score-agreement.sh" ;;
    esac
done
[[ $# -ge 1 ]] || { sed -n '3,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
tree=$1
shift
[[ -d $tree ]] || die "'$tree' is not a directory"
[[ -x $unitguard ]] || die "'$unitguard' is not an executable; build unitguard or pass --unitguard"
if [[ -z $golden ]]; then
    command -v systemd-analyze >/dev/null || die "systemd-analyze not found; pass --golden DIR"
fi
[[ -z $capture ]] || mkdir -p "$capture"

units=("$@")
if [[ ${#units[@]} -eq 0 ]]; then
    mapfile -t units < <(
        for dir in etc/systemd/system run/systemd/system usr/local/lib/systemd/system \
                   usr/lib/systemd/system lib/systemd/system; do
            [[ -d $tree/$dir ]] || continue
            find "$tree/$dir/" -maxdepth 1 -name '*.service' \( -type f -o -type l \) \
                -printf '%f\n'
        done | grep -v '@\.service$' | sort -u)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes systemd-analyze's JSON and overall line for unit $1 to $work/$1.{json,total}.
oracle() {
    local unit=$1
    if [[ -n $golden ]]; then
        cp "$golden/$unit.json" "$work/$unit.json"
        cp "$golden/$unit.total" "$work/$unit.total"
        return
    fi
    SYSTEMD_ANALYZE_DEBUG=1 systemd-analyze security --offline=true --root="$tree" \
        --json=short "$unit" >"$work/$unit.json" 2>/dev/null || : >"$work/$unit.json"
    systemd-analyze security --offline=true --root="$tree" "$unit" 2>/dev/null |
        sed -n 's/^→ Overall exposure level for .*: \([0-9.]* [A-Z]*\).*/\1/p' \
        >"$work/$unit.total" || :
    if [[ -n $capture ]]; then
        cp "$work/$unit.json" "$work/$unit.total" "$capture/"
    fi
}

for unit in "${units[@]}"; do
    oracle "$unit"
    "$unitguard" score --root "$tree" --model systemd-252 --format json "$unit" \
        >"$work/$unit.unitguard" 2>/dev/null || true
done

printf '%s\n' "${units[@]}" >"$work/units"
python3 - "$work" <<'PYTHON'
import json, sys

work = sys.argv[1]
units = open(f'{work}/units').read().split()
NA = 18446744073709551615  # systemd prints UINT64_MAX as the badness of a check that does not apply
problems = 0

def report(unit, text):
    global problems
    problems += 1
    print(f"{unit}: {text}")

for unit in units:
    raw = open(f"{work}/{unit}.json").read().strip()
    total = open(f"{work}/{unit}.total").read().strip()
    try:
        ours = json.load(open(f"{work}/{unit}.unitguard"))["units"][0]
    except (ValueError, KeyError, IndexError):
        report(unit, "unitguard printed no JSON result")
        continue
    if not raw:
        if ours["state"] == "scored":
            report(unit, "systemd-analyze rejects the unit, "
                         f"unitguard scores it {ours['exposure']}")
        continue
    if ours["state"] != "scored":
        report(unit, f"unitguard does not score it ({ours['state']}: {ours.get('reason', '')}), "
                     f"systemd-analyze rates it {total}")
        continue
    checks = {check["json_field"]: check for check in ours["checks"]}
    for row in json.loads(raw):
        field = row["json_field"]
        mine = checks.pop(field, None)
        if mine is None:
            report(unit, f"{row['name']}: missing from unitguard")
            continue
        badness = row.get("badness")
        if badness == NA:
            badness = None
        if "badness" in row and badness != mine["badness"]:
            report(unit, f"{row['name']}: badness {badness} from systemd-analyze, "
                         f"{mine['badness']} from unitguard")
        elif row["set"] != mine["set"] or row["exposure"] != mine["exposure"]:
            report(unit, f"{row['name']}: systemd-analyze set={row['set']} "
                         f"exposure={row['exposure']}, unitguard set={mine['set']} "
                         f"exposure={mine['exposure']}")
    for field in checks:
        report(unit, f"{field}: only unitguard has this check")
    if total != f"{ours['exposure']} {ours['label']}":
        report(unit, f"overall {total!r} from systemd-analyze, "
                     f"{ours['exposure']} {ours['label']} from unitguard")

print(f"{len(units)} units, {problems} disagreements")
sys.exit(1 if problems else 0)
PYTHON
