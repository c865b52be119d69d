#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A baseline of a tree with findings makes `check --baseline` clean, keeps it clean when
# lines move or the root is spelt differently, and reports exactly the finding that a new
# weakening drop-in brings. `baseline update` then accepts it, and prunes it once the
# drop-in is gone. The tree is tests/cli/baseline (two services, three findings).
set -euo pipefail
unitguard=$(realpath "$1")
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source_dir/tests/cli/baseline/." "$work/"
cd "$work"
units=root/etc/systemd/system
export UNITGUARD_TODAY=2026-06-01
failed=0

# run NAME ARGS...: runs unitguard, keeping stdout, stderr and the exit status.
run() {
    local name=$1
    shift
    set +e
    "$unitguard" "$@" --policy policy.toml --color never > "$name.out" 2> "$name.err"
    echo $? > "$name.status"
    set -e
}

# expect DESCRIPTION CONDITION: records a failure when CONDITION is false.
expect() {
    if ! eval "$2"; then
        echo "FAIL: $1"
        echo "  condition: $2"
        failed=1
    fi
}

# The tree has findings to begin with.
run plain check --root root
expect "the tree has findings" '[[ $(cat plain.status) -eq 1 ]]'
expect "three findings" '[[ $(tail -n 1 plain.out) == "3 findings (3 errors) in 2 units" ]]'

# create writes them all, and then the run is clean.
run create baseline create --root root --output baseline.json
expect "create exits 0" '[[ $(cat create.status) -eq 0 ]]'
expect "create reports what it wrote" \
    '[[ $(cat create.err) == "unitguard: wrote 3 entries to '"'"'baseline.json'"'"' (3 added, 0 removed)" ]]'
expect "three entries" '[[ $(grep -c "\"fingerprint\"" baseline.json) -eq 3 ]]'
expect "entries name the path inside the root" \
    'grep -q "\"path\": \"/etc/systemd/system/api.service\"" baseline.json'

run clean check --root root --baseline baseline.json
expect "baselined run exits 0" '[[ $(cat clean.status) -eq 0 ]]'
expect "baselined run reports no finding" \
    '[[ $(cat clean.out) == "0 findings (0 errors) in 2 units; 3 baselined" ]]'

run clean_json check --root root --baseline baseline.json --format json
expect "JSON lists the baselined findings" \
    '[[ $(grep -o "\"state\":\"baselined\"" clean_json.out | wc -l) -eq 3 ]]'

# Moving lines and spelling the root differently change no fingerprint.
sed -i '1i # Owned by the API team.\n' "$units/api.service"
sed -i 's/^User=worker$/User=worker\n\n/' "$units/worker.service"
run moved check --root ./root/ --baseline baseline.json
expect "moved lines stay baselined" '[[ $(cat moved.status) -eq 0 ]]'
expect "moved lines report no finding" \
    '[[ $(cat moved.out) == "0 findings (0 errors) in 2 units; 3 baselined" ]]'

# A debugging drop-in that empties the syscall filter is the one new finding.
mkdir -p "$units/api.service.d"
printf '[Service]\nSystemCallFilter=\n' > "$units/api.service.d/50-debug.conf"
run weakened check --root root --baseline baseline.json
expect "the new finding fails the run" '[[ $(cat weakened.status) -eq 1 ]]'
expect "exactly the new finding" \
    '[[ $(grep -c "^root/" weakened.out) -eq 1 ]]'
expect "the new finding is the drop-in" \
    '[[ $(head -n 1 weakened.out) == "root/etc/systemd/system/api.service.d/50-debug.conf:2:1: error: api.service: syscall '"'"'ptrace'"'"' must be denied but no SystemCallFilter= is in effect [UG403 denied-syscall-allowed]" ]]'
expect "one open, three baselined" \
    '[[ $(tail -n 1 weakened.out) == "1 finding (1 error) in 2 units; 3 baselined" ]]'

# update accepts the new finding ...
run update baseline update --root root --baseline baseline.json
expect "update exits 0" '[[ $(cat update.status) -eq 0 ]]'
expect "update adds one entry" \
    '[[ $(cat update.err) == "unitguard: wrote 4 entries to '"'"'baseline.json'"'"' (1 added, 0 removed)" ]]'
run updated check --root root --baseline baseline.json
expect "updated baseline is clean" '[[ $(cat updated.status) -eq 0 ]]'

# ... and prunes it when the drop-in is removed.
rm -r "$units/api.service.d"
run stale check --root root --baseline baseline.json
expect "stale entry is mentioned" \
    '[[ $(cat stale.err) == "unitguard: 1 entry of '"'"'baseline.json'"'"' matched no finding; '"'"'unitguard baseline update'"'"' removes them" ]]'
run pruned baseline update --root root --baseline baseline.json
expect "update removes the stale entry" \
    '[[ $(cat pruned.err) == "unitguard: wrote 3 entries to '"'"'baseline.json'"'"' (0 added, 1 removed)" ]]'
expect "the first entries keep their date" '[[ $(grep -c "\"since\": \"2026-06-01\"" baseline.json) -eq 3 ]]'

# update needs an existing baseline.
run no_baseline baseline update --root root --baseline absent.json
expect "update without a baseline exits 2" '[[ $(cat no_baseline.status) -eq 2 ]]'
expect "update without a baseline says how to make one" \
    '[[ $(cat no_baseline.err) == "unitguard: error: baseline file '"'"'absent.json'"'"' not found; create it with '"'"'unitguard baseline create'"'"'" ]]'

# A broken baseline is a configuration error.
printf '{"schema_version": 1, "findings": [{"rule": "UG401"}]}\n' > broken.json
run broken check --root root --baseline broken.json
expect "broken baseline exits 2" '[[ $(cat broken.status) -eq 2 ]]'
expect "broken baseline names the place" \
    '[[ $(head -n 1 broken.err) == "broken.json:1:36: error: missing required key '"'"'fingerprint'"'"' in a finding" ]]'
run missing check --root root --baseline absent.json
expect "missing baseline exits 2" '[[ $(cat missing.status) -eq 2 ]]'
expect "missing baseline is named" \
    '[[ $(cat missing.err) == "absent.json: error: failed to read baseline file '"'"'absent.json'"'"': No such file or directory" ]]'

if [[ $failed -ne 0 ]]; then
    for name in plain clean weakened update stale; do
        echo "--- $name (exit $(cat $name.status))"
        cat "$name.out" "$name.err"
    done
fi
exit $failed
