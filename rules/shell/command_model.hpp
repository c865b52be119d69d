// SPDX-License-Identifier: MIT
// The commands a unit's Exec*= lines run: each command as systemd starts it, and the
// commands inside the script of a `sh -c SCRIPT` command, parsed with tree-sitter-bash.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/exec_command.hpp"
#include "linter/settings.hpp"
#include "rules/rule.hpp"
#include "rules/shell/bash_tree.hpp"

namespace unitguard::rules::shell {

/// One word of a command.
struct CommandWord {
    /// The word as the program receives it. For a word the shell expands at run time
    /// (`$VAR`, `$(...)`, `~`), the source text of the word.
    std::string text;
    bool literal = true;     ///< false when the shell substitutes something at run time
    std::size_t offset = 0;  ///< offset in the Exec*= value of the word's first byte
};

/// A redirection such as `> /var/log/app.log` or `2>>err`.
struct Redirection {
    std::string op;          ///< ">", ">>", "&>", "&>>", ">|", "<", "<>", ...
    CommandWord target;      ///< the file, or the descriptor of `>&2`
    std::size_t offset = 0;  ///< offset in the Exec*= value of the operator

    /// Whether the redirection opens its target for writing.
    bool writes() const;
};

/// One simple command.
struct Command {
    /// The program first, then its arguments; launchers such as `exec`, `env` or `nohup`
    /// stay in front (see program_index()). Empty for a redirection of a compound command.
    std::vector<CommandWord> words;
    std::vector<Redirection> redirections;
    bool in_script = false;    ///< part of a `sh -c` script, not the Exec*= command itself
    bool substituted = false;  ///< inside `$(...)`, backquotes or `<(...)`
    int pipeline = -1;         ///< which pipeline of the script holds it, -1 for none
    std::size_t stage = 0;     ///< position in that pipeline, from 0
};

/// The script of a `sh -c SCRIPT` command, with the offset of each of its bytes.
struct Script {
    BashTree tree;
    /// Offset in the Exec*= value of each byte of the script source, plus one for its end.
    std::vector<std::size_t> origins;

    /// Offset in the Exec*= value of byte `at` of the script.
    std::size_t origin(std::size_t at) const;
};

/// One command of an Exec*= line and what it runs.
struct CommandLine {
    std::string directive;  ///< e.g. "ExecStartPre"
    const linter::AppliedAssignment* assignment = nullptr;
    linter::ExecCommand exec;
    /// The Exec*= command first, then the commands of its script in source order.
    std::vector<Command> commands;
    std::optional<Script> script;
    /// Names of the functions the script defines; calling one runs no program.
    std::vector<std::string> functions;

    /// Whether systemd's sandboxing applies: the `+` prefix lifts it.
    bool sandboxed() const { return !exec.prefixes.full_privileges; }
};

/// Returns the command lines of every live Exec*= assignment of the unit, in file order.
/// `$VAR` and `${VAR}` are replaced with values from the unit's Environment= lines as
/// systemd does (not after the `:` prefix); variables set elsewhere stay as written.
/// The rules of one unit share the result, which stays valid until this thread requests
/// the lines of another unit.
const std::vector<CommandLine>& command_lines(const RuleContext& context);

/// Parses a script on its own, as if it were the `-c` argument of a `sh` command whose
/// value is the script itself: offsets are offsets in `script`.
CommandLine parse_script(std::string script);

/// Returns the index of the word naming the program that `command` really runs: past
/// launchers (`exec`, `env`, `nice`, `nohup`, `timeout`, ...) and, with
/// `through_privilege`, past `sudo`, `doas` and `runuser` with their options. Returns
/// words.size() when no literal program word is left.
std::size_t program_index(const Command& command, bool through_privilege);

/// Returns the file name of the program word at `index` ("mkdir" for "/bin/mkdir").
std::string_view program_name(const Command& command, std::size_t index);

/// Returns the place in the unit file of byte `offset` of the line's Exec*= value.
Location location_in_unit(const RuleContext& context, const CommandLine& line,
                          std::size_t offset);

}  // namespace unitguard::rules::shell
