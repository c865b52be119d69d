// SPDX-License-Identifier: MIT
// When systemd added, deprecated and dropped a directive, read from the directive table.
#pragma once

#include <functional>
#include <string_view>

#include "linter/settings.hpp"
#include "rules/directives.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {

/// The release from which systemd no longer applies a directive.
struct DirectiveEnd {
    int release = 0;          ///< 0 while every release applies it
    bool warns = false;       ///< the key is still parsed but ignored with a warning, rather than
                              ///< rejected as an unknown key
    std::string_view advice;  ///< e.g. "use MemoryMax=", "no replacement (kdbus removed)"
};

/// Reads when systemd stops applying `directive`: its removed_in column, or a deprecation
/// note of the form "ignored with a warning since vN; ADVICE".
DirectiveEnd directive_end(const Directive& directive);

/// Calls `visit` for every assignment of a known directive in a section that units of this
/// type read, in the order systemd applies them (keys of other sections are left to the
/// section rules).
void for_each_directive_assignment(
    const RuleContext& context,
    const std::function<void(const linter::Setting&, const linter::AppliedAssignment&)>& visit);

}  // namespace unitguard::rules
