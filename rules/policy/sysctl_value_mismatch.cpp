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
        "so a vendor file with a later name overrides the administrator's setting. procps "
        "`sysctl --system`, which administrators and configuration tools run, applies the "
        "same files and then /etc/sysctl.conf once more, so a value there undoes the boot "
        "value whenever it runs.",
    .bad_example = "/usr/lib/sysctl.d/70-debug.conf: kernel.yama.ptrace_scope = 0",
    .good_example = "/etc/sysctl.d/99-hardening.conf: kernel.yama.ptrace_scope = 2",
    .fix_hint = "set the value in a file whose name sorts last, or mask the overriding file",
    .references = "sysctl.d(5), unitguard policy [sysctl]",
    .limitations =
        "The boot value is the one systemd-sysctl sets; /etc/sysctl.conf counts only through "
        "a link in a sysctl.d directory, and otherwise only for the `sysctl --system` check. "
        "procps's own handling of globs and '-' lines is not modelled.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
