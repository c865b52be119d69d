// SPDX-License-Identifier: MIT
// Reading inline suppression comments from unit files and applying them to findings.
#include "rules/suppression.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "linter/suggest.hpp"
#include "rules/rule.hpp"
#include "rules/waivers.hpp"

namespace unitguard::rules {

extern const Rule kUnusedSuppression;
extern const Rule kUnknownRuleInSuppression;
extern const Rule kExpiredSuppression;
extern const Rule kSuppressionWithoutReason;
extern const Rule kMalformedSuppression;

namespace {

constexpr std::string_view kMarker = "unitguard:";
constexpr std::string_view kKeys[] = {"ignore", "reason", "until"};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool is_comment(std::string_view line) {
    const std::size_t first = line.find_first_not_of(" \t");
    return first != std::string_view::npos && (line[first] == '#' || line[first] == ';');
}

bool is_blank_line(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool looks_like_rule_id(std::string_view word) {
    return word.size() == 5 && word.starts_with("UG") &&
           std::all_of(word.begin() + 2, word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Splits one suppression comment into its KEY=VALUE fields. Columns are 1-based.
class CommentParser {
  public:
    CommentParser(std::string_view text, const std::string& path, Suppression& out)
        : text_(text), path_(path), out_(out) {}

    void parse(std::size_t start) {
        position_ = start;
        while (skip_blanks()) read_field();
        if (!seen_ignore_) {
            problem("missing 'ignore=' in suppression comment; name the rules it suppresses, "
                    "e.g. ignore=UG402",
                    start, start);
        }
    }

  private:
    bool skip_blanks() {
        while (position_ < text_.size() && is_blank(text_[position_])) ++position_;
        return position_ < text_.size();
    }

    void problem(std::string message, std::size_t begin, std::size_t end) {
        out_.problems.push_back(SuppressionProblem{std::move(message), static_cast<int>(begin) + 1,
                                                   static_cast<int>(end) + 1});
    }

    Location location(std::size_t begin, std::size_t end) const {
        return Location{path_, out_.line, static_cast<int>(begin) + 1, static_cast<int>(end) + 1};
    }

    void read_field() {
        const std::size_t key_begin = position_;
        while (position_ < text_.size() && text_[position_] != '=' && !is_blank(text_[position_])) {
            ++position_;
        }
        const std::string_view key = text_.substr(key_begin, position_ - key_begin);
        if (position_ >= text_.size() || text_[position_] != '=') {
            const std::string hint = looks_like_rule_id(key)
                                         ? "; list rule IDs without spaces, e.g. ignore=UG402,UG403"
                                         : "";
            problem(fmt::format("expected KEY=VALUE in suppression comment, found '{}'{}", key,
                                hint),
                    key_begin, position_);
            return;
        }
        ++position_;  // '='

        const std::size_t value_begin = position_;
        std::optional<std::string> value = read_value();
        if (!value) return;
        handle_field(key, key_begin, *value, value_begin);
    }

    // Reads a bare word or a double-quoted string in which backslash escapes the next byte.
    std::optional<std::string> read_value() {
        std::string value;
        if (position_ >= text_.size() || text_[position_] != '"') {
            while (position_ < text_.size() && !is_blank(text_[position_])) {
                value += text_[position_++];
            }
            return value;
        }

        const std::size_t quote = position_++;
        while (position_ < text_.size()) {
            const char c = text_[position_];
            if (c == '\\' && position_ + 1 < text_.size()) {
                value += text_[position_ + 1];
                position_ += 2;
                continue;
            }
            ++position_;
            if (c == '"') return value;
            value += c;
        }
        problem("unterminated quoted value in suppression comment; close it with '\"'", quote,
                position_);
        return std::nullopt;
    }

    void handle_field(std::string_view key, std::size_t key_begin, const std::string& value,
                      std::size_t value_begin) {
        const auto key_index = std::find(std::begin(kKeys), std::end(kKeys), key);
        if (key_index == std::end(kKeys)) {
            problem(fmt::format("unknown key '{}' in suppression comment{}", key,
                                linter::did_you_mean(linter::suggest(key, kKeys))),
                    key_begin, key_begin + key.size());
            return;
        }
        bool& seen = seen_[key_index - std::begin(kKeys)];
        if (seen) {
            problem(fmt::format("duplicate key '{}' in suppression comment", key), key_begin,
                    key_begin + key.size());
            return;
        }
        seen = true;

        if (key == "ignore") {
            seen_ignore_ = true;
            read_rule_ids(value, value_begin);
        } else if (key == "reason") {
            if (!value.empty()) {
                out_.reason = Located<std::string>{value, location(key_begin, value_begin - 1),
                                                   location(value_begin, position_)};
            }
        } else if (std::optional<Date> date = parse_date(value)) {
            out_.until = Located<Date>{*date, location(key_begin, value_begin - 1),
                                       location(value_begin, position_)};
        } else {
            problem(fmt::format("invalid date '{}' in 'until=': expected a date such as "
                                "2027-06-30",
                                value),
                    value_begin, position_);
        }
    }

    void read_rule_ids(const std::string& value, std::size_t value_begin) {
        if (value.empty()) {
            problem("empty 'ignore=' in suppression comment; name the rules it suppresses, "
                    "e.g. ignore=UG402",
                    value_begin, value_begin);
            return;
        }
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t comma = value.find(',', start);
            if (comma == std::string::npos) comma = value.size();
            const std::size_t begin = value_begin + start;
            const std::size_t end = value_begin + comma;
            if (comma == start) {
                problem("empty rule ID in 'ignore='", begin, begin);
            } else {
                out_.rules.push_back(Located<std::string>{value.substr(start, comma - start),
                                                          location(begin, end),
                                                          location(begin, end)});
            }
            start = comma + 1;
        }
    }

    std::string_view text_;
    const std::string& path_;
    Suppression& out_;
    std::size_t position_ = 0;
    bool seen_[std::size(kKeys)] = {};
    bool seen_ignore_ = false;
};

// Parses line `line` when it is a suppression comment.
std::optional<Suppression> parse_comment(std::string_view text, int line,
                                         const std::string& path) {
    std::size_t i = text.find_first_not_of(" \t");
    if (i == std::string_view::npos || (text[i] != '#' && text[i] != ';')) return std::nullopt;
    Suppression suppression;
    suppression.line = line;
    suppression.column = static_cast<int>(i) + 1;

    i = text.find_first_not_of(" \t", i + 1);
    if (i == std::string_view::npos || text.substr(i, kMarker.size()) != kMarker) {
        return std::nullopt;
    }
    CommentParser(text, path, suppression).parse(i + kMarker.size());
    return suppression;
}

// The next line that is neither blank nor a comment: a section header, or the assignment
// it belongs to.
void find_target(const linter::UnitFile& file, Suppression& suppression) {
    const int line_count = static_cast<int>(file.line_starts.size());
    for (int line = suppression.line + 1; line <= line_count; ++line) {
        const std::string_view text = file.line_text(line);
        if (is_blank_line(text) || is_comment(text)) continue;

        suppression.target_line = line;
        suppression.target_end_line = line;
        for (const linter::Assignment& assignment : file.assignments) {
            const int end_line = std::max(assignment.line, assignment.end_line);
            if (assignment.line <= line && line <= end_line) {
                suppression.target_line = assignment.line;
                suppression.target_end_line = end_line;
                break;
            }
        }
        return;
    }
}

bool covers(const Suppression& suppression, const std::string& path, const Diagnostic& finding) {
    return suppression.target_line > 0 && finding.location.path == path &&
           finding.location.line >= suppression.target_line &&
           finding.location.line <= suppression.target_end_line;
}

// Applies one comment of `file` and collects its hygiene findings in `hygiene`.
class SuppressionApplier {
  public:
    SuppressionApplier(const SuppressionRun& run, std::vector<Diagnostic>& findings,
                       std::vector<Diagnostic>& hygiene)
        : run_(run), findings_(findings), hygiene_(hygiene) {}

    void apply(const Suppression& suppression, const std::string& path) {
        if (!suppression.problems.empty()) {
            for (const SuppressionProblem& problem : suppression.problems) {
                report(kMalformedSuppression, problem.message,
                       Location{path, suppression.line, problem.column, problem.end_column});
            }
            return;
        }

        const bool expired =
            suppression.until && is_expired(suppression.until->value, run_.today);
        for (const Located<std::string>& rule_id : suppression.rules) {
            apply_rule(suppression, path, rule_id, expired);
        }

        if (expired) {
            report(kExpiredSuppression,
                   fmt::format("suppression expired on {}; the findings it covered are "
                               "reported again",
                               format_date(suppression.until->value)),
                   suppression.until->value_location);
        } else if (!suppression.reason) {
            report(kSuppressionWithoutReason, "suppression comment gives no reason",
                   Location{path, suppression.line, suppression.column, 0});
        }
    }

  private:
    void report(const Rule& rule, std::string message, Location location) {
        if (!rule_enabled(rule, run_.policy)) return;
        hygiene_.push_back(make_hygiene_finding(rule, std::move(message), std::move(location)));
    }

    void apply_rule(const Suppression& suppression, const std::string& path,
                    const Located<std::string>& rule_id, bool expired) {
        const Rule* rule = find_rule(rule_id.value);
        const bool policy_rule = rule == nullptr && run_.policy != nullptr &&
                                 run_.policy->find_exec_rule(rule_id.value) != nullptr;
        if (rule == nullptr && !policy_rule) {
            report(kUnknownRuleInSuppression,
                   fmt::format("unknown rule '{}' in suppression comment{}", rule_id.value,
                               rule_id_suggestion(rule_id.value)),
                   rule_id.value_location);
            return;
        }

        const std::string source = fmt::format("{}:{}", path, suppression.line);
        bool used = false;
        for (Diagnostic& finding : findings_) {
            if (finding.rule_id != rule_id.value || !covers(suppression, path, finding)) continue;
            used = true;
            if (expired) {
                finding.notes.push_back(fmt::format("the suppression at {} expired on {}", source,
                                                    format_date(suppression.until->value)));
            } else if (finding.state == FindingState::Open) {
                finding.state = FindingState::Suppressed;
                finding.state_reason = suppression.reason ? suppression.reason->value : "";
                finding.state_source = source;
            }
        }
        if (used || expired) return;

        std::string message;
        const bool enabled = rule != nullptr ? rule_enabled(*rule, run_.policy)
                                             : run_.policy->rule_switch(rule_id.value) != false;
        if (!enabled) {
            message = fmt::format("suppression of '{}' is unused: the policy disables '{}'",
                                  rule_id.value, rule_id.value);
        } else if (suppression.target_line == 0) {
            message = fmt::format("suppression of '{}' is unused: no directive follows it",
                                  rule_id.value);
        } else {
            message = fmt::format("suppression of '{}' is unused: no '{}' finding on line {}",
                                  rule_id.value, rule_id.value, suppression.target_line);
        }
        report(kUnusedSuppression, std::move(message), rule_id.value_location);
    }

    const SuppressionRun& run_;
    std::vector<Diagnostic>& findings_;
    std::vector<Diagnostic>& hygiene_;
};

}  // namespace

std::vector<Suppression> read_suppressions(const linter::UnitFile& file,
                                           const std::string& display_path) {
    std::vector<Suppression> suppressions;
    int line_count = static_cast<int>(file.line_starts.size());
    if (file.stop_line > 0) line_count = std::min(line_count, file.stop_line);
    for (int line = 1; line <= line_count; ++line) {
        std::optional<Suppression> suppression =
            parse_comment(file.line_text(line), line, display_path);
        if (!suppression) continue;
        find_target(file, *suppression);
        suppressions.push_back(std::move(*suppression));
    }
    return suppressions;
}

void apply_suppressions(std::span<const SourceFile> files, const SuppressionRun& run,
                        std::vector<Diagnostic>& findings) {
    std::vector<Diagnostic> hygiene;
    SuppressionApplier applier(run, findings, hygiene);
    for (const SourceFile& source : files) {
        for (const Suppression& suppression :
             read_suppressions(*source.file, source.display_path)) {
            applier.apply(suppression, source.display_path);
        }
    }
    for (Diagnostic& finding : hygiene) findings.push_back(std::move(finding));
}

}  // namespace unitguard::rules
