// SPDX-License-Identifier: MIT
// Unit search paths of the system and user managers, highest priority first.
#pragma once

#include <string>
#include <vector>

namespace unitguard::linter {

/// Manager whose unit search path is used.
enum class Scope { System, User };

/// Returns the unit directories systemd 252 searches, highest priority first, as paths
/// inside the root. For the user scope `home` is the user's home directory inside the
/// root (empty to leave out the per-user directories) and `runtime_dir` is
/// $XDG_RUNTIME_DIR (empty to leave out the per-session directories).
std::vector<std::string> unit_search_path(Scope scope, const std::string& home = {},
                                          const std::string& runtime_dir = {});

}  // namespace unitguard::linter
