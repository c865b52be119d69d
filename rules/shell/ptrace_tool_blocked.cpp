// SPDX-License-Identifier: MIT
// UG305 ptrace-tool-blocked: an Exec*= line runs gdb, strace or another tracer, while the
// unit's system call filter denies ptrace().
#include <fmt/format.h>

#include <array>
#include <set>

#include "rules/breakage/unit_inspection.hpp"
#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/shell/command_model.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kPtraceToolBlocked = {
    .id = "UG305",
    .name = "ptrace-tool-blocked",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "an Exec*= line runs a ptrace-based tool while SystemCallFilter= denies ptrace",
    .rationale =
        "gdb, strace, ltrace and similar tools work through the ptrace() system call. "
        "SystemCallFilter=@system-service, `~@debug` or any allow list without ptrace makes "
        "that call fail (EPERM) or kills the process, so a debugging wrapper in ExecStart= or "
        "a diagnostic step in ExecStopPost= stops working once the filter is added.",
    .bad_example =
        "[Service]\nSystemCallFilter=@system-service\n"
        "ExecStart=/usr/bin/strace -f -o /var/log/app.trace /usr/bin/app\n",
    .good_example = "[Service]\nSystemCallFilter=@system-service\nExecStart=/usr/bin/app\n",
    .fix_hint =
        "run the tool outside the service (for example `strace -p` from a shell), or add "
        "`SystemCallFilter=ptrace` in a drop-in while debugging",
    .references = "systemd.exec(5) SystemCallFilter=, ptrace(2)",
    .limitations =
        "Tools are found by name: gdb, gdbserver, gcore, strace, ltrace, pstack and eu-stack. "
        "Whether ptrace is denied follows the effective filter of the target release's "
        "groups; commands with the '+' prefix are not filtered and not reported.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

constexpr std::array<std::string_view, 7> kTracers = {"gdb",    "gdbserver", "gcore",  "strace",
                                                      "ltrace", "pstack",    "eu-stack"};

// The filter line that denies ptrace: the one that removed it from an allow list or added
// it to a deny list, else the last live filter line.
const linter::AppliedAssignment* deciding_line(const linter::Settings& settings) {
    const linter::Setting* setting = settings.find("SystemCallFilter");
    if (setting == nullptr) return nullptr;
    const linter::SyscallSet& filter = settings.system_call_filter;
    auto decided = filter.decided_by.find("ptrace");
    if (decided != filter.decided_by.end() && decided->second < setting->history.size()) {
        return &setting->history[decided->second];
    }
    return setting->last_live();
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const linter::Settings& settings = context.unit.effective.settings;
    const linter::SyscallSet& filter = settings.system_call_filter;
    if (!filter.configured) return;
    bool listed = filter.syscalls.count("ptrace") != 0;
    if (filter.allow_list == listed) return;
    const linter::AppliedAssignment* line_of_filter = deciding_line(settings);
    if (line_of_filter == nullptr) return;

    std::set<std::pair<const linter::AppliedAssignment*, std::size_t>> reported;
    for (const shell::CommandLine& line : shell::command_lines(context)) {
        if (!line.sandboxed()) continue;
        for (const shell::Command& command : line.commands) {
            std::size_t program = shell::program_index(command, /*through_privilege=*/true);
            std::string_view name = shell::program_name(command, program);
            if (std::find(kTracers.begin(), kTracers.end(), name) == kTracers.end()) continue;
            const shell::CommandWord& word = command.words[program];
            if (!reported.emplace(line.assignment, word.offset).second) continue;
            Diagnostic finding = make_rule_finding(
                kPtraceToolBlocked, context,
                fmt::format("'{}' in {}{}= needs ptrace(), which SystemCallFilter= at {} denies",
                            name, command.in_script ? "the script of " : "", line.directive,
                            breakage::place_of(context, *line_of_filter)),
                shell::location_in_unit(context, line, word.offset));
            finding.directive = line.directive;
            finding.value = std::string(name);
            findings.push_back(std::move(finding));
        }
    }
}

}  // namespace
}  // namespace unitguard::rules
