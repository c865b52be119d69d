// SPDX-License-Identifier: MIT
// UG104 unknown-specifier: a %-specifier that systemd does not expand.
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnknownSpecifier = {
    .id = "UG104",
    .name = "unknown-specifier",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a %-specifier that the target systemd does not know",
    .rationale = "systemd fails to resolve the specifier and ignores the whole assignment, "
                 "so a command or path silently disappears.",
    .bad_example = "[Service]\nExecStart=/usr/bin/app --id %z\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app --id %i\n",
    .fix_hint = "use a known specifier, or write '%%' for a literal percent sign",
    .references = "systemd.unit(5) Specifiers",
    .limitations = "Which directives expand specifiers is decided per value kind, not per "
                   "parser, so a few rare directives are treated differently from systemd.",
    .added_in = "0.1.0",
    .check = nullptr,
};

}  // namespace unitguard::rules
