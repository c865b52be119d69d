#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# [[exec-rule]] queries from the policy fire at the matched word, follow suppressions and
# [rules], and a broken query exits 2 at its line in the policy.
set -euo pipefail
unitguard=$1
source_dir=$2
fixtures=$source_dir/tests/cli/exec_rule
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

check() {  # check DESCRIPTION CONDITION
    if ! eval "$2"; then
        echo "FAIL: $1"
        echo "  condition: $2"
        failed=1
    fi
}

run() {  # run POLICY NAME: writes $work/NAME.out, $work/NAME.err and $work/NAME.status
    set +e
    (cd "$fixtures" && "$unitguard" check --color never --policy "$1" --format text \
        --format "junit:$work/$2.xml" web.service worker.service \
        > "$work/$2.out" 2> "$work/$2.err")
    echo $? > "$work/$2.status"
    set -e
}

run "$fixtures/policy.toml" plain
check "findings exit 1" '[[ $(cat $work/plain.status) == 1 ]]'
check "the pipe into bash is reported at 'bash'" \
    'grep -qxF "web.service:5:70: error: downloads must not be piped into a shell [ACME-CURL-SH exec-rule]" $work/plain.out'
check "the help line is the policy's" \
    'grep -qxF "  help: vendor the installer into the image" $work/plain.out'
check "the note names the match and the query" \
    'grep -qxF "  note: '"'"'bash'"'"' in the script of ExecStartPre= matches the query at $fixtures/policy.toml:8" $work/plain.out'
check "chmod 777 is reported at '777' with the default severity" \
    'grep -qxF "web.service:6:32: warning: world-writable modes are banned [ACME-CHMOD-777 exec-rule]" $work/plain.out'
check "chmod 755 is not reported" '[[ $(grep -c "ACME-CHMOD-777" $work/plain.out) == 1 ]]'
check "units limits the chmod rule to web*.service, and the comment suppresses the download" \
    '[[ $(grep -c "^worker.service" $work/plain.out) == 0 ]]'
check "summary" '[[ $(tail -n 1 $work/plain.out) == "2 findings (1 error) in 2 units; 1 suppressed" ]]'
check "JUnit lists the chmod rule as a case of web.service only" \
    '[[ $(grep -c "name=\"ACME-CHMOD-777\"" $work/plain.xml) == 1 ]]'
check "JUnit lists the download rule for both units" \
    '[[ $(grep -c "name=\"ACME-CURL-SH\"" $work/plain.xml) == 2 ]]'

# [rules] switches off a policy rule by its ID, and waivers may name it.
{ sed 's/disable = \["UG304"\]/disable = ["UG304", "ACME-CHMOD-777"]/' "$fixtures/policy.toml"
  printf '\n[[waiver]]\nrule = "ACME-CURL-SH"\nunits = ["web.service"]\nreason = "installer pinned by hash"\n'; } \
    > "$work/switched.toml"
run "$work/switched.toml" switched
check "disabled and waived: exit 0" '[[ $(cat $work/switched.status) == 0 ]]'
check "disabled and waived: summary" \
    '[[ $(tail -n 1 $work/switched.out) == "0 findings (0 errors) in 2 units; 1 waived, 1 suppressed" ]]'

# An unbalanced parenthesis is a policy error at the line where the query ends.
sed 's/(#any-of? @report "sh" "bash")))/(#any-of? @report "sh" "bash"))/' "$fixtures/policy.toml" \
    > "$work/unbalanced.toml"
run "$work/unbalanced.toml" unbalanced
check "a broken query exits 2" '[[ $(cat $work/unbalanced.status) == 2 ]]'
check "the error names the rule and points into the query" \
    '[[ $(head -n 1 $work/unbalanced.err) == "$work/unbalanced.toml:12:1: error: invalid tree-sitter query in [[exec-rule]] '"'"'ACME-CURL-SH'"'"': syntax error" ]]'

# A misspelt node type points at the word inside a one-line query.
sed 's/(command name: (command_name) @name (#eq? @name "chmod")/(comand name: (command_name) @name (#eq? @name "chmod")/' \
    "$fixtures/policy.toml" > "$work/node_type.toml"
run "$work/node_type.toml" node_type
check "an unknown node type exits 2" '[[ $(cat $work/node_type.status) == 2 ]]'
check "the error points at the unknown node type" \
    '[[ $(head -n 1 $work/node_type.err) == "$work/node_type.toml:18:11: error: invalid tree-sitter query in [[exec-rule]] '"'"'ACME-CHMOD-777'"'"': unknown node type '"'"'comand'"'"'" ]]'

# IDs that look like built-in rules are refused.
sed 's/id = "ACME-CHMOD-777"/id = "UG777"/' "$fixtures/policy.toml" > "$work/builtin_id.toml"
run "$work/builtin_id.toml" builtin_id
check "a UGnnn ID exits 2" '[[ $(cat $work/builtin_id.status) == 2 ]]'
check "the error explains the ID" \
    '[[ $(head -n 1 $work/builtin_id.err) == "$work/builtin_id.toml:15:6: error: invalid [[exec-rule]] id '"'"'UG777'"'"': IDs of the form UGnnn belong to built-in rules" ]]'

if [[ $failed -ne 0 ]]; then
    for name in plain switched unbalanced node_type builtin_id; do
        echo "--- $name (exit $(cat "$work/$name.status"))"
        cat "$work/$name.out" "$work/$name.err"
    done
fi
exit $failed
