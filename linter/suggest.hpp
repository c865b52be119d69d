// SPDX-License-Identifier: MIT
// Did-you-mean suggestions: the known name closest to a misspelt one.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace unitguard::linter {

/// Computes the optimal-string-alignment distance between `a` and `b`: the number of
/// single-character insertions, deletions, substitutions and swaps of two adjacent
/// characters that turn one into the other. Compares bytes. With `ignore_case`, ASCII
/// letters are folded to lowercase first.
std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case = false);

/// Returns the largest distance `suggest` accepts for a word of `length` bytes: a third of
/// the length, but at least 1, so short words get only one-letter corrections.
std::size_t max_suggestion_distance(std::size_t length);

/// Returns the candidate closest to `word`, or nothing when none is within
/// max_suggestion_distance(word.size()). Distances ignore ASCII case, so `privatepids`
/// finds `PrivatePIDs`. Ties go to the smaller case-sensitive distance, then to the
/// earlier candidate. A candidate equal to `word` is returned as is. When no candidate is
/// within distance 1 and `word` has at least 4 bytes, the only candidate that starts
/// with `word` wins: `PrivateDev` finds `PrivateDevices`.
std::optional<std::string> suggest(std::string_view word,
                                   std::span<const std::string_view> candidates);

/// Same as the overload above, for candidates held as strings.
std::optional<std::string> suggest(std::string_view word, std::span<const std::string> candidates);

/// Same as the overload above, for a braced list of literals.
std::optional<std::string> suggest(std::string_view word,
                                   std::initializer_list<std::string_view> candidates);

/// Formats the usual message tail: "; did you mean 'NAME'?" for a suggestion, "" for none.
/// `suffix` is appended inside the quotes, e.g. "=" for directive names.
std::string did_you_mean(const std::optional<std::string>& suggestion,
                         std::string_view suffix = "");

}  // namespace unitguard::linter
