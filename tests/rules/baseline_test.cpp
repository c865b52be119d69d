// SPDX-License-Identifier: MIT
// Tests for baselines: fingerprints, strict reading, writing, matching and updating.
#include "rules/baseline.hpp"

#include <doctest/doctest.h>

#include <source_location>
#include <string>
#include <vector>

using unitguard::Diagnostic;
using unitguard::FindingState;
using unitguard::Location;
using unitguard::rules::Baseline;
using unitguard::rules::BaselineEntry;
using unitguard::rules::BaselineResult;
using unitguard::rules::Date;
using unitguard::rules::finding_fingerprint;
using unitguard::rules::read_baseline;

namespace {

const std::string kPath = "baseline.json";
const Date kToday{2026, 6, 1};

Diagnostic finding_of(const std::string& rule_id, const std::string& unit,
                      const std::string& directive, const std::string& value) {
    Diagnostic finding;
    finding.rule_id = rule_id;
    finding.unit = unit;
    finding.message = directive + "=" + value + " is forbidden but in effect";
    finding.location = Location{"tree/etc/systemd/system/" + unit, 7, 17, 0};
    finding.directive = directive;
    finding.value = value;
    finding.fingerprint = finding_fingerprint(finding, "tree");
    return finding;
}

// Checks that `text` yields exactly one error, with this message and place.
void check_error(const std::string& text, const std::string& message, int line, int column,
                 std::source_location where = std::source_location::current()) {
    INFO("checked from line " << where.line());
    const BaselineResult result = read_baseline(text, kPath);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].message == message);
    CHECK(result.errors[0].location.path == kPath);
    CHECK(result.errors[0].location.line == line);
    CHECK(result.errors[0].location.column == column);
}

std::string baseline_with(const std::string& entry) {
    return "{\"schema_version\": 1,\n\"findings\": [\n" + entry + "\n]}\n";
}

}  // namespace

TEST_SUITE("rules") {
    // ---- fingerprints -----------------------------------------------------------------

    TEST_CASE("fingerprint - lines and columns do not count") {
        Diagnostic finding = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        Diagnostic moved = finding;
        moved.location.line = 40;
        moved.location.column = 1;
        CHECK(finding_fingerprint(finding, "tree") == finding_fingerprint(moved, "tree"));
        CHECK(finding.fingerprint.size() == 16);
    }

    TEST_CASE("fingerprint - root spelling does not count") {
        Diagnostic finding = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        Diagnostic other_root = finding;
        other_root.location.path = "./tree/etc/systemd/system/web.service";
        CHECK(finding_fingerprint(finding, "tree") == finding_fingerprint(other_root, "./tree/"));
    }

    TEST_CASE("fingerprint - rule, unit, file, directive and value count") {
        const Diagnostic base = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        Diagnostic rule = base;
        rule.rule_id = "UG401";
        Diagnostic unit = base;
        unit.unit = "db.service";
        Diagnostic file = base;
        file.location.path = "tree/etc/systemd/system/web.service.d/debug.conf";
        Diagnostic directive = base;
        directive.directive = "PrivateTmp";
        Diagnostic value = base;
        value.value = "no";
        for (const Diagnostic* changed : {&rule, &unit, &file, &directive, &value}) {
            CHECK(finding_fingerprint(*changed, "tree") != base.fingerprint);
        }
    }

    TEST_CASE("fingerprint - message counts without a directive") {
        Diagnostic finding = finding_of("UG101", "web.service", "", "");
        finding.directive.reset();
        finding.value.reset();
        Diagnostic other = finding;
        other.message = "another message";
        CHECK(finding_fingerprint(finding, "tree") != finding_fingerprint(other, "tree"));
    }

    TEST_CASE("fingerprint - path relative to the root") {
        using unitguard::rules::fingerprint_path;
        CHECK(fingerprint_path("tree/etc/a.service", "tree") == "/etc/a.service");
        CHECK(fingerprint_path("tree/etc/a.service", "tree/") == "/etc/a.service");
        CHECK(fingerprint_path("treehouse/a.service", "tree") == "treehouse/a.service");
        CHECK(fingerprint_path("units/a.service", "") == "units/a.service");
        CHECK(fingerprint_path("/etc/a.service", "/") == "/etc/a.service");
    }

    // ---- reading ----------------------------------------------------------------------

    TEST_CASE("baseline reading - entries are read") {
        const BaselineResult result = read_baseline(
            baseline_with("{\"fingerprint\": \"0123456789abcdef\", \"rule\": \"UG402\", "
                          "\"unit\": \"web.service\", \"message\": \"caf\\u00e9 \\ud83d\\ude00\", "
                          "\"since\": \"2026-05-01\"}"),
            kPath);
        REQUIRE(result.errors.empty());
        REQUIRE(result.baseline.entries.size() == 1);
        const BaselineEntry& entry = result.baseline.entries[0];
        CHECK(entry.fingerprint == "0123456789abcdef");
        CHECK(entry.rule == "UG402");
        CHECK(entry.unit == "web.service");
        CHECK(entry.message == "caf\xc3\xa9 \xf0\x9f\x98\x80");
        CHECK(entry.since == "2026-05-01");
        CHECK(entry.location.line == 3);
    }

    TEST_CASE("baseline errors - invalid JSON") {
        check_error("{\"schema_version\": 1,\n  \"findings\": [,]}\n",
                    "invalid JSON: unexpected character ',', expected a value", 2, 16);
    }

    TEST_CASE("baseline errors - unterminated string") {
        check_error("{\"schema_version\": 1, \"findings\": [\"abc", "invalid JSON: unterminated string",
                    1, 36);
    }

    TEST_CASE("baseline errors - text after the document") {
        check_error("{\"schema_version\": 1, \"findings\": []} x",
                    "invalid JSON: unexpected text after the JSON document", 1, 39);
    }

    TEST_CASE("baseline errors - not an object") {
        check_error("[]", "a baseline must be a JSON object, found an array", 1, 1);
    }

    TEST_CASE("baseline errors - unsupported schema") {
        check_error("{\"schema_version\": 2, \"findings\": []}",
                    "unsupported baseline schema_version 2; this version of unitguard reads "
                    "schema_version 1",
                    1, 20);
    }

    TEST_CASE("baseline errors - missing findings") {
        check_error("{\"schema_version\": 1}", "missing required key 'findings'", 1, 1);
    }

    TEST_CASE("baseline errors - unknown key with suggestion") {
        check_error("{\"schema_version\": 1, \"findings\": [], \"finding\": []}",
                    "unknown key 'finding' in the baseline; did you mean 'findings'?", 1, 50);
    }

    TEST_CASE("baseline errors - invalid fingerprint") {
        check_error(baseline_with("{\"fingerprint\": \"XYZ\", \"rule\": \"UG402\"}"),
                    "invalid fingerprint 'XYZ': expected 16 lowercase hex digits", 3, 17);
    }

    TEST_CASE("baseline errors - unknown rule") {
        check_error(
            baseline_with("{\"fingerprint\": \"0123456789abcdef\", \"rule\": \"UG4O2\"}"),
            "unknown rule 'UG4O2' in a finding; did you mean 'UG402'?", 3, 45);
    }

    TEST_CASE("baseline errors - missing fingerprint") {
        check_error(baseline_with("{\"rule\": \"UG402\"}"),
                    "missing required key 'fingerprint' in a finding", 3, 1);
    }

    TEST_CASE("baseline errors - field of the wrong type") {
        check_error(
            baseline_with("{\"fingerprint\": \"0123456789abcdef\", \"rule\": \"UG402\", "
                          "\"unit\": 3}"),
            "wrong type for 'unit' of a finding: expected a string, found a number", 3, 62);
    }

    TEST_CASE("baseline errors - deep nesting is rejected") {
        const std::string deep = std::string(100, '[') + std::string(100, ']');
        const BaselineResult result = read_baseline(deep, kPath);
        REQUIRE(result.errors.size() == 1);
        CHECK(result.errors[0].message == "invalid JSON: values nested too deeply");
    }

    // ---- writing, matching, updating ----------------------------------------------------

    TEST_CASE("baseline - written file reads back") {
        const Diagnostic finding = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        const BaselineEntry entry = unitguard::rules::make_baseline_entry(finding, "tree", kToday);
        CHECK(entry.path == "/etc/systemd/system/web.service");
        CHECK(entry.since == "2026-06-01");

        const std::string text = unitguard::rules::render_baseline({entry});
        const BaselineResult result = read_baseline(text, kPath);
        REQUIRE(result.errors.empty());
        REQUIRE(result.baseline.entries.size() == 1);
        CHECK(result.baseline.entries[0].fingerprint == finding.fingerprint);
        CHECK(result.baseline.entries[0].directive == "NoNewPrivileges");
        CHECK(result.baseline.entries[0].value == "yes");
        CHECK(result.baseline.entries[0].path == "/etc/systemd/system/web.service");
    }

    TEST_CASE("baseline - empty baseline renders as valid JSON") {
        const std::string text = unitguard::rules::render_baseline({});
        CHECK(text ==
              "{\n  \"schema_version\": 1,\n  \"tool\": {\"name\": \"unitguard\", \"version\": \"" +
                  std::string(UG_VERSION) + "\"},\n  \"findings\": []\n}\n");
        CHECK(read_baseline(text, kPath).errors.empty());
    }

    TEST_CASE("baseline - each entry accepts one finding") {
        const Diagnostic finding = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        Baseline baseline{kPath, {unitguard::rules::make_baseline_entry(finding, "tree", kToday)}};
        std::vector<Diagnostic> findings = {finding, finding};
        findings[1].location.line = 12;
        const std::size_t unmatched = unitguard::rules::apply_baseline(baseline, findings);
        CHECK(unmatched == 0);
        CHECK(findings[0].state == FindingState::Baselined);
        CHECK(findings[0].state_source == kPath);
        CHECK(findings[1].state == FindingState::Open);
    }

    TEST_CASE("baseline - unmatched entries are counted") {
        const Diagnostic finding = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        Baseline baseline{kPath, {unitguard::rules::make_baseline_entry(finding, "tree", kToday)}};
        std::vector<Diagnostic> findings;
        CHECK(unitguard::rules::apply_baseline(baseline, findings) == 1);
    }

    TEST_CASE("baseline - waived findings are not baselined") {
        Diagnostic finding = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        Baseline baseline{kPath, {unitguard::rules::make_baseline_entry(finding, "tree", kToday)}};
        finding.state = FindingState::Waived;
        std::vector<Diagnostic> findings = {finding};
        CHECK(unitguard::rules::apply_baseline(baseline, findings) == 1);
        CHECK(findings[0].state == FindingState::Waived);
    }

    TEST_CASE("baseline - update keeps, adds and removes") {
        const Diagnostic kept = finding_of("UG402", "web.service", "NoNewPrivileges", "yes");
        const Diagnostic gone = finding_of("UG401", "web.service", "ProtectSystem", "full");
        const Diagnostic other = finding_of("UG401", "db.service", "ProtectSystem", "full");
        const Diagnostic added = finding_of("UG401", "web.service", "PrivateTmp", "no");
        Baseline old{kPath,
                     {unitguard::rules::make_baseline_entry(kept, "tree", Date{2025, 1, 2}),
                      unitguard::rules::make_baseline_entry(gone, "tree", Date{2025, 1, 2}),
                      unitguard::rules::make_baseline_entry(other, "tree", Date{2025, 1, 2})}};

        const auto update = unitguard::rules::update_baseline(
            old, {kept, added}, "tree", kToday,
            [](const BaselineEntry& entry) { return entry.unit == "db.service"; });
        CHECK(update.kept == 2);
        CHECK(update.added == 1);
        CHECK(update.removed == 1);
        REQUIRE(update.entries.size() == 3);
        CHECK(update.entries[0].fingerprint == kept.fingerprint);
        CHECK(update.entries[0].since == "2025-01-02");
        CHECK(update.entries[1].fingerprint == added.fingerprint);
        CHECK(update.entries[1].since == "2026-06-01");
        CHECK(update.entries[2].fingerprint == other.fingerprint);
    }
}
