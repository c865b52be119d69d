// SPDX-License-Identifier: MIT
// UG203 protect-system-strict-blocks-write: ProtectSystem=strict for a service that names
// a path under /var, /run or /tmp which no directory or ReadWritePaths= setting makes
// writable.
#include <fmt/format.h>

#include <algorithm>

#include "linter/environment_value.hpp"
#include "linter/workspace.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"
#include "rules/shell/command_effects.hpp"
#include "rules/shell/sandbox_paths.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kProtectSystemStrictBlocksWrite = {
    .id = "UG203",
    .name = "protect-system-strict-blocks-write",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary =
        "ProtectSystem=strict for a service that names a variable-data path that "
        "nothing makes writable",
    .rationale =
        "ProtectSystem=strict (also implied by DynamicUser=yes) mounts the whole file system "
        "read-only for the service, except /dev, /proc, /sys and the home directories. Only "
        "StateDirectory=, CacheDirectory=, LogsDirectory=, RuntimeDirectory=, "
        "ReadWritePaths=, BindPaths=, TemporaryFileSystem= and PrivateTmp= (for /tmp and "
        "/var/tmp) open writable holes. A service that writes to a path under /var, /run or "
        "/tmp that none of them covers fails with EROFS (\"Read-only file system\"), often "
        "only on the first write long after it started.",
    .bad_example =
        "[Service]\nExecStart=/usr/bin/app --data /var/lib/app\n"
        "ProtectSystem=strict\n",
    .good_example =
        "[Service]\nExecStart=/usr/bin/app --data /var/lib/app\n"
        "ProtectSystem=strict\nStateDirectory=app\n",
    .fix_hint =
        "add StateDirectory=, CacheDirectory=, LogsDirectory= or RuntimeDirectory= "
        "for the service's own directory, or list the path in ReadWritePaths=",
    .references = "systemd.exec(5) ProtectSystem=, ReadWritePaths=, StateDirectory=",
    .limitations =
        "Paths come from what the unit names: arguments of Exec*= commands (also after "
        "`--option=`), Environment= values, WorkingDirectory= and PIDFile=. Whether the "
        "service writes there is a guess, so a path it only reads is reported too, unless "
        "ReadOnlyPaths= or InaccessiblePaths= lists it. Paths the program chooses itself "
        "are not seen. StandardOutput=file: and append: are not checked because systemd "
        "opens those files before it sets up the mount namespace, so they stay writable. "
        "Commands of known writers (mkdir, cp, tee and the others UG301 lists) and `sh -c` "
        "scripts are left to UG301. User units are not checked.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// Top-level directories for variable data, which ProtectSystem=strict makes read-only.
constexpr std::string_view kVariableDataRoots[] = {"/var/", "/run/", "/tmp/"};

// A path the unit names, and where.
struct NamedPath {
    std::string path;
    std::string source;  ///< e.g. "ExecStart=" or "Environment= 'DATA_DIR'"
    const linter::AppliedAssignment* assignment = nullptr;
    std::size_t offset = 0;
};

bool is_variable_data(std::string_view path) {
    for (std::string_view root : kVariableDataRoots) {
        if (path.substr(0, root.size()) == root) return true;
    }
    return false;
}

// Strips the '-' and '+' prefixes of namespace path lists and the ':' options of
// BindPaths= and TemporaryFileSystem= entries.
std::string entry_path(std::string_view entry, bool take_destination) {
    while (!entry.empty() && (entry.front() == '-' || entry.front() == '+')) entry.remove_prefix(1);
    std::size_t colon = entry.find(':');
    if (take_destination && colon != std::string_view::npos) {
        std::string_view rest = entry.substr(colon + 1);
        std::size_t next = rest.find(':');
        std::string_view destination = rest.substr(0, next);
        if (!destination.empty() && destination.front() == '/') return std::string(destination);
    }
    return std::string(entry.substr(0, colon));
}

class WritableSet {
  public:
    explicit WritableSet(const linter::Settings& settings);
    bool covers(std::string_view path) const;
    bool listed_read_only(std::string_view path) const;

  private:
    std::vector<std::string> writable_;
    std::vector<std::string> read_only_;
};

WritableSet::WritableSet(const linter::Settings& settings) {
    auto each_word = [&](std::string_view name, auto&& take) {
        const linter::Setting* setting = settings.find(name);
        if (setting == nullptr) return;
        for (std::string_view value : setting->live_values()) {
            for (std::string_view word : breakage::split_words(value)) take(word);
        }
    };
    for (const shell::DirectorySetting& directory : shell::kDirectorySettings) {
        each_word(directory.name, [&](std::string_view word) {
            writable_.push_back(linter::join_path(directory.parent, entry_path(word, false)));
        });
    }
    each_word("ReadWritePaths",
              [&](std::string_view word) { writable_.push_back(entry_path(word, false)); });
    each_word("BindPaths",
              [&](std::string_view word) { writable_.push_back(entry_path(word, true)); });
    each_word("TemporaryFileSystem", [&](std::string_view word) {
        std::size_t colon = word.find(':');
        bool read_only = colon != std::string_view::npos &&
                         word.substr(colon + 1).find("ro") != std::string_view::npos;
        if (!read_only) writable_.push_back(entry_path(word, false));
    });
    if (settings.is_true("PrivateTmp")) {
        writable_.emplace_back("/tmp");
        writable_.emplace_back("/var/tmp");
    }
    for (std::string_view name : {"ReadOnlyPaths", "InaccessiblePaths"}) {
        each_word(name,
                  [&](std::string_view word) { read_only_.push_back(entry_path(word, false)); });
    }
}

bool WritableSet::covers(std::string_view path) const {
    for (const std::string& prefix : writable_) {
        if (shell::path_is_under(path, prefix)) return true;
    }
    return false;
}

bool WritableSet::listed_read_only(std::string_view path) const {
    for (const std::string& prefix : read_only_) {
        if (shell::path_is_under(path, prefix)) return true;
    }
    return false;
}

// Returns the absolute path in an argument: the word itself, or what follows the '=' of
// `--option=/path`.
std::optional<std::pair<std::string, std::size_t>> argument_path(std::string_view word) {
    if (!word.empty() && word.front() == '/') return std::make_pair(std::string(word), 0);
    std::size_t equals = word.find('=');
    if (word.substr(0, 1) == "-" && equals != std::string_view::npos &&
        word.substr(equals + 1, 1) == "/") {
        return std::make_pair(std::string(word.substr(equals + 1)), equals + 1);
    }
    return std::nullopt;
}

std::vector<NamedPath> named_paths(const RuleContext& context) {
    std::vector<NamedPath> paths;
    for (const breakage::ExecLine& line : breakage::live_exec_commands(context)) {
        // UG301 reports what known writers such as mkdir and cp write, at the command.
        std::vector<std::string> words = breakage::command_words(line.command);
        std::size_t program = breakage::skip_launchers(words);
        if (program < words.size() && shell::is_file_writer(breakage::base_name(words[program]))) {
            continue;
        }
        std::optional<std::size_t> script = breakage::shell_script_index(words);
        for (std::size_t i = 1; i < line.command.argv.size(); ++i) {
            if (script && i == *script) continue;
            if (auto found = argument_path(line.command.argv[i])) {
                paths.push_back({found->first, line.directive + "=", line.assignment,
                                 line.command.argv_offsets[i] + found->second});
            }
        }
    }
    const linter::Settings& settings = context.unit.effective.settings;
    if (const linter::Setting* environment = settings.find("Environment")) {
        for (const linter::AppliedAssignment& assignment : environment->history) {
            if (!assignment.live || assignment.value.empty()) continue;
            for (const linter::EnvironmentAssignment& variable :
                 linter::split_environment_value(assignment.value).assignments) {
                if (variable.value.empty() || variable.value.front() != '/') continue;
                // Point at the value: past a quote that opens the word and past "NAME=".
                std::size_t offset = variable.offset;
                char first = assignment.value[offset];
                if (first == '"' || first == '\'') ++offset;
                offset += variable.name.size() + 1;
                paths.push_back({variable.value, fmt::format("Environment= '{}'", variable.name),
                                 &assignment, offset});
            }
        }
    }
    for (std::string_view name : {"WorkingDirectory", "PIDFile"}) {
        const linter::Setting* setting = settings.find(name);
        const linter::AppliedAssignment* last = setting ? setting->last_live() : nullptr;
        if (last == nullptr || last->value.empty()) continue;
        std::size_t skip = last->value.front() == '-' ? 1 : 0;
        paths.push_back({last->value.substr(skip), fmt::format("{}=", name), last, skip});
    }
    return paths;
}

// Returns the assignment that makes the whole file system read-only, and its description.
std::optional<std::pair<const linter::AppliedAssignment*, std::string>> strict_source(
    const RuleContext& context) {
    const linter::Settings& settings = context.unit.effective.settings;
    if (const linter::Setting* protect = settings.find("ProtectSystem")) {
        const linter::AppliedAssignment* last = protect->last_live();
        if (last != nullptr && last->value == "strict") {
            return std::make_pair(last, fmt::format("ProtectSystem=strict at {}",
                                                    breakage::place_of(context, *last)));
        }
    }
    if (settings.is_true("DynamicUser")) {
        const linter::AppliedAssignment* last = settings.find("DynamicUser")->last_live();
        return std::make_pair(last, fmt::format("DynamicUser=yes at {} implies "
                                                "ProtectSystem=strict, which",
                                                breakage::place_of(context, *last)));
    }
    return std::nullopt;
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    if (context.user_scope) return;
    auto source = strict_source(context);
    if (!source) return;
    WritableSet writable(context.unit.effective.settings);

    std::vector<std::pair<const linter::AppliedAssignment*, std::string>> reported;
    for (const NamedPath& named : named_paths(context)) {
        std::string path = linter::simplify_path(named.path);
        if (!is_variable_data(path) || shell::path_is_under(path, "/run/user")) continue;
        if (writable.covers(path) || writable.listed_read_only(path)) continue;
        std::pair<const linter::AppliedAssignment*, std::string> key{named.assignment, path};
        if (std::find(reported.begin(), reported.end(), key) != reported.end()) continue;
        reported.push_back(key);

        findings.push_back(make_rule_finding(
            kProtectSystemStrictBlocksWrite, context,
            fmt::format("{} makes '{}' read-only, but {} names it and no StateDirectory=, "
                        "LogsDirectory=, CacheDirectory=, RuntimeDirectory= or "
                        "ReadWritePaths= covers it",
                        source->second, path, named.source),
            breakage::value_location(context, *named.assignment, named.offset)));
    }
}

}  // namespace
}  // namespace unitguard::rules
