#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `unitguard score` output and exit codes: the per-check table of one unit, the sorted list
# of several, the lines for units it does not score, JSON, --threshold, usage errors and
# user units. Expected exposures are those systemd-analyze security of systemd 252 prints
# for the same unit text.
set -euo pipefail
unitguard=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
units=$work/root/etc/systemd/system
mkdir -p "$units" "$work/root/etc/systemd/user"

printf '[Service]\nExecStart=/bin/true\n' > "$units/plain.service"
printf '[Service]\nExecStart=/bin/true\nDynamicUser=yes\n' > "$units/hard.service"
printf '[Socket]\nListenStream=/run/a.sock\n' > "$units/a.socket"
ln -s /dev/null "$units/masked.service"
printf '[Service]\nExecStart=/bin/true\nUser=me\n' > "$work/root/etc/systemd/user/u.service"

failed=0
check() {
    if ! eval "$1"; then
        echo "FAIL: $1"
        failed=1
    fi
}
# Runs unitguard with the remaining arguments; sets out, err and status.
run() {
    set +e
    timeout 20 "$unitguard" score --root "$work/root" "$@" > "$work/out" 2> "$work/err"
    status=$?
    set -e
    out=$(cat "$work/out")
    err=$(cat "$work/err")
}

# One unit: a table row per check, then the overall line.
run --model systemd-252 plain.service
check '[[ $status -eq 0 ]]'
check '[[ $(head -n 1 <<<"$out") == "plain.service (model systemd-252)" ]]'
check '[[ $(tail -n 1 <<<"$out") == "→ exposure 9.6 UNSAFE" ]]'
check 'grep -Eq "^  PrivateNetwork= +✗ +0\.5 +not set$" <<<"$out"'
check 'grep -Eq "^  SupplementaryGroups= +n/a +the service runs as root; not set$" <<<"$out"'
check 'grep -Eq "^  UMask= +✗ +0\.1 +not set$" <<<"$out"'
check '[[ $(grep -c "^  [A-Za-z]*=" <<<"$out") -eq 81 ]]'

# The deciding line of an implied value.
run --model systemd-252 hard.service
check '[[ $(tail -n 1 <<<"$out") == "→ exposure 8.4 EXPOSED" ]]'
check 'grep -Eq "^  PrivateTmp= +✓ +$work/root/etc/systemd/system/hard.service:3 \(DynamicUser=yes implies PrivateTmp=yes\)$" <<<"$out"'

# Several units: sorted by exposure, then one line for each unit not scored; exit 3
# because two could not be loaded.
run --model systemd-252 masked.service hard.service missing.service a.socket plain.service
expected="EXPOSURE  LABEL      UNIT
9.6       UNSAFE     plain.service
8.4       EXPOSED    hard.service
n/a                  a.socket: not a service; systemd-analyze security rates services only
-                    masked.service: not loaded: unit is masked
-                    missing.service: not loaded: unit not found"
check '[[ $out == "$expected" ]]'
check '[[ $status -eq 3 ]]'

# Without unit names every service below the root is listed, and only services.
run --model systemd-252
check '[[ $out == "$(sed -n 1,3p <<<"$expected")" ]]'

# --threshold fails a unit only when its exposure is above it, as systemd does.
run --model systemd-252 --threshold 9.5 plain.service
check '[[ $status -eq 1 ]]'
check '[[ $(tail -n 1 <<<"$out") == "→ exposure 9.6 UNSAFE, above the threshold 9.5" ]]'
run --model systemd-252 --threshold 9.6 plain.service
check '[[ $status -eq 0 ]]'
run --model systemd-252 --threshold 8.5 plain.service hard.service
check '[[ $status -eq 1 ]]'
check 'grep -qx "9.6       UNSAFE     plain.service  (above the threshold)" <<<"$out"'
check 'grep -qx "8.4       EXPOSED    hard.service" <<<"$out"'

# JSON: one document with every unit, its checks and totals.
run --model systemd-252 --format json plain.service a.socket hard.service
check '[[ $status -eq 0 ]]'
check 'python3 - "$work/out" <<'"'"'PYTHON'"'"'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["model"] == "systemd-252", doc["model"]
assert doc["threshold"] is None
names = [unit["unit"] for unit in doc["units"]]
assert names == ["plain.service", "hard.service", "a.socket"], names
plain = doc["units"][0]
assert (plain["state"], plain["exposure"], plain["label"]) == ("scored", "9.6", "UNSAFE")
assert (plain["badness_sum"], plain["weight_sum"]) == (53510, 56160), plain["badness_sum"]
assert len(plain["checks"]) == 81
network = [c for c in plain["checks"] if c["json_field"] == "PrivateNetwork"][0]
assert network == {"id": "PrivateNetwork=", "json_field": "PrivateNetwork", "result": "fail",
                   "set": False, "weight": 2500, "badness": 1, "range": 1, "exposure": "0.5",
                   "detail": "", "decided_by": []}, network
groups = [c for c in plain["checks"] if c["json_field"] == "SupplementaryGroups"][0]
assert (groups["result"], groups["set"], groups["badness"]) == ("n/a", None, None), groups
tmp = [c for c in doc["units"][1]["checks"] if c["json_field"] == "PrivateTmp"][0]
assert tmp["decided_by"][0]["directive"] == "DynamicUser", tmp
assert tmp["decided_by"][0]["line"] == 3, tmp
assert doc["units"][2] == {"unit": "a.socket", "state": "not-scored",
                           "reason": "not a service; systemd-analyze security rates services only"}
PYTHON'

# Usage errors exit 2 and name the bad value.
run --model systemd-257 plain.service
check '[[ $status -eq 2 ]]'
check '[[ $err == "unitguard: error: invalid --model '"'"'systemd-257'"'"'; expected systemd-252, systemd-260 or unitguard" ]]'
run --threshold 7.55 plain.service
check '[[ $status -eq 2 ]]'
check '[[ $err == "unitguard: error: invalid --threshold '"'"'7.55'"'"'; expected an exposure from 0.0 to 10.0 such as 5 or 7.5" ]]'

# User units leave out the checks of system-only settings, and a note names them.
run --user u.service
check '[[ $status -eq 0 ]]'
check 'grep -Eq "^  User=/DynamicUser= +n/a +only system services support this setting; not set$" <<<"$out"'
check 'grep -qx "note: user units: checks of User=, DynamicUser=, SupplementaryGroups=, ProtectProc=, ProcSubset=, ProtectControlGroups= and RemoveIPC= are left out, because only system services support those settings" <<<"$out"'

exit $failed
