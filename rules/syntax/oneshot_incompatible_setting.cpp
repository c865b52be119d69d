// SPDX-License-Identifier: MIT
// UG120 oneshot-incompatible-setting: Restart=always, Restart=on-success or ExitType=cgroup in
// a Type=oneshot service, which systemd refuses to load.
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/service_start.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kOneshotIncompatibleSetting;

namespace {

// Reports the live value of [Service] `name` when it is one of `refused`.
void check_value(const RuleContext& context, const ServiceStart& start, std::string_view name,
                 std::initializer_list<std::string_view> refused,
                 std::vector<Diagnostic>& findings) {
    const linter::Setting* setting = context.unit.effective.settings.find("Service", name);
    if (setting == nullptr) return;
    const linter::AppliedAssignment* last = setting->last_live();
    if (last == nullptr) return;
    for (std::string_view value : refused) {
        if (last->value != value) continue;
        findings.push_back(make_rule_finding(
            kOneshotIncompatibleSetting, context,
            fmt::format("{}={} is not allowed with {}, so systemd refuses to load the service",
                        name, value, describe_type(start)),
            key_place(context, *last, name)));
    }
}

void check_oneshot_incompatible_setting(const RuleContext& context,
                                        std::vector<Diagnostic>& findings) {
    if (context.unit.loaded.name.type != "service") return;
    ServiceStart start =
        describe_service_start(context.unit.effective.settings, context.target_version);
    if (start.type != "oneshot") return;
    check_value(context, start, "Restart", {"always", "on-success"}, findings);
    check_value(context, start, "ExitType", {"cgroup"}, findings);
}

}  // namespace

extern const Rule kOneshotIncompatibleSetting = {
    .id = "UG120",
    .name = "oneshot-incompatible-setting",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "Restart=always, Restart=on-success or ExitType=cgroup in a oneshot service",
    .rationale =
        "A oneshot service is done when its commands exit, so restarting it after a clean exit "
        "or waiting for its whole control group makes no sense to systemd: it refuses to load "
        "such a unit ('bad-setting'). An unset Type= counts as oneshot when the service has "
        "neither ExecStart= nor BusName=.",
    .bad_example = "[Service]\nType=oneshot\nExecStart=/usr/bin/app sync\nRestart=always\n",
    .good_example = "[Service]\nType=oneshot\nExecStart=/usr/bin/app sync\nRestart=on-failure\n",
    .fix_hint =
        "use Restart=on-failure or Restart=no and ExitType=main, or another Type= for a "
        "long-running process",
    .references = "systemd.service(5) Type=, Restart=, ExitType=",
    .limitations =
        "Only the values in the unit files are checked; a value set at run time "
        "with 'systemctl set-property' is not seen.",
    .added_in = "0.1.0",
    .check = check_oneshot_incompatible_setting,
};

}  // namespace unitguard::rules
