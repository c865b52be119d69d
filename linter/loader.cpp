// SPDX-License-Identifier: MIT
// Unit loading: name map, aliases, masks and drop-in collection as in systemd 252.
#include "linter/loader.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

namespace unitguard::linter {
namespace {

// Maximum number of alias symlinks followed from one name; systemd stops at 16 as well
// before reporting a loop.
constexpr int kMaxAliasHops = 16;

std::string_view base_name(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view dir_name(std::string_view path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Diagnostic input_problem(const std::string& path, std::string message) {
    Diagnostic diagnostic;
    diagnostic.rule_id = "UG002";
    diagnostic.rule_name = "unreadable-input";
    diagnostic.severity = Severity::Error;
    diagnostic.message = std::move(message);
    diagnostic.location.path = path;
    return diagnostic;
}

// Instantiates template name `name` ("foo@.service") with `instance`.
std::string with_instance(const std::string& name, const std::string& instance) {
    std::optional<UnitName> parsed = parse_unit_name(name);
    if (!parsed || !parsed->is_template) return name;
    return parsed->prefix + "@" + instance + "." + parsed->type;
}

}  // namespace

Loader::Loader(const RootFs& root, std::vector<std::string> search_path) : root_(root) {
    // Keep the first of several names for one directory, as systemd's lookup paths do.
    std::set<std::string> seen;
    for (std::string& dir : search_path) {
        Expected<ResolvedPath> resolved = root_.resolve(dir);
        if (!resolved || resolved->type != FileType::Directory) continue;
        if (!seen.insert(resolved->path).second) continue;
        search_path_.push_back(std::move(dir));
    }
}

void Loader::build_name_map() {
    if (name_map_built_) return;
    name_map_built_ = true;
    std::set<std::string> search_dirs;
    for (const std::string& dir : search_path_) {
        Expected<ResolvedPath> resolved = root_.resolve(dir);
        if (resolved) search_dirs.insert(resolved->path);
    }

    for (const std::string& dir : search_path_) {
        std::unordered_set<std::string>& names = entries_by_dir_[dir];
        for (const DirEntry& entry : root_.list_directory(dir)) {
            names.insert(entry.name);
            if (!parse_unit_name(entry.name)) continue;
            if (name_map_.count(entry.name) != 0) continue;  // a higher directory has it
            std::string path = join_path(dir, entry.name);
            Expected<ResolvedPath> target = root_.resolve(path);
            NameEntry name_entry{NameEntry::Kind::File, path, {}};
            if (target && (target->type == FileType::DevNull ||
                           (target->type == FileType::Regular && target->size == 0))) {
                name_entry.kind = NameEntry::Kind::Mask;
            } else if (entry.is_symlink && target && target->type == FileType::Missing) {
                // A dangling link stays a file entry, so reading it reports the link.
            } else if (entry.is_symlink && target) {
                std::string_view target_name = base_name(target->path);
                bool in_search_path = search_dirs.count(std::string(dir_name(target->path))) != 0;
                if (target_name != entry.name && in_search_path && parse_unit_name(target_name)) {
                    name_entry.kind = NameEntry::Kind::Alias;
                    name_entry.target = std::string(target_name);
                    aliases_of_.emplace(name_entry.target, entry.name);
                } else {
                    name_entry.kind = NameEntry::Kind::Linked;
                    name_entry.target = target->path;
                }
            }
            name_map_.emplace(entry.name, std::move(name_entry));
        }
    }
}

const Loader::NameEntry* Loader::find_entry(const std::string& name) {
    build_name_map();
    auto it = name_map_.find(name);
    return it == name_map_.end() ? nullptr : &it->second;
}

void Loader::resolve_fragment(LoadedUnit& unit) {
    std::optional<UnitName> requested = parse_unit_name(unit.requested_name);
    std::string current = unit.requested_name;
    std::string instance;
    const NameEntry* entry = find_entry(current);
    if (entry == nullptr && requested && requested->is_instance) {
        instance = requested->instance;
        current = requested->template_name();
        entry = find_entry(current);
    }

    std::vector<std::string> chain;
    for (int hops = 0; entry != nullptr && entry->kind == NameEntry::Kind::Alias; ++hops) {
        if (hops >= kMaxAliasHops) {
            unit.problems.push_back(input_problem(
                entry->path, fmt::format("too many alias symlinks from '{}'",
                                         unit.requested_name)));
            unit.state = LoadState::BadSetting;
            return;
        }
        chain.push_back(current);
        current = entry->target;
        entry = find_entry(current);
    }

    unit.id = instance.empty() ? current : with_instance(current, instance);
    unit.names.push_back(unit.id);
    auto add_name = [&unit](const std::string& name) {
        if (std::find(unit.names.begin(), unit.names.end(), name) == unit.names.end()) {
            unit.names.push_back(name);
        }
    };
    add_name(unit.requested_name);
    for (const std::string& name : chain) {
        add_name(instance.empty() ? name : with_instance(name, instance));
    }
    auto [first, last] = aliases_of_.equal_range(current);
    for (auto it = first; it != last; ++it) {
        add_name(instance.empty() ? it->second : with_instance(it->second, instance));
    }
    if (std::optional<UnitName> parsed = parse_unit_name(unit.id)) unit.name = *parsed;

    if (entry == nullptr) {
        unit.state = LoadState::NotFound;
        return;
    }
    switch (entry->kind) {
        case NameEntry::Kind::Mask:
            unit.state = LoadState::Masked;
            unit.fragment_path = entry->path;
            return;
        case NameEntry::Kind::Linked:
            unit.fragment_path = entry->target;
            break;
        case NameEntry::Kind::File:
        case NameEntry::Kind::Alias:
            unit.fragment_path = entry->path;
            break;
    }
    unit.state = LoadState::Loaded;
}

void Loader::add_dropin_dirs(const std::string& dir, const std::string& name,
                             std::vector<std::string>& out) {
    // The search directories were listed once; only names present there are resolved,
    // which saves a path walk per candidate on trees with thousands of units.
    const std::unordered_set<std::string>& names = entries_by_dir_[dir];
    if (names.count(name + ".d") != 0) {
        Expected<ResolvedPath> resolved = root_.resolve(join_path(dir, name + ".d"));
        if (resolved && resolved->type == FileType::Directory) out.push_back(resolved->path);
    }

    std::optional<UnitName> parsed = parse_unit_name(name);
    if (!parsed) return;  // the type-wide "service" directory ends the recursion here
    if (parsed->is_instance) add_dropin_dirs(dir, parsed->template_name(), out);

    // "foo-bar-baz.service" also reads "foo-bar-.service.d" and then "foo-.service.d":
    // cut the prefix after its last dash, or after the one before when it ends in a dash.
    std::string prefix = parsed->prefix;
    bool chopped = false;
    for (;;) {
        std::size_t dash = prefix.rfind('-');
        if (dash == std::string::npos || dash == 0) return;
        if (dash + 1 != prefix.size() || chopped) {
            prefix.resize(dash + 1);
            break;
        }
        prefix.resize(dash);
        chopped = true;
    }
    std::string built = parsed->is_instance || parsed->is_template
                            ? prefix + "@" + parsed->instance + "." + parsed->type
                            : prefix + "." + parsed->type;
    add_dropin_dirs(dir, built, out);
}

void Loader::collect_dropins(LoadedUnit& unit) {
    build_name_map();
    std::vector<std::string> dirs;
    for (const std::string& name : unit.names) {
        for (const std::string& dir : search_path_) add_dropin_dirs(dir, name, dirs);
    }
    // Type-wide drop-ins ("service.d") come last so that unit-specific files of the same
    // name hide them.
    for (const std::string& dir : search_path_) {
        if (entries_by_dir_[dir].count(unit.name.type + ".d") == 0) continue;
        Expected<ResolvedPath> resolved = root_.resolve(join_path(dir, unit.name.type + ".d"));
        if (resolved && resolved->type == FileType::Directory) dirs.push_back(resolved->path);
    }

    // The first directory that contains a file name wins. The files then apply sorted by
    // name alone, whatever directory they come from.
    std::set<std::string> seen_dirs;
    std::map<std::string, std::string> by_name;
    for (const std::string& dir : dirs) {
        if (!seen_dirs.insert(dir).second) continue;
        for (const DirEntry& entry : root_.list_directory(dir)) {
            if (!ends_with(entry.name, ".conf")) continue;
            by_name.emplace(entry.name, join_path(dir, entry.name));
        }
    }
    for (auto& [file_name, path] : by_name) {
        if (unit.dropin_paths.size() == kMaxDropinsPerUnit) {
            unit.problems.push_back(input_problem(
                path, fmt::format("unit '{}' has {} drop-ins, more than the maximum of {}; "
                                  "'{}' and the {} after it were not read",
                                  unit.id, by_name.size(), kMaxDropinsPerUnit, path,
                                  by_name.size() - kMaxDropinsPerUnit - 1)));
            break;
        }
        unit.dropin_paths.push_back(path);
    }
}

std::shared_ptr<const UnitFile> Loader::read_unit_file(const std::string& path,
                                                       std::vector<Diagnostic>& problems) {
    if (auto cached = file_cache_.find(path); cached != file_cache_.end()) {
        return cached->second;
    }
    if (auto failed = file_errors_.find(path); failed != file_errors_.end()) {
        problems.push_back(failed->second);
        return nullptr;
    }
    Expected<std::string> content = root_.read_file(path);
    if (!content) {
        Diagnostic problem = input_problem(path, content.error().message);
        file_errors_.emplace(path, problem);
        problems.push_back(std::move(problem));
        return nullptr;
    }
    // A NUL byte means the file is binary data, not a unit file that systemd would
    // read line by line, so report it instead of guessing at its settings.
    if (std::size_t nul = content->find('\0'); nul != std::string::npos) {
        int line = 1 + static_cast<int>(std::count(content->begin(),
                                                   content->begin() + static_cast<long>(nul),
                                                   '\n'));
        Diagnostic problem = input_problem(
            path, fmt::format("'{}' contains a NUL byte on line {}; it is not a text file",
                              path, line));
        file_errors_.emplace(path, problem);
        problems.push_back(std::move(problem));
        return nullptr;
    }
    auto parsed = std::make_shared<const UnitFile>(parse_unit_file(path, *content));
    file_cache_.emplace(path, parsed);
    return parsed;
}

LoadedUnit Loader::load(std::string_view name) {
    LoadedUnit unit;
    unit.requested_name = std::string(name);
    if (!parse_unit_name(name)) {
        unit.id = unit.requested_name;
        unit.names.push_back(unit.id);
        unit.problems.push_back(
            input_problem(unit.requested_name, fmt::format("invalid unit name '{}'", name)));
        return unit;
    }
    resolve_fragment(unit);
    if (unit.state != LoadState::Loaded) return unit;

    collect_dropins(unit);
    if (auto fragment = read_unit_file(unit.fragment_path, unit.problems)) {
        // systemd refuses a fragment whose parsing stopped early; a drop-in that stops
        // early still contributes what came before the bad line.
        if (fragment->stop_line != 0) unit.state = LoadState::BadSetting;
        unit.files.push_back(std::move(fragment));
    } else {
        unit.state = LoadState::BadSetting;
    }
    for (const std::string& path : unit.dropin_paths) {
        if (auto dropin = read_unit_file(path, unit.problems)) unit.files.push_back(dropin);
    }
    return unit;
}

std::vector<std::string> Loader::list_units() {
    build_name_map();
    std::set<std::string> units;
    std::set<std::string> instantiated_templates;
    for (const std::string& dir : search_path_) {
        for (const DirEntry& entry : root_.list_directory(dir)) {
            bool is_dependency_dir = ends_with(entry.name, ".wants") ||
                                     ends_with(entry.name, ".requires") ||
                                     ends_with(entry.name, ".upholds");
            if (!is_dependency_dir) continue;
            for (const DirEntry& link : root_.list_directory(join_path(dir, entry.name))) {
                std::optional<UnitName> parsed = parse_unit_name(link.name);
                if (!parsed || !parsed->is_instance) continue;
                if (find_entry(parsed->template_name()) == nullptr) continue;
                units.insert(link.name);
                instantiated_templates.insert(parsed->template_name());
            }
        }
    }
    for (const auto& [name, entry] : name_map_) {
        if (entry.kind == NameEntry::Kind::Alias || entry.kind == NameEntry::Kind::Mask) continue;
        if (instantiated_templates.count(name) != 0) continue;
        units.insert(name);
    }
    return {units.begin(), units.end()};
}

}  // namespace unitguard::linter
