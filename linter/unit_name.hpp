// SPDX-License-Identifier: MIT
// Unit names: validation and the prefix/instance/type parts of "foo@bar.service".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace unitguard::linter {

/// The parts of a valid unit name.
struct UnitName {
    std::string prefix;    ///< "foo" in "foo@bar.service"
    std::string instance;  ///< "bar" in "foo@bar.service", empty for plain names and templates
    std::string type;      ///< "service"
    bool is_template = false;  ///< "foo@.service"
    bool is_instance = false;  ///< "foo@bar.service"

    /// Returns the full name again ("foo@bar.service").
    std::string full() const;
    /// Returns the template name of an instance ("foo@.service"); the name itself otherwise.
    std::string template_name() const;
    /// Returns the name without the type suffix ("foo@bar").
    std::string without_type() const;
};

/// Maximum length of a unit name, as in systemd (UNIT_NAME_MAX).
inline constexpr std::size_t kMaxUnitNameLength = 255;

/// Parses `name` if it is a valid unit name of a known type; nothing otherwise.
std::optional<UnitName> parse_unit_name(std::string_view name);

/// Whether `type` is one of systemd's unit types ("service", "socket", ...).
bool is_unit_type(std::string_view type);

/// Undoes systemd's name escaping: "\x2d" becomes '-' and '-' becomes '/' (for %I, %P).
std::string unescape_unit_name_part(std::string_view text);

}  // namespace unitguard::linter
