#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `check --format junit` on the reference deployment lists each policy rule that a matching
# profile applies to a unit as a test case of that unit. The case fails when the unit has a
# finding of the rule and passes otherwise. Units that no profile matches get no policy
# cases, and a rule that [rules] disables gets none either.
set -uo pipefail
unitguard=$1
source_dir=$2
cd "$source_dir" || exit 1
command -v python3 > /dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$unitguard" check --root fixtures/reference --policy fixtures/reference/unitguard.toml \
    --format "junit:$work/reference.xml"
status=$?
[[ $status -eq 1 ]] || { echo "FAIL: check of fixtures/reference exited $status, expected 1"; exit 1; }
"$unitguard" check --root fixtures/reference-clean \
    --policy fixtures/reference-clean/unitguard.toml --format "junit:$work/clean.xml"
status=$?
[[ $status -eq 0 ]] || { echo "FAIL: check of fixtures/reference-clean exited $status, expected 0"; exit 1; }
{
    cat fixtures/reference/unitguard.toml
    printf '\n[rules]\ndisable = ["UG401"]\n'
} > "$work/without-ug401.toml"
"$unitguard" check --root fixtures/reference --policy "$work/without-ug401.toml" \
    --format "junit:$work/without-ug401.xml"
status=$?
[[ $status -eq 1 ]] || { echo "FAIL: check with UG401 disabled exited $status, expected 1"; exit 1; }

python3 - "$work" <<'PY'
import sys
import xml.etree.ElementTree as ElementTree

work = sys.argv[1]
POLICY_RULES = ("UG401", "UG402", "UG403", "UG404", "UG405")
failed = False


def fail(message):
    global failed
    print(f"FAIL: {message}")
    failed = True


def policy_outcomes(path):
    """Returns {suite: {rule ID: "passed" | "failure" | "skipped"}} for UG401 to UG405."""
    root = ElementTree.parse(path).getroot()
    outcomes = {}
    for suite in root.iter("testsuite"):
        cases = outcomes.setdefault(suite.get("name"), {})
        for case in suite.iter("testcase"):
            rule_id = case.get("name").split()[0]
            if rule_id not in POLICY_RULES:
                continue
            if case.find("failure") is not None:
                cases[rule_id] = "failure"
            elif case.find("skipped") is not None:
                cases[rule_id] = "skipped"
            else:
                cases[rule_id] = "passed"
    return outcomes


def check_counts(path):
    root = ElementTree.parse(path).getroot()
    cases = list(root.iter("testcase"))
    failures = sum(case.find("failure") is not None for case in cases)
    if int(root.get("tests")) != len(cases):
        fail(f"{path}: tests={root.get('tests')} but it has {len(cases)} test cases")
    if int(root.get("failures")) != failures:
        fail(f"{path}: failures={root.get('failures')} but {failures} cases fail")


def expect(outcomes, label, suite, expected):
    actual = outcomes.get(suite, {})
    if actual != expected:
        fail(f"{label}: policy cases of {suite} are {actual}, expected {expected}")


reference = policy_outcomes(f"{work}/reference.xml")
check_counts(f"{work}/reference.xml")
expect(reference, "reference", "game-server@1.service",
       {"UG401": "failure", "UG402": "passed", "UG403": "failure", "UG405": "failure"})
expect(reference, "reference", "game-server@2.service",
       {"UG401": "passed", "UG402": "failure", "UG403": "failure", "UG405": "failure"})
# Profile game-web has forbid and exposure-max, but no require and no syscalls.deny.
expect(reference, "reference", "game-web.service", {"UG402": "failure", "UG405": "passed"})
expect(reference, "reference", "game-web.socket", {})
# [sysctl] is checked against sysctl.d files, so its finding forms a suite of that file.
expect(reference, "reference", "fixtures/reference/usr/lib/sysctl.d/70-debug-tools.conf",
       {"UG404": "failure"})

clean = policy_outcomes(f"{work}/clean.xml")
check_counts(f"{work}/clean.xml")
for unit in ("game-server@1.service", "game-server@2.service"):
    expect(clean, "reference-clean", unit,
           {"UG401": "passed", "UG402": "passed", "UG403": "passed", "UG405": "passed"})

without_ug401 = policy_outcomes(f"{work}/without-ug401.xml")
for suite, cases in without_ug401.items():
    if "UG401" in cases:
        fail(f"UG401 disabled: {suite} still has a UG401 case")
expect(without_ug401, "UG401 disabled", "game-server@2.service",
       {"UG402": "failure", "UG403": "failure", "UG405": "failure"})

sys.exit(1 if failed else 0)
PY
