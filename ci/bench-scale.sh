#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Times `unitguard check --root TREE` with a policy over a synthetic tree from
# ci/gen-tree.sh, beside `cat` of every file of the same tree, and prints both wall times
# (fastest of 3 runs, warm page cache), their ratio and unitguard's peak RSS. The targets
# are a ratio of at most 5 and a peak RSS below 200 MB. Not part of the test suite.
#
# Usage: ci/bench-scale.sh [BIN]
#   BIN            unitguard binary (default build/release/unitguard)
#   UNITS=N        units in the generated tree (default 10000)
#   SCALE_TREE=DIR where the tree is generated once and reused (default
#                  /tmp/unitguard-scale-tree-UNITS; regenerated when ci/gen-tree.sh changes)
set -euo pipefail

die() { echo "bench-scale: error: $*" >&2; exit 1; }
[[ $# -le 1 && ${1:-} != -* ]] || { sed -n '3,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
unitguard=${1:-$root/build/release/unitguard}
[[ -x $unitguard ]] || die "$unitguard not found; build it first:" \
    "cmake --preset release && cmake --build --preset release"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found; install the Debian package 'time'"
units=${UNITS:-10000}
tree=${SCALE_TREE:-/tmp/unitguard-scale-tree-$units}
runs=3

# The stamp next to the tree records the generator that made it.
stamp="$tree.stamp"
generator_sum="$(sha256sum "$root/ci/gen-tree.sh" | cut -d' ' -f1) $units"
if [[ ! -d $tree || ! -f $stamp || $(cat "$stamp") != "$generator_sum" ]]; then
    rm -rf "$tree" "$stamp"
    bash "$root/ci/gen-tree.sh" "$tree" "$units"
    echo "$generator_sum" > "$stamp"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/policy.toml" <<'TOML'
schema = 1
target-systemd = 252
fail-on = "error"

[[profile]]
name = "services"
units = ["*.service"]
exposure-max = 9.5

[profile.require]
NoNewPrivileges = true
ProtectSystem = "strict"

[profile.forbid]
PrivateNetwork = true

[profile.syscalls]
deny = ["ptrace", "process_vm_readv", "process_vm_writev", "@mount"]
TOML

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }
fastest() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b == "" || a < b) ? a : b }'; }

cat_best=""
for ((run = 0; run < runs; run++)); do
    start=$(now)
    find "$tree" -type f -print0 | xargs -0 cat > /dev/null
    cat_best=$(fastest "$(elapsed "$start" "$(now)")" "$cat_best")
done

ug_best="" rss_max=0 status=0
for ((run = 0; run < runs; run++)); do
    status=0
    start=$(now)
    /usr/bin/time -v -o "$work/time.txt" "$unitguard" check --root "$tree" \
        --policy "$work/policy.toml" > "$work/out.txt" 2> "$work/err.txt" || status=$?
    ug_best=$(fastest "$(elapsed "$start" "$(now)")" "$ug_best")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
    (( rss > rss_max )) && rss_max=$rss
done

files=$(find "$tree" -type f | wc -l)
echo "tree: $tree ($files files, fastest of $runs runs, warm cache)"
printf '%-22s %8s s\n' "cat of every file" "$cat_best"
printf '%-22s %8s s   exit %d, %s\n' "unitguard check" "$ug_best" "$status" \
    "$(tail -n 1 "$work/out.txt")"
awk -v u="$ug_best" -v c="$cat_best" 'BEGIN {
    if (c < 0.001) c = 0.001
    printf "ratio: %.2f (target: at most 5)\n", u / c }'
awk -v k="$rss_max" 'BEGIN { printf "peak RSS: %.1f MB (target: below 200 MB)\n", k / 1024 }'

if [[ $status -ge 2 ]]; then
    echo "bench-scale: unitguard exited $status (not 0 or 1), so its time is not a fair measure;" \
        "its messages:" >&2
    head -n 5 "$work/err.txt" >&2
    exit 1
fi
