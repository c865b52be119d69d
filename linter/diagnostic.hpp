// SPDX-License-Identifier: MIT
// Diagnostic: one finding or problem, with the place in a file that caused it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unitguard {

/// How serious a diagnostic is; the policy's `fail-on` compares against this.
enum class Severity { Info, Warning, Error };

/// Lowercase name used in text and JSON output ("error", "warning", "info").
std::string_view severity_name(Severity severity);

/// Parses "error", "warning" or "info"; returns nothing for any other word.
std::optional<Severity> parse_severity(std::string_view name);

/// A place in an input file: 1-based line and column, 0 when unknown.
struct Location {
    std::string path;
    int line = 0;
    int column = 0;
    int end_column = 0;  ///< one past the last highlighted column, 0 for a single caret
};

/// A finding or an input problem, rendered the same way by every report writer.
struct Diagnostic {
    std::string rule_id;    ///< e.g. "UG101"
    std::string rule_name;  ///< kebab-case name, e.g. "unit-file-syntax"
    Severity severity = Severity::Warning;
    std::string message;  ///< lowercase start, no final period, user values in single quotes
    Location location;
    std::optional<std::string> help;  ///< imperative fix hint
    std::vector<std::string> notes;   ///< e.g. which drop-in overrode which line
    std::string unit;                 ///< unit the finding is about, empty for file-level ones
};

}  // namespace unitguard
