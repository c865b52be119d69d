// SPDX-License-Identifier: MIT
// GitHub Actions workflow-command rendering of check results.
#include "linter/report_github.hpp"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace unitguard::linter {
namespace {

std::string_view command_name(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Info:
            break;
    }
    return "notice";
}

// The runner decodes '%', CR and LF in a command's message.
std::string escape_data(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            default: out += c;
        }
    }
    return out;
}

// Property values additionally must not contain the ':' and ',' that delimit them.
std::string escape_property(std::string_view text) {
    std::string out;
    for (char c : escape_data(text)) {
        switch (c) {
            case ':': out += "%3A"; break;
            case ',': out += "%2C"; break;
            default: out += c;
        }
    }
    return out;
}

std::string annotation(const Diagnostic& diagnostic, const ReportBase& base) {
    std::string properties;
    const Location& where = diagnostic.location;
    if (!where.path.empty()) {
        properties += fmt::format("file={},line={}", escape_property(repository_path(where.path,
                                                                                      base)),
                                  std::max(where.line, 1));
        if (where.column > 0) properties += fmt::format(",col={}", where.column);
        if (where.end_column > where.column) {
            properties += fmt::format(",endColumn={}", where.end_column);
        }
        properties += ",";
    }
    properties += fmt::format("title={}", escape_property(fmt::format(
                                              "{} {}", diagnostic.rule_id, diagnostic.rule_name)));

    std::string message = diagnostic.message;
    if (!diagnostic.unit.empty()) message = fmt::format("{}: {}", diagnostic.unit, message);
    if (diagnostic.help) message += fmt::format("\nhelp: {}", *diagnostic.help);
    for (const std::string& note : diagnostic.notes) message += fmt::format("\nnote: {}", note);
    return fmt::format("::{} {}::{}\n", command_name(diagnostic.severity), properties,
                       escape_data(message));
}

}  // namespace

std::string render_github(const std::vector<Diagnostic>& diagnostics, const ReportBase& base) {
    std::string out;
    std::array<std::size_t, 3> counts{};  // indexed by Severity
    for (const Diagnostic& diagnostic : diagnostics) {
        if (diagnostic.state != FindingState::Open) continue;
        ++counts[static_cast<std::size_t>(diagnostic.severity)];
        out += annotation(diagnostic, base);
    }

    std::size_t not_shown = 0;
    for (std::size_t count : counts) {
        if (count > kGithubAnnotationLimit) not_shown += count - kGithubAnnotationLimit;
    }
    if (not_shown > 0) {
        out += fmt::format(
            "::notice title=unitguard::{} more finding{} than GitHub annotates (at most {} "
            "errors, {} warnings and {} notices per step); the job log lists all of them\n",
            not_shown, not_shown == 1 ? "" : "s", kGithubAnnotationLimit,
            kGithubAnnotationLimit, kGithubAnnotationLimit);
    }
    return out;
}

}  // namespace unitguard::linter
