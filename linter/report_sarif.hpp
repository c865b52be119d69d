// SPDX-License-Identifier: MIT
// SARIF 2.1.0 report of a check run, for code-scanning services.
#pragma once

#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/report_json.hpp"

namespace unitguard::linter {

/// Base directories of report paths. Paths are made relative to the repository that
/// contains the working directory, or to the working directory outside a repository.
struct ReportBase {
    std::string working_directory;  ///< absolute, without a trailing '/'
    std::string repository_root;    ///< absolute, without a trailing '/'
};

/// Finds the repository root by walking up from the working directory to the first
/// directory that contains `.git`, else uses the working directory.
ReportBase find_report_base();

/// Returns `display_path` relative to the repository root, or the absolute path when the
/// file lies outside it. Display paths that are relative start at the working directory.
std::string repository_path(const std::string& display_path, const ReportBase& base);

/// Returns the version of the rule catalogue: the count of rules and a digest of their IDs,
/// names and default severities, e.g. "42 rules, 3f2a9c01". The digest changes whenever a
/// rule is added, renamed or changes its default severity.
std::string rule_set_version();

/// Renders a SARIF 2.1.0 log with one run. Rules come from the catalogue, waived,
/// suppressed and baselined findings carry `suppressions`, and findings of unreadable
/// input (UG002) become tool execution notifications. Ends with a newline.
std::string render_sarif(const std::vector<Diagnostic>& diagnostics, const RunSummary& summary,
                         const ReportBase& base);

}  // namespace unitguard::linter
