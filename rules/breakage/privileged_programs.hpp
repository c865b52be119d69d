// SPDX-License-Identifier: MIT
// Programs a service starts that must gain privileges when they run: setuid, setgid and
// file-capability programs, found in Exec*= lines, their shell scripts and sudoers rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/root_fs.hpp"
#include "linter/settings.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules::breakage {

/// A well-known program that only works by gaining privileges at execve().
struct PrivilegedProgram {
    std::string_view name;       ///< file name, e.g. "sudo"
    std::string_view mechanism;  ///< how it gains them on Debian 12, e.g. "setuid root"
    bool calls_setgroups;        ///< switches users with setgroups() or initgroups()
};

/// Programs that Debian 12 packages (sudo, login, passwd, mount, fuse, uidmap, iputils,
/// cron, policykit and others) install setuid, setgid or with file capabilities.
/// NOTE: the modes of su, newgrp, passwd, chsh, chfn, gpasswd, chage, expiry, mount and
/// umount were read on a Debian 12 host with `find / -perm /6000`. The other entries were
/// not checked there, because their packages were not installed.
inline constexpr PrivilegedProgram kPrivilegedPrograms[] = {
    {"sudo", "setuid root", true},
    {"sudoedit", "setuid root", true},
    {"su", "setuid root", true},
    {"doas", "setuid root", true},
    {"pkexec", "setuid root", true},
    {"ksu", "setuid root", true},
    {"newgrp", "setuid root", true},
    {"sg", "setuid root", true},
    {"passwd", "setuid root", false},
    {"chsh", "setuid root", false},
    {"chfn", "setuid root", false},
    {"gpasswd", "setuid root", false},
    {"chage", "setgid shadow", false},
    {"expiry", "setgid shadow", false},
    {"mount", "setuid root", false},
    {"umount", "setuid root", false},
    {"fusermount", "setuid root", false},
    {"fusermount3", "setuid root", false},
    {"newuidmap", "setuid root", false},
    {"newgidmap", "setuid root", false},
    {"ping", "file capability cap_net_raw", false},
    {"ping4", "file capability cap_net_raw", false},
    {"ping6", "file capability cap_net_raw", false},
    {"arping", "file capability cap_net_raw", false},
    {"crontab", "setgid crontab", false},
};

/// One place where the service starts a program that must gain privileges.
struct PrivilegeUse {
    std::string subject;    ///< e.g. "'sudo' in ExecStart= at web.service:7"
    std::string mechanism;  ///< e.g. "'sudo' is setuid root"
    Location location;      ///< the Exec*= line, or the sudoers rule
    bool calls_setgroups = false;
};

/// Finds the privileged programs the unit starts: the executables and `sh -c` scripts of
/// sandboxed Exec*= commands, matched by name against kPrivilegedPrograms or by the setuid
/// bit, setgid bit or security.capability attribute of the file inside the unit's root,
/// and sudo when sudoers rules in the root name the service's user or one of its groups.
/// With `include_scripts` false, the programs of `sh -c` scripts are left out.
std::vector<PrivilegeUse> find_privilege_uses(const RuleContext& context,
                                              bool include_scripts = true);

/// Describes how `program` (a name or a path) gains privileges when it runs, e.g.
/// "'sudo' is setuid root", or returns nothing for an ordinary program.
std::optional<std::string> privilege_mechanism(const RuleContext& context,
                                               const linter::RootFs& root,
                                               std::string_view program);

/// Why the kernel's no_new_privs flag is set for a service: an explicit
/// NoNewPrivileges=yes, or a setting that makes systemd set it.
struct FlagSource {
    const linter::AppliedAssignment* assignment = nullptr;
    std::string cause;               ///< e.g. "NoNewPrivileges=yes is set at app.service:5"
    std::vector<std::string> notes;  ///< why systemd implies it, and the other causes
};

/// Returns where the flag comes from, or nothing when systemd does not set it.
std::optional<FlagSource> no_new_privileges_source(const RuleContext& context);

}  // namespace unitguard::rules::breakage
