// SPDX-License-Identifier: MIT
// UG502 live-setting-differs-from-declared: a security setting in effect differs from the value
// the declared unit files give
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kLiveSettingDiffersFromDeclared = {
    .id = "UG502",
    .name = "live-setting-differs-from-declared",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a security setting in effect differs from the value the declared unit files give",
    .rationale =
        "The declared unit files are what review and the static check saw. A different live value "
        "means the host runs something nobody reviewed.",
    .bad_example = "declared SystemCallFilter=@system-service, live: no filter",
    .good_example = "declared and live SystemCallFilter=@system-service",
    .fix_hint =
        "bring the host's unit files back to the declared ones, or declare the change, then run "
        "'systemctl daemon-reload'",
    .references = "systemd.exec(5), systemctl show",
    .limitations = "ExecStart= and settings outside the security set are not compared.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
