// SPDX-License-Identifier: MIT
// GitLab Code Quality rendering of check results.
#include "linter/report_gitlab.hpp"

#include <map>
#include <string_view>

#include <fmt/format.h>

#include "linter/json_writer.hpp"

namespace unitguard::linter {
namespace {

// Code Quality severities are info, minor, major, critical and blocker.
std::string_view code_quality_severity(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "critical";
        case Severity::Warning:
            return "major";
        case Severity::Info:
            break;
    }
    return "info";
}

std::string description(const Diagnostic& diagnostic) {
    if (diagnostic.unit.empty()) return diagnostic.message;
    return fmt::format("{}: {}", diagnostic.unit, diagnostic.message);
}

}  // namespace

std::string render_gitlab(const std::vector<Diagnostic>& diagnostics, const ReportBase& base) {
    JsonWriter json;
    json.begin_array();
    // GitLab drops issues whose fingerprint repeats; findings that share a baseline
    // fingerprint (the same finding reported twice) get a counter appended.
    std::map<std::string, int> seen;
    for (const Diagnostic& diagnostic : diagnostics) {
        if (diagnostic.state != FindingState::Open) continue;
        std::string fingerprint = diagnostic.fingerprint.empty()
                                      ? fmt::format("{}-{}", diagnostic.rule_id, seen.size())
                                      : diagnostic.fingerprint;
        if (int repeat = seen[fingerprint]++; repeat > 0) {
            fingerprint += fmt::format("-{}", repeat + 1);
        }

        json.begin_object();
        json.key("description");
        json.value(description(diagnostic));
        json.key("check_name");
        json.value(fmt::format("{} {}", diagnostic.rule_id, diagnostic.rule_name));
        json.key("fingerprint");
        json.value(fingerprint);
        json.key("severity");
        json.value(code_quality_severity(diagnostic.severity));
        json.key("location");
        json.begin_object();
        json.key("path");
        json.value(diagnostic.location.path.empty()
                       ? std::string()
                       : repository_path(diagnostic.location.path, base));
        json.key("lines");
        json.begin_object();
        json.key("begin");
        json.value(std::max(diagnostic.location.line, 1));
        json.end_object();
        json.end_object();
        json.end_object();
    }
    json.end_array();
    return json.str() + "\n";
}

}  // namespace unitguard::linter
