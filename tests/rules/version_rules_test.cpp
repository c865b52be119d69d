// SPDX-License-Identifier: MIT
// Tests for the version rules across target releases, and for reading directive end dates.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "linter/workspace.hpp"
#include "rules/directives.hpp"
#include "rules/rule.hpp"
#include "rules/versions/directive_lifecycle.hpp"
#include "tests/linter/temp_tree.hpp"

namespace unitguard::rules {
namespace {

using testing::TempTree;

constexpr const char* kUnitDir = "/etc/systemd/system/";

// Runs rule `id` on `unit` of `tree` for a systemd of release `target`.
std::vector<Diagnostic> run_rule(std::string_view id, const TempTree& tree, const std::string& unit,
                                 int target) {
    const Rule* rule = find_rule(id);
    REQUIRE(rule != nullptr);
    REQUIRE(static_cast<bool>(rule->check));
    linter::Options options;
    options.root = tree.root();
    options.arguments = {unit};
    std::unique_ptr<linter::Workspace> workspace = linter::Workspace::open(options, target);
    REQUIRE(workspace->units().size() == 1);
    RuleContext context{workspace->units()[0], *workspace, nullptr, target, false};
    std::vector<Diagnostic> findings;
    rule->check(context, findings);
    return findings;
}

}  // namespace

TEST_SUITE("rules") {
    TEST_CASE("directive newer than target - PrivatePIDs= on 252 and 257") {
        TempTree tree;
        tree.write(std::string(kUnitDir) + "game.service",
                   "[Service]\nExecStart=/usr/bin/game\nPrivatePIDs=yes\n");

        std::vector<Diagnostic> old_target = run_rule("UG114", tree, "game.service", 252);
        REQUIRE(old_target.size() == 1);
        CHECK(old_target[0].message ==
              "'PrivatePIDs=' was added in systemd 257; systemd 252 does not know it and "
              "ignores this line");
        CHECK(old_target[0].location.path == tree.root() + "/etc/systemd/system/game.service");
        CHECK(old_target[0].location.line == 3);
        CHECK(old_target[0].location.column == 1);
        CHECK(old_target[0].location.end_column == 12);
        CHECK(old_target[0].unit == "game.service");

        CHECK(run_rule("UG114", tree, "game.service", 257).empty());
    }

    TEST_CASE("directive newer than target - keys of unread sections are left out") {
        TempTree tree;
        tree.write(std::string(kUnitDir) + "game.service",
                   "[Service]\nExecStart=/usr/bin/game\n[Socket]\nPrivatePIDs=yes\n");
        CHECK(run_rule("UG114", tree, "game.service", 252).empty());
    }

    TEST_CASE("multiple exec start - a drop-in that adds a command") {
        TempTree tree;
        tree.write(std::string(kUnitDir) + "app.service", "[Service]\nExecStart=/usr/bin/app\n");
        tree.write(std::string(kUnitDir) + "app.service.d/debug.conf",
                   "[Service]\nExecStart=/usr/bin/app --debug\n");
        std::vector<Diagnostic> findings = run_rule("UG109", tree, "app.service", 252);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].location.path ==
              tree.root() + "/etc/systemd/system/app.service.d/debug.conf");
        CHECK(findings[0].location.line == 2);
        CHECK(findings[0].location.column == 11);
        REQUIRE(findings[0].notes.size() == 2);
        CHECK(findings[0].notes[0] ==
              "command 1 is at " + tree.root() + "/etc/systemd/system/app.service:2:11");
    }

    TEST_CASE("directive removed later - ends on the target itself count as removed") {
        TempTree tree;
        tree.write(std::string(kUnitDir) + "app.service",
                   "[Service]\nExecStart=/usr/bin/app\nMemoryLimit=1G\n");
        CHECK(run_rule("UG118", tree, "app.service", 257).size() == 1);
        CHECK(run_rule("UG118", tree, "app.service", 258).empty());
        std::vector<Diagnostic> removed = run_rule("UG117", tree, "app.service", 258);
        REQUIRE(removed.size() == 1);
        CHECK(removed[0].message ==
              "systemd 258 ignores 'MemoryLimit=' with a warning (support ended in systemd 258)");
        REQUIRE(removed[0].notes.size() == 1);
        CHECK(removed[0].notes[0] == "use MemoryMax=");
    }

    TEST_CASE("directive end - removal column and warning notes") {
        const Directive* removed = find_directive("Service", "ControlGroup");
        REQUIRE(removed != nullptr);
        CHECK(directive_end(*removed).release == 205);
        CHECK_FALSE(directive_end(*removed).warns);

        const Directive* ignored = find_directive("Service", "NetClass");
        REQUIRE(ignored != nullptr);
        DirectiveEnd end = directive_end(*ignored);
        CHECK(end.release == 229);
        CHECK(end.warns);
        CHECK(end.advice == "no replacement");

        const Directive* alias = find_directive("Service", "ReadWriteDirectories");
        REQUIRE(alias != nullptr);
        CHECK(directive_end(*alias).release == 0);

        const Directive* current = find_directive("Service", "ProtectSystem");
        REQUIRE(current != nullptr);
        CHECK(directive_end(*current).release == 0);
    }
}

}  // namespace unitguard::rules
