// SPDX-License-Identifier: MIT
// UG101 unit-file-syntax: a line that systemd's unit-file parser rejects.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnitFileSyntax = {
    .id = "UG101",
    .name = "unit-file-syntax",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a line that systemd's unit-file parser rejects",
    .rationale = "systemd logs and skips a bad line, or stops reading the file, so the "
                 "settings the author meant are silently missing.",
    .bad_example = "[Service]\nExecStart /usr/bin/app\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app\n",
    .fix_hint = "write the line as 'Key=value' inside a [Section]",
    .references = "systemd.syntax(7)",
    .limitations = "A missing '=' is reported even inside sections systemd does not know, "
                   "where systemd itself stays quiet.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
