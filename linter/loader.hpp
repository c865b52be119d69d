// SPDX-License-Identifier: MIT
// Loader: finds a unit's fragment, aliases, mask state and drop-ins the way systemd does.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/root_fs.hpp"
#include "linter/unit_file.hpp"
#include "linter/unit_name.hpp"

namespace unitguard::linter {

/// Maximum number of drop-ins read for one unit, in application order; the rest are
/// reported as not read. It bounds the work a hostile tree can cause and is unitguard's
/// own choice, far above what real units use.
inline constexpr std::size_t kMaxDropinsPerUnit = 1024;

/// Load state of a unit, named as systemd's LoadState property.
enum class LoadState { Loaded, Masked, NotFound, BadSetting };

/// A unit with every file that configures it, in the order systemd applies them.
struct LoadedUnit {
    std::string requested_name;     ///< name the caller asked for
    std::string id;                 ///< primary name after following aliases
    UnitName name;                  ///< parts of `id`
    std::vector<std::string> names; ///< `id` first, then every alias
    LoadState state = LoadState::NotFound;
    std::string fragment_path;      ///< path inside the root, empty when there is none
    std::vector<std::string> dropin_paths;  ///< in application order
    /// Fragment first (when there is one), then the drop-ins, parsed.
    std::vector<std::shared_ptr<const UnitFile>> files;
    std::vector<Diagnostic> problems;  ///< files that could not be read or parsed
};

/// Finds and reads units below a root directory. Files are read and parsed once and
/// shared between the units that use them (type-wide drop-ins, templates).
class Loader {
public:
    /// `search_path` lists unit directories inside the root, highest priority first.
    Loader(const RootFs& root, std::vector<std::string> search_path);

    /// Loads `name`; a missing unit yields state NotFound, never an error.
    LoadedUnit load(std::string_view name);

    /// Returns the units worth checking: every unit with its own fragment (aliases
    /// left out), plus the instances that `.wants/`, `.requires/` and `.upholds/`
    /// directories enable. Templates with no enabled instance are listed as templates.
    std::vector<std::string> list_units();

    /// Unit directories actually searched: existing and without duplicates.
    const std::vector<std::string>& search_path() const { return search_path_; }

private:
    struct NameEntry {
        enum class Kind { File, Mask, Alias, Linked } kind;
        std::string path;    ///< the entry itself, "<dir>/<name>"
        std::string target;  ///< Alias: target unit name; Linked: resolved fragment path
    };

    void build_name_map();
    const NameEntry* find_entry(const std::string& name);
    void resolve_fragment(LoadedUnit& unit);
    void collect_dropins(LoadedUnit& unit);
    void add_dropin_dirs(const std::string& dir, const std::string& name,
                         std::vector<std::string>& out);
    std::shared_ptr<const UnitFile> read_unit_file(const std::string& path,
                                                   std::vector<Diagnostic>& problems);

    const RootFs& root_;
    std::vector<std::string> search_path_;
    bool name_map_built_ = false;
    std::unordered_map<std::string, NameEntry> name_map_;
    /// Entry names of each search directory, listed once by build_name_map().
    std::unordered_map<std::string, std::unordered_set<std::string>> entries_by_dir_;
    std::multimap<std::string, std::string> aliases_of_;  ///< alias target -> alias name
    std::unordered_map<std::string, std::shared_ptr<const UnitFile>> file_cache_;
    std::unordered_map<std::string, Diagnostic> file_errors_;
};

}  // namespace unitguard::linter
