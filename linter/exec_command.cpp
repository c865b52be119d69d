// SPDX-License-Identifier: MIT
// Word splitting and Exec*= command parsing following systemd 252's extract-word.c,
// escape.c and the Exec*= parser of load-fragment.c.
#include "linter/exec_command.hpp"

#include <cstdint>
#include <optional>

#include <fmt/format.h>

namespace unitguard::linter {
namespace {

// Linux limits that systemd's path checks use: PATH_MAX counts the trailing NUL byte.
constexpr std::size_t kPathMax = 4096;
constexpr std::size_t kNameMax = 255;

constexpr std::string_view kWhitespace = " \t\n\r";

bool is_whitespace(char c) { return kWhitespace.find(c) != std::string_view::npos; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int octal_value(char c) { return c >= '0' && c <= '7' ? c - '0' : -1; }

// systemd's unichar_is_valid(): no surrogates, no noncharacters, nothing past U+10FFFF.
bool is_valid_code_point(std::uint32_t code_point) {
    if (code_point >= 0x110000) return false;
    if ((code_point & 0xFFFFF800) == 0xD800) return false;
    if (code_point >= 0xFDD0 && code_point <= 0xFDEF) return false;
    return (code_point & 0xFFFE) != 0xFFFE;
}

// Encodes a code point as UTF-8. Surrogates are encoded like any other value, which is
// what systemd does for a \uD800 escape.
std::string encode_utf8(std::uint32_t code_point) {
    std::string out;
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
    return out;
}

// A decoded C escape: the bytes it stands for and how many characters follow the backslash.
struct DecodedEscape {
    std::string bytes;
    std::size_t length = 0;
};

// Reads `digits` hex digits at `at`. Nothing when one is missing or not a hex digit.
std::optional<std::uint32_t> read_hex(std::string_view text, std::size_t at, std::size_t digits) {
    if (at + digits > text.size()) return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        int digit = hex_value(text[at + i]);
        if (digit < 0) return std::nullopt;
        value = value << 4 | static_cast<std::uint32_t>(digit);
    }
    return value;
}

// Decodes the escape whose letter is at `at` (just after the backslash), as systemd's
// cunescape_one() does with NUL bytes refused. Nothing when systemd cannot decode it.
std::optional<DecodedEscape> decode_escape(std::string_view text, std::size_t at) {
    char letter = text[at];
    switch (letter) {
        case 'a':
            return DecodedEscape{"\a", 1};
        case 'b':
            return DecodedEscape{"\b", 1};
        case 'f':
            return DecodedEscape{"\f", 1};
        case 'n':
            return DecodedEscape{"\n", 1};
        case 'r':
            return DecodedEscape{"\r", 1};
        case 't':
            return DecodedEscape{"\t", 1};
        case 'v':
            return DecodedEscape{"\v", 1};
        case '\\':
            return DecodedEscape{"\\", 1};
        case '"':
            return DecodedEscape{"\"", 1};
        case '\'':
            return DecodedEscape{"'", 1};
        case 's':
            return DecodedEscape{" ", 1};
        default:
            break;
    }
    if (letter == 'x') {
        std::optional<std::uint32_t> byte = read_hex(text, at + 1, 2);
        if (!byte || *byte == 0) return std::nullopt;
        return DecodedEscape{std::string(1, static_cast<char>(*byte)), 3};
    }
    if (letter == 'u' || letter == 'U') {
        // \u takes four hex digits and is not range-checked in systemd 252, while \U takes
        // eight and must name a valid code point.
        std::size_t digits = letter == 'u' ? 4 : 8;
        std::optional<std::uint32_t> code_point = read_hex(text, at + 1, digits);
        if (!code_point || *code_point == 0) return std::nullopt;
        if (letter == 'U' && !is_valid_code_point(*code_point)) return std::nullopt;
        return DecodedEscape{encode_utf8(*code_point), digits + 1};
    }
    if (octal_value(letter) >= 0) {
        if (at + 3 > text.size()) return std::nullopt;
        int high = octal_value(text[at]);
        int middle = octal_value(text[at + 1]);
        int low = octal_value(text[at + 2]);
        if (middle < 0 || low < 0) return std::nullopt;
        int value = high << 6 | middle << 3 | low;
        if (value == 0 || value > 255) return std::nullopt;
        return DecodedEscape{std::string(1, static_cast<char>(value)), 3};
    }
    return std::nullopt;
}

// Reads one word with the state machine of systemd's extract_first_word(). `position` is
// the offset of the next unread byte.
class WordReader {
  public:
    WordReader(std::string_view text, std::size_t& position, const WordSyntax& syntax)
        : text_(text), position_(position), syntax_(syntax) {}

    WordStatus read(Word& word);

  private:
    bool is_separator(char c) const { return syntax_.separators.find(c) != std::string_view::npos; }
    bool at_end() const { return position_ >= text_.size(); }
    // Handles the backslash at position_. Returns false when the word is invalid.
    bool read_escape(Word& word, char quote, bool& finished);
    // Appends `bytes` that the input at `origin` produced.
    void emit(Word& word, std::string_view bytes, std::size_t origin) const;
    void skip_separators_after_word();

    std::string_view text_;
    std::size_t& position_;
    const WordSyntax& syntax_;
};

void WordReader::emit(Word& word, std::string_view bytes, std::size_t origin) const {
    word.text += bytes;
    if (syntax_.track_origins) word.origins.insert(word.origins.end(), bytes.size(), origin);
}

bool WordReader::read_escape(Word& word, char quote, bool& finished) {
    const std::size_t backslash = position_;
    std::size_t next = position_ + 1;
    if (next >= text_.size()) {
        // A trailing backslash: kept when unknown escapes are kept (outside quotes, or
        // inside them in relaxed mode), dropped in relaxed mode, an error otherwise.
        position_ = text_.size();
        finished = true;
        if (syntax_.keep_unknown_escapes && (quote == 0 || syntax_.relax)) {
            emit(word, "\\", backslash);
            return true;
        }
        return syntax_.relax;
    }
    char escaped = text_[next];
    if (!syntax_.c_unescape && !syntax_.unescape_separators) {
        emit(word, std::string_view(&text_[next], 1), backslash);
        position_ = next + 1;
        return true;
    }
    if (syntax_.c_unescape) {
        if (std::optional<DecodedEscape> decoded = decode_escape(text_, next)) {
            emit(word, decoded->bytes, backslash);
            position_ = next + decoded->length;
            return true;
        }
    }
    if (syntax_.unescape_separators && (is_separator(escaped) || escaped == '\\')) {
        emit(word, std::string_view(&text_[next], 1), backslash);
    } else if (syntax_.keep_unknown_escapes) {
        emit(word, "\\", backslash);
        emit(word, std::string_view(&text_[next], 1), next);
    } else {
        position_ = next;
        return false;
    }
    position_ = next + 1;
    return true;
}

void WordReader::skip_separators_after_word() {
    if (!syntax_.coalesce_separators) {
        ++position_;
        return;
    }
    while (!at_end() && is_separator(text_[position_])) ++position_;
}

WordStatus WordReader::read(Word& word) {
    if (syntax_.coalesce_separators) {
        while (!at_end() && is_separator(text_[position_])) ++position_;
    }
    if (at_end()) return WordStatus::End;

    word.text.clear();
    word.origins.clear();
    word.begin = position_;
    char quote = 0;
    for (;;) {
        if (at_end()) {
            if (quote != 0 && !syntax_.relax) return WordStatus::Invalid;
            word.end = position_;
            return WordStatus::Found;
        }
        char c = text_[position_];
        if (c == '\\' && !syntax_.retain_escapes) {
            bool finished = false;
            if (!read_escape(word, quote, finished)) return WordStatus::Invalid;
            if (finished) {
                word.end = position_;
                return WordStatus::Found;
            }
            continue;
        }
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                emit(word, std::string_view(&text_[position_], 1), position_);
            }
            ++position_;
            continue;
        }
        if (syntax_.unquote && (c == '\'' || c == '"')) {
            quote = c;
            ++position_;
            continue;
        }
        if (is_separator(c)) {
            word.end = position_;
            skip_separators_after_word();
            return WordStatus::Found;
        }
        emit(word, std::string_view(&text_[position_], 1), position_);
        ++position_;
    }
}

// systemd's string_is_safe(): no control characters, quotes, backslashes or DEL.
bool is_safe_string(std::string_view text) {
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if ((byte > 0 && byte < ' ') || byte == 0x7F) return false;
        if (c == '"' || c == '\'' || c == '\\') return false;
    }
    return true;
}

void skip_whitespace(std::string_view text, std::size_t& position) {
    while (position < text.size() && is_whitespace(text[position])) ++position;
}

// Whether a lone ';' (or, with `escaped`, a lone "\;") starts at `position`.
bool lone_semicolon_at(std::string_view text, std::size_t position, bool escaped) {
    std::size_t at = position;
    if (escaped) {
        if (at >= text.size() || text[at] != '\\') return false;
        ++at;
    }
    if (at >= text.size() || text[at] != ';') return false;
    return at + 1 == text.size() || is_whitespace(text[at + 1]);
}

// Strips the prefix characters from the first word, in the combinations systemd accepts:
// each of "-@:" once, and at most one of '+', '!' and "!!".
std::size_t take_prefixes(std::string_view word, ExecPrefixes& prefixes) {
    std::size_t i = 0;
    for (; i < word.size(); ++i) {
        char c = word[i];
        bool privileged = prefixes.full_privileges || prefixes.no_setuid || prefixes.ambient;
        if (c == '-' && !prefixes.ignore_failure) {
            prefixes.ignore_failure = true;
        } else if (c == '@' && !prefixes.separate_argv0) {
            prefixes.separate_argv0 = true;
        } else if (c == ':' && !prefixes.no_env_expand) {
            prefixes.no_env_expand = true;
        } else if (c == '+' && !privileged) {
            prefixes.full_privileges = true;
        } else if (c == '!' && !privileged) {
            prefixes.no_setuid = true;
        } else if (c == '!' && !prefixes.full_privileges && !prefixes.ambient) {
            prefixes.no_setuid = false;
            prefixes.ambient = true;
        } else {
            break;
        }
    }
    return i;
}

// Parses the commands of one value, one instance per call of split_exec_value().
class ExecParser {
  public:
    ExecParser(std::string_view value, const SpecifierExpander& expand)
        : value_(value), expand_(expand) {}

    ExecSplit run();

  private:
    // Parses one command. Returns false when systemd stops reading the value.
    bool parse_command(bool& semicolon);
    bool parse_path(const Word& first, ExecCommand& command);
    bool parse_arguments(ExecCommand& command, bool& semicolon);
    WordStatus next_word(Word& word);
    std::optional<std::string> expand(const std::string& text, std::size_t offset);
    // Records why systemd drops the current command and returns false for the caller.
    bool drop(std::size_t offset, std::string message);

    static constexpr WordSyntax kSyntax{.unquote = true, .c_unescape = true, .track_origins = true};

    std::string_view value_;
    const SpecifierExpander& expand_;
    std::size_t position_ = 0;
    bool ignore_failure_ = false;
    ExecSplit result_;
};

ExecSplit ExecParser::run() {
    bool semicolon = false;
    do {
        semicolon = false;
        if (!parse_command(semicolon)) break;
    } while (semicolon);
    return std::move(result_);
}

WordStatus ExecParser::next_word(Word& word) {
    bool kept_escapes = false;
    WordStatus status =
        read_word_keeping_unknown_escapes(value_, position_, kSyntax, word, kept_escapes);
    if (status == WordStatus::Found && kept_escapes) {
        result_.problems.push_back(
            {word.begin, fmt::format("unknown escape sequence in '{}' kept as written", word.text),
             /*fatal=*/false});
    }
    return status;
}

bool ExecParser::drop(std::size_t offset, std::string message) {
    if (ignore_failure_) message += ", ignoring the command";
    result_.problems.push_back({offset, std::move(message), /*fatal=*/!ignore_failure_});
    return false;
}

std::optional<std::string> ExecParser::expand(const std::string& text, std::size_t offset) {
    if (!expand_) return text;
    Expected<std::string> expanded = expand_(text);
    if (expanded) return std::move(*expanded);
    drop(offset,
         fmt::format("failed to resolve specifiers in '{}': {}", text, expanded.error().message));
    return std::nullopt;
}

bool ExecParser::parse_command(bool& semicolon) {
    Word first;
    WordStatus status = next_word(first);
    if (status == WordStatus::End) return false;
    if (status == WordStatus::Invalid) {
        // systemd logs this and keeps the commands before it, without failing the unit.
        result_.problems.push_back(
            {position_, "unbalanced quoting, ignoring the rest of the value", /*fatal=*/false});
        return false;
    }
    if (first.text == ";") {
        semicolon = true;
        return true;
    }

    ExecCommand command;
    ignore_failure_ = false;
    if (!parse_path(first, command)) return false;
    if (!parse_arguments(command, semicolon)) return false;
    if (command.argv.empty()) {
        return drop(first.begin, "empty executable name or zeroeth argument");
    }
    result_.commands.push_back(std::move(command));
    return true;
}

bool ExecParser::parse_path(const Word& first, ExecCommand& command) {
    std::size_t prefix_length = take_prefixes(first.text, command.prefixes);
    ignore_failure_ = command.prefixes.ignore_failure;
    std::optional<std::string> path = expand(first.text.substr(prefix_length), first.begin);
    if (!path) return false;

    if (path->empty()) return drop(first.begin, "empty path in command line");
    if (!is_safe_string(*path)) {
        return drop(first.begin,
                    fmt::format("executable name '{}' contains special characters", *path));
    }
    if (path->back() == '/') {
        return drop(first.begin, fmt::format("executable path '{}' specifies a directory", *path));
    }
    bool absolute = path->front() == '/';
    if (absolute ? !is_valid_path(*path) : !is_valid_file_name(*path)) {
        return drop(first.begin, fmt::format("'{}' is neither a valid executable name nor an "
                                             "absolute path",
                                             *path));
    }

    // argv[0] keeps the path as written, and only the path itself is simplified.
    command.path_offset = first.begin;
    if (!command.prefixes.separate_argv0) {
        // The prefix characters are not part of argv[0].
        std::vector<std::size_t> origins;
        if (*path == first.text.substr(prefix_length)) {
            origins.assign(first.origins.begin() + static_cast<std::ptrdiff_t>(prefix_length),
                           first.origins.end());
        }
        command.argv.push_back(*path);
        command.argv_offsets.push_back(first.begin);
        command.argv_origins.push_back(std::move(origins));
    }
    command.path = simplify_path(*path);
    return true;
}

bool ExecParser::parse_arguments(ExecCommand& command, bool& semicolon) {
    while (position_ < value_.size()) {
        // Checked on the raw text, so that a quoted ";" or "\\;" stays an argument.
        if (lone_semicolon_at(value_, position_, /*escaped=*/false)) {
            ++position_;
            skip_whitespace(value_, position_);
            semicolon = true;
            return true;
        }
        if (lone_semicolon_at(value_, position_, /*escaped=*/true)) {
            command.argv.emplace_back(";");
            command.argv_offsets.push_back(position_);
            command.argv_origins.push_back({position_ + 1});
            position_ += 2;
            skip_whitespace(value_, position_);
            continue;
        }

        Word word;
        WordStatus status = next_word(word);
        if (status == WordStatus::End) break;
        if (status == WordStatus::Invalid) return drop(position_, "unbalanced quoting");
        std::optional<std::string> argument = expand(word.text, word.begin);
        if (!argument) return false;
        command.argv_origins.push_back(*argument == word.text ? std::move(word.origins)
                                                              : std::vector<std::size_t>{});
        command.argv.push_back(std::move(*argument));
        command.argv_offsets.push_back(word.begin);
    }
    return true;
}

}  // namespace

WordStatus read_word(std::string_view text, std::size_t& position, const WordSyntax& syntax,
                     Word& word) {
    return WordReader(text, position, syntax).read(word);
}

WordStatus read_word_keeping_unknown_escapes(std::string_view text, std::size_t& position,
                                             const WordSyntax& syntax, Word& word,
                                             bool& kept_escapes) {
    kept_escapes = false;
    std::size_t start = position;
    WordStatus status = read_word(text, position, syntax, word);
    if (status != WordStatus::Invalid || !syntax.c_unescape || syntax.keep_unknown_escapes) {
        return status;
    }
    WordSyntax lenient = syntax;
    lenient.keep_unknown_escapes = true;
    position = start;
    status = read_word(text, position, lenient, word);
    kept_escapes = status == WordStatus::Found;
    return status;
}

ExecSplit split_exec_value(std::string_view value, const SpecifierExpander& expand) {
    return ExecParser(value, expand).run();
}

std::string simplify_path(std::string_view path) {
    bool absolute = !path.empty() && path.front() == '/';
    std::string out = absolute ? "/" : "";
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view component = path.substr(start, slash - start);
        start = slash + 1;
        if (component.empty() || component == ".") continue;
        if (!out.empty() && out.back() != '/') out += '/';
        out += component;
    }
    if (out.empty()) return path.empty() ? std::string() : ".";
    return out;
}

bool is_valid_path(std::string_view path) {
    if (path.empty() || path.size() >= kPathMax) return false;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash - start > kNameMax) return false;
        start = slash + 1;
    }
    return true;
}

bool is_valid_file_name(std::string_view name) {
    if (name.empty() || name == "." || name == "..") return false;
    return name.find('/') == std::string_view::npos && name.size() <= kNameMax;
}

bool is_normalized_path(std::string_view path) {
    if (!is_valid_path(path) || path.find("//") != std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view component = path.substr(start, slash - start);
        if (component == "." || component == "..") return false;
        start = slash + 1;
    }
    return true;
}

}  // namespace unitguard::linter
