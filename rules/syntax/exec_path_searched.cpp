// SPDX-License-Identifier: MIT
// UG112 exec-path-searched: an Exec*= program given by file name alone, which systemd looks
// up in its built-in search path.
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/exec_command_line.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kExecPathSearched;

namespace {

void check_exec_path_searched(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_exec_command(
        context.unit.effective.settings, context.unit.loaded.name.type, context.target_version,
        [&](const linter::Setting& setting, const linter::AppliedAssignment& applied,
            const ExecCommandWord& command) {
            if (exec_path_error(command) != ExecPathError::None) return;
            if (!is_bare_executable_name(command.executable)) return;
            if (has_variable_reference(command.executable)) return;
            findings.push_back(make_rule_finding(
                kExecPathSearched, context,
                fmt::format("'{}' in {}= is not an absolute path; systemd looks it up in its "
                            "built-in search path when the command runs",
                            command.executable, setting.name),
                value_place(context, applied, command.offset, command.length)));
        });
}

}  // namespace

extern const Rule kExecPathSearched = {
    .id = "UG112",
    .name = "exec-path-searched",
    .severity = Severity::Info,
    .enabled_by_default = true,
    .summary = "an Exec*= program given by file name alone, resolved through a search path",
    .rationale =
        "systemd resolves a plain program name when the command runs, in the "
        "directories of ExecSearchPath= when that is set, else in a search path fixed "
        "when systemd was built (the bin and sbin directories below /usr/local and "
        "/usr, plus /bin and /sbin on split-/usr builds), never in the service's PATH. "
        "Which file runs then depends on the host, and a program installed elsewhere "
        "is not found. An absolute path says exactly what runs.",
    .bad_example = "[Service]\nExecStart=python3 -m http.server\n",
    .good_example = "[Service]\nExecStart=/usr/bin/python3 -m http.server\n",
    .fix_hint = "write the program as an absolute path",
    .references = "systemd.service(5) Command lines",
    .limitations = "The rule does not check whether the program exists on the target host.",
    .added_in = "0.1.0",
    .check = check_exec_path_searched,
};

}  // namespace unitguard::rules
