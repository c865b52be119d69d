// SPDX-License-Identifier: MIT
// The process-wide table of syscall and errno names behind SyscallNameMap.
#include "linter/syscall_name_map.hpp"

#include <deque>
#include <set>
#include <unordered_map>

namespace unitguard::linter {
namespace {

struct NameTable {
    std::deque<std::string> names{std::string()};  // a deque never moves its elements
    std::unordered_map<std::string_view, std::uint32_t> ids{{std::string_view(), 0}};
};

NameTable& name_table() {
    static NameTable table;
    return table;
}

}  // namespace

std::uint32_t intern_syscall_name(std::string_view name) {
    NameTable& table = name_table();
    auto found = table.ids.find(name);
    if (found != table.ids.end()) return found->second;
    const std::string& stored = table.names.emplace_back(name);
    auto id = static_cast<std::uint32_t>(table.names.size() - 1);
    table.ids.emplace(stored, id);
    return id;
}

std::string_view interned_syscall_name(std::uint32_t id) { return name_table().names.at(id); }

std::optional<std::uint32_t> find_syscall_name_id(std::string_view name) {
    const NameTable& table = name_table();
    auto found = table.ids.find(name);
    if (found == table.ids.end()) return std::nullopt;
    return found->second;
}

std::shared_ptr<const SyscallEntries> share_syscall_entries(SyscallEntries entries) {
    struct ByContents {
        using is_transparent = void;
        bool operator()(const std::shared_ptr<const SyscallEntries>& a,
                        const std::shared_ptr<const SyscallEntries>& b) const {
            return *a < *b;
        }
        bool operator()(const std::shared_ptr<const SyscallEntries>& a,
                        const SyscallEntries& b) const {
            return *a < b;
        }
        bool operator()(const SyscallEntries& a,
                        const std::shared_ptr<const SyscallEntries>& b) const {
            return a < *b;
        }
    };
    static std::set<std::shared_ptr<const SyscallEntries>, ByContents> shared;
    auto found = shared.find(entries);
    if (found != shared.end()) return *found;
    entries.shrink_to_fit();
    return *shared.insert(std::make_shared<const SyscallEntries>(std::move(entries))).first;
}

}  // namespace unitguard::linter
