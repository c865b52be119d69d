// SPDX-License-Identifier: MIT
// The policy's exposure-max gate (rule UG405 exposure-above-maximum).
#pragma once

#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/workspace.hpp"
#include "rules/policy.hpp"

namespace unitguard::rules::exposure {

/// Scores `unit` with the systemd model of its target release (systemd-252 for targets up
/// to 259, systemd-260 from 260 on) and reports UG405 exposure-above-maximum, severity
/// error, once per matching profile whose exposure-max the score exceeds. The finding
/// points at the unit type's section header in the unit file (`[Service]`) and its notes
/// name the largest contributors with the file:line that decided each. Units that are not
/// loaded, not services, templates, or that systemd refuses to load get no finding.
std::vector<Diagnostic> evaluate_exposure_max(const Policy& policy,
                                              const linter::WorkspaceUnit& unit,
                                              const linter::Workspace& workspace);

/// Returns whether evaluate_exposure_max() scores the unit: a profile that matches it sets
/// exposure-max, and the unit is a loaded service, not a template, that systemd would load.
bool exposure_max_evaluated(const Policy& policy, const linter::WorkspaceUnit& unit);

}  // namespace unitguard::rules::exposure
