// SPDX-License-Identifier: MIT
// Tests for the directive table: exact rows, ordering, hashing and section lookups.
#include "rules/directives.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace unitguard::rules {

TEST_SUITE("directives") {
    TEST_CASE("directives - SystemCallFilter row") {
        const Directive* d = find_directive("Service", "SystemCallFilter");
        REQUIRE(d != nullptr);
        CHECK(d->section == "Service");
        CHECK(d->name == "SystemCallFilter");
        CHECK(d->kind == ValueKind::SyscallFilter);
        CHECK(value_kind_name(d->kind) == "syscall-filter");
        CHECK(d->accumulation == Accumulation::Append);
        CHECK(d->added_in == 187);
        CHECK(d->removed_in == 0);
        CHECK(d->deprecation.empty());
        CHECK(d->enum_words.empty());
        CHECK(directive_parser(*d) == "config_parse_syscall_filter");
    }

    TEST_CASE("directives - PrivatePIDs is newer than 252") {
        const Directive* d = find_directive("Service", "PrivatePIDs");
        REQUIRE(d != nullptr);
        CHECK(d->added_in == 257);
        CHECK(d->kind == ValueKind::Enum);
        CHECK(d->enum_words == "no|yes");
        CHECK(d->enum_accepts_bool);
        CHECK(d->accumulation == Accumulation::Replace);
    }

    TEST_CASE("directives - enum words and the boolean marker") {
        const Directive* d = find_directive("Service", "ProtectSystem");
        REQUIRE(d != nullptr);
        CHECK(d->kind == ValueKind::Enum);
        CHECK(d->enum_words == "no|yes|full|strict");
        CHECK(d->enum_accepts_bool);
        const Directive* restart = find_directive("Service", "Restart");
        REQUIRE(restart != nullptr);
        CHECK_FALSE(restart->enum_accepts_bool);
        const Directive* secure = find_directive("Service", "SecureBits");
        REQUIRE(secure != nullptr);
        CHECK(secure->kind == ValueKind::EnumList);
    }

    TEST_CASE("directives - accumulation kinds") {
        CHECK(find_directive("Unit", "Wants")->accumulation == Accumulation::AppendNoReset);
        CHECK(find_directive("Install", "Also")->accumulation == Accumulation::AppendNoReset);
        CHECK(find_directive("Service", "ExecStart")->accumulation == Accumulation::Append);
        CHECK(find_directive("Service", "User")->accumulation == Accumulation::Replace);
        CHECK(find_directive("Service", "SecureBits")->accumulation == Accumulation::Replace);
    }

    TEST_CASE("directives - removed keys keep their history") {
        const Directive* d = find_directive("Service", "ControlGroup");
        REQUIRE(d != nullptr);
        CHECK(d->added_in == 1);
        CHECK(d->removed_in == 205);
        CHECK(d->deprecation == "removed in v205 (last accepted v204)");

        const Directive* bus = find_directive("BusName", "Name");
        REQUIRE(bus != nullptr);
        CHECK(bus->added_in == 209);
        CHECK(bus->removed_in == 235);

        const Directive* null_condition = find_directive("Unit", "ConditionNull");
        REQUIRE(null_condition != nullptr);
        CHECK(null_condition->removed_in == 247);
        CHECK(null_condition->kind == ValueKind::Condition);

        int removed = 0;
        for (const Directive& row : all_directives())
            if (row.removed_in != 0) ++removed;
        CHECK(removed == 60);
    }

    TEST_CASE("directives - deprecated but accepted keys") {
        const Directive* d = find_directive("Service", "PermissionsStartOnly");
        REQUIRE(d != nullptr);
        CHECK(d->removed_in == 0);
        CHECK(d->deprecation == "deprecated since v240; use the + exec prefix");
        const Directive* cpu_shares = find_directive("Service", "CPUShares");
        REQUIRE(cpu_shares != nullptr);
        CHECK(cpu_shares->kind == ValueKind::Ignored);
    }

    TEST_CASE("directives - unknown keys and exact matching") {
        CHECK(find_directive("Service", "NoSuchKey") == nullptr);
        CHECK(find_directive("service", "Type") == nullptr);
        CHECK(find_directive("Service", "type") == nullptr);
        CHECK(find_directive("Install", "ExecStart") == nullptr);
        CHECK(find_directive("", "") == nullptr);
        CHECK(find_directive("Service", std::string(300, 'x')) == nullptr);
    }

    TEST_CASE("directives - every row is found again and rows are sorted") {
        const auto rows = all_directives();
        CHECK(rows.size() == 1482);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CHECK(find_directive(rows[i].section, rows[i].name) == &rows[i]);
            if (i > 0) {
                const bool ordered = std::tie(rows[i - 1].section, rows[i - 1].name) <
                                     std::tie(rows[i].section, rows[i].name);
                CHECK(ordered);
            }
            CHECK_FALSE(value_kind_name(rows[i].kind).empty());
        }
    }

    TEST_CASE("directives - lookups work on a copy of a row") {
        Directive copy = *find_directive("Service", "Nice");
        CHECK(directive_parser(copy) == "config_parse_exec_nice");
        CHECK(validate_value(copy, "20").has_value());
        CHECK_FALSE(validate_value(copy, "19").has_value());
    }

    TEST_CASE("directives - sections of a key") {
        const auto exec_start = sections_of("ExecStart");
        REQUIRE(exec_start.size() == 1);
        CHECK(exec_start[0] == "Service");

        const auto timeout = sections_of("TimeoutSec");
        const std::vector<std::string_view> expected = {"Mount", "Service", "Socket", "Swap"};
        CHECK(std::vector<std::string_view>(timeout.begin(), timeout.end()) == expected);

        const auto user = sections_of("User");
        CHECK(std::find(user.begin(), user.end(), "Service") != user.end());
        CHECK(std::find(user.begin(), user.end(), "Unit") == user.end());

        CHECK(sections_of("NoSuchKey").empty());
        CHECK(sections_of("").empty());
    }

    TEST_CASE("directives - kind names") {
        CHECK(value_kind_name(ValueKind::Bool) == "bool");
        CHECK(value_kind_name(ValueKind::BytesOrPercent) == "bytes-or-percent");
        CHECK(value_kind_name(ValueKind::TimespanNs) == "timespan-ns");
        CHECK(value_kind_name(ValueKind::IpPrefixList) == "ip-prefix-list");
        CHECK(value_kind_name(ValueKind::Ignored) == "ignored");
        std::set<std::string_view> names;
        for (int k = 0; k <= static_cast<int>(ValueKind::Ignored); ++k)
            names.insert(value_kind_name(static_cast<ValueKind>(k)));
        CHECK(names.size() == static_cast<std::size_t>(ValueKind::Ignored) + 1);
    }
}

}  // namespace unitguard::rules
