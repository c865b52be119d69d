// SPDX-License-Identifier: MIT
// UG509 sysctl-key-missing: the kernel has no parameter that the policy's [sysctl] table names
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kSysctlKeyMissing = {
    .id = "UG509",
    .name = "sysctl-key-missing",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "the kernel has no parameter that the policy's [sysctl] table names",
    .rationale =
        "A missing key means the feature is absent (for example no Yama LSM), so its protection "
        "cannot be in effect.",
    .bad_example = "[sysctl] kernel.yama.ptrace_scope = 2 on a kernel without Yama",
    .good_example = "a kernel built with CONFIG_SECURITY_YAMA",
    .fix_hint =
        "enable the kernel feature that provides the key, or remove the key from the policy",
    .references = "sysctl(8), proc(5)",
    .limitations =
        "A key that a kernel module would add once loaded is reported as missing until the module is loaded.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
