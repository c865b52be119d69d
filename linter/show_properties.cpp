// SPDX-License-Identifier: MIT
// `systemctl show` formats for the properties `unitguard show -p` supports.
#include "linter/show_properties.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "rules/kernel_names.hpp"

namespace unitguard::linter {
namespace {

using Formatter = std::function<std::optional<std::string>(const WorkspaceUnit&)>;

std::string join(const std::vector<std::string>& words, std::string_view separator = " ") {
    std::string out;
    for (const std::string& word : words) {
        if (!out.empty()) out += separator;
        out += word;
    }
    return out;
}

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
        if (i > start) words.emplace_back(text.substr(start, i - start));
    }
    return words;
}

const Settings& settings_of(const WorkspaceUnit& unit) { return unit.effective.settings; }

// A boolean directive printed as yes/no, `fallback` when unset.
Formatter boolean(std::string name, bool fallback = false) {
    return [name, fallback](const WorkspaceUnit& unit) -> std::optional<std::string> {
        std::string value = settings_of(unit).value(name);
        bool flag = value.empty() ? fallback : parse_boolean(value).value_or(fallback);
        return std::string(flag ? "yes" : "no");
    };
}

// A single-valued directive printed as written, `fallback` when unset.
Formatter scalar(std::string name, std::string fallback = {}) {
    return [name, fallback](const WorkspaceUnit& unit) -> std::optional<std::string> {
        std::string value = settings_of(unit).value(name);
        return value.empty() ? fallback : value;
    };
}

// An enum that also takes booleans: "yes"/"no" words print as yes/no.
Formatter boolean_enum(std::string name, std::string fallback) {
    return [name, fallback](const WorkspaceUnit& unit) -> std::optional<std::string> {
        std::string value = settings_of(unit).value(name);
        if (value.empty()) return fallback;
        if (std::optional<bool> flag = parse_boolean(value)) return std::string(*flag ? "yes" : "no");
        return value;
    };
}

// A list directive: the words of every live assignment, in order.
Formatter word_list(std::string name) {
    return [name](const WorkspaceUnit& unit) -> std::optional<std::string> {
        std::vector<std::string> words;
        if (const Setting* setting = settings_of(unit).find(name)) {
            for (std::string_view value : setting->live_values()) {
                for (std::string& word : split_words(value)) words.push_back(std::move(word));
            }
        }
        return join(words);
    };
}

std::string capability_names(CapabilityMask mask) {
    std::vector<std::string> names;
    for (int number = 0; number < rules::capability_count(); ++number) {
        if ((mask >> number & 1U) == 0) continue;
        std::string name(rules::capability_name(number));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
        names.push_back(std::move(name));
    }
    return join(names);
}

std::string syscall_set_text(const SyscallSet& set) {
    if (!set.configured) return {};
    std::vector<std::string> names;
    for (const auto& [name, errno_name] : set.syscalls) {
        names.push_back(errno_name.empty() ? name : fmt::format("{}:{}", name, errno_name));
    }
    return (set.allow_list ? "" : "~") + join(names);
}

std::string address_family_text(const AddressFamilySet& set) {
    if (!set.configured) return {};
    std::vector<std::string> names;
    for (int family : set.families) names.emplace_back(rules::address_family_name(family));
    return (set.allow_list ? "" : "~") + join(names);
}

// ExecStart= and friends: one "{ path=... ; argv[]=... ; ... }" block per command.
Formatter exec_command(std::string name) {
    return [name](const WorkspaceUnit& unit) -> std::optional<std::string> {
        std::vector<std::string> blocks;
        if (const Setting* setting = settings_of(unit).find(name)) {
            for (std::string_view value : setting->live_values()) {
                std::string_view command = value;
                bool ignore_errors = false;
                while (!command.empty() && std::string_view("-@:+!").find(command.front()) !=
                                               std::string_view::npos) {
                    if (command.front() == '-') ignore_errors = true;
                    command.remove_prefix(1);
                }
                std::vector<std::string> argv = split_words(command);
                std::string path = argv.empty() ? std::string() : argv.front();
                blocks.push_back(fmt::format(
                    "{{ path={} ; argv[]={} ; ignore_errors={} ; start_time=[n/a] ; "
                    "stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }}",
                    path, join(argv), ignore_errors ? "yes" : "no"));
            }
        }
        return join(blocks, "\n" + name + "=");
    };
}

const std::map<std::string, Formatter, std::less<>>& formatters() {
    static const std::map<std::string, Formatter, std::less<>> table = [] {
        std::map<std::string, Formatter, std::less<>> t;
        for (const char* name :
             {"NoNewPrivileges", "PrivateTmp", "PrivateDevices", "PrivateNetwork",
              "PrivateUsers", "PrivateMounts", "PrivateIPC", "ProtectKernelTunables",
              "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups",
              "ProtectClock", "ProtectHostname", "MemoryDenyWriteExecute", "LockPersonality",
              "RestrictRealtime", "RestrictSUIDSGID", "DynamicUser", "RemoveIPC", "Delegate"}) {
            t.emplace(name, boolean(name));
        }
        t.emplace("ProtectSystem", boolean_enum("ProtectSystem", "no"));
        t.emplace("ProtectHome", boolean_enum("ProtectHome", "no"));
        t.emplace("ProtectProc", scalar("ProtectProc", "default"));
        t.emplace("ProcSubset", scalar("ProcSubset", "all"));
        t.emplace("User", scalar("User"));
        t.emplace("Group", scalar("Group"));
        t.emplace("Type", scalar("Type", "simple"));
        t.emplace("NotifyAccess", scalar("NotifyAccess", "none"));
        t.emplace("KeyringMode", scalar("KeyringMode", "private"));
        t.emplace("DevicePolicy", scalar("DevicePolicy", "auto"));
        t.emplace("UMask", scalar("UMask", "0022"));
        for (const char* name :
             {"Environment", "ReadWritePaths", "ReadOnlyPaths", "InaccessiblePaths",
              "StateDirectory", "SupplementaryGroups", "SystemCallArchitectures",
              "SocketBindAllow", "SocketBindDeny", "IPAddressAllow", "IPAddressDeny",
              "DeviceAllow"}) {
            t.emplace(name, word_list(name));
        }
        for (const char* name : {"ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop",
                                 "ExecStopPost", "ExecReload"}) {
            t.emplace(name, exec_command(name));
        }
        t.emplace("SystemCallFilter", [](const WorkspaceUnit& unit) -> std::optional<std::string> {
            return syscall_set_text(settings_of(unit).system_call_filter);
        });
        t.emplace("SystemCallLog", [](const WorkspaceUnit& unit) -> std::optional<std::string> {
            return syscall_set_text(settings_of(unit).system_call_log);
        });
        t.emplace("SystemCallErrorNumber",
                  [](const WorkspaceUnit& unit) -> std::optional<std::string> {
                      std::string value = settings_of(unit).value("SystemCallErrorNumber");
                      if (value.empty() || value == "kill") return std::string("2147483646");
                      if (std::optional<int> number = rules::errno_number(value)) {
                          return std::to_string(*number);
                      }
                      return value;
                  });
        t.emplace("CapabilityBoundingSet",
                  [](const WorkspaceUnit& unit) -> std::optional<std::string> {
                      return capability_names(settings_of(unit).capability_bounding_set);
                  });
        t.emplace("AmbientCapabilities",
                  [](const WorkspaceUnit& unit) -> std::optional<std::string> {
                      return capability_names(settings_of(unit).ambient_capabilities);
                  });
        t.emplace("RestrictAddressFamilies",
                  [](const WorkspaceUnit& unit) -> std::optional<std::string> {
                      return address_family_text(settings_of(unit).restrict_address_families);
                  });
        t.emplace("RestrictNamespaces", boolean_enum("RestrictNamespaces", "no"));
        t.emplace("FragmentPath", [](const WorkspaceUnit& unit) -> std::optional<std::string> {
            return unit.loaded.fragment_path;
        });
        t.emplace("DropInPaths", [](const WorkspaceUnit& unit) -> std::optional<std::string> {
            return join(unit.loaded.dropin_paths);
        });
        t.emplace("Names", [](const WorkspaceUnit& unit) -> std::optional<std::string> {
            return join(unit.loaded.names);
        });
        t.emplace("Id", [](const WorkspaceUnit& unit) -> std::optional<std::string> {
            return unit.loaded.id;
        });
        return t;
    }();
    return table;
}

}  // namespace

std::optional<std::string> format_property(const WorkspaceUnit& unit, std::string_view name) {
    const auto& table = formatters();
    auto it = table.find(name);
    if (it != table.end()) return it->second(unit);

    // Any other known directive prints as written; a directive the target release does
    // not know prints nothing, as systemctl does for a property the manager lacks.
    for (const rules::Directive& directive : rules::all_directives()) {
        if (directive.name != name) continue;
        if (directive.added_in > settings_of(unit).target_version) return std::nullopt;
        if (directive.kind == rules::ValueKind::Bool) return boolean(std::string(name))(unit);
        return scalar(std::string(name))(unit);
    }
    return std::nullopt;
}

}  // namespace unitguard::linter
