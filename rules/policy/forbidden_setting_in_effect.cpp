// SPDX-License-Identifier: MIT
// UG402 forbidden-setting-in-effect: a directive value that a policy profile forbids is in effect,
// directly or implied
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kForbiddenSettingInEffect = {
    .id = "UG402",
    .name = "forbidden-setting-in-effect",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a directive value that a policy profile forbids is in effect, directly or implied",
    .rationale =
        "Some hardening breaks a service (MemoryDenyWriteExecute= for a JIT, NoNewPrivileges= for "
        "sudo). systemd also turns NoNewPrivileges= on by itself when other options need it, which "
        "is reported with the line that implies it.",
    .bad_example =
        "# policy: [profile.forbid] NoNewPrivileges = "
        "true\n[Service]\nUser=web\nProtectKernelTunables=yes\n",
    .good_example = "[Service]\nUser=web\n",
    .fix_hint = "remove the forbidden setting, or the settings that imply it",
    .references = "unitguard policy [profile.forbid], systemd.exec(5) NoNewPrivileges=",
    .limitations =
        "Only NoNewPrivileges= is derived from other settings; other implied values are not "
        "modelled.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
