// SPDX-License-Identifier: MIT
// Syscall groups (@system-service, ...) as defined by a given systemd release.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace unitguard::rules {

/// The group table of one systemd release.
class SyscallGroupTable;

/// Returns the table for `target_version`: the newest bundled table whose release is not
/// newer than the target (the v252 table for 252..259, v260 for 260 and later). Targets
/// older than the oldest bundled table get the oldest one.
const SyscallGroupTable& syscall_group_table(int target_version);

/// Release number of the bundled table, e.g. 252.
int table_version(const SyscallGroupTable& table);

/// Whether `group` (with its leading '@') exists in the table.
bool has_group(const SyscallGroupTable& table, std::string_view group);

/// Returns the members of `group`, with nested groups expanded recursively, sorted and
/// without duplicates. Empty for an unknown group.
std::vector<std::string_view> expand_group(const SyscallGroupTable& table,
                                           std::string_view group);

/// Same members as expand_group(), as a view into the table: no allocation.
std::span<const std::string_view> expanded_group_members(const SyscallGroupTable& table,
                                                         std::string_view group);

/// Returns the direct members of `group` as listed in the table, nested groups unexpanded.
std::span<const std::string_view> group_members(const SyscallGroupTable& table,
                                                std::string_view group);

/// Returns every group name of the table, in table order.
std::span<const std::string_view> group_names(const SyscallGroupTable& table);

/// Whether `name` is a syscall systemd of this release knows (a member of @known).
bool is_known_syscall(const SyscallGroupTable& table, std::string_view name);

/// Whether systemd of this release accepts `name` written in SystemCallFilter=: the name is
/// a member of one of its groups (@known or another, e.g. uretprobe is only in @default)
/// and the libseccomp it uses can resolve it (for 252: the Debian 12 libseccomp 2.5.4).
bool is_accepted_syscall(const SyscallGroupTable& table, std::string_view name);

/// Whether the table marks `name` as a group member that libseccomp cannot resolve; systemd
/// warns about such a name in SystemCallFilter= and ignores it.
bool is_unresolved_syscall(const SyscallGroupTable& table, std::string_view name);

}  // namespace unitguard::rules
