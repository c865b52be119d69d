// SPDX-License-Identifier: MIT
// Sections each unit type reads, and places of assignments for rule findings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "linter/diagnostic.hpp"
#include "linter/settings.hpp"
#include "linter/unit_file.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {

/// Returns the section named after a unit type: "Service" for "service", "Automount" for
/// "automount".
std::string type_section(std::string_view unit_type);

/// Whether systemd reads `[section]` in units of `unit_type`: [Unit], [Install] and the
/// section named after the type (systemd 252 logs "Unknown section" for any other).
bool section_known_for_type(std::string_view section, std::string_view unit_type);

/// Whether `name` starts with "X-": systemd ignores such sections and keys without a word.
bool is_extension_name(std::string_view name);

/// Returns the parsed assignment at `line` of the file `path` (inside the root) among the
/// unit's files, or nullptr.
const linter::Assignment* find_assignment(const RuleContext& context, std::string_view path,
                                          int line);

/// Returns the place of the key `name` of `applied`, with the path as users see it and the
/// key underlined.
Location key_place(const RuleContext& context, const linter::AppliedAssignment& applied,
                   std::string_view name);

/// Returns the place of the `length` bytes at `offset` of the expanded value of `applied`
/// (underlined when they lie on one line). When specifier expansion changed the value,
/// offsets no longer match the file, so the place is the start of the value instead.
Location value_place(const RuleContext& context, const linter::AppliedAssignment& applied,
                     std::size_t offset, std::size_t length = 0);

}  // namespace unitguard::rules
