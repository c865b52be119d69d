// SPDX-License-Identifier: MIT
// Tests for waivers, [rules] switches and severities, and the dates they depend on.
#include "rules/waivers.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <source_location>
#include <string>
#include <vector>

#include "rules/rule.hpp"

using unitguard::Diagnostic;
using unitguard::Error;
using unitguard::FindingState;
using unitguard::Location;
using unitguard::Severity;
using unitguard::rules::Date;
using unitguard::rules::Policy;
using unitguard::rules::PolicyResult;
using unitguard::rules::read_policy;

namespace {

const std::string kPath = "policy.toml";
const Date kToday{2026, 6, 1};

Policy policy_of(const std::string& text,
                 std::source_location where = std::source_location::current()) {
    INFO("checked from line " << where.line());
    PolicyResult result = read_policy(text, kPath);
    for (const Error& error : result.errors) INFO("unexpected error: " << error.message);
    REQUIRE(result.errors.empty());
    return std::move(result.policy);
}

// Checks that `text` yields exactly one error, with this message and place.
void check_error(const std::string& text, const std::string& message, int line, int column,
                 std::source_location where = std::source_location::current()) {
    INFO("checked from line " << where.line());
    const PolicyResult result = read_policy(text, kPath);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].message == message);
    CHECK(result.errors[0].location.line == line);
    CHECK(result.errors[0].location.column == column);
}

Diagnostic finding_of(const std::string& rule_id, const std::string& unit) {
    Diagnostic finding;
    finding.rule_id = rule_id;
    finding.unit = unit;
    finding.severity = Severity::Error;
    finding.message = "finding of " + rule_id;
    finding.location = Location{"/etc/systemd/system/" + unit, 3, 1, 0};
    return finding;
}

const std::string kWaiver =
    "schema = 1\n"
    "[[waiver]]\n"
    "rule = \"UG402\"\n"
    "units = [\"web.service\"]\n"
    "reason = \"the panel calls sudo\"\n";

// Sets UNITGUARD_TODAY for the lifetime of the object.
class TodayOverride {
  public:
    explicit TodayOverride(const char* value) { ::setenv("UNITGUARD_TODAY", value, 1); }
    ~TodayOverride() { ::unsetenv("UNITGUARD_TODAY"); }
};

}  // namespace

TEST_SUITE("rules") {
    // ---- dates ----------------------------------------------------------------------

    TEST_CASE("dates - valid calendar days parse") {
        CHECK(unitguard::rules::parse_date("2027-06-30") == Date{2027, 6, 30});
        CHECK(unitguard::rules::parse_date("2028-02-29") == Date{2028, 2, 29});
        CHECK(unitguard::rules::parse_date("2000-02-29") == Date{2000, 2, 29});
    }

    TEST_CASE("dates - invalid text is rejected") {
        for (const char* text : {"2027-02-29", "1900-02-29", "2027-13-01", "2027-04-31",
                                 "2027-6-30", "27-06-30", "2027/06/30", "2027-06-30x", ""}) {
            INFO("date text: " << text);
            CHECK_FALSE(unitguard::rules::parse_date(text).has_value());
        }
    }

    TEST_CASE("dates - formatting pads with zeros") {
        CHECK(unitguard::rules::format_date(Date{2027, 6, 3}) == "2027-06-03");
    }

    TEST_CASE("dates - expiry is after the last day") {
        CHECK_FALSE(unitguard::rules::is_expired(Date{2026, 6, 1}, kToday));
        CHECK(unitguard::rules::is_expired(Date{2026, 5, 31}, kToday));
    }

    TEST_CASE("dates - environment overrides today") {
        const TodayOverride today("2031-01-15");
        const auto date = unitguard::rules::current_date();
        REQUIRE(date.has_value());
        CHECK(*date == Date{2031, 1, 15});
    }

    TEST_CASE("dates - invalid environment value is an error") {
        const TodayOverride today("tomorrow");
        const auto date = unitguard::rules::current_date();
        REQUIRE_FALSE(date.has_value());
        CHECK(date.error().message ==
              "invalid UNITGUARD_TODAY 'tomorrow': expected a date such as 2027-06-30");
    }

    // ---- [rules] ----------------------------------------------------------------------

    TEST_CASE("rule switches - enable, disable and severity are read") {
        const Policy policy = policy_of(
            "schema = 1\n[rules]\nenable = [\"UG401\"]\ndisable = [\"UG104\", \"UG104\"]\n"
            "[rules.severity]\nUG402 = \"warning\"\n");
        REQUIRE(policy.rules.enable.size() == 1);
        CHECK(policy.rules.enable[0].value == "UG401");
        REQUIRE(policy.rules.disable.size() == 1);
        CHECK(policy.rules.disable[0].value_location.line == 4);
        CHECK(policy.rule_switch("UG401") == true);
        CHECK(policy.rule_switch("UG104") == false);
        CHECK_FALSE(policy.rule_switch("UG402").has_value());
        CHECK(policy.rule_severity("UG402") == Severity::Warning);
        CHECK_FALSE(policy.rule_severity("UG401").has_value());
    }

    TEST_CASE("rule switches - rule_enabled follows the policy") {
        const unitguard::rules::Rule* rule = unitguard::rules::find_rule("UG104");
        REQUIRE(rule != nullptr);
        const Policy disabled = policy_of("schema = 1\n[rules]\ndisable = [\"UG104\"]\n");
        const Policy silent = policy_of("schema = 1\n");
        CHECK_FALSE(unitguard::rules::rule_enabled(*rule, &disabled));
        CHECK(unitguard::rules::rule_enabled(*rule, &silent));
        CHECK(unitguard::rules::rule_enabled(*rule, nullptr));
    }

    TEST_CASE("rule switches - unknown rule ID") {
        check_error("schema = 1\n[rules]\ndisable = [\"UG4O2\"]\n",
                    "unknown rule 'UG4O2' in 'disable' of [rules]; did you mean 'UG402'?", 3, 12);
    }

    TEST_CASE("rule switches - rule name instead of ID") {
        check_error("schema = 1\n[rules]\nenable = [\"unknown-specifier\"]\n",
                    "unknown rule 'unknown-specifier' in 'enable' of [rules]; did you mean "
                    "'UG104'?",
                    3, 11);
    }

    TEST_CASE("rule switches - rule both enabled and disabled") {
        check_error("schema = 1\n[rules]\nenable = [\"UG104\"]\ndisable = [\"UG104\"]\n",
                    "rule 'UG104' is both enabled and disabled; it is enabled on line 3", 4, 12);
    }

    TEST_CASE("rule switches - unknown key") {
        check_error("schema = 1\n[rules]\ndisabled = [\"UG104\"]\n",
                    "unknown key 'disabled' in [rules]; did you mean 'disable'?", 3, 1);
    }

    TEST_CASE("rule switches - invalid severity") {
        check_error("schema = 1\n[rules.severity]\nUG402 = \"warn\"\n",
                    "invalid severity 'warn' for 'UG402' in [rules.severity]: expected 'error', "
                    "'warning' or 'info'; did you mean 'warning'?",
                    3, 9);
    }

    TEST_CASE("rule switches - severity for an unknown rule") {
        check_error("schema = 1\n[rules.severity]\nUG999 = \"info\"\n",
                    "unknown rule 'UG999' in [rules.severity]", 3, 1);
    }

    TEST_CASE("rule switches - list of the wrong type") {
        check_error("schema = 1\n[rules]\ndisable = \"UG104\"\n",
                    "wrong type for 'disable' in [rules]: expected an array of strings, found a "
                    "string",
                    3, 11);
    }

    TEST_CASE("rule switches - a drop-in overrides per rule") {
        Policy base = policy_of(
            "schema = 1\n[rules]\ndisable = [\"UG104\"]\n[rules.severity]\nUG402 = \"info\"\n");
        Policy drop_in = policy_of(
            "schema = 1\n[rules]\nenable = [\"UG104\"]\n[rules.severity]\nUG402 = \"warning\"\n");
        unitguard::rules::merge_policy(base, std::move(drop_in));
        CHECK(base.rule_switch("UG104") == true);
        CHECK(base.rules.disable.empty());
        CHECK(base.rule_severity("UG402") == Severity::Warning);
        CHECK(base.rules.severity.size() == 1);
    }

    TEST_CASE("rule switches - disabled findings are dropped") {
        const Policy policy = policy_of("schema = 1\n[rules]\ndisable = [\"UG402\"]\n");
        std::vector<Diagnostic> findings = {finding_of("UG402", "web.service"),
                                            finding_of("UG401", "web.service")};
        unitguard::rules::drop_disabled_rules(&policy, findings);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].rule_id == "UG401");
    }

    TEST_CASE("rule switches - severity override") {
        const Policy policy = policy_of("schema = 1\n[rules.severity]\nUG402 = \"info\"\n");
        std::vector<Diagnostic> findings = {finding_of("UG402", "web.service"),
                                            finding_of("UG401", "web.service")};
        unitguard::rules::apply_rule_severities(policy, findings);
        CHECK(findings[0].severity == Severity::Info);
        CHECK(findings[1].severity == Severity::Error);
    }

    // ---- [[waiver]] ---------------------------------------------------------------------

    TEST_CASE("waivers - unknown rule is a policy error") {
        check_error("schema = 1\n[[waiver]]\nrule = \"UG4O2\"\nreason = \"x\"\n",
                    "unknown rule 'UG4O2' in 'rule' of [[waiver]]; did you mean 'UG402'?", 3, 8);
    }

    TEST_CASE("waivers - covered finding is waived") {
        const Policy policy = policy_of(kWaiver);
        std::vector<Diagnostic> findings = {finding_of("UG402", "web.service"),
                                            finding_of("UG402", "db.service"),
                                            finding_of("UG401", "web.service")};
        unitguard::rules::apply_waivers(policy, {kToday, true}, findings);
        REQUIRE(findings.size() == 3);
        CHECK(findings[0].state == FindingState::Waived);
        CHECK(findings[0].state_reason == "the panel calls sudo");
        CHECK(findings[0].state_source == "policy.toml:2");
        CHECK(findings[1].state == FindingState::Open);
        CHECK(findings[2].state == FindingState::Open);
    }

    TEST_CASE("waivers - expired waiver stops waiving") {
        const Policy policy = policy_of(kWaiver + "expires = 2026-05-31\n");
        std::vector<Diagnostic> findings = {finding_of("UG402", "web.service")};
        unitguard::rules::apply_waivers(policy, {kToday, true}, findings);
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].state == FindingState::Open);
        REQUIRE(findings[0].notes.size() == 1);
        CHECK(findings[0].notes[0] == "the waiver at policy.toml:2 expired on 2026-05-31");
        CHECK(findings[1].rule_id == "UG907");
        CHECK(findings[1].message ==
              "waiver of 'UG402' for 'web.service' expired on 2026-05-31; its findings are "
              "reported again");
        CHECK(findings[1].location.line == 6);
        CHECK(findings[1].location.column == 11);
    }

    TEST_CASE("waivers - waiver applies on its last day") {
        const Policy policy = policy_of(kWaiver + "expires = 2026-06-01\n");
        std::vector<Diagnostic> findings = {finding_of("UG402", "web.service")};
        unitguard::rules::apply_waivers(policy, {kToday, true}, findings);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].state == FindingState::Waived);
    }

    TEST_CASE("waivers - unused waiver is a finding") {
        const Policy policy = policy_of(kWaiver);
        std::vector<Diagnostic> findings = {finding_of("UG402", "db.service")};
        unitguard::rules::apply_waivers(policy, {kToday, true}, findings);
        REQUIRE(findings.size() == 2);
        CHECK(findings[1].rule_id == "UG906");
        CHECK(findings[1].message == "waiver of 'UG402' for 'web.service' matches no finding");
        CHECK(findings[1].location.path == "policy.toml");
        CHECK(findings[1].location.line == 2);
    }

    TEST_CASE("waivers - unused only on whole-tree runs") {
        const Policy policy = policy_of(kWaiver);
        std::vector<Diagnostic> findings;
        unitguard::rules::apply_waivers(policy, {kToday, false}, findings);
        CHECK(findings.empty());
    }

    TEST_CASE("waivers - suppressed finding keeps its state") {
        const Policy policy = policy_of(kWaiver);
        std::vector<Diagnostic> findings = {finding_of("UG402", "web.service")};
        findings[0].state = FindingState::Suppressed;
        unitguard::rules::apply_waivers(policy, {kToday, true}, findings);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].state == FindingState::Suppressed);
    }

    TEST_CASE("waivers - disabled hygiene rule is silent") {
        const Policy policy = policy_of(kWaiver + "[rules]\ndisable = [\"UG906\"]\n");
        std::vector<Diagnostic> findings;
        unitguard::rules::apply_waivers(policy, {kToday, true}, findings);
        CHECK(findings.empty());
    }
}
