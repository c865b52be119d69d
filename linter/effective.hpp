// SPDX-License-Identifier: MIT
// Turns a loaded unit's files into its effective Settings, as systemd merges them.
#pragma once

#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/loader.hpp"
#include "linter/settings.hpp"
#include "linter/specifiers.hpp"

namespace unitguard::linter {

/// Result of merging a unit's files.
struct EffectiveUnit {
    Settings settings;
    /// Assignments systemd would ignore (unknown key or specifier, invalid value, key newer
    /// than the target release), as diagnostics at the assignment.
    std::vector<Diagnostic> problems;
};

/// Applies every assignment of `unit.files` in order for a systemd of release
/// `context.target_version`: scalars take the last value, lists accumulate and reset on an
/// empty assignment, specifiers are expanded, and the typed security settings and the
/// settings systemd implies are derived.
EffectiveUnit compute_effective(const LoadedUnit& unit, const SpecifierContext& context);

}  // namespace unitguard::linter
