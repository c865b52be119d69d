// SPDX-License-Identifier: MIT
// Rule: one built-in check with its metadata, and the catalogue of all of them.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "linter/diagnostic.hpp"

namespace unitguard::linter {
class Workspace;
struct WorkspaceUnit;
}  // namespace unitguard::linter

namespace unitguard::rules {

struct Policy;

/// Inputs of a rule's check for one unit.
struct RuleContext {
    const linter::WorkspaceUnit& unit;
    const linter::Workspace& workspace;
    const Policy* policy;  ///< nullptr when the run has no policy
    int target_version;    ///< oldest systemd release the units must work on
    bool user_scope;       ///< units of the user manager
};

/// Signature of a rule's check: appends findings for one unit.
using RuleCheck = void (*)(const RuleContext& context, std::vector<Diagnostic>& findings);

/// A built-in rule: metadata shown by `unitguard explain` and the check itself.
struct Rule {
    std::string_view id;          ///< "UG123": UG plus three digits in the family bands
    std::string_view name;        ///< kebab-case name of the flagged pattern
    Severity severity;            ///< default severity; the policy may override it
    bool enabled_by_default;      ///< hardening advice is off until a policy enables it
    std::string_view summary;     ///< one line, lowercase start
    std::string_view rationale;   ///< why it matters
    std::string_view bad_example;   ///< unit snippet that the rule flags
    std::string_view good_example;  ///< the same snippet fixed
    std::string_view fix_hint;      ///< imperative, shown as `help:`
    std::string_view references;    ///< man pages and directives, comma-separated
    std::string_view limitations;   ///< known false positives or negatives
    std::string_view added_in;      ///< unitguard version that added the rule
    /// nullptr for rules whose findings come from the loader, the parser or the policy
    /// evaluator rather than from a per-unit check.
    RuleCheck check;
};

/// Returns every rule, ordered by ID.
std::span<const Rule* const> all_rules();

/// Returns the rule with `id`, or nullptr.
const Rule* find_rule(std::string_view id);

/// Whether `rule` runs: rules that are on by default run unless the policy turns them
/// off, the others only when the policy turns them on.
bool rule_enabled(const Rule& rule, const Policy* policy);

/// Builds a finding of `rule` at `location` with the rule's default severity and help.
Diagnostic make_rule_finding(const Rule& rule, const RuleContext& context, std::string message,
                             Location location);

}  // namespace unitguard::rules
