// SPDX-License-Identifier: MIT
// UG403 denied-syscall-allowed: a syscall the policy says must be blocked is allowed by the
// effective SystemCallFilter=
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kDeniedSyscallAllowed = {
    .id = "UG403",
    .name = "denied-syscall-allowed",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary =
        "a syscall the policy says must be blocked is allowed by the effective SystemCallFilter=",
    .rationale =
        "The first SystemCallFilter= line decides allow or deny mode, '~' applies to a whole line, "
        "an empty line resets the filter and SystemCallLog= blocks nothing, so a filter that reads "
        "safe can let a syscall through.",
    .bad_example =
        "# policy: [profile.syscalls] deny = [\"ptrace\"]\n[Service]\nSystemCallFilter=~@mount\n",
    .good_example = "[Service]\nSystemCallFilter=@system-service\n",
    .fix_hint =
        "deny the syscalls with 'SystemCallFilter=~NAME' in a drop-in that sorts after the others",
    .references = "unitguard policy [profile.syscalls], systemd.exec(5) SystemCallFilter=",
    .limitations =
        "Groups are expanded with the table of the target systemd; libseccomp may not know every "
        "name on an older host.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
