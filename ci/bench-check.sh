#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Times `unitguard check` over a whole root tree beside `systemd-analyze security --offline`
# over the same services, and prints the ratio. It also times the check with the Exec*=
# command rules (UG301-UG306, tree-sitter-bash) switched off and prints what they cost. Not part of the test suite: run it by hand
# on a tree from ci/debian-tree.sh after a release build.
#
# Usage: ci/bench-check.sh [--runs N] TREE
#   --runs N   time each tool N times and keep the fastest run (default 3)
#   UNITGUARD=PATH selects another binary (default build/release/unitguard)
set -euo pipefail

die() { echo "bench-check: error: $*" >&2; exit 1; }
usage() { sed -n '3,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

runs=3
while [[ $# -gt 0 ]]; do
    case $1 in
        --runs)
            [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number"
            runs=$2
            shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option '$1' (try --help)" ;;
        *) break ;;
    esac
done
[[ $# -eq 1 ]] || usage
[[ -d $1 ]] || die "'$1' is not a directory"
tree=$(cd "$1" && pwd)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unitguard=${UNITGUARD:-$root/build/release/unitguard}
[[ -x $unitguard ]] || die "$unitguard not found; build it first:" \
    "cmake --preset release && cmake --build --preset release"
command -v systemd-analyze >/dev/null || die "systemd-analyze not found (Debian package systemd)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The smallest valid policy: no profiles, so only the built-in rules run.
printf 'schema = 1\n' >"$work/policy.toml"
printf 'schema = 1\n[rules]\ndisable = ["UG301", "UG302", "UG303", "UG304", "UG305", "UG306"]\n' \
    >"$work/no-shell.toml"

# Services of the tree, as systemd-analyze takes them: unit names from the system unit
# directories in systemd's order of priority, each name once. Templates cannot be assessed
# without an instance, and a name whose first file is a symlink to /dev/null is masked.
unit_dirs=(etc/systemd/system run/systemd/system usr/local/lib/systemd/system
           usr/lib/systemd/system lib/systemd/system)
mapfile -t services < <(
    for dir in "${unit_dirs[@]}"; do
        [[ -d $tree/$dir ]] || continue
        find "$tree/$dir/" -mindepth 1 -maxdepth 1 \( -type f -o -type l \) \
            -name '*.service' ! -name '*@.service' -printf '%f\t%l\n'
    done | awk -F'\t' '!seen[$1]++ && $2 != "/dev/null" { print $1 }' | sort)
[[ ${#services[@]} -gt 0 ]] || die "no service units under $tree/{${unit_dirs[*]}}"

now() { date +%s.%N; }
# Prints the smaller of two durations.
fastest() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b == "" || a < b) ? a : b }'; }

# A check of a small tree takes a few milliseconds, so each unitguard sample times `repeat`
# runs in a row and divides, which keeps one slow process start from deciding the figure.
repeat=10
# Prints the time since START divided by `repeat`.
per_run() { awk -v s="$1" -v e="$(now)" -v n="$repeat" 'BEGIN { print (e - s) / n }'; }

# unitguard: one run over the whole tree. Exit 1 means findings, which is expected.
ug_best="" ug_status=0
for ((run = 0; run < runs; run++)); do
    ug_status=0
    start=$(now)
    for ((i = 0; i < repeat; i++)); do
        "$unitguard" check --root "$tree" --policy "$work/policy.toml" >"$work/unitguard.out" \
            2>&1 || ug_status=$?
    done
    ug_best=$(fastest "$(per_run "$start")" "$ug_best")
done

# The same without the command rules, which parse the shell scripts of Exec*= lines.
ns_best=""
for ((run = 0; run < runs; run++)); do
    start=$(now)
    for ((i = 0; i < repeat; i++)); do
        "$unitguard" check --root "$tree" --policy "$work/no-shell.toml" >/dev/null 2>&1 || true
    done
    ns_best=$(fastest "$(per_run "$start")" "$ns_best")
done

# systemd-analyze: the same services, passed in batches to keep command lines short.
batch=100
sa_best="" sa_status=0
for ((run = 0; run < runs; run++)); do
    sa_status=0
    : >"$work/analyze.out"
    start=$(now)
    for ((i = 0; i < ${#services[@]}; i += batch)); do
        systemd-analyze security --offline=true --root="$tree" --no-pager "${services[@]:i:batch}" \
            >>"$work/analyze.out" 2>&1 || sa_status=$?
    done
    sa_best=$(fastest "$(awk -v s="$start" -v e="$(now)" 'BEGIN { print e - s }')" "$sa_best")
done
assessed=$(grep -c 'Overall exposure level' "$work/analyze.out") || true

echo "tree: $tree (${#services[@]} services, fastest of $runs runs; unitguard: mean of $repeat runs in a row)"
printf '%-26s %8s s   exit %d, %d output lines\n' "unitguard check" "$ug_best" "$ug_status" \
    "$(wc -l <"$work/unitguard.out")"
printf '%-26s %8s s\n' "  without UG301-UG306" "$ns_best"
awk -v u="$ug_best" -v n="$ns_best" 'BEGIN {
    if (n < 0.001) n = 0.001
    printf "command rules (UG301-UG306): %+.1f%% of the time without them\n", (u - n) * 100 / n }'
printf '%-26s %8s s   exit %d, %d of %d services assessed, %d batches\n' \
    "systemd-analyze security" "$sa_best" "$sa_status" "$assessed" "${#services[@]}" \
    $(( (${#services[@]} + batch - 1) / batch ))
awk -v u="$ug_best" -v s="$sa_best" 'BEGIN {
    if (u < 0.001) u = 0.001
    if (s < 0.001) s = 0.001
    printf "ratio: unitguard takes %.2fx the time of systemd-analyze\n", u / s }'

if [[ $ug_status -ge 2 ]]; then
    echo "bench-check: unitguard exited $ug_status (not 0 or 1), so its time is not a fair" \
        "measure; its last lines:" >&2
    tail -n 5 "$work/unitguard.out" >&2
    exit 1
fi
if [[ $sa_status -ne 0 ]]; then
    echo "bench-check: note: systemd-analyze exited $sa_status; its messages other than the tables:" >&2
    grep -vE '^(  NAME|[✗✓] |→ |$)' "$work/analyze.out" | sort | uniq -c | sort -rn | head -n 5 >&2 || true
fi
