// SPDX-License-Identifier: MIT
// Text rendering of diagnostics.
#include "linter/report_text.hpp"

#include <fmt/format.h>

#include "linter/utf8.hpp"

namespace unitguard::linter {
namespace {

std::string_view severity_color(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "\x1b[1;31m";
        case Severity::Warning:
            return "\x1b[1;33m";
        case Severity::Info:
            return "\x1b[1;36m";
    }
    return "";
}

// Builds the caret row under `line_text`: spaces (tabs kept, so the caret lines up) up to
// `column`, then '^' and '~' up to `end_column`.
std::string caret_row(std::string_view line_text, int column, int end_column) {
    std::string row;
    for (int i = 1; i < column && static_cast<std::size_t>(i - 1) < line_text.size(); ++i) {
        row += line_text[static_cast<std::size_t>(i - 1)] == '\t' ? '\t' : ' ';
    }
    row += '^';
    for (int i = column + 1; i < end_column; ++i) row += '~';
    return row;
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80) {
            std::size_t length = valid_utf8_length(text, i);
            // U+0080 to U+009F are the C1 control characters. Some terminals take U+009B
            // as the start of an escape sequence, like ESC [.
            bool c1_control = length == 2 && byte == 0xC2 &&
                              static_cast<unsigned char>(text[i + 1]) <= 0x9F;
            if (length == 0) {
                out += fmt::format("\\x{:02x}", byte);
                ++i;
            } else if (c1_control) {
                out += fmt::format("\\x{:02x}\\x{:02x}", byte,
                                   static_cast<unsigned char>(text[i + 1]));
                i += 2;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
            out += fmt::format("\\x{:02x}", byte);
        } else {
            out += static_cast<char>(byte);
        }
        ++i;
    }
    return out;
}

std::string render_text(const std::vector<Diagnostic>& diagnostics,
                        const SourceLineLookup& lookup, bool color) {
    std::string out;
    for (const Diagnostic& diagnostic : diagnostics) {
        // Waived, suppressed and baselined findings are accepted; only JSON lists them.
        if (diagnostic.state != FindingState::Open) continue;
        const Location& where = diagnostic.location;
        // A finding with no file (a unit that was not found) is placed at the unit name.
        std::string place = escape_for_terminal(where.path.empty() ? diagnostic.unit : where.path);
        if (where.line > 0) place += fmt::format(":{}", where.line);
        if (where.line > 0 && where.column > 0) place += fmt::format(":{}", where.column);
        std::string severity(severity_name(diagnostic.severity));
        if (color) severity = fmt::format("{}{}\x1b[0m", severity_color(diagnostic.severity),
                                          severity);
        // A template or drop-in can configure several units; name the unit unless the
        // file is the unit's own.
        std::string message = escape_for_terminal(diagnostic.message);
        std::string_view file_name = std::string_view(where.path).substr(
            where.path.rfind('/') == std::string::npos ? 0 : where.path.rfind('/') + 1);
        if (!diagnostic.unit.empty() && !where.path.empty() && file_name != diagnostic.unit) {
            message = fmt::format("{}: {}", escape_for_terminal(diagnostic.unit), message);
        }
        out += fmt::format("{}: {}: {} [{} {}]\n", place, severity, message,
                           diagnostic.rule_id, diagnostic.rule_name);

        std::optional<std::string> source;
        if (where.line > 0 && lookup) source = lookup(where.path, where.line);
        if (source) {
            std::string shown = escape_for_terminal(*source);
            out += fmt::format("    {}\n", shown);
            // Escaping changes widths only for control bytes, which a caret cannot point
            // into meaningfully; the caret follows the raw column.
            if (where.column > 0 && shown == *source) {
                out += fmt::format("    {}\n",
                                   caret_row(*source, where.column, where.end_column));
            }
        }
        if (diagnostic.help) out += fmt::format("  help: {}\n", escape_for_terminal(*diagnostic.help));
        for (const std::string& note : diagnostic.notes) {
            out += fmt::format("  note: {}\n", escape_for_terminal(note));
        }
    }
    return out;
}

}  // namespace unitguard::linter
