// SPDX-License-Identifier: MIT
// Drift outputs beyond text and JSON: Prometheus textfile, journald entries, run state.
#include "drift/report_drift.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <systemd/sd-journal.h>

namespace unitguard::drift {
namespace {

constexpr std::string_view kStateHeader = "# unitguard drift state 1";

// Escapes a label value as the Prometheus text format requires.
std::string label_value(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        if (c == '\\') {
            escaped += "\\\\";
        } else if (c == '"') {
            escaped += "\\\"";
        } else if (c == '\n') {
            escaped += "\\n";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

// Keys use tabs as separators, so tabs and newlines inside fields become spaces.
std::string flatten(std::string_view text) {
    std::string flat(text);
    for (char& c : flat) {
        if (c == '\t' || c == '\n') c = ' ';
    }
    return flat;
}

int journal_priority(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return 3;  // LOG_ERR
        case Severity::Warning:
            return 4;  // LOG_WARNING
        case Severity::Info:
            break;
    }
    return 6;  // LOG_INFO
}

}  // namespace

std::string render_prometheus(const std::vector<Diagnostic>& findings, const DriftRun& run) {
    std::map<std::tuple<std::string, std::string, std::string>, int> counts;
    for (const Diagnostic& finding : findings) {
        ++counts[{finding.unit, finding.rule_id, std::string(severity_name(finding.severity))}];
    }
    std::string text;
    text += "# HELP unitguard_drift_findings Drift findings of the last run, per unit and rule.\n";
    text += "# TYPE unitguard_drift_findings gauge\n";
    for (const auto& [key, count] : counts) {
        const auto& [unit, rule, severity] = key;
        text += fmt::format(
            "unitguard_drift_findings{{unit=\"{}\",rule=\"{}\",severity=\"{}\"}} {}\n",
            label_value(unit), label_value(rule), severity, count);
    }
    text += "# HELP unitguard_drift_units_checked Units read from the manager in the last run.\n";
    text += "# TYPE unitguard_drift_units_checked gauge\n";
    text += fmt::format("unitguard_drift_units_checked {}\n", run.units_checked);
    text += "# HELP unitguard_drift_incomplete 1 when some input could not be read.\n";
    text += "# TYPE unitguard_drift_incomplete gauge\n";
    text += fmt::format("unitguard_drift_incomplete {}\n", run.incomplete ? 1 : 0);
    text += "# HELP unitguard_drift_last_run_timestamp_seconds Unix time the last run ended.\n";
    text += "# TYPE unitguard_drift_last_run_timestamp_seconds gauge\n";
    text += fmt::format("unitguard_drift_last_run_timestamp_seconds {:.3f}\n", run.finished_at);
    return text;
}

Expected<bool> write_file_atomically(const std::string& path, const std::string& text) {
    std::filesystem::path target(path);
    std::filesystem::path temporary = target;
    temporary += fmt::format(".tmp.{}", getpid());
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        if (!file) {
            return Error{fmt::format("cannot write '{}': {}", temporary.string(),
                                     std::strerror(errno)),
                         {}};
        }
        file << text;
        file.flush();
        if (!file) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            return Error{fmt::format("cannot write '{}'", temporary.string()), {}};
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        return Error{fmt::format("cannot rename '{}' to '{}': {}", temporary.string(), path,
                                 error.message()),
                     {}};
    }
    return true;
}

Expected<bool> send_to_journal(const std::vector<Diagnostic>& findings, const DriftRun& run) {
    for (const Diagnostic& finding : findings) {
        std::string location = finding.location.line > 0
                                   ? fmt::format("{}:{}", finding.location.path,
                                                 finding.location.line)
                                   : finding.location.path;
        int result = sd_journal_send(
            "MESSAGE=%s: %s [%s]", finding.unit.empty() ? "kernel" : finding.unit.c_str(),
            finding.message.c_str(), finding.rule_id.c_str(), "MESSAGE_ID=%s", kFindingMessageId,
            "PRIORITY=%i", journal_priority(finding.severity), "SYSLOG_IDENTIFIER=unitguard",
            "UNITGUARD_RULE=%s", finding.rule_id.c_str(), "UNITGUARD_UNIT=%s",
            finding.unit.c_str(), "UNITGUARD_LOCATION=%s", location.c_str(), nullptr);
        if (result < 0) {
            return Error{fmt::format("sending to the journal failed: {}", std::strerror(-result)),
                         {}};
        }
    }
    int result = sd_journal_send(
        "MESSAGE=drift run checked %zu units: %zu findings%s", run.units_checked,
        findings.size(), run.incomplete ? ", incomplete" : "", "MESSAGE_ID=%s", kRunMessageId,
        "PRIORITY=%i", findings.empty() ? 6 : 4, "SYSLOG_IDENTIFIER=unitguard",
        "UNITGUARD_FINDINGS=%zu", findings.size(), nullptr);
    if (result < 0) {
        return Error{fmt::format("sending to the journal failed: {}", std::strerror(-result)), {}};
    }
    return true;
}

std::string state_key(const Diagnostic& finding) {
    return fmt::format("{}\t{}\t{}\t{}", finding.rule_id, flatten(finding.unit),
                       flatten(finding.directive.value_or("")), flatten(finding.message));
}

Expected<std::set<std::string>> load_state(const std::string& path) {
    std::set<std::string> keys;
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return keys;
    std::ifstream file(path);
    if (!file) {
        return Error{fmt::format("cannot read state file '{}': {}", path, std::strerror(errno)),
                     {}};
    }
    std::string line;
    if (!std::getline(file, line) || line != kStateHeader) {
        return Error{fmt::format("state file '{}' does not start with '{}'", path, kStateHeader),
                     {}};
    }
    while (std::getline(file, line)) {
        if (!line.empty()) keys.insert(line);
    }
    return keys;
}

Expected<bool> save_state(const std::string& path, const std::vector<Diagnostic>& findings) {
    std::string text = std::string(kStateHeader) + "\n";
    std::set<std::string> keys;
    for (const Diagnostic& finding : findings) keys.insert(state_key(finding));
    for (const std::string& key : keys) text += key + "\n";
    return write_file_atomically(path, text);
}

}  // namespace unitguard::drift
