// SPDX-License-Identifier: MIT
// Drift: the policy, the declared unit files, the running manager and the kernel compared.
#include "drift/compare.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "drift/proc_sys.hpp"
#include "linter/security_settings.hpp"
#include "linter/unit_name.hpp"
#include "rules/kernel_names.hpp"
#include "rules/policy_eval.hpp"
#include "rules/rule.hpp"

namespace unitguard::drift {
namespace {

using linter::Setting;
using linter::Settings;
using linter::SyscallSet;

Diagnostic make_finding(std::string_view rule_id, const std::string& unit, std::string message,
                        Location location) {
    Diagnostic finding;
    finding.rule_id = std::string(rule_id);
    if (const rules::Rule* rule = rules::find_rule(rule_id)) {
        finding.rule_name = std::string(rule->name);
        finding.severity = rule->severity;
        finding.help = std::string(rule->fix_hint);
    }
    finding.unit = unit;
    finding.message = std::move(message);
    finding.location = std::move(location);
    return finding;
}

std::string trim(std::string_view text) {
    std::size_t start = text.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) return {};
    std::size_t end = text.find_last_not_of(" \t\r");
    return std::string(text.substr(start, end - start + 1));
}

// The key of a `Key=value` line, or "" for comments, headers and blank lines.
std::string assignment_key(std::string_view line) {
    std::string text = trim(line);
    if (text.empty() || text.front() == '#' || text.front() == ';' || text.front() == '[') {
        return {};
    }
    std::size_t equals = text.find('=');
    if (equals == std::string::npos) return {};
    return trim(std::string_view(text).substr(0, equals));
}

std::vector<std::string> read_lines(const std::string& path) {
    std::vector<std::string> lines;
    std::ifstream file(path);
    for (std::string line; std::getline(file, line);) lines.push_back(line);
    return lines;
}

// "game-web.service.d/00-debug.conf": how a drop-in is matched across trees whose
// unit directories differ (/etc/systemd/system on one side, /etc/systemd/user on the
// other).
std::string drop_in_identity(std::string_view path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return std::string(path);
    std::size_t parent = path.rfind('/', slash - 1);
    std::size_t start = parent == std::string_view::npos ? 0 : parent + 1;
    return std::string(path.substr(start));
}

Settings clone_settings(const Settings& settings) {
    Settings copy;
    copy.unit = settings.unit;
    copy.target_version = settings.target_version;
    copy.by_key = settings.by_key;
    linter::derive_security_settings(copy);
    return copy;
}

std::string joined_value(const Setting* setting) {
    if (setting == nullptr) return {};
    std::string joined;
    for (std::string_view value : setting->live_values()) {
        if (value.empty()) continue;
        if (!joined.empty()) joined += ' ';
        joined += value;
    }
    if (joined.empty() || setting->directive == nullptr) return joined;
    return rules::canonical_directive_value(*setting->directive, joined).text;
}

// The value systemd reports for a directive that no file sets. Booleans are "no"; the
// enums listed here have a word of their own.
std::string default_value(const std::string& name, const Setting* example) {
    if (name == "ProtectSystem" || name == "ProtectHome") return "no";
    if (name == "ProtectProc") return "default";
    if (name == "ProcSubset") return "all";
    const rules::Directive* directive =
        example != nullptr ? example->directive : rules::find_directive("Service", name);
    if (directive != nullptr && directive->kind == rules::ValueKind::Bool) return "no";
    return {};
}

std::string describe_syscalls(const SyscallSet& set) {
    if (!set.configured) return "no filter";
    return fmt::format("{} list of {} system calls", set.allow_list ? "allow" : "deny",
                       set.syscalls.size());
}

std::set<std::string> syscall_names(const SyscallSet& set) {
    std::set<std::string> names;
    for (const auto& [name, errno_name] : set.syscalls) names.emplace(name);
    return names;
}

bool same_syscalls(const SyscallSet& a, const SyscallSet& b) {
    if (a.configured != b.configured) return false;
    if (!a.configured) return true;
    return a.allow_list == b.allow_list && syscall_names(a) == syscall_names(b);
}

std::string capability_text(linter::CapabilityMask mask) {
    std::string text;
    for (int bit = 0; bit < rules::capability_count(); ++bit) {
        if ((mask >> bit & 1) == 0) continue;
        if (!text.empty()) text += ' ';
        text += rules::capability_name(bit);
    }
    return text.empty() ? std::string("none") : text;
}

linter::CapabilityMask known_capabilities() {
    int count = rules::capability_count();
    return count >= 64 ? ~linter::CapabilityMask{0}
                       : (linter::CapabilityMask{1} << count) - 1;
}

std::string family_text(const linter::AddressFamilySet& set) {
    if (!set.configured) return "not restricted";
    std::string text = set.allow_list ? "" : "~";
    bool first = true;
    for (int family : set.families) {
        if (!first) text += ' ';
        first = false;
        text += rules::address_family_name(family);
    }
    return set.allow_list && set.families.empty() ? std::string("none") : text;
}

// Declared and live value of one compared directive in words, or nothing when they agree.
std::optional<std::pair<std::string, std::string>> differing_values(const std::string& name,
                                                                    const Settings& declared,
                                                                    const Settings& live) {
    if (name == "SystemCallFilter" || name == "SystemCallLog") {
        const SyscallSet& a =
            name == "SystemCallFilter" ? declared.system_call_filter : declared.system_call_log;
        const SyscallSet& b =
            name == "SystemCallFilter" ? live.system_call_filter : live.system_call_log;
        if (same_syscalls(a, b)) return std::nullopt;
        return std::pair{describe_syscalls(a), describe_syscalls(b)};
    }
    if (name == "CapabilityBoundingSet" || name == "AmbientCapabilities") {
        bool bounding = name == "CapabilityBoundingSet";
        linter::CapabilityMask a =
            (bounding ? declared.capability_bounding_set : declared.ambient_capabilities) &
            known_capabilities();
        linter::CapabilityMask b =
            (bounding ? live.capability_bounding_set : live.ambient_capabilities) &
            known_capabilities();
        if (a == b) return std::nullopt;
        return std::pair{capability_text(a), capability_text(b)};
    }
    if (name == "RestrictAddressFamilies") {
        const auto& a = declared.restrict_address_families;
        const auto& b = live.restrict_address_families;
        if (a.configured == b.configured && a.allow_list == b.allow_list &&
            a.families == b.families) {
            return std::nullopt;
        }
        return std::pair{family_text(a), family_text(b)};
    }
    const Setting* declared_setting = declared.find(name);
    const Setting* live_setting = live.find(name);
    std::string a = joined_value(declared_setting);
    std::string b = joined_value(live_setting);
    const Setting* example = declared_setting != nullptr ? declared_setting : live_setting;
    if (a.empty()) a = default_value(name, example);
    if (b.empty()) b = default_value(name, example);
    // Tri-state settings (PrivateTmp=, PrivateUsers=, ProtectHostname=, ...) take words
    // besides booleans, and systemd exports "no" when no file sets them.
    if ((a.empty() && b == "no") || (b.empty() && a == "no")) return std::nullopt;
    if (a == b) return std::nullopt;
    return std::pair{a.empty() ? std::string("not set") : fmt::format("'{}'", a),
                     b.empty() ? std::string("not set") : fmt::format("'{}'", b)};
}

// The value a profile that matches `unit` requires for `directive`.
std::string required_value(const rules::Policy& policy, const std::string& unit,
                           const std::string& directive) {
    for (const rules::Profile* profile : policy.profiles_for(unit)) {
        for (const rules::DirectiveValue& wanted : profile->require) {
            if (wanted.name == directive) return wanted.value;
        }
    }
    return {};
}

std::string place(const Location& location) {
    if (location.line == 0) return location.path;
    return fmt::format("{}:{}", location.path, location.line);
}

}  // namespace

const std::vector<std::string>& compared_directives() {
    static const std::vector<std::string> kNames = {
        "AmbientCapabilities",   "CapabilityBoundingSet",   "DynamicUser",
        "Group",                 "LockPersonality",         "MemoryDenyWriteExecute",
        "NoNewPrivileges",       "PrivateDevices",          "PrivateMounts",
        "PrivateNetwork",        "PrivateTmp",              "PrivateUsers",
        "ProcSubset",            "ProtectClock",            "ProtectControlGroups",
        "ProtectHome",           "ProtectHostname",         "ProtectKernelLogs",
        "ProtectKernelModules",  "ProtectKernelTunables",   "ProtectProc",
        "ProtectSystem",         "RemoveIPC",               "RestrictAddressFamilies",
        "RestrictRealtime",      "RestrictSUIDSGID",        "SystemCallArchitectures",
        "SystemCallFilter",      "SystemCallLog",           "User",
    };
    return kNames;
}

Location locate_live_assignment(const LiveUnit& live, const std::string& directive) {
    std::vector<std::string> files(live.drop_in_paths.rbegin(), live.drop_in_paths.rend());
    if (!live.fragment_path.empty()) files.push_back(live.fragment_path);
    for (const std::string& path : files) {
        std::vector<std::string> lines = read_lines(path);
        for (std::size_t i = lines.size(); i > 0; --i) {
            if (assignment_key(lines[i - 1]) != directive) continue;
            int column = static_cast<int>(lines[i - 1].find_first_not_of(" \t")) + 1;
            return {path, static_cast<int>(i), column, 0};
        }
    }
    if (live.fragment_path.empty()) return {};
    std::string header = fmt::format("[{}]", exec_section(live.name));
    std::vector<std::string> lines = read_lines(live.fragment_path);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trim(lines[i]) == header) return {live.fragment_path, static_cast<int>(i + 1), 1, 0};
    }
    return {live.fragment_path, 0, 0, 0};
}

std::vector<Diagnostic> compare_policy(const rules::Policy& policy, const LiveUnit& live,
                                       const linter::Workspace& workspace) {
    std::vector<Diagnostic> findings;
    if (live.load_state != "loaded") return findings;
    linter::WorkspaceUnit unit;
    unit.loaded.requested_name = live.name;
    unit.loaded.id = live.name;
    unit.loaded.names = {live.name};
    unit.loaded.state = linter::LoadState::Loaded;
    if (auto name = linter::parse_unit_name(live.name)) unit.loaded.name = *name;
    unit.effective.settings = clone_settings(live.settings);

    for (Diagnostic& finding : rules::evaluate_unit(policy, unit, workspace)) {
        std::string directive = finding.directive.value_or("");
        bool missing = !directive.empty() && live.properties.count(directive) == 0;
        if (finding.rule_id == "UG401" && missing) {
            Diagnostic unenforceable = make_finding(
                "UG508", live.name,
                fmt::format("{}={}, which the policy requires, cannot be enforced on this host: "
                            "systemd {} has no '{}' property",
                            directive, required_value(policy, live.name, directive),
                            live.settings.target_version, directive),
                locate_live_assignment(live, directive));
            unenforceable.directive = directive;
            unenforceable.notes = std::move(finding.notes);
            findings.push_back(std::move(unenforceable));
            continue;
        }
        Diagnostic converted = make_finding("UG501", live.name, "live: " + finding.message,
                                            locate_live_assignment(live, directive));
        converted.directive = finding.directive;
        converted.value = finding.value;
        converted.notes = std::move(finding.notes);
        converted.notes.insert(converted.notes.begin(),
                               fmt::format("policy rule {} ({})", finding.rule_id,
                                           finding.rule_name));
        findings.push_back(std::move(converted));
    }
    return findings;
}

std::vector<Diagnostic> compare_declared(const linter::WorkspaceUnit& declared,
                                         const LiveUnit& live,
                                         const linter::Workspace& workspace) {
    std::vector<Diagnostic> findings;
    if (live.load_state != "loaded" || declared.loaded.state != linter::LoadState::Loaded) {
        return findings;
    }
    const Settings& declared_settings = declared.effective.settings;

    std::set<std::string> declared_drop_ins;
    for (const std::string& path : declared.loaded.dropin_paths) {
        declared_drop_ins.insert(drop_in_identity(path));
    }
    std::set<std::string> undeclared;
    for (const std::string& path : live.drop_in_paths) {
        if (declared_drop_ins.count(drop_in_identity(path)) != 0) continue;
        undeclared.insert(path);
        std::vector<std::string> keys;
        for (const std::string& line : read_lines(path)) {
            std::string key = assignment_key(line);
            if (!key.empty() && std::find(keys.begin(), keys.end(), key + "=") == keys.end()) {
                keys.push_back(key + "=");
            }
        }
        Diagnostic finding = make_finding(
            "UG503", live.name,
            fmt::format("drop-in '{}' is loaded for '{}' but the declared tree does not contain it",
                        path, live.name),
            {path, 1, 1, 0});
        if (!keys.empty()) {
            std::string list;
            for (const std::string& key : keys) list += (list.empty() ? "" : ", ") + key;
            finding.notes.push_back(fmt::format("it sets {}", list));
        }
        findings.push_back(std::move(finding));
    }

    for (const std::string& name : compared_directives()) {
        auto values = differing_values(name, declared_settings, live.settings);
        if (!values) continue;
        Location live_place = locate_live_assignment(live, name);
        const Setting* setting = declared_settings.find(name);
        const linter::AppliedAssignment* last = setting ? setting->last_live() : nullptr;
        Location declared_place;
        if (last != nullptr) {
            declared_place = {workspace.display_path(last->path), last->line, last->column, 0};
        }
        bool live_file_assigns = live_place.line > 0 && assignment_key(read_lines(
                                     live_place.path)[live_place.line - 1]) == name;
        Location location = live_file_assigns || declared_place.path.empty() ? live_place
                                                                               : declared_place;
        Diagnostic finding = make_finding(
            "UG502", live.name,
            fmt::format("{}= in effect is {} but the declared files give {}", name,
                        values->second, values->first),
            location);
        finding.directive = name;
        finding.value = values->second;
        if (!declared_place.path.empty()) {
            finding.notes.push_back(fmt::format("declared at {}", place(declared_place)));
        }
        if (live_file_assigns) {
            std::string origin = undeclared.count(live_place.path) != 0
                                     ? "set on the host by an undeclared drop-in at"
                                     : "set on the host at";
            finding.notes.push_back(fmt::format("{} {}", origin, place(live_place)));
        }
        findings.push_back(std::move(finding));
    }
    return findings;
}

std::vector<Diagnostic> check_reload(const LiveUnit& live) {
    std::vector<Diagnostic> findings;
    if (!live.need_daemon_reload) return findings;
    Location location{live.fragment_path, live.fragment_path.empty() ? 0 : 1,
                      live.fragment_path.empty() ? 0 : 1, 0};
    Diagnostic finding = make_finding(
        "UG504", live.name,
        fmt::format("unit files of '{}' changed on disk since the manager loaded them "
                    "(NeedDaemonReload=yes)",
                    live.name),
        location);
    finding.directive = "NeedDaemonReload";
    finding.value = "yes";
    findings.push_back(std::move(finding));
    return findings;
}

std::vector<std::string> expected_unit_names(const rules::Policy& policy) {
    std::vector<std::string> names;
    for (const rules::Profile& profile : policy.profiles) {
        for (const auto& pattern : profile.units) {
            const std::string& name = pattern.value;
            if (name.find_first_of("*?[") != std::string::npos) continue;
            if (name.find("@.") != std::string::npos) continue;
            if (std::find(names.begin(), names.end(), name) == names.end()) {
                names.push_back(name);
            }
        }
    }
    return names;
}

std::vector<Diagnostic> check_expected_units(const rules::Policy& policy,
                                             const std::vector<LiveUnit>& live) {
    std::vector<Diagnostic> findings;
    for (const rules::Profile& profile : policy.profiles) {
        for (const auto& pattern : profile.units) {
            const std::string& name = pattern.value;
            if (name.find_first_of("*?[") != std::string::npos) continue;
            std::string problem;
            if (name.find("@.") != std::string::npos) {
                bool any = std::any_of(live.begin(), live.end(), [&](const LiveUnit& unit) {
                    return unit.load_state == "loaded" &&
                           rules::unit_pattern_matches(name, unit.name) && unit.name != name;
                });
                if (!any) problem = "has no loaded instance on the host";
            } else {
                auto found = std::find_if(live.begin(), live.end(),
                                          [&](const LiveUnit& unit) { return unit.name == name; });
                if (found == live.end() || found->load_state == "not-found") {
                    problem = "is not found on the host";
                } else if (found->load_state == "masked") {
                    problem = "is masked on the host";
                } else if (found->active_state == "failed") {
                    problem = "has failed on the host";
                } else if (found->load_state != "loaded") {
                    problem = fmt::format("is in load state '{}' on the host", found->load_state);
                }
            }
            if (problem.empty()) continue;
            findings.push_back(make_finding(
                "UG505", name,
                fmt::format("unit '{}' that profile '{}' names {}", name, profile.name.value,
                            problem),
                pattern.value_location));
        }
    }
    return findings;
}

std::vector<Diagnostic> compare_sysctl(const rules::Policy& policy,
                                       const std::string& proc_sys_dir,
                                       const SysctlConfig* persisted,
                                       const std::string& persisted_root_display) {
    std::vector<Diagnostic> findings;
    for (const rules::SysctlRequirement& requirement : policy.sysctl) {
        ProcSysValue live = read_proc_sys(proc_sys_dir, requirement.key);
        if (live.status == ProcSysValue::Status::Missing) {
            Diagnostic finding = make_finding(
                "UG509", "",
                fmt::format("kernel parameter '{}' does not exist: '{}' is missing, the policy "
                            "requires '{}'",
                            requirement.key, live.path, requirement.value),
                requirement.key_location);
            finding.directive = requirement.key;
            findings.push_back(std::move(finding));
            continue;
        }
        if (live.status == ProcSysValue::Status::Unreadable) {
            Diagnostic finding = make_finding(
                "UG509", "",
                fmt::format("kernel parameter '{}' cannot be read from '{}': {}", requirement.key,
                            live.path, live.error),
                requirement.key_location);
            finding.directive = requirement.key;
            findings.push_back(std::move(finding));
            continue;
        }
        if (live.value != normalize_sysctl_value(requirement.value)) {
            Diagnostic finding = make_finding(
                "UG506", "",
                fmt::format("kernel parameter '{}' is '{}' in '{}' but the policy requires '{}'",
                            requirement.key, live.value, live.path, requirement.value),
                requirement.value_location);
            finding.directive = requirement.key;
            finding.value = live.value;
            findings.push_back(std::move(finding));
        }
        const SysctlEntry* entry = persisted != nullptr ? persisted->lookup(requirement.key)
                                                        : nullptr;
        if (entry == nullptr || entry->effective.exclusion) continue;
        std::string stored = normalize_sysctl_value(entry->effective.value);
        if (stored == live.value) continue;
        Location location = entry->effective.location;
        if (!persisted_root_display.empty()) {
            std::string root = persisted_root_display;
            while (root.size() > 1 && root.back() == '/') root.pop_back();
            location.path = root + location.path;
        }
        Diagnostic finding = make_finding(
            "UG507", "",
            fmt::format("kernel parameter '{}' is '{}' in '{}' but sysctl.d sets '{}' at boot",
                        requirement.key, live.value, live.path, stored),
            location);
        finding.directive = requirement.key;
        finding.value = live.value;
        findings.push_back(std::move(finding));
    }
    return findings;
}

std::vector<Diagnostic> compare_all(const DriftInputs& inputs) {
    std::vector<Diagnostic> findings;
    auto append = [&findings](std::vector<Diagnostic> more) {
        for (Diagnostic& finding : more) findings.push_back(std::move(finding));
    };
    if (inputs.live != nullptr) {
        for (const LiveUnit& live : *inputs.live) {
            if (inputs.policy != nullptr && inputs.declared != nullptr) {
                append(compare_policy(*inputs.policy, live, *inputs.declared));
            }
            if (inputs.declared != nullptr) {
                for (const linter::WorkspaceUnit& unit : inputs.declared->units()) {
                    if (unit.loaded.id == live.name) {
                        append(compare_declared(unit, live, *inputs.declared));
                        break;
                    }
                }
            }
            append(check_reload(live));
        }
        if (inputs.policy != nullptr) append(check_expected_units(*inputs.policy, *inputs.live));
    }
    if (inputs.policy != nullptr) {
        append(compare_sysctl(*inputs.policy, inputs.proc_sys_dir, inputs.persisted,
                              inputs.persisted_root_display));
    }
    return findings;
}

}  // namespace unitguard::drift
