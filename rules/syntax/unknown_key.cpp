// SPDX-License-Identifier: MIT
// UG102 unknown-key: a key that systemd accepts in no section, in a section the unit reads.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linter/suggest.hpp"
#include "linter/workspace.hpp"
#include "rules/directives.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kUnknownKey;

namespace {

// Keys of `section` that the target release accepts, as did-you-mean candidates.
std::vector<std::string_view> keys_of(std::string_view section, int target_version) {
    std::vector<std::string_view> keys;
    for (const Directive& directive : all_directives()) {
        if (directive.section != section) continue;
        if (directive.added_in > target_version) continue;
        if (directive.removed_in != 0 && directive.removed_in <= target_version) continue;
        keys.push_back(directive.name);
    }
    return keys;
}

// Returns "; did you mean 'Type='?" for a close key of the same section, else a close key
// of another section the unit reads ("; did you mean 'ExecStart=' in [Service]?"), else "".
std::string suggestion_for(const linter::Assignment& assignment, std::string_view unit_type,
                           int target_version) {
    std::vector<std::string_view> same = keys_of(assignment.section, target_version);
    if (auto found = linter::suggest(assignment.key, same)) {
        return linter::did_you_mean(found, "=");
    }
    for (const std::string& section :
         {std::string("Unit"), type_section(unit_type), std::string("Install")}) {
        if (section == assignment.section) continue;
        std::vector<std::string_view> other = keys_of(section, target_version);
        if (auto found = linter::suggest(assignment.key, other)) {
            return fmt::format("; did you mean '{}=' in [{}]?", *found, section);
        }
    }
    return {};
}

void check_unknown_key(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const std::string& unit_type = context.unit.loaded.name.type;
    for (const auto& file : context.unit.loaded.files) {
        for (const linter::Assignment& assignment : file->assignments) {
            if (is_extension_name(assignment.section) || is_extension_name(assignment.key)) {
                continue;
            }
            // UG105 reports unknown sections once at their header, and UG106 reports keys
            // that another section accepts.
            if (!section_known_for_type(assignment.section, unit_type)) continue;
            if (find_directive(assignment.section, assignment.key) != nullptr) continue;
            if (!sections_of(assignment.key).empty()) continue;

            std::string message = fmt::format(
                "systemd ignores the unknown key '{}=' in [{}]{}", assignment.key,
                assignment.section, suggestion_for(assignment, unit_type, context.target_version));
            Location place{context.workspace.display_path(file->path), assignment.line,
                           assignment.column,
                           assignment.column + static_cast<int>(assignment.key.size())};
            findings.push_back(
                make_rule_finding(kUnknownKey, context, std::move(message), std::move(place)));
        }
    }
}

}  // namespace

extern const Rule kUnknownKey = {
    .id = "UG102",
    .name = "unknown-key",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a key that systemd does not know in any section, so it is ignored",
    .rationale =
        "systemd logs 'Unknown key' and skips the line, so a misspelt setting leaves "
        "the default in effect while the file reads as if it were set. Keys starting "
        "with 'X-' are extensions that systemd skips without a word, and so does "
        "this rule.",
    .bad_example = "[Service]\nExecStart=/usr/bin/app\nPrivateTemp=yes\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app\nPrivateTmp=yes\n",
    .fix_hint = "correct the key name, or prefix a custom key with 'X-'",
    .references = "systemd.unit(5), systemd.syntax(7), systemd.directives(7)",
    .limitations =
        "Keys of sections that the unit type does not read are left to UG105, and "
        "keys known in another section to UG106.",
    .added_in = "0.1.0",
    .check = check_unknown_key,
};

}  // namespace unitguard::rules
