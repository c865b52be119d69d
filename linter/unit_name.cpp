// SPDX-License-Identifier: MIT
// Unit name parsing following systemd's unit-name rules.
#include "linter/unit_name.hpp"

#include <array>

namespace unitguard::linter {
namespace {

constexpr std::array<std::string_view, 11> kUnitTypes = {
    "service", "mount", "swap", "socket", "target", "device",
    "automount", "timer", "path", "slice", "scope",
};

// Characters systemd allows in unit names besides letters and digits.
bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == ':' || c == '-' || c == '_' || c == '.' || c == '\\';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool is_unit_type(std::string_view type) {
    for (std::string_view known : kUnitTypes) {
        if (known == type) return true;
    }
    return false;
}

std::optional<UnitName> parse_unit_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxUnitNameLength) return std::nullopt;
    std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    std::string_view type = name.substr(dot + 1);
    if (!is_unit_type(type)) return std::nullopt;

    std::string_view stem = name.substr(0, dot);
    std::size_t at = stem.find('@');
    UnitName parsed;
    parsed.type = std::string(type);
    std::string_view prefix = at == std::string_view::npos ? stem : stem.substr(0, at);
    if (prefix.empty()) return std::nullopt;
    for (char c : prefix) {
        if (!is_name_char(c)) return std::nullopt;
    }
    parsed.prefix = std::string(prefix);
    if (at == std::string_view::npos) return parsed;

    std::string_view instance = stem.substr(at + 1);
    for (char c : instance) {
        // '@' may appear inside an instance, as in "user-runtime-dir@1000.service".
        if (!is_name_char(c) && c != '@') return std::nullopt;
    }
    parsed.instance = std::string(instance);
    parsed.is_template = instance.empty();
    parsed.is_instance = !instance.empty();
    return parsed;
}

std::string UnitName::without_type() const {
    if (!is_template && !is_instance) return prefix;
    return prefix + "@" + instance;
}

std::string UnitName::full() const { return without_type() + "." + type; }

std::string UnitName::template_name() const {
    if (!is_instance) return full();
    return prefix + "@." + type;
}

std::string unescape_unit_name_part(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '-') {
            out += '/';
        } else if (c == '\\' && i + 3 < text.size() && text[i + 1] == 'x' &&
                   hex_value(text[i + 2]) >= 0 && hex_value(text[i + 3]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 2]) * 16 + hex_value(text[i + 3]));
            i += 3;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace unitguard::linter
