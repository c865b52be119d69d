// SPDX-License-Identifier: MIT
// Turns a live unit's D-Bus properties into Settings in unit-file form.
#include "drift/live_settings.hpp"

#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>

#include <utility>

#include <fmt/format.h>

#include "linter/security_settings.hpp"
#include "rules/directives.hpp"
#include "rules/kernel_names.hpp"

namespace unitguard::drift {
namespace {

using linter::AppliedAssignment;
using linter::Setting;
using linter::Settings;

std::string join(const std::vector<std::string>& words, std::string_view prefix = {}) {
    std::string text(prefix);
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) text += ' ';
        text += words[i];
    }
    return text;
}

// Records one value of `property` as an assignment of the directive of the same name.
void assign(Settings& settings, const std::string& section, const std::string& property,
            std::string value) {
    std::string key = fmt::format("{}.{}", section, property);
    Setting& setting = settings.by_key[key];
    if (setting.name.empty()) {
        setting.section = section;
        setting.name = property;
        setting.directive = rules::find_directive(section, property);
    }
    AppliedAssignment assignment;
    assignment.path = fmt::format("{}{}", kLivePathPrefix, property);
    assignment.raw_value = value;
    assignment.value = std::move(value);
    setting.history.push_back(std::move(assignment));
}

// "(bas)": allow list flag and names, as SystemCallFilter= and RestrictAddressFamilies=
// are exported. Returns the unit-file text, or nothing when the list is not configured.
std::optional<std::string> list_with_mode(const BusValue& value, bool empty_allow_is_none) {
    if (value.signature != "(bas)" || value.items.size() != 2) return std::nullopt;
    bool allow_list = value.items[0].boolean;
    std::vector<std::string> names = value.items[1].strings();
    if (names.empty()) {
        if (allow_list && empty_allow_is_none) return std::string("none");
        return std::nullopt;
    }
    return join(names, allow_list ? "" : "~");
}

std::string capability_names(std::uint64_t mask) {
    std::vector<std::string> names;
    for (int bit = 0; bit < 64; ++bit) {
        if ((mask >> bit & 1) == 0) continue;
        std::string_view name = rules::capability_name(bit);
        if (!name.empty()) names.emplace_back(name);
    }
    return join(names);
}

std::uint64_t all_known_capabilities() {
    int count = rules::capability_count();
    return count >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
}

// RestrictNamespaces= is exported as the mask of clone flags the unit may still use.
// The names and their order are those of systemd 252's RestrictNamespaces= parser.
std::string namespace_text(std::uint64_t allowed) {
    static constexpr std::pair<std::uint64_t, const char*> kNamespaces[] = {
        {CLONE_NEWCGROUP, "cgroup"}, {CLONE_NEWIPC, "ipc"},   {CLONE_NEWNET, "net"},
        {CLONE_NEWNS, "mnt"},        {CLONE_NEWPID, "pid"},   {CLONE_NEWUSER, "user"},
        {CLONE_NEWUTS, "uts"},
    };
    std::uint64_t all = 0;
    for (const auto& [flag, name] : kNamespaces) all |= flag;
    if ((allowed & all) == 0) return "yes";
    if ((allowed & all) == all) return "no";
    std::vector<std::string> names;
    for (const auto& [flag, name] : kNamespaces) {
        if ((allowed & flag) != 0) names.emplace_back(name);
    }
    return join(names);
}

// Quotes an argument that unit-file splitting would otherwise break apart.
std::string quote_argument(const std::string& argument) {
    if (!argument.empty() && argument.find_first_of(" \t\"'\\") == std::string::npos) {
        return argument;
    }
    std::string quoted = "\"";
    for (char c : argument) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + '"';
}

// One "a(sasbttttuii)" entry: path, argv, ignore-failure flag, then run-time data.
std::string exec_command_text(const BusValue& entry) {
    if (entry.items.size() < 3) return {};
    const std::string& path = entry.items[0].text;
    std::vector<std::string> argv = entry.items[1].strings();
    std::string text = entry.items[2].boolean ? "-" : "";
    if (argv.empty() || argv.front() != path) text += "@";
    text += quote_argument(path);
    if (text.front() == '@' || text.starts_with("-@")) {
        text += ' ' + quote_argument(argv.empty() ? path : argv.front());
    }
    for (std::size_t i = 1; i < argv.size(); ++i) text += ' ' + quote_argument(argv[i]);
    return text;
}

// Properties with their own D-Bus shape; returns whether `property` was one of them.
bool assign_special(Settings& settings, const std::string& section, const std::string& property,
                    const BusValue& value) {
    if (property == "SystemCallFilter" || property == "SystemCallLog") {
        if (auto text = list_with_mode(value, /*empty_allow_is_none=*/false)) {
            assign(settings, section, property, *text);
        }
        return true;
    }
    if (property == "RestrictAddressFamilies") {
        if (auto text = list_with_mode(value, /*empty_allow_is_none=*/true)) {
            assign(settings, section, property, *text);
        }
        return true;
    }
    if (property == "CapabilityBoundingSet") {
        // The full set is what an unset CapabilityBoundingSet= exports.
        if ((value.unsigned_integer & all_known_capabilities()) != all_known_capabilities()) {
            assign(settings, section, property, capability_names(value.unsigned_integer));
        }
        return true;
    }
    if (property == "AmbientCapabilities") {
        if (value.unsigned_integer != 0) {
            assign(settings, section, property, capability_names(value.unsigned_integer));
        }
        return true;
    }
    if (property == "RestrictNamespaces") {
        std::string text = namespace_text(value.unsigned_integer);
        // "no" is also what an unset RestrictNamespaces= exports.
        if (text != "no") assign(settings, section, property, text);
        return true;
    }
    if (property == "SocketBindAllow" || property == "SocketBindDeny") {
        std::vector<std::string> rules;
        for (const BusValue& entry : value.items) {
            if (entry.items.size() != 4) continue;
            rules.push_back(format_socket_bind_rule(
                static_cast<int>(entry.items[0].integer), static_cast<int>(entry.items[1].integer),
                static_cast<unsigned>(entry.items[2].unsigned_integer),
                static_cast<unsigned>(entry.items[3].unsigned_integer)));
        }
        if (!rules.empty()) assign(settings, section, property, join(rules));
        return true;
    }
    if (property == "ExecStart" || property == "ExecStartPre" || property == "ExecStartPost" ||
        property == "ExecStop" || property == "ExecStopPost" || property == "ExecReload") {
        for (const BusValue& entry : value.items) {
            assign(settings, section, property, exec_command_text(entry));
        }
        return true;
    }
    return false;
}

// Booleans, strings, string arrays and 32-bit integers map directly. 64-bit values are
// masks, sizes and microseconds whose unit-file spelling differs, so they are left out.
std::optional<std::string> plain_text(const BusValue& value) {
    if (value.signature == "b") return std::string(value.boolean ? "yes" : "no");
    if (value.signature == "s") {
        if (value.text.empty()) return std::nullopt;
        return value.text;
    }
    if (value.signature == "as") {
        if (value.items.empty()) return std::nullopt;
        return join(value.strings());
    }
    if (value.signature == "i") return std::to_string(value.integer);
    if (value.signature == "u") return std::to_string(value.unsigned_integer);
    return std::nullopt;
}

void assign_properties(Settings& settings, const std::string& section, const PropertyMap& map) {
    for (const auto& [property, value] : map) {
        if (rules::find_directive(section, property) == nullptr) continue;
        if (assign_special(settings, section, property, value)) continue;
        if (auto text = plain_text(value)) assign(settings, section, property, *text);
    }
}

std::string text_of(const UnitProperties& properties, std::string_view name) {
    const BusValue* value = properties.find(name);
    return value != nullptr ? value->text : std::string();
}

}  // namespace

std::string exec_section(std::string_view unit_name) {
    for (std::string_view type : {"service", "socket", "mount", "swap"}) {
        std::string suffix = fmt::format(".{}", type);
        if (unit_name.ends_with(suffix)) {
            std::string section(type);
            section.front() = static_cast<char>(section.front() - 'a' + 'A');
            return section;
        }
    }
    return "Unit";
}

std::string format_socket_bind_rule(int family, int protocol, unsigned port_count,
                                    unsigned first_port) {
    std::string text;
    if (family == AF_INET) text += "ipv4:";
    if (family == AF_INET6) text += "ipv6:";
    if (protocol == IPPROTO_TCP) text += "tcp:";
    if (protocol == IPPROTO_UDP) text += "udp:";
    if (port_count == 0) {
        text += "any";
    } else if (port_count == 1) {
        text += std::to_string(first_port);
    } else {
        text += fmt::format("{}-{}", first_port, first_port + port_count - 1);
    }
    return text;
}

LiveUnit live_unit_from_properties(const UnitProperties& properties, int target_version) {
    LiveUnit live;
    live.name = properties.name;
    live.settings.unit = properties.name;
    live.settings.target_version = target_version;
    for (const auto& [name, value] : properties.unit) live.properties.insert(name);
    for (const auto& [name, value] : properties.type) live.properties.insert(name);

    assign_properties(live.settings, "Unit", properties.unit);
    assign_properties(live.settings, exec_section(properties.name), properties.type);
    linter::derive_security_settings(live.settings);

    live.load_state = text_of(properties, "LoadState");
    live.active_state = text_of(properties, "ActiveState");
    live.sub_state = text_of(properties, "SubState");
    live.fragment_path = text_of(properties, "FragmentPath");
    if (const BusValue* drop_ins = properties.find("DropInPaths")) {
        live.drop_in_paths = drop_ins->strings();
    }
    if (const BusValue* reload = properties.find("NeedDaemonReload")) {
        live.need_daemon_reload = reload->boolean;
    }
    return live;
}

}  // namespace unitguard::drift
