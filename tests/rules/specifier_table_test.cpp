// SPDX-License-Identifier: MIT
// Tests for the specifier table.
#include "rules/specifier_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace unitguard::rules {

TEST_SUITE("specifier_table") {
    TEST_CASE("specifier_table - known letters") {
        const SpecifierInfo* i = find_specifier('i');
        REQUIRE(i != nullptr);
        CHECK(i->letter == 'i');
        CHECK(i->in_unit_names);
        CHECK(i->added_in == 1);
        CHECK_FALSE(i->deprecated);
        CHECK_FALSE(i->meaning.empty());

        const SpecifierInfo* h = find_specifier('h');
        REQUIRE(h != nullptr);
        CHECK_FALSE(h->in_unit_names);
        CHECK(h->added_in == 187);

        const SpecifierInfo* d = find_specifier('D');
        REQUIRE(d != nullptr);
        CHECK(d->added_in == 256);

        const SpecifierInfo* y = find_specifier('y');
        REQUIRE(y != nullptr);
        CHECK(y->added_in == 251);

        const SpecifierInfo* percent = find_specifier('%');
        REQUIRE(percent != nullptr);
        CHECK(percent->in_unit_names);
    }

    TEST_CASE("specifier_table - deprecated letters") {
        for (char c : {'c', 'r', 'R'}) {
            const SpecifierInfo* s = find_specifier(c);
            REQUIRE(s != nullptr);
            CHECK(s->deprecated);
        }
        CHECK_FALSE(find_specifier('n')->deprecated);
    }

    TEST_CASE("specifier_table - unknown letters") {
        CHECK(find_specifier('z') == nullptr);
        CHECK(find_specifier('K') == nullptr);
        CHECK(find_specifier('\0') == nullptr);
        CHECK(find_specifier(static_cast<char>(0xb5)) == nullptr);
    }

    TEST_CASE("specifier_table - all rows in letter order") {
        const auto rows = all_specifiers();
        CHECK(rows.size() == 43);
        CHECK(std::is_sorted(
            rows.begin(), rows.end(),
            [](const SpecifierInfo& a, const SpecifierInfo& b) { return a.letter < b.letter; }));
        for (const SpecifierInfo& row : rows) CHECK(find_specifier(row.letter) == &row);
    }
}

}  // namespace unitguard::rules
