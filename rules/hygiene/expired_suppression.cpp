// SPDX-License-Identifier: MIT
// UG903 expired-suppression: an inline suppression whose until= date has passed.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kExpiredSuppression = {
    .id = "UG903",
    .name = "expired-suppression",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "an inline suppression whose until= date has passed",
    .rationale = "'until=' states how long an exception was agreed for. After that day the "
                 "suppression no longer applies: the findings it covered are reported again, "
                 "each with a note naming the expired comment, and the comment itself is "
                 "reported so that it is renewed or removed.",
    .bad_example = "[Service]\n# unitguard: ignore=UG402 reason=\"until the panel drops sudo\" "
                   "until=2020-06-30\nNoNewPrivileges=yes\n",
    .good_example = "[Service]\nNoNewPrivileges=no\n",
    .fix_hint = "fix the finding and remove the comment, or agree on a later until= date",
    .references = "unitguard inline suppressions ('until=YYYY-MM-DD'), UNITGUARD_TODAY",
    .limitations = "'until=' is the last day the suppression applies, in the local time zone "
                   "of the machine that runs unitguard (or UNITGUARD_TODAY when it is set).",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
