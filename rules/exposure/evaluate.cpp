// SPDX-License-Identifier: MIT
// Scoring a unit with systemd-analyze security's rounded-up integer arithmetic.
#include "rules/exposure/evaluate.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rules/exposure/checks.hpp"
#include "rules/syntax/service_start.hpp"

namespace unitguard::rules::exposure {
namespace {

std::uint64_t divide_round_up(std::uint64_t numerator, std::uint64_t denominator) {
    return (numerator + denominator - 1) / denominator;
}

// Whether systemd skips the check for units with DefaultDependencies=no, which run in an
// early boot phase where these sandboxes are not usable.
bool needs_default_dependencies(std::string_view json_field) {
    return json_field == "PrivateTmp" || json_field == "ProtectHome" ||
           json_field == "ProtectSystem" || json_field == "RootDirectoryOrRootImage";
}

}  // namespace

std::uint64_t CheckResult::contribution() const {
    if (!badness) return 0;
    return divide_round_up(std::uint64_t{*badness} * row.weight, row.range);
}

std::string_view ExposureReport::label() const { return exposure_label(exposure); }

unsigned ExposureReport::check_exposure(const CheckResult& check) const {
    if (!check.badness || *check.badness == 0 || weight_sum == 0) return 0;
    std::uint64_t scaled = divide_round_up(std::uint64_t{*check.badness} * check.row.weight * 100,
                                           check.row.range);
    return static_cast<unsigned>(divide_round_up(scaled, weight_sum));
}

std::vector<const CheckResult*> ExposureReport::largest_contributors(std::size_t count) const {
    std::vector<const CheckResult*> failing;
    for (const CheckResult& check : checks) {
        if (check.badness && *check.badness > 0) failing.push_back(&check);
    }
    std::stable_sort(failing.begin(), failing.end(),
                     [](const CheckResult* a, const CheckResult* b) {
                         return a->contribution() > b->contribution();
                     });
    if (failing.size() > count) failing.resize(count);
    return failing;
}

ExposureReport evaluate(const linter::Settings& settings, const EvaluateOptions& options) {
    ExposureReport report;
    report.model = options.model;
    report.user_scope = options.user_scope;
    SecurityInputs inputs = derive_inputs(settings, {options.model, options.user_scope});

    std::vector<AssessmentRow> rows = model_checks(options.model);
    report.checks.reserve(rows.size());
    for (const AssessmentRow& row : rows) {
        CheckResult result;
        if (needs_default_dependencies(row.json_field) && !inputs.default_dependencies.value) {
            result.row = row;
            result.not_applicable = "DefaultDependencies=no: the unit runs in early boot";
            for (const DecidingAssignment& decider : inputs.default_dependencies.deciders) {
                result.deciders.push_back(make_decider(decider));
            }
        } else if (options.user_scope && is_system_only_check(row.json_field)) {
            result.row = row;
            result.not_applicable = "only system services support this setting";
        } else {
            result = grade_check(row, inputs, options.model);
        }
        if (result.badness) {
            report.badness_sum += result.contribution();
            report.weight_sum += row.weight;
        }
        report.checks.push_back(std::move(result));
    }
    if (report.weight_sum > 0) {
        report.exposure = static_cast<unsigned>(
            divide_round_up(report.badness_sum * 100, report.weight_sum));
    }
    return report;
}

ExposureReport evaluate(const linter::Settings& settings, Model model) {
    return evaluate(settings, EvaluateOptions{model, /*user_scope=*/false});
}

std::optional<std::string> load_refusal(const linter::Settings& settings,
                                        const std::string& fragment_path) {
    // Parsing comes first: a bad command without the '-' prefix fails the whole unit. With
    // the prefix, systemd drops the command before service_verify() checks the rest.
    ServiceStart start = describe_service_start(settings, settings.target_version);
    if (start.rejected) return "an ExecStart= or ExecStop= line is invalid";

    // These parsers treat a bad value in the unit file as fatal to the whole unit.
    if (const linter::Setting* dynamic = settings.find("DynamicUser")) {
        for (const linter::AppliedAssignment& assignment : dynamic->history) {
            if (assignment.path != fragment_path) continue;
            if (!linter::parse_boolean(assignment.value)) {
                return fmt::format("DynamicUser= has the invalid value '{}' on line {}",
                                   assignment.value, assignment.line);
            }
        }
    }
    for (std::string_view name : {"RootDirectory", "RootImage"}) {
        const linter::Setting* setting = settings.find(name);
        if (setting == nullptr) continue;
        for (const linter::AppliedAssignment& assignment : setting->history) {
            if (assignment.path != fragment_path) continue;
            if (!assignment.value.empty() && assignment.value.front() != '/') {
                return fmt::format("{}= '{}' on line {} is not an absolute path", name,
                                   assignment.value, assignment.line);
            }
        }
    }

    std::string failed = failed_service_check(settings, start);
    if (!failed.empty()) return failed;
    return std::nullopt;
}

std::string format_tenths(unsigned tenths) {
    return fmt::format("{}.{}", tenths / 10, tenths % 10);
}

std::string_view exposure_label(unsigned tenths) {
    if (tenths >= 100) return "DANGEROUS";
    if (tenths >= 90) return "UNSAFE";
    if (tenths >= 75) return "EXPOSED";
    if (tenths >= 50) return "MEDIUM";
    if (tenths >= 10) return "OK";
    if (tenths >= 1) return "SAFE";
    return "PERFECT";
}

std::optional<unsigned> parse_tenths(std::string_view text) {
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    auto digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || whole.size() > 2 || !digits(whole)) return std::nullopt;
    if (dot != std::string_view::npos && (fraction.size() != 1 || !digits(fraction))) {
        return std::nullopt;
    }
    unsigned tenths = 0;
    for (char c : whole) tenths = tenths * 10 + static_cast<unsigned>(c - '0');
    tenths *= 10;
    if (!fraction.empty()) tenths += static_cast<unsigned>(fraction.front() - '0');
    if (tenths > 100) return std::nullopt;
    return tenths;
}

bool is_system_only_check(std::string_view json_field) {
    static constexpr std::string_view kSystemOnly[] = {
        "UserOrDynamicUser", "SupplementaryGroups",  "ProtectProc",
        "ProcSubset",        "ProtectControlGroups", "RemoveIPC",
    };
    return std::find(std::begin(kSystemOnly), std::end(kSystemOnly), json_field) !=
           std::end(kSystemOnly);
}

}  // namespace unitguard::rules::exposure
