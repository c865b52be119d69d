// SPDX-License-Identifier: MIT
// UG507 live-sysctl-differs-from-persisted: a kernel parameter in /proc/sys differs from the value
// sysctl.d sets at boot
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kLiveSysctlDiffersFromPersisted = {
    .id = "UG507",
    .name = "live-sysctl-differs-from-persisted",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a kernel parameter in /proc/sys differs from the value sysctl.d sets at boot",
    .rationale =
        "The next boot resets the parameter to the persisted value, so the current value is "
        "either a temporary fix or a change that will be lost.",
    .bad_example = "/proc/sys/kernel/yama/ptrace_scope = 0, /etc/sysctl.d/60-game.conf:1 sets 2",
    .good_example = "/proc/sys/kernel/yama/ptrace_scope = 2, /etc/sysctl.d/60-game.conf:1 sets 2",
    .fix_hint = "run 'systemctl restart systemd-sysctl' or persist the new value",
    .references = "sysctl.d(5), systemd-sysctl.service(8)",
    .limitations = "Only keys named in the policy's [sysctl] table are compared.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
