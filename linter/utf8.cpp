// SPDX-License-Identifier: MIT
// UTF-8 validation for output escaping (RFC 3629).
#include "linter/utf8.hpp"

namespace unitguard::linter {

std::size_t valid_utf8_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length = 0;
    if (lead < 0x80) {
        length = 1;
    } else if ((lead >> 5) == 0x6) {
        length = 2;
    } else if ((lead >> 4) == 0xE) {
        length = 3;
    } else if ((lead >> 3) == 0x1E) {
        length = 4;
    }
    if (length == 0 || i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    if (length == 2 && lead < 0xC2) return 0;  // overlong
    if (length == 3) {
        unsigned char second = byte(i + 1);
        if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
        if (lead == 0xED && second >= 0xA0) return 0;  // surrogate
    }
    if (length == 4) {
        unsigned char second = byte(i + 1);
        if (lead == 0xF0 && second < 0x90) return 0;  // overlong
        if (lead > 0xF4 || (lead == 0xF4 && second >= 0x90)) return 0;  // above U+10FFFF
    }
    return length;
}

}  // namespace unitguard::linter
