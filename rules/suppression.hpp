// SPDX-License-Identifier: MIT
// Inline suppressions: `# unitguard: ignore=UG402 reason="..." until=2027-06-30` comments.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/unit_file.hpp"
#include "rules/policy.hpp"

namespace unitguard::rules {

/// A problem in a suppression comment, at a 1-based column of its line.
struct SuppressionProblem {
    std::string message;
    int column = 0;
    int end_column = 0;
};

/// One suppression comment. It applies to the next line that is neither blank nor a
/// comment: the whole assignment that starts there (continuation lines included), or a
/// section header, so that findings about a missing directive can be suppressed too.
struct Suppression {
    int line = 0;                              ///< line of the comment
    int column = 0;                            ///< column of the comment character
    std::vector<Located<std::string>> rules;   ///< `ignore=` IDs as written, each located
    std::optional<Located<std::string>> reason;  ///< `reason=`, unset when absent or empty
    std::optional<Located<Date>> until;        ///< `until=`: the last day it applies
    int target_line = 0;       ///< first line it applies to, 0 when nothing follows it
    int target_end_line = 0;   ///< last line it applies to
    /// Syntax problems. A comment with any problem suppresses nothing, so that a typo
    /// cannot hide a finding.
    std::vector<SuppressionProblem> problems;
};

/// Reads the suppression comments of a parsed unit file. Locations get `display_path`.
/// Comments after the line where systemd stops reading the file are not read.
std::vector<Suppression> read_suppressions(const linter::UnitFile& file,
                                           const std::string& display_path);

/// A unit file or drop-in of the run with the path that findings use for it.
struct SourceFile {
    std::string display_path;
    const linter::UnitFile* file = nullptr;
};

/// Facts about the run that suppressions depend on.
struct SuppressionRun {
    Date today;
    const Policy* policy = nullptr;  ///< for rule switches; nullptr when there is none
};

/// Marks the open findings that a current suppression covers as suppressed, with its
/// reason, and notes on the findings of expired ones when they expired. Appends the
/// hygiene findings: UG901 unused, UG902 unknown rule, UG903 expired, UG904 no reason,
/// UG905 malformed comment.
void apply_suppressions(std::span<const SourceFile> files, const SuppressionRun& run,
                        std::vector<Diagnostic>& findings);

}  // namespace unitguard::rules
