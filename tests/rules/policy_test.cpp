// SPDX-License-Identifier: MIT
// Tests for the policy reader: strict errors with their places, the parsed values,
// host drop-ins, discovery and unit matching.
#include "rules/policy.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <source_location>
#include <string>
#include <vector>

using unitguard::Error;
using unitguard::Severity;
using unitguard::rules::DirectiveValue;
using unitguard::rules::Policy;
using unitguard::rules::PolicyResult;
using unitguard::rules::Profile;
using unitguard::rules::read_policy;

namespace {

namespace fs = std::filesystem;

const std::string kPath = "policy.toml";

std::string fixture(const std::string& name) {
    return std::string(UG_SOURCE_DIR) + "/tests/rules/policy/" + name;
}

// Checks that `text` yields exactly one error, with this message and place.
void check_error(const std::string& text, const std::string& message, int line, int column,
                 std::source_location where = std::source_location::current()) {
    INFO("checked from line " << where.line());
    const PolicyResult result = read_policy(text, kPath);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].message == message);
    CHECK(result.errors[0].location.path == kPath);
    CHECK(result.errors[0].location.line == line);
    CHECK(result.errors[0].location.column == column);
}

// A policy whose only profile has `body` after its name and units (lines 2 to 4).
std::string profile_with(const std::string& body) {
    return "schema = 1\n"
           "[[profile]]\n"
           "name = \"web\"\n"
           "units = [\"web.service\"]\n" +
           body;
}

const DirectiveValue* find_value(const std::vector<DirectiveValue>& values, std::string_view name) {
    for (const DirectiveValue& value : values) {
        if (value.name == name) return &value;
    }
    return nullptr;
}

// A scratch directory below the system temporary directory, removed at the end.
class TempTree {
  public:
    TempTree() {
        root_ = fs::temp_directory_path() / ("unitguard-policy-test-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(counter_++));
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    ~TempTree() {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    const fs::path& root() const { return root_; }

    fs::path write(const std::string& relative, const std::string& text = "schema = 1\n") const {
        const fs::path path = root_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path) << text;
        return path;
    }

    fs::path directory(const std::string& relative) const {
        fs::create_directories(root_ / relative);
        return root_ / relative;
    }

  private:
    static inline int counter_ = 0;
    fs::path root_;
};

}  // namespace

TEST_SUITE("rules") {
    // ---- strictness: one case per error --------------------------------------------

    TEST_CASE("policy errors - unknown top-level key") {
        check_error("schema = 1\nfail_on = \"error\"\n",
                    "unknown top-level key 'fail_on'; did you mean 'fail-on'?", 2, 1);
    }

    TEST_CASE("policy errors - unknown key in profile") {
        check_error(profile_with("[profile.requrie]\nPrivatePIDs = true\n"),
                    "unknown key 'requrie' in [[profile]]; did you mean 'require'?", 5, 10);
    }

    TEST_CASE("policy errors - unknown key in syscalls") {
        check_error(profile_with("[profile.syscalls]\ndney = [\"ptrace\"]\n"),
                    "unknown key 'dney' in [profile.syscalls]; did you mean 'deny'?", 6, 1);
    }

    TEST_CASE("policy errors - unknown key in waiver") {
        check_error(
            "schema = 1\n[[waiver]]\nrule = \"UG402\"\nreason = \"x\"\nunit = [\"a.service\"]\n",
            "unknown key 'unit' in [[waiver]]; did you mean 'units'?", 5, 1);
    }

    TEST_CASE("policy errors - unknown directive") {
        check_error(profile_with("[profile.require]\nPrivatePID = true\n"),
                    "unknown directive 'PrivatePID='; did you mean 'PrivatePIDs='?", 6, 1);
    }

    TEST_CASE("policy errors - directive in wrong case") {
        check_error(profile_with("[profile.forbid]\nmemorydenywriteexecute = true\n"),
                    "unknown directive 'memorydenywriteexecute='; did you mean "
                    "'MemoryDenyWriteExecute='?",
                    6, 1);
    }

    TEST_CASE("policy errors - directive in another section") {
        check_error(profile_with("[profile.require]\n\"Unit.PrivatePIDs\" = true\n"),
                    "unknown directive 'PrivatePIDs=' in [Unit]; did you mean "
                    "'Service.PrivatePIDs'?",
                    6, 1);
    }

    TEST_CASE("policy errors - unknown section prefix") {
        check_error(profile_with("[profile.require]\nServce.PrivatePIDs = true\n"),
                    "unknown section 'Servce' in [profile.require]; did you mean 'Service'?", 6, 1);
    }

    TEST_CASE("policy errors - value the directive rejects") {
        check_error(profile_with("[profile.require]\nProtectSystem = \"strcit\"\n"),
                    "invalid value 'strcit' for ProtectSystem=: expected one of: yes, no, full, "
                    "strict; did you mean 'strict'?",
                    6, 17);
    }

    TEST_CASE("policy errors - value newer than the target") {
        const std::string body =
            "[[profile]]\nname = \"web\"\nunits = [\"web.service\"]\n"
            "[profile.require]\nPrivateTmp = \"disconnected\"\n";
        check_error("schema = 1\ntarget-systemd = 252\n" + body,
                    "invalid value 'disconnected' for PrivateTmp=: needs a newer systemd than "
                    "252; expected one of: yes, no",
                    7, 14);
        CHECK(read_policy("schema = 1\ntarget-systemd = 257\n" + body, kPath).errors.empty());
        CHECK(read_policy("schema = 1\n" + body, kPath).errors.empty());
    }

    TEST_CASE("policy errors - boolean directive rejects a word") {
        check_error(profile_with("[profile.forbid]\nMemoryDenyWriteExecute = \"yess\"\n"),
                    "invalid value 'yess' for MemoryDenyWriteExecute=: invalid boolean 'yess'; "
                    "did you mean 'yes'?",
                    6, 26);
    }

    TEST_CASE("policy errors - array for a single-value directive") {
        check_error(profile_with("[profile.require]\nProtectSystem = [\"strict\"]\n"),
                    "wrong type for ProtectSystem=: expected a single boolean, integer or "
                    "string, found an array",
                    6, 17);
    }

    TEST_CASE("policy errors - float for a directive") {
        check_error(profile_with("[profile.require]\nSystemCallArchitectures = 1.5\n"),
                    "wrong type for SystemCallArchitectures=: expected a boolean, integer, "
                    "string or array of strings, found a floating-point number",
                    6, 27);
    }

    TEST_CASE("policy errors - non-string list item") {
        check_error(profile_with("[profile.require]\nSystemCallArchitectures = [\"native\", 3]\n"),
                    "wrong type for an item of SystemCallArchitectures=: expected a string, "
                    "found an integer",
                    6, 38);
    }

    TEST_CASE("policy errors - empty directive value") {
        check_error(profile_with("[profile.require]\nProtectSystem = \"\"\n"),
                    "empty value for ProtectSystem=: name the value that must or must not be in "
                    "effect",
                    6, 17);
    }

    TEST_CASE("policy errors - units is not an array") {
        check_error("schema = 1\n[[profile]]\nname = \"web\"\nunits = \"web.service\"\n",
                    "wrong type for 'units' in [[profile]]: expected an array of strings, found "
                    "a string",
                    4, 9);
    }

    TEST_CASE("policy errors - units item is not a string") {
        check_error("schema = 1\n[[profile]]\nname = \"web\"\nunits = [\"a.service\", 7]\n",
                    "wrong type for an item of 'units' in [[profile]]: expected a string, found "
                    "an integer",
                    4, 23);
    }

    TEST_CASE("policy errors - empty units array") {
        check_error("schema = 1\n[[profile]]\nname = \"web\"\nunits = []\n",
                    "empty array for 'units' in [[profile]]: it would match no unit", 4, 9);
    }

    TEST_CASE("policy errors - exposure-max is not a number") {
        check_error(profile_with("exposure-max = \"high\"\n"),
                    "wrong type for 'exposure-max' in [[profile]]: expected a number from 0 to "
                    "10, found a string",
                    5, 16);
    }

    TEST_CASE("policy errors - exposure-max out of range") {
        check_error(profile_with("exposure-max = 12.5\n"),
                    "invalid value 12.5 for 'exposure-max': expected a number from 0 to 10", 5, 16);
    }

    TEST_CASE("policy errors - profile without name") {
        check_error("schema = 1\n\n[[profile]]\nunits = [\"web.service\"]\n",
                    "missing required key 'name' in [[profile]]", 3, 1);
    }

    TEST_CASE("policy errors - profile without units") {
        check_error("schema = 1\n[[profile]]\nname = \"web\"\n",
                    "missing required key 'units' in [[profile]]", 2, 1);
    }

    TEST_CASE("policy errors - profile with empty name") {
        check_error("schema = 1\n[[profile]]\nname = \"\"\nunits = [\"web.service\"]\n",
                    "empty value for 'name' in [[profile]]", 3, 8);
    }

    TEST_CASE("policy errors - duplicate profile name") {
        check_error(profile_with("[[profile]]\nname = \"web\"\nunits = [\"b.service\"]\n"),
                    "duplicate profile name 'web'; the first is on line 3", 6, 8);
    }

    TEST_CASE("policy errors - profile written as a table") {
        check_error("schema = 1\n[profile]\nname = \"web\"\n",
                    "wrong type for 'profile': expected an array of tables ([[profile]]), found "
                    "a table",
                    2, 1);
    }

    TEST_CASE("policy errors - waiver without rule") {
        check_error("schema = 1\n[[waiver]]\nreason = \"the panel calls sudo\"\n",
                    "missing required key 'rule' in [[waiver]]", 2, 1);
    }

    TEST_CASE("policy errors - waiver without reason") {
        check_error("schema = 1\n[[waiver]]\nrule = \"UG402\"\n",
                    "missing required key 'reason' in [[waiver]]", 2, 1);
    }

    TEST_CASE("policy errors - waiver expiry as a string") {
        check_error(
            "schema = 1\n[[waiver]]\nrule = \"UG402\"\nreason = \"x\"\nexpires = \"2027-06-30\"\n",
            "wrong type for 'expires' in [[waiver]]: expected a date such as 2027-06-30, found a "
            "string",
            5, 11);
    }

    TEST_CASE("policy errors - unsupported schema") {
        check_error("schema = 2\n",
                    "unsupported schema 2; this version of unitguard reads schema 1", 1, 10);
    }

    TEST_CASE("policy errors - schema of the wrong type") {
        check_error("schema = \"1\"\n",
                    "wrong type for 'schema': expected an integer, found a string", 1, 10);
    }

    TEST_CASE("policy errors - missing schema") {
        check_error("fail-on = \"error\"\n", "missing required key 'schema'; expected 'schema = 1'",
                    1, 1);
    }

    TEST_CASE("policy errors - invalid fail-on") {
        check_error("schema = 1\nfail-on = \"warnig\"\n",
                    "invalid value 'warnig' for 'fail-on': expected 'error', 'warning' or 'info'; "
                    "did you mean 'warning'?",
                    2, 11);
    }

    TEST_CASE("policy errors - target-systemd out of range") {
        check_error("schema = 1\ntarget-systemd = 2570\n",
                    "invalid value 2570 for 'target-systemd': expected a systemd release number "
                    "from 1 to 999",
                    2, 18);
    }

    TEST_CASE("policy errors - target-systemd of the wrong type") {
        check_error("schema = 1\ntarget-systemd = \"v257\"\n",
                    "wrong type for 'target-systemd': expected an integer, found a string", 2, 18);
    }

    TEST_CASE("policy errors - unit glob with unclosed bracket") {
        check_error("schema = 1\n[[profile]]\nname = \"web\"\nunits = [\"game-[abc.service\"]\n",
                    "invalid unit pattern 'game-[abc.service' in 'units': unclosed '['", 4, 10);
    }

    TEST_CASE("policy errors - unit name without type") {
        check_error("schema = 1\n[[profile]]\nname = \"web\"\nunits = [\"game-web\"]\n",
                    "invalid unit pattern 'game-web' in 'units': a unit name needs a type "
                    "suffix such as '.service'",
                    4, 10);
    }

    TEST_CASE("policy errors - unit pattern with unknown type") {
        check_error("schema = 1\n[[profile]]\nname = \"web\"\nunits = [\"web.servce\"]\n",
                    "invalid unit pattern 'web.servce' in 'units': unknown unit type 'servce'", 4,
                    10);
    }

    TEST_CASE("policy errors - unit pattern with a slash") {
        check_error(
            "schema = 1\n[[profile]]\nname = \"web\"\nunits = [\"/etc/web.service\"]\n",
            "invalid unit pattern '/etc/web.service' in 'units': character '/' cannot occur in "
            "a unit name",
            4, 10);
    }

    TEST_CASE("policy errors - sysctl value of the wrong type") {
        check_error("schema = 1\n[sysctl]\n\"kernel.yama.ptrace_scope\" = [2]\n",
                    "wrong type for sysctl 'kernel.yama.ptrace_scope': expected a string, "
                    "integer or boolean, found an array",
                    3, 30);
    }

    TEST_CASE("policy errors - sysctl glob key") {
        check_error("schema = 1\n[sysctl]\n\"net.ipv4.conf.*.rp_filter\" = 1\n",
                    "invalid sysctl key 'net.ipv4.conf.*.rp_filter': globs are not supported "
                    "here, name one parameter",
                    3, 1);
    }

    TEST_CASE("policy errors - sysctl key in two spellings") {
        check_error(
            "schema = 1\n[sysctl]\n\"kernel.yama.ptrace_scope\" = 2\n"
            "\"kernel/yama/ptrace_scope\" = 1\n",
            "duplicate sysctl key 'kernel/yama/ptrace_scope'; the first is on line 3", 4, 1);
    }

    TEST_CASE("policy errors - unknown syscall") {
        check_error(profile_with("[profile.syscalls]\ndeny = [\"ptrce\"]\n"),
                    "unknown syscall 'ptrce' in 'deny'; did you mean 'ptrace'?", 6, 9);
    }

    TEST_CASE("policy errors - unknown syscall group") {
        check_error(profile_with("[profile.syscalls]\ndeny = [\"@mout\"]\n"),
                    "unknown syscall group '@mout' in 'deny'; did you mean '@mount'?", 6, 9);
    }

    TEST_CASE("policy errors - required and forbidden at once") {
        check_error(profile_with("[profile.require]\nPrivateTmp = true\n"
                                 "[profile.forbid]\nPrivateTmp = \"yes\"\n"),
                    "PrivateTmp=yes is both required and forbidden; the requirement is on line 6",
                    8, 1);
    }

    TEST_CASE("policy errors - same directive twice") {
        check_error(profile_with("[profile.require]\nPrivateTmp = true\n"
                                 "\"Service.PrivateTmp\" = true\n"),
                    "duplicate directive Service.PrivateTmp= in [profile.require]; the first is "
                    "on line 6",
                    7, 1);
    }

    TEST_CASE("policy errors - invalid TOML") {
        check_error("schema = 1\nfail-on = \n",
                    "invalid TOML: error while parsing key-value pair: expected value, saw "
                    "'\\n'",
                    2, 11);
    }

    TEST_CASE("policy errors - every error is collected in file order") {
        const std::string text =
            "schema = 1\n"
            "fail-on = \"warnig\"\n"
            "[[profile]]\n"
            "name = \"web\"\n"
            "units = [\"web.service\"]\n"
            "exposure-max = \"high\"\n"
            "[profile.require]\n"
            "PrivatePID = true\n"
            "ProtectSystem = \"strict\"\n"
            "[[waiver]]\n"
            "rule = \"UG402\"\n";
        const PolicyResult result = read_policy(text, kPath);
        REQUIRE(result.errors.size() == 4);
        CHECK(result.errors[0].location.line == 2);
        CHECK(result.errors[1].location.line == 6);
        CHECK(result.errors[2].location.line == 8);
        CHECK(result.errors[3].location.line == 10);
        CHECK(result.errors[3].message == "missing required key 'reason' in [[waiver]]");

        // The valid parts are still there for reporting.
        REQUIRE(result.policy.profiles.size() == 1);
        REQUIRE(result.policy.profiles[0].require.size() == 1);
        CHECK(result.policy.profiles[0].require[0].name == "ProtectSystem");

        auto first = unitguard::rules::parse_policy(text, kPath);
        REQUIRE_FALSE(first.has_value());
        CHECK(first.error().message ==
              "invalid value 'warnig' for 'fail-on': expected 'error', 'warning' or 'info'; did "
              "you mean 'warning'?");
    }

    // ---- values ---------------------------------------------------------------------

    TEST_CASE("policy - example parses into its values") {
        auto loaded = unitguard::rules::load_policy(fixture("example.toml"));
        REQUIRE(loaded.has_value());
        const Policy& policy = *loaded;

        CHECK(policy.sources == std::vector<std::string>{fixture("example.toml")});
        REQUIRE(policy.schema.has_value());
        CHECK(policy.schema->value == 1);
        REQUIRE(policy.target_systemd.has_value());
        CHECK(policy.target_systemd->value == 257);
        CHECK(policy.target_systemd->key_location.line == 2);
        CHECK(policy.target_systemd->key_location.column == 1);
        CHECK(policy.target_systemd->value_location.column == 18);
        REQUIRE(policy.fail_on.has_value());
        CHECK(policy.fail_on->value == Severity::Warning);

        REQUIRE(policy.profiles.size() == 2);
        const Profile& server = policy.profiles[0];
        CHECK(server.name.value == "game-server");
        CHECK(server.location.line == 5);
        CHECK(server.location.column == 1);
        REQUIRE(server.units.size() == 1);
        CHECK(server.units[0].value == "game-server@.service");
        CHECK(server.units[0].value_location.line == 7);
        CHECK(server.units[0].value_location.column == 10);
        REQUIRE(server.exposure_max.has_value());
        CHECK(server.exposure_max->value == 1.5);

        REQUIRE(server.require.size() == 3);
        CHECK(server.require[0].section == "Service");
        CHECK(server.require[0].name == "PrivatePIDs");
        CHECK(server.require[0].value == "yes");
        CHECK(server.require[0].key_location.line == 11);
        CHECK(server.require[0].key_location.column == 1);
        CHECK(server.require[0].value_location.column == 15);
        CHECK(server.require[0].value_location.end_column == 19);
        CHECK(server.require[1].name == "ProtectSystem");
        CHECK(server.require[1].value == "strict");
        CHECK(server.require[2].name == "SystemCallArchitectures");
        CHECK(server.require[2].is_list);
        CHECK(server.require[2].value == "native x86");
        CHECK(server.require[2].items == std::vector<std::string>{"native", "x86"});

        REQUIRE(server.forbid.size() == 1);
        CHECK(server.forbid[0].name == "MemoryDenyWriteExecute");
        CHECK(server.forbid[0].value == "yes");

        REQUIRE(server.deny_syscalls.size() == 3);
        CHECK(server.deny_syscalls[0].value == "ptrace");
        CHECK(server.deny_syscalls[1].value == "process_vm_readv");
        CHECK(server.deny_syscalls[2].value == "process_vm_writev");
        CHECK(server.deny_syscalls[2].value_location.line == 19);
        CHECK(server.deny_syscalls[2].value_location.column == 39);

        const Profile& web = policy.profiles[1];
        CHECK(web.name.value == "game-web");
        REQUIRE(web.exposure_max.has_value());
        CHECK(web.exposure_max->value == 4.0);
        REQUIRE(web.forbid.size() == 1);
        CHECK(web.forbid[0].name == "NoNewPrivileges");
        CHECK(web.forbid[0].value == "yes");

        REQUIRE(policy.sysctl.size() == 1);
        CHECK(policy.sysctl[0].key == "kernel.yama.ptrace_scope");
        CHECK(policy.sysctl[0].value == "2");
        CHECK(policy.sysctl[0].key_location.line == 30);

        REQUIRE(policy.waivers.size() == 1);
        const auto& waiver = policy.waivers[0];
        CHECK(waiver.rule.value == "UG402");
        CHECK(waiver.reason.value == "the panel calls sudo");
        REQUIRE(waiver.units.size() == 1);
        CHECK(waiver.units[0].value == "game-web.service");
        REQUIRE(waiver.expires.has_value());
        CHECK(waiver.expires->value == unitguard::rules::Date{2027, 6, 30});
        CHECK(waiver.location.line == 32);
    }

    TEST_CASE("policy values - sections may be named") {
        const PolicyResult result =
            read_policy(profile_with("[profile.require]\n"
                                     "Service.ProtectHome = true\n"
                                     "\"Unit.RefuseManualStart\" = \"yes\"\n"
                                     "[profile.require.Install]\n"
                                     "WantedBy = \"multi-user.target\"\n"),
                        kPath);
        REQUIRE(result.errors.empty());
        const auto& require = result.policy.profiles.at(0).require;
        REQUIRE(require.size() == 3);
        CHECK(require[0].section == "Service");
        CHECK(require[0].name == "ProtectHome");
        CHECK(require[0].value == "yes");
        CHECK(require[0].key_location.column == 9);
        CHECK(require[1].section == "Unit");
        CHECK(require[1].name == "RefuseManualStart");
        CHECK(require[2].section == "Install");
        CHECK(require[2].name == "WantedBy");
        CHECK(require[2].value == "multi-user.target");
    }

    TEST_CASE("policy values - booleans compare as yes or no") {
        const PolicyResult result = read_policy(profile_with("[profile.require]\n"
                                                             "PrivateTmp = \"on\"\n"
                                                             "PrivateDevices = 1\n"
                                                             "NoNewPrivileges = false\n"
                                                             "ProtectSystem = \"true\"\n"),
                                                kPath);
        REQUIRE(result.errors.empty());
        const auto& require = result.policy.profiles.at(0).require;
        CHECK(find_value(require, "PrivateTmp")->value == "yes");
        CHECK(find_value(require, "PrivateDevices")->value == "yes");
        CHECK(find_value(require, "NoNewPrivileges")->value == "no");
        CHECK(find_value(require, "ProtectSystem")->value == "yes");
    }

    TEST_CASE("policy values - lists compare as sets") {
        const PolicyResult result =
            read_policy(profile_with("[profile.require]\n"
                                     "RestrictAddressFamilies = \"AF_UNIX AF_INET AF_UNIX\"\n"
                                     "SystemCallFilter = [\"~@mount\", \"@debug\"]\n"),
                        kPath);
        REQUIRE(result.errors.empty());
        const auto& require = result.policy.profiles.at(0).require;
        const DirectiveValue* families = find_value(require, "RestrictAddressFamilies");
        REQUIRE(families != nullptr);
        CHECK(families->value == "AF_INET AF_UNIX");
        CHECK(families->items == std::vector<std::string>{"AF_INET", "AF_UNIX"});
        const DirectiveValue* filter = find_value(require, "SystemCallFilter");
        REQUIRE(filter != nullptr);
        CHECK(filter->value == "~@debug @mount");
    }

    TEST_CASE("policy values - sysctl keys and values are normalised") {
        const PolicyResult result = read_policy(
            "schema = 1\n[sysctl]\n"
            "\"net/ipv4/conf/eth0.100/rp_filter\" = 1\n"
            "kernel.kptr_restrict = 2\n"
            "\"net.ipv4.ip_forward\" = false\n"
            "\"kernel.core_pattern\" = \"core\"\n",
            kPath);
        REQUIRE(result.errors.empty());
        const Policy& policy = result.policy;
        REQUIRE(policy.sysctl.size() == 4);
        REQUIRE(policy.find_sysctl("net.ipv4.conf.eth0/100.rp_filter") != nullptr);
        CHECK(policy.find_sysctl("net.ipv4.conf.eth0/100.rp_filter")->value == "1");
        REQUIRE(policy.find_sysctl("kernel/kptr_restrict") != nullptr);
        CHECK(policy.find_sysctl("kernel/kptr_restrict")->value == "2");
        CHECK(policy.find_sysctl("kernel.kptr_restrict")->key_location.column == 8);
        CHECK(policy.find_sysctl("net.ipv4.ip_forward")->value == "0");
        CHECK(policy.find_sysctl("kernel.core_pattern")->value == "core");
        CHECK(policy.find_sysctl("vm.swappiness") == nullptr);
    }

    TEST_CASE("policy values - waiver without units covers every unit") {
        const PolicyResult result =
            read_policy("schema = 1\n[[waiver]]\nrule = \"UG401\"\nreason = \"legacy\"\n", kPath);
        REQUIRE(result.errors.empty());
        REQUIRE(result.policy.waivers.size() == 1);
        const auto& waiver = result.policy.waivers[0];
        CHECK(waiver.units.empty());
        CHECK_FALSE(waiver.expires.has_value());
        CHECK(unitguard::rules::waiver_applies(waiver, "UG401", "anything.service"));
        CHECK_FALSE(unitguard::rules::waiver_applies(waiver, "UG402", "anything.service"));
    }

    TEST_CASE("policy values - canonical directive values") {
        using unitguard::rules::canonical_directive_value;
        const auto* bool_directive = unitguard::rules::find_directive("Service", "PrivateTmp");
        REQUIRE(bool_directive != nullptr);
        CHECK(canonical_directive_value(*bool_directive, "true").text == "yes");
        CHECK(canonical_directive_value(*bool_directive, "0").text == "no");

        const auto* paths = unitguard::rules::find_directive("Service", "ReadWritePaths");
        REQUIRE(paths != nullptr);
        CHECK(canonical_directive_value(*paths, "/var/lib/b  /var/lib/a").text ==
              "/var/lib/a /var/lib/b");

        const auto* environment = unitguard::rules::find_directive("Service", "Environment");
        REQUIRE(environment != nullptr);
        CHECK(canonical_directive_value(*environment, "B=1 A=2").text == "B=1 A=2");
    }

    // ---- host policy ----------------------------------------------------------------

    TEST_CASE("host policy - drop-ins merge in file-name order") {
        const PolicyResult result = unitguard::rules::read_host_policy(fixture("host"));
        REQUIRE(result.errors.empty());
        const Policy& policy = result.policy;

        CHECK(policy.sources == std::vector<std::string>{
                                    "/etc/unitguard/unitguard.toml",
                                    "/etc/unitguard/unitguard.toml.d/10-web.toml",
                                    "/etc/unitguard/unitguard.toml.d/20-strict.toml",
                                });
        REQUIRE(policy.target_systemd.has_value());
        CHECK(policy.target_systemd->value == 252);
        REQUIRE(policy.fail_on.has_value());
        CHECK(policy.fail_on->value == Severity::Warning);
        CHECK(policy.fail_on->key_location.path ==
              "/etc/unitguard/unitguard.toml.d/20-strict.toml");

        REQUIRE(policy.profiles.size() == 2);
        CHECK(policy.profiles[0].name.value == "game-server");
        CHECK(policy.profiles[1].name.value == "game-web");
        CHECK(policy.profiles[1].location.path == "/etc/unitguard/unitguard.toml.d/10-web.toml");
        REQUIRE(policy.waivers.size() == 1);

        REQUIRE(policy.sysctl.size() == 2);
        const auto* scope = policy.find_sysctl("kernel.yama.ptrace_scope");
        REQUIRE(scope != nullptr);
        CHECK(scope->value == "2");
        CHECK(scope->key_location.path == "/etc/unitguard/unitguard.toml.d/20-strict.toml");
        CHECK(scope->key_location.line == 4);
        CHECK(policy.find_sysctl("kernel.kptr_restrict")->value == "2");
    }

    TEST_CASE("host policy - drop-ins alone are enough") {
        const PolicyResult result = unitguard::rules::read_host_policy(fixture("drop_ins_only"));
        REQUIRE(result.errors.size() == 1);
        CHECK(result.errors[0].message ==
              "invalid value 'nope' for 'fail-on': expected 'error', 'warning' or 'info'");
        CHECK(result.errors[0].location.path == "/etc/unitguard/unitguard.toml.d/50-bad.toml");
        CHECK(result.errors[0].location.line == 1);
        REQUIRE(result.policy.profiles.size() == 1);
        CHECK(result.policy.profiles[0].name.value == "web");
        CHECK_FALSE(result.policy.schema.has_value());
    }

    TEST_CASE("host policy - nothing to read is an error") {
        auto loaded = unitguard::rules::load_host_policy(fixture("empty_root"));
        REQUIRE_FALSE(loaded.has_value());
        CHECK(loaded.error().message ==
              "no host policy found: neither '/etc/unitguard/unitguard.toml' nor "
              "'/etc/unitguard/unitguard.toml.d/*.toml' exists below '" +
                  fixture("empty_root") + "'");
    }

    TEST_CASE("policy file - unreadable file is one error") {
        const std::vector<Error> errors =
            unitguard::rules::check_policy_file(fixture("no-such-policy.toml"));
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].message == "failed to read policy file '" + fixture("no-such-policy.toml") +
                                       "': No such file or directory");
        CHECK(errors[0].location.line == 0);
    }

    // ---- discovery ------------------------------------------------------------------

    TEST_CASE("discovery - nearest directory wins") {
        TempTree tree;
        tree.directory("repo/.git");
        tree.write("repo/unitguard.toml");
        const fs::path nearer = tree.write("repo/units/unitguard.toml");
        const fs::path start = tree.directory("repo/units/game");

        CHECK(unitguard::rules::discover_policy(start) == nearer);
        CHECK(unitguard::rules::discover_policy(tree.root() / "repo") ==
              tree.root() / "repo/unitguard.toml");
    }

    TEST_CASE("discovery - hidden name comes first") {
        TempTree tree;
        tree.directory("repo/.git");
        tree.write("repo/unitguard.toml");
        const fs::path hidden = tree.write("repo/.unitguard.toml");
        CHECK(unitguard::rules::discover_policy(tree.root() / "repo/") == hidden);
    }

    TEST_CASE("discovery - stops at the repository root") {
        TempTree tree;
        tree.write("unitguard.toml");
        tree.write("repo/.git", "gitdir: elsewhere\n");
        const fs::path start = tree.directory("repo/sub");
        CHECK_FALSE(unitguard::rules::discover_policy(start).has_value());
    }

    TEST_CASE("discovery - a directory with the policy name is skipped") {
        TempTree tree;
        tree.directory("repo/.git");
        tree.directory("repo/sub/unitguard.toml");
        const fs::path outer = tree.write("repo/.unitguard.toml");
        CHECK(unitguard::rules::discover_policy(tree.root() / "repo/sub") == outer);
    }

    // ---- matching -------------------------------------------------------------------

    TEST_CASE("profile matching - templates match their instances") {
        using unitguard::rules::unit_pattern_matches;
        CHECK(unit_pattern_matches("game-server@.service", "game-server@.service"));
        CHECK(unit_pattern_matches("game-server@.service", "game-server@1.service"));
        CHECK(unit_pattern_matches("game-server@.service", "game-server@eu-west.service"));
        CHECK_FALSE(unit_pattern_matches("game-server@.service", "game-server.service"));
        CHECK_FALSE(unit_pattern_matches("game-server@.service", "game-server@1.socket"));
        CHECK_FALSE(unit_pattern_matches("game-server@1.service", "game-server@2.service"));
        CHECK(unit_pattern_matches("game-server@1.service", "game-server@1.service"));
    }

    TEST_CASE("profile matching - globs match names and instances") {
        using unitguard::rules::unit_pattern_matches;
        CHECK(unit_pattern_matches("game-*.service", "game-web.service"));
        CHECK(unit_pattern_matches("game-*.service", "game-server@2.service"));
        CHECK(unit_pattern_matches("game-*.service", "game-server@.service"));
        CHECK_FALSE(unit_pattern_matches("game-*.service", "game-web.socket"));
        CHECK(unit_pattern_matches("game-?eb.service", "game-web.service"));
        CHECK(unit_pattern_matches("game-[sw]*.service", "game-server@1.service"));
        CHECK_FALSE(unit_pattern_matches("game-[!sw]*.service", "game-web.service"));
        CHECK(unit_pattern_matches("*@.service", "getty@tty1.service"));
    }

    TEST_CASE("profile matching - backslash is literal") {
        using unitguard::rules::unit_pattern_matches;
        CHECK(unit_pattern_matches("dev-disk-by\\x2dlabel.swap", "dev-disk-by\\x2dlabel.swap"));
        CHECK_FALSE(unit_pattern_matches("dev-disk-by\\x2dlabel.swap", "dev-disk-byx2dlabel.swap"));
    }

    TEST_CASE("profile matching - any pattern of a profile") {
        Profile profile;
        profile.units.push_back({"game-server@.service", {}, {}});
        profile.units.push_back({"game-web.service", {}, {}});
        CHECK(unitguard::rules::profile_matches(profile, "game-server@7.service"));
        CHECK(unitguard::rules::profile_matches(profile, "game-web.service"));
        CHECK_FALSE(unitguard::rules::profile_matches(profile, "game-db.service"));

        Policy policy;
        policy.profiles.push_back(profile);
        CHECK(policy.profiles_for("game-web.service").size() == 1);
        CHECK(policy.profiles_for("sshd.service").empty());
    }

    TEST_CASE("unit patterns - valid globs pass") {
        using unitguard::rules::check_unit_pattern;
        CHECK_FALSE(check_unit_pattern("game-*").has_value());
        CHECK_FALSE(check_unit_pattern("game-server@.service").has_value());
        CHECK_FALSE(check_unit_pattern("*.serv*").has_value());
        CHECK_FALSE(check_unit_pattern("[]ab].service").has_value());
        CHECK(check_unit_pattern("") == std::optional<std::string>("the pattern is empty"));
        CHECK(check_unit_pattern("a b.service") ==
              std::optional<std::string>("character ' ' cannot occur in a unit name"));
    }
}
