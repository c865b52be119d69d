// SPDX-License-Identifier: MIT
// UG401 required-setting-unmet: a directive that a policy profile requires does not have the
// required effective value
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kRequiredSettingUnmet = {
    .id = "UG401",
    .name = "required-setting-unmet",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary =
        "a directive that a policy profile requires does not have the required effective value",
    .rationale =
        "The policy states the hardening a unit must keep. The effective value counts, after every "
        "drop-in, reset and implied setting, so a drop-in that weakens a unit is caught where it "
        "is.",
    .bad_example =
        "# policy: [profile.require] ProtectSystem = \"strict\"\n[Service]\nProtectSystem=full\n",
    .good_example = "[Service]\nProtectSystem=strict\n",
    .fix_hint = "set the required value, or remove the drop-in that overrides it",
    .references = "unitguard policy [profile.require]",
    .limitations =
        "A directive the target systemd does not know is reported as unmet even if the unit sets "
        "it.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
