// SPDX-License-Identifier: MIT
// UG404 sysctl-value-mismatch: a kernel parameter in the sysctl.d configuration differs from the
// policy's [sysctl] value
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kSysctlValueMismatch = {
    .id = "UG404",
    .name = "sysctl-value-mismatch",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary =
        "a kernel parameter in the sysctl.d configuration differs from the policy's [sysctl] value",
    .rationale =
        "systemd-sysctl applies sysctl.d files in file-name order across /etc, /run and /usr/lib, "
        "so a vendor file with a later name overrides the administrator's setting.",
    .bad_example = "/usr/lib/sysctl.d/70-debug.conf: kernel.yama.ptrace_scope = 0",
    .good_example = "/etc/sysctl.d/99-hardening.conf: kernel.yama.ptrace_scope = 2",
    .fix_hint = "set the value in a file whose name sorts last, or mask the overriding file",
    .references = "sysctl.d(5), unitguard policy [sysctl]",
    .limitations = "/etc/sysctl.conf is not read, since systemd-sysctl does not read it.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
