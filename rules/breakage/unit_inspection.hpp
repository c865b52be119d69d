// SPDX-License-Identifier: MIT
// Facts about one unit that the breakage rules share: places, Exec*= commands, programs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/exec_command.hpp"
#include "linter/root_fs.hpp"
#include "linter/settings.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules::breakage {

/// The directory the unit's files were read from, as a RootFs: the --root directory, or
/// the host's '/' for units named by file path or found on the host.
const linter::RootFs& unit_root(const RuleContext& context);

/// Returns "path:line" of `assignment`, with the path as users see it.
std::string place_of(const RuleContext& context, const linter::AppliedAssignment& assignment);

/// Returns the location of the key of `assignment`.
Location location_of(const RuleContext& context, const linter::AppliedAssignment& assignment);

/// Returns the location of byte `offset` of the assignment's value. When specifiers changed
/// the value, offsets in it do not match the file, so the value's first column is used.
Location value_location(const RuleContext& context, const linter::AppliedAssignment& assignment,
                        std::size_t offset);

/// One command of a live Exec*= assignment.
struct ExecLine {
    std::string directive;  ///< e.g. "ExecStart"
    const linter::AppliedAssignment* assignment = nullptr;
    linter::ExecCommand command;
};

/// Returns the commands of every live Exec*= assignment of the unit, in file order.
std::vector<ExecLine> live_exec_commands(const RuleContext& context);

/// Returns the executable followed by the arguments after argv[0]. With the `@` prefix
/// argv[0] is a free-form name, so the executable takes its place here.
std::vector<std::string> command_words(const linter::ExecCommand& command);

/// Whether the command runs inside the sandbox: the `+` prefix lifts every sandboxing
/// setting, NoNewPrivileges= and the system call filters included.
bool runs_sandboxed(const linter::ExecCommand& command);

/// Directories systemd 252 searches for an executable named without a '/'.
inline constexpr std::string_view kExecSearchPath[] = {
    "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"};

/// A program file found inside the unit's root.
struct ProgramFile {
    std::string inner_path;  ///< absolute path inside the root, symlinks resolved
    std::string host_path;   ///< the same file as a path on this machine
};

/// Finds the regular file that `path` names inside `root`: absolute paths are resolved,
/// bare names are looked up in kExecSearchPath. Nothing when no such file exists.
std::optional<ProgramFile> find_program(const linter::RootFs& root, std::string_view path);

/// Whether the space-separated `list` contains `word`.
bool list_has_word(std::string_view list, std::string_view word);

/// Whether `name` is a shell whose `-c` option takes a script (sh, bash, dash, zsh, ksh,
/// mksh or ash).
bool is_shell_name(std::string_view name);

/// Splits `text` at blanks (spaces and tabs), as list settings such as
/// SupplementaryGroups= and SystemCallArchitectures= are split.
std::vector<std::string_view> split_words(std::string_view text);

/// Returns the last component of `path` ("java" for "/usr/bin/java").
std::string_view base_name(std::string_view path);

/// Returns the index of the word that names the program `argv` really runs, skipping
/// launchers that run their arguments as a command (env, nice, nohup, exec, timeout, ...)
/// together with their options. Returns argv.size() when nothing is left.
std::size_t skip_launchers(const std::vector<std::string>& argv, std::size_t start = 0);

/// Returns the index of the script word of a `sh -c SCRIPT` command (any POSIX shell or
/// bash, zsh, ksh, also behind launchers), or nothing for other commands.
std::optional<std::size_t> shell_script_index(const std::vector<std::string>& argv);

/// Returns the names of the programs a shell script starts: the first word of every
/// simple command, after variable assignments, launchers and reserved words. Quoting is
/// honoured only roughly, so this is a heuristic for finding well-known programs.
std::vector<std::string> script_programs(std::string_view script);

}  // namespace unitguard::rules::breakage
