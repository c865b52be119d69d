// SPDX-License-Identifier: MIT
// Directive end-of-life facts and the walk over a unit's known directives.
#include "rules/versions/directive_lifecycle.hpp"

#include <charconv>

#include "linter/workspace.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {
namespace {

// The table's wording for keys that systemd keeps parsing only to warn and ignore them.
constexpr std::string_view kIgnoredSince = "ignored with a warning since v";

}  // namespace

DirectiveEnd directive_end(const Directive& directive) {
    DirectiveEnd end;
    if (directive.removed_in != 0) {
        end.release = directive.removed_in;
        return end;
    }
    std::string_view note = directive.deprecation;
    if (!note.starts_with(kIgnoredSince)) return end;
    note.remove_prefix(kIgnoredSince.size());
    int release = 0;
    auto [rest, error] = std::from_chars(note.data(), note.data() + note.size(), release);
    if (error != std::errc() || release <= 0) return end;
    end.release = release;
    end.warns = true;
    note.remove_prefix(static_cast<std::size_t>(rest - note.data()));
    if (note.starts_with("; ")) end.advice = note.substr(2);
    return end;
}

void for_each_directive_assignment(
    const RuleContext& context,
    const std::function<void(const linter::Setting&, const linter::AppliedAssignment&)>& visit) {
    const std::string& unit_type = context.unit.loaded.name.type;
    for (const auto& [key, setting] : context.unit.effective.settings.by_key) {
        if (setting.directive == nullptr) continue;
        if (!section_known_for_type(setting.section, unit_type)) continue;
        for (const linter::AppliedAssignment& applied : setting.history) visit(setting, applied);
    }
}

}  // namespace unitguard::rules
