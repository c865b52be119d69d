// SPDX-License-Identifier: MIT
// Splits an Exec*= value into its commands, prefixes and executable words as systemd 252 does.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/settings.hpp"

namespace unitguard::rules {

/// One command of an Exec*= line. A line contains several when a lone `;` separates them.
struct ExecCommandWord {
    std::string prefixes;    ///< special prefix characters as written, e.g. "-@"
    std::string executable;  ///< first word after the prefixes, quotes and escapes removed
    std::size_t offset = 0;  ///< byte offset in the line where the command's first word starts
    std::size_t length = 0;  ///< bytes of the first word as written, quotes included
    std::size_t argument_count = 0;  ///< words after the first one, up to the next `;`
    bool ignore_failure = false;     ///< `-` prefix: a bad command is skipped, not fatal
    bool separate_argv0 = false;     ///< `@` prefix: the next word is argv[0]
    bool via_shell = false;          ///< `|` prefix (systemd 258 and later): run through a shell
};

/// Reason for systemd 252's parser to reject a command's executable. The checks run in this
/// order, and systemd logs the first that fails.
enum class ExecPathError {
    None,
    Empty,              ///< nothing after the prefixes ("Empty path in command line")
    SpecialCharacters,  ///< control characters, quotes or backslashes after unescaping
    Directory,          ///< ends with '/' ("Executable path specifies a directory")
    NotAbsolute,        ///< neither a valid file name nor a valid absolute path
    MissingArgv0,       ///< `@` prefix without the argv[0] word that it announces
};

/// First systemd release that reads `|` as the "run through the user's shell" prefix.
inline constexpr int kShellPrefixAddedIn = 258;

/// Splits `line` into commands the way systemd's config_parse_exec() does. Words are split
/// at whitespace with quotes and C escapes removed, and a lone `;` word separates commands
/// (`\;` is a literal argument). The prefixes `-`, `@`, `:`, `+`, `!` and `!!` are taken off
/// the first word of each command. `|` counts as a prefix only when `target_version` is at
/// least kShellPrefixAddedIn.
std::vector<ExecCommandWord> split_exec_commands(std::string_view line, int target_version);

/// Returns the first check of systemd 252's parser that `command`'s executable fails.
/// Commands with the `|` prefix run through a shell and always pass.
ExecPathError exec_path_error(const ExecCommandWord& command);

/// Whether `path` names a program by file name alone (no `/`), which systemd looks up in
/// its fixed search path when the command runs.
bool is_bare_executable_name(std::string_view path);

/// Whether `text` refers to an environment variable as `$NAME` or `${NAME}`.
bool has_variable_reference(std::string_view text);

/// Calls `visit` for each command of each Exec*= assignment that systemd parses in a unit of
/// `unit_type`: every non-empty assignment that is not ignored, in a section that the type
/// reads. That includes assignments a later empty assignment clears, because systemd
/// rejects a bad command while it reads the file.
void for_each_exec_command(
    const linter::Settings& settings, std::string_view unit_type, int target_version,
    const std::function<void(const linter::Setting&, const linter::AppliedAssignment&,
                             const ExecCommandWord&)>& visit);

/// Returns what systemd does about a command it cannot parse: with the `-` prefix it
/// ignores the rest of the line, otherwise the whole unit fails to load.
std::string_view rejection_consequence(const ExecCommandWord& command);

}  // namespace unitguard::rules
