// SPDX-License-Identifier: MIT
// UG105 unknown-section: a [Section] that units of this type do not read.
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linter/suggest.hpp"
#include "linter/unit_name.hpp"
#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kUnknownSection;

namespace {

// The unit type whose own section is `section` ("socket" for "Socket"), or "".
std::string owning_type(std::string_view section) {
    std::string type(section);
    if (!type.empty() && type[0] >= 'A' && type[0] <= 'Z') {
        type[0] = static_cast<char>(type[0] - 'A' + 'a');
    }
    if (type == section || !linter::is_unit_type(type)) return {};
    return type;
}

std::string describe(std::string_view section, std::string_view unit_type) {
    std::string other_type = owning_type(section);
    if (!other_type.empty()) {
        return fmt::format(
            "systemd ignores [{}] and all its keys in a .{} unit; [{}] is read "
            "only in .{} units",
            section, unit_type, section, other_type);
    }
    const std::string own = type_section(unit_type);
    const std::vector<std::string_view> known{"Unit", own, "Install"};
    std::optional<std::string> close = linter::suggest(section, known);
    std::string tail = close ? fmt::format("; did you mean [{}]?", *close) : std::string();
    return fmt::format("systemd ignores the unknown section [{}] and all its keys{}", section,
                       tail);
}

void check_unknown_section(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const std::string& unit_type = context.unit.loaded.name.type;
    for (const auto& file : context.unit.loaded.files) {
        for (const linter::SectionHeader& header : file->sections) {
            // An empty header is a syntax error of its own (UG101).
            if (header.name.empty() || is_extension_name(header.name)) continue;
            if (section_known_for_type(header.name, unit_type)) continue;
            // Underline the header with its brackets.
            Location place{context.workspace.display_path(file->path), header.line, header.column,
                           header.column + static_cast<int>(header.name.size()) + 2};
            findings.push_back(make_rule_finding(
                kUnknownSection, context, describe(header.name, unit_type), std::move(place)));
        }
    }
}

}  // namespace

extern const Rule kUnknownSection = {
    .id = "UG105",
    .name = "unknown-section",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a section that units of this type do not read, so all its keys are ignored",
    .rationale =
        "A unit reads only [Unit], [Install] and the section named after its type. "
        "systemd logs 'Unknown section' once and skips every key below the header "
        "without further warnings, so a misspelt header silently drops a whole block "
        "of settings. Sections starting with 'X-' are extensions that systemd skips "
        "without a word, and so does this rule.",
    .bad_example = "[Servce]\nExecStart=/usr/bin/app\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app\n",
    .fix_hint =
        "correct the section name (names are case-sensitive), move the keys to the "
        "unit type that reads them, or prefix a custom section with 'X-'",
    .references = "systemd.unit(5), systemd.syntax(7)",
    .limitations =
        "Section names are matched case-sensitively, as systemd does; the keys "
        "inside an unknown section are not checked further.",
    .added_in = "0.1.0",
    .check = check_unknown_section,
};

}  // namespace unitguard::rules
