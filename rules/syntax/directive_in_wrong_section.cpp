// SPDX-License-Identifier: MIT
// UG106 directive-in-wrong-section: a key that systemd accepts, but only in another section.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/directives.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kDirectiveInWrongSection;

namespace {

// Names the section(s) where `key` belongs, preferring one that this unit type reads.
std::string describe(const linter::Assignment& assignment, std::string_view unit_type) {
    std::span<const std::string_view> sections = sections_of(assignment.key);
    for (std::string_view section : sections) {
        if (section != assignment.section && section_known_for_type(section, unit_type)) {
            return fmt::format("'{}=' belongs in [{}], not in [{}], so systemd ignores it here",
                               assignment.key, section, assignment.section);
        }
    }
    std::string owners;
    for (std::string_view section : sections) {
        if (!owners.empty()) owners += ", ";
        owners += fmt::format("[{}]", section);
    }
    return fmt::format(
        "'{}=' is a key of {}, which .{} units do not read, so systemd ignores "
        "it in [{}]",
        assignment.key, owners, unit_type, assignment.section);
}

void check_directive_in_wrong_section(const RuleContext& context,
                                      std::vector<Diagnostic>& findings) {
    const std::string& unit_type = context.unit.loaded.name.type;
    for (const auto& file : context.unit.loaded.files) {
        for (const linter::Assignment& assignment : file->assignments) {
            if (is_extension_name(assignment.section) || is_extension_name(assignment.key)) {
                continue;
            }
            if (!section_known_for_type(assignment.section, unit_type)) continue;
            if (find_directive(assignment.section, assignment.key) != nullptr) continue;
            if (sections_of(assignment.key).empty()) continue;

            Location place{context.workspace.display_path(file->path), assignment.line,
                           assignment.column,
                           assignment.column + static_cast<int>(assignment.key.size())};
            findings.push_back(make_rule_finding(kDirectiveInWrongSection, context,
                                                 describe(assignment, unit_type),
                                                 std::move(place)));
        }
    }
}

}  // namespace

extern const Rule kDirectiveInWrongSection = {
    .id = "UG106",
    .name = "directive-in-wrong-section",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a directive written in a section that does not take it",
    .rationale =
        "systemd looks keys up per section: 'ExecStart=' under [Unit] or 'After=' "
        "under [Service] is an unknown key there, logged and ignored. The unit then "
        "runs without the setting (a service without a command is refused outright).",
    .bad_example = "[Unit]\nDescription=App\nExecStart=/usr/bin/app\n",
    .good_example = "[Unit]\nDescription=App\n\n[Service]\nExecStart=/usr/bin/app\n",
    .fix_hint =
        "move the line under the section named in the message, or into a unit of the "
        "type that reads that section",
    .references = "systemd.unit(5), systemd.service(5), systemd.directives(7)",
    .limitations =
        "Keys in sections that the unit type does not read at all are reported by "
        "UG105 instead.",
    .added_in = "0.1.0",
    .check = check_directive_in_wrong_section,
};

}  // namespace unitguard::rules
