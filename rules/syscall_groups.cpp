// SPDX-License-Identifier: MIT
// Lookups over the generated syscall group tables (rules/data/syscall_groups_v*.tsv).
#include "rules/syscall_groups.hpp"

#include <algorithm>
#include <cstddef>

#include "rules/data/tables.hpp"

namespace unitguard::rules {
namespace {

/// Index of `group` in table.names, or -1.
int group_index(const SyscallGroupTable& table, std::string_view group) {
    auto sorted = table.names_sorted;
    auto it = std::lower_bound(
        sorted.begin(), sorted.end(), group,
        [&table](std::uint16_t index, std::string_view key) { return table.names[index] < key; });
    if (it == sorted.end() || table.names[*it] != group) return -1;
    return *it;
}

}  // namespace

const SyscallGroupTable& syscall_group_table(int target_version) {
    const auto tables = data::kSyscallGroupTables;  // sorted by version, never empty
    const SyscallGroupTable* chosen = &tables.front();
    for (const auto& table : tables)
        if (table.version <= target_version) chosen = &table;
    return *chosen;
}

int table_version(const SyscallGroupTable& table) { return table.version; }

bool has_group(const SyscallGroupTable& table, std::string_view group) {
    return group_index(table, group) >= 0;
}

std::vector<std::string_view> expand_group(const SyscallGroupTable& table, std::string_view group) {
    const auto members = expanded_group_members(table, group);
    return {members.begin(), members.end()};
}

std::span<const std::string_view> expanded_group_members(const SyscallGroupTable& table,
                                                         std::string_view group) {
    const int i = group_index(table, group);
    if (i < 0) return {};
    const auto at = static_cast<std::size_t>(i);
    return table.expanded.subspan(table.expanded_offsets[at],
                                  table.expanded_offsets[at + 1] - table.expanded_offsets[at]);
}

std::span<const std::string_view> group_members(const SyscallGroupTable& table,
                                                std::string_view group) {
    const int i = group_index(table, group);
    if (i < 0) return {};
    const auto at = static_cast<std::size_t>(i);
    return table.members.subspan(table.member_offsets[at],
                                 table.member_offsets[at + 1] - table.member_offsets[at]);
}

std::span<const std::string_view> group_names(const SyscallGroupTable& table) {
    return table.names;
}

bool is_known_syscall(const SyscallGroupTable& table, std::string_view name) {
    return std::binary_search(table.known.begin(), table.known.end(), name);
}

bool is_unresolved_syscall(const SyscallGroupTable& table, std::string_view name) {
    return std::binary_search(table.unresolved.begin(), table.unresolved.end(), name);
}

bool is_accepted_syscall(const SyscallGroupTable& table, std::string_view name) {
    return std::binary_search(table.all_names.begin(), table.all_names.end(), name) &&
           !is_unresolved_syscall(table, name);
}

}  // namespace unitguard::rules
