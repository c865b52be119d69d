// SPDX-License-Identifier: MIT
// Unit-file lexer and parser: systemd 252's config-file syntax in one pass, no regex.
#include "linter/unit_file.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace unitguard::linter {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kNone = std::string_view::npos;
constexpr std::size_t kExcerptMax = 60;  // bytes of user text quoted in one message

constexpr std::string_view kStopNote =
    "systemd stops reading the file at this line: a unit file then fails to load, and a "
    "drop-in keeps only the settings above this line";

// systemd's WHITESPACE set; vertical tab and form feed are not in it and stay in values.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Line-ending kinds as a bit set, the kinds systemd's read_line distinguishes.
enum EolKind : unsigned { kEolNone = 0, kEolNul = 1, kEolLf = 2, kEolCr = 4 };

unsigned eol_kind(char c) {
    switch (c) {
        case '\0':
            return kEolNul;
        case '\n':
            return kEolLf;
        case '\r':
            return kEolCr;
        default:
            return kEolNone;
    }
}

// Returns the offset just past the line ending that starts at `pos`. One ending is a run of
// LF, CR and NUL in which no kind repeats and nothing follows a NUL (so CR LF and LF CR are
// one ending each, LF LF is two).
std::size_t skip_line_ending(std::string_view text, std::size_t pos) {
    unsigned seen = kEolNone;
    while (pos < text.size() && (seen & kEolNul) == 0) {
        const unsigned kind = eol_kind(text[pos]);
        if (kind == kEolNone || (seen & kind) != 0) break;
        seen |= kind;
        ++pos;
    }
    return pos;
}

// Length of the UTF-8 sequence a lead byte announces, 0 for a byte that cannot lead one.
// Like systemd, it accepts 5- and 6-byte forms here and rejects their values later.
std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    if ((lead & 0xFC) == 0xF8) return 5;
    if ((lead & 0xFE) == 0xFC) return 6;
    return 0;
}

std::size_t utf8_minimal_length(std::uint32_t code_point) {
    if (code_point < 0x80) return 1;
    if (code_point < 0x800) return 2;
    if (code_point < 0x10000) return 3;
    if (code_point < 0x200000) return 4;
    return code_point < 0x4000000 ? 5 : 6;
}

// systemd's unichar_is_valid: no surrogates, no noncharacters, nothing past U+10FFFF.
bool is_allowed_code_point(std::uint32_t code_point) {
    if (code_point >= 0x110000) return false;
    if ((code_point & 0xFFFFF800) == 0xD800) return false;
    if (code_point >= 0xFDD0 && code_point <= 0xFDEF) return false;
    return (code_point & 0xFFFE) != 0xFFFE;
}

// Length of the valid sequence at `pos`, or 0 when systemd's utf8_is_valid rejects it.
std::size_t valid_utf8_at(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    const std::size_t length = utf8_sequence_length(lead);
    if (length <= 1 || pos + length > text.size()) return length == 1 ? 1 : 0;

    std::uint32_t code_point = lead & (0x7Fu >> length);
    for (std::size_t i = 1; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(text[pos + i]);
        if ((byte & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (byte & 0x3F);
    }
    if (utf8_minimal_length(code_point) != length) return 0;  // overlong form
    return is_allowed_code_point(code_point) ? length : 0;
}

// Offset of the first byte systemd's UTF-8 check rejects, or kNone.
std::size_t first_invalid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const std::size_t length = valid_utf8_at(text, pos);
        if (length == 0) return pos;
        pos += length;
    }
    return kNone;
}

// Offset of the first character systemd's string_is_safe refuses in a section name
// (control characters, quotes, backslash, DEL), or kNone.
std::size_t first_unsafe_char(std::string_view name) {
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '\\') return i;
    }
    return kNone;
}

// A character as a message shows it: itself when printable, else a C escape.
std::string describe_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\t') return "\\t";
    if (byte < 0x20 || byte == 0x7F) return fmt::format("\\x{:02x}", byte);
    return std::string(1, c);
}

// Returns user text for a message, cut at a character boundary when long. The text is valid
// UTF-8, because a line that is not stops the parse before any message quotes it.
std::string excerpt(std::string_view text) {
    if (text.size() <= kExcerptMax) return std::string(text);
    std::size_t cut = kExcerptMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "...";
}

std::string_view strip(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// True when the line ends in a backslash that no other backslash escapes.
bool ends_in_continuation(std::string_view text) {
    std::size_t backslashes = 0;
    while (backslashes < text.size() && text[text.size() - 1 - backslashes] == '\\') {
        ++backslashes;
    }
    return backslashes % 2 == 1;
}

// Maps an offset of a joined text to the line and column of that byte: the last piece that
// starts at or before the offset contains it. Before the first piece, the text starts at
// `line`:`column`.
std::pair<int, int> position_in(const std::vector<ValuePiece>& pieces, int line, int column,
                                std::size_t offset) {
    for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
        if (it->offset <= offset) {
            return {it->line, it->column + static_cast<int>(offset - it->offset)};
        }
    }
    return {line, column + static_cast<int>(offset)};
}

// One pass over the file: physical lines are read as systemd's read_line does, joined into
// logical lines as config_parse does, and each logical line is parsed as parse_line does.
class Parser {
  public:
    Parser(UnitFile& file, bool leading_bom) : file_(file), leading_bom_(leading_bom) {}

    void run();

  private:
    void read_physical_line(int line, std::string_view raw);
    bool physical_line_fits(int line, std::string_view raw);
    bool joined_line_fits(int line, std::string_view text);
    void report_nul(int line, int column);

    void parse_logical_line();
    void parse_header(std::size_t begin, std::string_view text);
    bool header_is_well_formed(std::size_t begin, std::string_view text);
    void check_section_name_blanks(std::size_t begin, std::string_view name);
    void parse_assignment(std::size_t begin, std::string_view text);
    void add_assignment(std::size_t begin, std::string_view text, std::size_t equals);
    std::string_view comment_after_bom_help(std::string_view text) const;

    std::pair<int, int> position(std::size_t offset) const;
    Diagnostic& report(std::pair<int, int> where, std::string message, std::string_view help);
    void stop(std::pair<int, int> where, std::string message, std::string_view help);

    UnitFile& file_;
    const bool leading_bom_;
    bool bom_seen_ = false;
    int bom_line_ = 0;  // line whose BOM systemd strips (it strips only the first one)
    bool nul_seen_ = false;
    bool stopped_ = false;

    // The logical line being assembled from physical lines joined by backslashes.
    std::string logical_;
    std::vector<ValuePiece> pieces_;  // where each physical line starts in logical_
    bool continued_ = false;
    int last_line_ = 0;

    // Section state, as in systemd: no section before the first header and after `[]`;
    // `section_ignored_` silences the "outside of any section" report after `[]`.
    std::string section_;
    bool in_section_ = false;
    bool section_ignored_ = false;
};

void Parser::run() {
    const std::string_view text = file_.content;
    int line = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        ++line;
        file_.line_starts.push_back(pos);
        std::size_t end = pos;
        while (end < text.size() && eol_kind(text[end]) == kEolNone) ++end;

        if (!stopped_) {
            read_physical_line(line, text.substr(pos, end - pos));
            if (end < text.size() && text[end] == '\0' && !stopped_) {
                report_nul(line, static_cast<int>(end - pos) + 1);
            }
        }
        pos = skip_line_ending(text, end);
    }

    // A file that ends inside a continuation still has its last logical line parsed.
    if (continued_ && !stopped_) parse_logical_line();
}

// Handles one line as config_parse does: length limit, comment test on the raw line (a BOM
// in front of '#' hides the comment), BOM removal, then joining with what came before.
void Parser::read_physical_line(int line, std::string_view raw) {
    if (!physical_line_fits(line, raw)) return;

    const bool bom_in_raw = raw.substr(0, kBom.size()) == kBom;
    const bool starts_with_bom = bom_in_raw || (line == 1 && leading_bom_);
    if (!starts_with_bom) {
        const std::size_t first = raw.find_first_not_of(" \t");
        if (first != kNone && (raw[first] == '#' || raw[first] == ';')) return;
    }

    std::string_view text = raw;
    int column = 1;
    if (starts_with_bom && !bom_seen_) {
        bom_seen_ = true;
        bom_line_ = line;
        if (bom_in_raw && !(line == 1 && leading_bom_)) {
            text.remove_prefix(kBom.size());
            column += static_cast<int>(kBom.size());
        }
    }

    if (continued_) {
        if (!joined_line_fits(line, text)) return;
    } else {
        logical_.clear();
        pieces_.clear();
    }
    pieces_.push_back({logical_.size(), line, column});
    logical_.append(text);
    last_line_ = line;

    // The backslash becomes a space and the next line is appended as it is.
    continued_ = ends_in_continuation(text);
    if (continued_) {
        logical_.back() = ' ';
        return;
    }
    parse_logical_line();
}

// systemd's line reader fails once a line reaches kMaxLineLength bytes (a leading BOM counts).
bool Parser::physical_line_fits(int line, std::string_view raw) {
    const std::size_t length = raw.size() + (line == 1 && leading_bom_ ? kBom.size() : 0);
    if (length < kMaxLineLength) return true;

    stop({line, 1},
         fmt::format("line {} is {} bytes long, more than systemd accepts (at most {} bytes)", line,
                     length, kMaxLineLength - 1),
         "split the value over several lines ending in '\\', or shorten it");
    return false;
}

// A continued line may reach exactly kMaxLineLength bytes, the replaced backslashes included.
bool Parser::joined_line_fits(int line, std::string_view text) {
    const std::size_t length = logical_.size() + text.size();
    if (length <= kMaxLineLength) return true;

    const int first_line = pieces_.front().line;
    stop({first_line, 1},
         fmt::format("lines {}-{} joined are {} bytes long, more than systemd accepts "
                     "(at most {} bytes)",
                     first_line, line, length, kMaxLineLength),
         "shorten the value or split it into several assignments");
    return false;
}

void Parser::report_nul(int line, int column) {
    if (nul_seen_) return;
    nul_seen_ = true;
    report({line, column}, "unexpected NUL byte", "remove the NUL byte")
        .notes.emplace_back(
            "systemd reads a NUL byte as a line break, so the text after it is parsed as a "
            "line of its own");
}

// parse_line: strip, check UTF-8, then a header, an assignment or a stray line.
void Parser::parse_logical_line() {
    const std::string_view all = logical_;
    const std::string_view text = strip(all);
    if (text.empty()) return;
    const std::size_t begin = static_cast<std::size_t>(text.data() - all.data());

    if (const std::size_t bad = first_invalid_utf8(text); bad != kNone) {
        stop(position(begin + bad),
             fmt::format("invalid UTF-8 byte sequence starting with 0x{:02x}",
                         static_cast<unsigned char>(text[bad])),
             "save the file as UTF-8");
        return;
    }
    if (text.front() == '[') {
        parse_header(begin, text);
        return;
    }
    if (!in_section_) {
        if (!section_ignored_) {
            const std::string_view help = comment_after_bom_help(text);
            report(position(begin),
                   fmt::format("assignment '{}' outside of any section", excerpt(text)),
                   help.empty() ? "move it below a section header such as '[Service]'" : help);
        }
        return;
    }
    parse_assignment(begin, text);
}

void Parser::parse_header(std::size_t begin, std::string_view text) {
    if (!header_is_well_formed(begin, text)) return;

    const std::string_view name = text.substr(1, text.size() - 2);
    const auto [line, column] = position(begin);
    file_.sections.push_back({std::string(name), line, column});

    if (name.empty()) {
        report({line, column}, "empty section name in '[]'", "name the section, e.g. '[Service]'")
            .notes.emplace_back("systemd ignores every assignment up to the next section header");
        in_section_ = false;
        section_ignored_ = true;
        return;
    }
    check_section_name_blanks(begin, name);
    section_ = name;
    in_section_ = true;
    section_ignored_ = false;
}

// The header errors after which systemd gives up on the file: no ']' at the end, or a
// quote, backslash or control character in the name.
bool Parser::header_is_well_formed(std::size_t begin, std::string_view text) {
    if (text.back() != ']') {
        const std::size_t close = text.rfind(']');
        if (close == kNone) {
            stop(position(begin), fmt::format("unterminated section header '{}'", excerpt(text)),
                 "end the section header with ']'");
        } else {
            const std::size_t trailing = text.find_first_not_of(" \t", close + 1);
            stop(position(begin + trailing),
                 fmt::format("text after ']' in section header '{}'", excerpt(text)),
                 "remove the text after ']'; a comment needs a line of its own");
        }
        return false;
    }

    const std::size_t bad = first_unsafe_char(text.substr(1, text.size() - 2));
    if (bad == kNone) return true;
    stop(position(begin + 1 + bad),
         fmt::format("invalid character '{}' in section header '{}'", describe_char(text[1 + bad]),
                     excerpt(text)),
         "remove quotes, backslashes and control characters from the section name");
    return false;
}

// systemd keeps blanks inside the brackets as part of the name, so the section is unknown.
void Parser::check_section_name_blanks(std::size_t begin, std::string_view name) {
    const std::string_view trimmed = strip(name);
    if (trimmed.size() == name.size()) return;

    const std::string shown = excerpt(name);
    report(position(begin),
           fmt::format("blank space inside the brackets of section header '[{}]'", shown),
           trimmed.empty() ? std::string("name the section, e.g. '[Service]'")
                           : fmt::format("write '[{}]'", excerpt(trimmed)))
        .notes.push_back(fmt::format(
            "systemd looks for a section named '{}', finds none and ignores the assignments in it",
            shown));
}

void Parser::parse_assignment(std::size_t begin, std::string_view text) {
    const std::size_t equals = text.find('=');
    if (equals == kNone) {
        const std::string_view help = comment_after_bom_help(text);
        report(position(begin), fmt::format("missing '=' in assignment '{}'", excerpt(text)),
               help.empty() ? "write it as 'Name=value', or start the line with '#' to make it "
                              "a comment"
                            : help);
        return;
    }
    if (equals == 0) {
        report(position(begin), fmt::format("missing key name before '=' in '{}'", excerpt(text)),
               "put the setting name before '='");
        return;
    }
    add_assignment(begin, text, equals);
}

void Parser::add_assignment(std::size_t begin, std::string_view text, std::size_t equals) {
    const std::string_view key = strip(text.substr(0, equals));
    const std::string_view after = text.substr(equals + 1);
    const std::string_view value = strip(after);
    const std::size_t value_begin =
        begin + equals + 1 + static_cast<std::size_t>(value.data() - after.data());

    Assignment& assignment = file_.assignments.emplace_back();
    assignment.section = section_;
    assignment.key = key;
    assignment.value = value;
    std::tie(assignment.line, assignment.column) = position(begin);
    std::tie(assignment.value_line, assignment.value_column) = position(value_begin);
    assignment.end_line = last_line_;

    for (const ValuePiece& piece : pieces_) {
        if (piece.offset > value_begin && piece.offset < value_begin + value.size()) {
            assignment.pieces.push_back({piece.offset - value_begin, piece.line, piece.column});
        }
    }
}

// systemd tests for comments before it strips the BOM, so "\xEF\xBB\xBF# text" is not one.
std::string_view Parser::comment_after_bom_help(std::string_view text) const {
    if (pieces_.front().line != bom_line_ || (text.front() != '#' && text.front() != ';')) {
        return {};
    }
    return "remove the byte order mark at the start of the line; systemd does not see a "
           "comment behind it";
}

std::pair<int, int> Parser::position(std::size_t offset) const {
    return position_in(pieces_, pieces_.front().line, pieces_.front().column, offset);
}

Diagnostic& Parser::report(std::pair<int, int> where, std::string message, std::string_view help) {
    Diagnostic& problem = file_.problems.emplace_back();
    problem.rule_id = kSyntaxRuleId;
    problem.rule_name = kSyntaxRuleName;
    problem.severity = Severity::Error;
    problem.message = std::move(message);
    problem.location = {file_.path, where.first, where.second, 0};
    problem.help = std::string(help);
    return problem;
}

void Parser::stop(std::pair<int, int> where, std::string message, std::string_view help) {
    report(where, std::move(message), help).notes.emplace_back(kStopNote);
    file_.stop_line = where.first;
    stopped_ = true;
    continued_ = false;
}

}  // namespace

std::pair<int, int> Assignment::value_position(std::size_t offset) const {
    return position_in(pieces, value_line, value_column, std::min(offset, value.size()));
}

std::string_view UnitFile::line_text(int line) const {
    if (line < 1 || static_cast<std::size_t>(line) > line_starts.size()) return {};
    const std::string_view text = content;
    const std::size_t begin = line_starts[static_cast<std::size_t>(line) - 1];
    std::size_t end = begin;
    while (end < text.size() && eol_kind(text[end]) == kEolNone) ++end;
    return text.substr(begin, end - begin);
}

UnitFile parse_unit_file(std::string path, std::string_view content) {
    UnitFile file;
    file.path = std::move(path);
    const bool leading_bom = content.substr(0, kBom.size()) == kBom;
    if (leading_bom) content.remove_prefix(kBom.size());
    file.content.assign(content);

    Parser(file, leading_bom).run();
    // Every parsed file stays in memory until the run ends; drop the growth slack.
    file.assignments.shrink_to_fit();
    file.line_starts.shrink_to_fit();
    return file;
}

}  // namespace unitguard::linter
