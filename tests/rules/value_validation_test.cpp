// SPDX-License-Identifier: MIT
// Tests for validate_value(). Every rejected value here was also checked with
// `systemd-analyze verify` on Debian's systemd 252, which warns about it (the one exception,
// unknown capability names, is marked).
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "rules/directives.hpp"

namespace unitguard::rules {
namespace {

std::optional<std::string> check(std::string_view section, std::string_view name,
                                 std::string_view value, int target = 252) {
    const Directive* directive = find_directive(section, name);
    REQUIRE_MESSAGE(directive != nullptr, section, ".", name);
    return validate_value(*directive, value, target);
}

std::optional<std::string> service(std::string_view name, std::string_view value) {
    return check("Service", name, value);
}

void accepts(std::string_view section, std::string_view name,
             std::initializer_list<std::string_view> values, int target = 252) {
    for (std::string_view value : values) {
        const auto problem = check(section, name, value, target);
        CHECK_MESSAGE(!problem.has_value(), name, "=", value, " -> ", problem.value_or(""));
    }
}

void rejects(std::string_view section, std::string_view name,
             std::initializer_list<std::string_view> values, int target = 252) {
    for (std::string_view value : values)
        CHECK_MESSAGE(check(section, name, value, target).has_value(), name, "=", value);
}

}  // namespace

TEST_SUITE("value_validation") {
    TEST_CASE("value_validation - empty values reset and always pass") {
        for (const Directive& d : all_directives()) CHECK_FALSE(validate_value(d, "").has_value());
    }

    TEST_CASE("value_validation - booleans") {
        accepts("Service", "NoNewPrivileges",
                {"yes", "no", "true", "false", "on", "off", "1", "0", "YES", "True", "oN", "y", "N",
                 "t", "F"});
        CHECK(service("NoNewPrivileges", "maybe") == "invalid boolean 'maybe'");
        CHECK(service("NoNewPrivileges", "2") == "invalid boolean '2'");
        CHECK(service("NoNewPrivileges", "yess") == "invalid boolean 'yess'");
    }

    TEST_CASE("value_validation - exit status lists") {
        accepts("Service", "SuccessExitStatus",
                {"0", "255", "75 SIGKILL", "NAMESPACE", "TEMPFAIL 250 SIGUSR1", "RTMIN+3"});
        accepts("Service", "RestartPreventExitStatus", {"2 SIGTERM", "\"2\" 3"});
        CHECK(service("SuccessExitStatus", "256") == "exit status '256' is outside 0 to 255");
        CHECK(service("RestartPreventExitStatus", "2 # out of memory") ==
              "invalid exit status or signal '#'");
        CHECK(service("RestartForceExitStatus", "term") == "invalid exit status or signal 'term'");
        CHECK(service("SuccessExitStatus", "1 _X") == "invalid exit status or signal '_X'");
    }

    TEST_CASE("value_validation - enums") {
        accepts("Service", "ProtectSystem", {"strict", "full", "yes", "no", "Yes", "1", "on"});
        CHECK(service("ProtectSystem", "strcit") ==
              "unknown value 'strcit' for ProtectSystem=; expected one of: yes, no, full, strict");
        CHECK(service("ProtectSystem", "STRICT") ==
              "unknown value 'STRICT' for ProtectSystem=; expected one of: yes, no, full, strict");
        CHECK(service("Restart", "sometimes") ==
              "unknown value 'sometimes' for Restart=; expected one of: no, on-success, "
              "on-failure, on-abnormal, on-watchdog, on-abort, always");
        CHECK(service("ProtectHome", "Read-Only") ==
              "unknown value 'Read-Only' for ProtectHome=; expected one of: yes, no, read-only, "
              "tmpfs");
        accepts("Service", "ProtectHome", {"read-only", "tmpfs", "true"});
        accepts("Service", "KillMode", {"mixed", "none"});
        accepts("Service", "RuntimeDirectoryPreserve", {"restart", "Yes"});
        accepts("Socket", "BindIPv6Only", {"ipv6-only", "true"});
    }

    TEST_CASE("value_validation - enum words newer than 252") {
        CHECK(service("PrivateTmp", "disconnected") ==
              "value 'disconnected' for PrivateTmp= needs a newer systemd than 252; expected one "
              "of: yes, no");
        CHECK(service("Type", "notify-reload") ==
              "value 'notify-reload' for Type= needs a newer systemd than 252; expected one of: "
              "simple, forking, oneshot, dbus, notify, idle, exec");
        CHECK(check("Unit", "FailureAction", "soft-reboot").has_value());
        CHECK(check("Socket", "SocketProtocol", "mptcp").has_value());
        CHECK(service("ProtectHostname", "yes:host").has_value());
        // The same words are fine for a newer target.
        accepts("Service", "PrivateTmp", {"disconnected", "connected"}, 260);
        accepts("Service", "Type", {"notify-reload"}, 258);
        accepts("Service", "ProtectHostname", {"private:host"}, 260);
        CHECK(check("Service", "Type", "notify-reloaded", 260).has_value());
    }

    TEST_CASE("value_validation - enums with numbers and extra words") {
        accepts("Service", "IOSchedulingClass", {"best-effort", "0", "2", "8", "0x2"});
        CHECK(service("IOSchedulingClass", "9") ==
              "unknown value '9' for IOSchedulingClass=; expected one of: none, realtime, "
              "best-effort, idle, or a number from 0 to 8");
        rejects("Service", "IOSchedulingClass", {"-1", "Idle"});
        accepts("Service", "CPUSchedulingPolicy", {"fifo", "7", "2147483647"});
        rejects("Service", "CPUSchedulingPolicy", {"2147483648", "ext"});
        accepts("Socket", "IPTOS", {"low-delay", "0x10", "255", "+5"});
        rejects("Socket", "IPTOS", {"256", "-1"});
        accepts("Service", "SyslogLevel", {"debug", "7"});
        rejects("Service", "SyslogLevel", {"8", "DEBUG"});
        accepts("Service", "SyslogFacility", {"local7", "127"});
        rejects("Service", "SyslogFacility", {"128"});
        accepts("Socket", "Timestamping", {"us", "usec", "nsec", "on", "\u00b5s"});
        rejects("Socket", "Timestamping", {"microseconds"});
    }

    TEST_CASE("value_validation - enum words with an argument") {
        accepts("Service", "StandardOutput",
                {"journal+console", "fd", "fd:", "fd:foo", "fd:%n", "file", "file:/var/log/x",
                 "append:/tmp/x", "truncate:%t/x"});
        CHECK(service("StandardOutput", "file:rel") ==
              "path 'rel' for StandardOutput= is not absolute");
        CHECK(service("StandardOutput", "file:/a/../b") ==
              "path '/a/../b' for StandardOutput= is not normalized");
        CHECK(service("StandardOutput", "fd:a:b") ==
              "invalid file descriptor name 'a:b' for StandardOutput=");
        CHECK(service("StandardOutput", "file:%z/x") == "unknown specifier '%z' in '%z/x'");
        rejects("Service", "StandardOutput", {"FILE:/tmp/x"});
        accepts("Service", "StandardInput", {"data", "fd:stdin", "file:/dev/null"});
    }

    TEST_CASE("value_validation - integers") {
        accepts("Service", "Nice", {"-20", "19", "0x5", "0o5", "0b1", "+5", "05", "010", "0b-1"});
        CHECK(service("Nice", "20") == "value '20' for Nice= is out of range; expected -20 to 19");
        CHECK(service("Nice", "abc") == "invalid integer 'abc'");
        CHECK(service("Nice", "09") == "invalid integer '09'");
        rejects("Service", "Nice", {"-0b1", "0x", "- 5", "1 2", "99999999999"});
        CHECK(service("OOMScoreAdjust", "1001") ==
              "value '1001' for OOMScoreAdjust= is out of range; expected -1000 to 1000");
        accepts("Service", "CPUWeight", {"idle", "1", "10000"});
        CHECK(service("CPUWeight", "0") ==
              "value '0' for CPUWeight= is out of range; expected 1 to 10000");
        CHECK(service("CPUWeight", "Idle") ==
              "invalid value 'Idle' for CPUWeight=; expected an integer or idle");
        rejects("Service", "IOWeight", {"0", "10001"});
        rejects("Service", "CPUSchedulingPriority", {"100"});
        rejects("Service", "IOSchedulingPriority", {"8"});
        accepts("Unit", "StartLimitBurst", {"4294967295", "0x10", "-0"});
        CHECK(check("Unit", "StartLimitBurst", "-1") ==
              "value '-1' for StartLimitBurst= is out of range; expected 0 to 4294967295");
        rejects("Unit", "StartLimitBurst", {"4294967296"});
        accepts("Unit", "SuccessActionExitStatus", {"255", "0x10"});
        rejects("Unit", "SuccessActionExitStatus", {"256", "-1"});
        CHECK(check("Socket", "Backlog", "1.5") == "invalid integer '1.5'");
        accepts("Socket", "Mark", {"-5"});
        accepts("Socket", "MessageQueueMaxMessages", {"-1", "9999999999"});
        accepts("Swap", "Priority", {"-1", "32767"});
        CHECK(check("Swap", "Priority", "-2") ==
              "value '-2' for Priority= is out of range; expected -1 to 32767");
        accepts("Socket", "Priority", {"-3"});
    }

    TEST_CASE("value_validation - file modes") {
        accepts("Service", "UMask", {"0022", "022", "22", "7777", "07777", "0", " 0022"});
        CHECK(service("UMask", "017777") ==
              "invalid file mode '017777'; expected an octal number up to 07777");
        CHECK(service("UMask", "u=rwx") ==
              "invalid file mode 'u=rwx'; expected an octal number up to 07777");
        rejects("Service", "UMask", {"0o22", "-1", "+22", "0x1", "8"});
        rejects("Socket", "DirectoryMode", {"8"});
    }

    TEST_CASE("value_validation - time spans") {
        accepts("Service", "RestartSec",
                {"infinity", "5",    "5 min",     "5min30s", "5 min 30 s", "1.5h", ".5",
                 "+5",       "5M",   "5m",        "2y",      "2 years",    "2 hr", "1\u03bcs",
                 "1\u00b5s", "5s.5", "12.34 .56", "100ms",   "3w",         "1d 2h"});
        CHECK(service("RestartSec", "5mins") == "invalid time span '5mins'");
        CHECK(service("RestartSec", "-5") == "invalid time span '-5'");
        rejects("Service", "RestartSec",
                {"1.h", "1e3", "infinity s", "infinityx", "12.34.56", "99999999999999999999",
                 "600000y", "0x10", "5ns", "5x", "5 x", ".", "5.sec"});
        accepts("Service", "TimeoutStopSec", {"infinity", "0"});
        accepts("Timer", "OnActiveSec", {"infinity", "1h"});
        accepts("Service", "TimerSlackNSec", {"5", "5ns", "5 us", "infinity", "1.5s"});
        CHECK(service("TimerSlackNSec", "5x") == "invalid time span '5x'");
    }

    TEST_CASE("value_validation - sizes") {
        accepts("Socket", "PipeSize",
                {"1K", "1.5M", "1G 512M", "1 K", "10.M", "15E", "0", "1B", "1.K", "4096"});
        CHECK(check("Socket", "PipeSize", "1Q") == "invalid size '1Q'");
        rejects("Socket", "PipeSize",
                {"1K 1M", "1k", "1KB", "-1", "16E", "infinity", ".5K", "0x10", "1GG"});
    }

    TEST_CASE("value_validation - paths") {
        accepts("Service", "RootDirectory",
                {"/ok/path", "/a/./b", "//a//b/", "%h/x", "%t", "%i/foo", "/foo%", "/foo bar"});
        CHECK(service("RootDirectory", "relative/path") ==
              "path 'relative/path' for RootDirectory= is not absolute");
        CHECK(service("RootDirectory", "/a/../b") ==
              "path '/a/../b' for RootDirectory= is not normalized");
        CHECK(service("RootDirectory", "%%/foo") ==
              "path '%%/foo' for RootDirectory= is not absolute");
        CHECK(service("RootDirectory", "/foo/%D") == "unknown specifier '%D' in '/foo/%D'");
        // Only letters and digits are specifiers; "%/" stays literally.
        accepts("Service", "RootDirectory", {"/x%/y", "/x%-"});
        CHECK(service("RootDirectory", "%/x") == "path '%/x' for RootDirectory= is not absolute");
        rejects("Service", "RootDirectory", {"-/foo", "~", "\"/foo bar\"", "/..", "%z/foo"});
        accepts("Service", "RootDirectory", {"/foo/%D"}, 256);
        accepts("Service", "WorkingDirectory", {"~", "-~", "-/nonexist"});
        rejects("Service", "WorkingDirectory", {"rel", "~/foo", "-rel", "/a/../b"});
        accepts("Service", "EnvironmentFile", {"-/etc/default/foo", "/etc/foo"});
        CHECK(service("EnvironmentFile", "-rel") ==
              "path '-rel' for EnvironmentFile= is not absolute");
        accepts("Service", "PIDFile", {"foo.pid", "/run/foo.pid"});
        rejects("Service", "PIDFile", {"/run/../foo.pid"});
        rejects("Path", "PathExists", {"rel", "/a/../b"});
        rejects("Service", "TTYPath", {"tty1"});
        rejects("Unit", "SourcePath", {"rel"});
        CHECK(service("RootDirectory", "/" + std::string(256, 'a')).has_value());
        CHECK(service("RootDirectory", "/bad\xff").has_value());
    }

    TEST_CASE("value_validation - system call filters") {
        accepts("Service", "SystemCallFilter",
                {"@system-service", "~@privileged @resources", "~@privileged:EPERM", "~read:eperm",
                 "~read:4095", "~read:0", "~read:kill", "~read:ENOTSUP", "~ read", "futex_waitv",
                 "_sysctl", "@known", "landlock_create_ruleset", "~"});
        CHECK(service("SystemCallFilter", "read:EPERM") ==
              "allow-listed system call 'read:EPERM' cannot take an error number");
        CHECK(service("SystemCallFilter", "~read:EFOO") ==
              "invalid error number 'EFOO' in 'read:EFOO'");
        CHECK(service("SystemCallFilter", "~:EPERM") == "missing system call name in ':EPERM'");
        CHECK(service("SystemCallFilter", "@sandbox") ==
              "system call group '@sandbox' needs a newer systemd than 252");
        CHECK(service("SystemCallFilter", "@nope") == "unknown system call group '@nope'");
        CHECK(service("SystemCallFilter", "foobar") == "unknown system call 'foobar'");
        CHECK(service("SystemCallFilter", "mseal") ==
              "system call 'mseal' needs a newer systemd than 252");
        CHECK(service("SystemCallFilter", "osf_select") ==
              "system call 'osf_select' is unknown to the libseccomp of systemd 252 and would "
              "be ignored");
        rejects("Service", "SystemCallFilter",
                {"@system-service:EPERM", "~read:4096", "~read:-1", "~read:KILL", "~read:", "READ",
                 "~~read", "read ~write", "\"read\"", "uretprobe", "@System-Service"});
        accepts("Service", "SystemCallFilter", {"@sandbox", "mseal", "uretprobe"}, 260);
        accepts("Service", "SystemCallLog", {"@privileged", "~read"});
        CHECK(service("SystemCallLog", "~read:EPERM") == "unknown system call 'read:EPERM'");
    }

    TEST_CASE("value_validation - errno") {
        accepts("Service", "SystemCallErrorNumber",
                {"EPERM", "eperm", "kill", "ENOTSUP", "EWOULDBLOCK", "EDEADLOCK", "0x10", "4095"});
        CHECK(service("SystemCallErrorNumber", "0") ==
              "invalid error number '0'; expected an errno name, 1 to 4095, or kill");
        rejects("Service", "SystemCallErrorNumber", {"KILL", "4096", "-1", "ENOTSUPP"});
    }

    TEST_CASE("value_validation - capabilities") {
        accepts("Service", "CapabilityBoundingSet",
                {"CAP_SYS_ADMIN", "cap_sys_admin", "~CAP_SYS_ADMIN CAP_NET_RAW", "21", "~",
                 "\"CAP_CHOWN\""});
        accepts("Service", "AmbientCapabilities", {"CAP_NET_BIND_SERVICE"});
        // systemd 252 drops unknown names without a warning; they are reported because the
        // line then does not do what it says.
        CHECK(service("CapabilityBoundingSet", "CAP_FOO") == "unknown capability 'CAP_FOO'");
        CHECK(service("CapabilityBoundingSet", "~ ~CAP_SYS_ADMIN") ==
              "unknown capability '~CAP_SYS_ADMIN'");
        rejects("Service", "CapabilityBoundingSet", {"41", "-1"});
    }

    TEST_CASE("value_validation - address families") {
        accepts("Service", "RestrictAddressFamilies",
                {"AF_INET AF_INET6", "af_inet6", "AF_FILE AF_ROUTE AF_LOCAL", "none", "~AF_INET",
                 "~ AF_INET", "AF_MCTP", "\"AF_INET\"", "~"});
        CHECK(service("RestrictAddressFamilies", "AF_BOGUS") ==
              "unknown address family 'AF_BOGUS'");
        CHECK(service("RestrictAddressFamilies", "~none") ==
              "'none' must be the only word of RestrictAddressFamilies=");
        CHECK(service("RestrictAddressFamilies", "none AF_INET") ==
              "'none' must be the only word of RestrictAddressFamilies=");
        rejects("Service", "RestrictAddressFamilies", {"AF_UNSPEC", "AF_MAX", "inet", "2", "NONE"});
    }

    TEST_CASE("value_validation - namespaces") {
        accepts("Service", "RestrictNamespaces",
                {"yes", "No", "cgroup ipc net mnt pid user uts", "time", "~time", "~ user", "~"});
        CHECK(service("RestrictNamespaces", "~cgroup foo") ==
              "unknown namespace type 'foo'; expected a boolean or: cgroup, ipc, net, mnt, pid, "
              "user, uts, time");
        rejects("Service", "RestrictNamespaces", {"CGROUP", "~yes", "mount", "\"net\""});
    }

    TEST_CASE("value_validation - architectures") {
        accepts("Service", "SystemCallArchitectures",
                {"native", "x86 x86-64 x32", "arm64 riscv64 s390x", "\"x86\"", "native native"});
        CHECK(service("SystemCallArchitectures", "loongarch64") ==
              "unknown system call architecture 'loongarch64'");
        rejects("Service", "SystemCallArchitectures", {"arm-be", "X86-64", "amd64"});
        accepts("Service", "Personality", {"x86", "x86-64"});
        CHECK(service("Personality", "native") == "unknown architecture 'native'");
        rejects("Service", "Personality", {"amd64", "\"x86\""});
    }

    TEST_CASE("value_validation - socket bind rules") {
        accepts("Service", "SocketBindAllow",
                {"any", "80", "65535", "80-90", "tcp:80", "TCP:80", "Udp:80", "ipv4:80",
                 "ipv6:udp:any", "ipv4", "tcp", "0x50"});
        CHECK(service("SocketBindAllow", "0") ==
              "invalid socket bind rule '0'; expected [ipv4|ipv6:][tcp|udp:]PORT[-PORT] or any");
        rejects("Service", "SocketBindAllow",
                {"65536", "90-80", "0-10", "6:80", "sctp:80", "IPv4:80", "ipv4:tcp:80 443",
                 "ipv4:tcp:", "ipv4::80", "tcp:ipv4:80", "ANY", "any:80", "80:tcp"});
        accepts("Service", "SocketBindDeny", {"ipv6:tcp:1-65535"});
        rejects("Service", "SocketBindDeny", {"1-", "-5"});
    }

    TEST_CASE("value_validation - kinds without a parser yet accept anything") {
        accepts("Service", "ExecStart", {"relative command"});
        accepts("Service", "MemoryMax", {"lots"});
        accepts("Service", "CPUShares", {"whatever"});
    }
}

}  // namespace unitguard::rules
