// SPDX-License-Identifier: MIT
// JUnit XML report of a check run, for CI systems that show test results.
#pragma once

#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/report_json.hpp"

namespace unitguard::linter {

/// The rules that ran on one unit, so that passing checks appear as passed test cases.
struct EvaluatedUnit {
    std::string unit;
    std::vector<std::string> rule_ids;  ///< in catalogue order
};

/// Renders one test suite per unit and one test case per unit and rule: a case fails when
/// the rule has an open finding for the unit and is skipped when all its findings are
/// waived, suppressed or baselined. Findings about no unit (policy file, sysctl.d) form
/// a suite per file. Ends with a newline.
std::string render_junit(const std::vector<Diagnostic>& diagnostics,
                         const std::vector<EvaluatedUnit>& units);

}  // namespace unitguard::linter
