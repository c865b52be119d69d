// SPDX-License-Identifier: MIT
// UG205 syscall-architectures-exclude-binary: SystemCallArchitectures= does not allow the
// system call ABI of a program the service runs, so the kernel kills it.
#include <fmt/format.h>

#include <algorithm>

#include "linter/workspace.hpp"
#include "rules/breakage/elf_header.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kSyscallArchitecturesExcludeBinary = {
    .id = "UG205",
    .name = "syscall-architectures-exclude-binary",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary =
        "SystemCallArchitectures= does not allow the architecture of a program the "
        "service runs",
    .rationale =
        "SystemCallArchitectures= installs a seccomp filter that admits system calls of the "
        "native ABI and of the listed architectures only; `native` is the architecture the "
        "service manager was built for. A program built for another ABI, such as a 32-bit "
        "i386 program on x86-64 with `SystemCallArchitectures=native`, starts (execve() "
        "itself is a native call), and the kernel kills it with SIGSYS on its first own "
        "system call: the service fails with status=31/SYS before it prints anything.",
    .bad_example =
        "[Service]\n# /opt/game/server is an i386 program\n"
        "ExecStart=/opt/game/server\nSystemCallArchitectures=native\n",
    .good_example =
        "[Service]\n# /opt/game/server is an i386 program\n"
        "ExecStart=/opt/game/server\nSystemCallArchitectures=native x86\n",
    .fix_hint =
        "add the program's architecture to SystemCallArchitectures= (for example "
        "'native x86' for an i386 program on x86-64)",
    .references = "systemd.exec(5) SystemCallArchitectures=, elf(5)",
    .limitations =
        "The ELF header of each Exec*= executable (and of the `#!` interpreter of a script) "
        "is read inside --root, or on this machine for unit files named by path; programs "
        "that are missing there are skipped. `native` is taken to be the architecture "
        "unitguard was built for, so checking units of another architecture gives wrong "
        "results. Programs that the service starts later are not seen.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// A program file and the system call ABI its ELF header names.
struct ProgramArchitecture {
    std::string description;   ///< e.g. "'/opt/game/server'" or "'/opt/tool' (via '/usr/bin/x')"
    std::string architecture;  ///< e.g. "x86"
};

std::optional<ProgramArchitecture> program_architecture(const linter::RootFs& root,
                                                        const RuleContext& context,
                                                        const std::string& program) {
    std::optional<breakage::ProgramFile> file = breakage::find_program(root, program);
    if (!file) return std::nullopt;
    std::optional<std::string> head =
        breakage::read_file_head(file->host_path, breakage::kProgramHeadSize);
    if (!head) return std::nullopt;
    if (auto architecture = breakage::elf_syscall_architecture(*head)) {
        return ProgramArchitecture{fmt::format("'{}'", program), *architecture};
    }
    // For a script the kernel runs the interpreter, so that is the program to check.
    std::vector<std::string> interpreter = breakage::shebang_words(*head);
    if (interpreter.empty()) return std::nullopt;
    std::optional<breakage::ProgramFile> interpreter_file =
        breakage::find_program(root, interpreter.front());
    if (!interpreter_file) return std::nullopt;
    head = breakage::read_file_head(interpreter_file->host_path, breakage::kProgramHeadSize);
    auto architecture = breakage::elf_syscall_architecture(head.value_or(""));
    if (!architecture) return std::nullopt;
    return ProgramArchitecture{
        fmt::format("'{}' (a script run by '{}')", program,
                    context.workspace.display_path(interpreter_file->inner_path)),
        *architecture};
}

// The architectures the filter admits: the native one always, each listed one, and x86-64
// together with x32 (systemd lets x32 programs make x86-64 calls).
std::vector<std::string> allowed_architectures(const std::vector<std::string_view>& listed) {
    std::vector<std::string> allowed{std::string(breakage::host_syscall_architecture())};
    for (std::string_view word : listed) {
        allowed.emplace_back(word == "native" ? breakage::host_syscall_architecture() : word);
        if (word == "x32") allowed.emplace_back("x86-64");
    }
    return allowed;
}

std::string describe_listed(const std::vector<std::string_view>& listed) {
    std::string text;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        if (i > 0) text += i + 1 == listed.size() ? " and " : ", ";
        text += fmt::format("'{}'", listed[i]);
        if (listed[i] == "native") {
            text += fmt::format(" ({})", breakage::host_syscall_architecture());
        }
    }
    return text;
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const linter::Setting* setting =
        context.unit.effective.settings.find("SystemCallArchitectures");
    if (setting == nullptr) return;
    std::vector<std::string_view> listed;
    for (std::string_view value : setting->live_values()) {
        for (std::string_view word : breakage::split_words(value)) listed.push_back(word);
    }
    const linter::AppliedAssignment* last = setting->last_live();
    if (listed.empty() || last == nullptr) return;
    std::vector<std::string> allowed = allowed_architectures(listed);
    const linter::RootFs& root = breakage::unit_root(context);

    std::vector<std::pair<std::string, const linter::AppliedAssignment*>> checked;
    for (const breakage::ExecLine& line : breakage::live_exec_commands(context)) {
        if (!breakage::runs_sandboxed(line.command)) continue;
        std::vector<std::string> words = breakage::command_words(line.command);
        std::vector<std::string> programs{words.front()};
        std::size_t launched = breakage::skip_launchers(words);
        if (launched > 0 && launched < words.size()) programs.push_back(words[launched]);

        for (const std::string& program : programs) {
            std::pair<std::string, const linter::AppliedAssignment*> key{program, line.assignment};
            if (std::find(checked.begin(), checked.end(), key) != checked.end()) continue;
            checked.push_back(key);
            auto found = program_architecture(root, context, program);
            if (!found ||
                std::find(allowed.begin(), allowed.end(), found->architecture) != allowed.end()) {
                continue;
            }
            findings.push_back(make_rule_finding(
                kSyscallArchitecturesExcludeBinary, context,
                fmt::format("SystemCallArchitectures= allows only {}, but {} in {}= at {} is "
                            "built for '{}'; the kernel kills it with SIGSYS (status=31/SYS) "
                            "on its first system call",
                            describe_listed(listed), found->description, line.directive,
                            breakage::place_of(context, *line.assignment), found->architecture),
                breakage::location_of(context, *last)));
        }
    }
}

}  // namespace
}  // namespace unitguard::rules
