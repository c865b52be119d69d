// SPDX-License-Identifier: MIT
// The settings that decide whether systemd accepts a service's start commands.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "linter/settings.hpp"
#include "linter/unit_file.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {

/// One ExecStart= command that systemd keeps, with the assignment that contains it.
struct StartCommand {
    const linter::AppliedAssignment* assignment = nullptr;
    std::size_t offset = 0;  ///< byte offset of the command in the expanded value
    std::size_t length = 0;  ///< bytes of the command's first word
};

/// Settings that systemd 252's service_verify() checks before it accepts a service.
struct ServiceStart {
    std::string type;           ///< effective Type=, e.g. "simple"
    bool type_implied = false;  ///< Type= is unset, so systemd picked `type` itself
    bool bus_name = false;      ///< BusName= is set (it makes an unset Type= mean dbus)
    std::vector<StartCommand> start_commands;  ///< ExecStart= commands, in order
    std::size_t stop_commands = 0;             ///< ExecStop= commands
    bool success_action = false;     ///< SuccessAction= is set to something other than none
    bool remain_after_exit = false;  ///< RemainAfterExit=yes
    /// An ExecStart= or ExecStop= line already makes the unit fail to load (another rule
    /// reports why), so systemd never gets to check the start commands.
    bool rejected = false;
};

/// Collects the start settings of a service from its effective settings. Commands with an
/// invalid program do not count: behind a `-` prefix systemd drops them, and without it
/// the unit fails to load, which `rejected` records.
ServiceStart describe_service_start(const linter::Settings& settings, int target_version);

/// Returns the place to report a missing setting of a service: the first [Service] header
/// of the fragment, else of any drop-in, else the fragment's first line.
Location service_header_place(const RuleContext& context);

/// Returns "Type=simple" or, when Type= is unset, "Type=simple (the default)".
std::string describe_type(const ServiceStart& start);

/// Returns the first of the start-command checks of systemd 252's service_verify() that the
/// service fails, or "" when it passes them. In systemd's order, the service needs a start
/// command, a stop command or SuccessAction=. Unless it is oneshot, it needs an ExecStart=
/// command. Without ExecStart=, it needs RemainAfterExit=yes or SuccessAction=.
std::string missing_start_command(const ServiceStart& start);

/// Returns the first check of systemd 252's service_verify() that the service fails, as a
/// reason such as "Type=dbus needs BusName=", or "" when it passes them all: those of
/// missing_start_command(), then one ExecStart= command unless Type=oneshot, no
/// Restart=always or on-success and no ExitType=cgroup with Type=oneshot, BusName= with
/// Type=dbus, and KillMode=control-group or mixed with PAMName=. UG109 and UG120-UG122
/// report the later checks at their lines.
std::string failed_service_check(const linter::Settings& settings, const ServiceStart& start);

}  // namespace unitguard::rules
