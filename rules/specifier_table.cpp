// SPDX-License-Identifier: MIT
// Lookups over the generated specifier table (rules/data/specifiers.tsv).
#include "rules/specifier_table.hpp"

#include "rules/data/tables.hpp"

namespace unitguard::rules {

const SpecifierInfo* find_specifier(char letter) {
    const auto c = static_cast<unsigned char>(letter);
    if (c >= data::kSpecifierIndex.size()) return nullptr;
    const std::uint8_t index = data::kSpecifierIndex[c];
    if (index == 0xff) return nullptr;
    return &data::kSpecifiers[index];
}

std::span<const SpecifierInfo> all_specifiers() { return data::kSpecifiers; }

}  // namespace unitguard::rules
