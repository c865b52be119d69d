// SPDX-License-Identifier: MIT
// Workspace: the units a command works on, loaded and merged, with their source files.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "linter/cli_options.hpp"
#include "linter/effective.hpp"
#include "linter/loader.hpp"
#include "linter/report_text.hpp"
#include "linter/specifiers.hpp"

namespace unitguard::linter {

/// One unit as loaded and merged.
/// Returns a new number on each call (see WorkspaceUnit::serial).
std::uint64_t next_unit_serial();

struct WorkspaceUnit {
    LoadedUnit loaded;
    EffectiveUnit effective;
    /// Number that no other unit loaded by this process has, so that results computed for
    /// one unit can be cached without mistaking another unit at the same address for it.
    std::uint64_t serial = next_unit_serial();
};

/// The units of one run. Paths inside diagnostics are display paths: the root as the user
/// gave it joined with the path inside the root, so editors can open them.
class Workspace {
public:
    /// When Workspace::open merges each unit's files into its effective settings.
    enum class Merging {
        Eager,     ///< every unit's settings are merged by open()
        OnDemand,  ///< merge() merges one unit; release_effective() frees it again
    };

    /// Loads the units named on the command line (names or file paths), or every unit
    /// below the root when none is named. Problems go into each unit's diagnostics.
    static std::unique_ptr<Workspace> open(const Options& options, int target_version,
                                           Merging merging = Merging::Eager);

    const std::vector<WorkspaceUnit>& units() const { return units_; }

    /// Merges the files of units()[index] into its effective settings, unless that is
    /// done already. With Merging::OnDemand, a caller merges, checks and releases one unit
    /// at a time, so the settings of a large tree are never all in memory.
    void merge(std::size_t index);

    /// Frees the effective settings and problems of units()[index]. A later merge() of the
    /// same unit does nothing, so call this only when the caller is done with the unit.
    void release_effective(std::size_t index);

    /// Problems that belong to no unit (an argument that is neither a unit nor a file).
    const std::vector<Diagnostic>& problems() const { return problems_; }

    /// Root directory as given (empty for the host's own '/').
    const std::string& root_display() const { return root_display_; }

    /// The root that the programs of every unit are looked up in: the --root directory,
    /// or the host's '/' when there is none or when only unit files were named by path.
    /// One object for the whole run, so that its caches serve every unit.
    const RootFs& root() const { return *tree_root_; }

    /// Turns a path inside the root into the path shown to users.
    std::string display_path(const std::string& inner) const;

    /// Returns the place of the unit type's own section header in the unit's fragment
    /// ([Service] for services), else of the fragment's first section, else line 1. Findings
    /// about a directive that is not set point there.
    Location section_header(const WorkspaceUnit& unit) const;

    /// Whether findings in the file at display path `path` are reported: always when the
    /// units were named or listed, else only for the files given on the command line (a
    /// unit file also covers its own drop-in directory).
    bool covers(const std::string& path) const;

    /// Reads source lines of loaded files by display path, for caret rendering.
    SourceLineLookup source_lookup() const;

private:
    void load(const Options& options);
    /// Turns the paths of `diagnostics` into display paths and names `unit_id` in those
    /// that name no unit.
    void relocate(std::vector<Diagnostic>& diagnostics, const std::string& unit_id) const;
    void load_unit(Loader& loader, const RootFs& root, const std::string& name);

    std::string root_display_;
    std::string cwd_prefix_;  ///< working directory with a trailing '/', empty for '/'
    std::set<std::string> passed_files_;  ///< display paths of files named as arguments

    std::vector<std::unique_ptr<RootFs>> roots_;
    const RootFs* tree_root_ = nullptr;  ///< one of roots_
    std::vector<WorkspaceUnit> units_;
    /// Host facts for the specifiers of each unit, by index in units_. Each points into
    /// specifier_contexts_.
    std::vector<const SpecifierContext*> unit_contexts_;
    std::vector<bool> merged_;  ///< by index in units_: merge() ran
    bool user_scope_ = false;
    int target_version_ = 0;
    std::vector<Diagnostic> problems_;
    std::map<std::string, std::shared_ptr<const UnitFile>> files_by_display_path_;
    /// Host facts for specifiers, read once per root rather than once per unit.
    std::map<const RootFs*, SpecifierContext> specifier_contexts_;
};

}  // namespace unitguard::linter
