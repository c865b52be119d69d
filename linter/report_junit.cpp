// SPDX-License-Identifier: MIT
// JUnit XML rendering of check results.
#include "linter/report_junit.hpp"

#include <map>
#include <string_view>

#include <fmt/format.h>

#include "rules/rule.hpp"

namespace unitguard::linter {
namespace {

// Escapes text for XML attributes and content. XML 1.0 cannot carry most control
// characters even as references, so they become visible '\xNN' escapes.
std::string escape_xml(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\n': out += "&#10;"; break;
            case '\t': out += "&#9;"; break;
            default:
                if (byte < 0x20 || byte == 0x7F) {
                    out += fmt::format("\\x{:02x}", byte);
                } else {
                    out += c;
                }
        }
    }
    return out;
}

// The findings of one test case: one rule on one unit (or on one file).
struct Case {
    std::vector<const Diagnostic*> open;
    std::vector<const Diagnostic*> hidden;
};

// Suite name, then rule ID, to the findings.
using Suites = std::map<std::string, std::map<std::string, Case>>;

std::string case_name(const std::string& rule_id) {
    const rules::Rule* rule = rules::find_rule(rule_id);
    return rule == nullptr ? rule_id : fmt::format("{} {}", rule_id, rule->name);
}

std::string finding_line(const Diagnostic& diagnostic) {
    const Location& where = diagnostic.location;
    std::string place = where.path;
    if (where.line > 0) place += fmt::format(":{}", where.line);
    if (where.line > 0 && where.column > 0) place += fmt::format(":{}", where.column);
    std::string line = fmt::format("{}{}{}: {}", place, place.empty() ? "" : ": ",
                                   severity_name(diagnostic.severity), diagnostic.message);
    if (diagnostic.help) line += fmt::format("\n  help: {}", *diagnostic.help);
    for (const std::string& note : diagnostic.notes) line += fmt::format("\n  note: {}", note);
    return line;
}

std::string render_case(const std::string& suite, const std::string& rule_id, const Case& found) {
    std::string out = fmt::format("    <testcase classname=\"{}\" name=\"{}\"", escape_xml(suite),
                                  escape_xml(case_name(rule_id)));
    if (found.open.empty() && found.hidden.empty()) return out + "/>\n";
    out += ">\n";
    if (!found.open.empty()) {
        const Diagnostic& first = *found.open.front();
        std::string body;
        for (const Diagnostic* diagnostic : found.open) body += finding_line(*diagnostic) + "\n";
        std::string message = first.message;
        if (found.open.size() > 1) {
            message += fmt::format(" (and {} more)", found.open.size() - 1);
        }
        out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                           escape_xml(message), severity_name(first.severity),
                           escape_xml(body));
    } else {
        const Diagnostic& first = *found.hidden.front();
        std::string reason = fmt::format("{}", finding_state_name(first.state));
        if (!first.state_reason.empty()) reason += ": " + first.state_reason;
        out += fmt::format("      <skipped message=\"{}\"/>\n", escape_xml(reason));
    }
    return out + "    </testcase>\n";
}

}  // namespace

std::string render_junit(const std::vector<Diagnostic>& diagnostics,
                         const std::vector<EvaluatedUnit>& units) {
    Suites suites;
    for (const EvaluatedUnit& unit : units) {
        for (const std::string& rule_id : unit.rule_ids) suites[unit.unit][rule_id];
    }
    for (const Diagnostic& diagnostic : diagnostics) {
        const std::string& suite =
            diagnostic.unit.empty() ? diagnostic.location.path : diagnostic.unit;
        Case& found = suites[suite][diagnostic.rule_id];
        (diagnostic.state == FindingState::Open ? found.open : found.hidden)
            .push_back(&diagnostic);
    }

    std::size_t total_tests = 0;
    std::size_t total_failures = 0;
    std::size_t total_skipped = 0;
    std::string body;
    for (const auto& [suite, cases] : suites) {
        std::size_t failures = 0;
        std::size_t skipped = 0;
        std::string suite_body;
        for (const auto& [rule_id, found] : cases) {
            if (!found.open.empty()) {
                ++failures;
            } else if (!found.hidden.empty()) {
                ++skipped;
            }
            suite_body += render_case(suite, rule_id, found);
        }
        body += fmt::format(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
            "skipped=\"{}\">\n{}  </testsuite>\n",
            escape_xml(suite), cases.size(), failures, skipped, suite_body);
        total_tests += cases.size();
        total_failures += failures;
        total_skipped += skipped;
    }
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"unitguard\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "skipped=\"{}\">\n{}</testsuites>\n",
        total_tests, total_failures, total_skipped, body);
}

}  // namespace unitguard::linter
