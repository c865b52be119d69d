// SPDX-License-Identifier: MIT
// Formats effective settings the way `systemctl show -p NAME` prints the D-Bus properties.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/show_model.hpp"
#include "linter/workspace.hpp"

namespace unitguard::linter {

/// Treatment of a property name by `show -p`.
enum class PropertySupport {
    Supported,        ///< printed exactly as systemctl prints it
    UnknownToTarget,  ///< the target systemd has no such property: nothing is printed, as
                      ///< systemctl prints nothing for it
    Unsupported,      ///< not modelled by unitguard: nothing is printed
};

/// Returns how `show -p` treats `name` for a systemd of release `target_version`.
PropertySupport property_support(std::string_view name, int target_version);

/// Returns the names of every property `show -p` supports, in systemd's order.
std::vector<std::string_view> supported_properties();

/// Returns what `systemctl show -p NAMES UNIT` prints for `unit`: one "Name=value\n" line
/// per requested property in systemd's order (not the order of `names`). Exec*=,
/// DeviceAllow= and SocketBind*= print one line per entry and none when empty. Every other
/// property prints one line, "Name=" when empty. Properties the unit type lacks, or the
/// target release lacks, print nothing.
std::string format_properties(const WorkspaceUnit& unit, const std::vector<std::string>& names,
                              const ShowContext& context);

}  // namespace unitguard::linter
