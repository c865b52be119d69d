// SPDX-License-Identifier: MIT
// Tests for the sysctl.d loader: syntax, key spelling, precedence, masking and provenance.
#include "drift/sysctl_d.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using unitguard::drift::load_sysctl_d;
using unitguard::drift::normalize_sysctl_key;
using unitguard::drift::SysctlConfig;
using unitguard::drift::SysctlEntry;
using unitguard::drift::SysctlReader;

namespace {

std::string fixture(const std::string& name) {
    return std::string(UG_SOURCE_DIR) + "/tests/drift/sysctl_d/" + name;
}

SysctlConfig parse(std::string_view text) {
    SysctlConfig config;
    unitguard::drift::apply_sysctl_text(config, text, "/etc/sysctl.d/test.conf");
    return config;
}

std::vector<std::string> file_paths(const SysctlConfig& config) {
    std::vector<std::string> paths;
    for (const auto& file : config.files) paths.push_back(file.path);
    return paths;
}

}  // namespace

TEST_SUITE("drift") {
    TEST_CASE("sysctl key - dots and slashes give one key") {
        CHECK(normalize_sysctl_key("kernel.yama.ptrace_scope") == "kernel.yama.ptrace_scope");
        CHECK(normalize_sysctl_key("kernel/yama/ptrace_scope") == "kernel.yama.ptrace_scope");
        CHECK(normalize_sysctl_key("/kernel/yama/ptrace_scope") == "kernel.yama.ptrace_scope");
        CHECK(normalize_sysctl_key("kernel") == "kernel");
    }

    TEST_CASE("sysctl key - slash spelling keeps dots inside names") {
        CHECK(normalize_sysctl_key("net/ipv4/conf/eth0.100/rp_filter") ==
              "net.ipv4.conf.eth0/100.rp_filter");
        CHECK(normalize_sysctl_key("net.ipv4.conf.eth0/100.rp_filter") ==
              "net.ipv4.conf.eth0/100.rp_filter");
        CHECK(unitguard::drift::sysctl_key_to_path("net.ipv4.conf.eth0/100.rp_filter") ==
              "net/ipv4/conf/eth0.100/rp_filter");
    }

    TEST_CASE("sysctl key - empty components are dropped") {
        CHECK(normalize_sysctl_key("net..ipv4.ip_forward") == "net.ipv4.ip_forward");
        CHECK(normalize_sysctl_key("net//ipv4/./ip_forward/") == "net.ipv4.ip_forward");
    }

    TEST_CASE("sysctl key - globs stay within one component") {
        using unitguard::drift::sysctl_key_matches;
        CHECK(sysctl_key_matches("net.ipv4.conf.*.rp_filter", "net.ipv4.conf.all.rp_filter"));
        CHECK(sysctl_key_matches("net.ipv4.conf.*.rp_filter", "net.ipv4.conf.eth0/100.rp_filter"));
        CHECK_FALSE(sysctl_key_matches("net.ipv4.*", "net.ipv4.conf.all.rp_filter"));
        CHECK(sysctl_key_matches("kernel.yama.ptrace_scope", "kernel.yama.ptrace_scope"));
    }

    TEST_CASE("sysctl syntax - comments and blank lines are skipped") {
        const SysctlConfig config = parse("# comment\n; another = 1\n\n   \nvm.swappiness=10\n");
        REQUIRE(config.entries.size() == 1);
        CHECK(config.entries[0].key == "vm.swappiness");
        CHECK(config.entries[0].effective.value == "10");
        CHECK(config.entries[0].effective.location.line == 5);
        CHECK(config.entries[0].effective.location.column == 1);
        CHECK(config.warnings.empty());
    }

    TEST_CASE("sysctl syntax - whitespace around key and value is removed") {
        const SysctlConfig config = parse("  kernel.domainname  =  example com  \r\n");
        REQUIRE(config.entries.size() == 1);
        CHECK(config.entries[0].key == "kernel.domainname");
        CHECK(config.entries[0].effective.value == "example com");
        CHECK(config.entries[0].effective.location.column == 3);
    }

    TEST_CASE("sysctl syntax - value keeps later equals signs") {
        const SysctlConfig config = parse("kernel.core_pattern = |/bin/x a=b\n");
        REQUIRE(config.entries.size() == 1);
        CHECK(config.entries[0].effective.value == "|/bin/x a=b");
    }

    TEST_CASE("sysctl syntax - leading dash ignores write failures") {
        const SysctlConfig config = parse("-net.core.bpf_jit_harden = 2\n");
        REQUIRE(config.entries.size() == 1);
        CHECK(config.entries[0].key == "net.core.bpf_jit_harden");
        CHECK(config.entries[0].effective.ignore_failure);
        CHECK_FALSE(config.entries[0].effective.exclusion);
        CHECK(config.entries[0].effective.location.column == 2);
    }

    TEST_CASE("sysctl syntax - line without equals sign is reported") {
        const SysctlConfig config = parse("vm.swappiness 10\n");
        CHECK(config.entries.empty());
        REQUIRE(config.warnings.size() == 1);
        CHECK(config.warnings[0].message ==
              "line is not an assignment, ignoring: 'vm.swappiness 10'");
        CHECK(config.warnings[0].location.path == "/etc/sysctl.d/test.conf");
        CHECK(config.warnings[0].location.line == 1);
        CHECK(config.warnings[0].location.column == 1);
    }

    TEST_CASE("sysctl syntax - missing key is reported") {
        const SysctlConfig config = parse("x = 1\n  = 5\n");
        REQUIRE(config.warnings.size() == 1);
        CHECK(config.warnings[0].message == "missing key before '=', ignoring line");
        CHECK(config.warnings[0].location.line == 2);
        CHECK(config.warnings[0].location.column == 3);
    }

    TEST_CASE("sysctl syntax - slash spelling sets the same key") {
        const SysctlConfig config =
            parse("kernel.yama.ptrace_scope = 1\nkernel/yama/ptrace_scope = 2\n");
        REQUIRE(config.entries.size() == 1);
        CHECK(config.entries[0].effective.value == "2");
        CHECK(config.entries[0].effective.location.line == 2);
        REQUIRE(config.entries[0].overridden.size() == 1);
        CHECK(config.entries[0].overridden[0].value == "1");
    }

    TEST_CASE("sysctl override - new value moves the key to the end") {
        const SysctlConfig config = parse("a.one = 1\nb.two = 2\na.one = 3\n");
        REQUIRE(config.entries.size() == 2);
        CHECK(config.entries[0].key == "b.two");
        CHECK(config.entries[1].key == "a.one");
        CHECK(config.entries[1].effective.value == "3");
    }

    TEST_CASE("sysctl override - equal value keeps the first place") {
        const SysctlConfig config = parse("a.one = 1\nb.two = 2\n-a.one = 1\n");
        REQUIRE(config.entries.size() == 2);
        CHECK(config.entries[0].key == "a.one");
        CHECK(config.entries[0].effective.location.line == 1);
        CHECK(config.entries[0].effective.ignore_failure);
        CHECK(config.entries[0].overridden.empty());
        REQUIRE(config.entries[0].repeated.size() == 1);
        CHECK(config.entries[0].repeated[0].location.line == 3);
    }

    TEST_CASE("sysctl glob - explicit key beats any glob") {
        const SysctlConfig config = parse(
            "net.ipv4.conf.all.rp_filter = 1\n"
            "net.ipv4.conf.*.rp_filter = 2\n");
        const SysctlEntry* all = config.lookup("net.ipv4.conf.all.rp_filter");
        REQUIRE(all != nullptr);
        CHECK(all->effective.value == "1");
        const SysctlEntry* eth0 = config.lookup("net/ipv4/conf/eth0/rp_filter");
        REQUIRE(eth0 != nullptr);
        CHECK(eth0->is_glob);
        CHECK(eth0->effective.value == "2");
        CHECK(config.lookup("net.ipv4.ip_forward") == nullptr);
    }

    TEST_CASE("sysctl glob - exclusion keeps globs away from a key") {
        const SysctlConfig config = parse(
            "net.ipv4.conf.*.rp_filter = 2\n"
            "-net.ipv4.conf.lo.rp_filter\n");
        const SysctlEntry* lo = config.lookup("net.ipv4.conf.lo.rp_filter");
        REQUIRE(lo != nullptr);
        CHECK(lo->effective.exclusion);
        CHECK(lo->effective.value.empty());
        CHECK(lo->effective.location.line == 2);
        CHECK(lo->effective.location.column == 2);
    }

    TEST_CASE("sysctl glob - later glob wins over an earlier one") {
        const SysctlConfig config = parse(
            "net.ipv4.conf.*.rp_filter = 2\n"
            "net.ipv4.conf.e*.rp_filter = 0\n");
        const SysctlEntry* eth0 = config.lookup("net.ipv4.conf.eth0.rp_filter");
        REQUIRE(eth0 != nullptr);
        CHECK(eth0->effective.value == "0");
        const SysctlEntry* all = config.lookup("net.ipv4.conf.all.rp_filter");
        REQUIRE(all != nullptr);
        CHECK(all->effective.value == "2");
    }

    TEST_CASE("sysctl glob - exclusion after assignment cancels it") {
        const SysctlConfig config = parse("vm.swappiness = 10\n-vm.swappiness\n");
        const SysctlEntry* entry = config.find("vm.swappiness");
        REQUIRE(entry != nullptr);
        CHECK(entry->effective.exclusion);
        REQUIRE(entry->overridden.size() == 1);
        CHECK(entry->overridden[0].value == "10");
    }

    TEST_CASE("sysctl.d - boot reader skips sysctl.conf and honours masks") {
        auto loaded = load_sysctl_d(fixture("masking"));
        REQUIRE(loaded.has_value());
        const SysctlConfig& config = *loaded;

        CHECK(file_paths(config) == std::vector<std::string>{"/etc/sysctl.d/50-rp-filter.conf",
                                                             "/etc/sysctl.d/99-sysctl.conf",
                                                             "/usr/lib/sysctl.d/zz-router.conf"});
        CHECK(config.files[0].masked);
        CHECK(config.files[0].resolved_path == "/dev/null");
        CHECK(config.files[0].hidden ==
              std::vector<std::string>{"/usr/lib/sysctl.d/50-rp-filter.conf"});
        CHECK_FALSE(config.files[1].masked);
        CHECK(config.files[1].resolved_path == "/etc/sysctl.conf");

        CHECK(config.find("net.ipv4.conf.all.rp_filter") == nullptr);
        const SysctlEntry* forward = config.find("net.ipv4.ip_forward");
        REQUIRE(forward != nullptr);
        CHECK(forward->effective.value == "0");
        CHECK(forward->effective.location.path == "/usr/lib/sysctl.d/zz-router.conf");
        CHECK(forward->effective.location.line == 2);
        REQUIRE(forward->overridden.size() == 1);
        CHECK(forward->overridden[0].value == "1");
        CHECK(forward->overridden[0].location.path == "/etc/sysctl.d/99-sysctl.conf");
        CHECK(forward->overridden[0].location.line == 2);
        CHECK(config.warnings.empty());
    }

    TEST_CASE("sysctl.d - procps applies /etc/sysctl.conf last") {
        auto loaded = load_sysctl_d(fixture("masking"), SysctlReader::ProcpsSystem);
        REQUIRE(loaded.has_value());
        const SysctlConfig& config = *loaded;

        REQUIRE(config.files.size() == 4);
        CHECK(config.files[3].path == "/etc/sysctl.conf");
        const SysctlEntry* forward = config.find("net.ipv4.ip_forward");
        REQUIRE(forward != nullptr);
        CHECK(forward->effective.value == "1");
        CHECK(forward->effective.location.path == "/etc/sysctl.conf");
        REQUIRE(forward->overridden.size() == 2);
        CHECK(forward->overridden[0].location.path == "/etc/sysctl.d/99-sysctl.conf");
        CHECK(forward->overridden[1].location.path == "/usr/lib/sysctl.d/zz-router.conf");
        CHECK(config.find("net.ipv4.conf.all.rp_filter") == nullptr);
    }

    TEST_CASE("sysctl.d - first directory with a file name wins") {
        auto loaded = load_sysctl_d(fixture("precedence"));
        REQUIRE(loaded.has_value());
        const SysctlConfig& config = *loaded;

        CHECK(file_paths(config) == std::vector<std::string>{
                                        "/etc/sysctl.d/10-admin.conf",
                                        "/run/sysctl.d/20-runtime.conf",
                                        "/usr/local/lib/sysctl.d/30-local.conf",
                                        "/usr/lib/sysctl.d/40-vendor.conf",
                                        "/lib/sysctl.d/50-legacy.conf",
                                    });
        CHECK(config.files[0].hidden == std::vector<std::string>{"/run/sysctl.d/10-admin.conf"});
        CHECK(config.files[1].hidden ==
              std::vector<std::string>{"/usr/local/lib/sysctl.d/20-runtime.conf"});
        CHECK(config.files[2].hidden ==
              std::vector<std::string>{"/usr/lib/sysctl.d/30-local.conf"});
        CHECK(config.files[3].hidden == std::vector<std::string>{"/lib/sysctl.d/40-vendor.conf"});

        CHECK(config.find("vm.swappiness")->effective.value == "10");
        CHECK(config.find("kernel.kptr_restrict")->effective.value == "2");
        CHECK(config.find("fs.protected_fifos")->effective.value == "1");
        CHECK(config.find("fs.protected_regular")->effective.value == "2");
        CHECK(config.warnings.empty());
    }

    TEST_CASE("sysctl.d - later file name overrides earlier one") {
        auto loaded = load_sysctl_d(fixture("precedence"));
        REQUIRE(loaded.has_value());
        // 40-vendor.conf from /usr/lib sorts after 10-admin.conf from /etc, so it wins.
        const SysctlEntry* scope = loaded->find("kernel.yama.ptrace_scope");
        REQUIRE(scope != nullptr);
        CHECK(scope->effective.value == "1");
        CHECK(scope->effective.location.path == "/usr/lib/sysctl.d/40-vendor.conf");
        REQUIRE(scope->overridden.size() == 1);
        CHECK(scope->overridden[0].value == "2");
        CHECK(scope->overridden[0].location.path == "/etc/sysctl.d/10-admin.conf");
        CHECK(scope->overridden[0].location.line == 1);
        CHECK(scope->overridden[0].location.column == 1);
    }

    TEST_CASE("sysctl.d - merged /usr does not read /lib twice") {
        auto loaded = load_sysctl_d(fixture("merged_usr"));
        REQUIRE(loaded.has_value());
        CHECK(file_paths(*loaded) == std::vector<std::string>{"/usr/lib/sysctl.d/50-bpf.conf"});
        CHECK(loaded->files[0].hidden.empty());
    }

    TEST_CASE("sysctl.d - symlinks resolve inside the root") {
        auto loaded = load_sysctl_d(fixture("symlinks"));
        REQUIRE(loaded.has_value());
        const SysctlConfig& config = *loaded;

        REQUIRE(config.files.size() == 4);
        CHECK(config.files[0].path == "/etc/sysctl.d/20-absolute.conf");
        CHECK(config.files[0].resolved_path == "/usr/share/sysctl/hardening.conf");
        CHECK(config.find("kernel.dmesg_restrict")->effective.value == "1");
        CHECK(config.files[1].resolved_path == "/etc/passwd");
        CHECK(config.files[2].resolved_path == "/etc/passwd");

        // The host's /etc/passwd must never be read: inside the root the links dangle.
        CHECK(config.entries.size() == 1);
        REQUIRE(config.warnings.size() == 3);
        CHECK(config.warnings[0].message ==
              "'/etc/sysctl.d/30-host-file.conf' is a dangling symlink, ignoring file");
        CHECK(config.warnings[1].message ==
              "'/etc/sysctl.d/40-climb.conf' is a dangling symlink, ignoring file");
        CHECK(config.warnings[2].message ==
              "symlink loop or more than 40 levels of symbolic links resolving '/etc/sysctl.d/50-loop.conf', "
              "ignoring file");
        CHECK(config.warnings[2].location.path == "/etc/sysctl.d/50-loop.conf");
    }

    TEST_CASE("sysctl.d - missing root is an error") {
        auto loaded = load_sysctl_d(fixture("no-such-root"));
        REQUIRE_FALSE(loaded.has_value());
        CHECK(loaded.error().message ==
              "root '" + fixture("no-such-root") + "' is not a directory");
    }
}
