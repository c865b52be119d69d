// SPDX-License-Identifier: MIT
// UG206 private-users-unmapped-identity: PrivateUsers=yes for a service that relies on
// groups or privilege changes the user namespace does not map.
#include <fmt/format.h>

#include <algorithm>

#include "linter/workspace.hpp"
#include "rules/breakage/privileged_programs.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kPrivateUsersUnmappedIdentity = {
    .id = "UG206",
    .name = "private-users-unmapped-identity",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary =
        "PrivateUsers=yes for a service that needs groups or privilege changes its user "
        "namespace does not map",
    .rationale =
        "With PrivateUsers=yes systemd runs the service in a user namespace that maps only "
        "root, the service's user and the service's group (a user manager leaves out root "
        "as well); every other user and group appears as 'nobody' (65534). systemd also "
        "writes 'deny' to /proc/self/setgroups of that namespace. So groups from "
        "SupplementaryGroups= show up as 'nobody' inside the service: their file access "
        "still works, but membership checks by group name or ID fail and files cannot be "
        "handed to them with chown(). sudo, su, newgrp and other programs that switch "
        "users call setgroups() and fail, and setuid and file-capability programs get no "
        "privileges over the host's resources.",
    .bad_example =
        "[Service]\nUser=backup\nSupplementaryGroups=disk\nPrivateUsers=yes\n"
        "ExecStart=/usr/bin/sudo /usr/sbin/backup-volumes\n",
    .good_example =
        "[Service]\nUser=backup\nSupplementaryGroups=disk\n"
        "ExecStart=/usr/sbin/backup-volumes\nProtectSystem=strict\n",
    .fix_hint =
        "drop PrivateUsers=yes for this service, or remove its dependence on other "
        "groups and on setuid programs",
    .references = "systemd.exec(5) PrivateUsers=, user_namespaces(7)",
    .limitations =
        "Only PrivateUsers=yes (and 'self', its later name) is checked; 'identity', 'full' "
        "and 'managed' (systemd 257 and later) map more IDs. Group membership from the "
        "user database (the groups of User= in /etc/group) is not checked, only "
        "SupplementaryGroups=. Programs are found as for UG202 (by name, file mode and "
        "sudoers rules in the root).",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// Returns the PrivateUsers= assignment when it maps only the service's own IDs.
const linter::AppliedAssignment* minimal_private_users(const linter::Settings& settings) {
    const linter::Setting* setting = settings.find("PrivateUsers");
    const linter::AppliedAssignment* last = setting ? setting->last_live() : nullptr;
    if (last == nullptr) return nullptr;
    bool minimal = linter::parse_boolean(last->value).value_or(false) || last->value == "self";
    return minimal ? last : nullptr;
}

void check_groups(const RuleContext& context, const linter::AppliedAssignment& private_users,
                  std::vector<Diagnostic>& findings) {
    // A user manager cannot set supplementary groups at all, with or without a namespace.
    if (context.user_scope) return;
    const linter::Settings& settings = context.unit.effective.settings;
    const linter::Setting* groups = settings.find("SupplementaryGroups");
    if (groups == nullptr) return;
    std::string own_group = settings.value("Group");
    if (own_group.empty()) own_group = settings.value("User");

    for (const linter::AppliedAssignment& assignment : groups->history) {
        if (!assignment.live) continue;
        for (std::string_view group : breakage::split_words(assignment.value)) {
            if (group == own_group) continue;
            std::size_t offset = static_cast<std::size_t>(group.data() - assignment.value.data());
            findings.push_back(make_rule_finding(
                kPrivateUsersUnmappedIdentity, context,
                fmt::format("group '{}' of SupplementaryGroups= is not mapped into the user "
                            "namespace of PrivateUsers={} at {}, so the service sees it as "
                            "'nobody' (65534) and cannot chown files to it",
                            group, private_users.value, breakage::place_of(context, private_users)),
                breakage::value_location(context, assignment, offset)));
        }
    }
}

void check_privilege_changes(const RuleContext& context,
                             const linter::AppliedAssignment& private_users,
                             std::vector<Diagnostic>& findings) {
    std::vector<breakage::PrivilegeUse> uses = breakage::find_privilege_uses(context);
    if (uses.empty()) return;
    std::stable_partition(uses.begin(), uses.end(),
                          [](const breakage::PrivilegeUse& use) { return use.calls_setgroups; });

    auto consequence = [&](const breakage::PrivilegeUse& use) {
        return use.calls_setgroups
                   ? fmt::format("{} calls setgroups(), which systemd denies in that namespace",
                                 use.subject)
                   : fmt::format("{} gets no privileges over the host inside that namespace",
                                 use.subject);
    };
    Diagnostic finding = make_rule_finding(
        kPrivateUsersUnmappedIdentity, context,
        fmt::format("PrivateUsers={} runs the service in its own user namespace, and {}",
                    private_users.value, consequence(uses.front())),
        breakage::location_of(context, private_users));
    finding.notes.push_back(
        uses.front().calls_setgroups
            ? std::string("systemd writes 'deny' to /proc/PID/setgroups of that namespace, so "
                          "setgroups() fails with EPERM there")
            : fmt::format("{}, which counts only inside that namespace", uses.front().mechanism));
    for (std::size_t i = 1; i < uses.size(); ++i) finding.notes.push_back(consequence(uses[i]));
    findings.push_back(std::move(finding));
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const linter::AppliedAssignment* private_users =
        minimal_private_users(context.unit.effective.settings);
    if (private_users == nullptr) return;
    check_groups(context, *private_users, findings);
    check_privilege_changes(context, *private_users, findings);
}

}  // namespace
}  // namespace unitguard::rules
