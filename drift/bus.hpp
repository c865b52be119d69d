// SPDX-License-Identifier: MIT
// Read-only sd-bus client for the systemd manager: connection, unit list, unit properties.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/expected.hpp"

struct sd_bus;
struct sd_bus_message;

namespace unitguard::drift {

/// Closes and releases an sd_bus connection.
struct BusDeleter {
    void operator()(sd_bus* bus) const;
};
/// Releases an sd_bus_message.
struct BusMessageDeleter {
    void operator()(sd_bus_message* message) const;
};
/// Owner of an sd_bus connection.
using BusPtr = std::unique_ptr<sd_bus, BusDeleter>;
/// Owner of an sd_bus_message.
using BusMessagePtr = std::unique_ptr<sd_bus_message, BusMessageDeleter>;

/// Which manager to reach and how.
enum class BusKind {
    System,   ///< the system manager: /run/systemd/private as root, else the system bus
    User,     ///< the calling user's manager: $XDG_RUNTIME_DIR/systemd/private or the user bus
    Address,  ///< an explicit D-Bus address such as "unix:path=/tmp/x" (tests)
    Remote,   ///< the system manager of `[user@]host` over SSH, as `systemctl -H` does
};

/// Connection request.
struct BusTarget {
    BusKind kind = BusKind::System;
    std::string address;  ///< D-Bus address for Address, `[user@]host[:port]` for Remote
    std::chrono::milliseconds timeout{5000};  ///< per method call, connection included
};

/// A decoded D-Bus value. Containers (arrays, structs, dict entries, variants) keep their
/// members in `items`; basic values use the member that fits their type.
struct BusValue {
    std::string signature;     ///< complete type, e.g. "b", "as", "(bas)"
    bool boolean = false;      ///< 'b'
    std::int64_t integer = 0;  ///< 'n', 'i', 'x', 'h'
    std::uint64_t unsigned_integer = 0;  ///< 'y', 'q', 'u', 't'
    double floating = 0;                 ///< 'd'
    std::string text;                    ///< 's', 'o', 'g'
    std::vector<BusValue> items;         ///< 'a', '(', '{', 'v'

    /// Returns the strings of an "as" value (empty for any other type).
    std::vector<std::string> strings() const;
};

/// The properties of one interface of one unit, by property name.
using PropertyMap = std::map<std::string, BusValue>;

/// One row of the manager's ListUnits reply.
struct ListedUnit {
    std::string name;
    std::string description;
    std::string load_state;
    std::string active_state;
    std::string sub_state;
    std::string object_path;
};

/// Properties of one unit: the generic Unit interface and the interface of its type.
struct UnitProperties {
    std::string name;
    std::string object_path;
    std::string type_interface;  ///< e.g. "org.freedesktop.systemd1.Service", "" for none
    PropertyMap unit;            ///< org.freedesktop.systemd1.Unit
    PropertyMap type;            ///< the type interface

    /// Returns the property from the type interface, else from the Unit interface, or
    /// nullptr when the manager did not return it (it lacks the property).
    const BusValue* find(std::string_view property) const;
};

/// A read-only connection to a systemd manager.
class ManagerBus {
public:
    /// Connects as `target` asks. Errors name the address and keep sd-bus's text.
    static Expected<ManagerBus> connect(const BusTarget& target);

    /// The manager's Version property, e.g. "252.39-1~deb12u1".
    Expected<std::string> manager_version();

    /// Every unit the manager has loaded (ListUnits).
    Expected<std::vector<ListedUnit>> list_units();

    /// Loads `name` if needed (LoadUnit, as `systemctl show` does) and reads its
    /// properties with one GetAll per interface. Errors name the unit and the call.
    Expected<UnitProperties> unit_properties(const std::string& name);

    /// Description of the connection for messages, e.g. "the user manager".
    const std::string& description() const { return description_; }

private:
    ManagerBus(BusPtr bus, std::string description, std::chrono::milliseconds timeout);

    Expected<PropertyMap> get_all(const std::string& unit, const std::string& path,
                                  const std::string& interface);

    BusPtr bus_;
    std::string description_;
    std::chrono::milliseconds timeout_;
};

/// Returns the D-Bus interface of a unit's type, e.g. "org.freedesktop.systemd1.Service"
/// for "a.service", or "" when the name has no known type suffix.
std::string unit_type_interface(std::string_view unit_name);

/// Decodes the next complete value of `message` (of any type) into a BusValue.
Expected<BusValue> read_bus_value(sd_bus_message* message);

/// Turns the decoded "a{sv}" reply of Properties.GetAll into a map from property name to
/// the value inside each variant. Entries of any other shape are skipped.
PropertyMap property_map_from_entries(BusValue entries);

}  // namespace unitguard::drift
