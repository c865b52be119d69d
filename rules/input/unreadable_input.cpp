// SPDX-License-Identifier: MIT
// UG002 unreadable-input: a unit file or argument that could not be read as a unit file.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnreadableInput = {
    .id = "UG002",
    .name = "unreadable-input",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "an input could not be read as a unit file",
    .rationale = "A unit that cannot be read is not checked, so a run that skipped it would "
                 "look clean. The run goes on with the other units and exits 3 (incomplete).",
    .bad_example = "/etc/systemd/system/app.service -> /opt/app/app.service (missing)",
    .good_example = "/etc/systemd/system/app.service (a regular text file)",
    .fix_hint = "make the path a readable regular file, or remove it",
    .references = "systemd.unit(5) unit file load path",
    .limitations = "Permissions are those of the user running unitguard.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
