// SPDX-License-Identifier: MIT
// UG202 no-new-privileges-blocks-setuid: no_new_privs set for a service that runs setuid,
// setgid or file-capability programs such as sudo.
#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/breakage/privileged_programs.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kNoNewPrivilegesBlocksSetuid = {
    .id = "UG202",
    .name = "no-new-privileges-blocks-setuid",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "no_new_privs is set for a service that runs setuid or file-capability programs",
    .rationale =
        "Once the no_new_privs flag is set, the kernel ignores the setuid and setgid bits and "
        "file capabilities at execve(), so sudo, su, mount, ping and similar programs run "
        "without the privileges they need and fail. systemd sets the flag for "
        "NoNewPrivileges=yes, and also, for a service that runs without CAP_SYS_ADMIN (any "
        "User= other than root), for DynamicUser=, LockPersonality=, MemoryDenyWriteExecute=, "
        "PrivateDevices=, ProtectClock=, ProtectHostname=, ProtectKernelLogs=, "
        "ProtectKernelModules=, ProtectKernelTunables=, RestrictAddressFamilies=, "
        "RestrictNamespaces=, RestrictRealtime=, RestrictSUIDSGID=, SystemCallArchitectures=, "
        "SystemCallFilter= and SystemCallLog=. `systemctl show` keeps printing "
        "NoNewPrivileges=no in that case, so a hardening drop-in can break the service "
        "without any visible change of that property.",
    .bad_example =
        "[Service]\nUser=panel\nExecStart=/usr/bin/sudo /usr/bin/systemctl restart "
        "game.service\nProtectKernelTunables=yes\n",
    .good_example =
        "[Service]\nUser=panel\nExecStart=/usr/bin/sudo /usr/bin/systemctl restart "
        "game.service\nProtectSystem=strict\nPrivateTmp=yes\n",
    .fix_hint =
        "drop the setting that sets no_new_privs, or replace the setuid program "
        "(for example with AmbientCapabilities= or a separate privileged unit)",
    .references = "systemd.exec(5) NoNewPrivileges=, prctl(2) PR_SET_NO_NEW_PRIVS, sudoers(5)",
    .limitations =
        "Programs are found by name (a fixed list of setuid, setgid and file-capability "
        "programs of Debian 12), by the mode and security.capability attribute of the file "
        "inside --root (or on this machine for unit files named by path), and through sudoers "
        "rules in the root that name the service's user or one of its groups. Programs in "
        "`sh -c` scripts are reported by UG302 at the word that runs them. Programs started "
        "by the service's own code or scripts in other files are not seen. ping falls back "
        "to ICMP datagram sockets when net.ipv4.ping_group_range admits the service's "
        "group, and then still works. User units are only checked for an explicit "
        "NoNewPrivileges=yes.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    // A service that runs as root needs no setuid program to act as root. User units run
    // as the unprivileged user of their manager, whatever User= contains.
    const linter::Settings& settings = context.unit.effective.settings;
    if (settings.runs_as_root() && !context.user_scope) return;

    std::optional<breakage::FlagSource> source = breakage::no_new_privileges_source(context);
    if (!source) return;
    std::vector<breakage::PrivilegeUse> uses = 
        breakage::find_privilege_uses(context, /*include_scripts=*/false);
    if (uses.empty()) return;

    Diagnostic finding = make_rule_finding(
        kNoNewPrivilegesBlocksSetuid, context,
        fmt::format("{}, so {} cannot gain privileges", source->cause, uses.front().subject),
        breakage::location_of(context, *source->assignment));
    finding.notes.push_back(
        fmt::format("{}, and the kernel ignores that at execve() once "
                    "no_new_privs is set",
                    uses.front().mechanism));
    for (std::string& note : source->notes) finding.notes.push_back(std::move(note));
    for (std::size_t i = 1; i < uses.size(); ++i) {
        finding.notes.push_back(fmt::format("{} cannot gain privileges either", uses[i].subject));
    }
    findings.push_back(std::move(finding));
}

}  // namespace
}  // namespace unitguard::rules
