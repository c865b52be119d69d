// SPDX-License-Identifier: MIT
// Drift: the policy, the declared unit files, the running manager and the kernel compared.
#pragma once

#include <string>
#include <vector>

#include "drift/live_settings.hpp"
#include "drift/sysctl_d.hpp"
#include "linter/diagnostic.hpp"
#include "linter/workspace.hpp"
#include "rules/policy.hpp"

namespace unitguard::drift {

/// Everything one drift run compares.
struct DriftInputs {
    const rules::Policy* policy = nullptr;  ///< nullptr: no policy layer
    /// Declared units (a repository tree or the host's disk); nullptr: no declared layer.
    const linter::Workspace* declared = nullptr;
    const std::vector<LiveUnit>* live = nullptr;  ///< units read from the manager
    std::string proc_sys_dir = "/proc/sys";
    const SysctlConfig* persisted = nullptr;  ///< sysctl.d below the declared root
    /// Prefix for the paths of `persisted` in findings: the declared root as the user gave
    /// it, "" for the host's own '/'.
    std::string persisted_root_display;
};

/// Security directives compared between the declared files and the live manager.
const std::vector<std::string>& compared_directives();

/// Finds the last line that assigns `directive` in the live unit's files, read at the paths
/// the manager reports (drop-ins first, then the fragment). Without such a line it returns
/// the fragment's section header for the unit type, else the fragment with no line.
Location locate_live_assignment(const LiveUnit& live, const std::string& directive);

/// Checks the policy against the live settings (UG501, UG508).
std::vector<Diagnostic> compare_policy(const rules::Policy& policy, const LiveUnit& live,
                                       const linter::Workspace& workspace);

/// Compares the declared files with the live unit: settings (UG502) and drop-ins that the
/// tree lacks (UG503).
std::vector<Diagnostic> compare_declared(const linter::WorkspaceUnit& declared,
                                         const LiveUnit& live,
                                         const linter::Workspace& workspace);

/// Reports a unit whose files changed since the manager loaded them (UG504).
std::vector<Diagnostic> check_reload(const LiveUnit& live);

/// Reports units named by profiles that are missing, masked or failed (UG505).
std::vector<Diagnostic> check_expected_units(const rules::Policy& policy,
                                             const std::vector<LiveUnit>& live);

/// Compares kernel parameters with the policy (UG506, UG509) and with the persisted
/// configuration (UG507). Paths of `persisted` are shown below `persisted_root_display`.
std::vector<Diagnostic> compare_sysctl(const rules::Policy& policy,
                                       const std::string& proc_sys_dir,
                                       const SysctlConfig* persisted,
                                       const std::string& persisted_root_display = {});

/// Runs every layer that `inputs` provides: per live unit the policy, declared and reload
/// checks, then the expected units, then the kernel parameters.
std::vector<Diagnostic> compare_all(const DriftInputs& inputs);

/// Returns the unit names that profiles give literally (no glob characters, no template).
std::vector<std::string> expected_unit_names(const rules::Policy& policy);

}  // namespace unitguard::drift
