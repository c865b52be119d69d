// SPDX-License-Identifier: MIT
// Tests for merging assignments into effective settings.
#include "linter/effective.hpp"

#include <doctest/doctest.h>

#include "linter/search_paths.hpp"
#include "tests/linter/temp_tree.hpp"

namespace unitguard::linter {
namespace {

using testing::TempTree;

EffectiveUnit effective(const TempTree& tree, const std::string& name, int target = 252) {
    RootFs root(tree.root());
    Loader loader(root, unit_search_path(Scope::System));
    LoadedUnit unit = loader.load(name);
    SpecifierContext context = make_specifier_context(root, unit.name, false);
    context.target_version = target;
    return compute_effective(unit, context);
}

}  // namespace

TEST_SUITE("effective") {
    TEST_CASE("effective - later drop-in replaces a scalar") {
        TempTree tree;
        tree.write("/usr/lib/systemd/system/db.service", "[Service]\nUser=sys\n");
        tree.write("/usr/lib/systemd/system/db.service.d/user.conf", "[Service]\nUser=bin\n");
        tree.write("/etc/systemd/system/db.service.d/override.conf",
                   "[Service]\nUser=daemon\n");
        EffectiveUnit unit = effective(tree, "db.service");
        const Settings& settings = unit.settings;
        CHECK(settings.value("User") == "bin");
        const Setting* user = settings.find("Service", "User");
        REQUIRE(user != nullptr);
        REQUIRE(user->history.size() == 3);
        CHECK(user->history[1].path == "/etc/systemd/system/db.service.d/override.conf");
        CHECK(user->history[1].overridden_by == 3);
    }

    TEST_CASE("effective - drop-in ExecStart= adds a second command") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nType=oneshot\nExecStart=/bin/one\n");
        tree.write("/etc/systemd/system/a.service.d/x.conf", "[Service]\nExecStart=/bin/two\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const Setting* exec = unit.settings.find("Service", "ExecStart");
        REQUIRE(exec != nullptr);
        std::vector<std::string_view> values = exec->live_values();
        REQUIRE(values.size() == 2);
        CHECK(values[0] == "/bin/one");
        CHECK(values[1] == "/bin/two");
    }

    TEST_CASE("effective - empty assignment resets a list") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service", "[Service]\nExecStart=/bin/one\n");
        tree.write("/etc/systemd/system/a.service.d/x.conf",
                   "[Service]\nExecStart=\nExecStart=/bin/two\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const Setting* exec = unit.settings.find("Service", "ExecStart");
        REQUIRE(exec != nullptr);
        std::vector<std::string_view> values = exec->live_values();
        REQUIRE(values.size() == 1);
        CHECK(values[0] == "/bin/two");
        CHECK(exec->history[0].overridden_by == 2);
    }

    TEST_CASE("effective - first SystemCallFilter= line sets deny mode") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nSystemCallFilter=~@mount\nSystemCallFilter=@system-service\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const SyscallSet& filter = unit.settings.system_call_filter;
        CHECK(filter.configured);
        CHECK_FALSE(filter.allow_list);
        // In a deny list a plain line removes entries; @mount is outside @system-service,
        // so it stays denied.
        CHECK(filter.syscalls.count("mount") == 1);
        CHECK(filter.syscalls.count("ptrace") == 0);
    }

    TEST_CASE("effective - allow list admits @default and re-allowing drops a denial") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nSystemCallFilter=@system-service\n"
                   "SystemCallFilter=~@privileged\n");
        tree.write("/etc/systemd/system/a.service.d/override.conf",
                   "[Service]\nSystemCallFilter=@privileged\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const SyscallSet& filter = unit.settings.system_call_filter;
        CHECK(filter.allow_list);
        CHECK(filter.syscalls.count("setuid") == 1);
        CHECK(filter.syscalls.count("execve") == 1);
        CHECK(filter.syscalls.count("ptrace") == 0);
    }

    TEST_CASE("effective - tilde applies to every word of its line") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nSystemCallFilter=@system-service\n"
                   "SystemCallFilter=~@privileged @resources\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const SyscallSet& filter = unit.settings.system_call_filter;
        CHECK(filter.syscalls.count("setpriority") == 0);
        CHECK(filter.syscalls.count("setuid") == 0);
        CHECK(filter.syscalls.count("openat") == 1);
    }

    TEST_CASE("effective - group newer than the target is recorded and skipped") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nSystemCallFilter=~@mount @sandbox\n");
        EffectiveUnit unit = effective(tree, "a.service", 252);
        const SyscallSet& filter = unit.settings.system_call_filter;
        REQUIRE(filter.unknown_groups.size() == 1);
        CHECK(filter.unknown_groups[0] == "@sandbox");
        CHECK(filter.syscalls.count("seccomp") == 0);
        CHECK(filter.syscalls.count("mount") == 1);
    }

    TEST_CASE("effective - per-call errno is kept") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nSystemCallFilter=~uname:EBADF ptrace\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const SyscallSet& filter = unit.settings.system_call_filter;
        CHECK(filter.syscalls.at("uname") == "EBADF");
        CHECK(filter.syscalls.at("ptrace").empty());
    }

    TEST_CASE("effective - directive newer than the target is ignored") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service", "[Service]\nPrivatePIDs=yes\n");
        CHECK(effective(tree, "a.service", 252).settings.value("PrivatePIDs").empty());
        CHECK(effective(tree, "a.service", 257).settings.value("PrivatePIDs") == "yes");
    }

    TEST_CASE("effective - specifiers expand for instances") {
        TempTree tree;
        tree.write("/etc/systemd/system/g@.service",
                   "[Service]\nExecStart=/bin/g %i %I %n %N %p %%\n");
        EffectiveUnit unit = effective(tree, "g@a-b.service");
        const Settings& settings = unit.settings;
        CHECK(settings.value("ExecStart") == "/bin/g a-b a/b g@a-b.service g@a-b g %");
    }

    TEST_CASE("effective - unknown specifier drops the assignment") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service", "[Service]\nExecStart=/bin/a %z\n");
        EffectiveUnit unit = effective(tree, "a.service");
        CHECK(unit.settings.value("ExecStart").empty());
        REQUIRE(unit.problems.size() == 1);
        CHECK(unit.problems[0].rule_id == "UG104");
        CHECK(unit.problems[0].location.line == 2);
        CHECK(unit.problems[0].location.column == 18);
    }

    TEST_CASE("effective - SystemCallFilter implies NoNewPrivileges for a non-root user") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nUser=web\nSystemCallFilter=@system-service\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const Settings& settings = unit.settings;
        const ImpliedSetting* implied = settings.implied_setting("NoNewPrivileges");
        REQUIRE(implied != nullptr);
        CHECK(implied->cause == "SystemCallFilter");
        REQUIRE(implied->source != nullptr);
        CHECK(implied->source->line == 3);
    }

    TEST_CASE("effective - root keeps CAP_SYS_ADMIN so nothing is implied") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nSystemCallFilter=@system-service\n");
        CHECK(effective(tree, "a.service").settings.implied_setting("NoNewPrivileges") ==
              nullptr);
    }

    TEST_CASE("effective - capability bounding set with tilde") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service",
                   "[Service]\nCapabilityBoundingSet=CAP_CHOWN CAP_KILL\n"
                   "CapabilityBoundingSet=~CAP_CHOWN\n");
        EffectiveUnit unit = effective(tree, "a.service");
        const Settings& settings = unit.settings;
        CHECK(settings.capability_bounding_set == (CapabilityMask{1} << 5));
    }
}

}  // namespace unitguard::linter
