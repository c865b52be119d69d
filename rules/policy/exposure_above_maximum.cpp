// SPDX-License-Identifier: MIT
// UG405 exposure-above-maximum: a unit's exposure score is above the profile's exposure-max
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kExposureAboveMaximum = {
    .id = "UG405",
    .name = "exposure-above-maximum",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a unit's exposure score is above the profile's exposure-max",
    .rationale =
        "The exposure score is the number systemd-analyze security prints; a drop-in that weakens "
        "hardening raises it.",
    .bad_example = "# policy: exposure-max = 1.5\n[Service]\nExecStart=/usr/bin/app\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app\nDynamicUser=yes\nProtectSystem=strict\n",
    .fix_hint = "harden the settings listed in the notes, starting with the largest contributor",
    .references = "systemd-analyze(1) security, unitguard policy exposure-max",
    .limitations =
        "Scores follow the offline mode of systemd-analyze security, which does not see runtime "
        "state.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
