// SPDX-License-Identifier: MIT
// UG207 sandbox-path-missing-from-root: a ReadWritePaths=-style entry without the '-'
// prefix names a path that the --root image does not contain, so the service fails to set
// up its mount namespace.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "linter/exec_command.hpp"
#include "linter/root_fs.hpp"
#include "linter/workspace.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"
#include "rules/shell/sandbox_paths.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kSandboxPathMissingFromRoot = {
    .id = "UG207",
    .name = "sandbox-path-missing-from-root",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary =
        "a ReadWritePaths=, ReadOnlyPaths=, InaccessiblePaths=, ExecPaths= or NoExecPaths= "
        "entry names a path that the --root image does not contain",
    .rationale =
        "systemd sets up each path of these lists as a mount in the service's namespace "
        "before it runs the first command. A path that does not exist makes that setup "
        "fail, unless the entry starts with '-': the service fails with status "
        "226/NAMESPACE and logs 'Failed to set up mount namespacing'. A typo in a "
        "ReadWritePaths= exception to ProtectSystem=strict, or a data directory that the "
        "package no longer creates, stops the service from starting at all.",
    .bad_example = "[Service]\nProtectSystem=strict\nReadWritePaths=/var/lib/webapp\n",
    .good_example =
        "[Service]\nProtectSystem=strict\n# systemd creates /var/lib/webapp itself\n"
        "StateDirectory=webapp\n",
    .fix_hint =
        "correct the path, create it in the image (or with StateDirectory=, "
        "CacheDirectory=, LogsDirectory= or a tmpfiles.d line), or prefix the entry with '-' "
        "when the path may be missing",
    .references = "systemd.exec(5) ReadWritePaths=, systemd.exec(5) \"Process exit codes\", "
                  "tmpfiles.d(5)",
    .limitations =
        "Checked only with --root, when the root has a /usr/bin or /var directory (an image, "
        "not a folder of unit files), and not for templates. Paths below /run, /proc, /sys, "
        "/dev, /tmp and /var/tmp exist only at run time and are skipped, as are entries with "
        "'+' (relative to RootDirectory=), quoted entries, paths that StateDirectory=, "
        "CacheDirectory=, LogsDirectory=, RuntimeDirectory= or ConfigurationDirectory= "
        "create, and paths that a d, D, v, q, Q or L line of tmpfiles.d creates.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

constexpr std::string_view kPathLists[] = {"ReadWritePaths", "ReadOnlyPaths",
                                           "InaccessiblePaths", "ExecPaths", "NoExecPaths"};

// File systems that exist only while the system runs, so an image has them empty or not
// at all.
constexpr std::string_view kRunTimeTrees[] = {"/run", "/proc", "/sys", "/dev", "/tmp",
                                              "/var/tmp"};

// ConfigurationDirectory= creates its directories below /etc. The other directory settings
// are in shell::kDirectorySettings, which leaves this one out because it stays read-only.
constexpr shell::DirectorySetting kConfigurationDirectory{"ConfigurationDirectory", "/etc"};

constexpr std::string_view kTmpfilesDirectories[] = {"/etc/tmpfiles.d", "/run/tmpfiles.d",
                                                     "/usr/local/lib/tmpfiles.d",
                                                     "/usr/lib/tmpfiles.d"};

// Returns the paths that the service's own directory settings create.
std::vector<std::string> created_by_settings(const linter::Settings& settings) {
    std::vector<shell::DirectorySetting> directory_settings(std::begin(shell::kDirectorySettings),
                                                            std::end(shell::kDirectorySettings));
    directory_settings.push_back(kConfigurationDirectory);

    std::vector<std::string> paths;
    for (const auto& [name, parent] : directory_settings) {
        const linter::Setting* setting = settings.find(name);
        if (setting == nullptr) continue;
        for (std::string_view value : setting->live_values()) {
            for (std::string_view word : breakage::split_words(value)) {
                // "name:link" creates `name`, and the part after ':' is a symlink to it.
                std::string_view directory = word.substr(0, word.find(':'));
                paths.push_back(linter::simplify_path(linter::join_path(parent, directory)));
            }
        }
    }
    return paths;
}

// Returns the paths that tmpfiles.d lines in the root create at boot: directories (d, D, v,
// q, Q) and symlinks (L), each type letter with optional modifiers such as '!' or '+'.
// NOTE: a path with tmpfiles specifiers (%h, %S) is taken literally, and a file name that
// masks one of another directory is not honoured, so a few created paths can be missed.
std::vector<std::string> created_by_tmpfiles(const linter::RootFs& root) {
    std::vector<std::string> paths;
    for (std::string_view directory : kTmpfilesDirectories) {
        for (const linter::DirEntry& entry : root.list_directory(directory)) {
            if (!entry.name.ends_with(".conf")) continue;
            Expected<std::string> text = root.read_file(linter::join_path(directory, entry.name));
            if (!text) continue;
            std::size_t start = 0;
            while (start < text->size()) {
                std::size_t end = text->find('\n', start);
                if (end == std::string::npos) end = text->size();
                std::vector<std::string_view> fields = breakage::split_words(
                    std::string_view(*text).substr(start, end - start));
                start = end + 1;
                if (fields.size() < 2 || fields[0].empty()) continue;
                if (std::string_view("dDvqQL").find(fields[0].front()) == std::string_view::npos) {
                    continue;
                }
                paths.push_back(linter::simplify_path(fields[1]));
            }
        }
    }
    return paths;
}

bool in_run_time_tree(std::string_view path) {
    return std::any_of(std::begin(kRunTimeTrees), std::end(kRunTimeTrees),
                       [&](std::string_view tree) { return shell::path_is_under(path, tree); });
}

// Returns whether a created path makes `path` exist: the path itself or one below it is
// created.
bool created(std::string_view path, const std::vector<std::string>& created_paths) {
    return std::any_of(created_paths.begin(), created_paths.end(),
                       [&](const std::string& made) { return shell::path_is_under(made, path); });
}

bool is_image(const linter::RootFs& root) {
    for (std::string_view directory : {"/usr/bin", "/var"}) {
        Expected<linter::ResolvedPath> resolved = root.resolve(directory);
        if (resolved && resolved->type == linter::FileType::Directory) return true;
    }
    return false;
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const std::string& root_name = context.workspace.root_display();
    if (root_name.empty() || context.unit.loaded.name.is_template) return;
    const linter::RootFs& root = breakage::unit_root(context);
    if (!is_image(root)) return;

    const linter::Settings& settings = context.unit.effective.settings;
    std::vector<std::string> created_paths;
    bool created_known = false;
    for (std::string_view name : kPathLists) {
        const linter::Setting* setting = settings.find(name);
        if (setting == nullptr) continue;
        for (const linter::AppliedAssignment& assignment : setting->history) {
            if (!assignment.live) continue;
            for (std::string_view word : breakage::split_words(assignment.value)) {
                if (word.front() == '-' || word.front() == '+') continue;
                if (word.find_first_of("\"'\\") != std::string_view::npos) continue;
                std::string path = linter::simplify_path(word.substr(0, word.find(':')));
                if (path.empty() || path.front() != '/') continue;
                if (in_run_time_tree(path)) continue;
                Expected<linter::ResolvedPath> resolved = root.resolve(path);
                if (!resolved || resolved->type != linter::FileType::Missing) continue;
                if (!created_known) {
                    created_paths = created_by_settings(settings);
                    std::vector<std::string> tmpfiles = created_by_tmpfiles(root);
                    created_paths.insert(created_paths.end(), tmpfiles.begin(), tmpfiles.end());
                    created_known = true;
                }
                if (created(path, created_paths)) continue;

                auto offset = static_cast<std::size_t>(word.data() - assignment.value.data());
                Diagnostic finding = make_rule_finding(
                    kSandboxPathMissingFromRoot, context,
                    fmt::format("{}= names '{}', which does not exist in '{}', so the service "
                                "fails to start with status 226/NAMESPACE",
                                name, path, root_name),
                    value_place(context, assignment, offset, word.size()));
                finding.directive = std::string(name);
                finding.value = std::string(word);
                findings.push_back(std::move(finding));
            }
        }
    }
}

}  // namespace
}  // namespace unitguard::rules
