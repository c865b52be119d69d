// SPDX-License-Identifier: MIT
// A shell script parsed with the tree-sitter-bash grammar, and helpers to read its nodes.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <tree_sitter/api.h>

namespace unitguard::rules::shell {

/// The tree-sitter language of the bundled bash grammar.
const TSLanguage* bash_language();

/// A parsed script. The tree refers to `source` by byte offsets, so both live together.
class BashTree {
  public:
    /// Parses `source`; a script with syntax errors still gets a tree, with ERROR nodes.
    explicit BashTree(std::string source);

    BashTree(BashTree&&) noexcept = default;
    BashTree& operator=(BashTree&&) noexcept = default;

    const std::string& source() const { return source_; }
    TSNode root() const;
    /// Whether the parser had to recover from a syntax error somewhere in the script.
    bool has_error() const;
    /// The source text of `node`.
    std::string_view text(TSNode node) const;

  private:
    struct TreeDeleter {
        void operator()(TSTree* tree) const { ts_tree_delete(tree); }
    };
    std::string source_;
    std::unique_ptr<TSTree, TreeDeleter> tree_;
};

/// Whether `node` has the grammar type `type` (e.g. "command").
bool has_type(TSNode node, std::string_view type);

/// Calls `visit(child, field)` for each child of `node`, named or not, in order; `field`
/// is the child's field name or empty. (A tree cursor is used because
/// ts_node_field_name_for_child() of tree-sitter 0.20 skips repeated fields.)
void for_each_child(TSNode node, const std::function<void(TSNode, std::string_view)>& visit);

/// Returns the child of `node` in field `field`, or a null node.
TSNode field_child(TSNode node, std::string_view field);

}  // namespace unitguard::rules::shell
