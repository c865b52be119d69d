// SPDX-License-Identifier: MIT
// Specifier table: the %-letters systemd expands in unit files.
#pragma once

#include <span>
#include <string_view>

namespace unitguard::rules {

/// One specifier letter and what systemd knows about it.
struct SpecifierInfo {
    char letter;                ///< 'i' for %i
    std::string_view meaning;   ///< short description
    bool in_unit_names;         ///< also expanded where a unit name is expected
    int added_in;               ///< first systemd release that expands it
    bool deprecated;            ///< still expanded, with a warning (%c, %r, %R)
};

/// Returns the row for `letter`, or nullptr when systemd does not know it.
const SpecifierInfo* find_specifier(char letter);

/// Returns every row in letter order.
std::span<const SpecifierInfo> all_specifiers();

}  // namespace unitguard::rules
