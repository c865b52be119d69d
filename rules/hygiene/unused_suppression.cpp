// SPDX-License-Identifier: MIT
// UG901 unused-suppression: an inline suppression that matched no finding.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnusedSuppression = {
    .id = "UG901",
    .name = "unused-suppression",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "an inline suppression comment that matched no finding",
    .rationale = "A suppression outlives the problem it was written for. Left in place, it "
                 "hides the same problem when it comes back, without anyone deciding again "
                 "that it is acceptable.",
    .bad_example = "[Service]\n# unitguard: ignore=UG402 reason=\"the panel calls sudo\"\n"
                   "User=web\n",
    .good_example = "[Service]\nUser=web\n",
    .fix_hint = "remove the rule ID from the comment, or the whole comment",
    .references = "unitguard inline suppressions ('# unitguard: ignore=ID')",
    .limitations = "A suppression only sees the findings of the units checked in the run. "
                   "A comment in a drop-in that no checked unit reads is not reported.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
