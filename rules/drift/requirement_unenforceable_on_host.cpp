// SPDX-License-Identifier: MIT
// UG508 requirement-unenforceable-on-host: the host's systemd has no property for a directive the
// policy requires
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kRequirementUnenforceableOnHost = {
    .id = "UG508",
    .name = "requirement-unenforceable-on-host",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "the host's systemd has no property for a directive the policy requires",
    .rationale =
        "A systemd release that does not know a directive ignores it in unit files, so the "
        "protection the policy asks for is not in effect however the file is written.",
    .bad_example = "require PrivatePIDs = true on systemd 252",
    .good_example = "a host whose systemd exports PrivatePIDs (257 or later)",
    .fix_hint = "upgrade systemd on the host, or waive the requirement for hosts of this release",
    .references = "org.freedesktop.systemd1(5), systemd.exec(5)",
    .limitations =
        "Only directives with a D-Bus property can be judged; the directive-to-property table comes from systemd 260.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
