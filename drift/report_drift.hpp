// SPDX-License-Identifier: MIT
// Drift outputs beyond text and JSON: Prometheus textfile, journald entries, run state.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/expected.hpp"

namespace unitguard::drift {

/// MESSAGE_ID of the journald entry written for each drift finding.
inline constexpr const char* kFindingMessageId = "56c253ab9f8b4830bce37277582e30ad";
/// MESSAGE_ID of the journald entry that summarises a drift run.
inline constexpr const char* kRunMessageId = "c9b7bc9b877a41008a085d8eb083d7d7";

/// Facts about one run that every output reports.
struct DriftRun {
    std::size_t units_checked = 0;
    bool incomplete = false;       ///< some input (bus, unit, file) could not be read
    double finished_at = 0;        ///< Unix time in seconds
};

/// Renders the node_exporter textfile: one gauge per unit and rule with the number of
/// findings, plus the run's timestamp, unit count and completeness.
std::string render_prometheus(const std::vector<Diagnostic>& findings, const DriftRun& run);

/// Writes `text` to `path` through a temporary file in the same directory and a rename,
/// so a reader (node_exporter) never sees a partial file.
Expected<bool> write_file_atomically(const std::string& path, const std::string& text);

/// Sends one journald entry per finding and one summary entry. Fails when journald cannot
/// be reached, with sd-journal's error text.
Expected<bool> send_to_journal(const std::vector<Diagnostic>& findings, const DriftRun& run);

/// Identity of a finding across runs: rule, unit, directive and message.
std::string state_key(const Diagnostic& finding);

/// Reads the keys that `--state FILE` stored; a missing file is an empty state.
Expected<std::set<std::string>> load_state(const std::string& path);

/// Stores the keys of `findings` in `path`, atomically.
Expected<bool> save_state(const std::string& path, const std::vector<Diagnostic>& findings);

}  // namespace unitguard::drift
