// SPDX-License-Identifier: MIT
// `unitguard config validate`: checks the policy and the baseline file without loading units.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "linter/commands.hpp"
#include "linter/json_writer.hpp"
#include "linter/report_text.hpp"
#include "rules/baseline.hpp"
#include "rules/policy.hpp"
#include "rules/waivers.hpp"

namespace unitguard::linter {
namespace {

std::optional<std::string> read_line_of(const std::string& path, int line) {
    std::ifstream stream(path);
    std::string text;
    for (int i = 1; std::getline(stream, text); ++i) {
        if (i == line) return text;
    }
    return std::nullopt;
}

void print_messages(const std::vector<Error>& messages, std::string_view severity) {
    for (const Error& message : messages) {
        const Location& where = message.location;
        std::string place = escape_for_terminal(where.path);
        if (where.line > 0) place += fmt::format(":{}:{}", where.line, where.column);
        if (place.empty()) place = "unitguard";
        std::fprintf(stderr, "%s: %s: %s\n", place.c_str(), std::string(severity).c_str(),
                     escape_for_terminal(message.message).c_str());
        if (where.line <= 0) continue;
        if (std::optional<std::string> source = read_line_of(where.path, where.line)) {
            std::fprintf(stderr, "    %s\n", escape_for_terminal(*source).c_str());
            if (where.column > 0) {
                std::fprintf(stderr, "    %s^\n", std::string(where.column - 1, ' ').c_str());
            }
        }
    }
}

// Waivers that have expired are valid policy, but no longer waive anything.
std::vector<Error> expired_waivers(const rules::Policy& policy, const rules::Date& today) {
    std::vector<Error> warnings;
    for (const rules::Waiver& waiver : policy.waivers) {
        if (!waiver.expires || !rules::is_expired(waiver.expires->value, today)) continue;
        warnings.push_back(Error{fmt::format("waiver of '{}' expired on {} and no longer applies",
                                             waiver.rule.value,
                                             rules::format_date(waiver.expires->value)),
                                 waiver.expires->value_location});
    }
    return warnings;
}

void write_messages_json(JsonWriter& json, std::string_view key,
                         const std::vector<Error>& messages) {
    json.key(key);
    json.begin_array();
    for (const Error& message : messages) {
        json.begin_object();
        json.key("message");
        json.value(message.message);
        json.key("path");
        json.value(message.location.path);
        json.key("line");
        json.value(message.location.line);
        json.key("column");
        json.value(message.location.column);
        json.end_object();
    }
    json.end_array();
}

// Counts of what was read, for the line printed when everything is valid.
struct Validated {
    std::optional<std::string> policy_path;
    std::size_t profiles = 0;
    std::size_t waivers = 0;
    std::optional<std::string> baseline_path;
    std::size_t baseline_entries = 0;
};

void print_valid(const Validated& validated) {
    if (validated.policy_path) {
        std::printf("policy '%s' is valid: %zu profile%s, %zu waiver%s\n",
                    escape_for_terminal(*validated.policy_path).c_str(), validated.profiles,
                    validated.profiles == 1 ? "" : "s", validated.waivers,
                    validated.waivers == 1 ? "" : "s");
    }
    if (validated.baseline_path) {
        std::printf("baseline '%s' is valid: %zu entr%s\n",
                    escape_for_terminal(*validated.baseline_path).c_str(),
                    validated.baseline_entries, validated.baseline_entries == 1 ? "y" : "ies");
    }
}

}  // namespace

void print_config_errors(const std::vector<Error>& errors) { print_messages(errors, "error"); }

int run_config(const Options& options) {
    Expected<rules::Date> today = rules::current_date();
    if (!today) {
        std::fprintf(stderr, "unitguard: error: %s\n",
                     escape_for_terminal(today.error().message).c_str());
        return kExitUsage;
    }

    Validated validated;
    validated.policy_path = options.policy_path;
    if (!validated.policy_path) {
        if (auto found = rules::discover_policy(std::filesystem::current_path())) {
            validated.policy_path = found->string();
        }
    }
    validated.baseline_path = options.baseline_path;
    if (!validated.policy_path && !validated.baseline_path) {
        std::fputs("unitguard: error: nothing to validate: no policy file found (.unitguard.toml "
                   "or unitguard.toml up to the repository root); name one with --policy, or "
                   "a baseline with --baseline\n",
                   stderr);
        return kExitUsage;
    }

    std::vector<Error> errors;
    std::vector<Error> warnings;
    if (validated.policy_path) {
        rules::PolicyResult policy = rules::read_policy_file(*validated.policy_path);
        errors = std::move(policy.errors);
        validated.profiles = policy.policy.profiles.size();
        validated.waivers = policy.policy.waivers.size();
        if (errors.empty()) warnings = expired_waivers(policy.policy, *today);
    }
    if (validated.baseline_path) {
        rules::BaselineResult baseline = rules::read_baseline_file(*validated.baseline_path);
        for (Error& error : baseline.errors) errors.push_back(std::move(error));
        validated.baseline_entries = baseline.baseline.entries.size();
    }
    const int exit_code = errors.empty() ? kExitClean : kExitUsage;

    if (options.formats.front().name == "json") {
        JsonWriter json;
        json.begin_object();
        json.key("valid");
        json.value(errors.empty());
        write_messages_json(json, "errors", errors);
        write_messages_json(json, "warnings", warnings);
        json.key("exit_code");
        json.value(exit_code);
        json.end_object();
        std::printf("%s\n", json.str().c_str());
        return exit_code;
    }

    print_messages(errors, "error");
    print_messages(warnings, "warning");
    if (errors.empty() && !options.quiet) print_valid(validated);
    return exit_code;
}

}  // namespace unitguard::linter
