// SPDX-License-Identifier: MIT
// The file system as a service's sandbox shows it: which paths the effective settings
// make read-only or inaccessible, and which they leave writable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/settings.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules::shell {

/// A setting that creates a directory for a system service below `parent`, which systemd
/// makes writable even under ProtectSystem=strict.
struct DirectorySetting {
    std::string_view name;
    std::string_view parent;
};

/// The directory settings. ConfigurationDirectory= is missing on purpose because it stays
/// read-only.
inline constexpr DirectorySetting kDirectorySettings[] = {{"StateDirectory", "/var/lib"},
                                                          {"CacheDirectory", "/var/cache"},
                                                          {"LogsDirectory", "/var/log"},
                                                          {"RuntimeDirectory", "/run"}};

/// Access of a sandboxed command to a path.
enum class PathAccess { Writable, ReadOnly, Inaccessible };

/// The access to one path and the setting that decides it.
struct PathVerdict {
    PathAccess access = PathAccess::Writable;
    /// The deciding setting with its place, e.g. "ProtectSystem=strict at app.service:4";
    /// empty when nothing restricts the path.
    std::string cause;
};

/// The mount rules of one service. Of the rules whose path contains a given path, the
/// deepest decides, because systemd applies deeper mounts over shallower ones. At equal
/// depth, inaccessible beats read-only, which beats writable.
class SandboxView {
  public:
    explicit SandboxView(const RuleContext& context);

    /// Returns what a sandboxed command may do with the absolute, simplified `path`.
    PathVerdict verdict(std::string_view path) const;

  private:
    struct MountRule {
        std::string path;
        PathAccess access;
        std::string cause;
    };
    void add(std::string path, PathAccess access, std::string cause);

    std::vector<MountRule> rules_;
};

/// Whether `path` is `prefix` or below it.
bool path_is_under(std::string_view path, std::string_view prefix);

}  // namespace unitguard::rules::shell
