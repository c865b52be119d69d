// SPDX-License-Identifier: MIT
// Tree-sitter queries over parsed shell scripts, with the predicates that tree-sitter
// leaves to its caller.
#include "rules/shell/shell_query.hpp"

#include <fmt/format.h>

namespace unitguard::rules::shell {
namespace {

std::string_view error_name(TSQueryError error) {
    switch (error) {
        case TSQueryErrorSyntax:
            return "syntax error";
        case TSQueryErrorNodeType:
            return "unknown node type";
        case TSQueryErrorField:
            return "unknown field name";
        case TSQueryErrorCapture:
            return "unknown capture name";
        case TSQueryErrorStructure:
            return "impossible pattern structure";
        case TSQueryErrorLanguage:
            return "grammar version mismatch";
        case TSQueryErrorNone:
            break;
    }
    return "error";
}

// The word that starts at `offset`, for messages such as "unknown node type 'comand'".
std::string_view word_at(std::string_view source, std::size_t offset) {
    if (offset >= source.size()) return {};
    std::size_t end = offset;
    while (end < source.size() &&
           (std::isalnum(static_cast<unsigned char>(source[end])) != 0 || source[end] == '_' ||
            source[end] == '-' || source[end] == '?' || source[end] == '!')) {
        ++end;
    }
    return source.substr(offset, end - offset);
}

std::string_view capture_name(const TSQuery* query, std::uint32_t id) {
    std::uint32_t length = 0;
    const char* name = ts_query_capture_name_for_id(query, id, &length);
    return {name, length};
}

std::string_view string_value(const TSQuery* query, std::uint32_t id) {
    std::uint32_t length = 0;
    const char* value = ts_query_string_value_for_id(query, id, &length);
    return {value, length};
}

}  // namespace

std::unique_ptr<ShellQuery> ShellQuery::compile(std::string_view source, QueryProblem& problem) {
    std::uint32_t error_offset = 0;
    TSQueryError error = TSQueryErrorNone;
    TSQuery* query = ts_query_new(bash_language(), source.data(),
                                  static_cast<std::uint32_t>(source.size()), &error_offset, &error);
    if (query == nullptr) {
        problem.offset = error_offset;
        problem.message = std::string(error_name(error));
        std::string_view word = word_at(source, error_offset);
        if (error != TSQueryErrorSyntax && !word.empty()) {
            problem.message += fmt::format(" '{}'", word);
        }
        return nullptr;
    }
    std::unique_ptr<ShellQuery> compiled(new ShellQuery());
    compiled->query_ = query;

    std::uint32_t patterns = ts_query_pattern_count(query);
    compiled->predicates_.resize(patterns);
    for (std::uint32_t pattern = 0; pattern < patterns; ++pattern) {
        std::uint32_t step_count = 0;
        const TSQueryPredicateStep* steps =
            ts_query_predicates_for_pattern(query, pattern, &step_count);
        std::size_t pattern_start = ts_query_start_byte_for_pattern(query, pattern);
        std::vector<const TSQueryPredicateStep*> current;
        for (std::uint32_t i = 0; i < step_count; ++i) {
            if (steps[i].type != TSQueryPredicateStepTypeDone) {
                current.push_back(&steps[i]);
                continue;
            }
            auto fail = [&](std::string message) {
                problem.message = std::move(message);
                problem.offset = pattern_start;
                return nullptr;
            };
            if (current.empty() || current[0]->type != TSQueryPredicateStepTypeString) {
                return fail("a predicate must start with its name, e.g. #eq?");
            }
            Predicate predicate;
            predicate.op = std::string(string_value(query, current[0]->value_id));
            bool known = predicate.op == "eq?" || predicate.op == "not-eq?" ||
                         predicate.op == "match?" || predicate.op == "not-match?" ||
                         predicate.op == "any-of?";
            if (!known) {
                return fail(fmt::format("unsupported predicate '#{}'; use #eq?, #not-eq?, "
                                        "#match?, #not-match? or #any-of?",
                                        predicate.op));
            }
            if (current.size() < 3 || current[1]->type != TSQueryPredicateStepTypeCapture) {
                return fail(fmt::format("'#{}' takes a capture and a value", predicate.op));
            }
            predicate.capture = current[1]->value_id;
            for (std::size_t k = 2; k < current.size(); ++k) {
                if (current[k]->type == TSQueryPredicateStepTypeCapture) {
                    if (predicate.op != "eq?" && predicate.op != "not-eq?") {
                        return fail(fmt::format("'#{}' takes strings after its capture",
                                                predicate.op));
                    }
                    predicate.other_capture = current[k]->value_id;
                } else {
                    predicate.strings.emplace_back(string_value(query, current[k]->value_id));
                }
            }
            bool single = predicate.op != "any-of?";
            if (single && predicate.strings.size() + (predicate.other_capture ? 1 : 0) != 1) {
                return fail(fmt::format("'#{}' takes exactly one value after its capture",
                                        predicate.op));
            }
            if (predicate.op == "match?" || predicate.op == "not-match?") {
                try {
                    predicate.pattern.emplace(predicate.strings.front(), std::regex::ECMAScript);
                } catch (const std::regex_error& failure) {
                    return fail(fmt::format("invalid regular expression '{}' in '#{}'",
                                            predicate.strings.front(), predicate.op));
                }
            }
            compiled->predicates_[pattern].push_back(std::move(predicate));
            current.clear();
        }
    }
    std::uint32_t captures = ts_query_capture_count(query);
    if (captures == 0) {
        problem.message = "the query captures no node; add a capture such as @report";
        problem.offset = 0;
        return nullptr;
    }
    for (std::uint32_t id = 0; id < captures; ++id) {
        if (capture_name(query, id) == "report") compiled->report_capture_ = id;
    }
    return compiled;
}

ShellQuery::~ShellQuery() {
    if (query_ != nullptr) ts_query_delete(query_);
}

bool ShellQuery::holds(const Predicate& predicate, const TSQueryMatch& match,
                       const BashTree& tree) const {
    auto capture_text = [&](std::uint32_t id) -> std::optional<std::string_view> {
        for (std::uint16_t i = 0; i < match.capture_count; ++i) {
            if (match.captures[i].index == id) return tree.text(match.captures[i].node);
        }
        return std::nullopt;
    };
    std::optional<std::string_view> text = capture_text(predicate.capture);
    if (!text) return true;  // an optional capture that did not match
    if (predicate.op == "eq?" || predicate.op == "not-eq?") {
        std::optional<std::string_view> other =
            predicate.other_capture ? capture_text(*predicate.other_capture)
                                    : std::optional<std::string_view>(predicate.strings.front());
        bool equal = other && *text == *other;
        return predicate.op == "eq?" ? equal : !equal;
    }
    if (predicate.op == "match?" || predicate.op == "not-match?") {
        bool found = std::regex_search(text->begin(), text->end(), *predicate.pattern);
        return predicate.op == "match?" ? found : !found;
    }
    return std::find(predicate.strings.begin(), predicate.strings.end(), *text) !=
           predicate.strings.end();
}

std::vector<QueryMatch> ShellQuery::run(const BashTree& tree) const {
    std::vector<QueryMatch> matches;
    TSQueryCursor* cursor = ts_query_cursor_new();
    ts_query_cursor_exec(cursor, query_, tree.root());
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor, &match)) {
        const std::vector<Predicate>& checks = predicates_[match.pattern_index];
        bool all = std::all_of(checks.begin(), checks.end(), [&](const Predicate& predicate) {
            return holds(predicate, match, tree);
        });
        if (!all || match.capture_count == 0) continue;
        QueryMatch found;
        TSNode reported = match.captures[0].node;
        for (std::uint16_t i = 0; i < match.capture_count; ++i) {
            const TSQueryCapture& capture = match.captures[i];
            if (report_capture_ && capture.index == *report_capture_) reported = capture.node;
            found.captures.emplace_back(std::string(capture_name(query_, capture.index)),
                                        std::string(tree.text(capture.node)));
        }
        found.start = ts_node_start_byte(reported);
        found.end = ts_node_end_byte(reported);
        matches.push_back(std::move(found));
    }
    ts_query_cursor_delete(cursor);
    return matches;
}

}  // namespace unitguard::rules::shell
