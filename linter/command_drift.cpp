// SPDX-License-Identifier: MIT
// `unitguard drift`: compare the running manager and the kernel with the declared units
// and the policy, without changing anything on the host.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "drift/bus.hpp"
#include "drift/compare.hpp"
#include "drift/live_settings.hpp"
#include "drift/report_drift.hpp"
#include "drift/sysctl_d.hpp"
#include "linter/commands.hpp"
#include "linter/report_json.hpp"
#include "linter/report_text.hpp"
#include "linter/workspace.hpp"
#include "rules/policy.hpp"
#include "rules/waivers.hpp"

namespace unitguard::linter {
namespace {

// How long one D-Bus call, connection included, may take before the manager counts as
// unreachable.
constexpr std::chrono::milliseconds kBusTimeout{5000};

void print_error(const std::string& message) {
    std::fprintf(stderr, "unitguard: error: %s\n", escape_for_terminal(message).c_str());
}

drift::BusTarget bus_target(const Options& options) {
    drift::BusTarget target;
    target.timeout = kBusTimeout;
    if (options.host) {
        target.kind = drift::BusKind::Remote;
        target.address = *options.host;
    } else if (options.bus_address) {
        target.kind = drift::BusKind::Address;
        target.address = *options.bus_address;
    } else if (options.user_scope) {
        target.kind = drift::BusKind::User;
    }
    return target;
}

// The policy of --policy, else one found from the working directory, else the host policy
// below the declared root. Returns nothing (and no error) when there is none.
std::optional<Expected<rules::Policy>> find_policy(const Options& options,
                                                   const std::string& declared_root) {
    if (options.policy_path) {
        rules::PolicyResult result = rules::read_policy_file(*options.policy_path);
        if (!result.errors.empty()) {
            print_config_errors(result.errors);
            return Expected<rules::Policy>(result.errors.front());
        }
        return Expected<rules::Policy>(std::move(result.policy));
    }
    if (auto found = rules::discover_policy(std::filesystem::current_path())) {
        rules::PolicyResult result = rules::read_policy_file(*found);
        if (!result.errors.empty()) {
            print_config_errors(result.errors);
            return Expected<rules::Policy>(result.errors.front());
        }
        return Expected<rules::Policy>(std::move(result.policy));
    }
    std::error_code ignored;
    std::filesystem::path host = std::filesystem::path(declared_root) / "etc/unitguard";
    if (!std::filesystem::exists(host, ignored)) return std::nullopt;
    rules::PolicyResult result = rules::read_host_policy(declared_root);
    if (!result.errors.empty()) {
        print_config_errors(result.errors);
        return Expected<rules::Policy>(result.errors.front());
    }
    return Expected<rules::Policy>(std::move(result.policy));
}

int parse_release(const std::string& version) {
    int release = 0;
    for (char c : version) {
        if (c < '0' || c > '9') break;
        release = release * 10 + (c - '0');
    }
    return release > 0 ? release : 252;
}

// Units worth reading: the ones named on the command line, else every declared unit, the
// loaded units that a profile matches and the units that profiles name.
std::vector<std::string> units_to_read(const Options& options, const Workspace& declared,
                                       const rules::Policy* policy,
                                       const std::vector<drift::ListedUnit>& listed) {
    std::set<std::string> names(options.arguments.begin(), options.arguments.end());
    if (names.empty()) {
        for (const WorkspaceUnit& unit : declared.units()) {
            if (unit.loaded.state != LoadState::NotFound && !unit.loaded.name.is_template) {
                names.insert(unit.loaded.id);
            }
        }
        if (policy != nullptr) {
            for (const drift::ListedUnit& unit : listed) {
                if (!policy->profiles_for(unit.name).empty()) names.insert(unit.name);
            }
            for (const std::string& name : drift::expected_unit_names(*policy)) {
                names.insert(name);
            }
        }
    }
    return {names.begin(), names.end()};
}

std::optional<std::string> read_line_of(const std::string& path, int line) {
    std::ifstream file(path);
    std::string text;
    for (int number = 1; std::getline(file, text); ++number) {
        if (number == line) return text;
    }
    return std::nullopt;
}

// `findings` are the open findings; JSON also lists the waived ones from `all_findings`.
int write_outputs(const Options& options, const std::vector<Diagnostic>& findings,
                  const std::vector<Diagnostic>& all_findings, const drift::DriftRun& run,
                  const Workspace& declared, int exit_code, const std::string& summary_line) {
    SourceLineLookup declared_lookup = declared.source_lookup();
    SourceLineLookup lookup = [&](const std::string& path, int line) {
        if (auto text = declared_lookup(path, line)) return text;
        return read_line_of(path, line);
    };
    int status = kExitClean;
    for (const OutputFormat& format : options.formats) {
        std::string text;
        if (format.name == "text") {
            text = render_text(findings, lookup, /*color=*/false);
            if (!options.quiet) text += summary_line + "\n";
        } else if (format.name == "json") {
            RunSummary summary;
            summary.exit_code = exit_code;
            summary.exit_reason = exit_code == kExitClean ? "no drift" : summary_line;
            summary.units_checked = run.units_checked;
            text = render_json(all_findings, summary);
        } else if (format.name == "prometheus") {
            auto written = drift::write_file_atomically(format.path,
                                                        drift::render_prometheus(findings, run));
            if (!written) {
                print_error(written.error().message);
                status = combine_exit_codes(status, kExitIncomplete);
            }
            continue;
        } else if (format.name == "journal") {
            auto sent = drift::send_to_journal(findings, run);
            if (!sent) {
                print_error(sent.error().message);
                status = combine_exit_codes(status, kExitIncomplete);
            }
            continue;
        }
        if (format.path.empty()) {
            std::fputs(text.c_str(), stdout);
        } else if (auto written = drift::write_file_atomically(format.path, text); !written) {
            print_error(written.error().message);
            status = combine_exit_codes(status, kExitIncomplete);
        }
    }
    return status;
}

}  // namespace

int run_drift(const Options& options) {
    if (options.host && (options.bus_address || options.user_scope)) {
        print_error("--host reaches the system manager of that host; it cannot be combined "
                    "with --bus-address or --user");
        return kExitUsage;
    }
    std::string declared_root = options.declared_root.value_or("/");
    std::optional<rules::Policy> policy;
    if (auto found = find_policy(options, declared_root)) {
        if (!*found) return kExitUsage;
        policy = std::move(found->value());
    }
    int exit_code = kExitClean;

    std::vector<drift::LiveUnit> live;
    int release = 252;
    bool reached = false;
    Expected<drift::ManagerBus> bus = drift::ManagerBus::connect(bus_target(options));
    std::vector<drift::ListedUnit> listed;
    if (bus) {
        if (auto version = bus->manager_version()) {
            release = parse_release(*version);
            reached = true;
        } else {
            bus = Expected<drift::ManagerBus>(version.error());
        }
    }
    if (reached) {
        if (auto units = bus->list_units()) {
            listed = std::move(*units);
        } else {
            print_error(units.error().message);
            exit_code = combine_exit_codes(exit_code, kExitIncomplete);
        }
    } else {
        print_error(fmt::format("cannot reach the systemd manager: {}", bus.error().message));
        exit_code = combine_exit_codes(exit_code, kExitIncomplete);
    }

    Options declared_options = options;
    declared_options.root = options.declared_root;
    std::unique_ptr<Workspace> declared = Workspace::open(declared_options, release);
    const rules::Policy* policy_ptr = policy ? &*policy : nullptr;

    if (reached) {
        for (const std::string& name : units_to_read(options, *declared, policy_ptr, listed)) {
            Expected<drift::UnitProperties> properties = bus->unit_properties(name);
            if (!properties) {
                print_error(properties.error().message);
                exit_code = combine_exit_codes(exit_code, kExitIncomplete);
                continue;
            }
            live.push_back(drift::live_unit_from_properties(*properties, release));
        }
    }

    std::optional<drift::SysctlConfig> persisted;
    if (auto loaded = drift::load_sysctl_d(declared_root)) persisted = std::move(*loaded);

    drift::DriftInputs inputs;
    inputs.policy = policy_ptr;
    inputs.declared = declared.get();
    // Without the manager there is nothing to compare units with, and every expected
    // unit would look missing.
    inputs.live = reached ? &live : nullptr;
    inputs.proc_sys_dir = options.proc_sys.value_or("/proc/sys");
    inputs.persisted = persisted ? &*persisted : nullptr;
    if (declared_root != "/") inputs.persisted_root_display = declared_root;
    std::vector<Diagnostic> all_findings = drift::compare_all(inputs);

    // The policy's rule switches, severities and waivers apply as for `check`. A waiver
    // that matched nothing is not reported, since one host need not run every unit.
    if (policy) {
        rules::drop_disabled_rules(policy_ptr, all_findings);
        rules::apply_rule_severities(*policy, all_findings);
        Expected<rules::Date> today = rules::current_date();
        if (!today) {
            print_error(today.error().message);
            return kExitUsage;
        }
        rules::apply_waivers(*policy, {*today, /*whole_tree=*/false}, all_findings);
    }
    std::vector<Diagnostic> findings;
    for (const Diagnostic& finding : all_findings) {
        if (finding.state == FindingState::Open) findings.push_back(finding);
    }

    std::size_t new_count = findings.size();
    if (options.state_path) {
        auto previous = drift::load_state(*options.state_path);
        if (!previous) {
            print_error(previous.error().message);
            return kExitUsage;
        }
        new_count = 0;
        for (Diagnostic& finding : findings) {
            if (previous->count(drift::state_key(finding)) != 0) continue;
            finding.notes.push_back("new since the last run");
            ++new_count;
        }
    }

    drift::DriftRun run;
    run.units_checked = live.size();
    run.incomplete = exit_code == kExitIncomplete;
    run.finished_at = std::chrono::duration<double>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    if (!findings.empty()) exit_code = combine_exit_codes(exit_code, kExitFindings);

    std::string summary_line =
        findings.empty()
            ? fmt::format("no drift in {} units", live.size())
            : fmt::format("{} drift findings in {} units", findings.size(), live.size());
    if (options.state_path) {
        summary_line += fmt::format(", {} new since the last run", new_count);
    }
    if (!reached) summary_line += " (the manager was not reached)";
    exit_code = combine_exit_codes(
        exit_code, write_outputs(options, findings, all_findings, run, *declared, exit_code,
                                 summary_line));

    if (options.state_path) {
        if (auto saved = drift::save_state(*options.state_path, findings); !saved) {
            print_error(saved.error().message);
            exit_code = combine_exit_codes(exit_code, kExitIncomplete);
        }
    }
    return exit_code;
}

}  // namespace unitguard::linter
