// SPDX-License-Identifier: MIT
// Fuzz target: shell analysis of Exec*= scripts. The input is a script, parsed with
// tree-sitter-bash into commands. Every command then goes through the readers that the
// UG301-UG306 rules use (program lookup, written paths, kernel parameters), and the tree
// through a fixed [[exec-rule]] query.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "rules/shell/command_effects.hpp"
#include "rules/shell/command_model.hpp"
#include "rules/shell/shell_query.hpp"

namespace {

using namespace unitguard::rules::shell;

const ShellQuery& pipe_query() {
    static const std::unique_ptr<ShellQuery> query = [] {
        QueryProblem problem;
        auto compiled = ShellQuery::compile(
            R"((pipeline (command name: (command_name) @fetch (#match? @fetch "^(curl|wget)$"))
                         (command name: (command_name) @report (#any-of? @report "sh" "bash"))))",
            problem);
        if (!compiled) __builtin_trap();
        return compiled;
    }();
    return *query;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string script(reinterpret_cast<const char*>(data), size);
    CommandLine line = parse_script(script);
    const std::size_t end = script.size();
    for (std::size_t i = 0; i < line.commands.size(); ++i) {
        const Command& command = line.commands[i];
        for (const CommandWord& word : command.words) {
            if (word.offset > end) __builtin_trap();  // an offset outside the script
        }
        (void)program_name(command, program_index(command, true));
        for (const WriteTarget& target : write_targets(command)) {
            if (target.offset > end || target.path.empty()) __builtin_trap();
        }
        const Command* previous = i > 0 ? &line.commands[i - 1] : nullptr;
        for (const SysctlWrite& write : sysctl_writes(command, previous)) {
            if (write.offset > end || write.key.empty()) __builtin_trap();
        }
    }
    for (const QueryMatch& match : pipe_query().run(line.script->tree)) {
        if (match.start > match.end || match.end > end) __builtin_trap();
    }
    return 0;
}
