// SPDX-License-Identifier: MIT
// Loading the units of one run.
#include "linter/workspace.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iterator>

#include <fmt/format.h>

#include "linter/search_paths.hpp"
#include "linter/specifiers.hpp"

namespace unitguard::linter {

std::uint64_t next_unit_serial() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Splits a unit file or drop-in path into the unit directory that contains it and the unit
// name it configures: "d/foo.service" and "d/foo.service.d/x.conf" both give (d, foo.service).
std::optional<std::pair<std::string, std::string>> unit_of_file(const std::string& path) {
    std::filesystem::path file = std::filesystem::absolute(path).lexically_normal();
    std::string name = file.filename().string();
    std::filesystem::path dir = file.parent_path();
    if (ends_with(name, ".conf")) {
        std::string dropin_dir = dir.filename().string();
        if (!ends_with(dropin_dir, ".d")) return std::nullopt;
        name = dropin_dir.substr(0, dropin_dir.size() - 2);
        dir = dir.parent_path();
    }
    if (!parse_unit_name(name)) return std::nullopt;
    return std::make_pair(dir.string(), name);
}

// Returns the directories to search for a unit file in `dir`. When `dir` is a unit
// directory of a root layout (".../etc/systemd/system"), that is every unit directory of
// the root, so a drop-in in /etc finds its unit in /usr/lib. Otherwise it is `dir` alone.
// NOTE: the root here is the host's '/', so absolute symlinks in such a tree resolve on
// the host. --root keeps them inside the tree.
std::vector<std::string> search_dirs_for(const std::string& dir, Scope scope) {
    // The longest match wins: ".../usr/lib/systemd/system" is not ".../lib/systemd/system".
    std::string_view matched;
    for (const std::string& unit_dir : unit_search_path(scope)) {
        if (ends_with(dir, unit_dir) && unit_dir.size() > matched.size()) matched = unit_dir;
    }
    if (matched.empty()) return {dir};
    std::string root = dir.substr(0, dir.size() - matched.size());
    std::vector<std::string> dirs;
    for (const std::string& candidate : unit_search_path(scope)) dirs.push_back(root + candidate);
    return dirs;
}

}  // namespace

Location Workspace::section_header(const WorkspaceUnit& unit) const {
    Location location;
    if (unit.loaded.files.empty()) return location;
    const UnitFile& fragment = *unit.loaded.files.front();
    location.path = display_path(fragment.path);
    location.line = 1;
    location.column = 1;
    std::string type_section = unit.loaded.name.type;
    if (!type_section.empty()) type_section[0] = static_cast<char>(type_section[0] - 'a' + 'A');
    const SectionHeader* chosen = fragment.sections.empty() ? nullptr : &fragment.sections[0];
    for (const SectionHeader& header : fragment.sections) {
        if (header.name == type_section) {
            chosen = &header;
            break;
        }
    }
    if (chosen != nullptr) {
        location.line = chosen->line;
        location.column = chosen->column;
    }
    return location;
}

bool Workspace::covers(const std::string& path) const {
    if (passed_files_.empty() || path.empty()) return true;
    if (passed_files_.count(path) != 0) return true;
    // A unit file passed on its own also covers its drop-in directory.
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return false;
    std::string dropin_dir = path.substr(0, slash);
    return ends_with(dropin_dir, ".d") &&
           passed_files_.count(dropin_dir.substr(0, dropin_dir.size() - 2)) != 0;
}

std::string Workspace::display_path(const std::string& inner) const {
    if (inner.empty()) return inner;
    if (!root_display_.empty()) return join_path(root_display_, inner);
    // Files named on the command line are loaded by absolute path; show them relative to
    // the working directory, as the user wrote them.
    if (!cwd_prefix_.empty() && inner.rfind(cwd_prefix_, 0) == 0) {
        return inner.substr(cwd_prefix_.size());
    }
    return inner;
}

void Workspace::relocate(std::vector<Diagnostic>& diagnostics,
                         const std::string& unit_id) const {
    for (Diagnostic& diagnostic : diagnostics) {
        diagnostic.location.path = display_path(diagnostic.location.path);
        if (diagnostic.unit.empty()) diagnostic.unit = unit_id;
    }
}

void Workspace::load_unit(Loader& loader, const RootFs& root, const std::string& name) {
    WorkspaceUnit unit;
    unit.loaded = loader.load(name);
    auto [host_context, first_use] = specifier_contexts_.try_emplace(&root);
    if (first_use) {
        host_context->second = make_specifier_context(root, {}, user_scope_);
        host_context->second.target_version = target_version_;
    }
    for (const auto& file : unit.loaded.files) {
        files_by_display_path_.emplace(display_path(file->path), file);
    }
    relocate(unit.loaded.problems, unit.loaded.id);
    units_.push_back(std::move(unit));
    unit_contexts_.push_back(&host_context->second);
    merged_.push_back(false);
}

void Workspace::merge(std::size_t index) {
    if (merged_[index]) return;
    merged_[index] = true;
    WorkspaceUnit& unit = units_[index];
    SpecifierContext context = *unit_contexts_[index];
    context.unit = unit.loaded.name;
    unit.effective = compute_effective(unit.loaded, context);
    relocate(unit.effective.problems, unit.loaded.id);
    // Assignments past a resource limit are input that was not read: keep them with the
    // loading problems, which make the run incomplete (exit code 3).
    auto over_limit = std::stable_partition(
        unit.effective.problems.begin(), unit.effective.problems.end(),
        [](const Diagnostic& problem) { return problem.rule_id != "UG002"; });
    std::move(over_limit, unit.effective.problems.end(),
              std::back_inserter(unit.loaded.problems));
    unit.effective.problems.erase(over_limit, unit.effective.problems.end());
}

void Workspace::release_effective(std::size_t index) {
    units_[index].effective = EffectiveUnit{};
}

std::unique_ptr<Workspace> Workspace::open(const Options& options, int target_version,
                                           Merging merging) {
    auto workspace = std::unique_ptr<Workspace>(new Workspace());
    workspace->user_scope_ = options.user_scope;
    workspace->target_version_ = target_version;
    workspace->load(options);
    if (merging == Merging::Eager) {
        for (std::size_t index = 0; index < workspace->units_.size(); ++index) {
            workspace->merge(index);
        }
    }
    return workspace;
}

void Workspace::load(const Options& options) {
    // Units named by file path run their programs from the host. --root applies only to
    // the units named by name or found below it.
    tree_root_ = roots_.emplace_back(std::make_unique<RootFs>("/")).get();
    std::error_code cwd_error;
    std::string cwd = std::filesystem::current_path(cwd_error).string();
    if (!cwd_error && cwd != "/") cwd_prefix_ = cwd + "/";
    Scope scope = options.user_scope ? Scope::User : Scope::System;

    // Arguments that name files are loaded from the directory that contains them, so a
    // repository of unit files can be checked without a --root layout.
    std::vector<std::string> unit_names;
    std::map<std::vector<std::string>, std::vector<std::string>> files_by_dir;
    for (const std::string& argument : options.arguments) {
        struct stat st {};
        bool is_path = argument.find('/') != std::string::npos ||
                       ::lstat(argument.c_str(), &st) == 0;
        if (!is_path) {
            unit_names.push_back(argument);
            continue;
        }
        std::optional<std::pair<std::string, std::string>> unit = unit_of_file(argument);
        if (!unit) {
            Diagnostic problem;
            problem.rule_id = "UG002";
            problem.rule_name = "unreadable-input";
            problem.severity = Severity::Error;
            problem.message = fmt::format("'{}' is not named like a unit file or a drop-in "
                                          "(NAME.TYPE or NAME.TYPE.d/FILE.conf)",
                                          argument);
            problem.location.path = argument;
            problems_.push_back(std::move(problem));
            continue;
        }
        files_by_dir[search_dirs_for(unit->first, scope)].push_back(unit->second);
        std::string passed =
            std::filesystem::absolute(argument).lexically_normal().string();
        passed_files_.insert(display_path(passed));
    }

    // Every argument was rejected: report that rather than check the whole host.
    if (!options.arguments.empty() && unit_names.empty() && files_by_dir.empty()) {
        return;
    }

    if (!files_by_dir.empty()) {
        for (auto& [search_dirs, names] : files_by_dir) {
            auto& root = roots_.emplace_back(std::make_unique<RootFs>("/"));
            Loader loader(*root, search_dirs);
            std::sort(names.begin(), names.end());
            names.erase(std::unique(names.begin(), names.end()), names.end());
            for (const std::string& name : names) {
                load_unit(loader, *root, name);
            }
        }
        if (unit_names.empty()) return;
    }

    std::string root_dir = options.root.value_or("/");
    if (root_dir != "/") {
        root_display_ = root_dir;
        tree_root_ = roots_.emplace_back(std::make_unique<RootFs>(root_dir)).get();
    }
    const RootFs& root = *tree_root_;
    const char* runtime = options.user_scope ? ::getenv("XDG_RUNTIME_DIR") : nullptr;
    const char* home = options.user_scope && root_dir == "/" ? ::getenv("HOME") : nullptr;
    Loader loader(root, unit_search_path(scope, home ? home : "",
                                          runtime && root_dir == "/" ? runtime : ""));
    if (unit_names.empty() && files_by_dir.empty()) unit_names = loader.list_units();
    for (const std::string& name : unit_names) load_unit(loader, root, name);
}

SourceLineLookup Workspace::source_lookup() const {
    return [this](const std::string& path, int line) -> std::optional<std::string> {
        auto it = files_by_display_path_.find(path);
        if (it == files_by_display_path_.end()) return std::nullopt;
        std::string_view text = it->second->line_text(line);
        if (text.empty() && line > 0) return std::nullopt;
        return std::string(text);
    };
}

}  // namespace unitguard::linter
