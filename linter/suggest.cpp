// SPDX-License-Identifier: MIT
// Did-you-mean suggestions based on the optimal-string-alignment edit distance.
#include "linter/suggest.hpp"

#include <algorithm>
#include <limits>

namespace unitguard::linter {

namespace {

// Shortest word that is completed to the one candidate it starts: shorter words start
// too many names for the completion to be a likely meaning.
constexpr std::size_t kMinCompletionLength = 4;

char fold(char c, bool ignore_case) {
    if (ignore_case && c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    return c;
}

// Returns edit_distance(a, b, ignore_case), or any value above `bound` as soon as the
// distance is known to exceed it. A row's minimum is at least the smaller of the previous
// row's minimum and the minimum two rows back plus one, so once two consecutive rows have
// minima above `bound` every later row does too.
std::size_t bounded_edit_distance(std::string_view a, std::string_view b, bool ignore_case,
                                  std::size_t bound) {
    // The distance is at least the difference in length.
    const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (length_gap > bound) return length_gap;

    // Three rows of the dynamic-programming table suffice: the swap step looks two rows back.
    const std::size_t width = b.size() + 1;
    std::vector<std::size_t> before_previous(width), previous(width), current(width);
    for (std::size_t j = 0; j < width; ++j) previous[j] = j;
    std::size_t previous_minimum = 0;

    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        std::size_t minimum = current[0];
        const char ca = fold(a[i - 1], ignore_case);
        for (std::size_t j = 1; j < width; ++j) {
            const char cb = fold(b[j - 1], ignore_case);
            const std::size_t substitution = previous[j - 1] + (ca == cb ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});

            const bool swapped = i > 1 && j > 1 && ca == fold(b[j - 2], ignore_case) &&
                                 fold(a[i - 2], ignore_case) == cb;
            if (swapped) current[j] = std::min(current[j], before_previous[j - 2] + 1);
            minimum = std::min(minimum, current[j]);
        }
        if (minimum > bound && previous_minimum > bound) return minimum;
        previous_minimum = minimum;
        std::swap(before_previous, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

bool starts_with_folded(std::string_view text, std::string_view prefix) {
    if (prefix.size() > text.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (fold(text[i], true) != fold(prefix[i], true)) return false;
    }
    return true;
}

// Returns the one candidate that starts with `word` (ignoring case) and is longer, or
// nothing when none or several do.
template <typename Candidates>
std::optional<std::string> only_completion(std::string_view word, const Candidates& candidates) {
    std::optional<std::string> found;
    for (const auto& candidate : candidates) {
        const std::string_view name{candidate};
        if (name.size() <= word.size() || !starts_with_folded(name, word)) continue;
        if (found) return std::nullopt;
        found = std::string(name);
    }
    return found;
}

template <typename Candidates>
std::optional<std::string> closest(std::string_view word, const Candidates& candidates) {
    const std::size_t limit = max_suggestion_distance(word.size());
    std::size_t best_folded = std::numeric_limits<std::size_t>::max();
    std::size_t best_exact = std::numeric_limits<std::size_t>::max();
    std::optional<std::string> best;

    for (const auto& candidate : candidates) {
        const std::string_view name{candidate};
        // Only distances up to the limit and the best so far matter, so the bound lets most
        // candidates stop early (unknown keys are checked against every directive).
        const std::size_t folded = bounded_edit_distance(word, name, /*ignore_case=*/true,
                                                         std::min(limit, best_folded));
        if (folded > limit || folded > best_folded) continue;

        const std::size_t exact = edit_distance(word, name);
        if (folded == best_folded && exact >= best_exact) continue;
        best_folded = folded;
        best_exact = exact;
        best = std::string(name);
    }
    // A name cut short ("PrivateDev") is more likely meant than one that differs in
    // several letters.
    if (best_folded > 1 && word.size() >= kMinCompletionLength) {
        if (std::optional<std::string> completion = only_completion(word, candidates)) {
            return completion;
        }
    }
    return best;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case) {
    return bounded_edit_distance(a, b, ignore_case, std::numeric_limits<std::size_t>::max());
}

std::size_t max_suggestion_distance(std::size_t length) {
    return std::max<std::size_t>(1, length / 3);
}

std::optional<std::string> suggest(std::string_view word,
                                   std::span<const std::string_view> candidates) {
    return closest(word, candidates);
}

std::optional<std::string> suggest(std::string_view word, std::span<const std::string> candidates) {
    return closest(word, candidates);
}

std::optional<std::string> suggest(std::string_view word,
                                   std::initializer_list<std::string_view> candidates) {
    return closest(word, candidates);
}

std::string did_you_mean(const std::optional<std::string>& suggestion, std::string_view suffix) {
    if (!suggestion) return {};
    std::string tail = "; did you mean '";
    tail += *suggestion;
    tail += suffix;
    tail += "'?";
    return tail;
}

}  // namespace unitguard::linter
