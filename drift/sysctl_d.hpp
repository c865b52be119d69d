// SPDX-License-Identifier: MIT
// Persisted kernel parameters: sysctl.d files read the way systemd-sysctl reads them at boot.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "linter/expected.hpp"

namespace unitguard::drift {

/// Directories systemd-sysctl reads, highest priority first. /lib/sysctl.d is read only
/// on trees where /lib is a real directory rather than a symlink into /usr (merged /usr).
inline constexpr std::array<std::string_view, 5> kSysctlDirectories = {
    "/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d",
    "/lib/sysctl.d"};

/// The program whose reading of the configuration is modelled.
enum class SysctlReader {
    /// systemd-sysctl.service at boot. It reads only the sysctl.d directories and never
    /// /etc/sysctl.conf. Debian links that file in as /etc/sysctl.d/99-sysctl.conf.
    SystemdSysctl,
    /// procps-ng `sysctl --system`: the same file list, then /etc/sysctl.conf once more
    /// at the end, so that file wins over every sysctl.d file.
    /// NOTE: only the file list differs from SystemdSysctl here. Lines are still parsed
    /// with systemd-sysctl's rules, so procps's own handling of globs and '-' lines is
    /// not modelled.
    ProcpsSystem,
};

/// One line of a configuration file that names a key.
struct SysctlAssignment {
    std::string key;    ///< normalised dotted form, see normalize_sysctl_key()
    std::string value;  ///< whitespace around it removed, empty for an exclusion
    /// A `-key` line without '=': no glob assignment may write this key.
    bool exclusion = false;
    /// A `-key = value` line: a failed write is not an error.
    bool ignore_failure = false;
    /// File as listed below the root (e.g. "/etc/sysctl.d/99-sysctl.conf"), the 1-based
    /// line, and the column of the first key character.
    Location location;
};

/// The assignment of one key, or of one glob pattern, that is in effect.
struct SysctlEntry {
    std::string key;       ///< normalised dotted form, possibly a glob pattern
    bool is_glob = false;  ///< key contains '*', '?' or '['
    SysctlAssignment effective;
    /// Earlier assignments of the key with other values, oldest first.
    std::vector<SysctlAssignment> overridden;
    /// Later assignments of the same value. systemd-sysctl keeps `effective` (and its
    /// place in the order) for them, only adding their ignore-failure flag.
    std::vector<SysctlAssignment> repeated;
};

/// A configuration file name and the file that provides it.
struct SysctlFile {
    std::string path;           ///< path listed below the root, e.g. "/etc/sysctl.d/a.conf"
    std::string resolved_path;  ///< the same path with symlinks followed inside the root
    /// Symlink to /dev/null (or the device itself): the file is read as empty, so the
    /// name contributes nothing and the same-named files below stay hidden.
    bool masked = false;
    /// Same-named files in lower-priority directories that this one hides.
    std::vector<std::string> hidden;
};

/// The persisted configuration under a root directory.
struct SysctlConfig {
    SysctlReader reader = SysctlReader::SystemdSysctl;
    /// Files in the order they are applied (by file name across directories).
    std::vector<SysctlFile> files;
    /// Entries in the order the reader writes them. As in systemd-sysctl, an assignment
    /// with a new value moves its key to the end.
    std::vector<SysctlEntry> entries;
    /// Lines and files that were skipped, each with the reason and its place.
    std::vector<Error> warnings;

    /// Returns the entry whose key is exactly `key` (normalised first), or nullptr.
    const SysctlEntry* find(std::string_view key) const;

    /// Returns the entry that decides the value of the concrete key `key`: its own entry
    /// when there is one (check `effective.exclusion`), else the last glob entry that
    /// matches it, else nullptr. An explicit entry beats every glob regardless of order,
    /// as in systemd-sysctl.
    const SysctlEntry* lookup(std::string_view key) const;
};

/// Converts a key as written in a sysctl.d file to the dotted form sysctl(8) prints.
/// When the first separator is a '/', slashes separate components and dots belong to
/// names ("net/ipv4/conf/eth0.100/rp_filter"); when it is a '.', the roles are swapped.
/// Either spelling yields "net.ipv4.conf.eth0/100.rp_filter". Empty components and a
/// leading separator are dropped. Leaves glob characters alone.
std::string normalize_sysctl_key(std::string_view key);

/// Returns the path of a normalised key below /proc/sys, e.g. "net/ipv4/conf/eth0.100/rp_filter".
std::string sysctl_key_to_path(std::string_view key);

/// Whether the normalised `pattern` (a glob, or a plain key) matches the normalised
/// `key`. '*' and '?' do not cross a component boundary, as glob(7) on /proc/sys.
bool sysctl_key_matches(std::string_view pattern, std::string_view key);

/// Parses the text of one configuration file named `path` into `config`, after the
/// files already there. Lines that are not assignments go to `config.warnings`.
void apply_sysctl_text(SysctlConfig& config, std::string_view text, const std::string& path);

/// Loads the configuration below `root` ("/" for the host). Symlinks are followed inside
/// the root: an absolute target is taken relative to it and '..' never leaves it.
/// Missing directories are skipped, and unreadable files and symlink loops become warnings.
/// Fails only when `root` is not a directory.
Expected<SysctlConfig> load_sysctl_d(const std::string& root,
                                     SysctlReader reader = SysctlReader::SystemdSysctl);

}  // namespace unitguard::drift
