// SPDX-License-Identifier: MIT
// UG114 directive-newer-than-target: a directive that the target systemd release does not
// know yet, so it ignores the line.
#include <vector>

#include <fmt/format.h>

#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"
#include "rules/versions/directive_lifecycle.hpp"

namespace unitguard::rules {

extern const Rule kDirectiveNewerThanTarget;

namespace {

void check_directive_newer_than_target(const RuleContext& context,
                                       std::vector<Diagnostic>& findings) {
    for_each_directive_assignment(
        context, [&](const linter::Setting& setting, const linter::AppliedAssignment& applied) {
            const int added_in = setting.directive->added_in;
            if (added_in <= context.target_version) return;
            findings.push_back(make_rule_finding(
                kDirectiveNewerThanTarget, context,
                fmt::format("'{}=' was added in systemd {}; systemd {} does not know it and "
                            "ignores this line",
                            setting.name, added_in, context.target_version),
                key_place(context, applied, setting.name)));
        });
}

}  // namespace

extern const Rule kDirectiveNewerThanTarget = {
    .id = "UG114",
    .name = "directive-newer-than-target",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a directive that the target systemd release does not know yet",
    .rationale =
        "The target release (--target-systemd, or target-systemd in the policy) is "
        "the oldest systemd the units must work on. A release older than the "
        "directive logs 'Unknown key' and runs the unit without the setting, so "
        "hardening such as PrivatePIDs= (systemd 257) silently does nothing on a "
        "systemd 252 host.",
    .bad_example = "# target-systemd = 252\n[Service]\nExecStart=/usr/bin/app\nPrivatePIDs=yes\n",
    .good_example =
        "# target-systemd = 257\n[Service]\nExecStart=/usr/bin/app\n"
        "PrivatePIDs=yes\n",
    .fix_hint =
        "raise the target release if older hosts are gone, or reach the same goal "
        "with directives that the target release knows",
    .references = "systemd.directives(7), the 'Added in version' notes of the systemd man pages",
    .limitations =
        "Release numbers come from systemd's parser tables of each release; "
        "distribution backports of newer directives are not known.",
    .added_in = "0.1.0",
    .check = check_directive_newer_than_target,
};

}  // namespace unitguard::rules
