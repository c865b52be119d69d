// SPDX-License-Identifier: MIT
// UG405 exposure-above-maximum: a service scores above its profile's exposure-max.
#include "rules/exposure/policy_gate.hpp"

#include <cmath>

#include <fmt/format.h>

#include "rules/exposure/evaluate.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules::exposure {
namespace {

// Number of contributors the notes name.
constexpr std::size_t kNotedContributors = 3;

std::string contributor_note(const ExposureReport& report, const CheckResult& check,
                             const linter::Workspace& workspace) {
    std::string share = format_tenths(report.check_exposure(check));
    if (check.deciders.empty()) return fmt::format("{} adds {} (not set)", check.row.id, share);
    const Decider& decider = check.deciders.front();
    std::string note = fmt::format("{} adds {} ({}:{}", check.row.id, share,
                                   workspace.display_path(decider.path), decider.line);
    if (!decider.note.empty()) note += fmt::format(", {}", decider.note);
    return note + ")";
}

// Services get a score. Templates, units of other types and units that systemd refuses to
// load do not.
bool has_exposure_score(const linter::WorkspaceUnit& unit) {
    const linter::LoadedUnit& loaded = unit.loaded;
    if (loaded.state != linter::LoadState::Loaded || loaded.name.type != "service" ||
        loaded.name.is_template) {
        return false;
    }
    return !load_refusal(unit.effective.settings, loaded.fragment_path);
}

}  // namespace

std::vector<Diagnostic> evaluate_exposure_max(const Policy& policy,
                                              const linter::WorkspaceUnit& unit,
                                              const linter::Workspace& workspace) {
    std::vector<Diagnostic> findings;
    const linter::LoadedUnit& loaded = unit.loaded;
    if (!has_exposure_score(unit)) return findings;

    std::optional<ExposureReport> report;
    for (const Profile* profile : policy.profiles_for(loaded.id)) {
        if (!profile->exposure_max) continue;
        if (!report) {
            Model model = model_for_target(unit.effective.settings.target_version);
            report = evaluate(unit.effective.settings, model);
        }
        auto maximum = static_cast<unsigned>(std::lround(profile->exposure_max->value * 10));
        if (report->exposure <= maximum) continue;

        Diagnostic finding;
        const Rule* rule = find_rule("UG405");
        finding.rule_id = "UG405";
        finding.rule_name = rule ? std::string(rule->name) : "exposure-above-maximum";
        finding.severity = rule ? rule->severity : Severity::Error;
        if (rule != nullptr && !rule->fix_hint.empty()) finding.help = std::string(rule->fix_hint);
        finding.message = fmt::format("exposure {} is above the maximum {} of profile '{}'",
                                      format_tenths(report->exposure), format_tenths(maximum),
                                      profile->name.value);
        finding.location = workspace.section_header(unit);
        finding.unit = loaded.id;
        for (const CheckResult* check : report->largest_contributors(kNotedContributors)) {
            finding.notes.push_back(contributor_note(*report, *check, workspace));
        }
        finding.notes.push_back(fmt::format("scored with the {} model of systemd-analyze security",
                                            model_name(report->model)));
        findings.push_back(std::move(finding));
    }
    return findings;
}

bool exposure_max_evaluated(const Policy& policy, const linter::WorkspaceUnit& unit) {
    if (!has_exposure_score(unit)) return false;
    for (const Profile* profile : policy.profiles_for(unit.loaded.id)) {
        if (profile->exposure_max) return true;
    }
    return false;
}

}  // namespace unitguard::rules::exposure
