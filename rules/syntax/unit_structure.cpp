// SPDX-License-Identifier: MIT
// Unit-type sections and assignment places shared by the syntax and version rules.
#include "rules/syntax/unit_structure.hpp"

#include "linter/workspace.hpp"

namespace unitguard::rules {

std::string type_section(std::string_view unit_type) {
    std::string section(unit_type);
    if (!section.empty() && section[0] >= 'a' && section[0] <= 'z') {
        section[0] = static_cast<char>(section[0] - 'a' + 'A');
    }
    return section;
}

bool section_known_for_type(std::string_view section, std::string_view unit_type) {
    return section == "Unit" || section == "Install" || section == type_section(unit_type);
}

bool is_extension_name(std::string_view name) { return name.starts_with("X-"); }

const linter::Assignment* find_assignment(const RuleContext& context, std::string_view path,
                                          int line) {
    for (const auto& file : context.unit.loaded.files) {
        if (file->path != path) continue;
        for (const linter::Assignment& assignment : file->assignments) {
            if (assignment.line == line) return &assignment;
        }
    }
    return nullptr;
}

Location key_place(const RuleContext& context, const linter::AppliedAssignment& applied,
                   std::string_view name) {
    return {context.workspace.display_path(applied.path), applied.line, applied.column,
            applied.column + static_cast<int>(name.size())};
}

Location value_place(const RuleContext& context, const linter::AppliedAssignment& applied,
                     std::size_t offset, std::size_t length) {
    Location place{context.workspace.display_path(applied.path), applied.line, applied.value_column,
                   0};
    if (applied.raw_value != applied.value) return place;
    const linter::Assignment* assignment = find_assignment(context, applied.path, applied.line);
    if (assignment == nullptr) return place;
    auto [line, column] = assignment->value_position(offset);
    place.line = line;
    place.column = column;
    if (length > 0) {
        auto [end_line, end_column] = assignment->value_position(offset + length);
        if (end_line == line) place.end_column = end_column;
    }
    return place;
}

}  // namespace unitguard::rules
