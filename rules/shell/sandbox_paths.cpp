// SPDX-License-Identifier: MIT
// The file system as a service's sandbox shows it (systemd.exec(5), "Sandboxing").
#include "rules/shell/sandbox_paths.hpp"

#include <fmt/format.h>

#include "linter/exec_command.hpp"
#include "linter/workspace.hpp"
#include "rules/breakage/unit_inspection.hpp"

namespace unitguard::rules::shell {
namespace {

// Strips the '-' and '+' prefixes of a path list entry and what follows its first ':'.
std::string entry_path(std::string_view entry) {
    while (!entry.empty() && (entry.front() == '-' || entry.front() == '+')) entry.remove_prefix(1);
    return linter::simplify_path(entry.substr(0, entry.find(':')));
}

int depth(std::string_view path) {
    int components = 0;
    for (char c : path) components += c == '/' ? 1 : 0;
    return path == "/" ? 0 : components;
}

int strength(PathAccess access) {
    switch (access) {
        case PathAccess::Inaccessible:
            return 2;
        case PathAccess::ReadOnly:
            return 1;
        case PathAccess::Writable:
            break;
    }
    return 0;
}

}  // namespace

bool path_is_under(std::string_view path, std::string_view prefix) {
    while (prefix.size() > 1 && prefix.back() == '/') prefix.remove_suffix(1);
    if (prefix == "/") return !path.empty() && path.front() == '/';
    return path == prefix || (path.size() > prefix.size() && path.starts_with(prefix) &&
                              path[prefix.size()] == '/');
}

void SandboxView::add(std::string path, PathAccess access, std::string cause) {
    if (path.empty() || path.front() != '/') return;
    rules_.push_back({std::move(path), access, std::move(cause)});
}

SandboxView::SandboxView(const RuleContext& context) {
    const linter::Settings& settings = context.unit.effective.settings;
    auto place = [&](std::string_view name) -> std::string {
        const linter::Setting* setting = settings.find(name);
        const linter::AppliedAssignment* last = setting ? setting->last_live() : nullptr;
        return last ? fmt::format("{}={} at {}", name, last->value, breakage::place_of(context, *last))
                    : std::string(name);
    };
    auto each_entry = [&](std::string_view name, auto&& take) {
        const linter::Setting* setting = settings.find(name);
        if (setting == nullptr) return;
        for (const linter::AppliedAssignment& assignment : setting->history) {
            if (!assignment.live || assignment.value.empty()) continue;
            std::string cause = fmt::format("{}= at {}", name, breakage::place_of(context, assignment));
            for (std::string_view word : breakage::split_words(assignment.value)) take(word, cause);
        }
    };

    // DynamicUser=yes implies ProtectSystem=strict, ProtectHome=read-only and PrivateTmp=yes
    // unless the unit sets something stricter.
    bool dynamic_user = settings.is_true("DynamicUser");
    auto implied_by_dynamic_user = [&](std::string_view setting) {
        return fmt::format("{} (implied by {})", setting, place("DynamicUser"));
    };

    std::string protect_system = settings.value("ProtectSystem");
    if (auto flag = linter::parse_boolean(protect_system)) {
        protect_system = *flag ? "yes" : "";
    }
    if (dynamic_user && protect_system != "strict") {
        protect_system = "strict";
        add("/", PathAccess::ReadOnly, implied_by_dynamic_user("ProtectSystem=strict"));
    } else if (protect_system == "strict") {
        add("/", PathAccess::ReadOnly, place("ProtectSystem"));
    }
    if (protect_system == "yes" || protect_system == "full") {
        for (std::string_view path : {"/usr", "/boot", "/efi"}) {
            add(std::string(path), PathAccess::ReadOnly, place("ProtectSystem"));
        }
        if (protect_system == "full") add("/etc", PathAccess::ReadOnly, place("ProtectSystem"));
    }
    if (protect_system == "strict") {
        // The API file systems and the home directories are left to the settings that
        // protect them.
        for (std::string_view path : {"/dev", "/proc", "/sys", "/home", "/root", "/run/user"}) {
            add(std::string(path), PathAccess::Writable, "");
        }
    }

    std::string protect_home = settings.value("ProtectHome");
    if (auto flag = linter::parse_boolean(protect_home)) protect_home = *flag ? "yes" : "";
    std::string home_cause = place("ProtectHome");
    if (dynamic_user && protect_home.empty()) {
        protect_home = "read-only";
        home_cause = implied_by_dynamic_user("ProtectHome=read-only");
    }
    if (!protect_home.empty()) {
        PathAccess access =
            protect_home == "yes" ? PathAccess::Inaccessible : PathAccess::ReadOnly;
        for (std::string_view path : {"/home", "/root", "/run/user"}) {
            add(std::string(path), access, home_cause);
        }
    }

    if (settings.is_true("ProtectKernelTunables")) {
        for (std::string_view path : {"/proc/sys", "/proc/sysrq-trigger", "/sys"}) {
            add(std::string(path), PathAccess::ReadOnly, place("ProtectKernelTunables"));
        }
    }
    if (settings.is_true("ProtectControlGroups")) {
        add("/sys/fs/cgroup", PathAccess::ReadOnly, place("ProtectControlGroups"));
    }

    each_entry("ReadOnlyPaths", [&](std::string_view word, const std::string& cause) {
        add(entry_path(word), PathAccess::ReadOnly, cause);
    });
    each_entry("InaccessiblePaths", [&](std::string_view word, const std::string& cause) {
        add(entry_path(word), PathAccess::Inaccessible, cause);
    });
    each_entry("ReadWritePaths", [&](std::string_view word, const std::string& cause) {
        add(entry_path(word), PathAccess::Writable, cause);
    });
    for (const DirectorySetting& directory : kDirectorySettings) {
        each_entry(directory.name, [&](std::string_view word, const std::string& cause) {
            std::string name = entry_path(word);
            add(linter::simplify_path(linter::join_path(directory.parent, name)),
                PathAccess::Writable, cause);
        });
    }
    // BindPaths=SOURCE[:DESTINATION[:OPTIONS]] mounts at DESTINATION, or at SOURCE.
    auto bind_destination = [](std::string_view word) {
        while (!word.empty() && (word.front() == '-' || word.front() == '+')) word.remove_prefix(1);
        std::size_t colon = word.find(':');
        std::string_view destination = word.substr(0, colon);
        if (colon != std::string_view::npos) {
            std::string_view rest = word.substr(colon + 1);
            std::string_view second = rest.substr(0, rest.find(':'));
            if (!second.empty()) destination = second;
        }
        return linter::simplify_path(destination);
    };
    each_entry("BindPaths", [&](std::string_view word, const std::string& cause) {
        add(bind_destination(word), PathAccess::Writable, cause);
    });
    each_entry("BindReadOnlyPaths", [&](std::string_view word, const std::string& cause) {
        add(bind_destination(word), PathAccess::ReadOnly, cause);
    });
    each_entry("TemporaryFileSystem", [&](std::string_view word, const std::string& cause) {
        std::size_t colon = word.find(':');
        bool read_only = false;
        if (colon != std::string_view::npos) {
            std::string_view options = word.substr(colon + 1);
            std::size_t start = 0;
            while (start <= options.size()) {
                std::size_t comma = options.find(',', start);
                if (comma == std::string_view::npos) comma = options.size();
                if (options.substr(start, comma - start) == "ro") read_only = true;
                start = comma + 1;
            }
        }
        add(entry_path(word), read_only ? PathAccess::ReadOnly : PathAccess::Writable, cause);
    });
    if (settings.is_true("PrivateTmp") || dynamic_user) {
        add("/tmp", PathAccess::Writable, "");
        add("/var/tmp", PathAccess::Writable, "");
    }
}

PathVerdict SandboxView::verdict(std::string_view path) const {
    const MountRule* best = nullptr;
    for (const MountRule& rule : rules_) {
        if (!path_is_under(path, rule.path)) continue;
        if (best == nullptr || depth(rule.path) > depth(best->path) ||
            (depth(rule.path) == depth(best->path) && strength(rule.access) > strength(best->access))) {
            best = &rule;
        }
    }
    if (best == nullptr) return {};
    return {best->access, best->access == PathAccess::Writable ? "" : best->cause};
}

}  // namespace unitguard::rules::shell
