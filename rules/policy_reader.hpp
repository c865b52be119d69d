// SPDX-License-Identifier: MIT
// Internal interface between the files of the policy reader; not part of the public API.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "rules/policy.hpp"

namespace unitguard::rules::detail {

/// Highest release number accepted for `target-systemd`; also the target used to validate
/// directive values when the policy names none.
inline constexpr int kMaxSystemdRelease = 999;

/// Returns the type of `node` with its article, e.g. "a string", for error messages.
std::string_view type_phrase(const toml::node& node);

/// Whether `names` contains `name`.
bool contains(std::span<const std::string_view> names, std::string_view name);

/// Walks one parsed policy file and records what it finds in `policy_` and `errors_`.
/// The [profile.require] and [profile.forbid] members live in policy_directives.cpp.
class PolicyReader {
  public:
    PolicyReader(const std::string& path, PolicyFileKind kind) : path_(path), kind_(kind) {}

    PolicyResult read(std::string_view text);

  private:
    Location at(const toml::source_region& region) const;
    Location at(const toml::key& key) const { return at(key.source()); }
    Location at(const toml::node& node) const { return at(node.source()); }
    void fail(std::string message, Location location);

    void check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                    std::string_view scope);
    bool expect(const toml::key& key, const toml::node& node, bool ok, std::string_view expected,
                std::string_view scope);
    std::optional<Located<std::string>> read_string(const toml::key& key, const toml::node& node,
                                                    std::string_view scope);
    std::optional<std::vector<Located<std::string>>> read_strings(const toml::key& key,
                                                                  const toml::node& node,
                                                                  std::string_view scope);
    std::vector<Located<std::string>> read_unit_patterns(const toml::key& key,
                                                         const toml::node& node,
                                                         std::string_view scope);

    void read_top_level(const toml::table& root);
    void read_schema(const toml::table& root);
    void read_target(const toml::key& key, const toml::node& node);
    void read_fail_on(const toml::key& key, const toml::node& node);
    template <typename Item, typename ReadOne>
    void read_table_array(const toml::key& key, const toml::node& node, std::string_view header,
                          std::vector<Item>& out, ReadOne read_one);

    std::optional<Profile> read_profile(const toml::table& table);
    void read_exposure(const toml::key& key, const toml::node& node, Profile& profile);
    void read_syscalls(const toml::key& key, const toml::node& node, Profile& profile);
    void check_syscall(const Located<std::string>& entry);

    void read_directives(const toml::key& key, const toml::node& node, std::string_view scope,
                         std::vector<DirectiveValue>& out);
    void read_section_directives(const toml::key& section_key, const toml::table& table,
                                 std::string_view scope, std::vector<DirectiveValue>& out);
    void read_directive(std::optional<std::string_view> section, std::string_view name,
                        const toml::key& key, const toml::node& node, std::string_view scope,
                        std::vector<DirectiveValue>& out);
    void report_unknown_directive(std::optional<std::string_view> section, std::string_view name,
                                  const toml::key& key);
    std::optional<CanonicalValue> read_directive_value(const Directive& directive,
                                                       const toml::node& node);
    void check_contradictions(const Profile& profile);

    void read_sysctl(const toml::table& table, const std::string& prefix);
    void add_sysctl(const std::string& written_key, const toml::key& key, const toml::node& node);

    std::optional<Waiver> read_waiver(const toml::table& table);

    std::optional<ExecRule> read_exec_rule(const toml::table& table);
    bool check_exec_rule_id(const Located<std::string>& id);
    void compile_exec_query(const toml::node& node, ExecRule& rule);

    bool check_rule_id(const Located<std::string>& rule, std::string_view where);
    void read_rules(const toml::table& table);
    void read_rule_severities(const toml::table& table);

    std::string path_;
    std::string_view text_;  ///< the policy text, for places inside multi-line strings
    PolicyFileKind kind_;
    Policy policy_;
    std::vector<Error> errors_;
};

}  // namespace unitguard::rules::detail
