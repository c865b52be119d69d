// SPDX-License-Identifier: MIT
// Canonical forms of directive values, so that policy values compare equal to unit values.
#include "rules/policy.hpp"

#include <algorithm>
#include <utility>

#include "linter/settings.hpp"

namespace unitguard::rules {

namespace {

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (true) {
        start = text.find_first_not_of(" \t\n", start);
        if (start == std::string_view::npos) break;
        std::size_t end = text.find_first_of(" \t\n", start);
        if (end == std::string_view::npos) end = text.size();
        words.emplace_back(text.substr(start, end - start));
        start = end;
    }
    return words;
}

std::string join_words(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& word : words) {
        if (!text.empty()) text += ' ';
        text += word;
    }
    return text;
}

bool takes_boolean_words(const Directive& directive) {
    return directive.kind == ValueKind::Bool ||
           (directive.kind == ValueKind::Enum && directive.enum_accepts_bool);
}

// Sorts the items and drops repeats. An inverting '~' on the first item applies to the
// whole list in systemd, so it is kept in front of the sorted result.
void sort_as_set(std::vector<std::string>& items) {
    bool inverted = false;
    if (!items.empty() && items.front().starts_with('~')) {
        inverted = true;
        items.front().erase(0, 1);
        if (items.front().empty()) items.erase(items.begin());
    }

    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    if (inverted && !items.empty()) items.front().insert(0, 1, '~');
}

}  // namespace

bool is_list_kind(ValueKind kind) {
    switch (kind) {
        case ValueKind::StringList:
        case ValueKind::PathList:
        case ValueKind::UnitList:
        case ValueKind::EnumList:
        case ValueKind::Environment:
        case ValueKind::SyscallFilter:
        case ValueKind::ArchitectureList:
        case ValueKind::CapabilitySet:
        case ValueKind::AddressFamilies:
        case ValueKind::Namespaces:
        case ValueKind::FilesystemFilter:
        case ValueKind::SocketBind:
        case ValueKind::IpPrefixList:
        case ValueKind::MountList:
        case ValueKind::ExitStatusList:
            return true;
        default:
            return false;
    }
}

bool is_unordered_list_kind(ValueKind kind) {
    return is_list_kind(kind) && kind != ValueKind::Environment && kind != ValueKind::MountList;
}

CanonicalValue canonical_directive_value(const Directive& directive, std::string_view text) {
    if (is_list_kind(directive.kind))
        return canonical_directive_items(directive, split_words(text));

    CanonicalValue value;
    value.text = std::string(text);
    if (takes_boolean_words(directive)) {
        if (std::optional<bool> flag = linter::parse_boolean(text))
            value.text = *flag ? "yes" : "no";
    }
    value.items.push_back(value.text);
    return value;
}

CanonicalValue canonical_directive_items(const Directive& directive,
                                         std::vector<std::string> items) {
    if (!is_list_kind(directive.kind)) {
        return canonical_directive_value(directive, join_words(items));
    }
    if (is_unordered_list_kind(directive.kind)) sort_as_set(items);

    CanonicalValue value;
    value.text = join_words(items);
    value.items = std::move(items);
    return value;
}

}  // namespace unitguard::rules
