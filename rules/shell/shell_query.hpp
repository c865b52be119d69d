// SPDX-License-Identifier: MIT
// Tree-sitter queries over parsed shell scripts, with the #eq? and #match? predicates, for
// the policy's [[exec-rule]] entries.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "rules/shell/bash_tree.hpp"

namespace unitguard::rules::shell {

/// The reason a query does not compile, and its place in the query text.
struct QueryProblem {
    std::string message;     ///< lowercase, e.g. "syntax error"
    std::size_t offset = 0;  ///< byte offset in the query text
};

/// One match of a query: the node to report and the text of each capture.
struct QueryMatch {
    std::size_t start = 0;  ///< byte offset in the script of the reported node
    std::size_t end = 0;
    std::vector<std::pair<std::string, std::string>> captures;  ///< name and source text
};

/// A compiled query. Predicates supported: #eq?, #not-eq?, #match?, #not-match? (ECMAScript
/// regular expressions, searched anywhere in the capture) and #any-of?.
class ShellQuery {
  public:
    /// Compiles `source` for the bash grammar; nothing and `problem` set when it fails.
    static std::unique_ptr<ShellQuery> compile(std::string_view source, QueryProblem& problem);

    ~ShellQuery();
    ShellQuery(const ShellQuery&) = delete;
    ShellQuery& operator=(const ShellQuery&) = delete;

    /// Returns every match in `tree` whose predicates hold. The reported node is the
    /// capture named `report` when the pattern has one, else its first capture.
    std::vector<QueryMatch> run(const BashTree& tree) const;

  private:
    struct Predicate {
        std::string op;          ///< "eq?", "not-eq?", "match?", "not-match?", "any-of?"
        std::uint32_t capture = 0;
        std::optional<std::uint32_t> other_capture;  ///< for #eq? @a @b
        std::vector<std::string> strings;
        std::optional<std::regex> pattern;
    };

    ShellQuery() = default;
    bool holds(const Predicate& predicate, const TSQueryMatch& match, const BashTree& tree) const;

    TSQuery* query_ = nullptr;
    std::vector<std::vector<Predicate>> predicates_;  ///< per pattern
    std::optional<std::uint32_t> report_capture_;
};

}  // namespace unitguard::rules::shell
