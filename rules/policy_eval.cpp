// SPDX-License-Identifier: MIT
// Evaluation of policy profiles against effective unit settings.
#include "rules/policy_eval.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "rules/syscall_groups.hpp"

namespace unitguard::rules {
namespace {

using linter::AppliedAssignment;
using linter::Setting;
using linter::Settings;
using linter::SyscallSet;
using linter::Workspace;
using linter::WorkspaceUnit;

Location assignment_location(const AppliedAssignment& assignment, const Workspace& workspace,
                             bool at_value) {
    return {workspace.display_path(assignment.path), assignment.line,
            at_value ? assignment.value_column : assignment.column, 0};
}

std::string place(const AppliedAssignment& assignment, const Workspace& workspace) {
    return fmt::format("{}:{}", workspace.display_path(assignment.path), assignment.line);
}

// Notes naming the earlier assignments that a later one overrode or reset.
std::vector<std::string> history_notes(const Setting& setting, const Workspace& workspace) {
    std::vector<std::string> notes;
    for (const AppliedAssignment& assignment : setting.history) {
        if (assignment.live) continue;
        std::string where = place(assignment, workspace);
        if (!assignment.ignored.empty()) {
            notes.push_back(fmt::format("{}={} at {} is ignored: {}", setting.name,
                                        assignment.value, where, assignment.ignored));
        } else if (assignment.overridden_by != 0) {
            const AppliedAssignment& later = setting.history[assignment.overridden_by - 1];
            notes.push_back(fmt::format("{}={} at {} is {} by {}", setting.name,
                                        assignment.value, where,
                                        later.value.empty() ? "reset" : "overridden",
                                        place(later, workspace)));
        }
    }
    return notes;
}

Diagnostic make_finding(std::string rule_id, std::string rule_name, const WorkspaceUnit& unit,
                        std::string message, Location location) {
    Diagnostic finding;
    finding.rule_id = std::move(rule_id);
    finding.rule_name = std::move(rule_name);
    finding.severity = Severity::Error;
    finding.unit = unit.loaded.id;
    finding.message = std::move(message);
    finding.location = std::move(location);
    return finding;
}

// Canonical effective value of a directive; "" when nothing is in effect.
CanonicalValue effective_value(const Settings& settings, const DirectiveValue& wanted) {
    const Setting* setting = settings.find(wanted.section, wanted.name);
    if (setting == nullptr) setting = settings.find(wanted.name);
    if (setting == nullptr || setting->directive == nullptr) return {};
    std::string joined;
    for (std::string_view value : setting->live_values()) {
        if (!joined.empty()) joined += ' ';
        joined += value;
    }
    if (joined.empty()) return {};
    return canonical_directive_value(*setting->directive, joined);
}

// systemd assumes "no" for a boolean that no file sets.
std::string with_default(const DirectiveValue& wanted, std::string value) {
    if (value.empty() && wanted.directive != nullptr &&
        wanted.directive->kind == ValueKind::Bool) {
        return "no";
    }
    return value;
}

std::string describe(std::string_view value) {
    return value.empty() ? std::string("not set") : fmt::format("'{}'", value);
}

void check_require(const Profile& profile, const DirectiveValue& wanted,
                   const WorkspaceUnit& unit, const Workspace& workspace,
                   std::vector<Diagnostic>& out) {
    const Settings& settings = unit.effective.settings;
    const Setting* setting = settings.find(wanted.section, wanted.name);
    if (setting == nullptr) setting = settings.find(wanted.name);
    std::string actual = with_default(wanted, effective_value(settings, wanted).text);
    if (const linter::ImpliedSetting* implied = settings.implied_setting(wanted.name)) {
        actual = implied->value;
    }
    if (actual == wanted.value) return;

    const Directive& directive = *wanted.directive;
    std::string message;
    if (directive.added_in > settings.target_version) {
        message = fmt::format("{}= must be '{}' but systemd {} does not know it (added in {})",
                              wanted.name, wanted.value, settings.target_version,
                              directive.added_in);
    } else {
        message = fmt::format("{}= must be '{}' but is {}", wanted.name, wanted.value,
                              describe(actual));
    }
    const AppliedAssignment* last = setting ? setting->last_live() : nullptr;
    Location location = last ? assignment_location(*last, workspace, true)
                             : workspace.section_header(unit);
    // A reset leaves no live assignment; point at the reset, since that is what to fix.
    if (last == nullptr && setting != nullptr) {
        for (auto it = setting->history.rbegin(); it != setting->history.rend(); ++it) {
            if (it->ignored.empty()) {
                location = assignment_location(*it, workspace, false);
                break;
            }
            location = assignment_location(*it, workspace, false);
        }
    }
    Diagnostic finding = make_finding("UG401", "required-setting-unmet", unit,
                                      std::move(message), location);
    finding.directive = wanted.name;
    finding.value = actual;
    finding.help = fmt::format("set {}={} for {}", wanted.name, wanted.value,
                               unit.loaded.id);
    if (setting) finding.notes = history_notes(*setting, workspace);
    finding.notes.push_back(fmt::format("required by profile '{}' at {}:{}",
                                        profile.name.value, wanted.key_location.path,
                                        wanted.key_location.line));
    out.push_back(std::move(finding));
}

void check_forbid(const Profile& profile, const DirectiveValue& banned,
                  const WorkspaceUnit& unit, const Workspace& workspace,
                  std::vector<Diagnostic>& out) {
    const Settings& settings = unit.effective.settings;
    const Setting* setting = settings.find(banned.section, banned.name);
    if (setting == nullptr) setting = settings.find(banned.name);
    CanonicalValue actual = effective_value(settings, banned);

    bool in_effect = false;
    if (banned.is_list) {
        in_effect = std::any_of(banned.items.begin(), banned.items.end(), [&](auto& item) {
            return std::find(actual.items.begin(), actual.items.end(), item) !=
                   actual.items.end();
        });
    } else {
        in_effect = with_default(banned, actual.text) == banned.value;
    }
    const linter::ImpliedSetting* implied = settings.implied_setting(banned.name);
    if (!in_effect && implied != nullptr && implied->value == banned.value) {
        Location location = implied->source
                                ? assignment_location(*implied->source, workspace, false)
                                : workspace.section_header(unit);
        Diagnostic finding = make_finding(
            "UG402", "forbidden-setting-in-effect", unit,
            fmt::format("{}={} is forbidden but in effect: {}", banned.name, banned.value,
                        implied->reason),
            location);
        finding.directive = banned.name;
        finding.value = banned.value;
        finding.help = fmt::format("remove {}= or run the service with CAP_SYS_ADMIN; "
                                   "systemd implies {}={} otherwise",
                                   implied->cause, banned.name, banned.value);
        for (const auto& [cause, source] : implied->other_causes) {
            finding.notes.push_back(
                source ? fmt::format("{}= at {} also implies it", cause, place(*source, workspace))
                       : fmt::format("{}= also implies it", cause));
        }
        finding.notes.push_back(fmt::format("forbidden by profile '{}' at {}:{}",
                                            profile.name.value, banned.key_location.path,
                                            banned.key_location.line));
        out.push_back(std::move(finding));
        return;
    }
    if (!in_effect) return;

    const AppliedAssignment* last = setting ? setting->last_live() : nullptr;
    Location location = last ? assignment_location(*last, workspace, true)
                             : workspace.section_header(unit);
    Diagnostic finding =
        make_finding("UG402", "forbidden-setting-in-effect", unit,
                     fmt::format("{}={} is forbidden but in effect", banned.name, banned.value),
                     location);
    finding.directive = banned.name;
    finding.value = banned.value;
    finding.help = fmt::format("remove {}={} from {}", banned.name, banned.value,
                               last ? place(*last, workspace) : unit.loaded.id);
    if (setting) finding.notes = history_notes(*setting, workspace);
    finding.notes.push_back(fmt::format("forbidden by profile '{}' at {}:{}",
                                        profile.name.value, banned.key_location.path,
                                        banned.key_location.line));
    out.push_back(std::move(finding));
}

bool is_blocked(const SyscallSet& filter, const std::string& name) {
    if (!filter.configured) return false;
    bool listed = filter.syscalls.count(name) != 0;
    return filter.allow_list ? !listed : listed;
}

// Joins quoted names as "'a', 'b' and 'c'".
std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
        out += fmt::format("'{}'", names[i]);
    }
    return out;
}

// Notes for a filter whose lines were discarded by a reset: one line naming the reset and
// the lines it discarded, instead of one note per line.
std::vector<std::string> filter_history_notes(const Setting& setting,
                                              const Workspace& workspace) {
    std::map<std::size_t, std::vector<const AppliedAssignment*>> by_reset;
    std::vector<std::string> notes;
    for (const AppliedAssignment& assignment : setting.history) {
        if (!assignment.ignored.empty()) {
            notes.push_back(fmt::format("{}={} at {} is ignored: {}", setting.name,
                                        assignment.value, place(assignment, workspace),
                                        assignment.ignored));
        } else if (!assignment.live && assignment.overridden_by != 0) {
            by_reset[assignment.overridden_by].push_back(&assignment);
        }
    }
    for (const auto& [reset_index, discarded] : by_reset) {
        const AppliedAssignment& reset = setting.history[reset_index - 1];
        std::string lines;
        for (const AppliedAssignment* earlier : discarded) {
            lines += lines.empty() ? place(*earlier, workspace)
                                   : fmt::format(", {}", earlier->line);
        }
        notes.push_back(fmt::format("the empty {}= at {} discards the lines at {}",
                                    setting.name, place(reset, workspace), lines));
    }
    return notes;
}

void check_denied_syscalls(const Profile& profile, const WorkspaceUnit& unit,
                           const Workspace& workspace, std::vector<Diagnostic>& out) {
    const Settings& settings = unit.effective.settings;
    const SyscallGroupTable& table = syscall_group_table(settings.target_version);
    const Setting* setting = settings.find("SystemCallFilter");
    const SyscallSet& filter = settings.system_call_filter;

    // Entries not blocked, grouped by the assignment to blame: the one that added the
    // syscall to an allow list or removed it from a deny list, else none (SIZE_MAX).
    std::map<std::size_t, std::vector<std::string>> allowed_by_blame;
    int first_line = 0;
    for (const Located<std::string>& entry : profile.deny_syscalls) {
        std::vector<std::string> names;
        if (!entry.value.empty() && entry.value.front() == '@') {
            for (std::string_view member : expand_group(table, entry.value)) {
                names.emplace_back(member);
            }
        } else {
            names.push_back(entry.value);
        }
        std::size_t blame = SIZE_MAX;
        bool allowed = false;
        for (const std::string& name : names) {
            if (is_blocked(filter, name)) continue;
            allowed = true;
            auto it = filter.decided_by.find(name);
            if (it != filter.decided_by.end() && blame == SIZE_MAX) blame = it->second;
        }
        if (!allowed) continue;
        allowed_by_blame[blame].push_back(entry.value);
        if (first_line == 0) first_line = entry.key_location.line;
    }

    for (const auto& [blame, entries] : allowed_by_blame) {
        std::string what = entries.size() == 1 ? fmt::format("syscall {}", quoted_list(entries))
                                               : fmt::format("syscalls {}", quoted_list(entries));
        std::string verb = entries.size() == 1 ? "is" : "are";
        std::string message =
            filter.configured
                ? fmt::format("{} must be denied but SystemCallFilter= allows {}", what,
                              entries.size() == 1 ? "it" : "them")
                : fmt::format("{} must be denied but no SystemCallFilter= is in effect", what);

        // Blame the line that let them through, else the reset, else the last filter line.
        Location location = workspace.section_header(unit);
        if (setting != nullptr && blame != SIZE_MAX) {
            location = assignment_location(setting->history[blame], workspace, true);
        } else if (setting != nullptr && !setting->history.empty()) {
            const AppliedAssignment* last = setting->last_live();
            location = assignment_location(last ? *last : setting->history.back(), workspace,
                                           last != nullptr);
        }
        Diagnostic finding = make_finding("UG403", "denied-syscall-allowed", unit,
                                          std::move(message), location);
        std::string words;
        for (const std::string& entry : entries) words += (words.empty() ? "" : " ") + entry;
        finding.directive = "SystemCallFilter";
        finding.value = words;
        finding.help = fmt::format("deny them with 'SystemCallFilter=~{}' in a drop-in that "
                                   "sorts after the others",
                                   words);
        if (entries.size() == 1) {
            finding.help = fmt::format("deny it with 'SystemCallFilter=~{}' in a drop-in that "
                                       "sorts after the others",
                                       words);
        }
        if (setting) finding.notes = filter_history_notes(*setting, workspace);
        if (settings.system_call_log.configured) {
            finding.notes.push_back(
                fmt::format("SystemCallLog= only logs; the {} {} still allowed",
                            entries.size() == 1 ? "syscall" : "syscalls", verb));
        }
        finding.notes.push_back(fmt::format("denied by profile '{}' at {}:{}",
                                            profile.name.value,
                                            profile.deny_syscalls.front().key_location.path,
                                            first_line));
        out.push_back(std::move(finding));
    }
}

std::string required_by(const SysctlRequirement& requirement) {
    return fmt::format("required by [sysctl] at {}:{}", requirement.key_location.path,
                       requirement.key_location.line);
}

// Describes in `finding` a key that systemd-sysctl sets right at boot (`boot`) but that
// procps `sysctl --system` sets otherwise (`rerun`), because it reads /etc/sysctl.conf once
// more after the sysctl.d files.
void describe_procps_mismatch(Diagnostic& finding, const SysctlRequirement& requirement,
                              const drift::SysctlEntry& boot, const drift::SysctlEntry& rerun,
                              const Workspace& workspace) {
    finding.value = rerun.effective.value;
    finding.message = fmt::format(
        "'{}' is '{}' at boot, but `sysctl --system` applies this file last and sets '{}'",
        requirement.key, requirement.value, rerun.effective.value);
    finding.location = rerun.effective.location;
    finding.location.path = workspace.display_path(finding.location.path);
    finding.help = fmt::format("remove '{}' from this file or set it to '{}'", requirement.key,
                               requirement.value);
    finding.notes.push_back(fmt::format(
        "systemd-sysctl sets '{}' from {}:{} at boot. procps `sysctl --system` reads the same "
        "files and then /etc/sysctl.conf again",
        requirement.value, workspace.display_path(boot.effective.location.path),
        boot.effective.location.line));
    finding.notes.push_back(required_by(requirement));
}

}  // namespace

std::vector<Diagnostic> evaluate_unit(const Policy& policy, const WorkspaceUnit& unit,
                                      const Workspace& workspace) {
    std::vector<Diagnostic> findings;
    if (unit.loaded.state != linter::LoadState::Loaded) return findings;
    for (const Profile* profile : policy.profiles_for(unit.loaded.id)) {
        for (const DirectiveValue& wanted : profile->require) {
            check_require(*profile, wanted, unit, workspace, findings);
        }
        for (const DirectiveValue& banned : profile->forbid) {
            check_forbid(*profile, banned, unit, workspace, findings);
        }
        check_denied_syscalls(*profile, unit, workspace, findings);
    }
    return findings;
}

std::vector<std::string_view> evaluated_policy_rules(const Policy& policy,
                                                     const WorkspaceUnit& unit) {
    bool require = false;
    bool forbid = false;
    bool deny_syscalls = false;
    if (unit.loaded.state == linter::LoadState::Loaded) {
        for (const Profile* profile : policy.profiles_for(unit.loaded.id)) {
            require = require || !profile->require.empty();
            forbid = forbid || !profile->forbid.empty();
            deny_syscalls = deny_syscalls || !profile->deny_syscalls.empty();
        }
    }
    std::vector<std::string_view> rule_ids;
    if (require) rule_ids.emplace_back("UG401");
    if (forbid) rule_ids.emplace_back("UG402");
    if (deny_syscalls) rule_ids.emplace_back("UG403");
    return rule_ids;
}

std::vector<Diagnostic> evaluate_sysctl(const Policy& policy,
                                        const drift::SysctlConfig& config,
                                        const Workspace& workspace,
                                        const drift::SysctlConfig* procps) {
    std::vector<Diagnostic> findings;
    for (const SysctlRequirement& requirement : policy.sysctl) {
        const drift::SysctlEntry* entry = config.lookup(requirement.key);
        Diagnostic finding;
        finding.rule_id = "UG404";
        finding.rule_name = "sysctl-value-mismatch";
        finding.severity = Severity::Error;
        finding.directive = requirement.key;
        if (entry == nullptr || entry->effective.exclusion) {
            finding.message = fmt::format("'{}' must be '{}' but no sysctl.d file sets it",
                                          requirement.key, requirement.value);
            finding.location = requirement.key_location;
            finding.help = fmt::format("add '{} = {}' to a file in /etc/sysctl.d",
                                       requirement.key, requirement.value);
            findings.push_back(std::move(finding));
            continue;
        }
        if (entry->effective.value == requirement.value) {
            const drift::SysctlEntry* rerun = procps ? procps->lookup(requirement.key) : nullptr;
            if (rerun != nullptr && !rerun->effective.exclusion &&
                rerun->effective.value != requirement.value) {
                describe_procps_mismatch(finding, requirement, *entry, *rerun, workspace);
                findings.push_back(std::move(finding));
            }
            continue;
        }
        finding.value = entry->effective.value;
        finding.message = fmt::format("'{}' must be '{}' but the sysctl.d files set '{}'",
                                      requirement.key, requirement.value,
                                      entry->effective.value);
        finding.location = entry->effective.location;
        finding.location.path = workspace.display_path(finding.location.path);
        std::string file_name = entry->effective.location.path.substr(
            entry->effective.location.path.rfind('/') + 1);
        finding.help = fmt::format("set '{} = {}' in a sysctl.d file whose name sorts after "
                                   "'{}', or mask that file",
                                   requirement.key, requirement.value, file_name);
        for (const drift::SysctlAssignment& earlier : entry->overridden) {
            finding.notes.push_back(fmt::format(
                "'{}' at {}:{} is overridden: files apply in file-name order across "
                "directories",
                earlier.value, workspace.display_path(earlier.location.path),
                earlier.location.line));
        }
        finding.notes.push_back(required_by(requirement));
        findings.push_back(std::move(finding));
    }
    return findings;
}

}  // namespace unitguard::rules
