// SPDX-License-Identifier: MIT
// UG108 service-without-exec-start: a service that systemd refuses to load because it has no
// ExecStart= command and nothing that makes one optional.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/service_start.hpp"

namespace unitguard::rules {

extern const Rule kServiceWithoutExecStart;

namespace {

// Notes on ExecStart= lines that exist but do not count: reset, or ignored by systemd.
std::vector<std::string> dropped_commands(const RuleContext& context) {
    std::vector<std::string> notes;
    const linter::Setting* setting = context.unit.effective.settings.find("Service", "ExecStart");
    if (setting == nullptr) return notes;
    for (const linter::AppliedAssignment& applied : setting->history) {
        if (applied.live || applied.value.empty()) continue;
        std::string place =
            fmt::format("{}:{}", context.workspace.display_path(applied.path), applied.line);
        if (!applied.ignored.empty()) {
            notes.push_back(
                fmt::format("systemd ignores 'ExecStart=' at {}: {}", place, applied.ignored));
        } else if (applied.overridden_by != 0) {
            const linter::AppliedAssignment& reset = setting->history[applied.overridden_by - 1];
            notes.push_back(
                fmt::format("'ExecStart=' at {} is cleared by the empty assignment "
                            "at {}:{}",
                            place, context.workspace.display_path(reset.path), reset.line));
        }
    }
    return notes;
}

void check_service_without_exec_start(const RuleContext& context,
                                      std::vector<Diagnostic>& findings) {
    if (context.unit.loaded.name.type != "service") return;
    ServiceStart start =
        describe_service_start(context.unit.effective.settings, context.target_version);
    if (start.rejected) return;
    // systemd logs only the first check that fails.
    std::string missing = missing_start_command(start);
    if (missing.empty()) return;
    Diagnostic finding = make_rule_finding(kServiceWithoutExecStart, context,
                                           missing + ", so systemd refuses to load it",
                                           service_header_place(context));
    finding.notes = dropped_commands(context);
    findings.push_back(std::move(finding));
}

}  // namespace

extern const Rule kServiceWithoutExecStart = {
    .id = "UG108",
    .name = "service-without-exec-start",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a service without ExecStart= that systemd refuses to load",
    .rationale =
        "systemd refuses a service (load state 'bad-setting') that has no ExecStart=, "
        "ExecStop= or SuccessAction=; one that has no ExecStart= unless it is "
        "Type=oneshot; and a oneshot service without ExecStart= unless "
        "RemainAfterExit=yes or SuccessAction= is set. An unset Type= counts as "
        "oneshot when there is neither ExecStart= nor BusName=. The command is often "
        "there but in the wrong section, cleared by an empty 'ExecStart=' in a "
        "drop-in, or dropped because of an unknown specifier.",
    .bad_example =
        "[Unit]\nDescription=App\n\n[Service]\nType=notify\nExecStop=/usr/bin/app stop\n",
    .good_example =
        "[Unit]\nDescription=App\n\n[Service]\nType=notify\n"
        "ExecStart=/usr/bin/app\nExecStop=/usr/bin/app stop\n",
    .fix_hint = "add an ExecStart= line under [Service]",
    .references =
        "systemd.service(5) ExecStart=, Type=, RemainAfterExit=; systemd.unit(5) "
        "SuccessAction=",
    .limitations =
        "Only the settings in the unit files are considered; a BusName= or "
        "ExecStart= added at run time (transient units) is not seen.",
    .added_in = "0.1.0",
    .check = check_service_without_exec_start,
};

}  // namespace unitguard::rules
