// SPDX-License-Identifier: MIT
// UnitFile: the parsed form of one unit file or drop-in, every assignment with its place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/diagnostic.hpp"

namespace unitguard::linter {

/// One `[Section]` header as written (systemd matches section names case-sensitively).
struct SectionHeader {
    std::string name;
    int line = 0;    ///< 1-based line of the `[` character
    int column = 0;  ///< 1-based column of the `[` character
};

/// One `Key=Value` assignment after joining continuation lines.
struct Assignment {
    std::string section;  ///< name of the enclosing section, empty before the first header
    std::string key;      ///< whitespace around the key stripped
    std::string value;    ///< whitespace around the value stripped; continuations joined by ' '
    int line = 0;         ///< 1-based line where the key starts
    int column = 0;       ///< 1-based column of the first key character
    int value_column = 0; ///< 1-based column of the first value character on `line`
};

/// A parsed unit file or drop-in. `problems` holds syntax errors; parsing always
/// continues past them the way systemd does (it logs and skips the bad line).
struct UnitFile {
    std::string path;     ///< path as shown to the user (relative to --root when given)
    std::string content;  ///< file text after BOM removal, kept for caret rendering
    std::vector<SectionHeader> sections;
    std::vector<Assignment> assignments;
    std::vector<Diagnostic> problems;

    /// Returns the text of 1-based `line` without its line ending, or "" when out of range.
    std::string_view line_text(int line) const;
};

/// Maximum length in bytes of one logical line, continuation lines included. systemd's
/// config parser rejects longer lines (LONG_LINE_MAX, 1 MiB in v252).
inline constexpr std::size_t kMaxLineLength = 1024 * 1024;

/// Parses the text of a unit file or drop-in named `path`. Never throws; syntax errors
/// become entries of UnitFile::problems with rule UG101.
UnitFile parse_unit_file(std::string path, std::string_view content);

}  // namespace unitguard::linter
