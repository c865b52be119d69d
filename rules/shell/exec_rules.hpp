// SPDX-License-Identifier: MIT
// Findings of the policy's `[[exec-rule]]` entries.
#pragma once

#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "rules/policy.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules::shell {

/// Whether `rule` of `policy` runs on `unit`: compiled, not switched off in [rules], and
/// matching the unit through its `units` globs.
bool exec_rule_runs(const Policy& policy, const ExecRule& rule, const std::string& unit);

/// Runs every `[[exec-rule]]` of the context's policy that applies to the unit over the
/// `sh -c` scripts of its live Exec*= lines, and returns one finding per match.
std::vector<Diagnostic> evaluate_exec_rules(const RuleContext& context);

}  // namespace unitguard::rules::shell
