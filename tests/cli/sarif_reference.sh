#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `check --format sarif` on the reference deployment: the log has the same open findings as
# the JSON report, repository-relative URIs, lines from 1, fingerprints, rule metadata and
# suppressions, and Microsoft's SARIF multitool finds no errors in it. The multitool comes
# from the npm package @microsoft/sarif-multitool-linux, installed into a cache directory
# (UG_TOOL_CACHE, default ~/.cache/unitguard-tests) or named by UG_SARIF_MULTITOOL.
set -uo pipefail
unitguard=$1
source_dir=$2
cd "$source_dir" || exit 1
command -v python3 > /dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$unitguard" check --root fixtures/reference --policy fixtures/reference/unitguard.toml \
    --format "sarif:$work/out.sarif" --format "json:$work/out.json"
status=$?
if [[ $status -ne 1 ]]; then
    echo "FAIL: check exited $status, expected 1"
    exit 1
fi

python3 - "$work/out.sarif" "$work/out.json" <<'PY' || exit 1
import json, re, sys
sarif = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
failures = []
def expect(condition, description):
    if not condition:
        failures.append(description)

expect(sarif["version"] == "2.1.0", "version is not 2.1.0")
run = sarif["runs"][0]
driver = run["tool"]["driver"]
expect(driver["name"] == "unitguard", "driver name")
rules = {rule["id"]: rule for rule in driver["rules"]}
ug401 = rules.get("UG401", {})
expect(ug401.get("name") == "required-setting-unmet", "UG401 name")
expect("text" in ug401.get("shortDescription", {}), "UG401 shortDescription")
expect("text" in ug401.get("fullDescription", {}), "UG401 fullDescription")
expect("unitguard explain UG401" in ug401.get("help", {}).get("text", ""), "UG401 help")
expect(ug401.get("properties", {}).get("security-severity") == "8.0",
       "UG401 security-severity")
ug402 = rules.get("UG402", {})
expect(ug402.get("helpUri") ==
       "https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html",
       "UG402 helpUri: %r" % ug402.get("helpUri"))
expect(run["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///"), "SRCROOT uri")

results = run["results"]
for result in results:
    expect(driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"],
           "ruleIndex of %s" % result["ruleId"])
    location = result["locations"][0].get("physicalLocation")
    if location is None:
        continue
    artifact = location["artifactLocation"]
    expect(artifact.get("uriBaseId") == "SRCROOT", "uriBaseId of %s" % artifact["uri"])
    expect(artifact["uri"].startswith("fixtures/reference/"), "uri %s" % artifact["uri"])
    expect(location["region"]["startLine"] >= 1, "startLine of %s" % artifact["uri"])
    fingerprint = result["partialFingerprints"]["unitguardFingerprint/v1"]
    expect(re.fullmatch("[0-9a-f]{16}", fingerprint) is not None, "fingerprint " + fingerprint)

# Same findings as the JSON report, in the same order; hidden ones carry suppressions.
def key_json(f):
    return (f["rule"], f["path"], max(f["line"], 1), f["fingerprint"], f["state"] != "open")
def key_sarif(r):
    region = r["locations"][0].get("physicalLocation", {}).get("region", {})
    uri = r["locations"][0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
    return (r["ruleId"], uri, region.get("startLine", 1),
            r["partialFingerprints"]["unitguardFingerprint/v1"], "suppressions" in r)
expected = [key_json(f) for f in report["findings"] if f["rule"] != "UG002"]
actual = [key_sarif(r) for r in results]
expect(expected == actual, "results differ from the JSON findings:\n%r\n%r" % (expected, actual))
expect(len(actual) >= 8, "only %d results" % len(actual))
invocation = run["invocations"][0]
expect(invocation["exitCode"] == 1, "exitCode")
expect(invocation["executionSuccessful"] is True, "executionSuccessful")
for failure in failures:
    print("FAIL:", failure)
sys.exit(1 if failures else 0)
PY

# Unreadable input is a notification, not a result, and the run is not successful.
"$unitguard" check --format "sarif:$work/missing.sarif" "$work/gone.service" 2> /dev/null
status=$?
python3 - "$work/missing.sarif" "$status" <<'PY' || exit 1
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
notes = run["invocations"][0]["toolExecutionNotifications"]
ok = (sys.argv[2] == "3" and run["results"] == [] and len(notes) == 1
      and notes[0]["descriptor"]["id"] == "UG002"
      and run["invocations"][0]["executionSuccessful"] is False)
if not ok:
    print("FAIL: unreadable input: exit %s, notifications %r, results %r"
          % (sys.argv[2], notes, run["results"]))
sys.exit(0 if ok else 1)
PY

# Schema and rule validation by the SARIF multitool.
cache=${UG_TOOL_CACHE:-${HOME:-/tmp}/.cache/unitguard-tests}/sarif-multitool
multitool=${UG_SARIF_MULTITOOL:-$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
if [[ ! -x $multitool && -z ${UG_SARIF_MULTITOOL:-} ]] && command -v npm > /dev/null; then
    mkdir -p "$cache"
    timeout 300 npm install --prefix "$cache" --no-audit --no-fund --silent \
        @microsoft/sarif-multitool-linux@5.7.0 > "$work/npm.log" 2>&1
    chmod u+x "$multitool" 2> /dev/null
fi
if [[ ! -x $multitool ]]; then
    echo "SKIP: the SARIF multitool is not available (npm install of" \
        "@microsoft/sarif-multitool-linux failed or npm is missing); the structural checks passed"
    exit 77
fi
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
for log in out missing; do
    "$multitool" validate "$work/$log.sarif" --output "$work/$log.validation.sarif" \
        --quiet > "$work/validate.log" 2>&1
    python3 - "$work/$log.validation.sarif" "$log" <<'PY' || { cat "$work/validate.log"; exit 1; }
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
errors = [r for run in runs for r in run.get("results", []) if r.get("level") == "error"]
for r in errors:
    print("FAIL: multitool on %s.sarif: %s %s" % (sys.argv[2], r.get("ruleId"),
                                                  r.get("message", {}).get("text")))
sys.exit(1 if errors else 0)
PY
done
exit 0
