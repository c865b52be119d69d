// SPDX-License-Identifier: MIT
// UG506 live-sysctl-differs-from-policy: a kernel parameter in /proc/sys differs from the policy's
// [sysctl] value
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kLiveSysctlDiffersFromPolicy = {
    .id = "UG506",
    .name = "live-sysctl-differs-from-policy",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a kernel parameter in /proc/sys differs from the policy's [sysctl] value",
    .rationale =
        "The kernel value is what protects the host; a value changed at run time with sysctl -w "
        "survives until reboot and no file shows it.",
    .bad_example = "/proc/sys/kernel/yama/ptrace_scope = 0",
    .good_example = "/proc/sys/kernel/yama/ptrace_scope = 2",
    .fix_hint = "set the value with 'sysctl -w' and persist it in /etc/sysctl.d",
    .references = "sysctl(8), sysctl.d(5), unitguard policy [sysctl]",
    .limitations =
        "Values are compared as text with runs of whitespace collapsed, so the same number written differently ('010' and '10') counts as a difference.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
