// SPDX-License-Identifier: MIT
// Diagnostic: one finding or problem, with the place in a file that caused it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unitguard {

/// Seriousness of a diagnostic, compared with the policy's `fail-on`.
enum class Severity { Info, Warning, Error };

/// Lowercase name used in text and JSON output ("error", "warning", "info").
std::string_view severity_name(Severity severity);

/// Parses "error", "warning" or "info"; returns nothing for any other word.
std::optional<Severity> parse_severity(std::string_view name);

/// The state of a finding after the policy, inline suppressions and the baseline were
/// applied. Only open findings are shown in text output and count for the exit code.
enum class FindingState { Open, Waived, Suppressed, Baselined };

/// Lowercase name used in JSON output ("open", "waived", "suppressed", "baselined").
constexpr std::string_view finding_state_name(FindingState state) {
    switch (state) {
        case FindingState::Waived:
            return "waived";
        case FindingState::Suppressed:
            return "suppressed";
        case FindingState::Baselined:
            return "baselined";
        case FindingState::Open:
            break;
    }
    return "open";
}

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
    /// Directive (e.g. "NoNewPrivileges") or sysctl key the finding is about, and the value
    /// in effect. Baseline fingerprints use them, so that a finding keeps its fingerprint
    /// when lines move.
    std::optional<std::string> directive;
    std::optional<std::string> value;
    FindingState state = FindingState::Open;
    /// For waived and suppressed findings: the reason written in the waiver or comment.
    std::string state_reason;
    /// Place of the waiver, suppression comment or baseline file, as "path:line" or "path".
    std::string state_source;
    /// Stable identity across runs (see rules::finding_fingerprint), empty until computed.
    std::string fingerprint;
};

}  // namespace unitguard
