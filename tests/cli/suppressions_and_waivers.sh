#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Inline suppressions and policy waivers end to end: expiry by UNITGUARD_TODAY, unknown
# rule IDs, the states in JSON, and the [rules] switches and severities.
set -euo pipefail
unitguard=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
units=root/etc/systemd/system
mkdir -p "$units"
failed=0

cat > "$units/web.service" <<'EOF'
[Service]
ExecStart=/usr/bin/panel
# unitguard: ignore=UG402 reason="the panel calls sudo" until=2027-06-30
NoNewPrivileges=yes
EOF
cat > "$units/db.service" <<'EOF'
[Service]
ExecStart=/usr/bin/db
NoNewPrivileges=yes
EOF
cat > base.toml <<'EOF'
schema = 1

[[profile]]
name = "all"
units = ["*.service"]

[profile.forbid]
NoNewPrivileges = true
EOF
cp base.toml policy.toml
cat >> policy.toml <<'EOF'

[[waiver]]
rule = "UG402"
units = ["db.service"]
reason = "the backup hook calls sudo"
EOF

# run NAME ARGS...: runs unitguard on the tree, keeping stdout, stderr and the exit status.
run() {
    local name=$1
    shift
    set +e
    "$unitguard" check --root root --color never "$@" > "$name.out" 2> "$name.err"
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

# On its last day the suppression still applies. The waiver covers the other unit.
UNITGUARD_TODAY=2027-06-30 run last_day --policy policy.toml
expect "last day exits 0" '[[ $(cat last_day.status) -eq 0 ]]'
expect "last day hides both findings" \
    '[[ $(cat last_day.out) == "0 findings (0 errors) in 2 units; 1 waived, 1 suppressed" ]]'

# The day after, the suppression stops suppressing, and both the comment and the finding
# explain why.
UNITGUARD_TODAY=2027-07-01 run expired --policy policy.toml
expect "expired suppression fails the run" '[[ $(cat expired.status) -eq 1 ]]'
expect "expired comment is reported" \
    'grep -qx "root/etc/systemd/system/web.service:3:63: warning: suppression expired on 2027-06-30; the findings it covered are reported again \[UG903 expired-suppression\]" expired.out'
expect "the finding is back" \
    'grep -qx "root/etc/systemd/system/web.service:4:17: error: NoNewPrivileges=yes is forbidden but in effect \[UG402 forbidden-setting-in-effect\]" expired.out'
expect "the finding names the expired comment" \
    'grep -qx "  note: the suppression at root/etc/systemd/system/web.service:3 expired on 2027-06-30" expired.out'

# JSON keeps the accepted findings with their state and reason.
UNITGUARD_TODAY=2027-06-30 run json --policy policy.toml --format json
python3 - json.out > states.txt <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for finding in report["findings"]:
    print(finding["rule"], finding["unit"], finding["state"], finding["state_reason"],
          finding["state_source"], finding["directive"], finding["value"])
PY
expect "JSON states" '[[ "$(cat states.txt)" == "UG402 db.service waived the backup hook calls sudo policy.toml:10 NoNewPrivileges yes
UG402 web.service suppressed the panel calls sudo root/etc/systemd/system/web.service:3 NoNewPrivileges yes" ]]'

# An unknown rule in a comment is a finding, and suppresses nothing.
sed -i 's/ignore=UG402/ignore=UG42/' "$units/web.service"
UNITGUARD_TODAY=2027-06-30 run unknown --policy policy.toml
expect "unknown rule fails the run" '[[ $(cat unknown.status) -eq 1 ]]'
expect "unknown rule is reported" \
    'grep -qx "root/etc/systemd/system/web.service:3:21: error: unknown rule '"'"'UG42'"'"' in suppression comment; did you mean '"'"'UG402'"'"'? \[UG902 unknown-rule-in-suppression\]" unknown.out'

# A waiver naming an unknown rule is a configuration error.
sed 's/rule = "UG402"/rule = "UG4O2"/' policy.toml > typo.toml
run typo --policy typo.toml
expect "waiver typo exits 2" '[[ $(cat typo.status) -eq 2 ]]'
expect "waiver typo names the line" \
    '[[ $(head -n 1 typo.err) == "typo.toml:11:8: error: unknown rule '"'"'UG4O2'"'"' in '"'"'rule'"'"' of [[waiver]]; did you mean '"'"'UG402'"'"'?" ]]'

# [rules] turns a rule off, or lowers its severity below --fail-on.
cp base.toml disabled.toml
printf '\n[rules]\ndisable = ["UG402", "UG902"]\n' >> disabled.toml
run disabled --policy disabled.toml
expect "disabled rule exits 0" '[[ $(cat disabled.status) -eq 0 ]]'
expect "disabled rule reports nothing" '[[ ! -s disabled.out ]]'
cp base.toml lowered.toml
printf '\n[rules.severity]\nUG402 = "info"\nUG902 = "info"\n' >> lowered.toml
run lowered --policy lowered.toml --fail-on warning
expect "info findings do not fail the run" '[[ $(cat lowered.status) -eq 0 ]]'
expect "info findings are shown" '[[ $(tail -n 1 lowered.out) == "3 findings (0 errors) in 2 units" ]]'

# An invalid date override is a usage error.
UNITGUARD_TODAY=2027-13-01 run bad_today --policy policy.toml
expect "invalid UNITGUARD_TODAY exits 2" '[[ $(cat bad_today.status) -eq 2 ]]'
expect "invalid UNITGUARD_TODAY is named" \
    '[[ $(cat bad_today.err) == "unitguard: error: invalid UNITGUARD_TODAY '"'"'2027-13-01'"'"': expected a date such as 2027-06-30" ]]'

if [[ $failed -ne 0 ]]; then
    for name in last_day expired unknown typo disabled lowered; do
        echo "--- $name (exit $(cat $name.status))"
        cat "$name.out" "$name.err"
    done
fi
exit $failed
