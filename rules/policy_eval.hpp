// SPDX-License-Identifier: MIT
// Policy evaluation: turns a unit's effective settings and the sysctl.d configuration
// into findings against [[profile]] and [sysctl] entries.
#pragma once

#include <string_view>
#include <vector>

#include "drift/sysctl_d.hpp"
#include "linter/diagnostic.hpp"
#include "linter/workspace.hpp"
#include "rules/policy.hpp"

namespace unitguard::rules {

/// Checks every profile that matches the unit: `require` (UG401), `forbid` (UG402) and
/// `syscalls.deny` (UG403). Findings point at the assignment that decided the value, or
/// at the unit's section header when nothing set it.
std::vector<Diagnostic> evaluate_unit(const Policy& policy, const linter::WorkspaceUnit& unit,
                                      const linter::Workspace& workspace);

/// Returns the IDs of the rules that evaluate_unit() checks on the unit, in ID order:
/// UG401, UG402 and UG403 when a profile that matches the unit has `require`, `forbid` or
/// `syscalls.deny` entries. Returns nothing for a unit that is not loaded.
std::vector<std::string_view> evaluated_policy_rules(const Policy& policy,
                                                     const linter::WorkspaceUnit& unit);

/// Checks `[sysctl]` against the persisted configuration as systemd-sysctl applies it at
/// boot (UG404). With `procps`, the same files as procps `sysctl --system` applies them,
/// a key that is right at boot but that /etc/sysctl.conf sets otherwise is reported too.
std::vector<Diagnostic> evaluate_sysctl(const Policy& policy,
                                        const drift::SysctlConfig& config,
                                        const linter::Workspace& workspace,
                                        const drift::SysctlConfig* procps = nullptr);

}  // namespace unitguard::rules
