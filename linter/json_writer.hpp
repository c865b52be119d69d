// SPDX-License-Identifier: MIT
// JsonWriter: streams one JSON document, escaping every string so any input bytes stay valid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace unitguard::linter {

/// Builds a JSON document into a string. Keys and values are escaped; bytes that are not
/// valid UTF-8 become U+FFFD so the output always parses.
class JsonWriter {
public:
    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    /// Writes an object key; the next call writes its value.
    void key(std::string_view name);
    void value(std::string_view text);
    void value(const char* text) { value(std::string_view(text)); }
    void value(long long number);
    void value(int number) { value(static_cast<long long>(number)); }
    void value(std::size_t number) { value(static_cast<long long>(number)); }
    void value(bool flag);
    void null();
    /// Writes a raw number with one decimal, e.g. 1.3.
    void decimal(double number, int precision);

    /// Returns the document written so far.
    const std::string& str() const { return out_; }

private:
    void separate();

    std::string out_;
    std::vector<bool> first_in_scope_;
    bool after_key_ = false;
};

/// Appends `text` to `out` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view text);

}  // namespace unitguard::linter
