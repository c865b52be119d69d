// SPDX-License-Identifier: MIT
// Lookups over the generated capability, address family and errno tables
// (rules/data/capabilities.tsv, address_families.tsv, errno.tsv).
#include "rules/kernel_names.hpp"

#include <algorithm>
#include <cstddef>

#include "rules/data/tables.hpp"

namespace unitguard::rules {
namespace {

char fold(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

/// Compares like std::string_view::compare after upper-casing ASCII letters of both sides.
int compare_folded(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const char x = fold(a[i]), y = fold(b[i]);
        if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

const data::NamedNumber* find_name(const data::NameTable& table, std::string_view name) {
    auto rows = table.by_name;
    auto it = std::lower_bound(rows.begin(), rows.end(), name,
                               [](const data::NamedNumber& row, std::string_view key) {
                                   return compare_folded(row.name, key) < 0;
                               });
    if (it == rows.end() || compare_folded(it->name, name) != 0) return nullptr;
    return &*it;
}

std::string_view number_name(const data::NameTable& table, int number) {
    if (number < 0 || static_cast<std::size_t>(number) >= table.by_number.size()) return {};
    return table.by_number[static_cast<std::size_t>(number)];
}

}  // namespace

std::optional<int> capability_number(std::string_view name) {
    if (const auto* row = find_name(data::kCapabilities, name)) return row->number;
    return std::nullopt;
}

std::string_view capability_name(int number) { return number_name(data::kCapabilities, number); }

int capability_count() { return static_cast<int>(data::kCapabilities.by_number.size()); }

std::optional<int> address_family_number(std::string_view name) {
    if (const auto* row = find_name(data::kAddressFamilies, name)) return row->number;
    return std::nullopt;
}

std::string_view address_family_name(int number) {
    return number_name(data::kAddressFamilies, number);
}

bool address_family_accepted_by_systemd(std::string_view name) {
    const auto* row = find_name(data::kAddressFamilies, name);
    return row != nullptr && row->systemd;
}

std::optional<int> errno_number(std::string_view name) {
    if (const auto* row = find_name(data::kErrnos, name)) return row->number;
    return std::nullopt;
}

std::string_view errno_name(int number) { return number_name(data::kErrnos, number); }

}  // namespace unitguard::rules
