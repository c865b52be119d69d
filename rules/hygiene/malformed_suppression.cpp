// SPDX-License-Identifier: MIT
// UG905 malformed-suppression: a `# unitguard:` comment that cannot be read.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kMalformedSuppression = {
    .id = "UG905",
    .name = "malformed-suppression",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a '# unitguard:' comment with an unknown key, a bad date or broken quoting",
    .rationale = "A comment that starts with 'unitguard:' is meant as a suppression. When part "
                 "of it cannot be read, the whole comment suppresses nothing, so that a typo "
                 "never hides more than intended, and the problem is reported here.",
    .bad_example = "[Service]\n# unitguard: ignore=UG402 reasn=\"the panel calls sudo\"\n"
                   "NoNewPrivileges=yes\n",
    .good_example = "[Service]\n# unitguard: ignore=UG402 reason=\"the panel calls sudo\"\n"
                    "NoNewPrivileges=yes\n",
    .fix_hint = "write the comment as '# unitguard: ignore=ID[,ID...] reason=\"...\" "
                "[until=YYYY-MM-DD]'",
    .references = "unitguard inline suppressions",
    .limitations = "Only whole comment lines whose text starts with 'unitguard:' are read; "
                   "other spellings such as 'unit-guard:' are ordinary comments.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
