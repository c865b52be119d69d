// SPDX-License-Identifier: MIT
// Lookups over the generated exposure tables.
#include "rules/exposure/assessment_table.hpp"

#include <unordered_map>

namespace unitguard::rules::exposure {

std::span<const AssessmentRow> assessment_rows() { return data::kAssessmentRows; }

bool has_x86_64_number(std::string_view syscall) {
    return x86_64_syscall_index(syscall).has_value();
}

std::optional<std::size_t> x86_64_syscall_index(std::string_view syscall) {
    // Scoring one unit looks up every member of the groups its SystemCallFilter= names and
    // of the 11 groups systemd grades, so a hash table replaces a binary search of the names.
    static const std::unordered_map<std::string_view, std::size_t> kPositions = [] {
        std::unordered_map<std::string_view, std::size_t> positions;
        for (std::size_t i = 0; i < data::kX86_64Syscalls.size(); ++i) {
            positions.emplace(data::kX86_64Syscalls[i], i);
        }
        return positions;
    }();
    auto it = kPositions.find(syscall);
    if (it == kPositions.end()) return std::nullopt;
    return it->second;
}

}  // namespace unitguard::rules::exposure
