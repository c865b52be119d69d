// SPDX-License-Identifier: MIT
// The property table of `show -p`: which properties exist for which unit type, in the order
// systemd 252's D-Bus interfaces list them, and how each value is printed.
#include "linter/show_properties.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rules/directives.hpp"

namespace unitguard::linter {
namespace {

// D-Bus interface of a property. systemd lists the unit type's own interface first, then
// resource control, then the execution environment (which includes the kill settings),
// then the generic unit interface.
enum class Interface { Service, Socket, Mount, ResourceControl, Execution, Unit };

using Formatter = std::vector<std::string> (*)(const ShowModel& model, std::string_view name);

struct PropertyRow {
    std::string_view name;
    Interface interface;
    Formatter format;
    bool per_entry = false;  ///< one line per entry and no line when empty
};

std::vector<std::string> one(std::string value) { return {std::move(value)}; }

std::vector<std::string> boolean_value(const ShowModel& model, std::string_view name) {
    auto it = model.booleans.find(name);
    return one(it != model.booleans.end() && it->second ? "yes" : "no");
}

std::vector<std::string> enum_value(const ShowModel& model, std::string_view name) {
    auto it = model.enums.find(name);
    return one(it == model.enums.end() ? std::string() : it->second);
}

std::vector<std::string> path_list(const ShowModel& model, std::string_view name) {
    auto it = model.path_lists.find(name);
    return one(it == model.path_lists.end() ? std::string() : format_string_list(it->second));
}

std::vector<std::string> directory_list(const ShowModel& model, std::string_view name) {
    auto it = model.directories.find(name);
    return one(it == model.directories.end() ? std::string() : format_string_list(it->second));
}

std::vector<std::string> exec_commands(const ShowModel& model, std::string_view name) {
    std::vector<std::string> lines;
    auto it = model.exec_commands.find(name);
    if (it == model.exec_commands.end()) return lines;
    for (const ExecCommand& command : it->second) lines.push_back(format_exec_command(command));
    return lines;
}

std::vector<std::string> socket_binds(const std::vector<SocketBindRule>& rules) {
    std::vector<std::string> lines;
    for (const SocketBindRule& rule : rules) lines.push_back(format_socket_bind(rule));
    return lines;
}

// Captureless lambdas for the properties with a value of their own.
constexpr auto kType = [](const ShowModel& m, std::string_view) { return one(m.type); };
constexpr auto kFileSystemType = [](const ShowModel& m, std::string_view) {
    return one(m.file_system_type);
};
constexpr auto kNotifyAccess = [](const ShowModel& m, std::string_view) {
    return one(m.notify_access);
};
constexpr auto kDelegate = [](const ShowModel& m, std::string_view) {
    return one(m.delegate ? "yes" : "no");
};
constexpr auto kDevicePolicy = [](const ShowModel& m, std::string_view) {
    return one(m.device_policy);
};
constexpr auto kDeviceAllow = [](const ShowModel& m, std::string_view) {
    std::vector<std::string> lines;
    for (const DeviceRule& rule : m.device_allow) lines.push_back(rule.path + " " + rule.rights);
    return lines;
};
constexpr auto kIpAllow = [](const ShowModel& m, std::string_view) {
    return one(format_ip_prefixes(m.ip_address_allow));
};
constexpr auto kIpDeny = [](const ShowModel& m, std::string_view) {
    return one(format_ip_prefixes(m.ip_address_deny));
};
constexpr auto kBindAllow = [](const ShowModel& m, std::string_view) {
    return socket_binds(m.socket_bind_allow);
};
constexpr auto kBindDeny = [](const ShowModel& m, std::string_view) {
    return socket_binds(m.socket_bind_deny);
};
constexpr auto kEnvironment = [](const ShowModel& m, std::string_view) {
    return one(format_string_list(m.environment));
};
constexpr auto kUmask = [](const ShowModel& m, std::string_view) {
    return one(fmt::format("{:04o}", m.umask));
};
constexpr auto kBoundingSet = [](const ShowModel& m, std::string_view) {
    return one(format_capabilities(m.capability_bounding_set));
};
constexpr auto kAmbientSet = [](const ShowModel& m, std::string_view) {
    return one(format_capabilities(m.ambient_capabilities));
};
constexpr auto kUser = [](const ShowModel& m, std::string_view) { return one(m.user); };
constexpr auto kGroup = [](const ShowModel& m, std::string_view) { return one(m.group); };
constexpr auto kSupplementaryGroups = [](const ShowModel& m, std::string_view) {
    return one(format_string_list(m.supplementary_groups));
};
constexpr auto kSyscallFilter = [](const ShowModel& m, std::string_view) {
    return one(format_syscall_filter(m.system_call_filter, /*add_errno=*/true));
};
constexpr auto kSyscallArchitectures = [](const ShowModel& m, std::string_view) {
    return one(format_string_list(
        {m.system_call_architectures.begin(), m.system_call_architectures.end()}));
};
constexpr auto kSyscallErrorNumber = [](const ShowModel& m, std::string_view) {
    return one(std::to_string(m.system_call_error_number));
};
constexpr auto kSyscallLog = [](const ShowModel& m, std::string_view) {
    return one(format_syscall_filter(m.system_call_log, /*add_errno=*/false));
};
constexpr auto kAddressFamilies = [](const ShowModel& m, std::string_view) {
    return one(format_address_families(m));
};
constexpr auto kNamespaces = [](const ShowModel& m, std::string_view) {
    return one(format_namespaces(m.restrict_namespaces));
};
constexpr auto kId = [](const ShowModel& m, std::string_view) { return one(m.id); };
constexpr auto kDescription = [](const ShowModel& m, std::string_view) {
    return one(m.description);
};
constexpr auto kFragmentPath = [](const ShowModel& m, std::string_view) {
    return one(m.fragment_path);
};
constexpr auto kDropInPaths = [](const ShowModel& m, std::string_view) {
    return one(format_string_list(m.dropin_paths));
};

using enum Interface;

// Every supported property in the order systemd 252 lists them, read off
// `systemctl --user show --all` for a service, a socket and a mount. Rows of one name may
// appear once per interface (ExecStartPre= is both a service and a socket property, Type=
// both a service and a mount property).
const PropertyRow kProperties[] = {
    {"Type", Service, kType},
    {"NotifyAccess", Service, kNotifyAccess},
    {"ExecCondition", Service, exec_commands, true},
    {"ExecStartPre", Service, exec_commands, true},
    {"ExecStart", Service, exec_commands, true},
    {"ExecStartPost", Service, exec_commands, true},
    {"ExecReload", Service, exec_commands, true},
    {"ExecStop", Service, exec_commands, true},
    {"ExecStopPost", Service, exec_commands, true},
    {"ExecStartPre", Socket, exec_commands, true},
    {"ExecStartPost", Socket, exec_commands, true},
    {"ExecStopPre", Socket, exec_commands, true},
    {"ExecStopPost", Socket, exec_commands, true},
    {"Type", Mount, kFileSystemType},
    {"Delegate", ResourceControl, kDelegate},
    {"DevicePolicy", ResourceControl, kDevicePolicy},
    {"DeviceAllow", ResourceControl, kDeviceAllow, true},
    {"IPAddressAllow", ResourceControl, kIpAllow},
    {"IPAddressDeny", ResourceControl, kIpDeny},
    {"SocketBindAllow", ResourceControl, kBindAllow, true},
    {"SocketBindDeny", ResourceControl, kBindDeny, true},
    {"Environment", Execution, kEnvironment},
    {"UMask", Execution, kUmask},
    {"CapabilityBoundingSet", Execution, kBoundingSet},
    {"AmbientCapabilities", Execution, kAmbientSet},
    {"User", Execution, kUser},
    {"Group", Execution, kGroup},
    {"DynamicUser", Execution, boolean_value},
    {"RemoveIPC", Execution, boolean_value},
    {"SupplementaryGroups", Execution, kSupplementaryGroups},
    {"ReadWritePaths", Execution, path_list},
    {"ReadOnlyPaths", Execution, path_list},
    {"InaccessiblePaths", Execution, path_list},
    {"ExecPaths", Execution, path_list},
    {"NoExecPaths", Execution, path_list},
    {"PrivateTmp", Execution, boolean_value},
    {"PrivateDevices", Execution, boolean_value},
    {"ProtectClock", Execution, boolean_value},
    {"ProtectKernelTunables", Execution, boolean_value},
    {"ProtectKernelModules", Execution, boolean_value},
    {"ProtectKernelLogs", Execution, boolean_value},
    {"ProtectControlGroups", Execution, boolean_value},
    {"PrivateNetwork", Execution, boolean_value},
    {"PrivateUsers", Execution, boolean_value},
    {"PrivateMounts", Execution, boolean_value},
    {"PrivateIPC", Execution, boolean_value},
    {"ProtectHome", Execution, enum_value},
    {"ProtectSystem", Execution, enum_value},
    {"IgnoreSIGPIPE", Execution, boolean_value},
    {"NoNewPrivileges", Execution, boolean_value},
    {"SystemCallFilter", Execution, kSyscallFilter},
    {"SystemCallArchitectures", Execution, kSyscallArchitectures},
    {"SystemCallErrorNumber", Execution, kSyscallErrorNumber},
    {"SystemCallLog", Execution, kSyscallLog},
    {"LockPersonality", Execution, boolean_value},
    {"RestrictAddressFamilies", Execution, kAddressFamilies},
    {"RuntimeDirectory", Execution, directory_list},
    {"StateDirectory", Execution, directory_list},
    {"CacheDirectory", Execution, directory_list},
    {"LogsDirectory", Execution, directory_list},
    {"ConfigurationDirectory", Execution, directory_list},
    {"MemoryDenyWriteExecute", Execution, boolean_value},
    {"RestrictRealtime", Execution, boolean_value},
    {"RestrictSUIDSGID", Execution, boolean_value},
    {"RestrictNamespaces", Execution, kNamespaces},
    {"KeyringMode", Execution, enum_value},
    {"ProtectProc", Execution, enum_value},
    {"ProcSubset", Execution, enum_value},
    {"ProtectHostname", Execution, boolean_value},
    {"Id", Unit, kId},
    {"Description", Unit, kDescription},
    {"FragmentPath", Unit, kFragmentPath},
    {"DropInPaths", Unit, kDropInPaths},
};

bool applies_to(const PropertyRow& row, const ShowModel& model) {
    switch (row.interface) {
        case Service:
            return model.unit_type == "service";
        case Socket:
            return model.unit_type == "socket";
        case Mount:
            return model.unit_type == "mount";
        case ResourceControl:
            return model.has_cgroup_context;
        case Execution:
            return model.has_exec_context;
        case Unit:
            return true;
    }
    return false;
}

// First release with the property, taken from the directive of the same name. Properties
// without a directive (Id=, FragmentPath=, ...) are as old as systemd's D-Bus interface.
int added_in(std::string_view name) {
    for (std::string_view section : {"Service", "Socket", "Unit"}) {
        if (const rules::Directive* directive = rules::find_directive(section, name)) {
            return directive->added_in;
        }
    }
    return 0;
}

}  // namespace

PropertySupport property_support(std::string_view name, int target_version) {
    for (const PropertyRow& row : kProperties) {
        if (row.name != name) continue;
        return added_in(name) > target_version ? PropertySupport::UnknownToTarget
                                               : PropertySupport::Supported;
    }
    // A directive newer than the target release has no property there either.
    for (std::string_view section : rules::sections_of(name)) {
        const rules::Directive* directive = rules::find_directive(section, name);
        if (directive != nullptr && directive->added_in > target_version) {
            return PropertySupport::UnknownToTarget;
        }
    }
    return PropertySupport::Unsupported;
}

std::vector<std::string_view> supported_properties() {
    std::vector<std::string_view> names;
    for (const PropertyRow& row : kProperties) {
        if (std::find(names.begin(), names.end(), row.name) == names.end()) {
            names.push_back(row.name);
        }
    }
    return names;
}

std::string format_properties(const WorkspaceUnit& unit, const std::vector<std::string>& names,
                              const ShowContext& context) {
    ShowModel model = build_show_model(unit, context);
    std::string out;
    for (const PropertyRow& row : kProperties) {
        if (std::find(names.begin(), names.end(), row.name) == names.end()) continue;
        if (!applies_to(row, model) || added_in(row.name) > context.target_version) continue;
        std::vector<std::string> values = row.format(model, row.name);
        if (!row.per_entry && values.empty()) values.emplace_back();
        for (const std::string& value : values) {
            out += fmt::format("{}={}\n", row.name, value);
        }
    }
    return out;
}

}  // namespace unitguard::linter
