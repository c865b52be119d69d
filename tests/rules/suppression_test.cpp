// SPDX-License-Identifier: MIT
// Tests for inline suppression comments: parsing, targets, and their effect on findings.
#include "rules/suppression.hpp"

#include <doctest/doctest.h>

#include <source_location>
#include <string>
#include <vector>

using unitguard::Diagnostic;
using unitguard::FindingState;
using unitguard::Location;
using unitguard::linter::parse_unit_file;
using unitguard::linter::UnitFile;
using unitguard::rules::apply_suppressions;
using unitguard::rules::Date;
using unitguard::rules::read_suppressions;
using unitguard::rules::SourceFile;
using unitguard::rules::Suppression;
using unitguard::rules::SuppressionRun;

namespace {

const std::string kPath = "web.service";
const Date kToday{2026, 6, 1};

std::vector<Suppression> suppressions_of(const std::string& text) {
    return read_suppressions(parse_unit_file(kPath, text), kPath);
}

// Reads `text`, which must hold exactly one suppression comment, and returns it.
Suppression only_suppression(const std::string& text,
                             std::source_location where = std::source_location::current()) {
    INFO("checked from line " << where.line());
    std::vector<Suppression> found = suppressions_of(text);
    REQUIRE(found.size() == 1);
    return found.front();
}

// Checks that the only comment of `text` has exactly one problem, with this message and column.
void check_problem(const std::string& text, const std::string& message, int column,
                   std::source_location where = std::source_location::current()) {
    INFO("checked from line " << where.line());
    const Suppression suppression = only_suppression(text, where);
    REQUIRE(suppression.problems.size() == 1);
    CHECK(suppression.problems[0].message == message);
    CHECK(suppression.problems[0].column == column);
}

Diagnostic finding_at(const std::string& rule_id, int line) {
    Diagnostic finding;
    finding.rule_id = rule_id;
    finding.message = "finding of " + rule_id;
    finding.unit = kPath;
    finding.location = Location{kPath, line, 1, 0};
    return finding;
}

// Runs apply_suppressions over one file and returns every finding afterwards.
std::vector<Diagnostic> apply(const std::string& text, std::vector<Diagnostic> findings,
                              Date today = kToday) {
    const UnitFile file = parse_unit_file(kPath, text);
    const std::vector<SourceFile> files = {SourceFile{kPath, &file}};
    apply_suppressions(files, SuppressionRun{today, nullptr}, findings);
    return findings;
}

std::vector<const Diagnostic*> of_rule(const std::vector<Diagnostic>& findings,
                                       const std::string& rule_id) {
    std::vector<const Diagnostic*> matching;
    for (const Diagnostic& finding : findings) {
        if (finding.rule_id == rule_id) matching.push_back(&finding);
    }
    return matching;
}

}  // namespace

TEST_SUITE("rules") {
    // ---- reading comments ------------------------------------------------------------

    TEST_CASE("suppression - every field is read") {
        const Suppression suppression = only_suppression(
            "[Service]\n"
            "# unitguard: ignore=UG402,UG403 reason=\"the panel calls sudo\" until=2027-06-30\n"
            "NoNewPrivileges=yes\n");
        CHECK(suppression.problems.empty());
        CHECK(suppression.line == 2);
        REQUIRE(suppression.rules.size() == 2);
        CHECK(suppression.rules[0].value == "UG402");
        CHECK(suppression.rules[0].value_location.column == 21);
        CHECK(suppression.rules[0].value_location.end_column == 26);
        CHECK(suppression.rules[1].value == "UG403");
        CHECK(suppression.rules[1].value_location.column == 27);
        REQUIRE(suppression.reason.has_value());
        CHECK(suppression.reason->value == "the panel calls sudo");
        REQUIRE(suppression.until.has_value());
        CHECK(suppression.until->value == Date{2027, 6, 30});
        CHECK(suppression.target_line == 3);
        CHECK(suppression.target_end_line == 3);
    }

    TEST_CASE("suppression - semicolon comment and indentation") {
        const Suppression suppression =
            only_suppression("[Service]\n  ;unitguard:ignore=UG401\nProtectSystem=full\n");
        CHECK(suppression.problems.empty());
        CHECK(suppression.column == 3);
        REQUIRE(suppression.rules.size() == 1);
        CHECK(suppression.rules[0].value == "UG401");
        CHECK_FALSE(suppression.reason.has_value());
    }

    TEST_CASE("suppression - escaped quote in reason") {
        const Suppression suppression = only_suppression(
            "[Service]\n# unitguard: ignore=UG401 reason=\"a \\\"legacy\\\" unit\"\nUser=a\n");
        REQUIRE(suppression.reason.has_value());
        CHECK(suppression.reason->value == "a \"legacy\" unit");
    }

    TEST_CASE("suppression - ordinary comments are skipped") {
        CHECK(suppressions_of("# unitguard checks this file\n"
                              "# see unitguard: ignore=UG401\n"
                              "[Service]\n"
                              "ExecStart=/bin/true # unitguard: ignore=UG401\n")
                  .empty());
    }

    TEST_CASE("suppression - target skips comments and blank lines") {
        const Suppression suppression = only_suppression(
            "[Service]\n# unitguard: ignore=UG401\n\n# why: legacy\nProtectSystem=full\n");
        CHECK(suppression.target_line == 5);
        CHECK(suppression.target_end_line == 5);
    }

    TEST_CASE("suppression - target covers continuation lines") {
        const Suppression suppression = only_suppression(
            "[Service]\n# unitguard: ignore=UG403\nSystemCallFilter=@system-service \\\n"
            "  ptrace\nUser=a\n");
        CHECK(suppression.target_line == 3);
        CHECK(suppression.target_end_line == 4);
    }

    TEST_CASE("suppression - target may be a section header") {
        const Suppression suppression =
            only_suppression("# unitguard: ignore=UG401\n[Service]\nUser=a\n");
        CHECK(suppression.target_line == 2);
        CHECK(suppression.target_end_line == 2);
    }

    TEST_CASE("suppression - nothing follows the comment") {
        const Suppression suppression =
            only_suppression("[Service]\nUser=a\n# unitguard: ignore=UG401\n\n");
        CHECK(suppression.target_line == 0);
    }

    // ---- malformed comments: one case per problem ----------------------------------

    TEST_CASE("suppression problems - unknown key") {
        check_problem("[Service]\n# unitguard: ignore=UG401 reasn=\"x\"\nUser=a\n",
                      "unknown key 'reasn' in suppression comment; did you mean 'reason'?", 27);
    }

    TEST_CASE("suppression problems - missing ignore") {
        check_problem("[Service]\n# unitguard: reason=\"x\"\nUser=a\n",
                      "missing 'ignore=' in suppression comment; name the rules it suppresses, "
                      "e.g. ignore=UG402",
                      13);
    }

    TEST_CASE("suppression problems - invalid date") {
        check_problem("[Service]\n# unitguard: ignore=UG401 until=2027-02-29\nUser=a\n",
                      "invalid date '2027-02-29' in 'until=': expected a date such as 2027-06-30",
                      33);
    }

    TEST_CASE("suppression problems - unterminated quote") {
        check_problem("[Service]\n# unitguard: ignore=UG401 reason=\"x\nUser=a\n",
                      "unterminated quoted value in suppression comment; close it with '\"'", 34);
    }

    TEST_CASE("suppression problems - space after a comma") {
        const Suppression suppression =
            only_suppression("[Service]\n# unitguard: ignore=UG401, UG402\nUser=a\n");
        REQUIRE(suppression.problems.size() == 2);
        CHECK(suppression.problems[0].message == "empty rule ID in 'ignore='");
        CHECK(suppression.problems[0].column == 27);
        CHECK(suppression.problems[1].message ==
              "expected KEY=VALUE in suppression comment, found 'UG402'; list rule IDs "
              "without spaces, e.g. ignore=UG402,UG403");
        CHECK(suppression.problems[1].column == 28);
    }

    TEST_CASE("suppression problems - duplicate key") {
        check_problem("[Service]\n# unitguard: ignore=UG401 ignore=UG402\nUser=a\n",
                      "duplicate key 'ignore' in suppression comment", 27);
    }

    TEST_CASE("suppression problems - empty rule ID") {
        check_problem("[Service]\n# unitguard: ignore=UG401,,UG402\nUser=a\n",
                      "empty rule ID in 'ignore='", 27);
    }

    // ---- applying to findings ------------------------------------------------------

    TEST_CASE("suppression - covers the finding on the next directive") {
        const std::vector<Diagnostic> findings =
            apply("[Service]\n# unitguard: ignore=UG402 reason=\"sudo\"\nNoNewPrivileges=yes\n",
                  {finding_at("UG402", 3)});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].state == FindingState::Suppressed);
        CHECK(findings[0].state_reason == "sudo");
        CHECK(findings[0].state_source == "web.service:2");
    }

    TEST_CASE("suppression - other rules and lines stay open") {
        const std::vector<Diagnostic> findings = apply(
            "[Service]\n# unitguard: ignore=UG402 reason=\"sudo\"\nNoNewPrivileges=yes\nUser=a\n",
            {finding_at("UG402", 3), finding_at("UG401", 3), finding_at("UG402", 4)});
        REQUIRE(findings.size() == 3);
        CHECK(findings[0].state == FindingState::Suppressed);
        CHECK(findings[1].state == FindingState::Open);
        CHECK(findings[2].state == FindingState::Open);
    }

    TEST_CASE("suppression - expired comment stops suppressing") {
        const std::vector<Diagnostic> findings = apply(
            "[Service]\n# unitguard: ignore=UG402 reason=\"sudo\" until=2026-05-31\n"
            "NoNewPrivileges=yes\n",
            {finding_at("UG402", 3)});
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].state == FindingState::Open);
        REQUIRE(findings[0].notes.size() == 1);
        CHECK(findings[0].notes[0] == "the suppression at web.service:2 expired on 2026-05-31");

        const auto expired = of_rule(findings, "UG903");
        REQUIRE(expired.size() == 1);
        CHECK(expired[0]->message ==
              "suppression expired on 2026-05-31; the findings it covered are reported again");
        CHECK(expired[0]->location.line == 2);
        CHECK(expired[0]->location.column == 47);
        CHECK(expired[0]->unit.empty());
    }

    TEST_CASE("suppression - applies on its last day") {
        const std::vector<Diagnostic> findings = apply(
            "[Service]\n# unitguard: ignore=UG402 reason=\"sudo\" until=2026-06-01\n"
            "NoNewPrivileges=yes\n",
            {finding_at("UG402", 3)});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].state == FindingState::Suppressed);
    }

    TEST_CASE("suppression - unknown rule is a finding") {
        const std::vector<Diagnostic> findings =
            apply("[Service]\n# unitguard: ignore=UG4O2 reason=\"sudo\"\nNoNewPrivileges=yes\n",
                  {finding_at("UG402", 3)});
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].state == FindingState::Open);
        CHECK(findings[1].rule_id == "UG902");
        CHECK(findings[1].rule_name == "unknown-rule-in-suppression");
        CHECK(findings[1].message ==
              "unknown rule 'UG4O2' in suppression comment; did you mean 'UG402'?");
        CHECK(findings[1].location.column == 21);
    }

    TEST_CASE("suppression - unused rule is a finding") {
        const std::vector<Diagnostic> findings =
            apply("[Service]\n# unitguard: ignore=UG401 reason=\"x\"\nUser=a\n", {});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].rule_id == "UG901");
        CHECK(findings[0].message ==
              "suppression of 'UG401' is unused: no 'UG401' finding on line 3");
    }

    TEST_CASE("suppression - comment followed by nothing is unused") {
        const std::vector<Diagnostic> findings =
            apply("[Service]\nUser=a\n# unitguard: ignore=UG401 reason=\"x\"\n", {});
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].rule_id == "UG901");
        CHECK(findings[0].message == "suppression of 'UG401' is unused: no directive follows it");
    }

    TEST_CASE("suppression - missing reason still suppresses") {
        const std::vector<Diagnostic> findings = apply(
            "[Service]\n# unitguard: ignore=UG402\nNoNewPrivileges=yes\n", {finding_at("UG402", 3)});
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].state == FindingState::Suppressed);
        CHECK(findings[0].state_reason.empty());
        CHECK(findings[1].rule_id == "UG904");
        CHECK(findings[1].message == "suppression comment gives no reason");
        CHECK(findings[1].location.column == 1);
    }

    TEST_CASE("suppression - malformed comment suppresses nothing") {
        const std::vector<Diagnostic> findings =
            apply("[Service]\n# unitguard: ignore=UG402 reasn=\"sudo\"\nNoNewPrivileges=yes\n",
                  {finding_at("UG402", 3)});
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].state == FindingState::Open);
        CHECK(findings[1].rule_id == "UG905");
        CHECK(findings[1].severity == unitguard::Severity::Error);
    }

    TEST_CASE("suppression - finding in another file stays open") {
        Diagnostic elsewhere = finding_at("UG402", 3);
        elsewhere.location.path = "other.service";
        const std::vector<Diagnostic> findings = apply(
            "[Service]\n# unitguard: ignore=UG402 reason=\"sudo\"\nNoNewPrivileges=yes\n",
            {elsewhere});
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].state == FindingState::Open);
        CHECK(findings[1].rule_id == "UG901");
    }
}
