// SPDX-License-Identifier: MIT
// UG107 duplicate-scalar-assignment: a single-value directive set twice in one file, so the
// earlier assignment never takes effect.
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/directives.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kDuplicateScalarAssignment;

namespace {

void check_setting(const RuleContext& context, const linter::Setting& setting,
                   std::vector<Diagnostic>& findings) {
    for (const linter::AppliedAssignment& earlier : setting.history) {
        // An empty assignment is the usual way to reset a value before setting it again,
        // and ignored assignments are reported by the rule that explains why.
        if (earlier.overridden_by == 0 || earlier.value.empty() || !earlier.ignored.empty()) {
            continue;
        }
        const linter::AppliedAssignment& later = setting.history[earlier.overridden_by - 1];
        if (later.path != earlier.path) continue;  // drop-ins override on purpose

        Diagnostic finding = make_rule_finding(
            kDuplicateScalarAssignment, context,
            fmt::format("'{}=' is set again on line {} of this file, so this value never takes "
                        "effect",
                        setting.name, later.line),
            key_place(context, earlier, setting.name));
        finding.notes.push_back(
            later.value.empty()
                ? fmt::format("line {} resets '{}=' to its default", later.line, setting.name)
                : fmt::format("line {} sets '{}={}'", later.line, setting.name, later.raw_value));
        findings.push_back(std::move(finding));
    }
}

void check_duplicate_scalar_assignment(const RuleContext& context,
                                       std::vector<Diagnostic>& findings) {
    for (const auto& [key, setting] : context.unit.effective.settings.by_key) {
        if (setting.directive == nullptr) continue;
        if (setting.directive->accumulation != Accumulation::Replace) continue;
        if (!section_known_for_type(setting.section, context.unit.loaded.name.type)) continue;
        check_setting(context, setting, findings);
    }
}

}  // namespace

extern const Rule kDuplicateScalarAssignment = {
    .id = "UG107",
    .name = "duplicate-scalar-assignment",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a single-value directive assigned twice in one file; the earlier value is dead",
    .rationale =
        "For directives that hold one value the last assignment wins, so the earlier "
        "line of the same file has no effect. Usually one of them is a leftover from "
        "an edit and the reader cannot tell which value was meant. List directives "
        "(ExecStart=, Environment=, ...) accumulate on purpose and are not reported, "
        "and neither are overrides from drop-ins.",
    .bad_example = "[Service]\nUser=app\nExecStart=/usr/bin/app\nUser=root\n",
    .good_example = "[Service]\nUser=app\nExecStart=/usr/bin/app\n",
    .fix_hint = "delete the assignment that is not meant, or move an override to a drop-in",
    .references = "systemd.unit(5), systemd.syntax(7)",
    .limitations =
        "An earlier empty assignment (a reset) is not reported. Directives that the "
        "directive table lists as single-value are checked even where systemd's own "
        "parser would merge the values.",
    .added_in = "0.1.0",
    .check = check_duplicate_scalar_assignment,
};

}  // namespace unitguard::rules
