// SPDX-License-Identifier: MIT
// UG117 removed-directive: a directive that the target systemd release no longer applies.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"
#include "rules/versions/directive_lifecycle.hpp"

namespace unitguard::rules {

extern const Rule kRemovedDirective;

namespace {

void check_removed_directive(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_directive_assignment(
        context, [&](const linter::Setting& setting, const linter::AppliedAssignment& applied) {
            const DirectiveEnd end = directive_end(*setting.directive);
            if (end.release == 0 || end.release > context.target_version) return;
            std::string message = end.warns
                                      ? fmt::format(
                                            "systemd {} ignores '{}=' with a warning (support "
                                            "ended in systemd {})",
                                            context.target_version, setting.name, end.release)
                                      : fmt::format(
                                            "'{}=' was removed in systemd {}; systemd {} does not "
                                            "know it and ignores this line",
                                            setting.name, end.release, context.target_version);
            Diagnostic finding = make_rule_finding(kRemovedDirective, context, std::move(message),
                                                   key_place(context, applied, setting.name));
            if (!end.advice.empty()) finding.notes.push_back(std::string(end.advice));
            findings.push_back(std::move(finding));
        });
}

}  // namespace

extern const Rule kRemovedDirective = {
    .id = "UG117",
    .name = "removed-directive",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a directive that the target systemd release no longer applies",
    .rationale =
        "systemd drops support for directives: some keys are removed and become "
        "unknown keys, others are still parsed but ignored with a warning "
        "(NetClass=, and the cgroup v1 settings such as MemoryLimit= from systemd "
        "258). Either way the unit runs without the setting.",
    .bad_example = "# target-systemd = 258\n[Service]\nExecStart=/usr/bin/app\nMemoryLimit=1G\n",
    .good_example = "# target-systemd = 258\n[Service]\nExecStart=/usr/bin/app\nMemoryMax=1G\n",
    .fix_hint = "use the replacement named in the note, or delete the line",
    .references =
        "systemd.directives(7), the NEWS file of the systemd release named in the "
        "message",
    .limitations =
        "Removal releases come from systemd's parser tables; a distribution that "
        "keeps a removed directive through a patch is not known.",
    .added_in = "0.1.0",
    .check = check_removed_directive,
};

}  // namespace unitguard::rules
