// SPDX-License-Identifier: MIT
// Tests for the did-you-mean helper.
#include "linter/suggest.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using unitguard::linter::did_you_mean;
using unitguard::linter::edit_distance;
using unitguard::linter::max_suggestion_distance;
using unitguard::linter::suggest;

TEST_SUITE("linter") {
    TEST_CASE("edit distance - counts single edits") {
        CHECK(edit_distance("", "") == 0);
        CHECK(edit_distance("", "abc") == 3);
        CHECK(edit_distance("abc", "") == 3);
        CHECK(edit_distance("strict", "strict") == 0);
        CHECK(edit_distance("PrivatePID", "PrivatePIDs") == 1);
        CHECK(edit_distance("kitten", "sitting") == 3);
    }

    TEST_CASE("edit distance - adjacent swap costs one") {
        CHECK(edit_distance("strcit", "strict") == 1);
        CHECK(edit_distance("requrie", "require") == 1);
        CHECK(edit_distance("ab", "ba") == 1);
    }

    TEST_CASE("edit distance - case folding is optional") {
        CHECK(edit_distance("privatepids", "PrivatePIDs") == 4);
        CHECK(edit_distance("privatepids", "PrivatePIDs", /*ignore_case=*/true) == 0);
    }

    TEST_CASE("suggest - returns the closest candidate") {
        const std::vector<std::string_view> words{"no", "yes", "full", "strict"};
        CHECK(suggest("strcit", words) == std::optional<std::string>("strict"));
        CHECK(suggest("ful", words) == std::optional<std::string>("full"));
    }

    TEST_CASE("suggest - rejects candidates beyond the limit") {
        CHECK(max_suggestion_distance(2) == 1);
        CHECK(max_suggestion_distance(7) == 2);
        CHECK(max_suggestion_distance(12) == 4);
        CHECK_FALSE(suggest("ptrace", {"reboot", "swapon"}).has_value());
        CHECK_FALSE(suggest("xy", {"yes"}).has_value());
    }

    TEST_CASE("suggest - case-only difference wins") {
        const std::vector<std::string> names{"PrivatePIDs", "PrivateIPC", "PrivateTmp"};
        CHECK(suggest("privatepids", names) == std::optional<std::string>("PrivatePIDs"));
        CHECK(suggest("PRIVATETMP", names) == std::optional<std::string>("PrivateTmp"));
    }

    TEST_CASE("suggest - ties go to exact case then to order") {
        CHECK(suggest("Ab", {"aB", "AB"}) == std::optional<std::string>("AB"));
        CHECK(suggest("ax", {"ay", "az"}) == std::optional<std::string>("ay"));
    }

    TEST_CASE("suggest - completes a name cut short") {
        const std::vector<std::string_view> names{"PrivateDevices", "PrivateIPC", "PrivateTmp"};
        CHECK(suggest("PrivateDev", names) == std::optional<std::string>("PrivateDevices"));
        CHECK(suggest("privatedev", names) == std::optional<std::string>("PrivateDevices"));
        // One edit away beats a completion.
        CHECK(suggest("PrivateTm", names) == std::optional<std::string>("PrivateTmp"));
        // Several completions: none is more likely than the others.
        CHECK_FALSE(suggest("Private", names).has_value());
        // Too short to complete.
        CHECK(suggest("Pri", {"PrivateDevices"}) == std::nullopt);
    }

    TEST_CASE("did you mean - formats the message tail") {
        CHECK(did_you_mean(std::nullopt) == "");
        CHECK(did_you_mean(std::string("require")) == "; did you mean 'require'?");
        CHECK(did_you_mean(std::string("PrivatePIDs"), "=") == "; did you mean 'PrivatePIDs='?");
    }
}
