// SPDX-License-Identifier: MIT
// UG110 exec-path-relative: an Exec*= program given as a relative path, which systemd rejects.
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/exec_command_line.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kExecPathRelative;

namespace {

void check_exec_path_relative(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_exec_command(
        context.unit.effective.settings, context.unit.loaded.name.type, context.target_version,
        [&](const linter::Setting& setting, const linter::AppliedAssignment& applied,
            const ExecCommandWord& command) {
            if (exec_path_error(command) != ExecPathError::NotAbsolute) return;
            // Absolute paths fail this check only by their length (UG113), and variables
            // get their own rule (UG111).
            if (command.executable.starts_with('/')) return;
            if (has_variable_reference(command.executable)) return;
            findings.push_back(make_rule_finding(
                kExecPathRelative, context,
                fmt::format("'{}' in {}= is neither an absolute path nor a plain program name, "
                            "so {}",
                            command.executable, setting.name, rejection_consequence(command)),
                value_place(context, applied, command.offset, command.length)));
        });
}

}  // namespace

extern const Rule kExecPathRelative = {
    .id = "UG110",
    .name = "exec-path-relative",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "an Exec*= program given as a relative path such as './app' or 'bin/app'",
    .rationale =
        "The program of a command line must be an absolute path or a plain file name "
        "that systemd looks up in its search path. A relative path with a '/' (also "
        "'~/bin/app', since no shell expands '~') is rejected while the unit is read: "
        "systemd refuses to load the unit, or with the '-' prefix ignores the rest of "
        "the line. There is no working directory to resolve it against at that time.",
    .bad_example = "[Service]\nWorkingDirectory=/opt/app\nExecStart=./bin/server\n",
    .good_example = "[Service]\nWorkingDirectory=/opt/app\nExecStart=/opt/app/bin/server\n",
    .fix_hint = "write the program as an absolute path",
    .references = "systemd.service(5) Command lines, ExecStart=",
    .limitations =
        "Specifiers are expanded with the values of the machine unitguard runs on "
        "(or the --root tree), which may differ from the target host.",
    .added_in = "0.1.0",
    .check = check_exec_path_relative,
};

}  // namespace unitguard::rules
