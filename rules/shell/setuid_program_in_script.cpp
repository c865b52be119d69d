// SPDX-License-Identifier: MIT
// UG302 setuid-program-in-script: the `sh -c` script of an Exec*= line runs sudo, su or
// another program that must gain privileges, while no_new_privs is set for the service.
#include <fmt/format.h>

#include <set>

#include "linter/workspace.hpp"
#include "rules/breakage/privileged_programs.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"
#include "rules/shell/command_model.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kSetuidProgramInScript = {
    .id = "UG302",
    .name = "setuid-program-in-script",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "a shell script in an Exec*= line runs a setuid program while no_new_privs is set",
    .rationale =
        "Scripts such as `sh -c 'exec sudo -u app /usr/bin/app'` rely on sudo, su, doas or "
        "another setuid, setgid or file-capability program. Once no_new_privs is set, the "
        "kernel ignores those bits at execve(), so the program runs without privileges and "
        "fails (\"sudo: effective uid is not 0\"). systemd sets the flag for "
        "NoNewPrivileges=yes and, for a service that does not run as root, for many "
        "sandboxing settings (see UG202), so adding hardening can break such a script.",
    .bad_example =
        "[Service]\nUser=panel\nSystemCallFilter=@system-service\n"
        "ExecStart=/bin/sh -c 'exec sudo /usr/bin/systemctl restart game.service'\n",
    .good_example =
        "[Service]\nUser=panel\nSystemCallFilter=@system-service\n"
        "ExecStart=+/usr/bin/systemctl restart game.service\n",
    .fix_hint =
        "run the privileged step in its own unit or with the '+' prefix, or drop the setting "
        "that sets no_new_privs",
    .references = "systemd.exec(5) NoNewPrivileges=, prctl(2) PR_SET_NO_NEW_PRIVS",
    .limitations =
        "Programs are found by name (the list UG202 uses) or by the setuid bit, setgid bit "
        "or file capabilities of the file inside --root. Program names built at run time "
        "and scripts in separate files are not seen.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    if (context.unit.effective.settings.runs_as_root() && !context.user_scope) return;
    std::optional<breakage::FlagSource> source = breakage::no_new_privileges_source(context);
    if (!source) return;
    const std::vector<shell::CommandLine>& lines = shell::command_lines(context);
    const linter::RootFs& root = breakage::unit_root(context);
    std::set<std::pair<const linter::AppliedAssignment*, std::size_t>> reported;

    for (const shell::CommandLine& line : lines) {
        // `+` lifts no_new_privs; `!` skips the user switch, so the script runs as root.
        const linter::ExecPrefixes& prefixes = line.exec.prefixes;
        if (!line.script || !line.sandboxed() || (prefixes.no_setuid && !prefixes.ambient)) {
            continue;
        }
        for (const shell::Command& command : line.commands) {
            if (!command.in_script) continue;
            std::size_t program = shell::program_index(command, /*through_privilege=*/false);
            if (program >= command.words.size()) continue;
            const shell::CommandWord& word = command.words[program];
            std::optional<std::string> mechanism =
                breakage::privilege_mechanism(context, root, word.text);
            if (!mechanism) continue;
            if (!reported.emplace(line.assignment, word.offset).second) continue;
            Diagnostic finding = make_rule_finding(
                kSetuidProgramInScript, context,
                fmt::format("'{}' in the script of {}= cannot gain privileges: {}", word.text,
                            line.directive, source->cause),
                shell::location_in_unit(context, line, word.offset));
            finding.notes.push_back(fmt::format("{}, and the kernel ignores that at execve() "
                                                "once no_new_privs is set",
                                                *mechanism));
            for (const std::string& note : source->notes) finding.notes.push_back(note);
            finding.directive = line.directive;
            finding.value = word.text;
            findings.push_back(std::move(finding));
        }
    }
}

}  // namespace
}  // namespace unitguard::rules
