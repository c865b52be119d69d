// SPDX-License-Identifier: MIT
// Text report: `path:line:col: severity: message [UG123 rule-name]` with source and caret.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/diagnostic.hpp"

namespace unitguard::linter {

/// Returns the text of 1-based `line` of the file at `path`, or nothing when unknown.
using SourceLineLookup = std::function<std::optional<std::string>(const std::string& path,
                                                                   int line)>;

/// Renders diagnostics in the order given. `color` adds ANSI colors to the severity.
std::string render_text(const std::vector<Diagnostic>& diagnostics,
                        const SourceLineLookup& lookup, bool color);

/// Replaces control characters (C0, DEL and the C1 range U+0080 to U+009F) and invalid
/// UTF-8 in `text` with visible escapes of their bytes (`\x1b`, `\xc2\x9b`), so input
/// cannot drive the terminal.
std::string escape_for_terminal(std::string_view text);

}  // namespace unitguard::linter
