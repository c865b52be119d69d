#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `check --format json` validates against schemas/unitguard-report.schema.json for the
# reference deployment (findings, waived ones included), a clean tree and unreadable input,
# and the schema rejects a report with an unknown finding state.
set -uo pipefail
unitguard=$1
source_dir=$2
cd "$source_dir" || exit 1
# Debian's python3-jsonschema serves /usr/bin/python3, which may differ from the python3
# first on PATH.
python=python3
if ! python3 -c 'import jsonschema' 2> /dev/null; then
    python=/usr/bin/python3
fi
if ! "$python" -c 'import jsonschema' 2> /dev/null; then
    echo "SKIP: python3-jsonschema is not installed"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$unitguard" check --root fixtures/reference --policy fixtures/reference/unitguard.toml \
    --format "json:$work/reference.json"
"$unitguard" check --root fixtures/reference-clean \
    --policy fixtures/reference-clean/unitguard.toml --format "json:$work/clean.json"
"$unitguard" check --format "json:$work/missing.json" "$work/gone.service" 2> /dev/null

"$python" - schemas/unitguard-report.schema.json "$work" <<'PY'
import copy, json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
failed = False
reports = {}
for name in ["reference", "clean", "missing"]:
    report = json.load(open("%s/%s.json" % (sys.argv[2], name)))
    reports[name] = report
    for error in validator.iter_errors(report):
        print("FAIL: %s.json: %s at %s" % (name, error.message, list(error.absolute_path)))
        failed = True
expectations = [
    (reports["reference"]["exit_code"] == 1, "reference exit_code is not 1"),
    (len(reports["reference"]["findings"]) >= 8, "reference has too few findings"),
    (reports["clean"]["findings"] == [], "clean tree has findings"),
    (reports["missing"]["exit_code"] == 3, "missing input exit_code is not 3"),
]
for ok, description in expectations:
    if not ok:
        print("FAIL:", description)
        failed = True
broken = copy.deepcopy(reports["reference"])
broken["findings"][0]["state"] = "ignored"
if validator.is_valid(broken):
    print("FAIL: the schema accepts the finding state 'ignored'")
    failed = True
sys.exit(1 if failed else 0)
PY
