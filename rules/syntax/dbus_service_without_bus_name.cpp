// SPDX-License-Identifier: MIT
// UG121 dbus-service-without-bus-name: Type=dbus without BusName=, which systemd refuses to
// load.
#include <vector>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/service_start.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kDbusServiceWithoutBusName;

namespace {

void check_dbus_service_without_bus_name(const RuleContext& context,
                                         std::vector<Diagnostic>& findings) {
    if (context.unit.loaded.name.type != "service") return;
    ServiceStart start =
        describe_service_start(context.unit.effective.settings, context.target_version);
    if (start.type != "dbus" || start.bus_name) return;
    const linter::Setting* type = context.unit.effective.settings.find("Service", "Type");
    const linter::AppliedAssignment* last = type == nullptr ? nullptr : type->last_live();
    if (last == nullptr) return;
    findings.push_back(make_rule_finding(
        kDbusServiceWithoutBusName, context,
        "Type=dbus needs BusName= to know when the service is ready, so systemd refuses to "
        "load the service",
        key_place(context, *last, "Type")));
}

}  // namespace

extern const Rule kDbusServiceWithoutBusName = {
    .id = "UG121",
    .name = "dbus-service-without-bus-name",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a Type=dbus service without BusName=",
    .rationale =
        "A Type=dbus service counts as started once it has taken the bus name given "
        "in BusName=. Without that name systemd cannot tell, and refuses to load the "
        "unit ('bad-setting').",
    .bad_example = "[Service]\nType=dbus\nExecStart=/usr/bin/app-daemon\n",
    .good_example =
        "[Service]\nType=dbus\nBusName=org.example.App\n"
        "ExecStart=/usr/bin/app-daemon\n",
    .fix_hint = "add BusName= with the well-known name the daemon takes, or use another Type=",
    .references = "systemd.service(5) Type=, BusName=",
    .limitations = "The bus name itself is not checked against the D-Bus name rules.",
    .added_in = "0.1.0",
    .check = check_dbus_service_without_bus_name,
};

}  // namespace unitguard::rules
