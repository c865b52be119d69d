// SPDX-License-Identifier: MIT
// Resource-control settings for `show -p`: Delegate=, DevicePolicy=, DeviceAllow=,
// IPAddressAllow=, IPAddressDeny=, SocketBindAllow= and SocketBindDeny= as systemd 252
// parses and prints them.
#include "linter/show_model.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "linter/environment_value.hpp"

namespace unitguard::linter {
namespace {

constexpr unsigned kMaxPort = 65535;

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           lowercase(text.substr(text.size() - suffix.size())) == suffix;
}

// systemd's is_localhost(): the names RFC 6761 reserves for the local host, plus the
// "localhost.localdomain" spelling, in any letter case.
bool is_localhost(std::string_view name) {
    std::string lower = lowercase(name);
    for (std::string_view exact :
         {"localhost", "localhost.", "localhost.localdomain", "localhost.localdomain."}) {
        if (lower == exact) return true;
    }
    for (std::string_view suffix :
         {".localhost", ".localhost.", ".localhost.localdomain", ".localhost.localdomain."}) {
        if (ends_with_ignoring_case(name, suffix)) return true;
    }
    return false;
}

// Clears the bits of `prefix` past its length, as systemd does before storing it.
void clear_host_bits(IpPrefix& prefix) {
    std::size_t bytes = prefix.family == AF_INET ? 4 : 16;
    for (std::size_t i = 0; i < bytes; ++i) {
        unsigned first_bit = static_cast<unsigned>(i) * 8;
        if (first_bit >= prefix.length) {
            prefix.address[i] = 0;
        } else if (first_bit + 8 > prefix.length) {
            unsigned keep = prefix.length - first_bit;
            prefix.address[i] &= static_cast<unsigned char>(0xFF << (8 - keep));
        }
    }
}

std::optional<IpPrefix> parse_address(std::string_view text, unsigned length) {
    std::string address(text);
    IpPrefix prefix;
    if (inet_pton(AF_INET, address.c_str(), prefix.address.data()) == 1) {
        prefix.family = AF_INET;
        if (length == ~0U) length = 32;
        if (length > 32) return std::nullopt;
    } else if (inet_pton(AF_INET6, address.c_str(), prefix.address.data()) == 1) {
        prefix.family = AF_INET6;
        if (length == ~0U) length = 128;
        if (length > 128) return std::nullopt;
    } else {
        return std::nullopt;
    }
    prefix.length = length;
    clear_host_bits(prefix);
    return prefix;
}

// Parses "ADDRESS" or "ADDRESS/LENGTH". A bare address covers one host.
std::optional<IpPrefix> parse_prefix(std::string_view text) {
    std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) return parse_address(text, ~0U);
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return parse_address(text.substr(0, slash),
                         static_cast<unsigned>(std::stoul(std::string(digits))));
}

void add_prefix(std::vector<IpPrefix>& prefixes, std::string_view text) {
    std::optional<IpPrefix> prefix = parse_prefix(text);
    if (prefix && std::find(prefixes.begin(), prefixes.end(), *prefix) == prefixes.end()) {
        prefixes.push_back(*prefix);
    }
}

// config_parse_in_addr_prefixes(): words are taken as written, without unquoting. The names
// any, localhost, link-local and multicast are one IPv4 and one IPv6 prefix each.
void parse_ip_prefixes(const AssignmentReader& reader, std::string_view section,
                       std::string_view name, std::vector<IpPrefix>& prefixes) {
    for (std::string_view value : reader.values(section, name)) {
        if (value.empty()) {
            prefixes.clear();
            continue;
        }
        std::size_t position = 0;
        Word word;
        while (read_word(value, position, WordSyntax{}, word) == WordStatus::Found) {
            if (word.text == "any") {
                add_prefix(prefixes, "0.0.0.0/0");
                add_prefix(prefixes, "::/0");
            } else if (is_localhost(word.text)) {
                add_prefix(prefixes, "127.0.0.0/8");
                add_prefix(prefixes, "::1/128");
            } else if (word.text == "link-local") {
                add_prefix(prefixes, "169.254.0.0/16");
                add_prefix(prefixes, "fe80::/64");
            } else if (word.text == "multicast") {
                add_prefix(prefixes, "224.0.0.0/4");
                add_prefix(prefixes, "ff00::/8");
            } else {
                add_prefix(prefixes, word.text);
            }
        }
    }
}

std::optional<unsigned> parse_port(std::string_view text) {
    if (text.empty() || text.size() > 5 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    unsigned port = static_cast<unsigned>(std::stoul(std::string(text)));
    if (port == 0 || port > kMaxPort) return std::nullopt;
    return port;
}

// Parses "[ipv4:|ipv6:][tcp:|udp:](any|PORT|FIRST-LAST)". As in systemd 252, the family is
// matched case-sensitively and the protocol in any case.
std::optional<SocketBindRule> parse_socket_bind(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t colon = text.find(':', start);
        parts.push_back(
            text.substr(start, colon == std::string_view::npos ? colon : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    SocketBindRule rule;
    std::size_t next = 0;
    if (parts.size() > 1 && (parts[0] == "ipv4" || parts[0] == "ipv6")) {
        rule.family = std::string(parts[0]);
        ++next;
    }
    if (parts.size() - next > 1) {
        std::string protocol = lowercase(parts[next]);
        if (protocol != "tcp" && protocol != "udp") return std::nullopt;
        rule.protocol = protocol;
        ++next;
    }
    if (parts.size() - next != 1) return std::nullopt;

    std::string_view ports = parts[next];
    if (ports == "any") return rule;
    std::size_t dash = ports.find('-');
    std::optional<unsigned> first = parse_port(ports.substr(0, dash));
    std::optional<unsigned> last =
        dash == std::string_view::npos ? first : parse_port(ports.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    rule.first_port = *first;
    rule.port_count = *last - *first + 1;
    return rule;
}

// config_parse_cgroup_socket_bind(): one entry per assignment, added at the front.
void parse_socket_binds(const AssignmentReader& reader, std::string_view section,
                        std::string_view name, std::vector<SocketBindRule>& rules) {
    for (std::string_view value : reader.values(section, name)) {
        if (value.empty()) {
            rules.clear();
        } else if (std::optional<SocketBindRule> rule = parse_socket_bind(value)) {
            rules.insert(rules.begin(), *rule);
        }
    }
}

// config_parse_device_allow(): a path or device class, then optional "rwm" rights.
std::optional<DeviceRule> parse_device_rule(const AssignmentReader& reader,
                                            std::string_view value) {
    std::size_t position = 0;
    Word word;
    if (read_word(value, position, WordSyntax{.unquote = true}, word) != WordStatus::Found) {
        return std::nullopt;
    }
    Expected<std::string> path = reader.expand(word.text);
    if (!path) return std::nullopt;
    if (!starts_with(*path, "block-") && !starts_with(*path, "char-")) {
        if (!is_valid_utf8(*path)) return std::nullopt;
        *path = simplify_path(*path);
        bool under_dev = *path == "/dev" || starts_with(*path, "/dev/") || *path == "/sys" ||
                         starts_with(*path, "/sys/");
        if (!under_dev || !is_normalized_path(*path)) return std::nullopt;
    }
    std::string_view rights = value.substr(std::min(position, value.size()));
    if (rights.find_first_not_of("rwm") != std::string_view::npos) return std::nullopt;

    DeviceRule rule{std::move(*path), ""};
    bool all = rights.empty();
    for (char right : std::string_view("rwm")) {
        if (all || rights.find(right) != std::string_view::npos) rule.rights += right;
    }
    return rule;
}

void parse_device_allow(const AssignmentReader& reader, std::string_view section,
                        ShowModel& model) {
    for (std::string_view value : reader.values(section, "DeviceAllow")) {
        if (value.empty()) {
            model.device_allow.clear();
        } else if (std::optional<DeviceRule> rule = parse_device_rule(reader, value)) {
            model.device_allow.insert(model.device_allow.begin(), std::move(*rule));
        }
    }
}

std::string format_ip_prefix(const IpPrefix& prefix) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(prefix.family, prefix.address.data(), text, sizeof text);
    return fmt::format("{}/{}", text, prefix.length);
}

}  // namespace

void parse_cgroup_settings(const AssignmentReader& reader, std::string_view section,
                           ShowModel& model) {
    // Any value that is not a boolean is a controller list, which turns delegation on.
    for (std::string_view value : reader.values(section, "Delegate")) {
        model.delegate = parse_boolean(value).value_or(true);
    }
    for (std::string_view value : reader.values(section, "DevicePolicy")) {
        if (value == "auto" || value == "closed" || value == "strict") {
            model.device_policy = std::string(value);
        }
    }
    parse_device_allow(reader, section, model);
    parse_ip_prefixes(reader, section, "IPAddressAllow", model.ip_address_allow);
    parse_ip_prefixes(reader, section, "IPAddressDeny", model.ip_address_deny);
    parse_socket_binds(reader, section, "SocketBindAllow", model.socket_bind_allow);
    parse_socket_binds(reader, section, "SocketBindDeny", model.socket_bind_deny);
}

std::string format_ip_prefixes(const std::vector<IpPrefix>& prefixes) {
    std::string out;
    for (const IpPrefix& prefix : prefixes) {
        if (!out.empty()) out += ' ';
        out += format_ip_prefix(prefix);
    }
    return out;
}

std::string format_socket_bind(const SocketBindRule& rule) {
    // systemd 252 prints no colon between the protocol and the ports.
    std::string out = rule.family.empty() ? "" : rule.family + ":";
    out += rule.protocol;
    if (rule.port_count == 0) return out + "any";
    if (rule.port_count == 1) return out + std::to_string(rule.first_port);
    return fmt::format("{}{}-{}", out, rule.first_port, rule.first_port + rule.port_count - 1);
}

}  // namespace unitguard::linter
