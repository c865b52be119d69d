// SPDX-License-Identifier: MIT
// UG113 exec-path-malformed: an Exec*= command whose program is empty, a directory, contains
// quotes or control characters, or lacks the argv[0] that '@' announces.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/exec_command_line.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kExecPathMalformed;

namespace {

// Describes what is wrong with the program of `command`; "" when UG110 or UG111 covers it.
std::string problem(const ExecCommandWord& command, std::string_view directive) {
    switch (exec_path_error(command)) {
        case ExecPathError::Empty:
            return fmt::format("{}= has the {} '{}' but no program", directive,
                               command.prefixes.size() == 1 ? "prefix" : "prefixes",
                               command.prefixes);
        case ExecPathError::SpecialCharacters:
            return fmt::format(
                "the program '{}' of {}= contains quotes, backslashes or "
                "control characters",
                command.executable, directive);
        case ExecPathError::Directory:
            return fmt::format("the program '{}' of {}= ends with '/', which names a directory",
                               command.executable, directive);
        case ExecPathError::MissingArgv0:
            return fmt::format(
                "the '@' prefix in {}= announces an argv[0] word after '{}', "
                "but none follows",
                directive, command.executable);
        case ExecPathError::NotAbsolute:
            if (!command.executable.starts_with('/')) return {};
            return fmt::format(
                "the program path of {}= exceeds the length limits (4095 bytes, "
                "255 per component)",
                directive);
        case ExecPathError::None:
            return {};
    }
    return {};
}

void check_exec_path_malformed(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_exec_command(
        context.unit.effective.settings, context.unit.loaded.name.type, context.target_version,
        [&](const linter::Setting& setting, const linter::AppliedAssignment& applied,
            const ExecCommandWord& command) {
            std::string what = problem(command, setting.name);
            if (what.empty()) return;
            findings.push_back(
                make_rule_finding(kExecPathMalformed, context,
                                  fmt::format("{}, so {}", what, rejection_consequence(command)),
                                  value_place(context, applied, command.offset, command.length)));
        });
}

}  // namespace

extern const Rule kExecPathMalformed = {
    .id = "UG113",
    .name = "exec-path-malformed",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "an Exec*= command without a usable program word",
    .rationale =
        "systemd rejects a command line whose program is missing (only prefixes such "
        "as '-' or '@'), ends with '/', contains quotes, backslashes or control "
        "characters after unquoting, is too long, or whose '@' prefix is not followed "
        "by the argv[0] word. The unit then fails to load, or with the '-' prefix the "
        "rest of the line is ignored.",
    .bad_example = "[Service]\nExecStart=@/usr/bin/app\n",
    .good_example = "[Service]\nExecStart=@/usr/bin/app app-main --serve\n",
    .fix_hint =
        "give the program as an absolute path to a file, followed by argv[0] when the "
        "'@' prefix is used",
    .references = "systemd.service(5) Command lines",
    .limitations =
        "C escapes are decoded approximately (\\u escapes become one placeholder "
        "character), which only matters for the length check.",
    .added_in = "0.1.0",
    .check = check_exec_path_malformed,
};

}  // namespace unitguard::rules
