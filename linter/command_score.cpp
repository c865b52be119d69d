// SPDX-License-Identifier: MIT
// `unitguard score`: systemd-analyze security's exposure per service, from unit files.
#include <algorithm>
#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "linter/commands.hpp"
#include "linter/json_writer.hpp"
#include "linter/report_text.hpp"
#include "linter/workspace.hpp"
#include "rules/exposure/evaluate.hpp"

namespace unitguard::linter {
namespace {

namespace exposure = rules::exposure;

/// Outcome of scoring one unit of the run.
struct ScoredUnit {
    std::string name;
    std::string state;   ///< "scored", "not-scored", "not-found", "masked" or "bad-setting"
    std::string reason;  ///< why it was not scored
    std::optional<exposure::ExposureReport> report;
    bool above_threshold = false;
};

struct ScoreRun {
    exposure::Model model = exposure::Model::Systemd260;
    std::optional<unsigned> threshold;
    bool user_scope = false;
    std::vector<ScoredUnit> units;
};

ScoredUnit score_unit(const WorkspaceUnit& unit, const ScoreRun& run) {
    const LoadedUnit& loaded = unit.loaded;
    ScoredUnit scored{loaded.id.empty() ? loaded.requested_name : loaded.id, "scored", {}, {},
                      false};
    switch (loaded.state) {
        case LoadState::NotFound:
            return {loaded.requested_name, "not-found", "unit not found", {}, false};
        case LoadState::Masked:
            return {scored.name, "masked", "unit is masked", {}, false};
        case LoadState::BadSetting:
            return {scored.name, "bad-setting", "unit file could not be loaded", {}, false};
        case LoadState::Loaded:
            break;
    }
    if (loaded.name.type != "service") {
        scored.state = "not-scored";
        scored.reason = "not a service; systemd-analyze security rates services only";
        return scored;
    }
    if (loaded.name.is_template) {
        scored.state = "not-scored";
        scored.reason = fmt::format("template; name an instance such as '{}'",
                                    loaded.name.prefix + "@1.service");
        return scored;
    }
    if (auto refusal = exposure::load_refusal(unit.effective.settings, loaded.fragment_path)) {
        scored.state = "bad-setting";
        scored.reason = fmt::format("systemd refuses to load it: {}", *refusal);
        return scored;
    }
    scored.report = exposure::evaluate(unit.effective.settings, {run.model, run.user_scope});
    scored.above_threshold = run.threshold && scored.report->exposure > *run.threshold;
    return scored;
}

// Sorts scored units by exposure, highest first, then the others; ties go by name.
void sort_units(std::vector<ScoredUnit>& units) {
    std::stable_sort(units.begin(), units.end(), [](const ScoredUnit& a, const ScoredUnit& b) {
        unsigned rank_a = a.report ? a.report->exposure + 1 : 0;
        unsigned rank_b = b.report ? b.report->exposure + 1 : 0;
        if (rank_a != rank_b) return rank_a > rank_b;
        return a.name < b.name;
    });
}

std::string_view result_mark(const exposure::CheckResult& check) {
    if (!check.applies()) return "n/a";
    return check.passed() ? "✓" : "✗";
}

std::string describe_decider(const Workspace& workspace, const exposure::Decider& decider) {
    std::string text = fmt::format("{}:{}", workspace.display_path(decider.path), decider.line);
    if (!decider.note.empty()) text += fmt::format(" ({})", decider.note);
    return text;
}

// Returns "path:line" or "not set", after the reason when the check does not apply.
std::string decided_by(const Workspace& workspace, const exposure::CheckResult& check) {
    std::string text;
    if (!check.applies()) text = check.not_applicable + "; ";
    if (check.deciders.empty()) return text + "not set";
    text += describe_decider(workspace, check.deciders.front());
    if (check.deciders.size() > 1) text += fmt::format(" and {} more", check.deciders.size() - 1);
    return text;
}

// Orders failing checks by contribution, then passing ones, then those that do not apply.
std::vector<const exposure::CheckResult*> display_order(const exposure::ExposureReport& report) {
    std::vector<const exposure::CheckResult*> rows;
    for (const exposure::CheckResult& check : report.checks) rows.push_back(&check);
    auto rank = [](const exposure::CheckResult* check) {
        return !check->applies() ? 2 : check->passed() ? 1 : 0;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
        if (rank(a) != rank(b)) return rank(a) < rank(b);
        return a->contribution() > b->contribution();
    });
    return rows;
}

std::string user_scope_note(const ScoreRun& run) {
    if (!run.user_scope) return {};
    return "note: user units: checks of User=, DynamicUser=, SupplementaryGroups=, "
           "ProtectProc=, ProcSubset=, ProtectControlGroups= and RemoveIPC= are left out, "
           "because only system services support those settings\n";
}

std::string render_unit_text(const Workspace& workspace, const ScoredUnit& unit,
                             const ScoreRun& run) {
    const exposure::ExposureReport& report = *unit.report;
    std::size_t width = 5;
    for (const exposure::CheckResult& check : report.checks) {
        width = std::max(width, check.row.id.size());
    }
    std::string out = fmt::format("{} (model {})\n", escape_for_terminal(unit.name),
                                  exposure::model_name(run.model));
    out += fmt::format("  {:<{}}  {:<6} {:<8}  {}\n", "CHECK", width, "RESULT", "EXPOSURE",
                       "DECIDED BY");
    for (const exposure::CheckResult* check : display_order(report)) {
        unsigned tenths = report.check_exposure(*check);
        std::string share = tenths > 0 ? exposure::format_tenths(tenths) : "";
        std::string mark(result_mark(*check));
        // The marks are one column wide but three bytes long, so pad them by hand.
        std::string padded = mark + std::string(7 - (mark == "n/a" ? 3 : 1), ' ');
        out += fmt::format("  {:<{}}  {}{:<8}  {}\n", check->row.id, width, padded, share,
                           escape_for_terminal(decided_by(workspace, *check)));
    }
    out += user_scope_note(run);
    out += fmt::format("→ exposure {} {}", exposure::format_tenths(report.exposure),
                       report.label());
    if (unit.above_threshold) {
        out += fmt::format(", above the threshold {}", exposure::format_tenths(*run.threshold));
    }
    return out + "\n";
}

std::string render_list_text(const ScoreRun& run) {
    std::string out = fmt::format("{:<8}  {:<9}  {}\n", "EXPOSURE", "LABEL", "UNIT");
    for (const ScoredUnit& unit : run.units) {
        std::string name = escape_for_terminal(unit.name);
        if (unit.state == "not-scored") {
            out += fmt::format("{:<8}  {:<9}  {}: {}\n", "n/a", "", name, unit.reason);
            continue;
        }
        if (!unit.report) {
            out += fmt::format("{:<8}  {:<9}  {}: not loaded: {}\n", "-", "", name, unit.reason);
            continue;
        }
        out += fmt::format("{:<8}  {:<9}  {}", exposure::format_tenths(unit.report->exposure),
                           unit.report->label(), name);
        if (unit.above_threshold) out += "  (above the threshold)";
        out += '\n';
    }
    out += user_scope_note(run);
    return out;
}

std::string render_text(const Workspace& workspace, const ScoreRun& run, bool listing) {
    if (listing) return render_list_text(run);
    if (run.units.size() == 1 && run.units.front().report) {
        return render_unit_text(workspace, run.units.front(), run);
    }
    if (run.units.size() == 1) {
        const ScoredUnit& unit = run.units.front();
        std::string_view what = unit.state == "not-scored" ? "n/a" : "not loaded";
        return fmt::format("{}: {}: {}\n", escape_for_terminal(unit.name), what, unit.reason);
    }
    return render_list_text(run);
}

void write_decider(JsonWriter& json, const Workspace& workspace,
                   const exposure::Decider& decider) {
    json.begin_object();
    json.key("path");
    json.value(workspace.display_path(decider.path));
    json.key("line");
    json.value(decider.line);
    json.key("directive");
    json.value(decider.directive);
    json.key("value");
    json.value(decider.value);
    if (!decider.note.empty()) {
        json.key("note");
        json.value(decider.note);
    }
    json.end_object();
}

void write_check(JsonWriter& json, const Workspace& workspace,
                 const exposure::ExposureReport& report, const exposure::CheckResult& check) {
    json.begin_object();
    json.key("id");
    json.value(check.row.id);
    json.key("json_field");
    json.value(check.row.json_field);
    json.key("result");
    json.value(!check.applies() ? "n/a" : check.passed() ? "pass" : "fail");
    // Same meaning as systemd's "set": true when passed, false when failed, null when n/a.
    json.key("set");
    if (check.applies()) {
        json.value(check.passed());
    } else {
        json.null();
    }
    json.key("weight");
    json.value(static_cast<long long>(check.row.weight));
    json.key("badness");
    if (check.badness) {
        json.value(static_cast<long long>(*check.badness));
    } else {
        json.null();
    }
    json.key("range");
    json.value(static_cast<long long>(check.row.range));
    json.key("exposure");
    unsigned tenths = report.check_exposure(check);
    if (tenths > 0) {
        json.value(exposure::format_tenths(tenths));
    } else {
        json.null();
    }
    json.key("detail");
    json.value(check.applies() ? check.detail : check.not_applicable);
    json.key("decided_by");
    json.begin_array();
    for (const exposure::Decider& decider : check.deciders) {
        write_decider(json, workspace, decider);
    }
    json.end_array();
    json.end_object();
}

void write_unit(JsonWriter& json, const Workspace& workspace, const ScoredUnit& unit) {
    json.begin_object();
    json.key("unit");
    json.value(unit.name);
    json.key("state");
    json.value(unit.state);
    if (!unit.report) {
        json.key("reason");
        json.value(unit.reason);
        json.end_object();
        return;
    }
    const exposure::ExposureReport& report = *unit.report;
    json.key("exposure");
    json.value(exposure::format_tenths(report.exposure));
    json.key("label");
    json.value(report.label());
    json.key("above_threshold");
    json.value(unit.above_threshold);
    json.key("badness_sum");
    json.value(static_cast<long long>(report.badness_sum));
    json.key("weight_sum");
    json.value(static_cast<long long>(report.weight_sum));
    json.key("checks");
    json.begin_array();
    for (const exposure::CheckResult& check : report.checks) {
        write_check(json, workspace, report, check);
    }
    json.end_array();
    json.end_object();
}

std::string render_json(const Workspace& workspace, const ScoreRun& run) {
    JsonWriter json;
    json.begin_object();
    json.key("model");
    json.value(exposure::model_name(run.model));
    json.key("threshold");
    if (run.threshold) {
        json.value(exposure::format_tenths(*run.threshold));
    } else {
        json.null();
    }
    json.key("user");
    json.value(run.user_scope);
    json.key("units");
    json.begin_array();
    for (const ScoredUnit& unit : run.units) write_unit(json, workspace, unit);
    json.end_array();
    json.end_object();
    return json.str() + "\n";
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "unitguard: error: %s\n", escape_for_terminal(message).c_str());
    return kExitUsage;
}

bool write_output(const OutputFormat& format, const std::string& text) {
    if (format.path.empty()) {
        std::fputs(text.c_str(), stdout);
        return true;
    }
    std::ofstream stream(format.path, std::ios::binary | std::ios::trunc);
    stream << text;
    return static_cast<bool>(stream);
}

}  // namespace

int run_score(const Options& options) {
    ScoreRun run;
    run.user_scope = options.user_scope;
    if (options.model) {
        std::optional<exposure::Model> model = exposure::parse_model(*options.model);
        if (!model) {
            return usage_error(fmt::format("invalid --model '{}'; expected systemd-252, "
                                           "systemd-260 or unitguard",
                                           *options.model));
        }
        run.model = *model;
    } else if (options.target_systemd) {
        run.model = exposure::model_for_target(*options.target_systemd);
    }
    if (options.threshold) {
        run.threshold = exposure::parse_tenths(*options.threshold);
        if (!run.threshold) {
            return usage_error(fmt::format("invalid --threshold '{}'; expected an exposure "
                                           "from 0.0 to 10.0 such as 5 or 7.5",
                                           *options.threshold));
        }
    }

    int target = options.target_systemd.value_or(exposure::model_target_version(run.model));
    std::unique_ptr<Workspace> workspace = Workspace::open(options, target);
    bool listing = options.arguments.empty();
    int exit_code = kExitClean;
    for (const WorkspaceUnit& unit : workspace->units()) {
        ScoredUnit scored = score_unit(unit, run);
        // Without unit names every unit below the root is loaded; only services count.
        if (listing && scored.state == "not-scored") continue;
        if (!scored.report && scored.state != "not-scored") {
            exit_code = combine_exit_codes(exit_code, kExitIncomplete);
        }
        if (scored.above_threshold) exit_code = combine_exit_codes(exit_code, kExitFindings);
        run.units.push_back(std::move(scored));
    }
    for (const Diagnostic& problem : workspace->problems()) {
        std::fprintf(stderr, "unitguard: error: %s\n",
                     escape_for_terminal(problem.message).c_str());
        exit_code = combine_exit_codes(exit_code, kExitIncomplete);
    }
    sort_units(run.units);

    for (const OutputFormat& format : options.formats) {
        std::string text = format.name == "json" ? render_json(*workspace, run)
                                                 : render_text(*workspace, run, listing);
        if (!write_output(format, text)) {
            std::fprintf(stderr, "unitguard: error: failed to write '%s'\n",
                         escape_for_terminal(format.path).c_str());
            exit_code = combine_exit_codes(exit_code, kExitIncomplete);
        }
    }
    return exit_code;
}

}  // namespace unitguard::linter
