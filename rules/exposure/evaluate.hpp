// SPDX-License-Identifier: MIT
// Exposure score of one unit, with systemd-analyze security's arithmetic and labels.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/settings.hpp"
#include "rules/exposure/assessment_table.hpp"
#include "rules/exposure/inputs.hpp"
#include "rules/exposure/model.hpp"

namespace unitguard::rules::exposure {

/// One graded check.
struct CheckResult {
    AssessmentRow row;
    /// Badness from 0 to row.range; nothing when the check does not apply to the unit.
    std::optional<unsigned> badness;
    std::string not_applicable;     ///< why the check does not apply, when it does not
    std::string detail;             ///< what was found, e.g. "ptrace() is allowed"
    std::vector<Decider> deciders;  ///< empty when nothing is set and the default applies

    /// Whether the check counts towards the score.
    bool applies() const { return badness.has_value(); }
    /// Whether it applies with badness 0 (systemd prints a check mark).
    bool passed() const { return badness && *badness == 0; }
    /// Its share of the badness sum: ceil(badness * weight / range), 0 when not applicable.
    std::uint64_t contribution() const;
};

/// The graded checks of one unit and the overall exposure.
struct ExposureReport {
    Model model = Model::Systemd260;
    bool user_scope = false;
    std::vector<CheckResult> checks;  ///< in model_checks() order
    std::uint64_t badness_sum = 0;    ///< sum of contribution() over applicable checks
    std::uint64_t weight_sum = 0;     ///< sum of the weights of applicable checks
    unsigned exposure = 0;            ///< ceil(100 * badness_sum / weight_sum), in tenths

    /// Returns the label systemd gives `exposure`, e.g. "OK".
    std::string_view label() const;
    /// Returns the exposure share of one check in tenths, as systemd prints it per row:
    /// ceil(ceil(100 * badness * weight / range) / weight_sum); 0 when it has no badness.
    unsigned check_exposure(const CheckResult& check) const;
    /// Returns the failing checks with the largest contributions first (ties in check
    /// order), at most `count` of them.
    std::vector<const CheckResult*> largest_contributors(std::size_t count) const;
};

/// Options for scoring a unit.
struct EvaluateOptions {
    Model model = Model::Systemd260;
    /// The unit belongs to a per-user service manager: checks of settings that only system
    /// services support do not apply.
    bool user_scope = false;
};

/// Grades every check of `options.model` on `settings`. The settings must have been
/// computed for model_target_version(options.model).
ExposureReport evaluate(const linter::Settings& settings, const EvaluateOptions& options);

/// Same as evaluate() for a system service.
ExposureReport evaluate(const linter::Settings& settings, Model model);

/// Returns why systemd 252 rejects the service `settings` describe, or nothing when it
/// loads. The checks, in this order: an invalid ExecStart= or ExecStop= line; a fatal value
/// in the unit file at `fragment_path` itself (a DynamicUser= that is not a boolean, an
/// empty value included, or a RootDirectory= or RootImage= that is not an absolute path),
/// which a drop-in would only have ignored; a failed check of service_verify() (see
/// failed_service_check()). systemd-analyze security rates no unit that it rejects.
std::optional<std::string> load_refusal(const linter::Settings& settings,
                                        const std::string& fragment_path);

/// Formats tenths as systemd does: 28 becomes "2.8".
std::string format_tenths(unsigned tenths);

/// Returns systemd's label for an exposure in tenths: DANGEROUS from 10.0, UNSAFE from 9.0,
/// EXPOSED from 7.5, MEDIUM from 5.0, OK from 1.0, SAFE from 0.1, else PERFECT.
std::string_view exposure_label(unsigned tenths);

/// Parses a threshold such as "5", "5.0" or "7.5" (0 to 10, at most one decimal) into
/// tenths.
std::optional<unsigned> parse_tenths(std::string_view text);

/// Whether the check named by `json_field` grades a setting that systemd.exec(5) of
/// systemd 252 documents as available to system services only (User=, DynamicUser=,
/// SupplementaryGroups=, ProtectProc=, ProcSubset=, ProtectControlGroups=, RemoveIPC=).
bool is_system_only_check(std::string_view json_field);

}  // namespace unitguard::rules::exposure
