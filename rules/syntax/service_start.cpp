// SPDX-License-Identifier: MIT
// Start-command facts of a service for the rules that mirror systemd's service_verify().
#include "rules/syntax/service_start.hpp"

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/syntax/exec_command_line.hpp"

namespace unitguard::rules {
namespace {

// Whether systemd fails the whole unit while parsing `applied`. That happens for a command
// with a bad program and no `-` prefix, and for a line dropped for another reason (an
// unknown specifier) unless it starts with `-`.
bool rejects_unit(const linter::AppliedAssignment& applied, int target_version) {
    if (applied.value.empty()) return false;
    if (!applied.ignored.empty()) {
        std::vector<ExecCommandWord> raw = split_exec_commands(applied.raw_value, target_version);
        return raw.empty() || !raw.front().ignore_failure;
    }
    for (const ExecCommandWord& command : split_exec_commands(applied.value, target_version)) {
        if (!command.ignore_failure && exec_path_error(command) != ExecPathError::None) {
            return true;
        }
    }
    return false;
}

// Appends the commands of every live assignment of `setting` that systemd keeps; returns
// whether one of its assignments makes the unit fail to load.
bool collect_commands(const linter::Setting* setting, int target_version,
                      std::vector<StartCommand>& out) {
    if (setting == nullptr) return false;
    bool rejected = false;
    for (const linter::AppliedAssignment& applied : setting->history) {
        rejected = rejected || rejects_unit(applied, target_version);
        if (!applied.live) continue;
        for (const ExecCommandWord& command : split_exec_commands(applied.value, target_version)) {
            if (exec_path_error(command) != ExecPathError::None) continue;
            out.push_back({&applied, command.offset, command.length});
        }
    }
    return rejected;
}

std::string last_value(const linter::Settings& settings, std::string_view section,
                       std::string_view name) {
    const linter::Setting* setting = settings.find(section, name);
    if (setting == nullptr) return {};
    const linter::AppliedAssignment* last = setting->last_live();
    return last == nullptr ? std::string() : last->value;
}

}  // namespace

ServiceStart describe_service_start(const linter::Settings& settings, int target_version) {
    ServiceStart start;
    start.rejected = collect_commands(settings.find("Service", "ExecStart"), target_version,
                                      start.start_commands);
    std::vector<StartCommand> stop;
    start.rejected = collect_commands(settings.find("Service", "ExecStop"), target_version, stop) ||
                     start.rejected;
    start.stop_commands = stop.size();

    std::string action = last_value(settings, "Unit", "SuccessAction");
    start.success_action = !action.empty() && action != "none";
    start.remain_after_exit =
        linter::parse_boolean(last_value(settings, "Service", "RemainAfterExit")).value_or(false);
    start.bus_name = !last_value(settings, "Service", "BusName").empty();

    // service_add_extras(): an unset Type= becomes dbus with a bus name, simple with a
    // start command, and oneshot otherwise.
    start.type = last_value(settings, "Service", "Type");
    if (start.type.empty()) {
        start.type_implied = true;
        if (start.bus_name) {
            start.type = "dbus";
        } else {
            start.type = start.start_commands.empty() ? "oneshot" : "simple";
        }
    }
    return start;
}

Location service_header_place(const RuleContext& context) {
    const auto& files = context.unit.loaded.files;
    for (const auto& file : files) {
        for (const linter::SectionHeader& header : file->sections) {
            if (header.name == "Service") {
                return {context.workspace.display_path(file->path), header.line, header.column,
                        header.column + static_cast<int>(sizeof("[Service]") - 1)};
            }
        }
    }
    if (files.empty()) return {};
    return {context.workspace.display_path(files.front()->path), 1, 1, 0};
}

std::string missing_start_command(const ServiceStart& start) {
    if (!start.start_commands.empty()) return {};
    if (start.stop_commands == 0 && !start.success_action) {
        return "the service has no ExecStart=, ExecStop= or SuccessAction=";
    }
    if (start.type != "oneshot") {
        return fmt::format("{} needs an ExecStart= command (only Type=oneshot may go without one)",
                           describe_type(start));
    }
    if (!start.remain_after_exit && !start.success_action) {
        return "a service without ExecStart= needs RemainAfterExit=yes or SuccessAction=";
    }
    return {};
}

std::string failed_service_check(const linter::Settings& settings, const ServiceStart& start) {
    if (std::string missing = missing_start_command(start); !missing.empty()) return missing;

    const bool oneshot = start.type == "oneshot";
    if (!oneshot && start.start_commands.size() > 1) {
        return fmt::format("{} allows one ExecStart= command, but {} are set",
                           describe_type(start), start.start_commands.size());
    }
    if (oneshot) {
        std::string restart = last_value(settings, "Service", "Restart");
        if (restart == "always" || restart == "on-success") {
            return fmt::format("Restart={} is not allowed with {}", restart, describe_type(start));
        }
        if (last_value(settings, "Service", "ExitType") == "cgroup") {
            return fmt::format("ExitType=cgroup is not allowed with {}", describe_type(start));
        }
    }
    if (start.type == "dbus" && !start.bus_name) return "Type=dbus needs BusName=";
    if (!last_value(settings, "Service", "PAMName").empty()) {
        std::string kill_mode = last_value(settings, "Service", "KillMode");
        if (kill_mode == "process" || kill_mode == "none") {
            return fmt::format("KillMode={} is not allowed with PAMName=", kill_mode);
        }
    }
    return {};
}

std::string describe_type(const ServiceStart& start) {
    if (!start.type_implied) return fmt::format("Type={}", start.type);
    if (start.type == "dbus") return "Type=dbus (implied by BusName=)";
    return fmt::format("Type={} (the default)", start.type);
}

}  // namespace unitguard::rules
