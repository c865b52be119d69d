// SPDX-License-Identifier: MIT
// Baselines: accepted findings stored by fingerprint, so that only new findings are reported.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/expected.hpp"
#include "rules/policy.hpp"
#include "rules/suppression.hpp"

namespace unitguard::rules {

/// Baseline file schema version this reader understands.
inline constexpr int kBaselineSchema = 1;

/// One accepted finding. Only the fingerprint is compared. The other fields describe the
/// finding for people reading the file.
struct BaselineEntry {
    std::string fingerprint;  ///< 16 lowercase hex digits, see finding_fingerprint()
    std::string rule;         ///< rule ID
    std::string unit;
    std::string path;  ///< file of the finding, relative to the root (see fingerprint_path())
    std::string directive;
    std::string value;
    std::string message;
    std::string since;  ///< YYYY-MM-DD when the entry was added; may be empty
    Location location;  ///< the entry in the baseline file, for error messages
};

/// The entries of a baseline file.
struct Baseline {
    std::string path;
    std::vector<BaselineEntry> entries;
};

/// The outcome of reading a baseline: the entries that could be read and every error,
/// each at its line and column. A baseline with errors must not be used.
struct BaselineResult {
    Baseline baseline;
    std::vector<Error> errors;
};

/// Reads baseline JSON text; `path` is used in locations.
BaselineResult read_baseline(std::string_view text, const std::string& path);

/// Reads a baseline file; a missing or unreadable file is one error without a line.
BaselineResult read_baseline_file(const std::filesystem::path& file);

/// Renders entries as a baseline file, sorted by path, rule, unit and fingerprint so that
/// the file changes little between runs. Ends with a newline.
std::string render_baseline(std::vector<BaselineEntry> entries);

/// Returns the path of a finding as a baseline stores it: inside the root when the
/// display path starts with `root_display` (so `--root tree` and `--root ./tree/` agree),
/// else the display path itself.
std::string fingerprint_path(std::string_view display_path, std::string_view root_display);

/// Fills Diagnostic::directive and Diagnostic::value of findings that have none from the
/// assignment at their location, when they point into a unit file of `files`.
void fill_directives(std::span<const SourceFile> files, std::vector<Diagnostic>& findings);

/// Returns a finding's identity across runs: a hash of its rule, unit, root-relative path,
/// directive and value, or of the message when the finding names no directive. Lines and
/// columns are left out, so the fingerprint survives edits that move lines.
std::string finding_fingerprint(const Diagnostic& finding, std::string_view root_display);

/// Sets Diagnostic::fingerprint of every finding.
void assign_fingerprints(std::string_view root_display, std::vector<Diagnostic>& findings);

/// Returns the baseline entry for a finding whose fingerprint is set.
BaselineEntry make_baseline_entry(const Diagnostic& finding, std::string_view root_display,
                                  const Date& since);

/// Marks open findings whose fingerprint the baseline contains as baselined. Each entry
/// accepts one finding, so a second finding with the same fingerprint is new. Returns the
/// number of entries that matched no finding.
std::size_t apply_baseline(const Baseline& baseline, std::vector<Diagnostic>& findings);

/// Counts of a baseline update.
struct BaselineUpdate {
    std::vector<BaselineEntry> entries;
    std::size_t kept = 0;
    std::size_t added = 0;
    std::size_t removed = 0;
};

/// Merges the open findings of a run into `old`. Entries that still match a finding are
/// kept with their date, and findings without an entry are added with `today`. Entries
/// that match nothing are removed, unless `keep_unmatched` returns true for them, which
/// suits entries about units that the run did not check.
BaselineUpdate update_baseline(const Baseline& old, const std::vector<Diagnostic>& findings,
                               std::string_view root_display, const Date& today,
                               const std::function<bool(const BaselineEntry&)>& keep_unmatched);

}  // namespace unitguard::rules
