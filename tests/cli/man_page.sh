#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/unitguard.1 documents every verb, option and exit code that `--help` lists, and
# renders without warnings; `--version` prints the version and the rule set.
set -uo pipefail
unitguard=$1
source_dir=$2
page=$source_dir/docs/unitguard.1
failed=0
fail() { echo "FAIL: $*"; failed=1; }

help=$("$unitguard" --help)
# The man page escapes '-' as '\-'; compare without the escapes and font changes.
plain=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$page")

options=$(grep -oE '^  (-[a-z], )?--[a-z-]+' <<< "$help" | grep -oE -- '--[a-z-]+')
[[ $(wc -l <<< "$options") -ge 15 ]] || fail "found only $(wc -l <<< "$options") options in --help"
for option in $options; do
    grep -qE -- "(^|[ ])$option( |\$)" <<< "$plain" || fail "the man page lacks $option"
done
for verb in check show rules explain score "config validate" "baseline create" "baseline update"; do
    grep -qxF ".B $verb" <<< "$plain" || grep -qxF ".BI $verb \" RULE\"" <<< "$plain" ||
        fail "the man page lacks the verb '$verb'"
done
for code in 0 1 2 3 4; do
    grep -qE "^  $code  " <<< "$help" || fail "--help lacks exit code $code"
    grep -A1 -xF ".TP" <<< "$plain" | grep -qxF ".B $code" || fail "the man page lacks exit code $code"
done
for format in text json sarif junit github gitlab; do
    grep -qF "$format" <<< "$(grep -A3 -- '--format FMT' <<< "$help")" ||
        fail "--help lacks the format $format"
    grep -qxF ".B $format" <<< "$plain" || fail "the man page lacks the format $format"
done
for key in schema target-systemd fail-on "[[profile]]" "[sysctl]" "[[waiver]]" "[rules]"; do
    grep -qxF ".B $key" <<< "$plain" || fail "the man page lacks the policy key $key"
done

if command -v groff > /dev/null; then
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    [[ -z $warnings ]] || fail "groff warns: $warnings"
fi

version=$("$unitguard" --version)
grep -qE '^unitguard [0-9]+\.[0-9]+\.[0-9]+$' <<< "$(head -n 1 <<< "$version")" ||
    fail "--version first line: $version"
grep -qE '^rule set [0-9]+ rules, [0-9a-f]{8}$' <<< "$(sed -n 2p <<< "$version")" ||
    fail "--version second line: $version"
exit $failed
