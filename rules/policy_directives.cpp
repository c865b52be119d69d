// SPDX-License-Identifier: MIT
// Reading [profile.require] and [profile.forbid]: directive names, sections and values.
#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "linter/suggest.hpp"
#include "rules/policy_reader.hpp"

namespace unitguard::rules::detail {

namespace {

std::vector<std::string_view> split_enum_words(std::string_view words) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= words.size()) {
        std::size_t end = words.find('|', start);
        if (end == std::string_view::npos) end = words.size();
        if (end > start) parts.push_back(words.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// Returns the closest accepted word to a rejected value, for enums and booleans.
std::optional<std::string> suggest_value(const Directive& directive,
                                         const std::vector<std::string>& items) {
    if (directive.kind == ValueKind::Bool) {
        return linter::suggest(items.empty() ? "" : items.front(),
                               {"yes", "no", "true", "false", "on", "off"});
    }
    if (directive.kind != ValueKind::Enum && directive.kind != ValueKind::EnumList) {
        return std::nullopt;
    }

    // A list may arrive as one string, so each item is split into words first.
    const std::vector<std::string_view> words = split_enum_words(directive.enum_words);
    for (const std::string& item : items) {
        for (const std::string& word : canonical_directive_value(directive, item).items) {
            if (!contains(words, word)) return linter::suggest(word, words);
        }
    }
    return std::nullopt;
}

// The directive table's messages often open by naming the value and the directive again
// ("unknown value 'x' for Key=; expected ..."). The policy message names both already, so
// that opening is dropped.
std::string without_repeated_subject(const std::string& detail, std::string_view value,
                                     std::string_view name) {
    const std::string subject = fmt::format("'{}' for {}=", value, name);
    const std::size_t at = detail.find(subject);
    if (at == std::string::npos) return detail;

    const std::size_t rest = detail.find_first_not_of("; ", at + subject.size());
    if (rest == std::string::npos) return detail;
    return detail.substr(rest);
}

const Directive* resolve_directive(std::optional<std::string_view> section, std::string_view name) {
    if (section) return find_directive(*section, name);
    for (std::string_view candidate : kPolicySections) {
        if (const Directive* directive = find_directive(candidate, name)) return directive;
    }
    return nullptr;
}

}  // namespace

// ---- [profile.require] and [profile.forbid] -----------------------------------------

void PolicyReader::read_directives(const toml::key& key, const toml::node& node,
                                   std::string_view scope, std::vector<DirectiveValue>& out) {
    if (!expect(key, node, node.is_table(), fmt::format("a table ({})", scope), "[[profile]]")) {
        return;
    }

    for (auto&& [name_key, value] : *node.as_table()) {
        const std::string_view name = name_key.str();
        if (value.is_table() && contains(kPolicySections, name)) {
            read_section_directives(name_key, *value.as_table(), scope, out);
            continue;
        }

        // A quoted "Section.Name" key picks the section explicitly.
        const std::size_t dot = name.find('.');
        if (dot != std::string_view::npos && !value.is_table()) {
            read_directive(name.substr(0, dot), name.substr(dot + 1), name_key, value, scope, out);
            continue;
        }
        read_directive(std::nullopt, name, name_key, value, scope, out);
    }

    std::sort(out.begin(), out.end(), [](const DirectiveValue& a, const DirectiveValue& b) {
        return std::pair(a.key_location.line, a.key_location.column) <
               std::pair(b.key_location.line, b.key_location.column);
    });
}

void PolicyReader::read_section_directives(const toml::key& section_key, const toml::table& table,
                                           std::string_view scope,
                                           std::vector<DirectiveValue>& out) {
    for (auto&& [name_key, value] : table) {
        read_directive(section_key.str(), name_key.str(), name_key, value, scope, out);
    }
}

void PolicyReader::read_directive(std::optional<std::string_view> section, std::string_view name,
                                  const toml::key& key, const toml::node& node,
                                  std::string_view scope, std::vector<DirectiveValue>& out) {
    if (section && !contains(kPolicySections, *section)) {
        const std::string hint = linter::did_you_mean(linter::suggest(*section, kPolicySections));
        fail(fmt::format("unknown section '{}' in {}{}", *section, scope, hint), at(key));
        return;
    }
    const Directive* directive = resolve_directive(section, name);
    if (directive == nullptr) {
        // No directive takes a table, so an unknown table key was meant as a section.
        if (!section && node.is_table()) {
            const std::string hint = linter::did_you_mean(linter::suggest(name, kPolicySections));
            fail(fmt::format("unknown section '{}' in {}{}", name, scope, hint), at(key));
            return;
        }
        report_unknown_directive(section, name, key);
        return;
    }

    std::optional<CanonicalValue> value = read_directive_value(*directive, node);
    if (!value) return;

    for (const DirectiveValue& earlier : out) {
        if (earlier.directive != directive) continue;
        fail(fmt::format("duplicate directive {}.{}= in {}; the first is on line {}",
                         directive->section, directive->name, scope, earlier.key_location.line),
             at(key));
        return;
    }

    DirectiveValue entry;
    entry.directive = directive;
    entry.section = std::string(directive->section);
    entry.name = std::string(directive->name);
    entry.value = std::move(value->text);
    entry.items = std::move(value->items);
    entry.is_list = is_list_kind(directive->kind);
    entry.key_location = at(key);
    entry.value_location = at(node);
    out.push_back(std::move(entry));
}

void PolicyReader::report_unknown_directive(std::optional<std::string_view> section,
                                            std::string_view name, const toml::key& key) {
    // The name may exist in another section than the one written.
    if (section) {
        if (const Directive* elsewhere = resolve_directive(std::nullopt, name)) {
            fail(fmt::format("unknown directive '{}=' in [{}]; did you mean '{}.{}'?", name,
                             *section, elsewhere->section, elsewhere->name),
                 at(key));
            return;
        }
    }

    std::vector<std::string_view> candidates;
    for (const Directive& directive : all_directives()) {
        const bool in_scope =
            section ? directive.section == *section : contains(kPolicySections, directive.section);
        if (in_scope && !contains(candidates, directive.name)) {
            candidates.push_back(directive.name);
        }
    }
    const std::string hint = linter::did_you_mean(linter::suggest(name, candidates), "=");
    const std::string where = section ? fmt::format(" in [{}]", *section) : "";
    fail(fmt::format("unknown directive '{}='{}{}", name, where, hint), at(key));
}

std::optional<CanonicalValue> PolicyReader::read_directive_value(const Directive& directive,
                                                                 const toml::node& node) {
    const bool list = is_list_kind(directive.kind);
    std::vector<std::string> items;
    if (node.is_boolean()) {
        items.emplace_back(node.as_boolean()->get() ? "yes" : "no");
    } else if (node.is_integer()) {
        items.push_back(std::to_string(node.as_integer()->get()));
    } else if (node.is_string()) {
        items.push_back(node.as_string()->get());
    } else if (node.is_array() && list) {
        for (const toml::node& item : *node.as_array()) {
            if (!item.is_string()) {
                fail(fmt::format("wrong type for an item of {}=: expected a string, found {}",
                                 directive.name, type_phrase(item)),
                     at(item));
                return std::nullopt;
            }
            items.push_back(item.as_string()->get());
        }
    } else {
        const std::string_view expected = list ? "a boolean, integer, string or array of strings"
                                               : "a single boolean, integer or string";
        fail(fmt::format("wrong type for {}=: expected {}, found {}", directive.name, expected,
                         type_phrase(node)),
             at(node));
        return std::nullopt;
    }

    CanonicalValue value = node.is_array() ? canonical_directive_items(directive, items)
                                           : canonical_directive_value(directive, items.front());
    // An empty value resets a directive in a unit file, which is no requirement at all.
    if (value.text.empty()) {
        fail(fmt::format("empty value for {}=: name the value that must or must not be in effect",
                         directive.name),
             at(node));
        return std::nullopt;
    }

    std::string written;
    for (const std::string& item : items) written += (written.empty() ? "" : " ") + item;
    // Without a target, values of every release are accepted; the rules judge the units'
    // own target later.
    const int target = policy_.target_systemd ? policy_.target_systemd->value : kMaxSystemdRelease;
    // Array items are separate unit-file assignments, so each is checked on its own:
    // some directives (SocketBindAllow=) take one entry per assignment.
    std::optional<std::string> problem;
    if (node.is_array()) {
        for (const std::string& item : items) {
            problem = validate_value(directive, item, target);
            if (problem) {
                written = item;
                break;
            }
        }
    } else {
        problem = validate_value(directive, written, target);
    }
    if (problem) {
        const std::string hint = linter::did_you_mean(suggest_value(directive, items));
        fail(fmt::format("invalid value '{}' for {}=: {}{}", written, directive.name,
                         without_repeated_subject(*problem, written, directive.name), hint),
             at(node));
        return std::nullopt;
    }
    return value;
}

void PolicyReader::check_contradictions(const Profile& profile) {
    for (const DirectiveValue& required : profile.require) {
        for (const DirectiveValue& forbidden : profile.forbid) {
            if (required.directive != forbidden.directive || required.value != forbidden.value) {
                continue;
            }
            fail(fmt::format("{}={} is both required and forbidden; the requirement is on line {}",
                             forbidden.name, forbidden.value, required.key_location.line),
                 forbidden.key_location);
        }
    }
}

}  // namespace unitguard::rules::detail
