// SPDX-License-Identifier: MIT
// UG111 exec-path-variable: an environment variable in the program path of an Exec*= line,
// which systemd never expands.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/exec_command_line.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kExecPathVariable;

namespace {

std::string consequence(const ExecCommandWord& command) {
    if (exec_path_error(command) == ExecPathError::NotAbsolute) {
        return fmt::format("the path is not absolute, so {}", rejection_consequence(command));
    }
    if (is_bare_executable_name(command.executable)) {
        return fmt::format(
            "it looks for a program literally named '{}', so the command fails "
            "when it runs",
            command.executable);
    }
    return "it looks for that literal path, so the command fails when it runs";
}

void check_exec_path_variable(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_exec_command(
        context.unit.effective.settings, context.unit.loaded.name.type, context.target_version,
        [&](const linter::Setting& setting, const linter::AppliedAssignment& applied,
            const ExecCommandWord& command) {
            if (command.via_shell || !has_variable_reference(command.executable)) return;
            ExecPathError error = exec_path_error(command);
            if (error != ExecPathError::None && error != ExecPathError::NotAbsolute) return;
            findings.push_back(make_rule_finding(
                kExecPathVariable, context,
                fmt::format("systemd does not expand variables in the program path '{}' of "
                            "{}=; {}",
                            command.executable, setting.name, consequence(command)),
                value_place(context, applied, command.offset, command.length)));
        });
}

}  // namespace

extern const Rule kExecPathVariable = {
    .id = "UG111",
    .name = "exec-path-variable",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "an environment variable such as '$BIN' in the program path of an Exec*= line",
    .rationale =
        "systemd substitutes $VAR and ${VAR} in the arguments of a command but never "
        "in the program itself. '$HOME/bin/app' is a relative path, which makes the "
        "unit fail to load; '$BIN' is taken as a program name and the command fails "
        "every time it runs.",
    .bad_example = "[Service]\nEnvironment=BIN=/opt/app/bin/server\nExecStart=$BIN --port 80\n",
    .good_example = "[Service]\nExecStart=/opt/app/bin/server --port 80\n",
    .fix_hint =
        "write the program as an absolute path, or run it through "
        "'/bin/sh -c \"exec $BIN ...\"'",
    .references = "systemd.service(5) Command lines",
    .limitations =
        "A program whose file name really contains '$' followed by a letter is "
        "reported too.",
    .added_in = "0.1.0",
    .check = check_exec_path_variable,
};

}  // namespace unitguard::rules
