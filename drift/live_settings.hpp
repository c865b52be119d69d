// SPDX-License-Identifier: MIT
// Turns a live unit's D-Bus properties into the Settings that the unit-file loader builds.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "drift/bus.hpp"
#include "linter/settings.hpp"

namespace unitguard::drift {

/// Provenance prefix of settings read from the manager: the assignment path is
/// "live: PropertyName".
inline constexpr std::string_view kLivePathPrefix = "live: ";

/// One unit as the running manager has it.
struct LiveUnit {
    std::string name;
    /// Settings in unit-file form, each with one assignment whose path is
    /// "live: PropertyName"; the typed members are derived as for unit files.
    linter::Settings settings;
    std::string load_state;    ///< LoadState, e.g. "loaded", "masked", "not-found"
    std::string active_state;  ///< ActiveState, e.g. "active", "failed"
    std::string sub_state;     ///< SubState
    std::string fragment_path;              ///< FragmentPath
    std::vector<std::string> drop_in_paths;  ///< DropInPaths, in the order systemd applied them
    bool need_daemon_reload = false;         ///< NeedDaemonReload
    /// Every property name the manager returned for the unit; a directive whose
    /// property is missing cannot be set on this host.
    std::set<std::string> properties;
};

/// Section of the unit file that holds the exec settings of `unit_name`, e.g. "Service"
/// for "a.service"; "Unit" when the type has none.
std::string exec_section(std::string_view unit_name);

/// Converts the properties of one unit. Properties are mapped when a directive of the
/// same name exists: booleans become "yes"/"no", strings and string arrays their text,
/// and SystemCallFilter=, SystemCallLog=, RestrictAddressFamilies=,
/// CapabilityBoundingSet=, AmbientCapabilities=, RestrictNamespaces=,
/// SocketBindAllow=/SocketBindDeny= and the Exec*= commands the unit-file syntax that gives
/// the same value. NOTE: other 64-bit properties (sizes, times, limits) are left out, so a
/// policy requirement on them reads as unset on the live side.
LiveUnit live_unit_from_properties(const UnitProperties& properties, int target_version);

/// Formats a SocketBindAllow=/SocketBindDeny= entry (family, protocol, port count, first
/// port) as unit-file text, e.g. "udp:27000-27999", "ipv6:tcp:80" or "any".
std::string format_socket_bind_rule(int family, int protocol, unsigned port_count,
                                    unsigned first_port);

}  // namespace unitguard::drift
