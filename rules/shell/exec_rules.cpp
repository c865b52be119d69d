// SPDX-License-Identifier: MIT
// Findings of the policy's `[[exec-rule]]` entries.
#include "rules/shell/exec_rules.hpp"

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/policy.hpp"
#include "rules/shell/command_model.hpp"
#include "rules/shell/shell_query.hpp"

namespace unitguard::rules::shell {
namespace {

// The matched text for a note: its first line, shortened.
std::string excerpt(std::string_view text) {
    constexpr std::size_t kMaxExcerpt = 60;
    std::string_view first_line = text.substr(0, text.find('\n'));
    if (first_line.size() > kMaxExcerpt) {
        return fmt::format("{}...", first_line.substr(0, kMaxExcerpt));
    }
    if (first_line.size() < text.size()) return fmt::format("{}...", first_line);
    return std::string(first_line);
}

}  // namespace

bool exec_rule_runs(const Policy& policy, const ExecRule& rule, const std::string& unit) {
    if (!rule.compiled || policy.rule_switch(rule.id.value) == false) return false;
    if (rule.units.empty()) return true;
    return std::any_of(rule.units.begin(), rule.units.end(),
                       [&](const Located<std::string>& pattern) {
                           return unit_pattern_matches(pattern.value, unit);
                       });
}

std::vector<Diagnostic> evaluate_exec_rules(const RuleContext& context) {
    std::vector<Diagnostic> findings;
    if (context.policy == nullptr || context.policy->exec_rules.empty()) return findings;
    const std::string& unit = context.unit.loaded.id;
    std::vector<const ExecRule*> rules;
    for (const ExecRule& rule : context.policy->exec_rules) {
        if (exec_rule_runs(*context.policy, rule, unit)) rules.push_back(&rule);
    }
    if (rules.empty()) return findings;

    for (const CommandLine& line : command_lines(context)) {
        if (!line.script) continue;
        for (const ExecRule* rule : rules) {
            for (const QueryMatch& match : rule->compiled->run(line.script->tree)) {
                Diagnostic finding;
                finding.rule_id = rule->id.value;
                finding.rule_name = "exec-rule";
                finding.severity = rule->severity;
                finding.message = rule->message.value;
                finding.location =
                    location_in_unit(context, line, line.script->origin(match.start));
                finding.unit = unit;
                if (rule->help) finding.help = rule->help->value;
                std::string_view matched = std::string_view(line.script->tree.source())
                                               .substr(match.start, match.end - match.start);
                finding.notes.push_back(fmt::format(
                    "'{}' in the script of {}= matches the query at {}:{}", excerpt(matched),
                    line.directive, rule->query.key_location.path, rule->query.key_location.line));
                finding.directive = line.directive;
                finding.value = std::string(matched);
                findings.push_back(std::move(finding));
            }
        }
    }
    return findings;
}

}  // namespace unitguard::rules::shell
