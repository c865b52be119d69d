// SPDX-License-Identifier: MIT
// Unit search paths, in the order `systemd-analyze unit-paths` prints on Debian 12 (252).
#include "linter/search_paths.hpp"

namespace unitguard::linter {

std::vector<std::string> unit_search_path(Scope scope, const std::string& home,
                                          const std::string& runtime_dir) {
    if (scope == Scope::System) {
        // Debian builds systemd with /lib/systemd/system before /usr/lib/systemd/system
        // (`systemd-analyze unit-paths` on Debian 12). On merged-/usr systems both are one
        // directory, and the loader skips a directory it has already seen.
        return {
            "/etc/systemd/system.control", "/run/systemd/system.control",
            "/run/systemd/transient",      "/run/systemd/generator.early",
            "/etc/systemd/system",         "/etc/systemd/system.attached",
            "/run/systemd/system",         "/run/systemd/system.attached",
            "/run/systemd/generator",      "/usr/local/lib/systemd/system",
            "/lib/systemd/system",         "/usr/lib/systemd/system",
            "/run/systemd/generator.late",
        };
    }

    std::vector<std::string> paths;
    if (!home.empty()) paths.push_back(home + "/.config/systemd/user.control");
    if (!runtime_dir.empty()) {
        paths.push_back(runtime_dir + "/systemd/user.control");
        paths.push_back(runtime_dir + "/systemd/transient");
        paths.push_back(runtime_dir + "/systemd/generator.early");
    }
    if (!home.empty()) paths.push_back(home + "/.config/systemd/user");
    paths.push_back("/etc/xdg/systemd/user");
    paths.push_back("/etc/systemd/user");
    if (!runtime_dir.empty()) paths.push_back(runtime_dir + "/systemd/user");
    paths.push_back("/run/systemd/user");
    if (!runtime_dir.empty()) paths.push_back(runtime_dir + "/systemd/generator");
    if (!home.empty()) paths.push_back(home + "/.local/share/systemd/user");
    paths.push_back("/usr/local/share/systemd/user");
    paths.push_back("/usr/share/systemd/user");
    paths.push_back("/usr/local/lib/systemd/user");
    paths.push_back("/usr/lib/systemd/user");
    if (!runtime_dir.empty()) paths.push_back(runtime_dir + "/systemd/generator.late");
    return paths;
}

}  // namespace unitguard::linter
