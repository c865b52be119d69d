// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include "rules/shell/bash_tree.hpp"
#include "rules/shell/shell_query.hpp"

using namespace unitguard::rules::shell;

TEST_CASE("queries with predicates match commands of a script") {
    QueryProblem problem;
    auto query = ShellQuery::compile(
        R"((pipeline (command name: (command_name) @fetch (#match? @fetch "^(curl|wget)$"))
                     (command name: (command_name) @report (#any-of? @report "sh" "bash"))))",
        problem);
    REQUIRE(query);
    BashTree tree("curl -s x | bash; wget y | jq .; curl z | sh");
    std::vector<QueryMatch> matches = query->run(tree);
    REQUIRE(matches.size() == 2);
    CHECK(tree.source().substr(matches[0].start, matches[0].end - matches[0].start) == "bash");
    CHECK(matches[1].start == 42);
    CHECK(matches[1].captures.size() == 2);
}

TEST_CASE("#eq? compares with a string or another capture") {
    QueryProblem problem;
    auto query = ShellQuery::compile(
        R"((command name: (command_name) @name argument: (_) @arg (#eq? @name "chmod") (#eq? @arg "777")))",
        problem);
    REQUIRE(query);
    CHECK(query->run(BashTree("chmod 777 /srv; chmod 755 /srv")).size() == 1);
}

TEST_CASE("invalid queries report what and where") {
    QueryProblem problem;
    CHECK_FALSE(ShellQuery::compile("(command (command_name) @x", problem));
    CHECK(problem.message == "syntax error");
    CHECK(problem.offset == 26);

    CHECK_FALSE(ShellQuery::compile("(comand) @x", problem));
    CHECK(problem.message == "unknown node type 'comand'");
    CHECK(problem.offset == 1);

    CHECK_FALSE(ShellQuery::compile("((command) @x (#lua? @x \"y\"))", problem));
    CHECK(problem.message ==
          "unsupported predicate '#lua?'; use #eq?, #not-eq?, #match?, #not-match? or #any-of?");

    CHECK_FALSE(ShellQuery::compile("((word) @x (#match? @x \"(\"))", problem));
    CHECK(problem.message == "invalid regular expression '(' in '#match?'");

    CHECK_FALSE(ShellQuery::compile("(command)", problem));
    CHECK(problem.message == "the query captures no node; add a capture such as @report");
}
