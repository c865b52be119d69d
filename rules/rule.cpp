// SPDX-License-Identifier: MIT
// Helpers shared by rule checks.
#include "rules/rule.hpp"

#include "linter/workspace.hpp"

namespace unitguard::rules {

bool rule_enabled(const Rule& rule, const Policy* policy) {
    // TODO: read per-rule switches from the policy once it has a [rules] table; until
    // then only the defaults apply.
    (void)policy;
    return rule.enabled_by_default;
}

Diagnostic make_rule_finding(const Rule& rule, const RuleContext& context, std::string message,
                             Location location) {
    Diagnostic finding;
    finding.rule_id = std::string(rule.id);
    finding.rule_name = std::string(rule.name);
    finding.severity = rule.severity;
    finding.message = std::move(message);
    finding.location = std::move(location);
    finding.unit = context.unit.loaded.id;
    if (!rule.fix_hint.empty()) finding.help = std::string(rule.fix_hint);
    return finding;
}

}  // namespace unitguard::rules
