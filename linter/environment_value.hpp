// SPDX-License-Identifier: MIT
// Environment= values: splitting into NAME=value words as systemd 252 does, and the quoting
// `systemctl show` applies to the entries of string-list properties.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "linter/exec_command.hpp"

namespace unitguard::linter {

/// One NAME=value word of an Environment= value.
struct EnvironmentAssignment {
    std::string name;
    std::string value;
    std::size_t offset = 0;  ///< byte offset of the word in the Environment= value
};

/// A word systemd skips, or the place where it stops reading the value.
struct EnvironmentProblem {
    std::size_t offset = 0;  ///< byte offset in the value
    std::string message;     ///< lowercase, no final period
};

/// The assignments of one Environment= value.
struct EnvironmentSplit {
    std::vector<EnvironmentAssignment> assignments;  ///< in the order written
    std::vector<EnvironmentProblem> problems;
};

/// Splits a non-empty Environment= value the way systemd 252 does. Words are unquoted and
/// C-unescaped, then `expand` (when given) expands their specifiers. A word that is not a
/// valid NAME=value assignment, or whose specifiers fail, is skipped. A syntax error (an
/// unknown escape or unbalanced quoting) ends the value, and the words before it stay.
EnvironmentSplit split_environment_value(std::string_view value,
                                         const SpecifierExpander& expand = {});

/// Adds `assignments` to `environment` ("NAME=value" strings): a name already present keeps
/// its place and gets the new value, a new name is appended.
void merge_environment(std::vector<std::string>& environment,
                       const std::vector<EnvironmentAssignment>& assignments);

/// Whether `name` is a valid environment variable name: letters, digits and '_', not
/// starting with a digit.
bool is_valid_environment_name(std::string_view name);

/// Whether `text` is valid UTF-8 by systemd's rules (no overlong forms, no surrogates, no
/// noncharacters, nothing past U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// Quotes one entry of a string-list property the way `systemctl show` prints it. An entry
/// stays bare unless it has whitespace, a control character, invalid UTF-8 or one of
/// `*?[\"'()<>|&;!$` and the backquote. Otherwise it is put in double quotes, `"`, `\`,
/// `$` and the backquote get a backslash, and control bytes become C escapes.
std::string quote_for_show(std::string_view text);

}  // namespace unitguard::linter
