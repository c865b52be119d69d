// SPDX-License-Identifier: MIT
// Graded values of a unit as systemd's loader leaves them, with their deciding lines.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/settings.hpp"
#include "rules/exposure/model.hpp"

namespace unitguard::rules::exposure {

/// An assignment that decided a value, copied out of the settings so that a report can
/// outlive them.
struct Decider {
    std::string directive;  ///< e.g. "PrivateTmp"
    std::string path;       ///< file inside the root
    int line = 0;
    std::string value;      ///< value as applied, after specifier expansion
    std::string note;       ///< e.g. "DynamicUser=yes implies PrivateTmp=yes"
};

/// An assignment that decided an input value, pointing into the settings the inputs were
/// derived from. make_decider() copies it into a Decider when a check reports it.
struct DecidingAssignment {
    std::string_view directive;  ///< e.g. "PrivateTmp"
    const linter::AppliedAssignment* assignment = nullptr;  ///< never nullptr
    std::string note;            ///< e.g. "DynamicUser=yes implies PrivateTmp=yes"
};

/// A value and the assignments that decided it; no deciders means the default applies.
template <typename T>
struct Fact {
    T value{};
    std::vector<DecidingAssignment> deciders;
};

/// SystemCallFilter= as systemd resolves it, kept to the system calls that have an x86-64
/// number: the checks count no others.
struct SyscallFilter {
    /// The filter's verdict on one system call.
    struct Entry {
        bool listed = false;  ///< allowed (allow list) or denied (deny list)
        /// Index into the setting's history of the assignment that last added or removed
        /// the call, or nothing when no assignment named it.
        std::optional<std::size_t> decided_by;
    };

    bool allow_list = false;
    /// One entry per name of data::kX86_64Syscalls, at the name's position
    /// (x86_64_syscall_index()), or none when SystemCallFilter= is never set. An allow list
    /// names several hundred calls, so a flat table replaces per-name tree nodes.
    std::vector<Entry> entries;
    const linter::Setting* setting = nullptr;  ///< nullptr when SystemCallFilter= is never set

    /// Returns whether `syscall` is listed, which is never true for a name without an x86-64
    /// number.
    bool lists(std::string_view syscall) const;
    /// Returns whether no system call is listed.
    bool lists_none() const;
    /// Returns the index into the setting's history of the assignment that last added or
    /// removed `syscall`, or nothing when none did.
    std::optional<std::size_t> decided_by(std::string_view syscall) const;
};

/// Options for deriving the inputs.
struct InputOptions {
    Model model = Model::Systemd260;
    bool user_scope = false;  ///< the unit belongs to a per-user service manager
};

/// The settings the checks grade, after the implications systemd applies when it loads a
/// unit: DynamicUser=yes turns on PrivateTmp=, RemoveIPC=, NoNewPrivileges= and
/// RestrictSUIDSGID=, sets ProtectSystem=strict and raises ProtectHome=no to read-only;
/// PrivateDevices=, ProtectKernelModules=, ProtectKernelLogs= and ProtectClock= drop
/// capabilities from the bounding set; PrivateDevices=yes turns DevicePolicy=auto into
/// closed; ProtectClock=yes and RootImage= add device rules. The inputs point into the
/// settings they were derived from, so they must not outlive them.
struct SecurityInputs {
    Fact<bool> default_dependencies;
    Fact<std::string> user;  ///< as systemd stores it, the unit name's prefix under DynamicUser
    Fact<bool> dynamic_user;
    Fact<std::vector<std::string>> supplementary_groups;
    /// Boolean settings by the field name systemd's assessment uses, e.g. "private_tmp" or
    /// "restrict_address_family_inet" (true: that family is restricted). Every key is a
    /// view of a string literal.
    std::map<std::string_view, Fact<bool>, std::less<>> flags;
    Fact<std::string> protect_home;    ///< no, yes, read-only or tmpfs
    Fact<std::string> protect_system;  ///< no, yes, full or strict
    Fact<std::string> keyring_mode;    ///< inherit, private or shared
    Fact<std::string> protect_proc;    ///< default, noaccess, invisible or ptraceable
    Fact<std::string> proc_subset;     ///< all or pid
    Fact<std::string> notify_access;   ///< none, main, exec or all
    Fact<std::string> root_directory;
    Fact<std::string> root_image;
    Fact<unsigned> umask;
    /// Capability bounding set with the implied drops applied.
    linter::CapabilityMask capability_bounding_set = ~linter::CapabilityMask{0};
    /// For each capability number, the CapabilityBoundingSet= assignment that last added or
    /// removed it, or nullptr when none did.
    std::array<const linter::AppliedAssignment*, 64> capability_set_by{};
    /// For each capability that a setting drops from the bounding set (PrivateDevices=yes
    /// drops CAP_MKNOD, ...), the assignments of that setting. They decide the capability
    /// in place of capability_set_by.
    std::map<int, std::vector<DecidingAssignment>> capability_drops;
    Fact<linter::CapabilityMask> ambient_capabilities;
    /// Namespace types (CLONE_NEWUSER, CLONE_NEWNS, ...) the unit may still create.
    std::set<std::string, std::less<>> allowed_namespaces;
    /// For each namespace constant, the RestrictNamespaces= assignment that last allowed or
    /// restricted it.
    std::map<std::string, const linter::AppliedAssignment*, std::less<>> namespace_set_by;
    Fact<std::set<std::string>> system_call_architectures;
    SyscallFilter system_call_filter;
    Fact<bool> ip_address_deny_all;     ///< IPAddressDeny= covers all of IPv4 and IPv6
    Fact<bool> ip_address_allow_localhost;
    Fact<bool> ip_address_allow_other;
    Fact<bool> ip_filters_custom;       ///< IPIngressFilterPath= or IPEgressFilterPath=
    Fact<std::string> device_policy;    ///< auto, closed or strict
    Fact<std::vector<std::string>> device_allow;
};

/// Works out the graded values of `settings` for `options.model`.
SecurityInputs derive_inputs(const linter::Settings& settings, const InputOptions& options);

/// Returns a decider for `assignment` of `directive`.
Decider make_decider(std::string_view directive, const linter::AppliedAssignment& assignment,
                     std::string note = {});

/// Returns a decider for a report, copied out of `source`.
Decider make_decider(const DecidingAssignment& source);

}  // namespace unitguard::rules::exposure
