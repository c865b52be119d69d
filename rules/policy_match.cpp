// SPDX-License-Identifier: MIT
// Unit matching for profiles and waivers: unit name globs with the template rule.
#include "rules/policy.hpp"

#include <fnmatch.h>

#include <algorithm>

#include <fmt/format.h>

#include "drift/sysctl_d.hpp"
#include "linter/unit_name.hpp"

namespace unitguard::rules {

namespace {

bool fnmatch_unit(std::string_view pattern, std::string_view name) {
    const std::string pattern_text(pattern);
    const std::string name_text(name);
    // Backslash is an ordinary character in unit names ("\x2d" escapes), not a glob escape.
    return ::fnmatch(pattern_text.c_str(), name_text.c_str(), FNM_NOESCAPE) == 0;
}

bool is_glob_character(char c) { return c == '*' || c == '?' || c == '[' || c == ']'; }

// Characters systemd accepts in unit names, plus the glob syntax.
bool is_pattern_character(char c) {
    const bool alphanumeric =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alphanumeric || c == ':' || c == '-' || c == '_' || c == '.' || c == '\\' || c == '@' ||
           c == '!' || c == '^' || is_glob_character(c);
}

// Returns the position after the bracket expression that opens at `open`, or npos when
// it is never closed. A ']' right after "[", "[!" or "[^" is a member, not the end.
std::size_t skip_bracket(std::string_view pattern, std::size_t open) {
    std::size_t i = open + 1;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) ++i;
    if (i < pattern.size() && pattern[i] == ']') ++i;
    const std::size_t close = pattern.find(']', i);
    return close == std::string_view::npos ? close : close + 1;
}

// Checks the part after the last dot, which must name a unit type unless a glob covers it.
std::optional<std::string> check_suffix(std::string_view pattern, std::size_t dot) {
    const std::string_view type = pattern.substr(dot + 1);
    const bool literal = std::none_of(type.begin(), type.end(), is_glob_character);
    if (literal && !linter::is_unit_type(type)) {
        return fmt::format("unknown unit type '{}'", type);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_unit_pattern(std::string_view pattern) {
    if (pattern.empty()) return std::string("the pattern is empty");

    bool has_glob = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (!is_pattern_character(c)) {
            return fmt::format("character '{}' cannot occur in a unit name", c);
        }
        if (c == '*' || c == '?') has_glob = true;
        if (c != '[') continue;

        const std::size_t after = skip_bracket(pattern, i);
        if (after == std::string_view::npos) return std::string("unclosed '['");
        has_glob = true;
        i = after - 1;
    }

    const std::size_t dot = pattern.rfind('.');
    if (dot != std::string_view::npos) return check_suffix(pattern, dot);

    // A glob such as "game-*" may cover the suffix; a literal name needs one.
    if (has_glob) return std::nullopt;
    return std::string("a unit name needs a type suffix such as '.service'");
}

bool unit_pattern_matches(std::string_view pattern, std::string_view unit_name) {
    if (fnmatch_unit(pattern, unit_name)) return true;

    const std::optional<linter::UnitName> parsed = linter::parse_unit_name(unit_name);
    if (!parsed || !parsed->is_instance) return false;
    return fnmatch_unit(pattern, parsed->template_name());
}

bool profile_matches(const Profile& profile, std::string_view unit_name) {
    for (const Located<std::string>& pattern : profile.units) {
        if (unit_pattern_matches(pattern.value, unit_name)) return true;
    }
    return false;
}

bool waiver_applies(const Waiver& waiver, std::string_view rule_id, std::string_view unit_name) {
    if (waiver.rule.value != rule_id) return false;
    if (waiver.units.empty()) return true;
    for (const Located<std::string>& pattern : waiver.units) {
        if (unit_pattern_matches(pattern.value, unit_name)) return true;
    }
    return false;
}

std::vector<const Profile*> Policy::profiles_for(std::string_view unit_name) const {
    std::vector<const Profile*> matching;
    for (const Profile& profile : profiles) {
        if (profile_matches(profile, unit_name)) matching.push_back(&profile);
    }
    return matching;
}

const SysctlRequirement* Policy::find_sysctl(std::string_view key) const {
    const std::string normalised = drift::normalize_sysctl_key(key);
    for (const SysctlRequirement& requirement : sysctl) {
        if (requirement.key == normalised) return &requirement;
    }
    return nullptr;
}

}  // namespace unitguard::rules
