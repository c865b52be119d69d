// SPDX-License-Identifier: MIT
// Tests for the sd-bus client: value decoding, type interfaces and connection errors.
#include "drift/bus.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include <doctest/doctest.h>
#include <systemd/sd-bus.h>

using unitguard::drift::BusKind;
using unitguard::drift::BusMessagePtr;
using unitguard::drift::BusPtr;
using unitguard::drift::BusTarget;
using unitguard::drift::BusValue;
using unitguard::drift::ManagerBus;
using unitguard::drift::read_bus_value;
using unitguard::drift::unit_type_interface;

namespace {

// A bus over one end of a socket pair: enough to build and read messages offline.
struct OfflineBus {
    int fds[2] = {-1, -1};
    BusPtr bus;

    OfflineBus() {
        REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
        sd_bus* raw = nullptr;
        REQUIRE(sd_bus_new(&raw) >= 0);
        bus.reset(raw);
        REQUIRE(sd_bus_set_fd(raw, fds[0], fds[0]) >= 0);
        fds[0] = -1;  // owned by the bus now
        REQUIRE(sd_bus_start(raw) >= 0);
    }
    ~OfflineBus() {
        if (fds[1] >= 0) close(fds[1]);
    }

    BusMessagePtr message() {
        sd_bus_message* raw = nullptr;
        REQUIRE(sd_bus_message_new_method_call(bus.get(), &raw, "org.example", "/x",
                                               "org.example.I", "M") >= 0);
        return BusMessagePtr(raw);
    }
};

void seal(sd_bus_message* message) {
    REQUIRE(sd_bus_message_seal(message, /*cookie=*/1, /*timeout_usec=*/0) >= 0);
    REQUIRE(sd_bus_message_rewind(message, /*complete=*/1) >= 0);
}

}  // namespace

TEST_SUITE("drift") {
    TEST_CASE("bus value - struct of boolean and string array") {
        OfflineBus offline;
        BusMessagePtr message = offline.message();
        REQUIRE(sd_bus_message_open_container(message.get(), 'r', "bas") >= 0);
        REQUIRE(sd_bus_message_append(message.get(), "b", 1) >= 0);
        REQUIRE(sd_bus_message_append(message.get(), "as", 2, "read", "write") >= 0);
        REQUIRE(sd_bus_message_close_container(message.get()) >= 0);
        seal(message.get());

        auto value = read_bus_value(message.get());
        REQUIRE(value.has_value());
        CHECK(value->signature == "(bas)");
        REQUIRE(value->items.size() == 2);
        CHECK(value->items[0].signature == "b");
        CHECK(value->items[0].boolean);
        CHECK(value->items[1].signature == "as");
        CHECK(value->items[1].strings() == std::vector<std::string>{"read", "write"});
    }

    TEST_CASE("bus value - integers keep their width and sign") {
        OfflineBus offline;
        BusMessagePtr message = offline.message();
        REQUIRE(sd_bus_message_append(message.get(), "tix", UINT64_MAX, -5, INT64_MIN) >= 0);
        seal(message.get());

        auto mask = read_bus_value(message.get());
        REQUIRE(mask.has_value());
        CHECK(mask->signature == "t");
        CHECK(mask->unsigned_integer == UINT64_MAX);
        auto small = read_bus_value(message.get());
        REQUIRE(small.has_value());
        CHECK(small->integer == -5);
        auto large = read_bus_value(message.get());
        REQUIRE(large.has_value());
        CHECK(large->integer == INT64_MIN);
        auto end = read_bus_value(message.get());
        REQUIRE_FALSE(end.has_value());
        CHECK(end.error().message ==
              "reading a D-Bus value failed: the message has no more values");
    }

    TEST_CASE("bus value - variant inside a dictionary") {
        OfflineBus offline;
        BusMessagePtr message = offline.message();
        REQUIRE(sd_bus_message_append(message.get(), "a{sv}", 1, "User", "s", "game") >= 0);
        seal(message.get());

        auto value = read_bus_value(message.get());
        REQUIRE(value.has_value());
        CHECK(value->signature == "a{sv}");
        REQUIRE(value->items.size() == 1);
        const BusValue& entry = value->items[0];
        CHECK(entry.signature == "{sv}");
        REQUIRE(entry.items.size() == 2);
        CHECK(entry.items[0].text == "User");
        CHECK(entry.items[1].signature == "v");
        REQUIRE(entry.items[1].items.size() == 1);
        CHECK(entry.items[1].items[0].text == "game");
    }

    TEST_CASE("bus - type interface from the unit name") {
        CHECK(unit_type_interface("game-web.service") == "org.freedesktop.systemd1.Service");
        CHECK(unit_type_interface("game-web.socket") == "org.freedesktop.systemd1.Socket");
        CHECK(unit_type_interface("noise") == "");
    }

    TEST_CASE("bus - missing socket fails at once with the address") {
        BusTarget target;
        target.kind = BusKind::Address;
        target.address = "unix:path=/nonexistent/unitguard-test/bus";
        target.timeout = std::chrono::milliseconds(500);
        auto start = std::chrono::steady_clock::now();
        auto bus = ManagerBus::connect(target);
        auto elapsed = std::chrono::steady_clock::now() - start;
        REQUIRE_FALSE(bus.has_value());
        CHECK(bus.error().message ==
              "connecting to 'unix:path=/nonexistent/unitguard-test/bus' failed: "
              "No such file or directory");
        CHECK(elapsed < std::chrono::seconds(2));
    }
}
