// SPDX-License-Identifier: MIT
// UG503 undeclared-drop-in-loaded: the manager applied a drop-in that the declared unit tree does
// not contain
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUndeclaredDropInLoaded = {
    .id = "UG503",
    .name = "undeclared-drop-in-loaded",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "the manager applied a drop-in that the declared unit tree does not contain",
    .rationale =
        "Debugging drop-ins such as 00-debug.conf are easy to forget and silently override "
        "hardening in the main file.",
    .bad_example = "/etc/systemd/system/game-web.service.d/00-debug.conf exists only on the host",
    .good_example = "the drop-in is in the declared tree or removed from the host",
    .fix_hint =
        "remove the drop-in and run 'systemctl daemon-reload', or add it to the declared tree",
    .references = "systemd.unit(5) drop-in directories, DropInPaths property",
    .limitations = "Drop-ins are matched by directory and file name, not by content.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
