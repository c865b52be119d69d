// SPDX-License-Identifier: MIT
// UG201 sandboxing-skipped-in-user-unit: a sandboxing option in a user unit that an
// unprivileged user manager skips, or that makes the service fail to start.
#include <fmt/format.h>

#include <algorithm>

#include "linter/workspace.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/kernel_names.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kSandboxingSkippedInUserUnit = {
    .id = "UG201",
    .name = "sandboxing-skipped-in-user-unit",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary =
        "a sandboxing option in a user unit that an unprivileged user manager cannot "
        "apply",
    .rationale =
        "A user manager runs as an ordinary user, and creating mount, network, IPC or UTS "
        "namespaces or shrinking the capability bounding set needs privileges it does not "
        "have. Before systemd 254 it gets them only inside a user namespace, which "
        "PrivateUsers=yes creates. Without it, systemd silently runs the service without "
        "ProtectSystem=, ProtectHome=, PrivateTmp=, ReadOnlyPaths= and the other options that "
        "need a mount namespace, logs a warning and skips PrivateNetwork=, PrivateIPC= and "
        "the UTS namespace of ProtectHostname=, and fails the service with status "
        "218/CAPABILITIES for the options that remove capabilities (PrivateDevices=, "
        "ProtectKernelModules=, ProtectKernelLogs=, ProtectClock=, CapabilityBoundingSet=, "
        "AmbientCapabilities=) and with status 226/NAMESPACE for BindPaths=, "
        "BindReadOnlyPaths=, TemporaryFileSystem= and RootDirectory=. ProtectProc= and "
        "ProcSubset= have no effect in user units even with PrivateUsers=yes. systemd 254 "
        "and later turn on PrivateUsers= by themselves when a user unit uses such options.",
    .bad_example =
        "[Service]\nExecStart=/usr/bin/syncthing\nProtectSystem=strict\n"
        "PrivateTmp=yes\n",
    .good_example =
        "[Service]\nExecStart=/usr/bin/syncthing\nPrivateUsers=yes\n"
        "ProtectSystem=strict\nPrivateTmp=yes\n",
    .fix_hint = "add PrivateUsers=yes to the user unit, or drop the options it cannot apply",
    .references =
        "systemd.exec(5) PrivateUsers=, SANDBOXING and CAPABILITIES sections; "
        "systemd 254 NEWS",
    .limitations =
        "The checks follow systemd 252 and run only for --user and a target release older "
        "than 254, except those for ProtectProc= and ProcSubset=, which run for every "
        "release. A user manager that runs as root applies every option. PrivateUsers=yes "
        "itself needs unprivileged user namespaces (kernel.unprivileged_userns_clone on "
        "Debian kernels). That StateDirectory= and the other directory options turn a "
        "skipped mount namespace into status 226/NAMESPACE was read from systemd 252's "
        "source (every such directory is a bind mount there), not observed.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// First release whose user manager turns on PrivateUsers= for sandboxing options by itself.
constexpr int kImplicitPrivateUsersSince = 254;

// Effect of an option under an unprivileged systemd 252 user manager.
enum class Effect {
    SkippedMount,     ///< needs a mount namespace, skipped with only a debug message
    SkippedWarning,   ///< needs a network or IPC namespace, skipped with a warning
    HostnameOnly,     ///< the UTS namespace is skipped with a warning, the seccomp part stays
    FailsCapability,  ///< changes the bounding or ambient set: status 218/CAPABILITIES
    FailsNamespace,   ///< needs a mount namespace systemd never skips: status 226/NAMESPACE
    NeverApplied,     ///< needs a private /proc that no user manager can mount
};

struct UserManagerOption {
    std::string_view name;
    Effect effect;
    std::string_view action;  ///< what the manager cannot do, after "cannot"
};

// Options that systemd.exec(5) of v252 makes available to system services only (or to user
// units with PrivateUsers=), with what systemd 252 does when the namespace or capability
// change fails.
constexpr UserManagerOption kOptions[] = {
    {"ProtectSystem", Effect::SkippedMount, "create the mount namespace it needs"},
    {"ProtectHome", Effect::SkippedMount, "create the mount namespace it needs"},
    {"PrivateTmp", Effect::SkippedMount, "create the mount namespace it needs"},
    {"PrivateMounts", Effect::SkippedMount, "create the mount namespace it needs"},
    {"ReadWritePaths", Effect::SkippedMount, "create the mount namespace it needs"},
    {"ReadOnlyPaths", Effect::SkippedMount, "create the mount namespace it needs"},
    {"InaccessiblePaths", Effect::SkippedMount, "create the mount namespace it needs"},
    {"ExecPaths", Effect::SkippedMount, "create the mount namespace it needs"},
    {"NoExecPaths", Effect::SkippedMount, "create the mount namespace it needs"},
    {"ProtectKernelTunables", Effect::SkippedMount, "create the mount namespace it needs"},
    {"ProtectControlGroups", Effect::SkippedMount, "create the mount namespace it needs"},
    {"PrivateNetwork", Effect::SkippedWarning, "create a network namespace"},
    {"PrivateIPC", Effect::SkippedWarning, "create an IPC namespace"},
    {"ProtectHostname", Effect::HostnameOnly, "create a UTS namespace"},
    {"PrivateDevices", Effect::FailsCapability,
     "remove cap_mknod and cap_sys_rawio from the capability bounding set"},
    {"ProtectKernelModules", Effect::FailsCapability,
     "remove cap_sys_module from the capability bounding set"},
    {"ProtectKernelLogs", Effect::FailsCapability,
     "remove cap_syslog from the capability bounding set"},
    {"ProtectClock", Effect::FailsCapability,
     "remove cap_sys_time and cap_wake_alarm from the capability bounding set"},
    {"CapabilityBoundingSet", Effect::FailsCapability, "shrink the capability bounding set"},
    {"AmbientCapabilities", Effect::FailsCapability, "raise ambient capabilities"},
    {"BindPaths", Effect::FailsNamespace, "create the mount namespace it needs"},
    {"BindReadOnlyPaths", Effect::FailsNamespace, "create the mount namespace it needs"},
    {"TemporaryFileSystem", Effect::FailsNamespace, "create the mount namespace it needs"},
    {"RootDirectory", Effect::FailsNamespace, "create the mount namespace it needs"},
    {"ProtectProc", Effect::NeverApplied, "mount the private /proc it needs"},
    {"ProcSubset", Effect::NeverApplied, "mount the private /proc it needs"},
};

// Settings that make systemd 252 refuse to run without the mount namespace instead of
// skipping it: each adds a bind mount, a tmpfs or a new root.
constexpr std::string_view kMountInsisting[] = {
    "BindPaths",     "BindReadOnlyPaths", "TemporaryFileSystem",   "RootDirectory",
    "RootImage",     "DynamicUser",       "StateDirectory",        "CacheDirectory",
    "LogsDirectory", "RuntimeDirectory",  "ConfigurationDirectory"};

linter::CapabilityMask all_capabilities() {
    int count = capability_count();
    return count >= 64 ? ~linter::CapabilityMask{0} : (linter::CapabilityMask{1} << count) - 1;
}

// Returns the assignment that turns the option on, or nullptr when it is off.
const linter::AppliedAssignment* enabling_assignment(const linter::Settings& settings,
                                                     const UserManagerOption& option) {
    const linter::Setting* setting = settings.find(option.name);
    if (setting == nullptr) return nullptr;
    if (option.name == "CapabilityBoundingSet") {
        // An empty assignment empties the set, so it counts although it is not live.
        if (!settings.capability_bounding_set_configured ||
            settings.capability_bounding_set == all_capabilities()) {
            return nullptr;
        }
        for (auto it = setting->history.rbegin(); it != setting->history.rend(); ++it) {
            if (it->ignored.empty()) return &*it;
        }
        return nullptr;
    }
    const linter::AppliedAssignment* last = setting->last_live();
    if (last == nullptr || last->value.empty()) return nullptr;
    std::string_view value = last->value;
    if (option.name == "ProtectProc") return value == "default" ? nullptr : last;
    if (option.name == "ProcSubset") return value == "pid" ? last : nullptr;
    if (option.name == "AmbientCapabilities") {
        return settings.ambient_capabilities != 0 ? last : nullptr;
    }
    // Booleans, and enums such as ProtectSystem= whose "no" turns them off. Other words
    // ("strict", "read-only") and path lists turn them on.
    return linter::parse_boolean(value) == std::optional<bool>(false) ? nullptr : last;
}

std::string message_for(const UserManagerOption& option, std::string_view value) {
    std::string setting = fmt::format("'{}={}'", option.name, value);
    switch (option.effect) {
        case Effect::SkippedMount:
            return fmt::format(
                "{} has no effect in this user unit: without PrivateUsers=yes an "
                "unprivileged user manager cannot {} and runs the service "
                "without it",
                setting, option.action);
        case Effect::SkippedWarning:
            return fmt::format(
                "{} has no effect in this user unit: without PrivateUsers=yes an "
                "unprivileged user manager cannot {}, logs a warning and runs "
                "the service without it",
                setting, option.action);
        case Effect::HostnameOnly:
            return fmt::format(
                "{} only blocks hostname changes in this user unit: without "
                "PrivateUsers=yes an unprivileged user manager cannot {} and "
                "logs a warning",
                setting, option.action);
        case Effect::FailsCapability:
            return fmt::format(
                "{} makes this user unit fail with status 218/CAPABILITIES: "
                "without PrivateUsers=yes an unprivileged user manager cannot {}",
                setting, option.action);
        case Effect::FailsNamespace:
            return fmt::format(
                "{} makes this user unit fail with status 226/NAMESPACE: "
                "without PrivateUsers=yes an unprivileged user manager cannot {}",
                setting, option.action);
        case Effect::NeverApplied:
            return fmt::format(
                "{} has no effect in a user unit: a user manager cannot {}, "
                "with or without PrivateUsers=yes",
                setting, option.action);
    }
    return setting;
}

// Names the first setting that makes a skipped mount namespace fatal, if any.
std::optional<std::string> mount_insisting_note(const RuleContext& context) {
    const linter::Settings& settings = context.unit.effective.settings;
    for (std::string_view name : kMountInsisting) {
        const linter::Setting* setting = settings.find(name);
        const linter::AppliedAssignment* last = setting ? setting->last_live() : nullptr;
        if (last == nullptr || last->value.empty()) continue;
        if (name == "DynamicUser" && !linter::parse_boolean(last->value).value_or(false)) {
            continue;
        }
        return fmt::format(
            "with {}= at {} systemd 252 does not skip the mount namespace but "
            "fails the service with status 226/NAMESPACE",
            name, breakage::place_of(context, *last));
    }
    return std::nullopt;
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    if (!context.user_scope) return;
    const linter::Settings& settings = context.unit.effective.settings;
    bool namespaces_possible =
        settings.is_true("PrivateUsers") || context.target_version >= kImplicitPrivateUsersSince;
    std::optional<std::string> insisting = mount_insisting_note(context);

    for (const UserManagerOption& option : kOptions) {
        if (namespaces_possible && option.effect != Effect::NeverApplied) continue;
        const linter::AppliedAssignment* assignment = enabling_assignment(settings, option);
        if (assignment == nullptr) continue;
        Diagnostic finding = make_rule_finding(kSandboxingSkippedInUserUnit, context,
                                               message_for(option, assignment->value),
                                               breakage::location_of(context, *assignment));
        if (option.effect == Effect::SkippedMount && insisting) finding.notes.push_back(*insisting);
        if (option.effect == Effect::NeverApplied) {
            finding.help = fmt::format(
                "drop {}= from the user unit; only system services can "
                "use it",
                option.name);
        }
        findings.push_back(std::move(finding));
    }
}

}  // namespace
}  // namespace unitguard::rules
