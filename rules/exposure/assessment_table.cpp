// SPDX-License-Identifier: MIT
// Lookups over the generated exposure tables.
#include "rules/exposure/assessment_table.hpp"

#include <algorithm>

namespace unitguard::rules::exposure {

std::span<const AssessmentRow> assessment_rows() { return data::kAssessmentRows; }

bool has_x86_64_number(std::string_view syscall) {
    return std::binary_search(data::kX86_64Syscalls.begin(), data::kX86_64Syscalls.end(),
                              syscall);
}

}  // namespace unitguard::rules::exposure
