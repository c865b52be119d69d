// SPDX-License-Identifier: MIT
// Tests for the syscall group tables: Debian's systemd 252 (as printed by
// `systemd-analyze syscall-filter` on the build host) and v260.
#include "rules/syscall_groups.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace unitguard::rules {
namespace {

bool contains(const std::vector<std::string_view>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

TEST_SUITE("syscall_groups") {
    TEST_CASE("syscall_groups - table selection") {
        CHECK(table_version(syscall_group_table(252)) == 252);
        CHECK(table_version(syscall_group_table(259)) == 252);
        CHECK(table_version(syscall_group_table(260)) == 260);
        CHECK(table_version(syscall_group_table(300)) == 260);
        CHECK(table_version(syscall_group_table(200)) == 252);
    }

    TEST_CASE("syscall_groups - @system-service on 252 matches systemd-analyze") {
        const auto& table = syscall_group_table(252);
        const std::vector<std::string_view> members = expand_group(table, "@system-service");
        // Recursive expansion of `systemd-analyze syscall-filter @system-service` on Debian
        // systemd 252.39.
        CHECK(members.size() == 376);
        CHECK(std::is_sorted(members.begin(), members.end()));
        CHECK(std::adjacent_find(members.begin(), members.end()) == members.end());
        for (std::string_view name : {"_llseek", "read", "execve", "arm_fadvise64_64", "capset",
                                      "futex_waitv", "uretprobe", "fchmodat2", "writev"})
            CHECK_MESSAGE(contains(members, name), name);
        for (std::string_view name : {"reboot", "mount", "init_module", "@default", "swapon"})
            CHECK_MESSAGE(!contains(members, name), name);
        const auto view = expanded_group_members(table, "@system-service");
        CHECK(std::vector<std::string_view>(view.begin(), view.end()) == members);
    }

    TEST_CASE("syscall_groups - group order and direct members on 252") {
        const auto& table = syscall_group_table(252);
        const auto names = group_names(table);
        REQUIRE(names.size() == 29);
        CHECK(names.front() == "@default");
        CHECK(names[1] == "@aio");
        CHECK(names.back() == "@known");
        const auto direct = group_members(table, "@system-service");
        REQUIRE(direct.size() == 61);
        CHECK(direct.front() == "@aio");
        CHECK(direct[15] == "@timer");
        CHECK(direct[16] == "arm_fadvise64_64");
        CHECK(direct.back() == "vmsplice");
        CHECK(group_members(table, "@known").front() == "@obsolete");
    }

    TEST_CASE("syscall_groups - Debian stable backports in the 252 table") {
        const auto& table = syscall_group_table(252);
        const auto default_group = expand_group(table, "@default");
        CHECK(contains(default_group, "futex_waitv"));
        CHECK(contains(default_group, "riscv_hwprobe"));
        CHECK(contains(default_group, "uretprobe"));
        CHECK(contains(expand_group(table, "@file-system"), "fchmodat2"));
        CHECK(contains(expand_group(table, "@privileged"), "quotactl_fd"));
        CHECK(contains(expand_group(table, "@resources"), "set_mempolicy_home_node"));
        CHECK(is_known_syscall(table, "futex_wake"));
        CHECK(is_known_syscall(table, "map_shadow_stack"));
        CHECK(is_known_syscall(table, "bdflush"));  // through @obsolete, which @known includes
    }

    TEST_CASE("syscall_groups - v260 differences") {
        const auto& old_table = syscall_group_table(252);
        const auto& new_table = syscall_group_table(260);
        CHECK_FALSE(has_group(old_table, "@sandbox"));
        CHECK(has_group(new_table, "@sandbox"));
        CHECK(group_names(new_table).size() == 30);
        CHECK(group_members(new_table, "@default").front() == "@sandbox");
        CHECK(contains(expand_group(new_table, "@default"), "landlock_create_ruleset"));
        CHECK_FALSE(contains(expand_group(old_table, "@default"), "landlock_create_ruleset"));
        CHECK(expand_group(new_table, "@system-service").size() == 395);
        CHECK(contains(expand_group(new_table, "@mount"), "open_tree_attr"));
        CHECK_FALSE(contains(expand_group(new_table, "@mount"), "open_tree"));
        CHECK_FALSE(is_known_syscall(old_table, "mseal"));
        CHECK(is_known_syscall(new_table, "mseal"));
    }

    TEST_CASE("syscall_groups - names systemd 252 accepts in SystemCallFilter=") {
        const auto& table = syscall_group_table(252);
        CHECK(is_accepted_syscall(table, "read"));
        CHECK(is_accepted_syscall(table, "landlock_create_ruleset"));
        CHECK(is_accepted_syscall(table, "cachectl"));
        // In a group, but Debian 12's libseccomp 2.5.4 cannot resolve them.
        CHECK(is_known_syscall(table, "osf_select"));
        CHECK_FALSE(is_accepted_syscall(table, "osf_select"));
        CHECK(is_unresolved_syscall(table, "osf_select"));
        CHECK_FALSE(is_known_syscall(table, "uretprobe"));
        CHECK_FALSE(is_accepted_syscall(table, "uretprobe"));
        CHECK_FALSE(is_accepted_syscall(table, "nonsense"));
        CHECK(is_accepted_syscall(syscall_group_table(260), "uretprobe"));
    }

    TEST_CASE("syscall_groups - unknown groups") {
        const auto& table = syscall_group_table(252);
        CHECK_FALSE(has_group(table, "@nope"));
        CHECK_FALSE(has_group(table, "system-service"));
        CHECK(expand_group(table, "@nope").empty());
        CHECK(group_members(table, "@nope").empty());
        CHECK(expanded_group_members(table, "").empty());
    }
}

}  // namespace unitguard::rules
