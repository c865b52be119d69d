// SPDX-License-Identifier: MIT
// Word splitting and Exec*= command parsing as systemd 252's unit-file parser does them.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/expected.hpp"

namespace unitguard::linter {

/// Rules `read_word` applies to quotes, backslashes and separators. The fields follow the
/// flags of systemd's extract_first_word(), and each parser in systemd passes its own mix.
struct WordSyntax {
    std::string_view separators = " \t\n\r";  ///< characters that end a word
    bool unquote = false;                     ///< '…' and "…" group characters and are removed
    bool c_unescape = false;            ///< \n, \t, \x41, \101, \u00e9, \s and so on are decoded
    bool keep_unknown_escapes = false;  ///< an escape c_unescape cannot decode stays as written
    bool unescape_separators = false;   ///< a backslash before a separator or a backslash
                                        ///< yields that character
    bool retain_escapes = false;        ///< a backslash and the character after it stay as written
    bool relax = false;                 ///< an unterminated quote or trailing backslash ends the
                                        ///< word instead of being an error
    bool coalesce_separators = true;    ///< a run of separators counts as one
    bool track_origins = false;         ///< fill Word::origins
};

/// One word read from a value.
struct Word {
    std::string text;       ///< the word after unquoting and unescaping
    std::size_t begin = 0;  ///< byte offset of the word's first character in the value
    std::size_t end = 0;    ///< byte offset just past the word's last character
    /// With WordSyntax::track_origins, the offset in the value of each byte of `text`: the
    /// byte itself, or the backslash of the escape that produced it.
    std::vector<std::size_t> origins;
};

/// Outcome of `read_word`.
enum class WordStatus {
    Found,    ///< `word` holds the next word
    End,      ///< only separators were left
    Invalid,  ///< unbalanced quoting, an undecodable escape or a trailing backslash
};

/// Reads the word that starts at or after `position` in `text` and moves `position` past it
/// and the separators that follow. On Invalid, `position` is where reading stopped.
WordStatus read_word(std::string_view text, std::size_t& position, const WordSyntax& syntax,
                     Word& word);

/// Same as `read_word`, but when only an undecodable escape made the word invalid it reads
/// the word again keeping such escapes as written, as systemd's parsers do after logging
/// "Ignoring unknown escape sequences". `kept_escapes` is set when that happened.
WordStatus read_word_keeping_unknown_escapes(std::string_view text, std::size_t& position,
                                             const WordSyntax& syntax, Word& word,
                                             bool& kept_escapes);

/// Expands the %-specifiers of one word. systemd expands them after a word has been
/// unquoted, so a specifier's value is never split or unescaped again.
using SpecifierExpander = std::function<Expected<std::string>(std::string_view)>;

/// The prefix characters of an Exec*= command line (systemd.service(5), "Command lines").
struct ExecPrefixes {
    bool ignore_failure = false;   ///< '-': a failing exit status is not an error
    bool separate_argv0 = false;   ///< '@': the second word is argv[0]
    bool no_env_expand = false;    ///< ':': $VAR references are not expanded
    bool full_privileges = false;  ///< '+': no sandboxing, runs with full privileges
    bool no_setuid = false;        ///< '!': sandboxing without the user and group switch
    bool ambient = false;          ///< '!!': like '!' only when ambient capabilities are missing
};

/// One command of an Exec*= value.
struct ExecCommand {
    std::string path;               ///< executable with specifiers expanded, '//' and '/./'
                                    ///< collapsed, relative names left relative
    std::vector<std::string> argv;  ///< arguments, argv[0] included; `$VAR` left as written
    ExecPrefixes prefixes;
    std::size_t path_offset = 0;            ///< byte offset in the value of the word holding the
                                            ///< prefixes and the path
    std::vector<std::size_t> argv_offsets;  ///< byte offset in the value of each argv word;
                                            ///< without '@', argv[0] is the path word
    /// For each argv word, the offset in the value of each of its bytes (see Word::origins).
    /// Empty for a word that specifier expansion changed.
    std::vector<std::vector<std::size_t>> argv_origins;
};

/// A problem systemd reports while it parses an Exec*= value.
struct ExecProblem {
    std::size_t offset = 0;  ///< byte offset in the value
    std::string message;     ///< lowercase, no final period
    bool fatal = false;      ///< systemd refuses to load the unit (LoadState=bad-setting)
};

/// Commands and problems of one Exec*= value.
struct ExecSplit {
    std::vector<ExecCommand> commands;  ///< in order; a lone ';' separates commands
    std::vector<ExecProblem> problems;
};

/// Splits a non-empty Exec*= value into commands the way systemd 252 does: prefixes first,
/// then words unquoted and C-unescaped (unknown escapes kept with a warning), specifiers
/// expanded per word by `expand` when given, and `;` or `\;` handled as systemd does.
/// A command that systemd drops is missing from `commands`, systemd stops reading the
/// value there, and `problems` records why.
ExecSplit split_exec_value(std::string_view value, const SpecifierExpander& expand = {});

/// Collapses repeated slashes and "." components and drops a trailing slash, keeping "..",
/// as systemd's path_simplify() does ("/a//./b/" gives "/a/b", "./c" gives "c").
std::string simplify_path(std::string_view path);

/// Whether `path` is one systemd accepts as a path: not empty, at most 4095 bytes, no
/// component longer than 255 bytes.
bool is_valid_path(std::string_view path);

/// Whether `name` is a valid file name: not empty, not "." or "..", no '/', at most 255 bytes.
bool is_valid_file_name(std::string_view name);

/// Whether `path` has no "." or ".." component and no repeated slash.
bool is_normalized_path(std::string_view path);

}  // namespace unitguard::linter
