// SPDX-License-Identifier: MIT
// UG902 unknown-rule-in-suppression: a suppression comment names a rule ID that does not exist.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnknownRuleInSuppression = {
    .id = "UG902",
    .name = "unknown-rule-in-suppression",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a suppression comment names a rule ID that unitguard does not have",
    .rationale = "A misspelt ID suppresses nothing, so the finding the comment was meant for "
                 "stays, and the comment suggests a decision that is not in effect.",
    .bad_example = "[Service]\n# unitguard: ignore=UG4O2 reason=\"the panel calls sudo\"\n"
                   "NoNewPrivileges=yes\n",
    .good_example = "[Service]\n# unitguard: ignore=UG402 reason=\"the panel calls sudo\"\n"
                    "NoNewPrivileges=yes\n",
    .fix_hint = "write an ID that 'unitguard rules' lists",
    .references = "unitguard inline suppressions ('# unitguard: ignore=ID'), unitguard rules",
    .limitations = "Rule names (kebab-case) are not accepted in place of IDs; the message "
                   "suggests the ID instead.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
