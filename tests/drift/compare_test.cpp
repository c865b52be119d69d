// SPDX-License-Identifier: MIT
// Tests for the drift comparisons that need no manager: reload state, expected units and
// kernel parameters.
#include "drift/compare.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using unitguard::Diagnostic;
using unitguard::drift::check_expected_units;
using unitguard::drift::check_reload;
using unitguard::drift::compare_sysctl;
using unitguard::drift::LiveUnit;
using unitguard::rules::parse_policy;
using unitguard::rules::Policy;

namespace {

std::string fixtures() { return std::string(UG_SOURCE_DIR) + "/fixtures/drift"; }

Policy policy_from(const std::string& text) {
    auto policy = parse_policy(text, "policy.toml");
    REQUIRE(policy.has_value());
    return std::move(*policy);
}

LiveUnit live_unit(std::string name, std::string load_state, std::string active_state) {
    LiveUnit unit;
    unit.name = std::move(name);
    unit.load_state = std::move(load_state);
    unit.active_state = std::move(active_state);
    return unit;
}

std::vector<std::string> messages(const std::vector<Diagnostic>& findings) {
    std::vector<std::string> result;
    for (const Diagnostic& finding : findings) {
        result.push_back(finding.rule_id + " " + finding.message);
    }
    return result;
}

constexpr const char* kProfiles = R"(schema = 1
[[profile]]
name = "web"
units = ["game-web.service", "game-server@.service", "other-*.service"]
)";

}  // namespace

TEST_SUITE("drift") {
    TEST_CASE("reload - NeedDaemonReload is reported") {
        LiveUnit unit = live_unit("game-web.service", "loaded", "active");
        CHECK(check_reload(unit).empty());
        unit.need_daemon_reload = true;
        unit.fragment_path = "/etc/systemd/system/game-web.service";
        std::vector<Diagnostic> findings = check_reload(unit);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].rule_id == "UG504");
        CHECK(findings[0].message ==
              "unit files of 'game-web.service' changed on disk since the manager loaded them "
              "(NeedDaemonReload=yes)");
        CHECK(findings[0].location.path == "/etc/systemd/system/game-web.service");
    }

    TEST_CASE("expected units - missing, masked and failed") {
        Policy policy = policy_from(kProfiles);
        SUBCASE("missing and no instance") {
            CHECK(messages(check_expected_units(policy, {})) ==
                  std::vector<std::string>{
                      "UG505 unit 'game-web.service' that profile 'web' names is not found on "
                      "the host",
                      "UG505 unit 'game-server@.service' that profile 'web' names has no loaded "
                      "instance on the host"});
        }
        SUBCASE("masked and failed") {
            std::vector<LiveUnit> live;
            live.push_back(live_unit("game-web.service", "masked", "inactive"));
            live.push_back(live_unit("game-server@1.service", "loaded", "failed"));
            CHECK(messages(check_expected_units(policy, live)) ==
                  std::vector<std::string>{
                      "UG505 unit 'game-web.service' that profile 'web' names is masked on "
                      "the host"});
            live[0].load_state = "loaded";
            live[0].active_state = "failed";
            CHECK(messages(check_expected_units(policy, live)) ==
                  std::vector<std::string>{
                      "UG505 unit 'game-web.service' that profile 'web' names has failed on "
                      "the host"});
        }
    }

    TEST_CASE("sysctl - live value against policy and sysctl.d") {
        Policy policy = policy_from(R"(schema = 1
[sysctl]
"kernel.yama.ptrace_scope" = 1
)");
        unitguard::drift::SysctlConfig persisted;
        unitguard::drift::apply_sysctl_text(persisted, "kernel.yama.ptrace_scope = 3\n",
                                            "/etc/sysctl.d/60-yama.conf");
        std::vector<Diagnostic> findings =
            compare_sysctl(policy, fixtures() + "/proc-sys", &persisted, "/srv/root/");
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].rule_id == "UG506");
        CHECK(findings[0].message ==
              "kernel parameter 'kernel.yama.ptrace_scope' is '2' in '" + fixtures() +
                  "/proc-sys/kernel/yama/ptrace_scope' but the policy requires '1'");
        CHECK(findings[1].rule_id == "UG507");
        CHECK(findings[1].location.path == "/srv/root/etc/sysctl.d/60-yama.conf");
        CHECK(findings[1].location.line == 1);
    }

    TEST_CASE("sysctl - missing yama is its own finding") {
        Policy policy = policy_from(R"(schema = 1
[sysctl]
"kernel.yama.ptrace_scope" = 2
)");
        std::vector<Diagnostic> findings =
            compare_sysctl(policy, fixtures() + "/proc-sys-no-yama", nullptr);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].rule_id == "UG509");
        CHECK(findings[0].directive == std::optional<std::string>("kernel.yama.ptrace_scope"));
    }
}
