// SPDX-License-Identifier: MIT
// UnitFile: the parsed form of one unit file or drop-in, every assignment with its place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/diagnostic.hpp"

namespace unitguard::linter {

// Places in a unit file are 1-based lines and 1-based byte columns of line_text(line):
// column N is byte N-1 of the line as returned by UnitFile::line_text. A UTF-8 byte order
// mark at the very start of the file is not part of line 1, so column 1 is the first
// character an editor shows. Lines are numbered the way systemd 252 numbers them in its own
// messages (read_line in src/basic/fileio.c): a line ends at LF, CR or NUL, and the pairs
// and triples CR LF, LF CR, LF NUL, CR NUL, CR LF NUL and LF CR NUL end one line. For files
// with LF or CR LF endings that is exactly what every editor shows.

/// Rule ID and name carried by every syntax problem of parse_unit_file.
inline constexpr std::string_view kSyntaxRuleId = "UG101";
inline constexpr std::string_view kSyntaxRuleName = "unit-file-syntax";

/// One `[Section]` header as written (systemd matches section names case-sensitively).
struct SectionHeader {
    std::string name;  ///< text between the brackets, verbatim (systemd strips nothing there)
    int line = 0;      ///< 1-based line of the `[` character
    int column = 0;    ///< 1-based column of the `[` character
};

/// Start of one continuation line's text inside a joined Assignment::value.
struct ValuePiece {
    std::size_t offset = 0;  ///< byte offset in Assignment::value where this piece starts
    int line = 0;            ///< line that holds the piece
    int column = 0;          ///< column of the piece's first byte on `line`
};

/// One `Key=Value` assignment after joining continuation lines.
///
/// systemd joins a line that ends in an unescaped backslash with the next one. It turns that
/// backslash into a space and appends the next line as it is, leading blanks included. So
/// `A=x  \` + `   y` gives `x` + 2 blanks + 1 blank + 3 blanks + `y`. Lines whose first
/// non-blank character is `#` or `;` inside a continuation are dropped, backslash and all.
struct Assignment {
    std::string section;   ///< enclosing section, never empty (see parse_unit_file)
    std::string key;       ///< whitespace around the key stripped
    std::string value;     ///< whitespace around the value stripped; continuations joined
    int line = 0;          ///< 1-based line where the key starts
    int column = 0;        ///< 1-based column of the first key character
    int value_line = 0;    ///< line of the first value character (differs from `line` only
                           ///< when the value starts on a continuation line)
    int value_column = 0;  ///< column of the first value character on `value_line`; for an
                           ///< empty value, the column just after the `=`
    int end_line = 0;      ///< line that ended the assignment (no trailing backslash); systemd
                           ///< cites it in its messages, except when the file ends inside a
                           ///< continuation: then it cites the number after the last line
    std::vector<ValuePiece> pieces;  ///< continuation lines that hold value text, in order;
                                     ///< empty when the value lies on `value_line` alone

    /// Line and column of byte `offset` of `value` (an offset past the end maps to the
    /// column after the last byte). Shell and list findings use it to point into values.
    std::pair<int, int> value_position(std::size_t offset) const;
};

/// A parsed unit file or drop-in. `problems` contains the syntax errors, and parsing continues past
/// a bad line the way systemd does (it logs and skips it), except where systemd gives up on the
/// whole file: then `stop_line` says where, and nothing after it is parsed.
struct UnitFile {
    std::string path;     ///< path as shown to the user (relative to --root when given)
    std::string content;  ///< file text after BOM removal, kept for caret rendering
    std::vector<SectionHeader> sections;
    std::vector<Assignment> assignments;
    std::vector<Diagnostic> problems;
    /// Line of the problem after which systemd stops reading the file (invalid section
    /// header, invalid UTF-8, over-long line), 0 when it reads all of it. systemd refuses to load a
    /// unit whose main file stops early (LoadState=error) but keeps the assignments a drop-in made
    /// before its stop; either way `assignments` contains exactly those before the stop.
    int stop_line = 0;
    /// Byte offset in `content` where each line starts; line N starts at line_starts[N-1].
    std::vector<std::size_t> line_starts;

    /// Returns the text of 1-based `line` without its line ending, or "" when out of range.
    std::string_view line_text(int line) const;
};

/// Maximum length in bytes of one logical line, continuation lines included. systemd's
/// config parser rejects longer lines (LONG_LINE_MAX, 1 MiB in v252). Its line reader gives
/// up one byte earlier, so a single physical line must be shorter than this (comment lines
/// too), while lines joined by backslashes may add up to exactly this.
inline constexpr std::size_t kMaxLineLength = 1024 * 1024;

/// Parses the text of a unit file or drop-in named `path`. Never throws; syntax errors
/// become entries of UnitFile::problems with rule UG101 and severity error.
///
/// Like systemd 252, it drops assignments before the first section header (each is reported)
/// and after an empty `[]` header (the header is reported). Assignments in sections with
/// any other name are returned; whether systemd knows the section is for the caller to
/// decide (systemd ignores unknown sections, and lines without `=` in them, silently).
UnitFile parse_unit_file(std::string path, std::string_view content);

}  // namespace unitguard::linter
