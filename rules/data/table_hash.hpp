// SPDX-License-Identifier: MIT
// Hash shared by the table generator (build time) and the directive lookup (run time).
#pragma once

#include <cstdint>
#include <string_view>

namespace unitguard::rules::data {

/// FNV-1a over `section`, a 0x1f separator byte and `name`. Both sides of the generated
/// directive hash table must use exactly this function.
constexpr std::uint64_t directive_hash(std::string_view section, std::string_view name) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto mix = [&h](unsigned char c) {
        h ^= c;
        h *= 0x100000001b3ULL;
    };
    for (char c : section) mix(static_cast<unsigned char>(c));
    mix(0x1f);
    for (char c : name) mix(static_cast<unsigned char>(c));
    return h;
}

}  // namespace unitguard::rules::data
