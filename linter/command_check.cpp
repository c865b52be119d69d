// SPDX-License-Identifier: MIT
// `unitguard check`: load units, evaluate the policy, report findings.
#include "linter/commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "drift/sysctl_d.hpp"
#include "linter/diff_base.hpp"
#include "linter/report_github.hpp"
#include "linter/report_gitlab.hpp"
#include "linter/report_json.hpp"
#include "linter/report_junit.hpp"
#include "linter/report_sarif.hpp"
#include "linter/report_text.hpp"
#include "linter/workspace.hpp"
#include "rules/policy.hpp"
#include "rules/exposure/policy_gate.hpp"
#include "rules/policy_eval.hpp"
#include "rules/rule.hpp"
#include "rules/shell/exec_rules.hpp"

namespace unitguard::linter {
namespace {

int exit_rank(int code) {
    switch (code) {
        case kExitInternal:
            return 4;
        case kExitUsage:
            return 3;
        case kExitIncomplete:
            return 2;
        case kExitFindings:
            return 1;
        default:
            return 0;
    }
}

bool sort_before(const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.path, a.location.line, a.location.column, a.rule_id, a.unit,
                    a.message) < std::tie(b.location.path, b.location.line, b.location.column,
                                          b.rule_id, b.unit, b.message);
}

bool use_color(ColorMode mode, const OutputFormat& format) {
    if (!format.path.empty()) return false;
    if (mode == ColorMode::Always) return true;
    if (mode == ColorMode::Never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    return ::isatty(STDOUT_FILENO) != 0;
}

// Reads line `line` of a file that is not a unit file (the policy), for caret rendering.
std::optional<std::string> read_line_of(const std::string& path, int line) {
    std::ifstream stream(path);
    std::string text;
    for (int i = 1; std::getline(stream, text); ++i) {
        if (i == line) return text;
    }
    return std::nullopt;
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

void print_policy_errors(const std::vector<Error>& errors) {
    for (const Error& error : errors) {
        const Location& where = error.location;
        std::string place = escape_for_terminal(where.path);
        if (where.line > 0) place += fmt::format(":{}:{}", where.line, where.column);
        std::fprintf(stderr, "%s: error: %s\n", place.c_str(),
                     escape_for_terminal(error.message).c_str());
        if (std::optional<std::string> source = read_line_of(where.path, where.line)) {
            std::fprintf(stderr, "    %s\n", escape_for_terminal(*source).c_str());
            if (where.column > 0) {
                std::fprintf(stderr, "    %s^\n", std::string(where.column - 1, ' ').c_str());
            }
        }
    }
}

// "2 findings (1 error) in 3 units", plus the findings that are not shown, if any.
std::string summary_line(const std::vector<Diagnostic>& findings, std::size_t units) {
    std::size_t open = 0;
    std::size_t errors = 0;
    std::map<FindingState, std::size_t> hidden;
    for (const Diagnostic& finding : findings) {
        if (finding.state != FindingState::Open) {
            ++hidden[finding.state];
            continue;
        }
        ++open;
        if (finding.severity == Severity::Error) ++errors;
    }
    std::string line = fmt::format("{} finding{} ({} error{}) in {} unit{}", open,
                                   open == 1 ? "" : "s", errors, errors == 1 ? "" : "s", units,
                                   units == 1 ? "" : "s");
    std::string separator = "; ";
    for (const auto& [state, count] : hidden) {
        line += fmt::format("{}{} {}", separator, count, finding_state_name(state));
        separator = ", ";
    }
    return line + "\n";
}

// The rules that ran on a loaded unit, for the JUnit report's passing test cases: the
// enabled rules with a per-unit check, and the policy rules for which a matching profile has
// entries. UG404 checks sysctl.d files, not units, so it appears only when it has findings.
EvaluatedUnit evaluated_unit(const WorkspaceUnit& unit, const rules::Policy* policy) {
    std::vector<std::string_view> policy_rule_ids;
    if (policy != nullptr) {
        policy_rule_ids = rules::evaluated_policy_rules(*policy, unit);
        if (rules::exposure::exposure_max_evaluated(*policy, unit)) {
            policy_rule_ids.emplace_back("UG405");
        }
    }
    EvaluatedUnit evaluated{unit.loaded.id, {}};
    for (const rules::Rule* rule : rules::all_rules()) {
        bool evaluated_by_policy = std::find(policy_rule_ids.begin(), policy_rule_ids.end(),
                                             rule->id) != policy_rule_ids.end();
        if ((rule->check != nullptr || evaluated_by_policy) &&
            rules::rule_enabled(*rule, policy)) {
            evaluated.rule_ids.emplace_back(rule->id);
        }
    }
    if (policy != nullptr) {
        for (const rules::ExecRule& rule : policy->exec_rules) {
            if (rules::shell::exec_rule_runs(*policy, rule, unit.loaded.id)) {
                evaluated.rule_ids.emplace_back(rule.id.value);
            }
        }
    }
    return evaluated;
}

}  // namespace

int combine_exit_codes(int a, int b) { return exit_rank(a) >= exit_rank(b) ? a : b; }

int run_check(const Options& options, RunContext context) {
    // Policy: explicit, else discovered by walking up from the working directory.
    std::optional<rules::Policy> policy;
    std::optional<std::string> policy_path = options.policy_path;
    if (!policy_path) {
        if (auto found = rules::discover_policy(std::filesystem::current_path())) {
            policy_path = found->string();
        }
    }
    if (policy_path) {
        rules::PolicyResult loaded = rules::read_policy_file(*policy_path);
        if (!loaded.errors.empty()) {
            print_policy_errors(loaded.errors);
            return kExitUsage;
        }
        policy = std::move(loaded.policy);
    }

    context.target_version =
        options.target_systemd.value_or(policy && policy->target_systemd
                                            ? policy->target_systemd->value
                                            : 260);
    Severity fail_on = options.fail_on.value_or(
        policy && policy->fail_on ? policy->fail_on->value : Severity::Warning);

    // Each unit's settings are merged just before its checks and freed after them.
    std::unique_ptr<Workspace> workspace =
        Workspace::open(options, context.target_version, Workspace::Merging::OnDemand);
    if (options.verbosity > 0) {
        std::fprintf(stderr, "unitguard: loaded %zu units below '%s' for systemd %d%s%s\n",
                     workspace->units().size(),
                     escape_for_terminal(options.root.value_or("/")).c_str(),
                     context.target_version, policy_path ? ", policy " : ", no policy",
                     policy_path ? escape_for_terminal(*policy_path).c_str() : "");
    }
    if (options.verbosity > 1) {
        for (const WorkspaceUnit& unit : workspace->units()) {
            std::fprintf(stderr, "unitguard: debug: %s: %zu files, fragment '%s'\n",
                         escape_for_terminal(unit.loaded.id).c_str(), unit.loaded.files.size(),
                         escape_for_terminal(unit.loaded.fragment_path).c_str());
        }
    }
    std::vector<Diagnostic> findings = workspace->problems();
    bool incomplete = !workspace->problems().empty();
    const bool junit = std::any_of(options.formats.begin(), options.formats.end(),
                                   [](const OutputFormat& format) { return format.name == "junit"; });
    std::vector<EvaluatedUnit> evaluated_units;
    for (std::size_t index = 0; index < workspace->units().size(); ++index) {
        workspace->merge(index);
        const WorkspaceUnit& unit = workspace->units()[index];
        if (unit.loaded.state == LoadState::NotFound) {
            Diagnostic missing;
            missing.rule_id = "UG002";
            missing.rule_name = "unreadable-input";
            missing.severity = Severity::Error;
            missing.message = fmt::format("unit '{}' not found in the unit search path",
                                          unit.loaded.requested_name);
            missing.unit = unit.loaded.requested_name;
            findings.push_back(std::move(missing));
            incomplete = true;
        }
        for (const Diagnostic& problem : unit.loaded.problems) {
            findings.push_back(problem);
            if (problem.rule_id == "UG002") incomplete = true;
        }
        for (const auto& file : unit.loaded.files) {
            for (Diagnostic problem : file->problems) {
                problem.location.path = workspace->display_path(problem.location.path);
                problem.unit = unit.loaded.id;
                findings.push_back(std::move(problem));
            }
        }
        for (const Diagnostic& problem : unit.effective.problems) findings.push_back(problem);
        if (policy) {
            for (Diagnostic& finding : rules::evaluate_unit(*policy, unit, *workspace)) {
                findings.push_back(std::move(finding));
            }
            for (Diagnostic& finding : rules::exposure::evaluate_exposure_max(*policy, unit, *workspace)) {
                findings.push_back(std::move(finding));
            }
        }
        if (unit.loaded.state == LoadState::Loaded) {
            rules::RuleContext rule_context{unit, *workspace, policy ? &*policy : nullptr,
                                            context.target_version, options.user_scope};
            for (const rules::Rule* rule : rules::all_rules()) {
                if (rule->check != nullptr && rules::rule_enabled(*rule, rule_context.policy)) {
                    rule->check(rule_context, findings);
                }
            }
            for (Diagnostic& finding : rules::shell::evaluate_exec_rules(rule_context)) {
                findings.push_back(std::move(finding));
            }
            if (junit) evaluated_units.push_back(evaluated_unit(unit, policy ? &*policy : nullptr));
        }
        workspace->release_effective(index);
    }
    if (policy && !policy->sysctl.empty() && options.arguments.empty()) {
        std::string root = options.root.value_or("/");
        Expected<drift::SysctlConfig> sysctl = drift::load_sysctl_d(root);
        Expected<drift::SysctlConfig> procps =
            drift::load_sysctl_d(root, drift::SysctlReader::ProcpsSystem);
        if (sysctl) {
            for (Diagnostic& finding : rules::evaluate_sysctl(*policy, *sysctl, *workspace,
                                                              procps ? &*procps : nullptr)) {
                findings.push_back(std::move(finding));
            }
        } else {
            std::fprintf(stderr, "unitguard: error: %s\n",
                         escape_for_terminal(sysctl.error().message).c_str());
            incomplete = true;
        }
    }

    // With files named on the command line (a pre-commit hook), report only findings in
    // those files. The other files of their units are loaded for context only.
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [&](const Diagnostic& finding) {
                                      return finding.rule_id != "UG002" &&
                                             !workspace->covers(finding.location.path);
                                  }),
                   findings.end());

    // The same file can reach several units (a shared drop-in); report its syntax once.
    std::sort(findings.begin(), findings.end(), sort_before);
    findings.erase(std::unique(findings.begin(), findings.end(),
                               [](const Diagnostic& a, const Diagnostic& b) {
                                   return a.rule_id == b.rule_id && a.message == b.message &&
                                          a.location.path == b.location.path &&
                                          a.location.line == b.location.line &&
                                          a.location.column == b.location.column &&
                                          (a.rule_id == "UG101" || a.unit == b.unit);
                               }),
                   findings.end());
    if (int code = review_findings(options, policy ? &*policy : nullptr, *workspace, findings);
        code != kExitClean) {
        return code;
    }
    if (options.diff_base) {
        Expected<std::size_t> known = drop_findings_of_revision(options, findings);
        if (!known) {
            std::fprintf(stderr, "unitguard: error: %s\n",
                         escape_for_terminal(known.error().message).c_str());
            return kExitUsage;
        }
    }

    int exit_code = kExitClean;
    std::string reason = "no findings";
    bool failing = std::any_of(findings.begin(), findings.end(), [&](const Diagnostic& d) {
        return d.state == FindingState::Open && d.severity >= fail_on;
    });
    if (failing) {
        exit_code = kExitFindings;
        reason = fmt::format("findings at or above '{}'", severity_name(fail_on));
    }
    if (incomplete) {
        exit_code = combine_exit_codes(exit_code, kExitIncomplete);
        reason = "some input could not be read";
    }

    RunSummary summary{exit_code, reason, context.target_version, workspace->units().size()};
    SourceLineLookup lookup = [&](const std::string& path, int line) {
        std::optional<std::string> source = workspace->source_lookup()(path, line);
        // Policy and sysctl.d lines are not unit files; read them from disk.
        if (!source) return read_line_of(path, line);
        return source;
    };
    const ReportBase base = find_report_base();
    for (const OutputFormat& format : options.formats) {
        std::string text;
        if (format.name == "json") {
            text = render_json(findings, summary);
        } else if (format.name == "sarif") {
            text = render_sarif(findings, summary, base);
        } else if (format.name == "junit") {
            text = render_junit(findings, evaluated_units);
        } else if (format.name == "github") {
            text = render_github(findings, base);
        } else if (format.name == "gitlab") {
            text = render_gitlab(findings, base);
        } else {
            text = render_text(findings, lookup, use_color(options.color, format));
        }
        if (format.name == "text" && !options.quiet && format.path.empty() && !findings.empty()) {
            text += summary_line(findings, summary.units_checked);
        }
        if (!write_output(format, text)) {
            std::fprintf(stderr, "unitguard: error: cannot write '%s'\n",
                         escape_for_terminal(format.path).c_str());
            exit_code = combine_exit_codes(exit_code, kExitUsage);
        }
    }
    return exit_code;
}

}  // namespace unitguard::linter
