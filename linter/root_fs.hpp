// SPDX-License-Identifier: MIT
// RootFs: reads files below a root directory without letting symlinks or '..' leave it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "linter/expected.hpp"

namespace unitguard::linter {

/// Type of a path inside the root after following symlinks.
enum class FileType { Missing, Regular, Directory, DevNull, Other };

/// A path resolved inside the root.
struct ResolvedPath {
    std::string path;  ///< absolute path inside the root, symlinks resolved ("/usr/lib/x")
    FileType type = FileType::Missing;
    std::uint64_t size = 0;  ///< size in bytes for regular files
};

/// One entry of a directory listing, not followed.
struct DirEntry {
    std::string name;
    bool is_symlink = false;
};

/// Maximum number of symlinks followed while resolving one path; more is reported as a
/// loop. Linux allows 40 (MAXSYMLINKS).
inline constexpr int kMaxSymlinkHops = 40;

/// Maximum size of a unit file or drop-in that is read; larger files are reported.
inline constexpr std::uint64_t kMaxUnitFileSize = 16 * 1024 * 1024;

/// Maximum number of directories a resolved path may go down inside the root, symlink
/// targets included. Unit search paths are fewer than 10 directories deep, and the bound
/// keeps a hostile tree from making each lookup walk thousands of directories.
inline constexpr std::size_t kMaxPathDepth = 256;

/// A directory treated as '/'. Absolute symlink targets are taken relative to it and
/// '..' never climbs above it, the way systemd's chase() treats --root. Nothing is
/// ever written.
class RootFs {
public:
    /// `root` is a host directory; "/" means the host itself.
    explicit RootFs(std::string root);

    /// Host directory that is treated as '/'.
    const std::string& root() const { return root_; }

    /// Maps an absolute path inside the root to a host path.
    std::string host_path(std::string_view inner) const;

    /// Follows symlinks component by component. A missing final component is not an
    /// error (type Missing); a symlink loop or an unreadable directory is. A path whose
    /// directory was resolved before starts from that result, so its symlink count
    /// (kMaxSymlinkHops) covers only its last component.
    Expected<ResolvedPath> resolve(std::string_view inner) const;

    /// Returns the target of the symlink at `inner` (not followed), if it is one.
    std::optional<std::string> read_link(std::string_view inner) const;

    /// Lists the directory at `inner` (symlinks in the path followed), sorted by name.
    /// A missing directory yields an empty list. Each directory is read once, and later
    /// calls return that first listing.
    std::vector<DirEntry> list_directory(std::string_view inner) const;

    /// Reads a regular file after resolving it. Special files (FIFOs, devices, sockets)
    /// and directories are rejected without being opened.
    Expected<std::string> read_file(std::string_view inner) const;

private:
    std::string root_;
    /// Directories resolved so far: path as requested (normalised) to resolved path. A
    /// tree is read as it is at the start of the run, and loading thousands of units
    /// resolves the same few directories again for every drop-in.
    mutable std::unordered_map<std::string, std::string> resolved_directories_;
    /// Paths without symlinks that do not exist, so neither does any path below them.
    /// Programs are looked up in every directory of $PATH for each unit, and most roots
    /// lack several of those directories.
    mutable std::unordered_set<std::string> missing_paths_;
    /// Listings by resolved path: type-wide and prefix drop-in directories ("service.d",
    /// "foo-.service.d") are listed again for every unit they apply to.
    mutable std::unordered_map<std::string, std::vector<DirEntry>> listings_;
};

/// Joins two path pieces with exactly one '/'.
std::string join_path(std::string_view directory, std::string_view name);

}  // namespace unitguard::linter
