// SPDX-License-Identifier: MIT
// UG109 multiple-exec-start: more than one ExecStart= command in a service that is not
// Type=oneshot, which systemd refuses to load.
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/service_start.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kMultipleExecStart;

namespace {

void check_multiple_exec_start(const RuleContext& context, std::vector<Diagnostic>& findings) {
    if (context.unit.loaded.name.type != "service") return;
    ServiceStart start =
        describe_service_start(context.unit.effective.settings, context.target_version);
    if (start.rejected || start.type == "oneshot" || start.start_commands.size() < 2) return;

    const StartCommand& second = start.start_commands[1];
    Diagnostic finding = make_rule_finding(
        kMultipleExecStart, context,
        fmt::format("{} allows one ExecStart= command, but {} are set, so systemd refuses to "
                    "load the service",
                    describe_type(start), start.start_commands.size()),
        value_place(context, *second.assignment, second.offset, second.length));
    for (std::size_t i = 0; i < start.start_commands.size(); ++i) {
        const StartCommand& command = start.start_commands[i];
        Location place = value_place(context, *command.assignment, command.offset);
        finding.notes.push_back(
            fmt::format("command {} is at {}:{}:{}", i + 1, place.path, place.line, place.column));
    }
    findings.push_back(std::move(finding));
}

}  // namespace

extern const Rule kMultipleExecStart = {
    .id = "UG109",
    .name = "multiple-exec-start",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "several ExecStart= commands in a service that is not Type=oneshot",
    .rationale =
        "Only Type=oneshot services may run several start commands; for every other "
        "type systemd refuses to load the unit ('bad-setting'). The second command "
        "usually comes from a drop-in that meant to replace ExecStart= but did not "
        "clear it with an empty 'ExecStart=' line first, or from a lone ';' that "
        "splits one line into two commands.",
    .bad_example = "# app.service.d/override.conf\n[Service]\nExecStart=/usr/bin/app --debug\n",
    .good_example =
        "# app.service.d/override.conf\n[Service]\nExecStart=\n"
        "ExecStart=/usr/bin/app --debug\n",
    .fix_hint =
        "clear the list with an empty 'ExecStart=' line before the replacement, or use "
        "ExecStartPre=/ExecStartPost= for the extra commands",
    .references = "systemd.service(5) ExecStart=, Type=",
    .limitations =
        "An unset Type= is taken as simple when there is a start command, as "
        "systemd does; a Type= that the target release does not know is ignored "
        "like systemd ignores it.",
    .added_in = "0.1.0",
    .check = check_multiple_exec_start,
};

}  // namespace unitguard::rules
