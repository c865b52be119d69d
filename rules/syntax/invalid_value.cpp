// SPDX-License-Identifier: MIT
// UG103 invalid-value: a value the directive's parser rejects.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kInvalidValue = {
    .id = "UG103",
    .name = "invalid-value",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a value that the directive rejects, so systemd ignores the assignment",
    .rationale = "systemd logs an invalid value and ignores the assignment (or just the bad "
                 "word of a list), leaving the previous value or the default in effect.",
    .bad_example = "[Service]\nProtectSystem=strcit\n",
    .good_example = "[Service]\nProtectSystem=strict\n",
    .fix_hint = "use a value the directive accepts; see its man page",
    .references = "systemd.exec(5), systemd.service(5), systemd.unit(5)",
    .limitations = "Values of the rarer kinds (device rules, mount lists, credentials) are "
                   "accepted without a check.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
