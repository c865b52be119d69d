// SPDX-License-Identifier: MIT
// Environment= splitting after systemd 252's config_parse_environ(), and the quoting of
// systemd's shell_maybe_quote() that `systemctl show` uses for string lists.
#include "linter/environment_value.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace unitguard::linter {
namespace {

// Characters after which `systemctl show` quotes an entry (SHELL_NEED_QUOTES and
// whitespace), and those it escapes inside the quotes (SHELL_NEED_ESCAPE).
constexpr std::string_view kNeedQuotes = "\"\\`$*?['()<>|&;! \t\n\r";
constexpr std::string_view kNeedEscape = "\"\\`$";

bool is_control(unsigned char byte) { return byte < 0x20 || byte == 0x7F; }

// Number of bytes a UTF-8 lead byte announces, or 0 when it cannot start a sequence.
// Five- and six-byte forms are announced here and rejected by the value check.
std::size_t expected_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    if ((lead & 0xFC) == 0xF8) return 5;
    if ((lead & 0xFE) == 0xFC) return 6;
    return 0;
}

std::size_t minimal_length(std::uint32_t code_point) {
    if (code_point < 0x80) return 1;
    if (code_point < 0x800) return 2;
    if (code_point < 0x10000) return 3;
    if (code_point < 0x200000) return 4;
    return code_point < 0x4000000 ? 5 : 6;
}

bool is_valid_code_point(std::uint32_t code_point) {
    if (code_point >= 0x110000) return false;
    if ((code_point & 0xFFFFF800) == 0xD800) return false;
    if (code_point >= 0xFDD0 && code_point <= 0xFDEF) return false;
    return (code_point & 0xFFFE) != 0xFFFE;
}

// Length of the valid UTF-8 character at `at`, or 0 when it is not one (systemd's
// utf8_encoded_valid_unichar()).
std::size_t valid_character_length(std::string_view text, std::size_t at) {
    auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = expected_length(lead);
    if (length <= 1) return length;
    if (at + length > text.size()) return 0;
    std::uint32_t code_point = lead & (0x7Fu >> length);
    for (std::size_t i = 1; i < length; ++i) {
        auto byte = static_cast<unsigned char>(text[at + i]);
        if ((byte & 0x80) == 0) return 0;
        code_point = code_point << 6 | (byte & 0x3F);
    }
    if (minimal_length(code_point) != length || !is_valid_code_point(code_point)) return 0;
    return length;
}

// systemd's cescape_char() for the bytes that need it: named escapes where C has them,
// three octal digits otherwise.
std::string c_escape(unsigned char byte) {
    switch (byte) {
        case '\a':
            return "\\a";
        case '\b':
            return "\\b";
        case '\f':
            return "\\f";
        case '\n':
            return "\\n";
        case '\r':
            return "\\r";
        case '\t':
            return "\\t";
        case '\v':
            return "\\v";
        default:
            return fmt::format("\\{:03o}", byte);
    }
}

}  // namespace

EnvironmentSplit split_environment_value(std::string_view value, const SpecifierExpander& expand) {
    constexpr WordSyntax kSyntax{.unquote = true, .c_unescape = true};
    EnvironmentSplit result;
    std::size_t position = 0;
    for (;;) {
        Word word;
        WordStatus status = read_word(value, position, kSyntax, word);
        if (status == WordStatus::End) break;
        if (status == WordStatus::Invalid) {
            result.problems.push_back({position, "invalid syntax, ignoring the rest of the value"});
            break;
        }

        std::string text = std::move(word.text);
        if (expand) {
            Expected<std::string> expanded = expand(text);
            if (!expanded) {
                result.problems.push_back(
                    {word.begin, fmt::format("failed to resolve specifiers in '{}': {}, "
                                             "ignoring",
                                             text, expanded.error().message)});
                continue;
            }
            text = std::move(*expanded);
        }

        std::size_t equals = text.find('=');
        if (equals == std::string::npos ||
            !is_valid_environment_name(std::string_view(text).substr(0, equals)) ||
            !is_valid_utf8(std::string_view(text).substr(equals + 1))) {
            result.problems.push_back(
                {word.begin, fmt::format("invalid environment assignment '{}', ignoring", text)});
            continue;
        }
        result.assignments.push_back({text.substr(0, equals), text.substr(equals + 1), word.begin});
    }
    return result;
}

void merge_environment(std::vector<std::string>& environment,
                       const std::vector<EnvironmentAssignment>& assignments) {
    for (const EnvironmentAssignment& assignment : assignments) {
        std::string entry = assignment.name + "=" + assignment.value;
        std::string prefix = assignment.name + "=";
        bool replaced = false;
        for (std::string& existing : environment) {
            if (existing.compare(0, prefix.size(), prefix) == 0) {
                existing = entry;
                replaced = true;
                break;
            }
        }
        if (!replaced) environment.push_back(std::move(entry));
    }
}

bool is_valid_environment_name(std::string_view name) {
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
    for (char c : name) {
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        if (!letter && !digit && c != '_') return false;
    }
    return true;
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        std::size_t length = valid_character_length(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string quote_for_show(std::string_view text) {
    // The part before the first character that needs quoting is copied as it is.
    std::size_t first = 0;
    while (first < text.size()) {
        auto byte = static_cast<unsigned char>(text[first]);
        std::size_t length = valid_character_length(text, first);
        if (is_control(byte) || length == 0 || kNeedQuotes.find(text[first]) != kNeedQuotes.npos) {
            break;
        }
        first += length;
    }
    if (first == text.size()) return std::string(text);

    std::string out = "\"";
    out += text.substr(0, first);
    for (std::size_t at = first; at < text.size();) {
        auto byte = static_cast<unsigned char>(text[at]);
        std::size_t length = valid_character_length(text, at);
        if (is_control(byte) || length == 0) {
            out += c_escape(byte);
            ++at;
            continue;
        }
        if (kNeedEscape.find(text[at]) != kNeedEscape.npos) out += '\\';
        out += text.substr(at, length);
        at += length;
    }
    out += '"';
    return out;
}

}  // namespace unitguard::linter
