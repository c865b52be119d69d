// SPDX-License-Identifier: MIT
// UTF-8 validation shared by the output writers, which must escape invalid bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace unitguard::linter {

/// Returns the length of the valid UTF-8 sequence at `text[i]` (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF), 1 for an ASCII byte, or 0 when the bytes
/// there are not valid UTF-8.
std::size_t valid_utf8_length(std::string_view text, std::size_t i);

}  // namespace unitguard::linter
