// SPDX-License-Identifier: MIT
// Facts about one unit that the breakage rules share: places, Exec*= commands, programs.
#include "rules/breakage/unit_inspection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "linter/workspace.hpp"
#include "rules/directives.hpp"

namespace unitguard::rules::breakage {
namespace {

// Launchers that run the rest of their arguments as a command, with the options that take
// a separate value word. `timeout` also takes a duration before the command.
struct Launcher {
    std::string_view name;
    std::string_view options_with_value;  ///< e.g. "-u" for `env -u NAME`, space-separated
    bool takes_operand;                   ///< one non-option word before the command
};

constexpr std::array<Launcher, 11> kLaunchers = {{
    {"env", "-u --unset -C --chdir -S --split-string", false},
    {"nice", "-n --adjustment", false},
    {"nohup", "", false},
    {"exec", "-a", false},
    {"command", "", false},
    {"setsid", "", false},
    {"stdbuf", "-i -o -e --input --output --error", false},
    {"ionice", "-c -n -p -P -u --class --classdata", false},
    {"timeout", "-s -k --signal --kill-after", true},
    {"time", "-f -o --format --output", false},
    {"chronic", "", false},
}};

// Reserved words that may stand in front of the program name of a simple command, or
// make up a command of their own.
constexpr std::array<std::string_view, 15> kLeadingReservedWords = {
    "if",   "then", "else", "elif", "fi", "while", "until", "do",
    "done", "esac", "!",    "{",    "}",  "(",     "time"};

// Shells whose `-c` option takes a script.
constexpr std::array<std::string_view, 7> kShells = {"sh",  "bash", "dash", "zsh",
                                                     "ksh", "mksh", "ash"};

bool is_assignment_word(std::string_view word) {
    std::size_t equals = word.find('=');
    if (equals == 0 || equals == std::string_view::npos) return false;
    return std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(equals),
                       [](char c) {
                           return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                  (c >= '0' && c <= '9');
                       });
}


const Launcher* find_launcher(std::string_view name) {
    for (const Launcher& launcher : kLaunchers) {
        if (launcher.name == name) return &launcher;
    }
    return nullptr;
}

// Whether `word` is a redirection such as `>`, `2>&1` or `>>/var/log/x`. `target_follows`
// tells whether the file name is the next word.
bool is_redirection(std::string_view word, bool& target_follows) {
    std::size_t i = 0;
    while (i < word.size() && word[i] >= '0' && word[i] <= '9') ++i;
    if (i == word.size() || (word[i] != '>' && word[i] != '<')) return false;
    std::size_t operator_end = word.find_first_not_of("<>&|", i);
    target_follows = operator_end == std::string_view::npos;
    return true;
}

// Splits a shell script into simple commands, each a list of words. Quotes are removed,
// and `;`, `&`, `|`, newlines, parentheses, backquotes and `$(` end a command.
std::vector<std::vector<std::string>> split_simple_commands(std::string_view script) {
    std::vector<std::vector<std::string>> commands(1);
    std::string word;
    bool in_word = false;
    auto end_word = [&] {
        if (in_word) commands.back().push_back(word);
        word.clear();
        in_word = false;
    };
    auto end_command = [&] {
        end_word();
        if (!commands.back().empty()) commands.emplace_back();
    };
    for (std::size_t i = 0; i < script.size(); ++i) {
        char c = script[i];
        if (c == '\'' || c == '"') {
            std::size_t close = script.find(c, i + 1);
            if (close == std::string_view::npos) close = script.size();
            word.append(script.substr(i + 1, close - i - 1));
            in_word = true;
            i = close;
        } else if (c == '\\' && i + 1 < script.size()) {
            word += script[++i];
            in_word = true;
        } else if (c == '$' && i + 1 < script.size() && script[i + 1] == '(') {
            end_command();
            ++i;
        } else if (c == ';' || c == '&' || c == '|' || c == '\n' || c == '(' || c == ')' ||
                   c == '`') {
            end_command();
        } else if (c == ' ' || c == '\t' || c == '\r') {
            end_word();
        } else {
            word += c;
            in_word = true;
        }
    }
    end_word();
    if (commands.back().empty()) commands.pop_back();
    return commands;
}

}  // namespace

const linter::RootFs& unit_root(const RuleContext& context) {
    return context.workspace.root();
}

std::string place_of(const RuleContext& context, const linter::AppliedAssignment& assignment) {
    return fmt::format("{}:{}", context.workspace.display_path(assignment.path), assignment.line);
}

Location location_of(const RuleContext& context, const linter::AppliedAssignment& assignment) {
    return {context.workspace.display_path(assignment.path), assignment.line, assignment.column, 0};
}

Location value_location(const RuleContext& context, const linter::AppliedAssignment& assignment,
                        std::size_t offset) {
    Location location = location_of(context, assignment);
    location.column = assignment.value_column;
    if (assignment.raw_value != assignment.value) return location;
    for (const auto& file : context.unit.loaded.files) {
        if (file->path != assignment.path) continue;
        for (const linter::Assignment& written : file->assignments) {
            if (written.line != assignment.line || written.column != assignment.column) continue;
            auto [line, column] = written.value_position(offset);
            location.line = line;
            location.column = column;
            return location;
        }
    }
    return location;
}

std::vector<ExecLine> live_exec_commands(const RuleContext& context) {
    // File order: the position of the assignment's file among the unit's files, then line.
    auto file_index = [&](const std::string& path) {
        const auto& files = context.unit.loaded.files;
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (files[i]->path == path) return i;
        }
        return files.size();
    };
    std::vector<ExecLine> lines;
    for (const auto& [key, setting] : context.unit.effective.settings.by_key) {
        if (setting.directive == nullptr || setting.directive->kind != ValueKind::ExecCommand) {
            continue;
        }
        for (const linter::AppliedAssignment& assignment : setting.history) {
            if (!assignment.live || assignment.value.empty()) continue;
            for (linter::ExecCommand& command :
                 linter::split_exec_value(assignment.value).commands) {
                lines.push_back({setting.name, &assignment, std::move(command)});
            }
        }
    }
    std::stable_sort(lines.begin(), lines.end(), [&](const ExecLine& a, const ExecLine& b) {
        return std::make_pair(file_index(a.assignment->path), a.assignment->line) <
               std::make_pair(file_index(b.assignment->path), b.assignment->line);
    });
    return lines;
}

std::vector<std::string> command_words(const linter::ExecCommand& command) {
    std::vector<std::string> words{command.path};
    for (std::size_t i = 1; i < command.argv.size(); ++i) words.push_back(command.argv[i]);
    return words;
}

bool runs_sandboxed(const linter::ExecCommand& command) {
    return !command.prefixes.full_privileges;
}

std::optional<ProgramFile> find_program(const linter::RootFs& root, std::string_view path) {
    auto regular_file = [&](std::string_view inner) -> std::optional<ProgramFile> {
        Expected<linter::ResolvedPath> resolved = root.resolve(inner);
        if (!resolved || resolved->type != linter::FileType::Regular) return std::nullopt;
        return ProgramFile{resolved->path, root.host_path(resolved->path)};
    };
    if (path.empty()) return std::nullopt;
    if (path.front() == '/') return regular_file(path);
    if (path.find('/') != std::string_view::npos) return std::nullopt;
    for (std::string_view directory : kExecSearchPath) {
        if (auto found = regular_file(linter::join_path(directory, path))) return found;
    }
    return std::nullopt;
}

bool list_has_word(std::string_view list, std::string_view word) {
    std::size_t position = 0;
    while (position < list.size()) {
        std::size_t end = list.find(' ', position);
        if (end == std::string_view::npos) end = list.size();
        if (list.substr(position, end - position) == word) return true;
        position = end + 1;
    }
    return false;
}

bool is_shell_name(std::string_view name) {
    return std::find(kShells.begin(), kShells.end(), name) != kShells.end();
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t position = 0;
    while (position < text.size()) {
        std::size_t start = text.find_first_not_of(" \t", position);
        if (start == std::string_view::npos) break;
        std::size_t end = text.find_first_of(" \t", start);
        if (end == std::string_view::npos) end = text.size();
        words.push_back(text.substr(start, end - start));
        position = end;
    }
    return words;
}

std::string_view base_name(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::size_t skip_launchers(const std::vector<std::string>& argv, std::size_t start) {
    std::size_t i = start;
    while (i < argv.size()) {
        const Launcher* launcher = find_launcher(base_name(argv[i]));
        if (launcher == nullptr) return i;
        ++i;
        bool operand_pending = launcher->takes_operand;
        while (i < argv.size()) {
            const std::string& word = argv[i];
            if (word == "--") {
                ++i;
                break;
            }
            if (!word.empty() && word.front() == '-') {
                i += list_has_word(launcher->options_with_value, word) ? 2 : 1;
            } else if (launcher->name == "env" && is_assignment_word(word)) {
                ++i;
            } else if (operand_pending) {
                operand_pending = false;
                ++i;
            } else {
                break;
            }
        }
    }
    return std::min(i, argv.size());
}

std::optional<std::size_t> shell_script_index(const std::vector<std::string>& argv) {
    std::size_t program = skip_launchers(argv);
    if (program >= argv.size()) return std::nullopt;
    std::string_view shell = base_name(argv[program]);
    if (!is_shell_name(shell)) return std::nullopt;
    for (std::size_t i = program + 1; i + 1 < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word.size() < 2 || word.front() != '-' || word[1] == '-') break;
        // `-c` may be combined with other single-letter options, as in `sh -ec 'script'`.
        if (word.find('c') != std::string::npos) return i + 1;
    }
    return std::nullopt;
}

std::vector<std::string> script_programs(std::string_view script) {
    std::vector<std::string> programs;
    for (std::vector<std::string>& words : split_simple_commands(script)) {
        std::size_t i = 0;
        while (i < words.size() &&
               std::find(kLeadingReservedWords.begin(), kLeadingReservedWords.end(), words[i]) !=
                   kLeadingReservedWords.end()) {
            ++i;
        }
        // `for NAME in ...` and `case WORD in` start no program.
        if (i < words.size() && (words[i] == "for" || words[i] == "case")) continue;
        std::vector<std::string> rest;
        bool skip_next = false;
        for (; i < words.size(); ++i) {
            bool target_follows = false;
            if (skip_next) {
                skip_next = false;
            } else if (is_redirection(words[i], target_follows)) {
                skip_next = target_follows;
            } else if (!rest.empty() || !is_assignment_word(words[i])) {
                rest.push_back(words[i]);
            }
        }
        std::size_t program = skip_launchers(rest);
        if (program < rest.size()) programs.push_back(rest[program]);
    }
    return programs;
}

}  // namespace unitguard::rules::breakage
