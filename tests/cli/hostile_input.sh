#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One root tree contains hostile inputs next to ordinary units: a FIFO, a symlink loop, a
# 50 MB file, a 1 MiB line, NUL bytes, invalid UTF-8, terminal escape sequences in values
# and file names, a drop-in symlinked outside the root, and inputs past each resource
# limit. Each gives exactly one finding with the expected message, the ordinary units are
# still checked, the run ends with exit code 3 without hanging, text output has no raw
# control bytes, the JSON, SARIF and JUnit reports parse, and nothing in the tree changes.
# A policy past a limit is rejected with exit code 2.
set -euo pipefail
unitguard=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
etc=$root/etc/systemd/system
lib=$root/usr/lib/systemd/system
mkdir -p "$etc" "$lib" "$work/outside"

esc=$'\e' bel=$'\a'

# Ordinary units: each misses the ProtectSystem= that the policy requires.
printf '[Service]\nExecStart=/bin/true\n' > "$etc/good.service"
printf '[Service]\nExecStart=/bin/true\nUser=app\n' > "$lib/good2.service"
printf '[Unit]\nDescription=Timer\n[Timer]\nOnCalendar=daily\n' > "$lib/good2.timer"

mkfifo "$etc/x.service"
ln -s loop.service "$etc/loop.service"
# yes ends by SIGPIPE when head has enough, which pipefail would count as a failure.
{ yes '# filler comment line' || true; } | head -c 52428800 > "$etc/big.service"
{ printf '[Service]\nExecStart=/bin/echo '; head -c 1048576 /dev/zero | tr '\0' a; printf '\n'; } \
    > "$etc/longline.service"
printf '[Service]\nExecStart=/bin/true\0\n' > "$etc/nul.service"
printf '[Service]\nExecStart=/bin/true\nDescription=caf\xe9\n' > "$etc/latin1.service"
printf '[Service]\nExecStart=/bin/true\nProtectSystem=%s[31mstrict%s]0;title%s\n' \
    "$esc" "$esc" "$bel" > "$etc/escape-value.service"
# U+009B, the C1 form of ESC [, which some terminals obey.
printf '[Service]\nExecStart=/bin/true\nProtectSystem=\xc2\x9b31mstrict\n' > "$etc/c1-value.service"
# A file name with escape sequences is no valid unit name, so only a drop-in can carry it.
mkdir "$etc/good.service.d"
printf '[Service]\nProtectHome=%s[2Jmaybe\n' "$esc" > "$etc/good.service.d/${esc}[31mred${bel}.conf"
printf '[Service]\nExecStart=/bin/secret\n' > "$work/outside/escape.conf"
ln -s ../../../../../outside/escape.conf "$etc/good.service.d/outside.conf"
ln -s "$work/outside/escape.conf" "$etc/good.service.d/absolute.conf"

# Past unitguard's own limits: drop-ins per unit, directory depth, syscall filter
# entries and specifier expansion.
printf '[Service]\nExecStart=/bin/true\n' > "$etc/many.service"
mkdir "$etc/many.service.d"
for i in $(seq -w 1 1030); do printf '[Service]\nNice=1\n' > "$etc/many.service.d/$i.conf"; done
deep=$(printf 'd/%.0s' $(seq 1 300))
mkdir -p "$etc/$deep"
printf '[Service]\nExecStart=/bin/true\n' > "$etc/${deep}deep.service"
ln -s "${deep}deep.service" "$etc/deep.service"
{ printf '[Service]\nExecStart=/bin/true\nSystemCallFilter='; printf 'read %.0s' $(seq 1 5000); printf '\n'; } \
    > "$etc/syscalls.service"
long_name=spec-$(printf 'n%.0s' $(seq 1 200)).service
{ printf '[Service]\nExecStart=/bin/true\nEnvironment=A='; printf '%%n%.0s' $(seq 1 6000); printf '\n'; } \
    > "$etc/$long_name"

cat > "$work/policy.toml" <<'TOML'
schema = 1
target-systemd = 252

[[profile]]
name = "all"
units = ["*.service"]

[profile.require]
ProtectSystem = "strict"
TOML

listing() {
    (cd "$root" && find . -printf '%p %y %s %m %T@ %l\n' | LC_ALL=C sort &&
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
listing > "$work/before"

set +e
timeout 60 "$unitguard" check --root "$root" --policy "$work/policy.toml" --color never \
    --format text --format "json:$work/out.json" --format "sarif:$work/out.sarif" \
    --format "junit:$work/out.xml" > "$work/out.txt" 2> "$work/err"
status=$?
set -e

failed=0
check() {
    if ! eval "$1"; then
        echo "FAIL: $1"
        failed=1
    fi
}
check '[[ $status -eq 3 ]]'
listing > "$work/after"
check 'cmp -s "$work/before" "$work/after"'
# No byte below 0x20 other than tab and newline, no DEL and no byte above it (so no C1
# control either) reaches the terminal.
check '! LC_ALL=C grep -q "[^[:print:][:space:]]" "$work/out.txt" "$work/err"'
check '! LC_ALL=C grep -q $'"'"'[\r\v\f]'"'"' "$work/out.txt" "$work/err"'
check 'grep -qF "unknown value '"'"'\\xc2\\x9b31mstrict'"'"'" "$work/out.txt"'

# One finding per hostile input, with the expected message: rule, unit and message with
# the work directory cut (also from absolute symlink targets, which resolve inside the
# root) and control bytes written as \xNN.
python3 - "$work" > "$work/findings" <<'PY'
import json, re, sys
work = sys.argv[1]
report = json.load(open(f"{work}/out.json"))
def show(text):
    text = text.replace(work + "/root", "").replace(work, "")
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: "\\x%02x" % ord(m.group()), text)
for finding in report["findings"]:
    if finding["rule"] in ("UG002", "UG101", "UG103"):
        print(finding["rule"], show(finding.get("unit", "")), show(finding["message"]))
print("good units checked:", sorted(f["unit"] for f in report["findings"]
                                     if f["unit"] in ("good.service", "good2.service")
                                     and f["rule"] == "UG401"))
PY
d=/etc/systemd/system
spec=${long_name%.service}
expected="UG002 big.service '$d/big.service' is 52428800 bytes, more than the maximum of 16777216 bytes
UG002 deep.service '$d/deep.service' leads more than 256 directories deep inside the root
UG002 good.service '$d/good.service.d/absolute.conf' is a symlink to '/outside/escape.conf', which does not exist inside the root
UG002 good.service '$d/good.service.d/outside.conf' is a symlink to '/outside/escape.conf', which does not exist inside the root
UG002 loop.service symlink loop or more than 40 levels of symbolic links resolving '$d/loop.service'
UG002 many.service unit 'many.service' has 1030 drop-ins, more than the maximum of 1024; '$d/many.service.d/1025.conf' and the 5 after it were not read
UG002 nul.service '$d/nul.service' contains a NUL byte on line 2; it is not a text file
UG002 $long_name value is longer than the maximum of 1048576 bytes after specifier expansion in Environment=; systemd ignores this assignment
UG002 syscalls.service SystemCallFilter= has more than the maximum of 4096 entries in this unit; this assignment was not checked
UG002 x.service '$d/x.service' is not a regular file
UG101 latin1.service invalid UTF-8 byte sequence starting with 0xe9
UG101 longline.service line 2 is 1048596 bytes long, more than systemd accepts (at most 1048575 bytes)
UG103 c1-value.service unknown value '\\x9b31mstrict' for ProtectSystem=; expected one of: yes, no, full, strict; systemd ignores this assignment
UG103 escape-value.service unknown value '\\x1b[31mstrict\\x1b]0;title\\x07' for ProtectSystem=; expected one of: yes, no, full, strict; systemd ignores this assignment
UG103 good.service unknown value '\\x1b[2Jmaybe' for ProtectHome=; expected one of: yes, no, read-only, tmpfs; systemd ignores this assignment
good units checked: ['good.service', 'good2.service']"
check '[[ "$(LC_ALL=C sort "$work/findings")" == "$(LC_ALL=C sort <<< "$expected")" ]]'

python3 - "$work" <<'PY' || failed=1
import json, sys
import xml.etree.ElementTree as ET
work = sys.argv[1]
sarif = json.load(open(f"{work}/out.sarif"))
assert sarif["version"] == "2.1.0", sarif["version"]
assert sarif["runs"][0]["results"], "SARIF lists no results"
suites = ET.parse(f"{work}/out.xml").getroot()
assert suites.iter("testcase"), "JUnit lists no test cases"
PY

# A policy past a limit is a configuration error (exit code 2) with one line.
python3 -c "print('schema = 1'); print('[' + '.'.join(['a'] * 100000) + ']')" > "$work/deep.toml"
set +e
timeout 20 "$unitguard" config validate --policy "$work/deep.toml" > "$work/policy.out" 2>&1
policy_status=$?
timeout 20 "$unitguard" config validate --policy /dev/zero > "$work/zero.out" 2>&1
zero_status=$?
set -e
check '[[ $policy_status -eq 2 ]]'
check '[[ "$(cat "$work/policy.out")" == "$work/deep.toml:2:127: error: keys and values nest more than 64 levels deep"* ]]'
check '[[ $zero_status -eq 2 ]]'
check '[[ "$(head -n 1 "$work/zero.out")" == *"failed to read policy file '"'"'/dev/zero'"'"': larger than the maximum of 16777216 bytes" ]]'

if [[ $failed -ne 0 ]]; then
    echo "exit status: $status"
    diff <(LC_ALL=C sort <<< "$expected") <(LC_ALL=C sort "$work/findings") || true
    head -c 3000 "$work/err"
    cat "$work/policy.out" "$work/zero.out" | head -c 2000
fi
exit $failed
