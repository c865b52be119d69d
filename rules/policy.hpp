// SPDX-License-Identifier: MIT
// Policy: the TOML file that states which settings units must have, read strictly.
#pragma once

#include <compare>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/expected.hpp"
#include "rules/directives.hpp"

namespace unitguard::rules {

/// Maximum size in bytes of a policy file; larger files are rejected (exit code 2).
inline constexpr std::size_t kMaxPolicyFileSize = 16 * 1024 * 1024;

/// Maximum nesting depth of keys and values in a policy file: each table, dotted-key part,
/// array and inline table counts one level, and real policies use about 4. A deeper file
/// is rejected before toml++ parses it, because toml++ 3.3.0 limits nested arrays and
/// inline tables (to 256) but not dotted keys, and crashed with a stack overflow on a
/// table header of 100,000 dotted parts.
inline constexpr int kMaxPolicyNestingDepth = 64;

/// Policy schema version this reader understands.
inline constexpr int kPolicySchema = 1;

/// Sections whose directives [profile.require] and [profile.forbid] may name. A bare key
/// is looked up in this order, so exec and kill settings, which systemd also accepts in
/// [Socket], [Mount] and [Swap], resolve to [Service]. To pick another section, write
/// `Socket.ProtectSystem = ...` (dotted key), `"Socket.ProtectSystem" = ...` (quoted key)
/// or put the keys in a `[profile.require.Socket]` table.
inline constexpr std::string_view kPolicySections[] = {"Service", "Unit",  "Install",
                                                       "Socket",  "Mount", "Swap"};

/// A policy value with the places of its key and of the value itself.
template <typename T>
struct Located {
    T value{};
    Location key_location;    ///< the key, e.g. `name` in `name = "x"`
    Location value_location;  ///< the value; end_column set when it fits on one line
};

/// A calendar date, as written by a TOML local date (`2027-06-30`).
struct Date {
    int year = 0;
    int month = 0;
    int day = 0;

    auto operator<=>(const Date&) const = default;
};

/// One `Directive = value` line of [profile.require] or [profile.forbid].
struct DirectiveValue {
    const Directive* directive = nullptr;  ///< row of the directive table
    std::string section;                   ///< section it resolved to, e.g. "Service"
    std::string name;                      ///< directive name without '=', e.g. "ProtectSystem"
    /// Canonical text, see canonical_directive_value(): "yes"/"no" for booleans, list
    /// items joined by single spaces.
    std::string value;
    std::vector<std::string> items;  ///< list items in canonical order; one item for scalars
    bool is_list = false;            ///< the directive takes a list (see is_list_kind())
    Location key_location;
    Location value_location;
};

/// A `[[profile]]`: settings that every unit matching `units` must have.
struct Profile {
    Located<std::string> name;
    /// Unit name globs (fnmatch: `*`, `?`, `[...]`). See unit_pattern_matches().
    std::vector<Located<std::string>> units;
    std::optional<Located<double>> exposure_max;  ///< highest accepted exposure, 0 to 10
    std::vector<DirectiveValue> require;          ///< values that must be in effect
    std::vector<DirectiveValue> forbid;           ///< values that must not be in effect
    /// `[profile.syscalls] deny`: syscall names and `@groups` the effective filter must
    /// block, in file order without repeats.
    std::vector<Located<std::string>> deny_syscalls;
    Location location;  ///< the `[[profile]]` header
};

/// One `[sysctl]` entry: a kernel parameter and the value it must have.
struct SysctlRequirement {
    std::string key;  ///< dotted form as drift::normalize_sysctl_key() returns it
    /// Value as the kernel prints it: integers in decimal, booleans as "1" or "0",
    /// strings as written.
    std::string value;
    Location key_location;
    Location value_location;
};

namespace shell {
class ShellQuery;
}  // namespace shell

/// An `[[exec-rule]]`: a check of the policy's own, written as a tree-sitter query over the
/// shell scripts of Exec*= lines (`sh -c '...'`).
struct ExecRule {
    /// Uppercase letters, digits and dashes, e.g. "ACME-CURL-SH"; never "UG" and digits.
    Located<std::string> id;
    Located<std::string> message;
    Severity severity = Severity::Warning;
    std::optional<Located<std::string>> help;
    std::vector<Located<std::string>> units;  ///< unit globs; empty means every unit
    Located<std::string> query;               ///< the query text as written
    std::shared_ptr<const shell::ShellQuery> compiled;
    Location location;  ///< the `[[exec-rule]]` header
};

/// One `[rules.severity]` entry: the severity that findings of a rule get.
struct RuleSeverity {
    Located<std::string> rule;  ///< rule ID, e.g. "UG402"
    Located<Severity> severity;
};

/// The `[rules]` table: rules turned on or off, and severities replaced. Every rule ID in
/// it is one of the rule catalogue.
struct RuleSettings {
    std::vector<Located<std::string>> enable;   ///< rules that run although off by default
    std::vector<Located<std::string>> disable;  ///< rules that do not run
    std::vector<RuleSeverity> severity;         ///< one entry per rule
};

/// A `[[waiver]]`: a rule that is not enforced for some units, with the reason.
struct Waiver {
    /// Rule ID, e.g. "UG402"; the reader rejects IDs that are not in the rule catalogue.
    Located<std::string> rule;
    std::vector<Located<std::string>> units;  ///< unit globs; empty means every unit
    Located<std::string> reason;
    std::optional<Located<Date>> expires;  ///< last day the waiver applies
    Location location;                     ///< the `[[waiver]]` header
};

/// A whole policy, possibly merged from a main file and drop-ins.
struct Policy {
    std::vector<std::string> sources;  ///< files read, in merge order
    std::optional<Located<int>> schema;
    /// Oldest systemd release the units must work on; unset leaves it to the caller.
    std::optional<Located<int>> target_systemd;
    /// Lowest severity that fails the run; unset leaves it to the caller.
    std::optional<Located<Severity>> fail_on;
    std::vector<Profile> profiles;          ///< in file order, drop-ins appended
    std::vector<SysctlRequirement> sysctl;  ///< one entry per key
    std::vector<Waiver> waivers;            ///< in file order, drop-ins appended
    std::vector<ExecRule> exec_rules;       ///< in file order, drop-ins appended
    RuleSettings rules;                     ///< `[rules]`; a drop-in overrides per rule

    /// Returns whether `[rules]` turns the rule on (true) or off (false), or nothing when
    /// it does not name the rule.
    std::optional<bool> rule_switch(std::string_view rule_id) const;

    /// Returns the severity that `[rules.severity]` sets for the rule, if any.
    std::optional<Severity> rule_severity(std::string_view rule_id) const;

    /// Returns the profiles that apply to `unit_name`, in policy order.
    std::vector<const Profile*> profiles_for(std::string_view unit_name) const;

    /// Returns the `[[exec-rule]]` with `id`, or nullptr.
    const ExecRule* find_exec_rule(std::string_view id) const;

    /// Returns the requirement for a sysctl key (any spelling), or nullptr.
    const SysctlRequirement* find_sysctl(std::string_view key) const;
};

/// Whether a policy file must state its schema.
enum class PolicyFileKind {
    Standalone,  ///< a policy file of its own (main file): `schema` is required
    DropIn,      ///< a drop-in merged into a main file: `schema` is optional
};

/// The outcome of reading a policy: everything that could be read, and every error.
/// When `errors` is not empty the policy must not be used for checks, since a
/// rejected entry is missing from it.
struct PolicyResult {
    Policy policy;
    /// Every problem found, each at the key or value that caused it: per file in merge
    /// order, then by line and column.
    std::vector<Error> errors;
};

// Reading. The `read_*` functions collect every error in the input; the `parse_*` and
// `load_*` functions return the policy or the first of those errors.

/// Reads policy text. `path` is used for locations and for `Policy::sources`.
PolicyResult read_policy(std::string_view text, const std::string& path,
                         PolicyFileKind kind = PolicyFileKind::Standalone);

/// Reads a policy file from disk; an unreadable file is one error without a line.
PolicyResult read_policy_file(const std::filesystem::path& file);

/// Reads the host policy below `root` ("/" for the host itself):
/// /etc/unitguard/unitguard.toml, then the drop-ins /etc/unitguard/unitguard.toml.d/*.toml
/// in file-name order. Drop-ins append profiles and waivers, and replace the scalars
/// and the [sysctl] keys they set. Either part may be missing, but not both. Symlinks
/// are followed inside the root, and locations use paths inside the root.
PolicyResult read_host_policy(const std::filesystem::path& root);

/// Same as read_policy(), returning the policy or its first error.
Expected<Policy> parse_policy(std::string_view text, const std::string& path);

/// Same as read_policy_file(), returning the policy or its first error.
Expected<Policy> load_policy(const std::filesystem::path& file);

/// Same as read_host_policy(), returning the policy or its first error.
Expected<Policy> load_host_policy(const std::filesystem::path& root);

/// Returns every error of the policy file, empty when it is valid (`config validate`).
std::vector<Error> check_policy_file(const std::filesystem::path& file);

/// Appends `drop_in` to `base` with the drop-in rules of read_host_policy().
void merge_policy(Policy& base, Policy drop_in);

// Discovery.

/// Looks for `.unitguard.toml`, then `unitguard.toml`, in `start_dir` and each parent.
/// Stops after the directory that contains `.git` (the repository root) or after '/'.
std::optional<std::filesystem::path> discover_policy(const std::filesystem::path& start_dir);

// Matching.

/// Whether the unit glob `pattern` matches `unit_name`. A pattern also matches the
/// instances of the templates it matches: `foo@.service` and `foo@*.service` both match
/// `foo@1.service`, and `game-*.service` matches `game-server@2.service`.
bool unit_pattern_matches(std::string_view pattern, std::string_view unit_name);

/// Whether any of the profile's unit patterns matches `unit_name`.
bool profile_matches(const Profile& profile, std::string_view unit_name);

/// Whether `waiver` names `rule_id` and covers `unit_name`; expiry is not checked.
bool waiver_applies(const Waiver& waiver, std::string_view rule_id, std::string_view unit_name);

/// Returns why `pattern` cannot match any unit name, or nothing when it is a valid glob.
std::optional<std::string> check_unit_pattern(std::string_view pattern);

// Values.

/// Whether directives of `kind` take a list of items (paths, units, syscalls, ...).
bool is_list_kind(ValueKind kind);

/// Whether the order of items of `kind` is irrelevant to systemd, so that they compare
/// as sets. False for environment assignments and mount lists, whose order matters.
bool is_unordered_list_kind(ValueKind kind);

/// A directive value in the form used for comparisons.
struct CanonicalValue {
    std::string text;                ///< items joined by single spaces
    std::vector<std::string> items;  ///< one item for scalars
};

/// Returns the canonical form of `text` as a value of `directive`: boolean words become
/// "yes" or "no" (for booleans and for enums that accept them), lists are split on
/// whitespace, and unordered lists are sorted without repeats. A leading '~' of an
/// inverted list stays in front of the first item.
CanonicalValue canonical_directive_value(const Directive& directive, std::string_view text);

/// Same as canonical_directive_value(), for list items given one by one (a TOML array).
CanonicalValue canonical_directive_items(const Directive& directive,
                                         std::vector<std::string> items);

}  // namespace unitguard::rules
