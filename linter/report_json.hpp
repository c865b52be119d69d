// SPDX-License-Identifier: MIT
// JSON report of a check run: one document with every finding.
#pragma once

#include <string>
#include <vector>

#include "linter/diagnostic.hpp"

namespace unitguard::linter {

/// Summary facts printed with the findings.
struct RunSummary {
    int exit_code = 0;
    std::string exit_reason;  ///< e.g. "findings at or above 'warning'"
    int target_version = 0;
    std::size_t units_checked = 0;
};

/// Renders the findings and the summary as one JSON document (ends with a newline).
std::string render_json(const std::vector<Diagnostic>& diagnostics, const RunSummary& summary);

}  // namespace unitguard::linter
