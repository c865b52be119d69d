// SPDX-License-Identifier: MIT
// JSON output with strict escaping.
#include "linter/json_writer.hpp"

#include <fmt/format.h>

#include "linter/utf8.hpp"

namespace unitguard::linter {
void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) {
            std::size_t length = valid_utf8_length(text, i);
            if (length == 0) {
                out += "\\ufffd";
                ++i;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (byte < 0x20 || byte == 0x7F) {
                    out += fmt::format("\\u{:04x}", byte);
                } else {
                    out += c;
                }
        }
        ++i;
    }
    out += '"';
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_in_scope_.empty()) {
        if (!first_in_scope_.back()) out_ += ',';
        first_in_scope_.back() = false;
    }
}

void JsonWriter::begin_object() {
    separate();
    out_ += '{';
    first_in_scope_.push_back(true);
}

void JsonWriter::end_object() {
    out_ += '}';
    first_in_scope_.pop_back();
}

void JsonWriter::begin_array() {
    separate();
    out_ += '[';
    first_in_scope_.push_back(true);
}

void JsonWriter::end_array() {
    out_ += ']';
    first_in_scope_.pop_back();
}

void JsonWriter::key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += ':';
    after_key_ = true;
}

void JsonWriter::value(std::string_view text) {
    separate();
    append_json_string(out_, text);
}

void JsonWriter::value(long long number) {
    separate();
    out_ += std::to_string(number);
}

void JsonWriter::value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
    separate();
    out_ += "null";
}

void JsonWriter::decimal(double number, int precision) {
    separate();
    out_ += fmt::format("{:.{}f}", number, precision);
}

}  // namespace unitguard::linter
