// SPDX-License-Identifier: MIT
// Lookups over the generated exposure tables.
#include "rules/exposure/assessment_table.hpp"

#include <algorithm>

namespace unitguard::rules::exposure {

std::span<const AssessmentRow> assessment_rows() { return data::kAssessmentRows; }

bool has_x86_64_number(std::string_view syscall) {
    return x86_64_syscall_index(syscall).has_value();
}

std::optional<std::size_t> x86_64_syscall_index(std::string_view syscall) {
    std::span<const std::string_view> names = data::kX86_64Syscalls;
    auto it = std::lower_bound(names.begin(), names.end(), syscall);
    if (it == names.end() || *it != syscall) return std::nullopt;
    return static_cast<std::size_t>(it - names.begin());
}

}  // namespace unitguard::rules::exposure
