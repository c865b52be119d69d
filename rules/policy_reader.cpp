// SPDX-License-Identifier: MIT
// Strict reading of policy TOML: every unknown key, wrong type or bad value is an error.
#include "rules/policy_reader.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "drift/sysctl_d.hpp"
#include "linter/suggest.hpp"
#include "rules/rule.hpp"
#include "rules/syscall_groups.hpp"
#include "rules/waivers.hpp"

namespace unitguard::rules {

namespace {

constexpr std::string_view kTopLevelKeys[] = {"schema", "target-systemd", "fail-on", "profile",
                                              "sysctl", "waiver",         "rules",
                                              "exec-rule"};
constexpr std::string_view kProfileKeys[] = {"name",    "units",  "exposure-max",
                                             "require", "forbid", "syscalls"};
constexpr std::string_view kSyscallKeys[] = {"deny"};
constexpr std::string_view kWaiverKeys[] = {"rule", "units", "reason", "expires"};
constexpr std::string_view kRulesKeys[] = {"enable", "disable", "severity"};

constexpr double kMaxExposure = 10.0;

// Skips the string that starts at text[i] (any of the four TOML string kinds) and returns
// the index of its last character, or text.size() when it is not closed.
std::size_t skip_string(std::string_view text, std::size_t i) {
    const char quote = text[i];
    const bool multi_line = text.substr(i, 3) == std::string(3, quote);
    std::size_t j = i + (multi_line ? 3 : 1);
    for (; j < text.size(); ++j) {
        if (quote == '"' && text[j] == '\\') {
            ++j;
        } else if (!multi_line && (text[j] == quote || text[j] == '\n')) {
            return j;
        } else if (multi_line && text.substr(j, 3) == std::string(3, quote)) {
            // Up to two more quotes may end the string's content ("""a"""").
            j += 2;
            while (j + 1 < text.size() && text[j + 1] == quote) ++j;
            return j;
        }
    }
    return text.size();
}

// Returns the 1-based line and column where keys and values of `text` first nest deeper
// than kMaxPolicyNestingDepth. Every table header part, dotted-key part, array and inline
// table counts one level, and keys below a [table] header start at the header's depth. A
// scan without parsing may count a level too many, never one too few.
std::optional<std::pair<int, int>> find_excess_nesting(std::string_view text) {
    std::vector<char> brackets;     // the open '[' and '{'
    std::vector<int> key_parts{0};  // dotted-key parts counted at each bracket level
    int table_depth = 0;            // levels of the last [table] or [[table]] header
    int depth = 1;                  // levels open now, the root table included
    bool in_key = true;             // before the '=' of a key, or inside a header
    bool in_header = false;
    int header_depth = 0;           // deepest level reached inside the current header
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        bool deeper = false;
        switch (c) {
            case '\n':
                ++line;
                line_start = i + 1;
                if (brackets.empty()) {
                    key_parts[0] = 0;
                    depth = 1 + table_depth;
                    in_key = true;
                }
                break;
            case '#':
                while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
                break;
            case '"':
            case '\'':
                for (std::size_t end = skip_string(text, i); i < end && i + 1 < text.size();) {
                    if (text[++i] == '\n') {
                        ++line;
                        line_start = i + 1;
                    }
                }
                break;
            case '[':
            case '{':
                if (c == '[' && brackets.empty() && in_key) {
                    in_header = true;
                    header_depth = 0;
                    depth = 1;  // a header starts again from the root table
                }
                brackets.push_back(c);
                key_parts.push_back(0);
                ++depth;
                deeper = true;
                in_key = c == '{' || in_key;
                break;
            case ']':
            case '}':
                if (!brackets.empty()) {
                    brackets.pop_back();
                    depth -= key_parts.back() + 1;
                    key_parts.pop_back();
                }
                if (in_header && brackets.empty()) {
                    in_header = false;
                    table_depth = header_depth - 1;
                }
                in_key = false;
                break;
            case ',':
                in_key = !brackets.empty() && brackets.back() == '{';
                break;
            case '=':
                in_key = false;
                break;
            case '.':
                if (in_key) {
                    ++key_parts.back();
                    ++depth;
                    deeper = true;
                }
                break;
            default:
                break;
        }
        if (in_header) header_depth = std::max(header_depth, depth);
        if (deeper && depth > kMaxPolicyNestingDepth) {
            return std::pair{line, static_cast<int>(i - line_start) + 1};
        }
    }
    return std::nullopt;
}

Expected<toml::table> parse_toml(std::string_view text, const std::string& path) {
    if (auto place = find_excess_nesting(text)) {
        return Error{fmt::format("keys and values nest more than {} levels deep",
                                 kMaxPolicyNestingDepth),
                     Location{path, place->first, place->second, 0}};
    }
    auto to_error = [&](const toml::parse_error& failure) {
        std::string description(failure.description());
        if (!description.empty()) {
            const auto first = static_cast<unsigned char>(description[0]);
            description[0] = static_cast<char>(std::tolower(first));
        }
        const toml::source_position begin = failure.source().begin;
        return Error{"invalid TOML: " + description, Location{path, static_cast<int>(begin.line),
                                                              static_cast<int>(begin.column), 0}};
    };
#if TOML_EXCEPTIONS
    try {
        return toml::parse(text, std::string_view{path});
    } catch (const toml::parse_error& failure) {
        return to_error(failure);
    }
#else
    toml::parse_result result = toml::parse(text, std::string_view{path});
    if (!result) return to_error(result.error());
    return std::move(result).table();
#endif
}

}  // namespace

namespace detail {

std::string_view type_phrase(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a floating-point number";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        case toml::node_type::none:
            break;
    }
    return "nothing";
}

bool contains(std::span<const std::string_view> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

Location PolicyReader::at(const toml::source_region& region) const {
    Location location{path_, static_cast<int>(region.begin.line),
                      static_cast<int>(region.begin.column), 0};
    if (region.end.line == region.begin.line && region.end.column > region.begin.column) {
        location.end_column = static_cast<int>(region.end.column);
    }
    return location;
}

void PolicyReader::fail(std::string message, Location location) {
    errors_.push_back(Error{std::move(message), std::move(location)});
}

PolicyResult PolicyReader::read(std::string_view text) {
    policy_.sources.push_back(path_);
    text_ = text;
    Expected<toml::table> root = parse_toml(text, path_);
    if (!root) {
        fail(root.error().message, root.error().location);
    } else {
        read_top_level(*root);
    }

    // toml++ iterates keys in sorted order; report in file order instead.
    std::stable_sort(errors_.begin(), errors_.end(), [](const Error& a, const Error& b) {
        return std::pair(a.location.line, a.location.column) <
               std::pair(b.location.line, b.location.column);
    });
    return PolicyResult{std::move(policy_), std::move(errors_)};
}

void PolicyReader::check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                              std::string_view scope) {
    for (auto&& [key, node] : table) {
        if (contains(allowed, key.str())) continue;
        const std::string hint = linter::did_you_mean(linter::suggest(key.str(), allowed));
        if (scope.empty()) {
            fail(fmt::format("unknown top-level key '{}'{}", key.str(), hint), at(key));
        } else {
            fail(fmt::format("unknown key '{}' in {}{}", key.str(), scope, hint), at(key));
        }
    }
}

bool PolicyReader::expect(const toml::key& key, const toml::node& node, bool ok,
                          std::string_view expected, std::string_view scope) {
    if (ok) return true;
    const std::string where = scope.empty() ? "" : fmt::format(" in {}", scope);
    fail(fmt::format("wrong type for '{}'{}: expected {}, found {}", key.str(), where, expected,
                     type_phrase(node)),
         at(node));
    return false;
}

std::optional<Located<std::string>> PolicyReader::read_string(const toml::key& key,
                                                              const toml::node& node,
                                                              std::string_view scope) {
    if (!expect(key, node, node.is_string(), "a string", scope)) return std::nullopt;
    const std::string& text = node.as_string()->get();
    if (text.empty()) {
        fail(fmt::format("empty value for '{}' in {}", key.str(), scope), at(node));
        return std::nullopt;
    }
    return Located<std::string>{text, at(key), at(node)};
}

std::optional<std::vector<Located<std::string>>> PolicyReader::read_strings(
    const toml::key& key, const toml::node& node, std::string_view scope) {
    if (!expect(key, node, node.is_array(), "an array of strings", scope)) return std::nullopt;

    std::vector<Located<std::string>> items;
    bool all_strings = true;
    for (const toml::node& item : *node.as_array()) {
        if (!item.is_string()) {
            fail(fmt::format("wrong type for an item of '{}' in {}: expected a string, found {}",
                             key.str(), scope, type_phrase(item)),
                 at(item));
            all_strings = false;
            continue;
        }
        items.push_back(Located<std::string>{item.as_string()->get(), at(key), at(item)});
    }
    if (!all_strings) return std::nullopt;
    return items;
}

std::vector<Located<std::string>> PolicyReader::read_unit_patterns(const toml::key& key,
                                                                   const toml::node& node,
                                                                   std::string_view scope) {
    std::optional<std::vector<Located<std::string>>> patterns = read_strings(key, node, scope);
    if (!patterns) return {};
    if (patterns->empty()) {
        fail(fmt::format("empty array for '{}' in {}: it would match no unit", key.str(), scope),
             at(node));
    }

    std::vector<Located<std::string>> valid;
    for (Located<std::string>& pattern : *patterns) {
        if (std::optional<std::string> problem = check_unit_pattern(pattern.value)) {
            fail(fmt::format("invalid unit pattern '{}' in '{}': {}", pattern.value, key.str(),
                             *problem),
                 pattern.value_location);
            continue;
        }
        valid.push_back(std::move(pattern));
    }
    return valid;
}

// ---- top level ----------------------------------------------------------------------

void PolicyReader::read_top_level(const toml::table& root) {
    check_keys(root, kTopLevelKeys, "");
    read_schema(root);

    // The target release decides which directive values are valid, so it is read before
    // the profiles (toml++ iterates keys alphabetically, which would put it after them).
    if (auto target = root.find("target-systemd"); target != root.end()) {
        read_target(target->first, target->second);
    }

    // Waivers and [rules] may name the policy's own rules, so those are read first.
    if (auto exec_rules = root.find("exec-rule"); exec_rules != root.end()) {
        read_table_array(exec_rules->first, exec_rules->second, "[[exec-rule]]",
                         policy_.exec_rules,
                         [this](const toml::table& table) { return read_exec_rule(table); });
    }

    for (auto&& [key, node] : root) {
        if (key == "fail-on") {
            read_fail_on(key, node);
        } else if (key == "profile") {
            read_table_array(key, node, "[[profile]]", policy_.profiles,
                             [this](const toml::table& table) { return read_profile(table); });
        } else if (key == "waiver") {
            read_table_array(key, node, "[[waiver]]", policy_.waivers,
                             [this](const toml::table& table) { return read_waiver(table); });
        } else if (key == "rules") {
            if (expect(key, node, node.is_table(), "a table ([rules])", "")) {
                read_rules(*node.as_table());
            }
        } else if (key == "sysctl") {
            if (expect(key, node, node.is_table(), "a table ([sysctl])", "")) {
                read_sysctl(*node.as_table(), "");
            }
        }
    }
}

void PolicyReader::read_schema(const toml::table& root) {
    const toml::node* node = root.get("schema");
    if (node == nullptr) {
        if (kind_ == PolicyFileKind::Standalone) {
            fail(
                fmt::format("missing required key 'schema'; expected 'schema = {}'", kPolicySchema),
                Location{path_, 1, 1, 0});
        }
        return;
    }

    const toml::key& key = root.find("schema")->first;
    if (!expect(key, *node, node->is_integer(), "an integer", "")) return;
    const std::int64_t schema = node->as_integer()->get();
    if (schema != kPolicySchema) {
        fail(fmt::format("unsupported schema {}; this version of unitguard reads schema {}", schema,
                         kPolicySchema),
             at(*node));
        return;
    }
    policy_.schema = Located<int>{kPolicySchema, at(key), at(*node)};
}

void PolicyReader::read_target(const toml::key& key, const toml::node& node) {
    if (!expect(key, node, node.is_integer(), "an integer", "")) return;
    const std::int64_t release = node.as_integer()->get();
    if (release < 1 || release > kMaxSystemdRelease) {
        fail(fmt::format("invalid value {} for 'target-systemd': expected a systemd release "
                         "number from 1 to {}",
                         release, kMaxSystemdRelease),
             at(node));
        return;
    }
    policy_.target_systemd = Located<int>{static_cast<int>(release), at(key), at(node)};
}

void PolicyReader::read_fail_on(const toml::key& key, const toml::node& node) {
    if (!expect(key, node, node.is_string(), "a string", "")) return;
    const std::string& text = node.as_string()->get();
    const std::optional<Severity> severity = parse_severity(text);
    if (!severity) {
        const std::string hint =
            linter::did_you_mean(linter::suggest(text, {"error", "warning", "info"}));
        fail(fmt::format("invalid value '{}' for 'fail-on': expected 'error', 'warning' or "
                         "'info'{}",
                         text, hint),
             at(node));
        return;
    }
    policy_.fail_on = Located<Severity>{*severity, at(key), at(node)};
}

template <typename Item, typename ReadOne>
void PolicyReader::read_table_array(const toml::key& key, const toml::node& node,
                                    std::string_view header, std::vector<Item>& out,
                                    ReadOne read_one) {
    const std::string expected = fmt::format("an array of tables ({})", header);
    if (!expect(key, node, node.is_array(), expected, "")) return;

    for (const toml::node& element : *node.as_array()) {
        if (!element.is_table()) {
            fail(fmt::format("wrong type for an item of '{}': expected a table, found {}",
                             key.str(), type_phrase(element)),
                 at(element));
            continue;
        }
        if (std::optional<Item> item = read_one(*element.as_table())) {
            out.push_back(std::move(*item));
        }
    }
}

// ---- [[profile]] --------------------------------------------------------------------

std::optional<Profile> PolicyReader::read_profile(const toml::table& table) {
    constexpr std::string_view scope = "[[profile]]";
    check_keys(table, kProfileKeys, scope);
    Profile profile;
    profile.location = at(table);
    bool has_name = false;
    bool has_units = false;

    for (auto&& [key, node] : table) {
        if (key == "name") {
            has_name = true;
            if (std::optional<Located<std::string>> name = read_string(key, node, scope)) {
                profile.name = std::move(*name);
            }
        } else if (key == "units") {
            has_units = true;
            profile.units = read_unit_patterns(key, node, scope);
        } else if (key == "exposure-max") {
            read_exposure(key, node, profile);
        } else if (key == "require") {
            read_directives(key, node, "[profile.require]", profile.require);
        } else if (key == "forbid") {
            read_directives(key, node, "[profile.forbid]", profile.forbid);
        } else if (key == "syscalls") {
            read_syscalls(key, node, profile);
        }
    }

    if (!has_name) fail("missing required key 'name' in [[profile]]", profile.location);
    if (!has_units) fail("missing required key 'units' in [[profile]]", profile.location);
    check_contradictions(profile);

    // Two profiles with one name would make findings ambiguous.
    for (const Profile& earlier : policy_.profiles) {
        if (profile.name.value.empty() || earlier.name.value != profile.name.value) continue;
        fail(fmt::format("duplicate profile name '{}'; the first is on line {}", profile.name.value,
                         earlier.name.value_location.line),
             profile.name.value_location);
    }
    return profile;
}

void PolicyReader::read_exposure(const toml::key& key, const toml::node& node, Profile& profile) {
    const bool is_number = node.is_integer() || node.is_floating_point();
    if (!expect(key, node, is_number, "a number from 0 to 10", "[[profile]]")) return;

    const double exposure = node.is_integer() ? static_cast<double>(node.as_integer()->get())
                                              : node.as_floating_point()->get();
    if (!(exposure >= 0.0 && exposure <= kMaxExposure)) {
        fail(fmt::format("invalid value {} for 'exposure-max': expected a number from 0 to 10",
                         exposure),
             at(node));
        return;
    }
    profile.exposure_max = Located<double>{exposure, at(key), at(node)};
}

void PolicyReader::read_syscalls(const toml::key& key, const toml::node& node, Profile& profile) {
    constexpr std::string_view scope = "[profile.syscalls]";
    if (!expect(key, node, node.is_table(), "a table ([profile.syscalls])", "[[profile]]")) {
        return;
    }
    const toml::table& table = *node.as_table();
    check_keys(table, kSyscallKeys, scope);

    const toml::node* deny = table.get("deny");
    if (deny == nullptr) return;
    std::optional<std::vector<Located<std::string>>> names =
        read_strings(table.find("deny")->first, *deny, scope);
    if (!names) return;

    for (Located<std::string>& name : *names) {
        const bool repeated =
            std::any_of(profile.deny_syscalls.begin(), profile.deny_syscalls.end(),
                        [&](const Located<std::string>& seen) { return seen.value == name.value; });
        if (repeated) continue;
        check_syscall(name);
        profile.deny_syscalls.push_back(std::move(name));
    }
}

void PolicyReader::check_syscall(const Located<std::string>& entry) {
    // Names are checked against the newest bundled table: a syscall that only newer
    // releases know is still a valid requirement, and the rules judge the target.
    const SyscallGroupTable& table = syscall_group_table(std::numeric_limits<int>::max());
    const std::string& name = entry.value;

    if (name.starts_with('@')) {
        if (has_group(table, name)) return;
        const std::string hint = linter::did_you_mean(linter::suggest(name, group_names(table)));
        fail(fmt::format("unknown syscall group '{}' in 'deny'{}", name, hint),
             entry.value_location);
        return;
    }
    if (is_known_syscall(table, name)) return;
    const std::vector<std::string_view> known = expand_group(table, "@known");
    const std::string hint = linter::did_you_mean(linter::suggest(name, known));
    fail(fmt::format("unknown syscall '{}' in 'deny'{}", name, hint), entry.value_location);
}
// ---- [sysctl] -----------------------------------------------------------------------

void PolicyReader::read_sysctl(const toml::table& table, const std::string& prefix) {
    for (auto&& [key, node] : table) {
        // An unquoted dotted key (kernel.yama.ptrace_scope = 2) arrives as nested tables.
        const std::string written =
            prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (node.is_table()) {
            read_sysctl(*node.as_table(), written);
            continue;
        }
        add_sysctl(written, key, node);
    }
}

void PolicyReader::add_sysctl(const std::string& written_key, const toml::key& key,
                              const toml::node& node) {
    const std::string normalised = drift::normalize_sysctl_key(written_key);
    if (normalised.empty()) {
        fail(fmt::format("invalid sysctl key '{}': it names no parameter", written_key), at(key));
        return;
    }
    if (normalised.find_first_of("*?[") != std::string::npos) {
        fail(fmt::format("invalid sysctl key '{}': globs are not supported here, name one "
                         "parameter",
                         written_key),
             at(key));
        return;
    }

    std::string value;
    if (node.is_string()) {
        value = node.as_string()->get();
    } else if (node.is_integer()) {
        value = std::to_string(node.as_integer()->get());
    } else if (node.is_boolean()) {
        value = node.as_boolean()->get() ? "1" : "0";
    } else {
        fail(fmt::format("wrong type for sysctl '{}': expected a string, integer or boolean, "
                         "found {}",
                         written_key, type_phrase(node)),
             at(node));
        return;
    }

    for (const SysctlRequirement& earlier : policy_.sysctl) {
        if (earlier.key != normalised) continue;
        fail(fmt::format("duplicate sysctl key '{}'; the first is on line {}", written_key,
                         earlier.key_location.line),
             at(key));
        return;
    }
    policy_.sysctl.push_back(SysctlRequirement{normalised, value, at(key), at(node)});
}

// ---- [[waiver]] ---------------------------------------------------------------------

std::optional<Waiver> PolicyReader::read_waiver(const toml::table& table) {
    constexpr std::string_view scope = "[[waiver]]";
    check_keys(table, kWaiverKeys, scope);
    Waiver waiver;
    waiver.location = at(table);
    bool has_rule = false;
    bool has_reason = false;

    for (auto&& [key, node] : table) {
        if (key == "rule") {
            has_rule = true;
            if (auto rule = read_string(key, node, scope)) {
                if (check_rule_id(*rule, "'rule' of [[waiver]]")) waiver.rule = std::move(*rule);
            }
        } else if (key == "reason") {
            has_reason = true;
            if (auto reason = read_string(key, node, scope)) waiver.reason = std::move(*reason);
        } else if (key == "units") {
            waiver.units = read_unit_patterns(key, node, scope);
        } else if (key == "expires") {
            if (!expect(key, node, node.is_date(), "a date such as 2027-06-30", scope)) continue;
            const toml::date date = node.as_date()->get();
            waiver.expires =
                Located<Date>{Date{date.year, date.month, date.day}, at(key), at(node)};
        }
    }

    if (!has_rule) fail("missing required key 'rule' in [[waiver]]", waiver.location);
    if (!has_reason) fail("missing required key 'reason' in [[waiver]]", waiver.location);
    return waiver;
}

// ---- [rules] ------------------------------------------------------------------------

bool PolicyReader::check_rule_id(const Located<std::string>& rule, std::string_view where) {
    if (find_rule(rule.value) != nullptr || policy_.find_exec_rule(rule.value) != nullptr) {
        return true;
    }
    fail(fmt::format("unknown rule '{}' in {}{}", rule.value, where,
                     rule_id_suggestion(rule.value)),
         rule.value_location);
    return false;
}

void PolicyReader::read_rules(const toml::table& table) {
    constexpr std::string_view scope = "[rules]";
    check_keys(table, kRulesKeys, scope);

    for (auto&& [key, node] : table) {
        if (key == "enable" || key == "disable") {
            std::vector<Located<std::string>>& out =
                key == "enable" ? policy_.rules.enable : policy_.rules.disable;
            std::optional<std::vector<Located<std::string>>> rules =
                read_strings(key, node, scope);
            if (!rules) continue;
            const std::string where = fmt::format("'{}' of [rules]", key.str());
            for (Located<std::string>& rule : *rules) {
                if (!check_rule_id(rule, where)) continue;
                const bool repeated = std::any_of(out.begin(), out.end(), [&](const auto& seen) {
                    return seen.value == rule.value;
                });
                if (!repeated) out.push_back(std::move(rule));
            }
        } else if (key == "severity") {
            if (expect(key, node, node.is_table(), "a table ([rules.severity])", scope)) {
                read_rule_severities(*node.as_table());
            }
        }
    }

    // A rule in both lists would leave its state to the order of the keys.
    for (const Located<std::string>& disabled : policy_.rules.disable) {
        for (const Located<std::string>& enabled : policy_.rules.enable) {
            if (enabled.value != disabled.value) continue;
            fail(fmt::format("rule '{}' is both enabled and disabled; it is enabled on line {}",
                             disabled.value, enabled.value_location.line),
                 disabled.value_location);
        }
    }
}

void PolicyReader::read_rule_severities(const toml::table& table) {
    constexpr std::string_view scope = "[rules.severity]";
    for (auto&& [key, node] : table) {
        Located<std::string> rule{std::string(key.str()), at(key), at(key)};
        if (!check_rule_id(rule, scope)) continue;
        if (!expect(key, node, node.is_string(), "a string", scope)) continue;

        const std::string& text = node.as_string()->get();
        const std::optional<Severity> severity = parse_severity(text);
        if (!severity) {
            const std::string hint =
                linter::did_you_mean(linter::suggest(text, {"error", "warning", "info"}));
            fail(fmt::format("invalid severity '{}' for '{}' in {}: expected 'error', 'warning' "
                             "or 'info'{}",
                             text, rule.value, scope, hint),
                 at(node));
            continue;
        }
        policy_.rules.severity.push_back(
            RuleSeverity{std::move(rule), Located<Severity>{*severity, at(key), at(node)}});
    }
}

}  // namespace detail

PolicyResult read_policy(std::string_view text, const std::string& path, PolicyFileKind kind) {
    return detail::PolicyReader(path, kind).read(text);
}

}  // namespace unitguard::rules
