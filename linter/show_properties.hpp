// SPDX-License-Identifier: MIT
// Formats effective settings the way `systemctl show -p NAME` prints the D-Bus property.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "linter/workspace.hpp"

namespace unitguard::linter {

/// Returns the value `systemctl show -p name` prints for the unit (without "name="), or
/// nothing when the target release has no such property, so no line is printed.
std::optional<std::string> format_property(const WorkspaceUnit& unit, std::string_view name);

}  // namespace unitguard::linter
