// SPDX-License-Identifier: MIT
// UG904 suppression-without-reason: an inline suppression with no reason= field.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kSuppressionWithoutReason = {
    .id = "UG904",
    .name = "suppression-without-reason",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "an inline suppression comment that gives no reason",
    .rationale = "Whoever reads the unit later cannot tell whether the exception is still "
                 "needed. The comment still suppresses its findings; only the missing reason "
                 "is reported.",
    .bad_example = "[Service]\n# unitguard: ignore=UG402\nNoNewPrivileges=yes\n",
    .good_example = "[Service]\n# unitguard: ignore=UG402 reason=\"the panel calls sudo\"\n"
                    "NoNewPrivileges=yes\n",
    .fix_hint = "add reason=\"...\" saying why the finding is acceptable",
    .references = "unitguard inline suppressions ('reason=\"...\"')",
    .limitations = "Any non-empty text counts as a reason.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
