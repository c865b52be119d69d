// SPDX-License-Identifier: MIT
// Exec*= command splitting, following config_parse_exec() and extract_first_word() of 252.
#include "rules/syntax/exec_command_line.hpp"

#include <optional>

#include "rules/directives.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_octal(char c) { return c >= '0' && c <= '7'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes the C escape that starts after the backslash at `line[pos]` and appends it to
// `out`; returns the position after the escape. Unicode escapes append a placeholder,
// which is enough for the path checks made on the result.
std::size_t append_escape(std::string_view line, std::size_t pos, std::string& out) {
    if (pos >= line.size()) return pos;
    const char c = line[pos];
    switch (c) {
        case 'a':
            out += '\a';
            return pos + 1;
        case 'b':
            out += '\b';
            return pos + 1;
        case 'f':
            out += '\f';
            return pos + 1;
        case 'n':
            out += '\n';
            return pos + 1;
        case 'r':
            out += '\r';
            return pos + 1;
        case 't':
            out += '\t';
            return pos + 1;
        case 'v':
            out += '\v';
            return pos + 1;
        case 's':
            out += ' ';
            return pos + 1;
        default:
            break;
    }
    if (c == 'x' && pos + 2 < line.size() && hex_value(line[pos + 1]) >= 0 &&
        hex_value(line[pos + 2]) >= 0) {
        out += static_cast<char>(hex_value(line[pos + 1]) * 16 + hex_value(line[pos + 2]));
        return pos + 3;
    }
    if (is_octal(c) && pos + 2 < line.size() && is_octal(line[pos + 1]) &&
        is_octal(line[pos + 2])) {
        int value = 0;
        for (std::size_t i = 0; i < 3; ++i) value = value * 8 + (line[pos + i] - '0');
        out += static_cast<char>(value);
        return pos + 3;
    }
    if (c == 'u' || c == 'U') {
        out += '?';
        std::size_t digits = c == 'u' ? 4 : 8;
        std::size_t end = pos + 1;
        while (end < line.size() && end - pos - 1 < digits && hex_value(line[end]) >= 0) ++end;
        return end;
    }
    out += c;  // `\\`, `\"`, `\'`, `\;` and unknown escapes keep the character
    return pos + 1;
}

struct Word {
    std::string text;
    std::size_t start = 0;
};

// Reads the next word at or after `pos`, removing quotes and escapes; nothing at the end.
std::optional<Word> next_word(std::string_view line, std::size_t& pos) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (pos >= line.size()) return std::nullopt;
    Word word;
    word.start = pos;
    char quote = 0;
    while (pos < line.size()) {
        const char c = line[pos];
        if (quote == 0 && is_blank(c)) break;
        if (c == '\\') {
            pos = append_escape(line, pos + 1, word.text);
        } else if (quote == 0 && (c == '"' || c == '\'')) {
            quote = c;
            ++pos;
        } else if (c == quote) {
            quote = 0;
            ++pos;
        } else {
            word.text += c;
            ++pos;
        }
    }
    return word;
}

// Whether the unquoted `;` at `pos` is a word of its own, which separates two commands.
bool is_separator_at(std::string_view line, std::size_t pos) {
    return line[pos] == ';' && (pos + 1 == line.size() || is_blank(line[pos + 1]));
}

// Takes the prefix characters off the front of `word` into `command`, accepting each
// prefix once the way systemd 252 does (`!` twice means `!!`, `+` excludes `!`).
void take_prefixes(std::string_view word, bool shell_prefix, ExecCommandWord& command) {
    bool no_expand = false, privileged = false, no_setuid = false, ambient = false;
    std::size_t i = 0;
    for (; i < word.size(); ++i) {
        const char c = word[i];
        if (c == '-' && !command.ignore_failure) {
            command.ignore_failure = true;
        } else if (c == '@' && !command.separate_argv0) {
            command.separate_argv0 = true;
        } else if (c == ':' && !no_expand) {
            no_expand = true;
        } else if (c == '+' && !privileged && !no_setuid && !ambient) {
            privileged = true;
        } else if (c == '!' && !privileged && !no_setuid && !ambient) {
            no_setuid = true;
        } else if (c == '!' && !privileged && !ambient) {
            no_setuid = false;
            ambient = true;
        } else if (c == '|' && shell_prefix && !command.via_shell) {
            command.via_shell = true;
        } else {
            break;
        }
    }
    command.prefixes = std::string(word.substr(0, i));
    command.executable = std::string(word.substr(i));
}

// systemd's filename_is_valid() || path_is_absolute() && path_is_valid(): a file name of at
// most NAME_MAX bytes other than "." and "..", or an absolute path shorter than PATH_MAX
// whose components are at most NAME_MAX bytes each.
bool path_or_file_name_valid(std::string_view path) {
    constexpr std::size_t kNameMax = 255;
    constexpr std::size_t kPathMax = 4096;
    if (path.front() != '/') {
        return path.find('/') == std::string_view::npos && path != "." && path != ".." &&
               path.size() <= kNameMax;
    }
    if (path.size() >= kPathMax) return false;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end - start > kNameMax) return false;
        start = end + 1;
    }
    return true;
}

}  // namespace

std::vector<ExecCommandWord> split_exec_commands(std::string_view line, int target_version) {
    std::vector<ExecCommandWord> commands;
    const bool shell_prefix = target_version >= kShellPrefixAddedIn;
    std::size_t pos = 0;
    bool more = true;
    while (more) {
        more = false;
        std::optional<Word> first = next_word(line, pos);
        if (!first) break;
        if (first->text == ";") {
            more = true;
            continue;
        }
        ExecCommandWord command;
        command.offset = first->start;
        command.length = pos - first->start;
        take_prefixes(first->text, shell_prefix, command);

        // Arguments up to the end or to the next lone `;`.
        while (true) {
            while (pos < line.size() && is_blank(line[pos])) ++pos;
            if (pos >= line.size()) break;
            if (is_separator_at(line, pos)) {
                ++pos;
                more = true;
                break;
            }
            if (!next_word(line, pos)) break;
            ++command.argument_count;
        }
        commands.push_back(std::move(command));
    }
    return commands;
}

ExecPathError exec_path_error(const ExecCommandWord& command) {
    if (command.via_shell) return ExecPathError::None;
    const std::string_view path = command.executable;
    if (path.empty()) return ExecPathError::Empty;
    for (char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte > 0 && byte < ' ') || byte == 0x7f || c == '"' || c == '\\' || c == '\'') {
            return ExecPathError::SpecialCharacters;
        }
    }
    if (path.back() == '/') return ExecPathError::Directory;
    if (!path_or_file_name_valid(path)) return ExecPathError::NotAbsolute;
    if (command.separate_argv0 && command.argument_count == 0) return ExecPathError::MissingArgv0;
    return ExecPathError::None;
}

bool is_bare_executable_name(std::string_view path) {
    return !path.empty() && path.find('/') == std::string_view::npos;
}

bool has_variable_reference(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '$') continue;
        const char next = text[i + 1];
        if (next == '$') {  // `$$` is a literal dollar sign, not a reference
            ++i;
            continue;
        }
        if (next == '{' || next == '_' || (next >= 'A' && next <= 'Z') ||
            (next >= 'a' && next <= 'z')) {
            return true;
        }
    }
    return false;
}

void for_each_exec_command(
    const linter::Settings& settings, std::string_view unit_type, int target_version,
    const std::function<void(const linter::Setting&, const linter::AppliedAssignment&,
                             const ExecCommandWord&)>& visit) {
    for (const auto& [key, setting] : settings.by_key) {
        if (setting.directive == nullptr || setting.directive->kind != ValueKind::ExecCommand) {
            continue;
        }
        if (!section_known_for_type(setting.section, unit_type)) continue;
        for (const linter::AppliedAssignment& applied : setting.history) {
            if (!applied.ignored.empty() || applied.value.empty()) continue;
            for (const ExecCommandWord& command :
                 split_exec_commands(applied.value, target_version)) {
                visit(setting, applied, command);
            }
        }
    }
}

std::string_view rejection_consequence(const ExecCommandWord& command) {
    return command.ignore_failure ? "systemd ignores the rest of this line ('-' prefix)"
                                  : "systemd refuses to load the unit";
}

}  // namespace unitguard::rules
