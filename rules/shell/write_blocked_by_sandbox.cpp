// SPDX-License-Identifier: MIT
// UG301 write-blocked-by-sandbox: a command of an Exec*= line, or of its `sh -c` script,
// writes to a path that the unit's sandboxing makes read-only or inaccessible.
#include <fmt/format.h>

#include <set>
#include <tuple>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/shell/command_effects.hpp"
#include "rules/shell/command_model.hpp"
#include "rules/shell/sandbox_paths.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kWriteBlockedBySandbox = {
    .id = "UG301",
    .name = "write-blocked-by-sandbox",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a command writes to a path that the sandboxing makes read-only or inaccessible",
    .rationale =
        "ProtectSystem=, ProtectHome=, ReadOnlyPaths=, InaccessiblePaths=, "
        "ProtectKernelTunables= and DynamicUser= change the file system the service sees. A "
        "command such as `mkdir -p /var/lib/app` or `echo 1 > /etc/app.conf` in an Exec*= "
        "line or its shell script then fails with EROFS (\"Read-only file system\") or "
        "ENOENT when the service starts, although it worked before the hardening. Only "
        "ReadWritePaths=, StateDirectory=, CacheDirectory=, LogsDirectory=, "
        "RuntimeDirectory=, BindPaths=, TemporaryFileSystem= and PrivateTmp= make paths "
        "writable again.",
    .bad_example =
        "[Service]\nProtectSystem=strict\nExecStartPre=/bin/sh -c 'mkdir -p /var/lib/app'\n"
        "ExecStart=/usr/bin/app\n",
    .good_example =
        "[Service]\nProtectSystem=strict\nStateDirectory=app\nExecStart=/usr/bin/app\n",
    .fix_hint =
        "let systemd create the directory (StateDirectory=, CacheDirectory=, LogsDirectory=, "
        "RuntimeDirectory=), list the path in ReadWritePaths=, or run the command with the "
        "'+' prefix",
    .references =
        "systemd.exec(5) ProtectSystem=, ProtectHome=, ReadWritePaths=, StateDirectory=",
    .limitations =
        "Writers are found by name: mkdir, touch, cp, mv, rm, rmdir, chown, chgrp, chmod, "
        "ln, install, tee, truncate and sysctl, also behind sudo, env, nice and similar "
        "launchers, and redirections such as `>` and `>>`. Paths built at run time "
        "(`$DIR/x`, `$(...)`), relative paths and programs that write on their own are not "
        "seen. Variables set by EnvironmentFile= are not expanded. User units are not "
        "checked.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// Parent directories of the directory settings, for the help line.
struct DirectoryHint {
    std::string_view parent;
    std::string_view setting;
};
constexpr DirectoryHint kDirectoryHints[] = {{"/var/lib/", "StateDirectory"},
                                             {"/var/cache/", "CacheDirectory"},
                                             {"/var/log/", "LogsDirectory"},
                                             {"/run/", "RuntimeDirectory"}};

std::string help_for(const std::string& path, shell::PathAccess access,
                     std::string_view writer) {
    if (path == "/proc/sys" || path.starts_with("/proc/sys/")) {
        return "set the parameter in a file in /etc/sysctl.d instead, or run the command "
               "with the '+' prefix";
    }
    if (access == shell::PathAccess::Writable) return {};
    for (const DirectoryHint& hint : kDirectoryHints) {
        if (!path.starts_with(hint.parent)) continue;
        std::string_view rest = std::string_view(path).substr(hint.parent.size());
        std::size_t slash = rest.find('/');
        std::string_view name = rest.substr(0, slash);
        // A file right below the parent, such as /var/log/app.log, has no directory of its own.
        bool is_directory = slash != std::string_view::npos || writer == "'mkdir'" ||
                            writer == "'install'";
        if (name.empty() || !is_directory) break;
        // The directory, not the file: ReadWritePaths= fails the start when its path does
        // not exist, and the file may not exist before the first write.
        return fmt::format("add {}={} or list '{}{}' in ReadWritePaths=", hint.setting, name,
                           hint.parent, name);
    }
    if (access == shell::PathAccess::Inaccessible) {
        return fmt::format("write somewhere the service can see, or make '{}' visible with "
                           "BindPaths=",
                           path);
    }
    return fmt::format("list '{}' in ReadWritePaths=, or run the command with the '+' prefix",
                       path);
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    if (context.user_scope) return;
    // The sandbox view costs more than finding the writes, and most units write nothing.
    std::vector<std::pair<const shell::CommandLine*, shell::WriteTarget>> writes;
    for (const shell::CommandLine& line : shell::command_lines(context)) {
        if (!line.sandboxed()) continue;
        for (const shell::Command& command : line.commands) {
            for (shell::WriteTarget& target : shell::write_targets(command)) {
                writes.emplace_back(&line, std::move(target));
            }
        }
    }
    if (writes.empty()) return;
    shell::SandboxView sandbox(context);
    std::set<std::tuple<const linter::AppliedAssignment*, std::size_t, std::string>> reported;

    for (const auto& [line, target] : writes) {
        shell::PathVerdict verdict = sandbox.verdict(target.path);
        if (verdict.access == shell::PathAccess::Writable) continue;
        if (!reported.emplace(line->assignment, target.offset, target.path).second) continue;
        std::string_view effect =
            verdict.access == shell::PathAccess::ReadOnly ? "read-only" : "inaccessible";
        Diagnostic finding = make_rule_finding(
            kWriteBlockedBySandbox, context,
            fmt::format("{} writes to '{}', which {} makes {}", target.writer, target.path,
                        verdict.cause, effect),
            shell::location_in_unit(context, *line, target.offset));
        finding.help = help_for(target.path, verdict.access, target.writer);
        finding.directive = line->directive;
        finding.value = target.path;
        findings.push_back(std::move(finding));
    }
}

}  // namespace
}  // namespace unitguard::rules
