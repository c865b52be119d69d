// SPDX-License-Identifier: MIT
// Grading of single checks, one function per kind of check (systemd's assess_* functions).
#pragma once

#include "rules/exposure/evaluate.hpp"
#include "rules/exposure/inputs.hpp"

namespace unitguard::rules::exposure {

/// Grades `row` on `inputs` as the matching assess_* function of systemd 252 does: sets
/// the badness (or leaves it empty when the check does not apply), the detail and the
/// deciders. The not-applicable rules that depend on the unit rather than on the check
/// kind (DefaultDependencies=no, user units) are applied by evaluate().
CheckResult grade_check(const AssessmentRow& row, const SecurityInputs& inputs, Model model);

/// Grades the SystemCallFilter=~@group checks and unitguard's single-syscall checks.
CheckResult grade_syscall_check(const AssessmentRow& row, const SecurityInputs& inputs,
                                Model model);

}  // namespace unitguard::rules::exposure
