// SPDX-License-Identifier: MIT
// UG505 expected-unit-not-running: a unit that a policy profile names is missing, masked or failed
// on the host
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kExpectedUnitNotRunning = {
    .id = "UG505",
    .name = "expected-unit-not-running",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a unit that a policy profile names is missing, masked or failed on the host",
    .rationale =
        "A profile names the units that must exist; a masked or failed unit is as unprotected as "
        "a missing one is absent.",
    .bad_example = "game-web.service: LoadState=masked",
    .good_example = "game-web.service: LoadState=loaded, ActiveState=active",
    .fix_hint = "install or unmask the unit, or find why it failed with 'systemctl status'",
    .references = "systemctl(1) status, LoadState and ActiveState properties",
    .limitations =
        "Only profile patterns without glob characters are looked up; template patterns are "
        "checked through the loaded instances.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
