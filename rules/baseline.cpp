// SPDX-License-Identifier: MIT
// Baseline files: fingerprints of accepted findings, read strictly and written sorted.
#include "rules/baseline.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "linter/json_writer.hpp"
#include "linter/suggest.hpp"
#include "rules/rule.hpp"
#include "rules/waivers.hpp"

namespace unitguard::rules {

namespace {

constexpr std::string_view kTopLevelKeys[] = {"schema_version", "tool", "findings"};
constexpr std::string_view kEntryKeys[] = {"fingerprint", "rule",    "unit",    "path",
                                           "directive",   "value",   "message", "since"};
constexpr std::size_t kFingerprintLength = 16;
// Baselines nest three levels deep. The limit keeps the recursive parser's stack small.
constexpr int kMaxJsonDepth = 32;

// ---- a small JSON reader ------------------------------------------------------------

// Members are a struct, not std::pair<std::string, JsonNode>, because libstdc++'s pair needs
// a complete JsonNode and clang 14 enforces that inside JsonNode's own definition.
struct JsonMember;

struct JsonNode {
    enum class Kind { Null, Boolean, Number, String, Array, Object };
    Kind kind = Kind::Null;
    std::string text;  ///< string value, or a number as written
    std::vector<JsonNode> items;
    std::vector<JsonMember> members;
    int line = 0;
    int column = 0;
};

/// One `"name": value` member of a JSON object.
struct JsonMember {
    std::string key;
    JsonNode value;
};

std::string_view kind_phrase(JsonNode::Kind kind) {
    switch (kind) {
        case JsonNode::Kind::Null:
            return "null";
        case JsonNode::Kind::Boolean:
            return "a boolean";
        case JsonNode::Kind::Number:
            return "a number";
        case JsonNode::Kind::String:
            return "a string";
        case JsonNode::Kind::Array:
            return "an array";
        case JsonNode::Kind::Object:
            return "an object";
    }
    return "a value";
}

void append_utf8(std::string& out, std::uint32_t code_point) {
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
}

// Parses RFC 8259 JSON into JsonNode values. The first error stops the parse.
class JsonParser {
  public:
    JsonParser(std::string_view text, const std::string& path) : text_(text), path_(path) {}

    Expected<JsonNode> parse() {
        JsonNode root;
        skip_whitespace();
        if (!parse_value(root, 0)) return *error_;
        skip_whitespace();
        if (position_ < text_.size()) {
            fail("unexpected text after the JSON document");
            return *error_;
        }
        return root;
    }

  private:
    int column() const { return static_cast<int>(position_ - line_start_) + 1; }

    bool fail(std::string message) {
        if (!error_) error_ = Error{"invalid JSON: " + message, {path_, line_, column(), 0}};
        return false;
    }

    void skip_whitespace() {
        while (position_ < text_.size()) {
            const char c = text_[position_];
            if (c == '\n') {
                ++line_;
                line_start_ = position_ + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            ++position_;
        }
    }

    bool consume(std::string_view word) {
        if (text_.substr(position_, word.size()) != word) return false;
        position_ += word.size();
        return true;
    }

    bool parse_value(JsonNode& node, int depth) {
        node.line = line_;
        node.column = column();
        if (position_ >= text_.size()) return fail("unexpected end of file, expected a value");
        if (depth > kMaxJsonDepth) return fail("values nested too deeply");

        const char c = text_[position_];
        if (c == '{') return parse_object(node, depth);
        if (c == '[') return parse_array(node, depth);
        if (c == '"') {
            node.kind = JsonNode::Kind::String;
            return parse_string(node.text);
        }
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number(node);
        if (consume("true") || consume("false")) {
            node.kind = JsonNode::Kind::Boolean;
            return true;
        }
        if (consume("null")) return true;
        return fail(fmt::format("unexpected character '{}', expected a value", c));
    }

    bool parse_object(JsonNode& node, int depth) {
        node.kind = JsonNode::Kind::Object;
        ++position_;  // '{'
        skip_whitespace();
        if (consume("}")) return true;
        while (true) {
            skip_whitespace();
            if (position_ >= text_.size() || text_[position_] != '"') {
                return fail("expected a member name in double quotes");
            }
            std::string name;
            if (!parse_string(name)) return false;
            skip_whitespace();
            if (!consume(":")) return fail("expected ':' after a member name");
            skip_whitespace();
            JsonNode value;
            if (!parse_value(value, depth + 1)) return false;
            node.members.push_back(JsonMember{std::move(name), std::move(value)});
            skip_whitespace();
            if (consume("}")) return true;
            if (!consume(",")) return fail("expected ',' or '}' in an object");
        }
    }

    bool parse_array(JsonNode& node, int depth) {
        node.kind = JsonNode::Kind::Array;
        ++position_;  // '['
        skip_whitespace();
        if (consume("]")) return true;
        while (true) {
            skip_whitespace();
            JsonNode item;
            if (!parse_value(item, depth + 1)) return false;
            node.items.push_back(std::move(item));
            skip_whitespace();
            if (consume("]")) return true;
            if (!consume(",")) return fail("expected ',' or ']' in an array");
        }
    }

    bool parse_number(JsonNode& node) {
        node.kind = JsonNode::Kind::Number;
        const std::size_t start = position_;
        auto digits = [this] {
            const std::size_t first = position_;
            while (position_ < text_.size() && text_[position_] >= '0' &&
                   text_[position_] <= '9') {
                ++position_;
            }
            return position_ > first;
        };
        consume("-");
        if (!digits()) return fail("expected a digit in a number");
        if (consume(".") && !digits()) return fail("expected a digit after '.' in a number");
        if (consume("e") || consume("E")) {
            if (!consume("+")) consume("-");
            if (!digits()) return fail("expected a digit in the exponent of a number");
        }
        node.text = std::string(text_.substr(start, position_ - start));
        return true;
    }

    std::optional<std::uint32_t> read_hex4() {
        if (position_ + 4 > text_.size()) return std::nullopt;
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[position_++];
            value <<= 4;
            if (c >= '0' && c <= '9') {
                value |= static_cast<std::uint32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                value |= static_cast<std::uint32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                value |= static_cast<std::uint32_t>(c - 'A' + 10);
            } else {
                return std::nullopt;
            }
        }
        return value;
    }

    // Reads the code point of a \u escape, joining a surrogate pair.
    bool parse_unicode_escape(std::string& out) {
        std::optional<std::uint32_t> unit = read_hex4();
        if (!unit) return fail("expected four hex digits after '\\u'");
        std::uint32_t code_point = *unit;
        if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            std::optional<std::uint32_t> low;
            if (consume("\\u")) low = read_hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF) {
                return fail("unpaired UTF-16 surrogate in a '\\u' escape");
            }
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
        } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            return fail("unpaired UTF-16 surrogate in a '\\u' escape");
        }
        append_utf8(out, code_point);
        return true;
    }

    bool parse_string(std::string& out) {
        const std::size_t quote = position_++;
        while (position_ < text_.size()) {
            const char c = text_[position_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) {
                --position_;
                return fail("control character in a string; escape it");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (position_ >= text_.size()) break;
            const char escape = text_[position_++];
            constexpr std::string_view kEscapes = "\"\\/bfnrt";
            constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
            if (const std::size_t index = kEscapes.find(escape); index != std::string::npos) {
                out += kMeanings[index];
            } else if (escape != 'u') {
                --position_;
                return fail(fmt::format("invalid escape '\\{}' in a string", escape));
            } else if (!parse_unicode_escape(out)) {
                return false;
            }
        }
        position_ = quote;
        return fail("unterminated string");
    }

    std::string_view text_;
    const std::string& path_;
    std::size_t position_ = 0;
    int line_ = 1;
    std::size_t line_start_ = 0;
    std::optional<Error> error_;
};

// ---- reading a baseline -------------------------------------------------------------

bool is_fingerprint(std::string_view text) {
    return text.size() == kFingerprintLength &&
           std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Walks a parsed baseline and records its entries and every error.
class BaselineReader {
  public:
    explicit BaselineReader(const std::string& path) : path_(path) {}

    BaselineResult read(const JsonNode& root) {
        result_.baseline.path = path_;
        if (root.kind != JsonNode::Kind::Object) {
            fail(root, fmt::format("a baseline must be a JSON object, found {}",
                                   kind_phrase(root.kind)));
            return std::move(result_);
        }
        check_keys(root, kTopLevelKeys, "the baseline");

        const JsonNode* schema = member(root, "schema_version");
        const JsonNode* findings = member(root, "findings");
        if (schema == nullptr) {
            fail(root, fmt::format("missing required key 'schema_version'; expected "
                                   "'\"schema_version\": {}'",
                                   kBaselineSchema));
        } else if (schema->kind != JsonNode::Kind::Number ||
                   schema->text != std::to_string(kBaselineSchema)) {
            fail(*schema, fmt::format("unsupported baseline schema_version {}; this version of "
                                      "unitguard reads schema_version {}",
                                      schema->kind == JsonNode::Kind::Number
                                          ? schema->text
                                          : std::string(kind_phrase(schema->kind)),
                                      kBaselineSchema));
        }
        if (findings == nullptr) {
            fail(root, "missing required key 'findings'");
        } else if (findings->kind != JsonNode::Kind::Array) {
            fail(*findings, fmt::format("wrong type for 'findings': expected an array, found {}",
                                        kind_phrase(findings->kind)));
        } else {
            for (const JsonNode& item : findings->items) read_entry(item);
        }
        return std::move(result_);
    }

  private:
    void fail(const JsonNode& node, std::string message) {
        result_.errors.push_back(Error{std::move(message), {path_, node.line, node.column, 0}});
    }

    static const JsonNode* member(const JsonNode& object, std::string_view name) {
        for (const auto& [key, value] : object.members) {
            if (key == name) return &value;
        }
        return nullptr;
    }

    void check_keys(const JsonNode& object, std::span<const std::string_view> allowed,
                    std::string_view scope) {
        for (const auto& [key, value] : object.members) {
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            fail(value, fmt::format("unknown key '{}' in {}{}", key, scope,
                                    linter::did_you_mean(linter::suggest(key, allowed))));
        }
    }

    // Reads an optional string member into `out`. Returns false when it has the wrong type.
    bool read_text(const JsonNode& entry, std::string_view name, std::string& out) {
        const JsonNode* node = member(entry, name);
        if (node == nullptr) return true;
        if (node->kind != JsonNode::Kind::String) {
            fail(*node, fmt::format("wrong type for '{}' of a finding: expected a string, "
                                    "found {}",
                                    name, kind_phrase(node->kind)));
            return false;
        }
        out = node->text;
        return true;
    }

    void read_entry(const JsonNode& item) {
        if (item.kind != JsonNode::Kind::Object) {
            fail(item, fmt::format("wrong type for an item of 'findings': expected an object, "
                                   "found {}",
                                   kind_phrase(item.kind)));
            return;
        }
        check_keys(item, kEntryKeys, "a finding");
        BaselineEntry entry;
        entry.location = Location{path_, item.line, item.column, 0};
        bool valid = true;
        for (std::string_view name : kEntryKeys) {
            valid = read_text(item, name, field(entry, name)) && valid;
        }

        if (member(item, "fingerprint") == nullptr) {
            fail(item, "missing required key 'fingerprint' in a finding");
            valid = false;
        } else if (valid && !is_fingerprint(entry.fingerprint)) {
            fail(*member(item, "fingerprint"),
                 fmt::format("invalid fingerprint '{}': expected 16 lowercase hex digits",
                             entry.fingerprint));
            valid = false;
        }
        if (member(item, "rule") == nullptr) {
            fail(item, "missing required key 'rule' in a finding");
            valid = false;
        } else if (valid && entry.rule.starts_with("UG") && find_rule(entry.rule) == nullptr) {
            // Other IDs name [[exec-rule]] entries of a policy, which the baseline file
            // does not know.
            fail(*member(item, "rule"), fmt::format("unknown rule '{}' in a finding{}",
                                                    entry.rule, rule_id_suggestion(entry.rule)));
            valid = false;
        }
        if (valid && !entry.since.empty() && !parse_date(entry.since)) {
            fail(*member(item, "since"),
                 fmt::format("invalid date '{}' for 'since': expected a date such as 2027-06-30",
                             entry.since));
            valid = false;
        }
        if (valid) result_.baseline.entries.push_back(std::move(entry));
    }

    static std::string& field(BaselineEntry& entry, std::string_view name) {
        if (name == "fingerprint") return entry.fingerprint;
        if (name == "rule") return entry.rule;
        if (name == "unit") return entry.unit;
        if (name == "path") return entry.path;
        if (name == "directive") return entry.directive;
        if (name == "value") return entry.value;
        if (name == "message") return entry.message;
        return entry.since;
    }

    const std::string& path_;
    BaselineResult result_;
};

// ---- fingerprints -------------------------------------------------------------------

// 64-bit FNV-1a: small, and stable across compilers and releases, unlike std::hash.
class Fnv1a {
  public:
    void add(std::string_view text) {
        for (char c : text) {
            hash_ ^= static_cast<unsigned char>(c);
            hash_ *= 0x100000001b3ULL;
        }
        // A separator byte keeps ("ab", "c") and ("a", "bc") apart.
        hash_ ^= 0xFF;
        hash_ *= 0x100000001b3ULL;
    }
    std::string hex() const { return fmt::format("{:016x}", hash_); }

  private:
    std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// Removes the root from the display paths that a message quotes (messages about
// unreadable files do), so that the message does not depend on how the root was written.
std::string without_root(std::string message, std::string_view root_display) {
    while (root_display.size() > 1 && root_display.back() == '/') root_display.remove_suffix(1);
    if (root_display.empty() || root_display == "/") return message;
    const std::string prefix = std::string(root_display) + "/";
    std::size_t at = message.find(prefix);
    while (at != std::string::npos) {
        const bool starts_path = at == 0 || std::string_view(" '\"(").find(message[at - 1]) !=
                                                std::string_view::npos;
        if (starts_path) message.erase(at, root_display.size());
        at = message.find(prefix, starts_path ? at + 1 : at + prefix.size());
    }
    return message;
}

const linter::Assignment* assignment_at(const linter::UnitFile& file, int line) {
    for (const linter::Assignment& assignment : file.assignments) {
        if (assignment.line <= line && line <= std::max(assignment.line, assignment.end_line)) {
            return &assignment;
        }
    }
    return nullptr;
}

void write_entry(std::string& out, const BaselineEntry& entry) {
    out += "    {\n";
    auto field = [&out](std::string_view name, std::string_view value, bool last = false) {
        out += "      ";
        linter::append_json_string(out, name);
        out += ": ";
        linter::append_json_string(out, value);
        out += last ? "\n" : ",\n";
    };
    field("fingerprint", entry.fingerprint);
    field("rule", entry.rule);
    field("unit", entry.unit);
    field("path", entry.path);
    if (!entry.directive.empty()) field("directive", entry.directive);
    if (!entry.directive.empty()) field("value", entry.value);
    field("message", entry.message, entry.since.empty());
    if (!entry.since.empty()) field("since", entry.since, true);
    out += "    }";
}

}  // namespace

BaselineResult read_baseline(std::string_view text, const std::string& path) {
    Expected<JsonNode> root = JsonParser(text, path).parse();
    if (!root) {
        BaselineResult result;
        result.baseline.path = path;
        result.errors.push_back(root.error());
        return result;
    }
    return BaselineReader(path).read(*root);
}

BaselineResult read_baseline_file(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    std::ostringstream text;
    if (stream) text << stream.rdbuf();
    if (!stream || stream.bad()) {
        BaselineResult result;
        result.baseline.path = file.string();
        result.errors.push_back(Error{fmt::format("failed to read baseline file '{}': {}",
                                                  file.string(), std::strerror(errno)),
                                      {file.string(), 0, 0, 0}});
        return result;
    }
    return read_baseline(text.str(), file.string());
}

std::string render_baseline(std::vector<BaselineEntry> entries) {
    std::sort(entries.begin(), entries.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
        return std::tie(a.path, a.rule, a.unit, a.directive, a.value, a.fingerprint) <
               std::tie(b.path, b.rule, b.unit, b.directive, b.value, b.fingerprint);
    });
    std::string out = fmt::format(
        "{{\n  \"schema_version\": {},\n  \"tool\": {{\"name\": \"unitguard\", \"version\": "
        "\"{}\"}},\n  \"findings\": [",
        kBaselineSchema, UG_VERSION);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        out += i == 0 ? "\n" : ",\n";
        write_entry(out, entries[i]);
    }
    out += entries.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

std::string fingerprint_path(std::string_view display_path, std::string_view root_display) {
    std::string_view root = root_display;
    while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
    if (root.empty() || !display_path.starts_with(root)) return std::string(display_path);
    const std::string_view inner = display_path.substr(root.size());
    if (root == "/" || !inner.starts_with('/')) return std::string(display_path);
    return std::string(inner);
}

void fill_directives(std::span<const SourceFile> files, std::vector<Diagnostic>& findings) {
    std::map<std::string_view, const linter::UnitFile*> by_path;
    for (const SourceFile& source : files) by_path.emplace(source.display_path, source.file);

    for (Diagnostic& finding : findings) {
        if (finding.directive || finding.location.line <= 0) continue;
        auto file = by_path.find(finding.location.path);
        if (file == by_path.end()) continue;
        const linter::Assignment* assignment = assignment_at(*file->second, finding.location.line);
        if (assignment == nullptr) continue;
        finding.directive = assignment->key;
        finding.value = assignment->value;
    }
}

std::string finding_fingerprint(const Diagnostic& finding, std::string_view root_display) {
    Fnv1a hash;
    hash.add(finding.rule_id);
    hash.add(finding.unit);
    hash.add(fingerprint_path(finding.location.path, root_display));
    if (finding.directive) {
        hash.add(*finding.directive);
        hash.add(finding.value.value_or(""));
    } else {
        hash.add(without_root(finding.message, root_display));
    }
    return hash.hex();
}

void assign_fingerprints(std::string_view root_display, std::vector<Diagnostic>& findings) {
    for (Diagnostic& finding : findings) {
        finding.fingerprint = finding_fingerprint(finding, root_display);
    }
}

BaselineEntry make_baseline_entry(const Diagnostic& finding, std::string_view root_display,
                                  const Date& since) {
    BaselineEntry entry;
    entry.fingerprint = finding.fingerprint;
    entry.rule = finding.rule_id;
    entry.unit = finding.unit;
    entry.path = fingerprint_path(finding.location.path, root_display);
    entry.directive = finding.directive.value_or("");
    entry.value = finding.value.value_or("");
    entry.message = without_root(finding.message, root_display);
    entry.since = format_date(since);
    return entry;
}

std::size_t apply_baseline(const Baseline& baseline, std::vector<Diagnostic>& findings) {
    std::map<std::string_view, std::size_t> remaining;
    for (const BaselineEntry& entry : baseline.entries) ++remaining[entry.fingerprint];

    for (Diagnostic& finding : findings) {
        if (finding.state != FindingState::Open) continue;
        auto entry = remaining.find(finding.fingerprint);
        if (entry == remaining.end() || entry->second == 0) continue;
        --entry->second;
        finding.state = FindingState::Baselined;
        finding.state_source = baseline.path;
    }

    std::size_t unmatched = 0;
    for (const auto& [fingerprint, count] : remaining) unmatched += count;
    return unmatched;
}

BaselineUpdate update_baseline(const Baseline& old, const std::vector<Diagnostic>& findings,
                               std::string_view root_display, const Date& today,
                               const std::function<bool(const BaselineEntry&)>& keep_unmatched) {
    std::multimap<std::string_view, const BaselineEntry*> unused;
    for (const BaselineEntry& entry : old.entries) unused.emplace(entry.fingerprint, &entry);

    BaselineUpdate update;
    for (const Diagnostic& finding : findings) {
        if (finding.state != FindingState::Open) continue;
        auto match = unused.find(finding.fingerprint);
        if (match == unused.end()) {
            update.entries.push_back(make_baseline_entry(finding, root_display, today));
            ++update.added;
            continue;
        }
        // Keep the date of the old entry, but describe the finding as it is now.
        BaselineEntry entry = make_baseline_entry(finding, root_display, today);
        entry.since = match->second->since;
        update.entries.push_back(std::move(entry));
        unused.erase(match);
        ++update.kept;
    }
    for (const auto& [fingerprint, entry] : unused) {
        if (keep_unmatched(*entry)) {
            update.entries.push_back(*entry);
            ++update.kept;
        } else {
            ++update.removed;
        }
    }
    return update;
}

}  // namespace unitguard::rules
