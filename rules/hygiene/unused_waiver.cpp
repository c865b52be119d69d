// SPDX-License-Identifier: MIT
// UG906 unused-waiver: a policy [[waiver]] that matched no finding.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnusedWaiver = {
    .id = "UG906",
    .name = "unused-waiver",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a policy [[waiver]] that matched no finding",
    .rationale = "A waiver that waives nothing is either stale, since the problem was fixed, "
                 "or names the wrong rule or units. Either way it would silently waive the "
                 "problem if it came back.",
    .bad_example = "[[waiver]]\nrule = \"UG402\"\nunits = [\"game-web.service\"]\n"
                   "reason = \"the panel calls sudo\"\n# game-web.service no longer sets "
                   "NoNewPrivileges=\n",
    .good_example = "# the [[waiver]] is removed\n",
    .fix_hint = "remove the [[waiver]], or correct its rule and units",
    .references = "unitguard policy [[waiver]]",
    .limitations = "Reported only when every unit below the root is checked (no unit names or "
                   "files given), because a run over some units cannot tell whether the others "
                   "still need the waiver.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
