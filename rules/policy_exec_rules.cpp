// SPDX-License-Identifier: MIT
// Reading of `[[exec-rule]]` entries: the policy's own checks, as tree-sitter queries over
// the shell scripts of Exec*= lines.
#include <fmt/format.h>

#include <algorithm>

#include "rules/policy_reader.hpp"
#include "rules/rule.hpp"
#include "rules/shell/shell_query.hpp"

namespace unitguard::rules::detail {
namespace {

constexpr std::string_view kExecRuleKeys[] = {"id",   "message", "severity",
                                              "help", "units",   "query"};

bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// An ID is groups of uppercase letters and digits joined by single dashes, starting with a
// letter.
bool is_valid_exec_rule_id(std::string_view id) {
    if (id.empty() || !(id.front() >= 'A' && id.front() <= 'Z') || id.back() == '-') return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        if (id[i] == '-' && i > 0 && id[i - 1] != '-') continue;
        if (!is_upper_or_digit(id[i])) return false;
    }
    return true;
}

// Built-in rule IDs are "UG" and digits; a policy rule may not take that shape.
bool looks_built_in(std::string_view id) {
    return id.size() > 2 && id.starts_with("UG") &&
           std::all_of(id.begin() + 2, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool PolicyReader::check_exec_rule_id(const Located<std::string>& id) {
    const std::string& value = id.value;
    if (looks_built_in(value)) {
        fail(fmt::format("invalid [[exec-rule]] id '{}': IDs of the form UGnnn belong to "
                         "built-in rules",
                         value),
             id.value_location);
        return false;
    }
    if (!is_valid_exec_rule_id(value)) {
        fail(fmt::format("invalid [[exec-rule]] id '{}': use uppercase letters, digits and "
                         "single dashes, starting with a letter (e.g. 'ACME-CURL-SH')",
                         value),
             id.value_location);
        return false;
    }
    if (const ExecRule* earlier = policy_.find_exec_rule(value)) {
        fail(fmt::format("duplicate [[exec-rule]] id '{}'; the first is on line {}", value,
                         earlier->id.value_location.line),
             id.value_location);
        return false;
    }
    return true;
}

void PolicyReader::compile_exec_query(const toml::node& node, ExecRule& rule) {
    shell::QueryProblem problem;
    std::unique_ptr<shell::ShellQuery> compiled =
        shell::ShellQuery::compile(rule.query.value, problem);
    if (compiled) {
        rule.compiled = std::move(compiled);
        return;
    }
    // Point at the problem inside the string: count the lines of the query before it. A
    // multi-line string drops a newline that directly follows its opening quotes.
    const toml::source_region& region = node.source();
    Location location = at(node);
    location.end_column = 0;
    std::string_view query = rule.query.value;
    std::size_t offset = std::min(problem.offset, query.size());
    std::size_t line_start = query.rfind('\n', offset == 0 ? 0 : offset - 1);
    int lines_before =
        static_cast<int>(std::count(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    bool multi_line = false;
    bool skipped_newline = false;

    std::size_t line_begin = 0;
    for (int line = 1; line < static_cast<int>(region.begin.line) && line_begin < text_.size();
         ++line) {
        line_begin = text_.find('\n', line_begin);
        line_begin = line_begin == std::string_view::npos ? text_.size() : line_begin + 1;
    }
    std::size_t opening = line_begin + region.begin.column - 1;
    if (opening + 3 <= text_.size()) {
        std::string_view quotes = text_.substr(opening, 3);
        multi_line = quotes == "\"\"\"" || quotes == "'''";
        skipped_newline = multi_line && opening + 3 < text_.size() &&
                          (text_[opening + 3] == '\n' || text_.substr(opening + 3, 2) == "\r\n");
    }

    if (multi_line) {
        location.line += lines_before + (skipped_newline ? 1 : 0);
        if (lines_before == 0 && !skipped_newline) {
            location.column += 3 + static_cast<int>(offset);
        } else {
            location.column = static_cast<int>(offset - (line_start == std::string_view::npos
                                                             ? 0
                                                             : line_start + 1)) +
                              1;
        }
    } else {
        location.column += 1 + static_cast<int>(offset);
    }
    fail(fmt::format("invalid tree-sitter query in [[exec-rule]] '{}': {}", rule.id.value,
                     problem.message),
         location);
}

std::optional<ExecRule> PolicyReader::read_exec_rule(const toml::table& table) {
    constexpr std::string_view scope = "[[exec-rule]]";
    check_keys(table, kExecRuleKeys, scope);
    ExecRule rule;
    rule.location = at(table);
    bool valid = true;
    const toml::node* query_node = nullptr;

    for (auto&& [key, node] : table) {
        if (key == "id") {
            if (auto id = read_string(key, node, scope)) {
                if (check_exec_rule_id(*id)) {
                    rule.id = std::move(*id);
                    continue;
                }
            }
            valid = false;
        } else if (key == "message") {
            if (auto message = read_string(key, node, scope)) {
                rule.message = std::move(*message);
            } else {
                valid = false;
            }
        } else if (key == "help") {
            if (auto help = read_string(key, node, scope)) rule.help = std::move(*help);
        } else if (key == "units") {
            rule.units = read_unit_patterns(key, node, scope);
        } else if (key == "severity") {
            if (!expect(key, node, node.is_string(), "a string", scope)) continue;
            const std::optional<Severity> severity = parse_severity(node.as_string()->get());
            if (!severity) {
                fail(fmt::format("invalid severity '{}' in [[exec-rule]]: expected 'error', "
                                 "'warning' or 'info'",
                                 node.as_string()->get()),
                     at(node));
                continue;
            }
            rule.severity = *severity;
        } else if (key == "query") {
            if (auto query = read_string(key, node, scope)) {
                rule.query = std::move(*query);
                query_node = &node;
            } else {
                valid = false;
            }
        }
    }

    for (std::string_view required : {"id", "message", "query"}) {
        if (table.get(required) == nullptr) {
            fail(fmt::format("missing required key '{}' in [[exec-rule]]", required),
                 rule.location);
            valid = false;
        }
    }
    if (!valid || query_node == nullptr) return std::nullopt;
    compile_exec_query(*query_node, rule);
    if (!rule.compiled) return std::nullopt;
    return rule;
}

}  // namespace unitguard::rules::detail
