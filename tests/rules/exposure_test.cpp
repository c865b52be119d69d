// SPDX-License-Identifier: MIT
// Tests for the exposure score against systemd-analyze security's own numbers.
#include "rules/exposure/evaluate.hpp"

#include <doctest/doctest.h>

#include <source_location>

#include "linter/effective.hpp"
#include "linter/search_paths.hpp"
#include "linter/workspace.hpp"
#include "rules/exposure/policy_gate.hpp"
#include "rules/policy.hpp"
#include "tests/linter/temp_tree.hpp"

namespace unitguard::rules::exposure {
namespace {

using testing::TempTree;

// Expected badness and overall values come from `systemd-analyze security --offline=true`
// of Debian's systemd 252 (252.39), run on the same unit text as the case scores.

constexpr const char* kUnitDir = "/etc/systemd/system/";

linter::EffectiveUnit load(const TempTree& tree, const std::string& name, int target,
                           bool user_scope = false) {
    linter::RootFs root(tree.root());
    linter::Loader loader(root, linter::unit_search_path(user_scope ? linter::Scope::User
                                                                    : linter::Scope::System));
    linter::LoadedUnit unit = loader.load(name);
    linter::SpecifierContext context = linter::make_specifier_context(root, unit.name, false);
    context.target_version = target;
    return linter::compute_effective(unit, context);
}

// Scores a service whose [Service] section is ExecStart=/bin/true plus `body`.
ExposureReport score(const std::string& body, Model model = Model::Systemd252) {
    TempTree tree;
    tree.write(std::string(kUnitDir) + "t.service", "[Service]\nExecStart=/bin/true\n" + body);
    linter::EffectiveUnit unit = load(tree, "t.service", model_target_version(model));
    return evaluate(unit.settings, model);
}

const CheckResult& check_of(const ExposureReport& report, std::string_view json_field,
                            std::source_location where = std::source_location::current()) {
    for (const CheckResult& check : report.checks) {
        if (check.row.json_field == json_field) return check;
    }
    FAIL("no check " << json_field << " (called from line " << where.line() << ")");
    return report.checks.front();
}

std::optional<unsigned> badness(const ExposureReport& report, std::string_view json_field,
                                std::source_location where = std::source_location::current()) {
    return check_of(report, json_field, where).badness;
}

std::string overall(const ExposureReport& report) {
    return format_tenths(report.exposure) + " " + std::string(report.label());
}

}  // namespace

TEST_SUITE("exposure") {
    TEST_CASE("models - check lists per release") {
        CHECK(model_checks(Model::Systemd252).size() == 81);
        CHECK(model_checks(Model::Systemd260).size() == 81);
        CHECK(model_checks(Model::Unitguard).size() == 84);
        unsigned weights = 0;
        for (const AssessmentRow& row : model_checks(Model::Systemd252)) weights += row.weight;
        CHECK(weights == 56460);
        CHECK(model_checks(Model::Systemd252).back().json_field == "CapabilityBoundingSet_CAP_BPF");
    }

    TEST_CASE("models - names and targets") {
        CHECK(parse_model("systemd-252") == Model::Systemd252);
        CHECK(parse_model("systemd-260") == Model::Systemd260);
        CHECK(parse_model("unitguard") == Model::Unitguard);
        CHECK_FALSE(parse_model("systemd-257").has_value());
        CHECK(model_for_target(252) == Model::Systemd252);
        CHECK(model_for_target(259) == Model::Systemd252);
        CHECK(model_for_target(260) == Model::Systemd260);
        CHECK(model_for_target(261) == Model::Systemd260);
        CHECK(model_name(Model::Unitguard) == "unitguard");
    }

    TEST_CASE("formula - labels at their lower bounds") {
        CHECK(exposure_label(100) == "DANGEROUS");
        CHECK(exposure_label(99) == "UNSAFE");
        CHECK(exposure_label(90) == "UNSAFE");
        CHECK(exposure_label(89) == "EXPOSED");
        CHECK(exposure_label(75) == "EXPOSED");
        CHECK(exposure_label(74) == "MEDIUM");
        CHECK(exposure_label(50) == "MEDIUM");
        CHECK(exposure_label(49) == "OK");
        CHECK(exposure_label(10) == "OK");
        CHECK(exposure_label(9) == "SAFE");
        CHECK(exposure_label(1) == "SAFE");
        CHECK(exposure_label(0) == "PERFECT");
    }

    TEST_CASE("formula - tenths as text") {
        CHECK(format_tenths(0) == "0.0");
        CHECK(format_tenths(28) == "2.8");
        CHECK(format_tenths(100) == "10.0");
        CHECK(parse_tenths("5") == 50u);
        CHECK(parse_tenths("7.5") == 75u);
        CHECK(parse_tenths("10.0") == 100u);
        CHECK(parse_tenths("0") == 0u);
        CHECK_FALSE(parse_tenths("10.1").has_value());
        CHECK_FALSE(parse_tenths("5.55").has_value());
        CHECK_FALSE(parse_tenths(".5").has_value());
        CHECK_FALSE(parse_tenths("5.").has_value());
        CHECK_FALSE(parse_tenths("-1").has_value());
        CHECK_FALSE(parse_tenths("").has_value());
    }

    TEST_CASE("formula - sums and per-check shares") {
        ExposureReport report = score("");  // ExecStart only
        CHECK(overall(report) == "9.6 UNSAFE");
        CHECK(report.weight_sum == 56460 - 200 - 100);  // SupplementaryGroups, RemoveIPC n/a
        const CheckResult& network = check_of(report, "PrivateNetwork");
        CHECK(network.contribution() == 2500);
        CHECK(format_tenths(report.check_exposure(network)) == "0.5");
        const CheckResult& umask = check_of(report, "UMask");
        CHECK(umask.badness == 5u);
        CHECK(umask.contribution() == 50);
        CHECK(format_tenths(report.check_exposure(umask)) == "0.1");
    }

    TEST_CASE("dynamic user - implied sandbox") {
        ExposureReport report = score("DynamicUser=yes\n");
        CHECK(overall(report) == "8.4 EXPOSED");
        CHECK(badness(report, "UserOrDynamicUser") == 0u);
        CHECK(badness(report, "PrivateTmp") == 0u);
        CHECK(badness(report, "RemoveIPC") == 0u);
        CHECK(badness(report, "NoNewPrivileges") == 0u);
        CHECK(badness(report, "RestrictSUIDSGID") == 0u);
        CHECK(badness(report, "ProtectSystem") == 0u);
        CHECK(badness(report, "ProtectHome") == 5u);
        CHECK(badness(report, "PrivateMounts") == 1u);
        const CheckResult& tmp = check_of(report, "PrivateTmp");
        REQUIRE(tmp.deciders.size() == 1);
        CHECK(tmp.deciders[0].directive == "DynamicUser");
        CHECK(tmp.deciders[0].line == 3);
        CHECK(tmp.deciders[0].note == "DynamicUser=yes implies PrivateTmp=yes");
    }

    TEST_CASE("dynamic user - explicit values do not weaken it") {
        ExposureReport report =
            score("DynamicUser=yes\nProtectHome=tmpfs\nProtectSystem=no\nPrivateTmp=no\n");
        CHECK(overall(report) == "8.3 EXPOSED");
        CHECK(badness(report, "PrivateTmp") == 0u);
        CHECK(badness(report, "ProtectSystem") == 0u);
        CHECK(badness(report, "ProtectHome") == 1u);
    }

    TEST_CASE("privileged service - group and IPC checks do not apply") {
        ExposureReport report = score("DynamicUser=yes\nUser=root\nSupplementaryGroups=wheel\n");
        CHECK(overall(report) == "8.8 EXPOSED");
        CHECK(badness(report, "UserOrDynamicUser") == 10u);
        CHECK_FALSE(badness(report, "SupplementaryGroups").has_value());
        CHECK_FALSE(badness(report, "RemoveIPC").has_value());
        CHECK(check_of(report, "RemoveIPC").not_applicable == "the service runs as root");
    }

    TEST_CASE("user - nobody scores 9") {
        ExposureReport report = score("User=nobody\nSupplementaryGroups=a\nSupplementaryGroups=\n");
        CHECK(overall(report) == "9.5 UNSAFE");
        CHECK(badness(report, "UserOrDynamicUser") == 9u);
        CHECK(badness(report, "SupplementaryGroups") == 0u);
        CHECK(badness(report, "RemoveIPC") == 1u);
    }

    TEST_CASE("default dependencies - early boot checks do not apply") {
        TempTree tree;
        tree.write(std::string(kUnitDir) + "t.service",
                   "[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n");
        ExposureReport report = evaluate(load(tree, "t.service", 252).settings, Model::Systemd252);
        CHECK(overall(report) == "9.5 UNSAFE");
        for (std::string_view field :
             {"PrivateTmp", "ProtectHome", "ProtectSystem", "RootDirectoryOrRootImage"}) {
            CAPTURE(field);
            CHECK_FALSE(badness(report, field).has_value());
        }
    }

    TEST_CASE("booleans - an empty assignment leaves the value in force") {
        ExposureReport report = score("NoNewPrivileges=yes\nNoNewPrivileges=\nUMask=0077\n"
                                      "UMask=\nProtectProc=invisible\nProtectProc=\n");
        CHECK(badness(report, "NoNewPrivileges") == 0u);
        CHECK(check_of(report, "NoNewPrivileges").deciders.at(0).line == 3);
        CHECK(badness(report, "UMask") == 0u);
        CHECK(badness(report, "ProtectProc") == 0u);
    }

    TEST_CASE("capabilities - systemd's replace and merge rules") {
        // A set that is back at its initial value is replaced by the next list.
        ExposureReport merged = score("CapabilityBoundingSet=~CAP_KILL\n"
                                      "CapabilityBoundingSet=CAP_KILL\n"
                                      "CapabilityBoundingSet=CAP_SYS_ADMIN\n");
        CHECK(overall(merged) == "7.3 MEDIUM");
        CHECK(badness(merged, "CapabilityBoundingSet_CAP_KILL") == 0u);
        CHECK(badness(merged, "CapabilityBoundingSet_CAP_SYS_ADMIN") == 1u);
        CHECK(badness(merged, "CapabilityBoundingSet_CAP_NET_ADMIN") == 0u);

        ExposureReport tilde =
            score("CapabilityBoundingSet=CAP_NET_ADMIN\nCapabilityBoundingSet=~\n");
        CHECK(overall(tilde) == "9.6 UNSAFE");
        CHECK(badness(tilde, "CapabilityBoundingSet_CAP_SYS_ADMIN") == 1u);

        // A list that names no known capability replaces the set with nothing.
        ExposureReport unknown =
            score("CapabilityBoundingSet=CAP_KILL\nCapabilityBoundingSet=CAP_BOGUS\n");
        CHECK(overall(unknown) == "7.1 MEDIUM");
        CHECK(badness(unknown, "CapabilityBoundingSet_CAP_KILL") == 0u);
    }

    TEST_CASE("capabilities - sandboxing switches drop them") {
        ExposureReport report = score("PrivateDevices=yes\nProtectKernelModules=yes\n"
                                      "ProtectKernelLogs=yes\nCapabilityBoundingSet=CAP_MKNOD "
                                      "CAP_SYSLOG CAP_SYS_MODULE CAP_SYS_RAWIO\n");
        CHECK(overall(report) == "6.4 MEDIUM");
        CHECK(badness(report, "CapabilityBoundingSet_CAP_MKNOD") == 0u);
        CHECK(badness(report, "CapabilityBoundingSet_CAP_SYSLOG") == 0u);
        const CheckResult& module = check_of(report, "CapabilityBoundingSet_CAP_SYS_MODULE");
        CHECK(module.badness == 0u);
        REQUIRE(module.deciders.size() == 1);
        CHECK(module.deciders[0].note == "ProtectKernelModules=yes drops CAP_SYS_MODULE");
    }

    TEST_CASE("devices - policy and the clock rule") {
        CHECK(badness(score("ProtectClock=yes\n"), "DeviceAllow") == 10u);
        CHECK(badness(score("ProtectClock=yes\nDevicePolicy=closed\n"), "DeviceAllow") == 5u);
        CHECK(badness(score("ProtectClock=yes\nPrivateDevices=yes\n"), "DeviceAllow") == 5u);
        CHECK(badness(score("DevicePolicy=strict\n"), "DeviceAllow") == 0u);
        CHECK(badness(score("DeviceAllow=/dev/null rw\n"), "DeviceAllow") == 10u);
        CHECK(overall(score("ProtectClock=yes\nPrivateDevices=yes\n")) == "8.7 EXPOSED");
    }

    TEST_CASE("ip access - deny all, then what is allowed") {
        CHECK(badness(score("IPAddressDeny=any\nIPAddressAllow=localhost\n"), "IPAddressDeny") ==
              2u);
        CHECK(badness(score("IPAddressDeny=0.0.0.0/0\n"), "IPAddressDeny") == 10u);
        CHECK(badness(score("IPAddressDeny=0.0.0.0/0 ::/0\nIPAddressAllow=10.0.0.0/8\n"),
                      "IPAddressDeny") == 5u);
        // The host bits go before the address is read, so this is not localhost.
        CHECK(badness(score("IPAddressDeny=any\nIPAddressAllow=127.0.0.1/0\n"),
                      "IPAddressDeny") == 5u);
        CHECK(badness(score("IPAddressDeny=any\nIPIngressFilterPath=/sys/fs/bpf/x\n"),
                      "IPAddressDeny") == 0u);
        CHECK(badness(score("IPAddressDeny=any\nIPAddressDeny=\nIPAddressAllow=::1\n"),
                      "IPAddressDeny") == 10u);
    }

    TEST_CASE("address families - allow lists, deny lists and none") {
        ExposureReport none = score("RestrictAddressFamilies=none\n");
        for (std::string_view field :
             {"RestrictAddressFamilies_AF_INET_INET6", "RestrictAddressFamilies_AF_UNIX",
              "RestrictAddressFamilies_AF_NETLINK", "RestrictAddressFamilies_AF_PACKET",
              "RestrictAddressFamilies_OTHER"}) {
            CAPTURE(field);
            CHECK(badness(none, field) == 0u);
        }

        ExposureReport deny = score("RestrictAddressFamilies=~AF_INET AF_BLUETOOTH\n");
        CHECK(badness(deny, "RestrictAddressFamilies_AF_INET_INET6") == 0u);
        CHECK(badness(deny, "RestrictAddressFamilies_OTHER") == 0u);
        CHECK(badness(deny, "RestrictAddressFamilies_AF_UNIX") == 1u);

        // After "none" the next list starts afresh, here as a deny list.
        ExposureReport restarted =
            score("RestrictAddressFamilies=none\nRestrictAddressFamilies=~AF_UNIX\n");
        CHECK(badness(restarted, "RestrictAddressFamilies_AF_INET_INET6") == 1u);
        CHECK(badness(restarted, "RestrictAddressFamilies_AF_UNIX") == 0u);
    }

    TEST_CASE("namespaces - a boolean replaces and a list adds") {
        ExposureReport report = score("RestrictNamespaces=yes\nRestrictNamespaces=net\n");
        CHECK(badness(report, "RestrictNamespaces_net") == 1u);
        CHECK(badness(report, "RestrictNamespaces_user") == 0u);
        ExposureReport deny = score("RestrictNamespaces=~user\nRestrictNamespaces=~net\n");
        CHECK(badness(deny, "RestrictNamespaces_user") == 0u);
        CHECK(badness(deny, "RestrictNamespaces_net") == 0u);
        CHECK(badness(deny, "RestrictNamespaces_pid") == 1u);
    }

    TEST_CASE("syscall filter - groups in allow and deny lists") {
        ExposureReport allow = score("SystemCallFilter=@system-service\n");
        CHECK(badness(allow, "SystemCallFilter_privileged") == 9u);
        CHECK(badness(allow, "SystemCallFilter_debug") == 0u);
        CHECK(check_of(allow, "SystemCallFilter_privileged").deciders.at(0).line == 3);

        // nfsservctl is in @privileged but not in Debian 252's @known list.
        ExposureReport deny = score("SystemCallFilter=~@privileged @resources\n");
        CHECK(badness(deny, "SystemCallFilter_privileged") == 0u);
        CHECK(badness(deny, "SystemCallFilter_debug") == 10u);

        // stime, clock_settime64 and clock_adjtime64 have no x86-64 number.
        ExposureReport clock =
            score("SystemCallFilter=~settimeofday clock_settime adjtimex clock_adjtime\n");
        CHECK(badness(clock, "SystemCallFilter_clock") == 0u);

        ExposureReport none = score("");
        CHECK(badness(none, "SystemCallFilter_swap") == 10u);
        CHECK(check_of(none, "SystemCallFilter_swap").detail == "no system call filter");
    }

    TEST_CASE("architectures and umask - graded values") {
        CHECK(badness(score("SystemCallArchitectures=native\n"), "SystemCallArchitectures") == 0u);
        CHECK(badness(score("SystemCallArchitectures=native x86\n"),
                      "SystemCallArchitectures") == 8u);
        CHECK(badness(score("SystemCallArchitectures=x86-64\n"), "SystemCallArchitectures") ==
              8u);
        CHECK(badness(score("SystemCallArchitectures=native\nSystemCallArchitectures=\n"),
                      "SystemCallArchitectures") == 10u);
        CHECK(badness(score("UMask=0027\n"), "UMask") == 1u);
        CHECK(badness(score("UMask=0002\n"), "UMask") == 5u);
        CHECK(badness(score("UMask=0007\n"), "UMask") == 2u);
        CHECK(badness(score("UMask=0000\n"), "UMask") == 10u);
        CHECK(badness(score("UMask=0067\n"), "UMask") == 0u);
    }

    TEST_CASE("small checks - keyring, notify, proc and delegation") {
        ExposureReport report = score("KeyringMode=shared\nNotifyAccess=all\nUMask=0027\n"
                                      "ProtectProc=noaccess\nProcSubset=pid\n"
                                      "SystemCallArchitectures=x86-64\nDelegate=cpu\n"
                                      "RootDirectory=/\n");
        CHECK(overall(report) == "9.8 UNSAFE");
        CHECK(badness(report, "KeyringMode") == 1u);
        CHECK(badness(report, "NotifyAccess") == 1u);
        CHECK(badness(report, "ProtectProc") == 1u);
        CHECK(badness(report, "ProcSubset") == 0u);
        CHECK(badness(report, "Delegate") == 1u);
        CHECK(badness(report, "RootDirectoryOrRootImage") == 1u);
        // An empty Delegate= turns delegation on.
        CHECK(badness(score("Delegate=\n"), "Delegate") == 1u);
        CHECK(badness(score("Delegate=yes\nDelegate=no\n"), "Delegate") == 0u);
    }

    TEST_CASE("unitguard model - own checks and run-time values") {
        ExposureReport filtered = score("SystemCallFilter=@system-service\n", Model::Unitguard);
        CHECK(badness(filtered, "SystemCallFilter_ptrace") == 0u);
        CHECK(badness(filtered, "SystemCallFilter_process_vm") == 1u);
        CHECK(check_of(filtered, "SystemCallFilter_process_vm").detail ==
              "process_vm_readv() is allowed");

        ExposureReport denied =
            score("SystemCallFilter=~ptrace process_vm_readv process_vm_writev\n"
                  "PrivatePIDs=yes\n",
                  Model::Unitguard);
        CHECK(badness(denied, "SystemCallFilter_ptrace") == 0u);
        CHECK(badness(denied, "SystemCallFilter_process_vm") == 0u);
        CHECK(badness(denied, "PrivatePIDs") == 0u);
        CHECK(badness(score("", Model::Unitguard), "PrivatePIDs") == 1u);

        // LockPersonality= sets no_new_privs for a non-root service at run time, which
        // systemd-analyze does not count.
        std::string body = "User=foo\nLockPersonality=yes\n";
        CHECK(badness(score(body, Model::Systemd252), "NoNewPrivileges") == 1u);
        CHECK(badness(score(body, Model::Unitguard), "NoNewPrivileges") == 0u);
        CHECK(badness(score("PrivateTmp=yes\n", Model::Unitguard), "PrivateMounts") == 0u);
    }

    TEST_CASE("systemd 260 model - an unset PrivateMounts= reads as on") {
        CHECK(badness(score("", Model::Systemd260), "PrivateMounts") == 0u);
        CHECK(badness(score("PrivateMounts=no\n", Model::Systemd260), "PrivateMounts") == 1u);
        CHECK(badness(score("", Model::Systemd252), "PrivateMounts") == 1u);
    }

    TEST_CASE("user scope - system-only checks do not apply") {
        TempTree tree;
        tree.write("/etc/systemd/user/t.service", "[Service]\nExecStart=/bin/true\n");
        linter::EffectiveUnit unit = load(tree, "t.service", 260, /*user_scope=*/true);
        ExposureReport report = evaluate(unit.settings, {Model::Systemd260, /*user_scope=*/true});
        for (std::string_view field : {"UserOrDynamicUser", "SupplementaryGroups", "ProtectProc",
                                       "ProcSubset", "ProtectControlGroups", "RemoveIPC"}) {
            CAPTURE(field);
            CHECK(check_of(report, field).not_applicable ==
                  "only system services support this setting");
        }
        // systemd.exec(5): the user manager's default KeyringMode= is inherit.
        CHECK(badness(report, "KeyringMode") == 1u);
    }

    TEST_CASE("load refusal - what systemd will not load") {
        TempTree tree;
        tree.write(std::string(kUnitDir) + "none.service", "[Service]\nType=simple\n");
        tree.write(std::string(kUnitDir) + "dyn.service",
                   "[Service]\nExecStart=/bin/true\nDynamicUser=\n");
        tree.write(std::string(kUnitDir) + "root.service",
                   "[Service]\nExecStart=/bin/true\nRootDirectory=srv\n");
        tree.write(std::string(kUnitDir) + "dropin.service", "[Service]\nExecStart=/bin/true\n");
        tree.write(std::string(kUnitDir) + "dropin.service.d/x.conf", "[Service]\nDynamicUser=\n");
        tree.write(std::string(kUnitDir) + "two.service", "[Service]\nExecStart=/bin/true\n");
        tree.write(std::string(kUnitDir) + "two.service.d/x.conf",
                   "[Service]\nExecStart=/bin/false\n");
        tree.write(std::string(kUnitDir) + "oneshot.service",
                   "[Service]\nType=oneshot\nExecStart=/bin/true\nExecStart=/bin/false\n");
        tree.write(std::string(kUnitDir) + "space.service",
                   "[Service]\nType=oneshot\nExecStart=- /bin/true\n");
        tree.write(std::string(kUnitDir) + "relative.service",
                   "[Service]\nExecStart=/bin/true\nExecStop=-bin/stop\n");
        tree.write(std::string(kUnitDir) + "relative_fatal.service",
                   "[Service]\nExecStart=/bin/true\nExecStop=bin/stop\n");
        tree.write(std::string(kUnitDir) + "restart.service",
                   "[Service]\nType=oneshot\nRestart=always\nExecStart=/bin/true\n");
        tree.write(std::string(kUnitDir) + "dbus.service",
                   "[Service]\nType=dbus\nExecStart=/bin/true\n");
        tree.write(std::string(kUnitDir) + "pam.service",
                   "[Service]\nPAMName=login\nKillMode=process\nExecStart=/bin/true\n");
        tree.write(std::string(kUnitDir) + "stop_only.service",
                   "[Service]\nType=oneshot\nExecStop=/bin/true\n");
        tree.write(std::string(kUnitDir) + "simple_stop_only.service",
                   "[Service]\nType=simple\nExecStop=/bin/true\n");
        tree.write(std::string(kUnitDir) + "reset.service", "[Service]\nExecStart=/bin/true\n");
        tree.write(std::string(kUnitDir) + "reset.service.d/x.conf",
                   "[Service]\nExecStart=\nExecStart=/bin/false\n");
        auto refusal = [&](const std::string& name) {
            return load_refusal(load(tree, name, 252).settings,
                                std::string(kUnitDir) + name);
        };
        CHECK(refusal("none.service") ==
              std::optional<std::string>("the service has no ExecStart=, ExecStop= or "
                                         "SuccessAction="));
        CHECK(refusal("dyn.service") ==
              std::optional<std::string>("DynamicUser= has the invalid value '' on line 3"));
        CHECK(refusal("root.service") ==
              std::optional<std::string>("RootDirectory= 'srv' on line 3 is not an absolute "
                                         "path"));
        CHECK_FALSE(refusal("dropin.service").has_value());
        CHECK(refusal("two.service") ==
              std::optional<std::string>("Type=simple (the default) allows one ExecStart= "
                                         "command, but 2 are set"));
        CHECK_FALSE(refusal("oneshot.service").has_value());
        CHECK(refusal("space.service") ==
              std::optional<std::string>("the service has no ExecStart=, ExecStop= or "
                                         "SuccessAction="));
        CHECK_FALSE(refusal("relative.service").has_value());
        CHECK(refusal("relative_fatal.service") ==
              std::optional<std::string>("an ExecStart= or ExecStop= line is invalid"));
        CHECK_FALSE(refusal("reset.service").has_value());
        CHECK(refusal("restart.service") ==
              std::optional<std::string>("Restart=always is not allowed with Type=oneshot"));
        CHECK(refusal("dbus.service") == std::optional<std::string>("Type=dbus needs BusName="));
        CHECK(refusal("pam.service") ==
              std::optional<std::string>("KillMode=process is not allowed with PAMName="));
        CHECK(refusal("stop_only.service") ==
              std::optional<std::string>("a service without ExecStart= needs "
                                         "RemainAfterExit=yes or SuccessAction="));
        CHECK(refusal("simple_stop_only.service") ==
              std::optional<std::string>("Type=simple needs an ExecStart= command (only "
                                         "Type=oneshot may go without one)"));
    }

    TEST_CASE("load refusal - a fatal drop-in line hides the rest of its file" *
              doctest::should_fail()) {
        // systemd stops reading a drop-in at a fatal value and loads the unit without
        // the lines after it; unitguard still applies them, so ProtectSystem= counts.
        TempTree tree;
        tree.write(std::string(kUnitDir) + "t.service", "[Service]\nExecStart=/bin/true\n");
        tree.write(std::string(kUnitDir) + "t.service.d/x.conf",
                   "[Service]\nDynamicUser=\nProtectSystem=strict\n");
        ExposureReport report = evaluate(load(tree, "t.service", 252).settings, Model::Systemd252);
        CHECK(badness(report, "ProtectSystem") == 10u);
    }

    TEST_CASE("reference fixture - measured scores and deciders") {
        linter::Options options;
        options.root = std::string(UG_SOURCE_DIR) + "/fixtures/reference";
        options.arguments = {"game-server@1.service", "game-web.service"};
        std::unique_ptr<linter::Workspace> workspace = linter::Workspace::open(options, 257);
        REQUIRE(workspace->units().size() == 2);
        ExposureReport server = evaluate(workspace->units()[0].effective.settings,
                                         Model::Systemd252);
        CHECK(overall(server) == "2.8 OK");
        CHECK(server.badness_sum == 15800);
        const CheckResult& system = check_of(server, "ProtectSystem");
        CHECK(system.badness == 3u);
        REQUIRE(system.deciders.size() == 1);
        CHECK(workspace->display_path(system.deciders[0].path) ==
              options.root.value() +
                  "/etc/systemd/system/game-server@1.service.d/30-workshop.conf");
        CHECK(system.deciders[0].line == 4);
        const CheckResult& filter = check_of(server, "SystemCallFilter_swap");
        REQUIRE(filter.deciders.size() == 1);
        CHECK(filter.deciders[0].path ==
              "/etc/systemd/system/game-server@.service.d/00-debug.conf");
        CHECK(overall(evaluate(workspace->units()[1].effective.settings, Model::Systemd252)) ==
              "4.6 OK");
    }

    TEST_CASE("policy gate - exposure-max findings for the reference fixture") {
        std::string root = std::string(UG_SOURCE_DIR) + "/fixtures/reference";
        Expected<Policy> policy = load_policy(root + "/unitguard.toml");
        REQUIRE(policy);
        linter::Options options;
        options.root = root;
        options.arguments = {"game-server@1.service", "game-web.service"};
        std::unique_ptr<linter::Workspace> workspace = linter::Workspace::open(options, 257);
        REQUIRE(workspace->units().size() == 2);

        std::vector<Diagnostic> server =
            evaluate_exposure_max(*policy, workspace->units()[0], *workspace);
        REQUIRE(server.size() == 1);
        const Diagnostic& finding = server[0];
        CHECK(finding.rule_id == "UG405");
        CHECK(finding.rule_name == "exposure-above-maximum");
        CHECK(finding.severity == Severity::Error);
        CHECK(finding.message == "exposure 2.8 is above the maximum 1.5 of profile 'game-server'");
        CHECK(finding.location.path == root + "/etc/systemd/system/game-server@.service");
        CHECK(finding.location.line == 6);
        CHECK(finding.location.column == 1);
        CHECK(finding.unit == "game-server@1.service");
        REQUIRE(finding.notes.size() == 4);
        CHECK(finding.notes[0] == "PrivateNetwork= adds 0.5 (not set)");
        CHECK(finding.notes[1] == "RestrictAddressFamilies=~AF_(INET|INET6) adds 0.3 (" + root +
                                      "/etc/systemd/system/game-server@.service:47)");
        // Ties keep the order of systemd's table: SystemCallFilter= before IPAddressDeny=.
        CHECK(finding.notes[2] == "SystemCallFilter=~@swap adds 0.2 (" + root +
                                      "/etc/systemd/system/game-server@.service.d/"
                                      "00-debug.conf:4)");
        CHECK(finding.notes[3] == "scored with the systemd-252 model of systemd-analyze security");

        // game-web scores 4.6, under its maximum of 5.5.
        CHECK(evaluate_exposure_max(*policy, workspace->units()[1], *workspace).empty());
    }
}

}  // namespace unitguard::rules::exposure
