// SPDX-License-Identifier: MIT
// UG501 live-policy-requirement-unmet: the running unit breaks a require, forbid or syscalls.deny
// entry of its policy profile
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kLivePolicyRequirementUnmet = {
    .id = "UG501",
    .name = "live-policy-requirement-unmet",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary =
        "the running unit breaks a require, forbid or syscalls.deny entry of its policy profile",
    .rationale =
        "A unit can pass the static check and still run weaker: a drop-in added on the host, a "
        "reload that was never done, or a file edited outside the repository. The policy is "
        "checked against what the manager itself reports over D-Bus.",
    .bad_example = "live: SystemCallFilter= is empty while the profile denies 'ptrace'",
    .good_example = "live: SystemCallFilter=~ptrace process_vm_readv process_vm_writev",
    .fix_hint =
        "find the drop-in or edit that weakened the unit, remove it and run 'systemctl "
        "daemon-reload'",
    .references = "systemctl show, org.freedesktop.systemd1(5), unitguard policy [[profile]]",
    .limitations =
        "Properties whose D-Bus form is a 64-bit size, time or limit (for example "
        "LimitNOFILE=, MemoryMax=) are not converted, so requirements on them read as unset.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
