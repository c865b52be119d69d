// SPDX-License-Identifier: MIT
// Exposure models: which checks are graded, with which weights, for a systemd release.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "rules/exposure/assessment_table.hpp"

namespace unitguard::rules::exposure {

/// A set of checks and the rules for grading them.
enum class Model {
    /// systemd-analyze security of systemd 252 with the CapabilityBoundingSet=~CAP_BPF check
    /// that stable release 252.19 added (Debian 12 ships 252.19 or later).
    Systemd252,
    /// systemd-analyze security of systemd 260.
    Systemd260,
    /// systemd 260's checks plus unitguard's own, and the run-time values of settings that
    /// systemd-analyze reads as written (implied NoNewPrivileges= and PrivateMounts=).
    Unitguard,
};

/// Parses "systemd-252", "systemd-260" or "unitguard".
std::optional<Model> parse_model(std::string_view name);

/// Returns the name parse_model() accepts for `model`.
std::string_view model_name(Model model);

/// Returns the systemd model for a target release: the 252 table for releases up to 259,
/// the 260 table from 260 on.
Model model_for_target(int target_version);

/// Returns the systemd release whose unit-file semantics and syscall groups the model uses.
int model_target_version(Model model);

/// Returns the checks of `model` in the order systemd's table lists them, unitguard's own
/// checks last.
std::vector<AssessmentRow> model_checks(Model model);

/// Returns the rows unitguard adds in the `unitguard` model (release 0 in their row).
std::vector<AssessmentRow> unitguard_checks();

}  // namespace unitguard::rules::exposure
