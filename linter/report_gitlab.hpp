// SPDX-License-Identifier: MIT
// GitLab Code Quality report: the JSON array that merge requests show as code quality issues.
#pragma once

#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/report_sarif.hpp"

namespace unitguard::linter {

/// Renders the open findings as a Code Quality JSON array: description, check_name,
/// fingerprint, severity and location (repository-relative path, first line). Ends with a
/// newline.
std::string render_gitlab(const std::vector<Diagnostic>& diagnostics, const ReportBase& base);

}  // namespace unitguard::linter
