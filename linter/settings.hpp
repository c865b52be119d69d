// SPDX-License-Identifier: MIT
// Settings: the effective configuration of one unit, typed, with the assignments behind it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/syscall_name_map.hpp"
#include "rules/directives.hpp"

namespace unitguard::linter {

/// One assignment as it was applied, after specifier expansion.
struct AppliedAssignment {
    std::string path;        ///< file that holds it (inside the root)
    int line = 0;
    int column = 0;          ///< key column
    int value_column = 0;
    std::string raw_value;   ///< as written
    std::string value;       ///< after specifier expansion
    bool live = true;        ///< still contributes to the effective value
    std::string ignored;     ///< non-empty when systemd ignores it: the reason
    std::size_t overridden_by = 0;  ///< 1-based index in the history of the assignment that
                                    ///< replaced or reset it, 0 while live
};

/// A directive's effective value and history.
struct Setting {
    std::string section;
    std::string name;
    const rules::Directive* directive = nullptr;  ///< nullptr for keys systemd does not know
    std::vector<AppliedAssignment> history;       ///< every assignment, in application order

    /// Returns the values of the live assignments (one for scalars, several for lists).
    std::vector<std::string_view> live_values() const;
    /// Returns the last live assignment, if any.
    const AppliedAssignment* last_live() const;
};

/// Maximum number of entries (names and @groups) in the live assignments of one unit's
/// SystemCallFilter= or SystemCallLog=; assignments past it are not applied and are
/// reported. systemd has no such limit, and a filter that names every syscall and group of
/// systemd 260 has about 630 entries.
inline constexpr std::size_t kMaxSyscallFilterEntries = 4096;

/// A syscall filter after `~` lines, groups and resets are resolved.
struct SyscallSet {
    bool configured = false;   ///< any non-reset assignment is live
    bool allow_list = false;   ///< allow list (true) or deny list (false)
    /// Syscall name to errno name ("" when the filter's default action applies).
    SyscallNameMap<std::string_view> syscalls;
    /// Assignment (index into the Setting's history) that last added or removed each name.
    SyscallNameMap<std::size_t> decided_by;
    std::vector<std::string> unknown_groups;  ///< groups the target release does not have
};

/// Capability bit set; bit N is capability number N.
using CapabilityMask = std::uint64_t;

/// An address family restriction after `~`, `none` and resets.
struct AddressFamilySet {
    bool configured = false;
    bool allow_list = false;
    std::set<int> families;
};

/// A setting that systemd turns on because of other settings, and why.
struct ImpliedSetting {
    std::string name;    ///< e.g. "NoNewPrivileges"
    std::string value;   ///< e.g. "yes"
    std::string reason;  ///< e.g. "SystemCallFilter= is set and the service runs as 'game'"
    std::string cause;   ///< directive that implies it, e.g. "SystemCallFilter"
    const AppliedAssignment* source = nullptr;  ///< the assignment that implies it
    /// Further settings that imply the same value on their own, with their assignments.
    std::vector<std::pair<std::string, const AppliedAssignment*>> other_causes;
};

/// The effective configuration of one unit. Move-only, because ImpliedSetting keeps
/// pointers into the assignment histories of `by_key`, which a copy would not update.
struct Settings {
    Settings() = default;
    Settings(Settings&&) = default;
    Settings& operator=(Settings&&) = default;
    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

    std::string unit;
    int target_version = 252;
    std::map<std::string, Setting> by_key;  ///< key "Section.Name"

    SyscallSet system_call_filter;
    SyscallSet system_call_log;
    CapabilityMask capability_bounding_set = ~CapabilityMask{0};
    bool capability_bounding_set_configured = false;
    CapabilityMask ambient_capabilities = 0;
    AddressFamilySet restrict_address_families;
    std::vector<ImpliedSetting> implied;

    /// Returns the setting for `section`.`name`, or nullptr when it was never assigned.
    const Setting* find(std::string_view section, std::string_view name) const;
    /// Returns the setting `name` from the first section of the unit that has it.
    const Setting* find(std::string_view name) const;
    /// Returns the effective scalar value of `name`, or "" when unset or reset.
    std::string value(std::string_view name) const;
    /// Returns whether `name` is effectively a true boolean.
    bool is_true(std::string_view name) const;
    /// Returns the implied value of `name` when systemd implies one.
    const ImpliedSetting* implied_setting(std::string_view name) const;
    /// Whether the service runs as root (User= unset, "root" or "0", and no DynamicUser=).
    bool runs_as_root() const;
};

/// Parses a systemd boolean word; nothing for anything else.
std::optional<bool> parse_boolean(std::string_view text);

}  // namespace unitguard::linter
