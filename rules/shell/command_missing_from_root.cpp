// SPDX-License-Identifier: MIT
// UG306 command-missing-from-root: an Exec*= line, or its `sh -c` script, runs a program
// that the image given with --root does not contain.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <set>

#include "linter/workspace.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"
#include "rules/shell/command_model.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kCommandMissingFromRoot = {
    .id = "UG306",
    .name = "command-missing-from-root",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "an Exec*= line runs a program that the --root image does not contain",
    .rationale =
        "When an image or container root is checked, a program its units run but that it "
        "does not ship fails at start with status 203/EXEC (for the Exec*= program) or "
        "127 (\"not found\", for a command of a shell script). This happens after a "
        "package split or rename, or when a script calls a tool that only the build host has.",
    .bad_example =
        "[Service]\nExecStartPre=/bin/sh -c 'jq . /etc/app/config.json > /run/app.json'\n"
        "ExecStart=/usr/bin/app\n",
    .good_example =
        "[Service]\nExecStartPre=/usr/bin/app --check-config\nExecStart=/usr/bin/app\n",
    .fix_hint = "install the program in the image, or change the command to one the image has",
    .references = "systemd.service(5) ExecStart=, \"Command lines\"",
    .limitations =
        "Checked only with --root, when the root has a /usr/bin directory (an image, not a "
        "folder of unit files). Names without a '/' are looked up in /usr/local/sbin, "
        "/usr/local/bin, /usr/sbin, /usr/bin, /sbin and /bin, not in a PATH the unit sets. "
        "Shell builtins, functions the script defines and names built at run time are "
        "skipped.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// Builtins and special utilities of bash and POSIX sh: running them needs no file.
constexpr std::string_view kBuiltins[] = {
    ":",        ".",        "[",       "alias",    "bg",      "bind",     "break",
    "builtin",  "caller",   "cd",      "command",  "compgen", "complete", "compopt",
    "continue", "declare",  "dirs",    "disown",   "echo",    "enable",   "eval",
    "exec",     "exit",     "export",  "false",    "fc",      "fg",       "getopts",
    "hash",     "help",     "history", "jobs",     "kill",    "let",      "local",
    "logout",   "mapfile",  "popd",    "printf",   "pushd",   "pwd",      "read",
    "readarray", "readonly", "return", "set",      "shift",   "shopt",    "source",
    "suspend",  "test",     "times",   "trap",     "true",    "type",     "typeset",
    "ulimit",   "umask",    "unalias", "unset",    "wait",
};

bool is_builtin(std::string_view name) {
    return std::find(std::begin(kBuiltins), std::end(kBuiltins), name) != std::end(kBuiltins);
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const std::string& root_name = context.workspace.root_display();
    if (root_name.empty()) return;
    const linter::RootFs& root = breakage::unit_root(context);
    Expected<linter::ResolvedPath> bin = root.resolve("/usr/bin");
    if (!bin || bin->type != linter::FileType::Directory) return;

    std::set<std::pair<const linter::AppliedAssignment*, std::size_t>> reported;
    for (const shell::CommandLine& line : shell::command_lines(context)) {
        for (const shell::Command& command : line.commands) {
            std::size_t program = shell::program_index(command, /*through_privilege=*/true);
            if (program >= command.words.size()) continue;
            const shell::CommandWord& word = command.words[program];
            const std::string& name = word.text;
            if (name.empty() || name.find_first_of("$`*?[") != std::string::npos) continue;
            if (command.in_script) {
                if (is_builtin(name)) continue;
                if (std::find(line.functions.begin(), line.functions.end(), name) !=
                    line.functions.end()) {
                    continue;
                }
            }
            // A relative path depends on the working directory at run time.
            if (name.front() != '/' && name.find('/') != std::string::npos) continue;
            if (breakage::find_program(root, name)) continue;
            if (!reported.emplace(line.assignment, word.offset).second) continue;

            std::string reason = name.front() == '/'
                                   ? fmt::format("'{}' does not exist in '{}'", name, root_name)
                                   : fmt::format("'{}' is in none of the search directories "
                                                 "of '{}'",
                                                 name, root_name);
            Diagnostic finding = make_rule_finding(
                kCommandMissingFromRoot, context,
                fmt::format("{}{}= runs a missing program: {}",
                            command.in_script ? "the script of " : "", line.directive, reason),
                shell::location_in_unit(context, line, word.offset));
            finding.directive = line.directive;
            finding.value = name;
            findings.push_back(std::move(finding));
        }
    }
}

}  // namespace
}  // namespace unitguard::rules
