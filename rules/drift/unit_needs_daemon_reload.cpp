// SPDX-License-Identifier: MIT
// UG504 unit-needs-daemon-reload: unit files changed on disk since the manager loaded them
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnitNeedsDaemonReload = {
    .id = "UG504",
    .name = "unit-needs-daemon-reload",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "unit files changed on disk since the manager loaded them",
    .rationale =
        "Until 'systemctl daemon-reload' runs, the manager keeps the old settings, so the files "
        "on disk do not describe the running unit.",
    .bad_example = "NeedDaemonReload=yes",
    .good_example = "NeedDaemonReload=no",
    .fix_hint = "run 'systemctl daemon-reload' and restart the unit",
    .references = "systemctl(1) daemon-reload, NeedDaemonReload property",
    .limitations =
        "Relies on the manager's own NeedDaemonReload= property, so it sees only the files that systemd loaded for the unit.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
