// SPDX-License-Identifier: MIT
// Reads sysctl.d files with systemd-sysctl's precedence, masking and override rules.
#include "drift/sysctl_d.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "linter/root_fs.hpp"

namespace unitguard::drift {

namespace {

constexpr std::string_view kWhitespace = " \t\n\r";

std::string_view strip(std::string_view text) {
    const std::size_t first = text.find_first_not_of(kWhitespace);
    if (first == std::string_view::npos) return {};
    const std::size_t last = text.find_last_not_of(kWhitespace);
    return text.substr(first, last - first + 1);
}

// Exchanges '.' and '/' from `from` on; this converts between the dotted and path spellings.
void swap_separators(std::string& text, std::size_t from = 0) {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] == '.') {
            text[i] = '/';
        } else if (text[i] == '/') {
            text[i] = '.';
        }
    }
}

bool is_glob(std::string_view key) { return key.find_first_of("*?[") != std::string_view::npos; }

// A parsed line, before it is merged into the entries.
struct ParsedLine {
    SysctlAssignment assignment;
    std::optional<std::string> problem;
};

ParsedLine parse_line(std::string_view raw, const std::string& path, int line_number) {
    ParsedLine parsed;
    SysctlAssignment& assignment = parsed.assignment;
    const std::string_view line = strip(raw);
    std::string_view key_text;

    const std::size_t equals = line.find('=');
    if (equals != std::string_view::npos) {
        key_text = line.substr(0, equals);
        assignment.value = std::string(strip(line.substr(equals + 1)));
        if (!key_text.empty() && key_text.front() == '-') {
            assignment.ignore_failure = true;
            key_text.remove_prefix(1);
        }
    } else if (line.front() == '-') {
        assignment.exclusion = true;
        key_text = line.substr(1);
    } else {
        parsed.problem = fmt::format("line is not an assignment, ignoring: '{}'", line);
    }

    key_text = strip(key_text);
    const std::size_t column = key_text.empty()
                                   ? raw.find_first_not_of(kWhitespace)
                                   : static_cast<std::size_t>(key_text.data() - raw.data());
    assignment.location = Location{path, line_number, static_cast<int>(column) + 1, 0};
    if (parsed.problem) return parsed;

    assignment.key = normalize_sysctl_key(key_text);
    if (assignment.key.empty()) parsed.problem = "missing key before '=', ignoring line";
    return parsed;
}

void merge_assignment(SysctlConfig& config, SysctlAssignment assignment) {
    auto existing = std::find_if(config.entries.begin(), config.entries.end(),
                                 [&](const SysctlEntry& e) { return e.key == assignment.key; });
    if (existing == config.entries.end()) {
        SysctlEntry entry;
        entry.key = assignment.key;
        entry.is_glob = is_glob(assignment.key);
        entry.effective = std::move(assignment);
        config.entries.push_back(std::move(entry));
        return;
    }

    // systemd-sysctl keeps the first of several equal assignments and its position.
    const SysctlAssignment& current = existing->effective;
    if (current.exclusion == assignment.exclusion && current.value == assignment.value) {
        existing->effective.ignore_failure |= assignment.ignore_failure;
        existing->repeated.push_back(std::move(assignment));
        return;
    }

    // A new value removes the old entry and appends a new one, which changes the order.
    SysctlEntry entry;
    entry.key = existing->key;
    entry.is_glob = existing->is_glob;
    entry.overridden = std::move(existing->overridden);
    entry.overridden.push_back(std::move(existing->effective));
    for (SysctlAssignment& repeat : existing->repeated) {
        entry.overridden.push_back(std::move(repeat));
    }
    entry.effective = std::move(assignment);
    config.entries.erase(existing);
    config.entries.push_back(std::move(entry));
}

// The sysctl.d directories present under the root, highest priority first, each once.
std::vector<std::string> existing_directories(const linter::RootFs& fs, SysctlConfig& config) {
    // On merged-/usr trees /lib points into /usr, so /lib/sysctl.d would repeat /usr/lib.
    const bool lib_is_real = !fs.read_link("/lib").has_value();
    std::vector<std::string> resolved_seen;
    std::vector<std::string> directories;

    for (std::string_view directory : kSysctlDirectories) {
        if (directory == "/lib/sysctl.d" && !lib_is_real) continue;

        Expected<linter::ResolvedPath> resolved = fs.resolve(directory);
        if (!resolved) {
            config.warnings.push_back(
                Error{fmt::format("{}, skipping directory", resolved.error().message),
                      Location{std::string(directory), 0, 0, 0}});
            continue;
        }
        if (resolved->type != linter::FileType::Directory) continue;
        if (std::find(resolved_seen.begin(), resolved_seen.end(), resolved->path) !=
            resolved_seen.end()) {
            continue;
        }
        resolved_seen.push_back(resolved->path);
        directories.emplace_back(directory);
    }
    return directories;
}

bool is_config_name(std::string_view name) {
    return name.size() > 5 && name.front() != '.' && name.ends_with(".conf");
}

// Collects the files by name; the first directory that has a name provides it.
std::map<std::string, SysctlFile> collect_files(const linter::RootFs& fs,
                                                const std::vector<std::string>& directories) {
    std::map<std::string, SysctlFile> by_name;
    for (const std::string& directory : directories) {
        for (const linter::DirEntry& entry : fs.list_directory(directory)) {
            if (!is_config_name(entry.name)) continue;
            const std::string path = linter::join_path(directory, entry.name);

            // Like systemd's directory scan, skip subdirectories and special files that
            // are not symlinks; a symlink is listed whatever it points to.
            if (!entry.is_symlink) {
                Expected<linter::ResolvedPath> resolved = fs.resolve(path);
                if (!resolved || resolved->type != linter::FileType::Regular) continue;
            }

            auto [it, inserted] = by_name.try_emplace(entry.name);
            if (inserted) {
                it->second.path = path;
            } else {
                it->second.hidden.push_back(path);
            }
        }
    }
    return by_name;
}

void read_file(const linter::RootFs& fs, SysctlFile& file, SysctlConfig& config) {
    Expected<linter::ResolvedPath> resolved = fs.resolve(file.path);
    if (!resolved) {
        config.warnings.push_back(Error{fmt::format("{}, ignoring file", resolved.error().message),
                                        Location{file.path, 0, 0, 0}});
        return;
    }
    file.resolved_path = resolved->path;

    if (resolved->type == linter::FileType::DevNull || resolved->path == "/dev/null") {
        file.masked = true;
        return;
    }
    if (resolved->type != linter::FileType::Regular) {
        // NOTE: systemd 252 lists such a name without checking it, so the same-named files
        // below stay hidden, and this loader does the same. Newer releases may drop the
        // name instead and read the hidden file.
        const char* what = resolved->type == linter::FileType::Missing ? "is a dangling symlink"
                                                                       : "is not a regular file";
        config.warnings.push_back(Error{fmt::format("'{}' {}, ignoring file", file.path, what),
                                        Location{file.path, 0, 0, 0}});
        return;
    }

    Expected<std::string> text = fs.read_file(file.path);
    if (!text) {
        config.warnings.push_back(Error{fmt::format("{}, ignoring file", text.error().message),
                                        Location{file.path, 0, 0, 0}});
        return;
    }
    apply_sysctl_text(config, *text, file.path);
}

}  // namespace

const SysctlEntry* SysctlConfig::find(std::string_view key) const {
    const std::string normalised = normalize_sysctl_key(key);
    for (const SysctlEntry& entry : entries) {
        if (entry.key == normalised) return &entry;
    }
    return nullptr;
}

const SysctlEntry* SysctlConfig::lookup(std::string_view key) const {
    const std::string normalised = normalize_sysctl_key(key);
    const SysctlEntry* decided = nullptr;
    for (const SysctlEntry& entry : entries) {
        if (entry.key == normalised && !entry.is_glob) return &entry;

        // A glob exclusion never matches a concrete key in systemd-sysctl, so it has no
        // effect; only glob assignments are candidates.
        if (entry.is_glob && !entry.effective.exclusion &&
            sysctl_key_matches(entry.key, normalised)) {
            decided = &entry;
        }
    }
    return decided;
}

std::string normalize_sysctl_key(std::string_view key) {
    std::string text(key);
    const std::size_t first = text.find_first_of("/.");
    if (first != std::string::npos && text[first] == '.') swap_separators(text, first);

    // `text` is now a path below /proc/sys; drop empty and "." components.
    std::string path;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('/', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view component = std::string_view(text).substr(start, end - start);
        if (!component.empty() && component != ".") {
            if (!path.empty()) path += '/';
            path += component;
        }
        start = end + 1;
    }

    swap_separators(path);
    return path;
}

std::string sysctl_key_to_path(std::string_view key) {
    std::string path(key);
    swap_separators(path);
    return path;
}

bool sysctl_key_matches(std::string_view pattern, std::string_view key) {
    const std::string pattern_path = sysctl_key_to_path(pattern);
    const std::string key_path = sysctl_key_to_path(key);
    return ::fnmatch(pattern_path.c_str(), key_path.c_str(), FNM_PATHNAME) == 0;
}

void apply_sysctl_text(SysctlConfig& config, std::string_view text, const std::string& path) {
    int line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw = text.substr(start, end - start);
        start = end + 1;
        ++line_number;

        const std::string_view line = strip(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;

        ParsedLine parsed = parse_line(raw, path, line_number);
        if (parsed.problem) {
            config.warnings.push_back(Error{*parsed.problem, parsed.assignment.location});
            continue;
        }
        merge_assignment(config, std::move(parsed.assignment));
    }
}

Expected<SysctlConfig> load_sysctl_d(const std::string& root, SysctlReader reader) {
    std::error_code error;
    if (!std::filesystem::is_directory(root, error)) {
        return Error{fmt::format("root '{}' is not a directory", root), {}};
    }

    const linter::RootFs fs(root);
    SysctlConfig config;
    config.reader = reader;

    const std::vector<std::string> directories = existing_directories(fs, config);
    for (auto& [name, file] : collect_files(fs, directories)) {
        read_file(fs, file, config);
        config.files.push_back(std::move(file));
    }

    if (reader == SysctlReader::ProcpsSystem) {
        Expected<linter::ResolvedPath> resolved = fs.resolve("/etc/sysctl.conf");
        if (resolved && resolved->type != linter::FileType::Missing) {
            SysctlFile file;
            file.path = "/etc/sysctl.conf";
            read_file(fs, file, config);
            config.files.push_back(std::move(file));
        }
    }
    return config;
}

}  // namespace unitguard::drift
