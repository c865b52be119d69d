// SPDX-License-Identifier: MIT
// The verbs of the command line, each returning the process exit code.
#pragma once

#include <vector>

#include "linter/cli_options.hpp"
#include "linter/diagnostic.hpp"
#include "linter/expected.hpp"

namespace unitguard::rules {
struct Policy;
}  // namespace unitguard::rules

namespace unitguard::linter {

class Workspace;

/// Exit codes, documented in --help. When several apply the highest-precedence one wins:
/// internal error, then usage, then incomplete, then findings.
enum ExitCode : int {
    kExitClean = 0,
    kExitFindings = 1,
    kExitUsage = 2,
    kExitIncomplete = 3,
    kExitInternal = 4,
};

/// Combines two exit codes by precedence 4 > 2 > 3 > 1 > 0.
int combine_exit_codes(int a, int b);

/// Facts every verb needs, worked out once from the options and the policy.
struct RunContext {
    int target_version = 260;
};

/// `unitguard check`.
int run_check(const Options& options, RunContext context);
/// `unitguard show`.
int run_show(const Options& options, const RunContext& context);
/// `unitguard score`: exposure per service, as `systemd-analyze security` rates it.
int run_score(const Options& options);
/// `unitguard rules`: the rule catalogue.
int run_rules(const Options& options);
/// `unitguard explain RULE`.
int run_explain(const Options& options);
/// `unitguard drift`: the running manager and /proc/sys against the declared units and the
/// policy. Exit 1 on drift, 3 when the manager or some unit could not be read.
int run_drift(const Options& options);
/// `unitguard config validate`: the policy and the baseline file, without loading units.
int run_config(const Options& options);

/// Prints configuration errors to stderr as `path:line:col: error: message`, each with
/// its source line and a caret.
void print_config_errors(const std::vector<Error>& errors);

/// Sets each finding's state from the policy's rule switches, inline suppressions,
/// waivers and the baseline, and adds their hygiene findings. For `baseline create` and
/// `baseline update` it also writes the baseline file. Returns kExitClean, or kExitUsage
/// after printing why (unreadable baseline, invalid UNITGUARD_TODAY).
int review_findings(const Options& options, const rules::Policy* policy,
                    const Workspace& workspace, std::vector<Diagnostic>& findings);

}  // namespace unitguard::linter
