#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `unitguard config validate` checks the policy, its waivers and a baseline file without
# loading units: it prints every error with line and column and exits 0 or 2.
set -euo pipefail
unitguard=$(realpath "$1")
source_dir=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export UNITGUARD_TODAY=2026-06-01
failed=0

# run NAME ARGS...: runs `unitguard config validate`, keeping stdout, stderr and the status.
run() {
    local name=$1
    shift
    set +e
    "$unitguard" config validate "$@" > "$name.out" 2> "$name.err"
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

# The reference policy is valid.
cp "$source_dir/fixtures/reference/unitguard.toml" reference.toml
run valid --policy reference.toml
expect "valid policy exits 0" '[[ $(cat valid.status) -eq 0 ]]'
expect "valid policy is summarised" \
    '[[ $(cat valid.out) == "policy '"'"'reference.toml'"'"' is valid: 2 profiles, 0 waivers" ]]'

# Every error is listed, in file order, each with its place.
cat > broken.toml <<'EOF'
schema = 1
fail-on = "warnig"

[rules]
disable = ["UG4O1"]

[[waiver]]
rule = "UG4O2"
reason = "the panel calls sudo"
EOF
run broken --policy broken.toml
expect "broken policy exits 2" '[[ $(cat broken.status) -eq 2 ]]'
expect "every error is listed" '[[ "$(grep ": error: " broken.err)" == "broken.toml:2:11: error: invalid value '"'"'warnig'"'"' for '"'"'fail-on'"'"': expected '"'"'error'"'"', '"'"'warning'"'"' or '"'"'info'"'"'; did you mean '"'"'warning'"'"'?
broken.toml:5:12: error: unknown rule '"'"'UG4O1'"'"' in '"'"'disable'"'"' of [rules]; did you mean '"'"'UG401'"'"'?
broken.toml:8:8: error: unknown rule '"'"'UG4O2'"'"' in '"'"'rule'"'"' of [[waiver]]; did you mean '"'"'UG402'"'"'?" ]]'
expect "errors show the source line" 'grep -qx "    rule = \"UG4O2\"" broken.err'
expect "nothing on stdout" '[[ ! -s broken.out ]]'

# An expired waiver is valid but reported as a warning.
cat > expired.toml <<'EOF'
schema = 1

[[waiver]]
rule = "UG402"
reason = "the panel calls sudo"
expires = 2026-05-31
EOF
run expired --policy expired.toml
expect "expired waiver exits 0" '[[ $(cat expired.status) -eq 0 ]]'
expect "expired waiver is a warning" \
    '[[ $(head -n 1 expired.err) == "expired.toml:6:11: warning: waiver of '"'"'UG402'"'"' expired on 2026-05-31 and no longer applies" ]]'

# The baseline file is checked too, with or without a policy.
printf '{"schema_version": 1, "findings": [{"fingerprint": "0123456789abcdef", "rule": "UG402"}]}\n' \
    > good.json
run baseline_only --baseline good.json
expect "valid baseline exits 0" '[[ $(cat baseline_only.status) -eq 0 ]]'
expect "valid baseline is summarised" \
    '[[ $(cat baseline_only.out) == "baseline '"'"'good.json'"'"' is valid: 1 entry" ]]'
printf '{"schema_version": 1,\n "findings": [{"fingerprint": "0123", "rule": "UG402"}]}\n' > bad.json
run bad_baseline --policy reference.toml --baseline bad.json
expect "bad baseline exits 2" '[[ $(cat bad_baseline.status) -eq 2 ]]'
expect "bad baseline names the place" \
    '[[ $(head -n 1 bad_baseline.err) == "bad.json:2:31: error: invalid fingerprint '"'"'0123'"'"': expected 16 lowercase hex digits" ]]'

# JSON output for tools.
run json --policy broken.toml --format json
expect "JSON exits 2" '[[ $(cat json.status) -eq 2 ]]'
expect "JSON lists the errors" \
    '[[ $(python3 -c "import json,sys; r=json.load(open(\"json.out\")); print(r[\"valid\"], len(r[\"errors\"]), r[\"errors\"][2][\"line\"])") == "False 3 8" ]]'

# With neither a policy nor a baseline there is nothing to check.
mkdir empty && touch empty/.git
(cd empty && run none)
expect "nothing to validate exits 2" '[[ $(cat empty/none.status) -eq 2 ]]'
set +e
"$unitguard" config > missing_action.out 2> missing_action.err
missing_action_status=$?
set -e
expect "config without an action exits 2" '[[ $missing_action_status -eq 2 ]]'
expect "config without an action says what is missing" \
    '[[ $(cat missing_action.err) == "unitguard: error: '"'"'config'"'"' needs an action: '"'"'config validate'"'"'" ]]'

if [[ $failed -ne 0 ]]; then
    for name in valid broken expired bad_baseline; do
        echo "--- $name (exit $(cat $name.status))"
        cat "$name.out" "$name.err"
    done
fi
exit $failed
