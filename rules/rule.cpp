// SPDX-License-Identifier: MIT
// Helpers shared by rule checks.
#include "rules/rule.hpp"

#include "linter/workspace.hpp"
#include "rules/policy.hpp"

namespace unitguard::rules {

bool rule_enabled(const Rule& rule, const Policy* policy) {
    if (policy != nullptr) {
        if (std::optional<bool> enabled = policy->rule_switch(rule.id)) return *enabled;
    }
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
