// SPDX-License-Identifier: MIT
// List settings for `show -p`: Environment=, SupplementaryGroups=, the path lists of the
// mount namespace, the runtime/state/cache/logs/configuration directories and the Exec*=
// commands, as systemd 252 parses and prints them.
#include "linter/show_model.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "linter/environment_value.hpp"

namespace unitguard::linter {
namespace {

// Path lists with the legacy names systemd still parses into the same list.
struct PathList {
    std::string_view name;
    std::string_view legacy_name;  // empty when there is none
};
constexpr PathList kPathLists[] = {
    {"ReadWritePaths", "ReadWriteDirectories"},
    {"ReadOnlyPaths", "ReadOnlyDirectories"},
    {"InaccessiblePaths", "InaccessibleDirectories"},
    {"ExecPaths", ""},
    {"NoExecPaths", ""},
};
constexpr std::string_view kDirectoryNames[] = {"RuntimeDirectory", "StateDirectory",
                                                "CacheDirectory", "LogsDirectory",
                                                "ConfigurationDirectory"};
constexpr std::string_view kServiceCommands[] = {"ExecCondition", "ExecStartPre", "ExecStart",
                                                 "ExecStartPost", "ExecReload",   "ExecStop",
                                                 "ExecStopPost"};
constexpr std::string_view kSocketCommands[] = {"ExecStartPre", "ExecStartPost", "ExecStopPre",
                                                "ExecStopPost"};

void parse_environment(const AssignmentReader& reader, std::string_view section, ShowModel& model) {
    for (std::string_view value : reader.values(section, "Environment")) {
        if (value.empty()) {
            model.environment.clear();
            continue;
        }
        EnvironmentSplit split = split_environment_value(value, reader.expander());
        merge_environment(model.environment, split.assignments);
    }
}

// Words are taken as written: SupplementaryGroups= does not unquote.
void parse_supplementary_groups(const AssignmentReader& reader, std::string_view section,
                                ShowModel& model) {
    for (std::string_view value : reader.values(section, "SupplementaryGroups")) {
        if (value.empty()) {
            model.supplementary_groups.clear();
            continue;
        }
        std::size_t position = 0;
        Word word;
        while (read_word(value, position, WordSyntax{}, word) == WordStatus::Found) {
            Expected<std::string> name = reader.expand(word.text);
            // NOTE: systemd refuses to load the unit for an invalid name.
            if (name && is_valid_user_or_group_name(*name)) {
                model.supplementary_groups.push_back(std::move(*name));
            }
        }
    }
}

// systemd's path_simplify_and_warn(): valid UTF-8, absolute or relative as required,
// simplified, and then valid and free of "..". Nothing when systemd rejects the path.
std::optional<std::string> checked_path(std::string_view path, bool absolute) {
    if (!is_valid_utf8(path)) return std::nullopt;
    bool is_absolute = !path.empty() && path.front() == '/';
    if (is_absolute != absolute) return std::nullopt;
    std::string simplified = simplify_path(path);
    if (!is_normalized_path(simplified)) return std::nullopt;
    return simplified;
}

// config_parse_namespace_path_strv(): each unquoted word may start with '-' (ignore a
// missing path) and then '+' (relative to RootDirectory=), followed by an absolute path.
void parse_path_list(const AssignmentReader& reader, std::string_view section, const PathList& list,
                     std::vector<std::string>& paths) {
    for (std::string_view value : reader.values(section, {list.name, list.legacy_name})) {
        if (value.empty()) {
            paths.clear();
            continue;
        }
        std::size_t position = 0;
        Word word;
        while (read_word(value, position, {.unquote = true}, word) == WordStatus::Found) {
            std::string_view text = word.text;
            std::string prefix;
            if (text.substr(0, 1) == "-") {
                prefix += '-';
                text.remove_prefix(1);
            }
            if (text.substr(0, 1) == "+") {
                prefix += '+';
                text.remove_prefix(1);
            }
            Expected<std::string> expanded = reader.expand(text);
            if (!expanded) continue;
            if (std::optional<std::string> path = checked_path(*expanded, /*absolute=*/true)) {
                paths.push_back(prefix + *path);
            }
        }
    }
}

std::optional<std::string> directory_path(const AssignmentReader& reader, std::string_view text) {
    Expected<std::string> expanded = reader.expand(text);
    if (!expanded) return std::nullopt;
    return checked_path(*expanded, /*absolute=*/false);
}

bool starts_with_component(std::string_view path, std::string_view first) {
    return path.substr(0, first.size()) == first &&
           (path.size() == first.size() || path[first.size()] == '/');
}

// config_parse_exec_directories(): each word is "PATH" or "PATH:LINK" with relative paths,
// and a repeated path is listed once. Returns false when systemd stops reading the value.
bool add_directory_entry(const AssignmentReader& reader, std::string_view name,
                         std::string_view tuple, std::vector<std::string>& paths) {
    constexpr WordSyntax kParts{.separators = ":", .c_unescape = true, .unescape_separators = true};
    std::size_t position = 0;
    Word source;
    Word link;
    if (read_word(tuple, position, kParts, source) != WordStatus::Found) return false;
    WordStatus link_status = read_word(tuple, position, kParts, link);
    if (link_status == WordStatus::Invalid) return false;

    std::optional<std::string> path = directory_path(reader, source.text);
    if (!path || starts_with_component(*path, "private")) return true;
    if (link_status == WordStatus::Found && !link.text.empty()) {
        if (name == "ConfigurationDirectory") return true;
        if (!directory_path(reader, link.text)) return true;
    }
    if (std::find(paths.begin(), paths.end(), *path) == paths.end()) paths.push_back(*path);
    return true;
}

// systemd's path_compare() for relative paths: component by component, a prefix first.
bool path_less(const std::string& a, const std::string& b) {
    std::size_t i = 0;
    std::size_t j = 0;
    for (;;) {
        if (i >= a.size() || j >= b.size()) return i >= a.size() && j < b.size();
        std::size_t a_end = std::min(a.find('/', i), a.size());
        std::size_t b_end = std::min(b.find('/', j), b.size());
        std::string_view a_part = std::string_view(a).substr(i, a_end - i);
        std::string_view b_part = std::string_view(b).substr(j, b_end - j);
        if (a_part != b_part) return a_part < b_part;
        i = a_end + 1;
        j = b_end + 1;
    }
}

void parse_directories(const AssignmentReader& reader, std::string_view section,
                       std::string_view name, std::vector<std::string>& paths) {
    constexpr WordSyntax kTuples{.unquote = true, .retain_escapes = true};
    for (std::string_view value : reader.values(section, name)) {
        if (value.empty()) {
            paths.clear();
            continue;
        }
        std::size_t position = 0;
        Word tuple;
        while (read_word(value, position, kTuples, tuple) == WordStatus::Found) {
            if (!add_directory_entry(reader, name, tuple.text, paths)) break;
        }
    }
    // Sorted when the unit is loaded, so that a directory precedes its subdirectories.
    std::sort(paths.begin(), paths.end(), path_less);
}

void parse_commands(const AssignmentReader& reader, std::string_view section, std::string_view name,
                    ShowModel& model) {
    std::vector<std::string_view> values = reader.values(section, name);
    if (values.empty()) return;
    std::vector<ExecCommand>& commands = model.exec_commands[std::string(name)];
    for (std::string_view value : values) {
        if (value.empty()) {
            commands.clear();
            continue;
        }
        ExecSplit split = split_exec_value(value, reader.expander());
        for (ExecCommand& command : split.commands) commands.push_back(std::move(command));
    }
}

}  // namespace

void parse_list_settings(const AssignmentReader& reader, std::string_view section,
                         ShowModel& model) {
    parse_environment(reader, section, model);
    parse_supplementary_groups(reader, section, model);
    for (const PathList& list : kPathLists) {
        parse_path_list(reader, section, list, model.path_lists[std::string(list.name)]);
    }
    for (std::string_view name : kDirectoryNames) {
        parse_directories(reader, section, name, model.directories[std::string(name)]);
    }
    if (model.unit_type == "service") {
        for (std::string_view name : kServiceCommands) parse_commands(reader, section, name, model);
    } else if (model.unit_type == "socket") {
        for (std::string_view name : kSocketCommands) parse_commands(reader, section, name, model);
    }
}

std::string format_string_list(const std::vector<std::string>& entries) {
    std::string out;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ' ';
        out += quote_for_show(entries[i]);
    }
    return out;
}

std::string format_exec_command(const ExecCommand& command) {
    std::string argv;
    for (std::size_t i = 0; i < command.argv.size(); ++i) {
        if (i > 0) argv += ' ';
        argv += command.argv[i];
    }
    // A command that never ran has no times, no PID and no exit status.
    return fmt::format(
        "{{ path={} ; argv[]={} ; ignore_errors={} ; start_time=[n/a] ; "
        "stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }}",
        command.path, argv, command.prefixes.ignore_failure ? "yes" : "no");
}

}  // namespace unitguard::linter
