// SPDX-License-Identifier: MIT
// Policy files on disk: loading, host drop-ins, merging and discovery.
#include "rules/policy.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "linter/root_fs.hpp"

namespace unitguard::rules {

namespace {

constexpr std::string_view kHostPolicy = "/etc/unitguard/unitguard.toml";
constexpr std::string_view kHostDropInDirectory = "/etc/unitguard/unitguard.toml.d";
constexpr std::string_view kPolicyNames[] = {".unitguard.toml", "unitguard.toml"};

Expected<Policy> first_error_or_policy(PolicyResult result) {
    if (!result.errors.empty()) return result.errors.front();
    return std::move(result.policy);
}

PolicyResult unreadable(const std::string& path, const std::string& reason) {
    PolicyResult result;
    result.policy.sources.push_back(path);
    result.errors.push_back(
        Error{fmt::format("failed to read policy file '{}': {}", path, reason), {path, 0, 0, 0}});
    return result;
}

// Reads one policy file below the root; a missing file yields nothing.
std::optional<PolicyResult> read_root_file(const linter::RootFs& fs, const std::string& path,
                                           PolicyFileKind kind) {
    Expected<linter::ResolvedPath> resolved = fs.resolve(path);
    if (!resolved) return unreadable(path, resolved.error().message);
    if (resolved->type == linter::FileType::Missing) return std::nullopt;

    Expected<std::string> text = fs.read_file(path);
    if (!text) return unreadable(path, text.error().message);
    return read_policy(*text, path, kind);
}

// The host drop-ins in file-name order: `*.toml`, hidden files excluded.
std::vector<std::string> host_drop_ins(const linter::RootFs& fs) {
    std::vector<std::string> paths;
    for (const linter::DirEntry& entry : fs.list_directory(kHostDropInDirectory)) {
        const bool is_toml = entry.name.size() > 5 && entry.name.ends_with(".toml");
        if (!is_toml || entry.name.front() == '.') continue;
        paths.push_back(linter::join_path(kHostDropInDirectory, entry.name));
    }
    return paths;
}

void merge_result(PolicyResult& base, PolicyResult drop_in) {
    merge_policy(base.policy, std::move(drop_in.policy));
    for (Error& error : drop_in.errors) base.errors.push_back(std::move(error));
}

// Removes the entries for `rule_id` from a list of rule IDs.
void erase_rule(std::vector<Located<std::string>>& rules, const std::string& rule_id) {
    std::erase_if(rules, [&](const Located<std::string>& entry) { return entry.value == rule_id; });
}

// A drop-in's [rules] decides for each rule it names: turning a rule on removes it from the
// disabled rules of the files before, and the other way round.
void merge_rule_settings(RuleSettings& base, RuleSettings drop_in) {
    for (Located<std::string>& rule : drop_in.enable) {
        erase_rule(base.disable, rule.value);
        erase_rule(base.enable, rule.value);
        base.enable.push_back(std::move(rule));
    }
    for (Located<std::string>& rule : drop_in.disable) {
        erase_rule(base.enable, rule.value);
        erase_rule(base.disable, rule.value);
        base.disable.push_back(std::move(rule));
    }
    for (RuleSeverity& entry : drop_in.severity) {
        std::erase_if(base.severity, [&](const RuleSeverity& earlier) {
            return earlier.rule.value == entry.rule.value;
        });
        base.severity.push_back(std::move(entry));
    }
}

bool exists_as_file(const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::exists(path, error) && !std::filesystem::is_directory(path, error);
}

}  // namespace

PolicyResult read_policy_file(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) return unreadable(file.string(), std::strerror(errno));

    // Read in pieces, so that a huge file or an endless one such as /dev/zero stops at the
    // limit instead of filling memory.
    std::string text;
    char buffer[64 * 1024];
    while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(stream.gcount()));
        if (text.size() > kMaxPolicyFileSize) {
            return unreadable(file.string(), fmt::format("larger than the maximum of {} bytes",
                                                         kMaxPolicyFileSize));
        }
    }
    if (stream.bad()) return unreadable(file.string(), std::strerror(errno));
    return read_policy(text, file.string());
}

PolicyResult read_host_policy(const std::filesystem::path& root) {
    const linter::RootFs fs(root.string());
    std::optional<PolicyResult> result =
        read_root_file(fs, std::string(kHostPolicy), PolicyFileKind::Standalone);

    for (const std::string& path : host_drop_ins(fs)) {
        std::optional<PolicyResult> drop_in = read_root_file(fs, path, PolicyFileKind::DropIn);
        if (!drop_in) continue;
        if (!result) {
            result = std::move(drop_in);
            continue;
        }
        merge_result(*result, std::move(*drop_in));
    }

    if (!result) {
        PolicyResult missing;
        missing.errors.push_back(Error{
            fmt::format("no host policy found: neither '{}' nor '{}/*.toml' exists below '{}'",
                        kHostPolicy, kHostDropInDirectory, root.string()),
            {}});
        return missing;
    }
    return std::move(*result);
}

Expected<Policy> parse_policy(std::string_view text, const std::string& path) {
    return first_error_or_policy(read_policy(text, path));
}

Expected<Policy> load_policy(const std::filesystem::path& file) {
    return first_error_or_policy(read_policy_file(file));
}

Expected<Policy> load_host_policy(const std::filesystem::path& root) {
    return first_error_or_policy(read_host_policy(root));
}

std::vector<Error> check_policy_file(const std::filesystem::path& file) {
    return read_policy_file(file).errors;
}

void merge_policy(Policy& base, Policy drop_in) {
    for (std::string& source : drop_in.sources) base.sources.push_back(std::move(source));
    if (drop_in.schema) base.schema = std::move(drop_in.schema);
    if (drop_in.target_systemd) base.target_systemd = std::move(drop_in.target_systemd);
    if (drop_in.fail_on) base.fail_on = std::move(drop_in.fail_on);

    for (Profile& profile : drop_in.profiles) base.profiles.push_back(std::move(profile));
    for (Waiver& waiver : drop_in.waivers) base.waivers.push_back(std::move(waiver));
    for (ExecRule& rule : drop_in.exec_rules) base.exec_rules.push_back(std::move(rule));

    merge_rule_settings(base.rules, std::move(drop_in.rules));

    for (SysctlRequirement& requirement : drop_in.sysctl) {
        auto existing = std::find_if(
            base.sysctl.begin(), base.sysctl.end(),
            [&](const SysctlRequirement& entry) { return entry.key == requirement.key; });
        if (existing != base.sysctl.end()) {
            *existing = std::move(requirement);
        } else {
            base.sysctl.push_back(std::move(requirement));
        }
    }
}

const ExecRule* Policy::find_exec_rule(std::string_view id) const {
    for (const ExecRule& rule : exec_rules) {
        if (rule.id.value == id) return &rule;
    }
    return nullptr;
}

std::optional<bool> Policy::rule_switch(std::string_view rule_id) const {
    auto names = [rule_id](const Located<std::string>& entry) { return entry.value == rule_id; };
    if (std::any_of(rules.disable.begin(), rules.disable.end(), names)) return false;
    if (std::any_of(rules.enable.begin(), rules.enable.end(), names)) return true;
    return std::nullopt;
}

std::optional<Severity> Policy::rule_severity(std::string_view rule_id) const {
    for (const RuleSeverity& entry : rules.severity) {
        if (entry.rule.value == rule_id) return entry.severity.value;
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> discover_policy(const std::filesystem::path& start_dir) {
    std::error_code error;
    std::filesystem::path directory = std::filesystem::absolute(start_dir, error);
    if (error) return std::nullopt;
    directory = directory.lexically_normal();
    // "a/b/" normalises to a path with an empty file name; drop the trailing separator.
    if (!directory.has_filename() && directory != directory.root_path()) {
        directory = directory.parent_path();
    }

    while (true) {
        for (std::string_view name : kPolicyNames) {
            const std::filesystem::path candidate = directory / name;
            if (exists_as_file(candidate)) return candidate;
        }
        const bool repository_root = std::filesystem::exists(directory / ".git", error);
        if (repository_root || directory == directory.root_path()) return std::nullopt;
        directory = directory.parent_path();
    }
}

}  // namespace unitguard::rules
