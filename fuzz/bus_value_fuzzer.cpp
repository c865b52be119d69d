// SPDX-License-Identifier: MIT
// Fuzz target: the D-Bus value decoder of drift/ (read_bus_value), the GetAll reply
// conversion (property_map_from_entries) and the property-to-setting conversion
// (live_unit_from_properties).
//
// libsystemd 252 has no public call that parses a raw D-Bus message from bytes, so the
// input drives sd_bus_message_open_container() and sd_bus_message_append_basic() instead.
// The message is sealed and read back, as a reply from the manager would be. sd-bus makes
// messages only for a started sd_bus, so the target starts one on one end of a private
// socket pair. Nothing reads the other end, no message is ever sent, and no bus is
// contacted.
//
// Input: a mode byte, then what the mode reads.
//   mode bit 0 clear: a NUL-terminated signature, then the values of that signature;
//                     every value of the message is decoded.
//   mode bit 0 set:   a GetAll reply "a{sv}". An entry count byte comes first, then per
//                     entry a name, a NUL-terminated variant signature and its value. A
//                     name byte below the size of kPropertyNames picks a known property,
//                     and any other byte is followed by a string. The reply becomes the
//                     properties of a unit picked by mode bits 1-3, and bit 4 picks the
//                     target release (252 or 260).
// Values: 'b' and 'y' take 1 byte, 'n' and 'q' 2, 'i' and 'u' 4, 'x', 't' and 'd' 8,
// strings a length byte and that many bytes, arrays a count byte, variants a
// NUL-terminated signature. Missing bytes read as 0.
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

#include <systemd/sd-bus.h>

#include "drift/bus.hpp"
#include "drift/live_settings.hpp"

namespace {

using namespace unitguard;

constexpr std::size_t kMaxSignatureLength = 32;
constexpr int kMaxDepth = 24;             // D-Bus allows 32 nested arrays plus 32 structs
constexpr int kMaxValues = 512;           // values appended per message, to keep runs fast
constexpr unsigned kMaxArrayLength = 6;   // elements per array

// Properties that live_unit_from_properties() treats specially, and common plain ones.
constexpr std::string_view kPropertyNames[] = {
    "SystemCallFilter",    "SystemCallLog",      "RestrictAddressFamilies",
    "CapabilityBoundingSet", "AmbientCapabilities", "RestrictNamespaces",
    "SocketBindAllow",     "SocketBindDeny",     "ExecStart",
    "ExecStartPre",        "ExecStartPost",      "ExecStop",
    "ExecStopPost",        "ExecReload",         "LoadState",
    "ActiveState",         "SubState",           "FragmentPath",
    "DropInPaths",         "NeedDaemonReload",   "User",
    "DynamicUser",         "ProtectSystem",      "ProtectHome",
    "NoNewPrivileges",     "PrivateTmp",         "ReadWritePaths",
    "SystemCallArchitectures", "UMask",          "Nice",
    "MemoryDenyWriteExecute", "Description",
};

constexpr std::string_view kUnitNames[] = {
    "game-server@2.service", "web.socket", "data.mount",   "swap.swap",
    "nightly.timer",         "multi-user.target", "sys-kernel.path", "x",
};

// Reads the input front to back; reads past the end return zeros.
class Input {
  public:
    Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    std::uint8_t byte() { return position_ < size_ ? data_[position_++] : 0; }

    std::uint64_t bytes(std::size_t count) {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < count; ++i) value |= std::uint64_t{byte()} << (8 * i);
        return value;
    }

    std::string until_nul(std::size_t max_length) {
        std::string text;
        while (position_ < size_ && text.size() < max_length) {
            char c = static_cast<char>(data_[position_++]);
            if (c == '\0') break;
            text += c;
        }
        return text;
    }

    // A string that D-Bus accepts: ASCII without NUL. sd-bus rejects invalid UTF-8,
    // and the conversions under test treat every byte alike.
    std::string text() {
        std::size_t length = byte();
        std::string value;
        for (std::size_t i = 0; i < length && position_ < size_; ++i) {
            char c = static_cast<char>(data_[position_++] & 0x7f);
            value += c == '\0' ? '0' : c;
        }
        return value;
    }

  private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t position_ = 0;
};

// The sd_bus that messages are made for; see the file comment.
sd_bus* offline_bus() {
    static sd_bus* bus = [] {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
            std::perror("bus_value_fuzzer: socketpair");
            std::abort();
        }
        sd_bus* started = nullptr;
        if (sd_bus_new(&started) < 0 || sd_bus_set_fd(started, fds[0], fds[0]) < 0 ||
            sd_bus_start(started) < 0) {
            std::fprintf(stderr, "bus_value_fuzzer: starting the offline sd_bus failed\n");
            std::abort();
        }
        return started;  // fds[1] stays open so that the pair never reports a hang-up
    }();
    return bus;
}

// Length of the single complete type at the start of `signature`, or 0 when there is none.
std::size_t complete_type_length(std::string_view signature) {
    if (signature.empty()) return 0;
    char first = signature.front();
    if (first == 'a') {
        std::size_t element = complete_type_length(signature.substr(1));
        return element == 0 ? 0 : element + 1;
    }
    if (first == '(' || first == '{') {
        char close = first == '(' ? ')' : '}';
        std::size_t position = 1;
        while (position < signature.size() && signature[position] != close) {
            std::size_t member = complete_type_length(signature.substr(position));
            if (member == 0) return 0;
            position += member;
        }
        return position < signature.size() ? position + 1 : 0;
    }
    if (first == ')' || first == '}') return 0;
    return 1;
}

class Builder {
  public:
    Builder(sd_bus_message* message, Input& input) : message_(message), input_(input) {}

    // Appends one value of the complete type `type`; false when sd-bus rejects it.
    bool append(std::string_view type, int depth) {
        if (depth > kMaxDepth || type.empty() || ++values_ > kMaxValues) return false;
        switch (type.front()) {
            case 'a':
                return append_array(type.substr(1), depth);
            case '(':
                return append_members('r', type.substr(1, type.size() - 2), depth);
            case '{':
                return append_members('e', type.substr(1, type.size() - 2), depth);
            case 'v':
                return append_variant(input_.until_nul(kMaxSignatureLength), depth);
            default:
                return append_basic(type.front());
        }
    }

    // Appends the values of every complete type of `signature` in turn.
    bool append_all(std::string_view signature, int depth) {
        while (!signature.empty()) {
            std::size_t length = complete_type_length(signature);
            if (length == 0) return false;
            if (!append(signature.substr(0, length), depth)) return false;
            signature.remove_prefix(length);
        }
        return true;
    }

    bool append_variant(const std::string& contents, int depth) {
        if (complete_type_length(contents) != contents.size()) return false;
        if (sd_bus_message_open_container(message_, 'v', contents.c_str()) < 0) return false;
        if (!append(contents, depth + 1)) return false;
        return sd_bus_message_close_container(message_) >= 0;
    }

  private:
    bool append_array(std::string_view element, int depth) {
        std::string contents(element);
        if (sd_bus_message_open_container(message_, 'a', contents.c_str()) < 0) return false;
        unsigned count = input_.byte() % (kMaxArrayLength + 1);
        for (unsigned i = 0; i < count && values_ < kMaxValues; ++i) {
            if (!append(element, depth + 1)) return false;
        }
        return sd_bus_message_close_container(message_) >= 0;
    }

    bool append_members(char container, std::string_view members, int depth) {
        std::string contents(members);
        if (sd_bus_message_open_container(message_, container, contents.c_str()) < 0) {
            return false;
        }
        if (!append_all(members, depth + 1)) return false;
        return sd_bus_message_close_container(message_) >= 0;
    }

    bool append_basic(char type) {
        switch (type) {
            case 'b': {
                int value = input_.byte() & 1;
                return sd_bus_message_append_basic(message_, type, &value) >= 0;
            }
            case 'y': {
                std::uint8_t value = input_.byte();
                return sd_bus_message_append_basic(message_, type, &value) >= 0;
            }
            case 'n':
            case 'q': {
                auto value = static_cast<std::uint16_t>(input_.bytes(2));
                return sd_bus_message_append_basic(message_, type, &value) >= 0;
            }
            case 'i':
            case 'u': {
                auto value = static_cast<std::uint32_t>(input_.bytes(4));
                return sd_bus_message_append_basic(message_, type, &value) >= 0;
            }
            case 'x':
            case 't': {
                std::uint64_t value = input_.bytes(8);
                return sd_bus_message_append_basic(message_, type, &value) >= 0;
            }
            case 'd': {
                std::uint64_t bits = input_.bytes(8);
                double value = 0;
                std::memcpy(&value, &bits, sizeof value);
                return sd_bus_message_append_basic(message_, type, &value) >= 0;
            }
            case 's': {
                std::string value = input_.text();
                return sd_bus_message_append_basic(message_, type, value.c_str()) >= 0;
            }
            case 'o':
                return sd_bus_message_append_basic(message_, type,
                                                   "/org/freedesktop/systemd1/unit/x") >= 0;
            case 'g':
                return sd_bus_message_append_basic(message_, type, "(bas)") >= 0;
            default:
                // 'h' would pass a file descriptor, which the offline bus cannot carry.
                return false;
        }
    }

    sd_bus_message* message_;
    Input& input_;
    int values_ = 0;
};

drift::BusMessagePtr new_message() {
    sd_bus_message* raw = nullptr;
    if (sd_bus_message_new_method_call(offline_bus(), &raw, "org.freedesktop.systemd1",
                                       "/org/freedesktop/systemd1", "org.example.Fuzz",
                                       "Fuzz") < 0) {
        std::fprintf(stderr, "bus_value_fuzzer: creating a message failed\n");
        std::abort();
    }
    return drift::BusMessagePtr(raw);
}

bool seal(sd_bus_message* message) {
    return sd_bus_message_seal(message, /*cookie=*/1, /*timeout_usec=*/0) >= 0 &&
           sd_bus_message_rewind(message, /*complete=*/1) >= 0;
}

void decode_values(Input& input) {
    std::string signature = input.until_nul(kMaxSignatureLength);
    drift::BusMessagePtr message = new_message();
    Builder builder(message.get(), input);
    if (!builder.append_all(signature, 0) || !seal(message.get())) return;
    // Each decoded value consumes at least one type of the signature.
    for (std::size_t i = 0; i <= signature.size(); ++i) {
        if (!drift::read_bus_value(message.get())) return;
    }
}

void decode_properties(Input& input, std::uint8_t mode) {
    drift::BusMessagePtr message = new_message();
    Builder builder(message.get(), input);
    if (sd_bus_message_open_container(message.get(), 'a', "{sv}") < 0) return;
    unsigned count = input.byte() % 16;
    for (unsigned i = 0; i < count; ++i) {
        std::uint8_t pick = input.byte();
        std::string name = pick < std::size(kPropertyNames) ? std::string(kPropertyNames[pick])
                                                            : input.text();
        if (sd_bus_message_open_container(message.get(), 'e', "sv") < 0) return;
        if (sd_bus_message_append_basic(message.get(), 's', name.c_str()) < 0) return;
        if (!builder.append_variant(input.until_nul(kMaxSignatureLength), 1)) return;
        if (sd_bus_message_close_container(message.get()) < 0) return;
    }
    if (sd_bus_message_close_container(message.get()) < 0 || !seal(message.get())) return;

    Expected<drift::BusValue> entries = drift::read_bus_value(message.get());
    if (!entries) return;
    drift::UnitProperties properties;
    properties.name = kUnitNames[(mode >> 1) % std::size(kUnitNames)];
    properties.type_interface = drift::unit_type_interface(properties.name);
    properties.unit = drift::property_map_from_entries(*entries);
    properties.type = drift::property_map_from_entries(std::move(*entries));
    (void)drift::live_unit_from_properties(properties, (mode & 0x10) != 0 ? 260 : 252);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input input(data, size);
    std::uint8_t mode = input.byte();
    if ((mode & 1) == 0) {
        decode_values(input);
    } else {
        decode_properties(input, mode);
    }
    return 0;
}
