// SPDX-License-Identifier: MIT
// Tests for turning D-Bus properties into Settings.
#include "drift/live_settings.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using unitguard::drift::BusValue;
using unitguard::drift::format_socket_bind_rule;
using unitguard::drift::live_unit_from_properties;
using unitguard::drift::LiveUnit;
using unitguard::drift::UnitProperties;

namespace {

BusValue boolean(bool on) {
    BusValue value;
    value.signature = "b";
    value.boolean = on;
    return value;
}

BusValue text(std::string content) {
    BusValue value;
    value.signature = "s";
    value.text = std::move(content);
    return value;
}

BusValue strings(const std::vector<std::string>& items) {
    BusValue value;
    value.signature = "as";
    for (const std::string& item : items) value.items.push_back(text(item));
    return value;
}

BusValue mode_list(bool allow, const std::vector<std::string>& items) {
    BusValue value;
    value.signature = "(bas)";
    value.items = {boolean(allow), strings(items)};
    return value;
}

BusValue mask(std::uint64_t bits) {
    BusValue value;
    value.signature = "t";
    value.unsigned_integer = bits;
    return value;
}

UnitProperties web_service() {
    UnitProperties properties;
    properties.name = "game-web.service";
    properties.type_interface = "org.freedesktop.systemd1.Service";
    properties.unit["LoadState"] = text("loaded");
    properties.unit["ActiveState"] = text("failed");
    properties.unit["FragmentPath"] = text("/etc/systemd/system/game-web.service");
    properties.unit["DropInPaths"] =
        strings({"/etc/systemd/system/game-web.service.d/00-debug.conf"});
    properties.unit["NeedDaemonReload"] = boolean(true);
    properties.type["NoNewPrivileges"] = boolean(false);
    properties.type["ProtectSystem"] = text("strict");
    properties.type["User"] = text("game");
    properties.type["SystemCallFilter"] = mode_list(false, {});
    properties.type["SystemCallLog"] = mode_list(true, {"ptrace"});
    properties.type["RestrictAddressFamilies"] = mode_list(true, {"AF_INET", "AF_UNIX"});
    properties.type["CapabilityBoundingSet"] = mask(1u << 10 | 1u << 12);  // 10 is BIND_SERVICE
    return properties;
}

std::string live_value(const LiveUnit& unit, const std::string& name) {
    const auto* setting = unit.settings.find(name);
    if (setting == nullptr || setting->history.empty()) return "<unset>";
    return setting->history.back().value;
}

}  // namespace

TEST_SUITE("drift") {
    TEST_CASE("live settings - scalars keep unit-file spelling") {
        LiveUnit unit = live_unit_from_properties(web_service(), 252);
        CHECK(live_value(unit, "NoNewPrivileges") == "no");
        CHECK(live_value(unit, "ProtectSystem") == "strict");
        CHECK(live_value(unit, "User") == "game");
        CHECK(unit.settings.find("User")->history.back().path == "live: User");
        CHECK(unit.settings.value("ProtectSystem") == "strict");
    }

    TEST_CASE("live settings - unit state and drop-ins") {
        LiveUnit unit = live_unit_from_properties(web_service(), 252);
        CHECK(unit.load_state == "loaded");
        CHECK(unit.active_state == "failed");
        CHECK(unit.fragment_path == "/etc/systemd/system/game-web.service");
        CHECK(unit.drop_in_paths ==
              std::vector<std::string>{"/etc/systemd/system/game-web.service.d/00-debug.conf"});
        CHECK(unit.need_daemon_reload);
        CHECK(unit.properties.count("SystemCallLog") == 1);
        CHECK(unit.properties.count("PrivatePIDs") == 0);
    }

    TEST_CASE("live settings - empty deny list is no filter") {
        LiveUnit unit = live_unit_from_properties(web_service(), 252);
        CHECK(live_value(unit, "SystemCallFilter") == "<unset>");
        CHECK_FALSE(unit.settings.system_call_filter.configured);
        CHECK(live_value(unit, "SystemCallLog") == "ptrace");
        CHECK(unit.settings.system_call_log.configured);
        CHECK(unit.settings.system_call_log.allow_list);
        CHECK(unit.settings.system_call_log.syscalls.count("ptrace") == 1);
    }

    TEST_CASE("live settings - deny list keeps its tilde") {
        UnitProperties properties = web_service();
        properties.type["SystemCallFilter"] = mode_list(false, {"ptrace", "process_vm_readv"});
        LiveUnit unit = live_unit_from_properties(properties, 252);
        CHECK(live_value(unit, "SystemCallFilter") == "~ptrace process_vm_readv");
        CHECK(unit.settings.system_call_filter.configured);
        CHECK_FALSE(unit.settings.system_call_filter.allow_list);
        CHECK(unit.settings.system_call_filter.syscalls.size() == 2);
    }

    TEST_CASE("live settings - capability mask and address families") {
        LiveUnit unit = live_unit_from_properties(web_service(), 252);
        CHECK(live_value(unit, "CapabilityBoundingSet") == "CAP_NET_BIND_SERVICE CAP_NET_ADMIN");
        CHECK(unit.settings.capability_bounding_set == (1u << 10 | 1u << 12));
        CHECK(live_value(unit, "RestrictAddressFamilies") == "AF_INET AF_UNIX");
        CHECK(unit.settings.restrict_address_families.allow_list);
        CHECK(unit.settings.restrict_address_families.families.size() == 2);
    }

    TEST_CASE("live settings - namespace mask") {
        UnitProperties properties = web_service();
        properties.type["RestrictNamespaces"] = mask(0);
        CHECK(live_value(live_unit_from_properties(properties, 252), "RestrictNamespaces") ==
              "yes");
        properties.type["RestrictNamespaces"] = mask(0x7e020000);  // every CLONE_NEW* flag
        CHECK(live_value(live_unit_from_properties(properties, 252), "RestrictNamespaces") ==
              "<unset>");
        properties.type["RestrictNamespaces"] = mask(0x40000000 | 0x00020000);  // net, mnt
        CHECK(live_value(live_unit_from_properties(properties, 252), "RestrictNamespaces") ==
              "net mnt");
    }

    TEST_CASE("live settings - socket bind rules") {
        CHECK(format_socket_bind_rule(0, 17, 1000, 27000) == "udp:27000-27999");
        CHECK(format_socket_bind_rule(10, 6, 1, 80) == "ipv6:tcp:80");
        CHECK(format_socket_bind_rule(0, 0, 0, 0) == "any");
    }
}
