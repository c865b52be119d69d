// SPDX-License-Identifier: MIT
// Read-only sd-bus client for the systemd manager.
#include "drift/bus.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fmt/format.h>
#include <systemd/sd-bus.h>

namespace unitguard::drift {
namespace {

constexpr const char* kManagerService = "org.freedesktop.systemd1";
constexpr const char* kManagerPath = "/org/freedesktop/systemd1";
constexpr const char* kManagerInterface = "org.freedesktop.systemd1.Manager";
constexpr const char* kPropertiesInterface = "org.freedesktop.DBus.Properties";
constexpr const char* kUnitInterface = "org.freedesktop.systemd1.Unit";

/// Owner of an sd_bus_error filled by a failed call.
struct BusError {
    sd_bus_error error = SD_BUS_ERROR_NULL;
    BusError() = default;
    BusError(const BusError&) = delete;
    BusError& operator=(const BusError&) = delete;
    ~BusError() { sd_bus_error_free(&error); }

    /// The bus error text when the peer sent one, else the errno text of `result`.
    std::string text(int result) const {
        if (sd_bus_error_is_set(&error) && error.message != nullptr) return error.message;
        return std::strerror(-result);
    }
};

Error bus_failure(std::string operation, int result, const BusError* error = nullptr) {
    std::string text = error != nullptr ? error->text(result) : std::strerror(-result);
    return Error{fmt::format("{} failed: {}", operation, text), {}};
}

// Connects without a bus daemon to a manager's private socket, or through a bus daemon
// when `bus_client` is set (the daemon then needs the Hello call).
Expected<BusPtr> open_address(const std::string& address, bool bus_client) {
    sd_bus* raw = nullptr;
    int result = sd_bus_new(&raw);
    if (result < 0) return bus_failure("sd_bus_new", result);
    BusPtr bus(raw);
    result = sd_bus_set_address(bus.get(), address.c_str());
    if (result < 0) return bus_failure(fmt::format("setting bus address '{}'", address), result);
    result = sd_bus_set_bus_client(bus.get(), bus_client ? 1 : 0);
    if (result < 0) return bus_failure("sd_bus_set_bus_client", result);
    result = sd_bus_start(bus.get());
    if (result < 0) return bus_failure(fmt::format("connecting to '{}'", address), result);
    return bus;
}

Expected<BusPtr> open_with(int (*open)(sd_bus**), const char* what) {
    sd_bus* raw = nullptr;
    int result = open(&raw);
    if (result < 0) return bus_failure(fmt::format("connecting to {}", what), result);
    return BusPtr(raw);
}

struct Connection {
    BusPtr bus;
    std::string description;
};

Expected<Connection> open_connection(const BusTarget& target) {
    switch (target.kind) {
        case BusKind::Address: {
            // A manager's own socket speaks D-Bus without a bus daemon.
            bool is_private = target.address.ends_with("/systemd/private");
            Expected<BusPtr> bus = open_address(target.address, !is_private);
            if (!bus) return bus.error();
            return Connection{std::move(*bus), fmt::format("the bus at '{}'", target.address)};
        }
        case BusKind::Remote: {
            sd_bus* raw = nullptr;
            int result = sd_bus_open_system_remote(&raw, target.address.c_str());
            if (result < 0) {
                return bus_failure(fmt::format("connecting to host '{}'", target.address),
                                   result);
            }
            return Connection{BusPtr(raw), fmt::format("host '{}'", target.address)};
        }
        case BusKind::User: {
            const char* runtime = std::getenv("XDG_RUNTIME_DIR");
            if (runtime != nullptr) {
                std::string socket = std::string(runtime) + "/systemd/private";
                std::error_code ignored;
                if (std::filesystem::exists(socket, ignored)) {
                    Expected<BusPtr> bus = open_address("unix:path=" + socket, false);
                    if (!bus) return bus.error();
                    return Connection{std::move(*bus), "the user manager"};
                }
            }
            Expected<BusPtr> bus = open_with(sd_bus_open_user, "the user bus");
            if (!bus) return bus.error();
            return Connection{std::move(*bus), "the user manager"};
        }
        case BusKind::System:
            break;
    }
    // As root the manager's private socket works without dbus-daemon running.
    if (geteuid() == 0 && std::filesystem::exists("/run/systemd/private")) {
        Expected<BusPtr> bus = open_address("unix:path=/run/systemd/private", false);
        if (bus) return Connection{std::move(*bus), "the system manager"};
    }
    Expected<BusPtr> bus = open_with(sd_bus_open_system, "the system bus");
    if (!bus) return bus.error();
    return Connection{std::move(*bus), "the system manager"};
}

template <typename T>
Expected<BusValue> read_basic(sd_bus_message* message, char type, BusValue value) {
    T raw{};
    int result = sd_bus_message_read_basic(message, type, &raw);
    if (result < 0) return bus_failure("reading a D-Bus value", result);
    if constexpr (std::is_same_v<T, int>) {
        if (type == 'b') {
            value.boolean = raw != 0;
        } else {
            value.integer = raw;
        }
    } else if constexpr (std::is_same_v<T, double>) {
        value.floating = raw;
    } else if constexpr (std::is_same_v<T, const char*>) {
        value.text = raw != nullptr ? raw : "";
    } else if constexpr (std::is_signed_v<T>) {
        value.integer = raw;
    } else {
        value.unsigned_integer = raw;
    }
    return value;
}

Expected<BusValue> read_container(sd_bus_message* message, char type, const char* contents) {
    BusValue value;
    std::string inner = contents != nullptr ? contents : "";
    switch (type) {
        case SD_BUS_TYPE_ARRAY:
            value.signature = "a" + inner;
            break;
        case SD_BUS_TYPE_STRUCT:
            value.signature = "(" + inner + ")";
            break;
        case SD_BUS_TYPE_DICT_ENTRY:
            value.signature = "{" + inner + "}";
            break;
        default:
            value.signature = "v";
            break;
    }
    int result = sd_bus_message_enter_container(message, type, contents);
    if (result < 0) return bus_failure("entering a D-Bus container", result);
    for (;;) {
        char next = 0;
        result = sd_bus_message_peek_type(message, &next, nullptr);
        if (result < 0) return bus_failure("reading a D-Bus container", result);
        if (result == 0) break;
        Expected<BusValue> item = read_bus_value(message);
        if (!item) return item.error();
        value.items.push_back(std::move(*item));
    }
    result = sd_bus_message_exit_container(message);
    if (result < 0) return bus_failure("leaving a D-Bus container", result);
    return value;
}

// Drives the connection until authentication (and Hello, through a bus daemon) is done.
// sd-bus applies the method call timeout only to calls, so without this a peer that
// accepts the connection and never answers would hold the first call for the much longer
// authentication timeout of sd-bus.
Expected<bool> wait_until_ready(sd_bus* bus, const std::string& description,
                                std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int result = sd_bus_is_ready(bus);
        if (result < 0) return bus_failure(fmt::format("connecting to {}", description), result);
        if (result > 0) return true;
        result = sd_bus_process(bus, nullptr);
        if (result < 0) return bus_failure(fmt::format("connecting to {}", description), result);
        if (result > 0) continue;
        auto remaining = std::chrono::duration_cast<std::chrono::microseconds>(
            deadline - std::chrono::steady_clock::now());
        if (remaining.count() <= 0) {
            return Error{fmt::format("connecting to {} timed out after {} ms", description,
                                     timeout.count()),
                         {}};
        }
        result = sd_bus_wait(bus, static_cast<std::uint64_t>(remaining.count()));
        if (result < 0) return bus_failure(fmt::format("connecting to {}", description), result);
    }
}

std::string item_text(const BusValue& value, std::size_t index) {
    return index < value.items.size() ? value.items[index].text : std::string();
}

}  // namespace

// Every call waits for its reply, so nothing is left to flush. A flush would also wait for
// a half-authenticated connection to finish authenticating.
void BusDeleter::operator()(sd_bus* bus) const { sd_bus_close_unref(bus); }

void BusMessageDeleter::operator()(sd_bus_message* message) const {
    sd_bus_message_unref(message);
}

std::vector<std::string> BusValue::strings() const {
    std::vector<std::string> result;
    if (signature != "as") return result;
    for (const BusValue& item : items) result.push_back(item.text);
    return result;
}

const BusValue* UnitProperties::find(std::string_view property) const {
    auto found = type.find(std::string(property));
    if (found != type.end()) return &found->second;
    found = unit.find(std::string(property));
    return found != unit.end() ? &found->second : nullptr;
}

Expected<BusValue> read_bus_value(sd_bus_message* message) {
    char type = 0;
    const char* contents = nullptr;
    int result = sd_bus_message_peek_type(message, &type, &contents);
    if (result < 0) return bus_failure("reading a D-Bus value", result);
    if (result == 0) {
        return Error{"reading a D-Bus value failed: the message has no more values", {}};
    }
    BusValue value;
    value.signature = std::string(1, type);
    switch (type) {
        case 'b':
        case 'i':
        case 'h':
            return read_basic<int>(message, type, std::move(value));
        case 'y':
            return read_basic<std::uint8_t>(message, type, std::move(value));
        case 'n':
            return read_basic<std::int16_t>(message, type, std::move(value));
        case 'q':
            return read_basic<std::uint16_t>(message, type, std::move(value));
        case 'u':
            return read_basic<std::uint32_t>(message, type, std::move(value));
        case 'x':
            return read_basic<std::int64_t>(message, type, std::move(value));
        case 't':
            return read_basic<std::uint64_t>(message, type, std::move(value));
        case 'd':
            return read_basic<double>(message, type, std::move(value));
        case 's':
        case 'o':
        case 'g':
            return read_basic<const char*>(message, type, std::move(value));
        default:
            return read_container(message, type, contents);
    }
}

PropertyMap property_map_from_entries(BusValue entries) {
    PropertyMap properties;
    for (BusValue& entry : entries.items) {
        if (entry.items.size() != 2 || entry.items[1].items.empty()) continue;
        properties[entry.items[0].text] = std::move(entry.items[1].items.front());
    }
    return properties;
}

std::string unit_type_interface(std::string_view unit_name) {
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {".service", "Service"}, {".socket", "Socket"},       {".target", "Target"},
        {".device", "Device"},   {".mount", "Mount"},         {".automount", "Automount"},
        {".swap", "Swap"},       {".timer", "Timer"},         {".path", "Path"},
        {".slice", "Slice"},     {".scope", "Scope"},
    };
    for (const auto& [suffix, type] : kTypes) {
        if (unit_name.ends_with(suffix)) {
            return fmt::format("org.freedesktop.systemd1.{}", type);
        }
    }
    return {};
}

ManagerBus::ManagerBus(BusPtr bus, std::string description, std::chrono::milliseconds timeout)
    : bus_(std::move(bus)), description_(std::move(description)), timeout_(timeout) {}

Expected<ManagerBus> ManagerBus::connect(const BusTarget& target) {
    Expected<Connection> connection = open_connection(target);
    if (!connection) return connection.error();
    auto microseconds = static_cast<std::uint64_t>(target.timeout.count()) * 1000;
    int result = sd_bus_set_method_call_timeout(connection->bus.get(), microseconds);
    if (result < 0) return bus_failure("sd_bus_set_method_call_timeout", result);
    Expected<bool> ready =
        wait_until_ready(connection->bus.get(), connection->description, target.timeout);
    if (!ready) return ready.error();
    return ManagerBus(std::move(connection->bus), std::move(connection->description),
                      target.timeout);
}

Expected<std::string> ManagerBus::manager_version() {
    BusError error;
    char* raw = nullptr;
    int result = sd_bus_get_property_string(bus_.get(), kManagerService, kManagerPath,
                                            kManagerInterface, "Version", &error.error, &raw);
    if (result < 0) {
        return bus_failure(fmt::format("reading Version of {}", description_), result, &error);
    }
    std::string version = raw;
    std::free(raw);
    return version;
}

Expected<std::vector<ListedUnit>> ManagerBus::list_units() {
    BusError error;
    sd_bus_message* raw = nullptr;
    int result = sd_bus_call_method(bus_.get(), kManagerService, kManagerPath, kManagerInterface,
                                    "ListUnits", &error.error, &raw, "");
    BusMessagePtr reply(raw);
    if (result < 0) {
        return bus_failure(fmt::format("ListUnits on {}", description_), result, &error);
    }
    Expected<BusValue> rows = read_bus_value(reply.get());
    if (!rows) return rows.error();
    std::vector<ListedUnit> units;
    for (const BusValue& row : rows->items) {
        units.push_back({item_text(row, 0), item_text(row, 1), item_text(row, 2),
                         item_text(row, 3), item_text(row, 4), item_text(row, 6)});
    }
    return units;
}

Expected<PropertyMap> ManagerBus::get_all(const std::string& unit, const std::string& path,
                                          const std::string& interface) {
    BusError error;
    sd_bus_message* raw = nullptr;
    int result = sd_bus_call_method(bus_.get(), kManagerService, path.c_str(),
                                    kPropertiesInterface, "GetAll", &error.error, &raw, "s",
                                    interface.c_str());
    BusMessagePtr reply(raw);
    if (result < 0) {
        return bus_failure(fmt::format("GetAll {} of unit '{}'", interface, unit), result,
                           &error);
    }
    Expected<BusValue> entries = read_bus_value(reply.get());
    if (!entries) {
        return Error{fmt::format("GetAll {} of unit '{}': {}", interface, unit,
                                 entries.error().message),
                     {}};
    }
    return property_map_from_entries(std::move(*entries));
}

Expected<UnitProperties> ManagerBus::unit_properties(const std::string& name) {
    BusError error;
    sd_bus_message* raw = nullptr;
    int result = sd_bus_call_method(bus_.get(), kManagerService, kManagerPath, kManagerInterface,
                                    "LoadUnit", &error.error, &raw, "s", name.c_str());
    BusMessagePtr reply(raw);
    if (result < 0) {
        return bus_failure(fmt::format("LoadUnit of unit '{}'", name), result, &error);
    }
    const char* path = nullptr;
    result = sd_bus_message_read_basic(reply.get(), 'o', &path);
    if (result < 0) return bus_failure(fmt::format("LoadUnit of unit '{}'", name), result);

    UnitProperties properties;
    properties.name = name;
    properties.object_path = path;
    Expected<PropertyMap> unit = get_all(name, properties.object_path, kUnitInterface);
    if (!unit) return unit.error();
    properties.unit = std::move(*unit);

    properties.type_interface = unit_type_interface(name);
    if (!properties.type_interface.empty()) {
        Expected<PropertyMap> type =
            get_all(name, properties.object_path, properties.type_interface);
        if (!type) return type.error();
        properties.type = std::move(*type);
    }
    return properties;
}

}  // namespace unitguard::drift
