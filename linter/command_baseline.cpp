// SPDX-License-Identifier: MIT
// Finding states for `check`, and `baseline create|update`, which write the baseline file.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "linter/commands.hpp"
#include "linter/workspace.hpp"
#include "rules/baseline.hpp"
#include "rules/suppression.hpp"
#include "rules/waivers.hpp"

namespace unitguard::linter {
namespace {

constexpr std::string_view kDefaultBaseline = "unitguard-baseline.json";

// Every unit file and drop-in of the run once, by the path that findings use.
std::vector<rules::SourceFile> source_files(const Workspace& workspace) {
    std::vector<rules::SourceFile> files;
    std::set<std::string> seen;
    for (const WorkspaceUnit& unit : workspace.units()) {
        for (const auto& file : unit.loaded.files) {
            std::string path = workspace.display_path(file->path);
            if (!seen.insert(path).second) continue;
            files.push_back(rules::SourceFile{std::move(path), file.get()});
        }
    }
    return files;
}

bool sort_before(const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.path, a.location.line, a.location.column, a.rule_id, a.unit,
                    a.message) < std::tie(b.location.path, b.location.line, b.location.column,
                                          b.rule_id, b.unit, b.message);
}

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream << text;
    stream.close();
    return static_cast<bool>(stream);
}

void mark_baselined(std::vector<Diagnostic>& findings, const std::string& path) {
    for (Diagnostic& finding : findings) {
        if (finding.state != FindingState::Open) continue;
        finding.state = FindingState::Baselined;
        finding.state_source = path;
    }
}

// `check --baseline FILE`: hides the findings that the baseline accepts.
int compare_with_baseline(const Options& options, std::vector<Diagnostic>& findings) {
    rules::BaselineResult loaded = rules::read_baseline_file(*options.baseline_path);
    if (!loaded.errors.empty()) {
        print_config_errors(loaded.errors);
        return kExitUsage;
    }
    const std::size_t unmatched = rules::apply_baseline(loaded.baseline, findings);
    if (unmatched > 0 && !options.quiet) {
        std::fprintf(stderr,
                     "unitguard: %zu %s of '%s' matched no finding; 'unitguard baseline update' "
                     "removes them\n",
                     unmatched, unmatched == 1 ? "entry" : "entries",
                     escape_for_terminal(*options.baseline_path).c_str());
    }
    return kExitClean;
}

// Entries about units or files that this run did not look at stay in the baseline.
std::function<bool(const rules::BaselineEntry&)> keep_unchecked(
    const Options& options, const Workspace& workspace,
    const std::vector<rules::SourceFile>& files) {
    if (options.arguments.empty()) return [](const rules::BaselineEntry&) { return false; };
    std::set<std::string> units;
    for (const WorkspaceUnit& unit : workspace.units()) units.insert(unit.loaded.id);
    std::set<std::string> paths;
    for (const rules::SourceFile& file : files) {
        paths.insert(rules::fingerprint_path(file.display_path, workspace.root_display()));
    }
    return [units = std::move(units), paths = std::move(paths)](const rules::BaselineEntry& entry) {
        if (!entry.unit.empty()) return units.count(entry.unit) == 0;
        return paths.count(entry.path) == 0;
    };
}

// `baseline create` and `baseline update`: writes the open findings to the baseline file
// and marks them baselined, so that the run reports nothing new.
int write_baseline(const Options& options, const Workspace& workspace,
                   const std::vector<rules::SourceFile>& files, const rules::Date& today,
                   std::vector<Diagnostic>& findings) {
    const std::string input = options.baseline_path.value_or(
        options.output_path.value_or(std::string(kDefaultBaseline)));
    const std::string output = options.output_path.value_or(input);

    rules::BaselineUpdate update;
    if (options.action == "update") {
        std::error_code error;
        if (!std::filesystem::exists(input, error)) {
            std::fprintf(stderr,
                         "unitguard: error: baseline file '%s' not found; create it with "
                         "'unitguard baseline create'\n",
                         escape_for_terminal(input).c_str());
            return kExitUsage;
        }
        rules::BaselineResult old = rules::read_baseline_file(input);
        if (!old.errors.empty()) {
            print_config_errors(old.errors);
            return kExitUsage;
        }
        update = rules::update_baseline(old.baseline, findings, workspace.root_display(), today,
                                        keep_unchecked(options, workspace, files));
    } else {
        update = rules::update_baseline(rules::Baseline{}, findings, workspace.root_display(),
                                        today, [](const rules::BaselineEntry&) { return false; });
    }

    if (!write_file(output, rules::render_baseline(update.entries))) {
        std::fprintf(stderr, "unitguard: error: cannot write baseline file '%s'\n",
                     escape_for_terminal(output).c_str());
        return kExitUsage;
    }
    mark_baselined(findings, output);
    if (!options.quiet) {
        std::fprintf(stderr, "unitguard: wrote %zu %s to '%s' (%zu added, %zu removed)\n",
                     update.entries.size(), update.entries.size() == 1 ? "entry" : "entries",
                     escape_for_terminal(output).c_str(), update.added, update.removed);
    }
    return kExitClean;
}

}  // namespace

int review_findings(const Options& options, const rules::Policy* policy,
                    const Workspace& workspace, std::vector<Diagnostic>& findings) {
    Expected<rules::Date> today = rules::current_date();
    if (!today) {
        std::fprintf(stderr, "unitguard: error: %s\n",
                     escape_for_terminal(today.error().message).c_str());
        return kExitUsage;
    }

    // Disabled rules go first, so that a suppression of a disabled rule counts as unused.
    const std::vector<rules::SourceFile> files = source_files(workspace);
    rules::drop_disabled_rules(policy, findings);
    rules::apply_suppressions(files, rules::SuppressionRun{*today, policy}, findings);
    if (policy != nullptr) {
        rules::apply_waivers(*policy, rules::WaiverRun{*today, options.arguments.empty()},
                             findings);
        rules::apply_rule_severities(*policy, findings);
    }
    rules::fill_directives(files, findings);
    rules::assign_fingerprints(workspace.root_display(), findings);
    std::stable_sort(findings.begin(), findings.end(), sort_before);

    if (options.verb == "baseline") {
        return write_baseline(options, workspace, files, *today, findings);
    }
    if (options.baseline_path) return compare_with_baseline(options, findings);
    return kExitClean;
}

}  // namespace unitguard::linter
