// SPDX-License-Identifier: MIT
// UG907 expired-waiver: a policy [[waiver]] whose expires date has passed.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kExpiredWaiver = {
    .id = "UG907",
    .name = "expired-waiver",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a policy [[waiver]] whose expires date has passed",
    .rationale = "'expires' states how long an exception was agreed for. After that day the "
                 "waiver no longer applies: its findings are reported again, each with a note "
                 "naming the waiver, and the waiver itself is reported so that it is renewed "
                 "or removed.",
    .bad_example = "[[waiver]]\nrule = \"UG402\"\nunits = [\"game-web.service\"]\n"
                   "reason = \"the panel calls sudo\"\nexpires = 2020-06-30\n",
    .good_example = "[[waiver]]\nrule = \"UG402\"\nunits = [\"game-web.service\"]\n"
                    "reason = \"the panel calls sudo\"\nexpires = 2027-06-30\n",
    .fix_hint = "fix the findings and remove the waiver, or agree on a later expires date",
    .references = "unitguard policy [[waiver]] expires, UNITGUARD_TODAY",
    .limitations = "'expires' is the last day the waiver applies, in the local time zone of "
                   "the machine that runs unitguard (or UNITGUARD_TODAY when it is set).",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
