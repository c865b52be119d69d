// SPDX-License-Identifier: MIT
// ShowModel: the values behind `unitguard show -p`, parsed from a unit's assignments the way
// systemd 252's parsers and its load-time adjustments leave them.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/exec_command.hpp"
#include "linter/specifiers.hpp"
#include "linter/workspace.hpp"

namespace unitguard::linter {

/// Facts `show -p` needs besides the unit's files.
struct ShowContext {
    bool user_scope = false;      ///< describe the unit as a user manager would
    int target_version = 252;     ///< systemd release whose parsers are followed
    SpecifierContext specifiers;  ///< what %-specifiers expand to for this unit
};

/// The raw values of one unit's assignments, as systemd's parsers receive them.
class AssignmentReader {
  public:
    AssignmentReader(const WorkspaceUnit& unit, const ShowContext& context);

    /// Returns the values of `section`.`name` in the order systemd applies them, as written
    /// and with specifiers not expanded. Keys the target release does not parse give none.
    std::vector<std::string_view> values(std::string_view section, std::string_view name) const;

    /// Same for a key and its legacy aliases (ReadWritePaths= and ReadWriteDirectories=),
    /// which systemd parses into one list: the values of all of them in file order.
    std::vector<std::string_view> values(std::string_view section,
                                         std::initializer_list<std::string_view> names) const;

    /// Expands the %-specifiers of `text` for this unit.
    Expected<std::string> expand(std::string_view text) const;

    /// Returns `expand` as a callback for the word splitters.
    SpecifierExpander expander() const;

    /// systemd release whose parsers are followed.
    int target_version() const { return context_.target_version; }

  private:
    std::vector<const AppliedAssignment*> assignments(std::string_view section,
                                                      std::string_view name) const;

    const WorkspaceUnit& unit_;
    const ShowContext& context_;
};

/// Capability bit set as systemd stores it: bit N is capability number N.
using CapabilitySet = std::uint64_t;

/// systemd's marker for a CapabilityBoundingSet= that no line has set (all 64 bits).
inline constexpr CapabilitySet kCapabilitiesUnset = ~CapabilitySet{0};

/// A system call filter as systemd 252 keeps it: absent until a non-empty line creates it.
struct SyscallFilter {
    bool exists = false;      ///< a line created the filter since the last reset
    bool allow_list = false;  ///< allow list (true) or deny list (false)
    /// Syscall name to errno number: -1 for none, kErrnoKill for "kill".
    std::map<std::string, int> entries;
};

/// Errno value systemd uses for "kill the process" (SECCOMP_ERROR_NUMBER_KILL, INT_MAX - 1).
inline constexpr int kErrnoKill = 2147483646;

/// One DeviceAllow= entry.
struct DeviceRule {
    std::string path;    ///< device node path or "char-…"/"block-…" class
    std::string rights;  ///< some of "rwm", in that order
};

/// One IPAddressAllow= or IPAddressDeny= prefix.
struct IpPrefix {
    int family = 0;                           ///< AF_INET or AF_INET6
    std::array<unsigned char, 16> address{};  ///< host bits cleared
    unsigned length = 0;                      ///< prefix length in bits

    bool operator==(const IpPrefix&) const = default;
};

/// One SocketBindAllow= or SocketBindDeny= entry.
struct SocketBindRule {
    std::string family;       ///< "ipv4", "ipv6" or "" for both
    std::string protocol;     ///< "tcp", "udp" or "" for both
    unsigned port_count = 0;  ///< 0 for any port
    unsigned first_port = 0;
};

/// Settings of one unit after parsing and the adjustments systemd makes at load time.
struct ShowModel {
    std::string unit_type;            ///< "service", "socket", ...
    bool has_exec_context = false;    ///< the unit type has sandboxing settings
    bool has_cgroup_context = false;  ///< the unit type has resource-control settings

    // [Service] and [Mount]
    std::string type;           ///< canonical Type= name of a service
    std::string notify_access;  ///< canonical NotifyAccess= name
    /// Commands of each Exec*= property that is set, keyed by property name.
    std::map<std::string, std::vector<ExecCommand>, std::less<>> exec_commands;
    std::string file_system_type;  ///< Type= of a mount unit, specifiers expanded

    // Resource control
    bool delegate = false;
    std::string device_policy = "auto";
    std::vector<DeviceRule> device_allow;    ///< newest first, the order systemd prints
    std::vector<IpPrefix> ip_address_allow;  ///< first assignment first, no duplicates
    std::vector<IpPrefix> ip_address_deny;
    std::vector<SocketBindRule> socket_bind_allow;  ///< newest first
    std::vector<SocketBindRule> socket_bind_deny;

    // Execution environment
    std::vector<std::string> environment;  ///< "NAME=value", first assignment first
    unsigned umask = 0022;
    CapabilitySet capability_bounding_set = kCapabilitiesUnset;
    CapabilitySet ambient_capabilities = 0;
    std::string user;
    std::string group;
    std::vector<std::string> supplementary_groups;
    std::map<std::string, bool, std::less<>> booleans;      ///< boolean properties by name
    std::map<std::string, std::string, std::less<>> enums;  ///< ProtectHome=, KeyringMode=, ...
    std::map<std::string, std::vector<std::string>, std::less<>>
        path_lists;  ///< ReadWritePaths=, ...
    std::map<std::string, std::vector<std::string>, std::less<>>
        directories;  ///< StateDirectory=, ...
    SyscallFilter system_call_filter;
    SyscallFilter system_call_log;
    std::set<std::string> system_call_architectures;
    int system_call_error_number = kErrnoKill;
    bool address_families_exist = false;  ///< a line created the set since the last reset
    bool address_families_allow_list = false;
    std::set<int> address_families;
    std::uint64_t restrict_namespaces = 0;  ///< allowed namespace types; see show_sandbox.cpp
    bool has_encrypted_credentials = false;
    bool has_root_image = false;

    // [Unit]
    std::string id;
    std::string description;
    std::string fragment_path;
    std::vector<std::string> dropin_paths;
};

/// Builds the model of `unit` for `context`.
ShowModel build_show_model(const WorkspaceUnit& unit, const ShowContext& context);

// Parsers by concern. Each reads its assignments from the unit's type section.

/// Capabilities, system call filters, address families and namespaces (show_sandbox.cpp).
void parse_sandbox_settings(const AssignmentReader& reader, std::string_view section,
                            ShowModel& model);
/// Delegate=, DevicePolicy=, DeviceAllow=, IPAddress*= and SocketBind*= (show_cgroup.cpp).
void parse_cgroup_settings(const AssignmentReader& reader, std::string_view section,
                           ShowModel& model);
/// Environment=, groups, path lists, directories and Exec*= commands (show_lists.cpp).
void parse_list_settings(const AssignmentReader& reader, std::string_view section,
                         ShowModel& model);

/// Whether systemd 252 accepts `name` in User=, Group= or SupplementaryGroups=: a numeric
/// ID, or a name without control characters, ':' or '/' that is not all digits and does not
/// start with '-' (its relaxed check).
bool is_valid_user_or_group_name(std::string_view name);

// Value formatting shared by the property table.

/// Joins entries with single spaces, each quoted as `systemctl show` quotes list entries.
std::string format_string_list(const std::vector<std::string>& entries);
/// Formats a capability set as systemd's lower-case names in number order.
std::string format_capabilities(CapabilitySet set);
/// Formats a system call filter: "~" before a deny list, sorted "name" or "name:ERRNO".
std::string format_syscall_filter(const SyscallFilter& filter, bool add_errno);
/// Formats RestrictAddressFamilies=.
std::string format_address_families(const ShowModel& model);
/// Formats RestrictNamespaces=: "yes", "no" or the allowed types.
std::string format_namespaces(std::uint64_t allowed);
/// Formats one Exec*= command the way `systemctl show` prints ExecStart=.
std::string format_exec_command(const ExecCommand& command);
/// Formats IPAddressAllow= or IPAddressDeny=.
std::string format_ip_prefixes(const std::vector<IpPrefix>& prefixes);
/// Formats one SocketBindAllow= or SocketBindDeny= entry.
std::string format_socket_bind(const SocketBindRule& rule);

}  // namespace unitguard::linter
