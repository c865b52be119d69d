// SPDX-License-Identifier: MIT
// GitHub Actions report: workflow commands that become annotations on the changed files.
#pragma once

#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/report_sarif.hpp"

namespace unitguard::linter {

/// Annotations of one type (error, warning, notice) that GitHub shows per step. GitHub
/// also caps a job at 50, and the log keeps the commands it does not show.
inline constexpr std::size_t kGithubAnnotationLimit = 10;

/// Renders one `::error`, `::warning` or `::notice` workflow command per open finding,
/// with repository-relative paths. When a type has more findings than GitHub shows, a
/// final `::notice` states how many are only in the log. Ends with a newline when not empty.
std::string render_github(const std::vector<Diagnostic>& diagnostics, const ReportBase& base);

}  // namespace unitguard::linter
