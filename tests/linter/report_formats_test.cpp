// SPDX-License-Identifier: MIT
// Tests for the SARIF, JUnit, GitHub and GitLab report writers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "linter/report_github.hpp"
#include "linter/report_gitlab.hpp"
#include "linter/report_junit.hpp"
#include "linter/report_sarif.hpp"

using unitguard::Diagnostic;
using unitguard::FindingState;
using unitguard::Severity;
using namespace unitguard::linter;

namespace {

const ReportBase kBase{"/repo/sub", "/repo"};

Diagnostic make_finding(std::string rule_id, std::string rule_name, Severity severity,
                        std::string path, int line, int column) {
    Diagnostic finding;
    finding.rule_id = std::move(rule_id);
    finding.rule_name = std::move(rule_name);
    finding.severity = severity;
    finding.message = "ProtectSystem= must be 'strict' but is 'full'";
    finding.location = {std::move(path), line, column, 0};
    finding.unit = "web.service";
    finding.fingerprint = "0123456789abcdef";
    return finding;
}

}  // namespace

TEST_SUITE("linter") {
    TEST_CASE("report paths - relative to the repository root") {
        CHECK(repository_path("units/web.service", kBase) == "sub/units/web.service");
        CHECK(repository_path("../top.service", kBase) == "top.service");
        CHECK(repository_path("/repo/a/b.service", kBase) == "a/b.service");
        CHECK(repository_path("/etc/systemd/system/x.service", kBase) ==
              "/etc/systemd/system/x.service");
    }

    TEST_CASE("github - error annotation with escaped properties") {
        Diagnostic finding = make_finding("UG401", "required-setting-unmet", Severity::Error,
                                          "units/web,1.service", 4, 15);
        finding.help = "set ProtectSystem=strict";
        CHECK(render_github({finding}, kBase) ==
              "::error file=sub/units/web%2C1.service,line=4,col=15,"
              "title=UG401 required-setting-unmet::web.service: ProtectSystem= must be "
              "'strict' but is 'full'%0Ahelp: set ProtectSystem=strict\n");
    }

    TEST_CASE("github - line 0 becomes 1 and info becomes notice") {
        Diagnostic finding =
            make_finding("UG201", "x", Severity::Info, "units/web.service", 0, 0);
        finding.unit.clear();
        finding.message = "100% done";
        CHECK(render_github({finding}, kBase) ==
              "::notice file=sub/units/web.service,line=1,title=UG201 x::100%25 done\n");
    }

    TEST_CASE("github - hidden findings are not annotated") {
        Diagnostic finding =
            make_finding("UG401", "r", Severity::Error, "units/web.service", 1, 1);
        finding.state = FindingState::Waived;
        CHECK(render_github({finding}, kBase).empty());
    }

    TEST_CASE("github - notice when a type exceeds the annotation limit") {
        std::vector<Diagnostic> findings(
            12, make_finding("UG401", "r", Severity::Error, "units/web.service", 1, 1));
        findings.push_back(make_finding("UG401", "r", Severity::Warning, "a.service", 1, 1));
        std::string out = render_github(findings, kBase);
        const std::string last_line =
            "::notice title=unitguard::2 more findings than GitHub annotates (at most 10 "
            "errors, 10 warnings and 10 notices per step); the job log lists all of them\n";
        REQUIRE(out.size() > last_line.size());
        CHECK(out.substr(out.size() - last_line.size()) == last_line);
        CHECK(render_github(std::vector<Diagnostic>(10, findings.front()), kBase).find(
                  "::notice") == std::string::npos);
    }

    TEST_CASE("gitlab - code quality issue fields") {
        Diagnostic finding = make_finding("UG401", "required-setting-unmet", Severity::Error,
                                          "units/web.service", 0, 0);
        Diagnostic repeated = finding;
        Diagnostic waived = finding;
        waived.state = FindingState::Baselined;
        CHECK(render_gitlab({finding, repeated, waived}, kBase) ==
              "[{\"description\":\"web.service: ProtectSystem= must be 'strict' but is "
              "'full'\",\"check_name\":\"UG401 required-setting-unmet\",\"fingerprint\":"
              "\"0123456789abcdef\",\"severity\":\"critical\",\"location\":{\"path\":"
              "\"sub/units/web.service\",\"lines\":{\"begin\":1}}},"
              "{\"description\":\"web.service: ProtectSystem= must be 'strict' but is "
              "'full'\",\"check_name\":\"UG401 required-setting-unmet\",\"fingerprint\":"
              "\"0123456789abcdef-2\",\"severity\":\"critical\",\"location\":{\"path\":"
              "\"sub/units/web.service\",\"lines\":{\"begin\":1}}}]\n");
    }

    TEST_CASE("junit - passed, failed and skipped cases") {
        Diagnostic failed = make_finding("UG401", "required-setting-unmet", Severity::Error,
                                         "units/web.service", 4, 15);
        Diagnostic waived = make_finding("UG402", "forbidden-setting-in-effect",
                                         Severity::Error, "units/web.service", 5, 1);
        waived.state = FindingState::Waived;
        waived.state_reason = "the panel calls sudo";
        std::vector<EvaluatedUnit> units = {{"web.service", {"UG101"}}};
        CHECK(render_junit({failed, waived}, units) ==
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<testsuites name=\"unitguard\" tests=\"3\" failures=\"1\" errors=\"0\" "
              "skipped=\"1\">\n"
              "  <testsuite name=\"web.service\" tests=\"3\" failures=\"1\" errors=\"0\" "
              "skipped=\"1\">\n"
              "    <testcase classname=\"web.service\" name=\"UG101 unit-file-syntax\"/>\n"
              "    <testcase classname=\"web.service\" name=\"UG401 required-setting-unmet\">\n"
              "      <failure message=\"ProtectSystem= must be &apos;strict&apos; but is "
              "&apos;full&apos;\" type=\"error\">units/web.service:4:15: error: "
              "ProtectSystem= must be &apos;strict&apos; but is &apos;full&apos;&#10;"
              "</failure>\n"
              "    </testcase>\n"
              "    <testcase classname=\"web.service\" "
              "name=\"UG402 forbidden-setting-in-effect\">\n"
              "      <skipped message=\"waived: the panel calls sudo\"/>\n"
              "    </testcase>\n"
              "  </testsuite>\n"
              "</testsuites>\n");
    }

    TEST_CASE("sarif - result fields") {
        Diagnostic finding = make_finding("UG401", "required-setting-unmet", Severity::Error,
                                          "units/web.service", 0, 0);
        Diagnostic suppressed = finding;
        suppressed.state = FindingState::Suppressed;
        suppressed.state_reason = "needed for sudo";
        RunSummary summary{1, "findings at or above 'warning'", 257, 1};
        std::string out = render_sarif({finding, suppressed}, summary, kBase);
        CHECK(out.find("\"version\":\"2.1.0\"") != std::string::npos);
        CHECK(out.find("\"artifactLocation\":{\"uri\":\"sub/units/web.service\","
                       "\"uriBaseId\":\"SRCROOT\"},\"region\":{\"startLine\":1,"
                       "\"startColumn\":1}") != std::string::npos);
        CHECK(out.find("\"partialFingerprints\":{\"unitguardFingerprint/v1\":"
                       "\"0123456789abcdef\"}") != std::string::npos);
        CHECK(out.find("\"suppressions\":[{\"kind\":\"inSource\",\"status\":\"accepted\","
                       "\"justification\":\"needed for sudo\"") != std::string::npos);
        CHECK(out.find("\"SRCROOT\":{\"uri\":\"file:///repo/\"}") != std::string::npos);
        CHECK(out.find("\"security-severity\":\"8.0\"") != std::string::npos);
    }

    TEST_CASE("sarif - unreadable input is a notification") {
        Diagnostic unreadable = make_finding("UG002", "unreadable-input", Severity::Error,
                                             "units/gone.service", 0, 0);
        unreadable.message = "cannot read 'units/gone.service'";
        RunSummary summary{3, "some input could not be read", 257, 0};
        std::string out = render_sarif({unreadable}, summary, kBase);
        CHECK(out.find("\"executionSuccessful\":false") != std::string::npos);
        CHECK(out.find("\"toolExecutionNotifications\":[{\"level\":\"error\",\"message\":"
                       "{\"text\":\"web.service: cannot read 'units/gone.service'\"}") !=
              std::string::npos);
        CHECK(out.find("\"results\":[]") != std::string::npos);
    }

    TEST_CASE("rule set version - counts the catalogue") {
        std::string version = rule_set_version();
        CHECK(version.find(" rules, ") != std::string::npos);
        CHECK(version.size() == version.find(", ") + 2 + 8);
    }
}
