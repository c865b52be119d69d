// SPDX-License-Identifier: MIT
// UG118 directive-removed-later: a directive that works on the target release but that a
// newer systemd no longer applies.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"
#include "rules/versions/directive_lifecycle.hpp"

namespace unitguard::rules {

extern const Rule kDirectiveRemovedLater;

namespace {

void check_directive_removed_later(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_directive_assignment(context, [&](const linter::Setting& setting,
                                               const linter::AppliedAssignment& applied) {
        const DirectiveEnd end = directive_end(*setting.directive);
        if (end.release <= context.target_version) return;
        // A directive that the target does not know yet is reported by UG114.
        if (setting.directive->added_in > context.target_version) return;
        std::string message =
            fmt::format("'{}=' works on systemd {}, but systemd {} and later {}", setting.name,
                        context.target_version, end.release,
                        end.warns ? "ignore it with a warning" : "reject it as an unknown key");
        Diagnostic finding = make_rule_finding(kDirectiveRemovedLater, context, std::move(message),
                                               key_place(context, applied, setting.name));
        if (!end.advice.empty()) finding.notes.push_back(std::string(end.advice));
        findings.push_back(std::move(finding));
    });
}

}  // namespace

extern const Rule kDirectiveRemovedLater = {
    .id = "UG118",
    .name = "directive-removed-later",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a directive that the target release applies but newer releases ignore",
    .rationale =
        "The target release is the oldest systemd the units must work on, so the "
        "same files also run on newer hosts. A directive that a newer release stops "
        "applying (MemoryLimit=, CPUShares= and the other cgroup v1 settings from "
        "systemd 258) quietly loses its effect after an upgrade.",
    .bad_example = "# target-systemd = 252\n[Service]\nExecStart=/usr/bin/app\nCPUShares=512\n",
    .good_example = "# target-systemd = 252\n[Service]\nExecStart=/usr/bin/app\nCPUWeight=50\n",
    .fix_hint = "switch to the replacement named in the note",
    .references =
        "systemd.resource-control(5), the NEWS file of the systemd release named in "
        "the message",
    .limitations =
        "Some replacements are newer than old targets; check the replacement's "
        "release before switching.",
    .added_in = "0.1.0",
    .check = check_directive_removed_later,
};

}  // namespace unitguard::rules
