// SPDX-License-Identifier: MIT
// A shell script parsed with the tree-sitter-bash grammar, and helpers to read its nodes.
#include "rules/shell/bash_tree.hpp"

#include <cstdint>

extern "C" const TSLanguage* tree_sitter_bash(void);

namespace unitguard::rules::shell {
namespace {

struct ParserDeleter {
    void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};

// A parser is cheap to keep and costly to create, so each thread keeps one.
TSParser* thread_parser() {
    thread_local std::unique_ptr<TSParser, ParserDeleter> parser = [] {
        std::unique_ptr<TSParser, ParserDeleter> created(ts_parser_new());
        ts_parser_set_language(created.get(), bash_language());
        return created;
    }();
    return parser.get();
}

}  // namespace

const TSLanguage* bash_language() { return tree_sitter_bash(); }

BashTree::BashTree(std::string source) : source_(std::move(source)) {
    tree_.reset(ts_parser_parse_string(thread_parser(), nullptr, source_.data(),
                                       static_cast<std::uint32_t>(source_.size())));
}

TSNode BashTree::root() const { return ts_tree_root_node(tree_.get()); }

bool BashTree::has_error() const { return ts_node_has_error(root()); }

std::string_view BashTree::text(TSNode node) const {
    std::uint32_t begin = ts_node_start_byte(node);
    std::uint32_t end = ts_node_end_byte(node);
    if (begin > source_.size() || end > source_.size() || end < begin) return {};
    return std::string_view(source_).substr(begin, end - begin);
}

bool has_type(TSNode node, std::string_view type) {
    return !ts_node_is_null(node) && type == ts_node_type(node);
}

void for_each_child(TSNode node, const std::function<void(TSNode, std::string_view)>& visit) {
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    if (ts_tree_cursor_goto_first_child(&cursor)) {
        do {
            const char* field = ts_tree_cursor_current_field_name(&cursor);
            visit(ts_tree_cursor_current_node(&cursor), field == nullptr ? "" : field);
        } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
}

TSNode field_child(TSNode node, std::string_view field) {
    return ts_node_child_by_field_name(node, field.data(),
                                       static_cast<std::uint32_t>(field.size()));
}

}  // namespace unitguard::rules::shell
