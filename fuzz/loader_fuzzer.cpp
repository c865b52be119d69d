// SPDX-License-Identifier: MIT
// Fuzz target: the unit loader with --root semantics, on a root tree decoded from the input.
//
// The input is a text archive of the tree. Each entry starts on a line of its own:
//   @file PATH           a regular file, whose content is the bytes up to the newline
//                        before the next entry line, or up to the end of the input
//   @link PATH TARGET    a symbolic link; TARGET is used as written (absolute, relative, '..')
//   @dir PATH            a directory
//   @unit NAME           a unit name to load as well, as if named on the command line
// Bytes before the first entry are ignored. PATH is relative to the root. An entry is
// skipped when its path has an empty, "." or ".." component, a control character, more than
// kMaxDepth components, or a parent that is not a directory created by this input.
// fuzz/make-corpus.sh writes the fixture trees in this format.
//
// Each run rebuilds the tree in one temporary directory per process (emptied between
// runs), loads every unit as `unitguard check --root DIR` does, runs the built-in rules
// without a policy, renders the findings as text and scores each service's exposure with
// every model.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/effective.hpp"
#include "linter/loader.hpp"
#include "linter/report_text.hpp"
#include "linter/search_paths.hpp"
#include "linter/specifiers.hpp"
#include "linter/workspace.hpp"
#include "rules/exposure/evaluate.hpp"
#include "rules/rule.hpp"

namespace {

namespace fs = std::filesystem;
using namespace unitguard;

constexpr std::size_t kMaxEntries = 64;
constexpr std::size_t kMaxDepth = 12;
constexpr std::size_t kMaxNameLength = 255;   // NAME_MAX of Linux file systems
constexpr std::size_t kMaxLinkTarget = 4095;  // PATH_MAX minus the terminating NUL
constexpr int kTargetVersion = 260;           // what `check` assumes without a policy

enum class EntryKind { File, Link, Directory, Unit };

struct Entry {
    EntryKind kind;
    std::string path;     ///< PATH, or NAME for Unit
    std::string target;   ///< Link only
    std::string content;  ///< File only
};

// Removes the temporary root when the process exits.
struct TempRoot {
    std::string path;
    ~TempRoot() {
        std::error_code ignored;
        if (!path.empty()) fs::remove_all(path, ignored);
    }
};

const std::string& temp_root() {
    static TempRoot root = [] {
        std::string pattern = (fs::temp_directory_path() / "unitguard-fuzz-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::perror("loader_fuzzer: mkdtemp");
            std::abort();
        }
        return TempRoot{pattern};
    }();
    return root.path;
}

void empty_directory(const std::string& directory) {
    // remove_all never follows symbolic links, so nothing outside `directory` is touched.
    for (const fs::directory_entry& child : fs::directory_iterator(directory)) {
        std::error_code error;
        fs::remove_all(child.path(), error);
        if (error) {
            std::fprintf(stderr, "loader_fuzzer: failed to remove '%s': %s\n",
                         child.path().c_str(), error.message().c_str());
            std::abort();
        }
    }
}

bool starts_entry(std::string_view line) {
    return line.starts_with("@file ") || line.starts_with("@link ") ||
           line.starts_with("@dir ") || line.starts_with("@unit ");
}

// Splits the archive into entries; see the file comment for the format.
std::vector<Entry> decode(std::string_view input) {
    std::vector<Entry> entries;
    std::optional<std::size_t> open_file;  // index of the file whose content is being read
    std::size_t content_begin = 0;
    std::size_t position = 0;
    while (position <= input.size()) {
        std::size_t end = input.find('\n', position);
        if (end == std::string_view::npos) end = input.size();
        std::string_view line = input.substr(position, end - position);
        if (!starts_entry(line)) {
            position = end + 1;
            continue;
        }
        if (open_file) {
            // The newline before the entry line separates entries and is not content.
            std::size_t content_end = std::max(position - 1, content_begin);
            entries[*open_file].content = input.substr(content_begin, content_end - content_begin);
            open_file.reset();
        }
        if (entries.size() == kMaxEntries) return entries;

        std::size_t space = line.find(' ');
        std::string_view keyword = line.substr(1, space - 1);
        std::string_view rest = line.substr(space + 1);
        Entry entry{EntryKind::File, {}, {}, {}};
        if (keyword == "link") {
            std::size_t separator = rest.find(' ');
            entry.kind = EntryKind::Link;
            entry.path = rest.substr(0, separator);
            if (separator != std::string_view::npos) entry.target = rest.substr(separator + 1);
        } else if (keyword == "dir") {
            entry.kind = EntryKind::Directory;
            entry.path = rest;
        } else if (keyword == "unit") {
            entry.kind = EntryKind::Unit;
            entry.path = rest;
        } else {
            entry.path = rest;
            open_file = entries.size();
            content_begin = std::min(end + 1, input.size());
        }
        entries.push_back(std::move(entry));
        position = end + 1;
    }
    if (open_file) entries[*open_file].content = input.substr(content_begin);
    return entries;
}

// Splits PATH into components, or returns nothing when the entry must be skipped.
std::optional<std::vector<std::string>> components_of(std::string_view path) {
    std::vector<std::string> parts;
    std::size_t position = 0;
    while (position <= path.size()) {
        std::size_t slash = path.find('/', position);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view part = path.substr(position, slash - position);
        if (part.empty() || part == "." || part == ".." || part.size() > kMaxNameLength) {
            return std::nullopt;
        }
        for (char c : part) {
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
        }
        parts.emplace_back(part);
        position = slash + 1;
    }
    if (parts.empty() || parts.size() > kMaxDepth) return std::nullopt;
    return parts;
}

// Owner of a directory file descriptor.
struct Descriptor {
    int fd = -1;
    explicit Descriptor(int value) : fd(value) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

// Creates one entry below `root`. Every parent is opened with O_NOFOLLOW and the entry is
// created with O_EXCL or symlinkat(), so a symbolic link of the input never makes this
// write outside the temporary root.
void create(const std::string& root, const Entry& entry) {
    std::optional<std::vector<std::string>> parts = components_of(entry.path);
    if (!parts) return;
    auto directory = std::make_unique<Descriptor>(
        ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory->fd < 0) return;
    for (std::size_t i = 0; i + 1 < parts->size(); ++i) {
        const char* name = (*parts)[i].c_str();
        if (::mkdirat(directory->fd, name, 0755) != 0 && errno != EEXIST) return;
        int next = ::openat(directory->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) return;
        directory = std::make_unique<Descriptor>(next);
    }
    const char* name = parts->back().c_str();
    switch (entry.kind) {
        case EntryKind::File: {
            int fd = ::openat(directory->fd, name,
                              O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (fd < 0) return;
            Descriptor file(fd);
            std::size_t written = 0;
            while (written < entry.content.size()) {
                ssize_t result = ::write(fd, entry.content.data() + written,
                                         entry.content.size() - written);
                if (result <= 0) return;
                written += static_cast<std::size_t>(result);
            }
            return;
        }
        case EntryKind::Link:
            if (entry.target.empty() || entry.target.size() > kMaxLinkTarget ||
                entry.target.find('\0') != std::string::npos) {
                return;
            }
            (void)::symlinkat(entry.target.c_str(), directory->fd, name);
            return;
        case EntryKind::Directory:
            (void)::mkdirat(directory->fd, name, 0755);
            return;
        case EntryKind::Unit:
            return;
    }
}

// Scores `settings` with every model and reads each reported decider, so that a decider
// that points at freed memory shows up under ASan.
void score(const linter::Settings& settings) {
    using rules::exposure::Model;
    for (Model model : {Model::Systemd252, Model::Systemd260, Model::Unitguard}) {
        for (bool user_scope : {false, true}) {
            rules::exposure::ExposureReport report =
                rules::exposure::evaluate(settings, {model, user_scope});
            std::size_t text_size = report.label().size();
            for (const rules::exposure::CheckResult& check : report.checks) {
                for (const rules::exposure::Decider& decider : check.deciders) {
                    text_size += decider.directive.size() + decider.path.size() +
                                 decider.value.size() + decider.note.size();
                }
            }
            for (const rules::exposure::CheckResult* check : report.largest_contributors(5)) {
                text_size += check->contribution();
            }
            // Stored where the compiler must keep it, so the reads above are not dropped.
            static volatile std::size_t sink = 0;
            sink = sink + text_size;
        }
    }
}

void check_tree(const std::string& root, const std::vector<Entry>& entries) {
    linter::Options options;
    options.root = root;
    std::unique_ptr<linter::Workspace> workspace =
        linter::Workspace::open(options, kTargetVersion);

    std::vector<Diagnostic> findings = workspace->problems();
    for (const linter::WorkspaceUnit& unit : workspace->units()) {
        findings.insert(findings.end(), unit.loaded.problems.begin(), unit.loaded.problems.end());
        for (const auto& file : unit.loaded.files) {
            findings.insert(findings.end(), file->problems.begin(), file->problems.end());
        }
        findings.insert(findings.end(), unit.effective.problems.begin(),
                        unit.effective.problems.end());
        if (unit.loaded.state != linter::LoadState::Loaded) continue;
        rules::RuleContext context{unit, *workspace, nullptr, kTargetVersion, false};
        for (const rules::Rule* rule : rules::all_rules()) {
            if (rule->check != nullptr && rules::rule_enabled(*rule, nullptr)) {
                rule->check(context, findings);
            }
        }
        if (unit.loaded.name.type == "service") score(unit.effective.settings);
    }
    (void)linter::render_text(findings, workspace->source_lookup(), false);

    // Names given on the command line go through the same loader; a name need not exist.
    linter::RootFs root_fs(root);
    linter::Loader loader(root_fs, linter::unit_search_path(linter::Scope::System));
    for (const Entry& entry : entries) {
        if (entry.kind != EntryKind::Unit) continue;
        linter::LoadedUnit unit = loader.load(entry.path);
        linter::SpecifierContext specifiers =
            linter::make_specifier_context(root_fs, unit.name, false);
        specifiers.target_version = kTargetVersion;
        (void)linter::compute_effective(unit, specifiers);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& root = temp_root();
    empty_directory(root);
    std::vector<Entry> entries = decode(std::string_view(reinterpret_cast<const char*>(data), size));
    for (const Entry& entry : entries) create(root, entry);
    check_tree(root, entries);
    return 0;
}
