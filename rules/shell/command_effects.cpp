// SPDX-License-Identifier: MIT
// Effects of well-known commands on the system, read from their words as coreutils,
// procps and the shell interpret them.
#include "rules/shell/command_effects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "drift/sysctl_d.hpp"
#include "linter/exec_command.hpp"
#include "rules/breakage/unit_inspection.hpp"

namespace unitguard::rules::shell {
namespace {

// The rule by which a writing command picks the files it writes from its operands.
enum class Operands {
    All,             ///< every operand (mkdir, touch, rm, tee, ...)
    AfterFirst,      ///< all but the first, which is a mode or an owner (chmod, chown)
    Destination,     ///< the last operand, or the -t directory (cp, mv, ln, install)
};

struct Writer {
    std::string_view name;
    Operands operands;
    std::string_view options_with_value;  ///< short options that take the next word
};

constexpr std::array<Writer, 13> kWriters = {{
    {"mkdir", Operands::All, "-m"},
    {"touch", Operands::All, "-d -r -t"},
    {"rm", Operands::All, ""},
    {"rmdir", Operands::All, ""},
    {"tee", Operands::All, ""},
    {"truncate", Operands::All, "-s -r"},
    {"chown", Operands::AfterFirst, ""},
    {"chgrp", Operands::AfterFirst, ""},
    {"chmod", Operands::AfterFirst, ""},
    {"cp", Operands::Destination, "-t -S"},
    {"mv", Operands::Destination, "-t -S"},
    {"ln", Operands::Destination, "-t -S"},
    {"install", Operands::Destination, "-m -o -g -t -S"},
}};

// The absolute path a literal word names, with a glob cut at the directory before it.
std::optional<std::string> absolute_path(const CommandWord& word) {
    if (!word.literal || word.text.empty() || word.text.front() != '/') return std::nullopt;
    std::string_view text = word.text;
    std::size_t glob = text.find_first_of("*?[");
    if (glob != std::string_view::npos) text = text.substr(0, text.rfind('/', glob) + 1);
    return linter::simplify_path(text);
}

// Splits the words after the program into operands and the -t directory.
struct ParsedArguments {
    std::vector<const CommandWord*> operands;
    const CommandWord* target_directory = nullptr;
    bool make_directories = false;  ///< install -d
    bool reference_mode = false;    ///< chmod/chown --reference=FILE: no mode operand
};

ParsedArguments parse_arguments(const Command& command, std::size_t program, const Writer& writer) {
    ParsedArguments parsed;
    bool options_done = false;
    for (std::size_t i = program + 1; i < command.words.size(); ++i) {
        const CommandWord& word = command.words[i];
        const std::string& text = word.text;
        if (!options_done && text == "--") {
            options_done = true;
        } else if (!options_done && text.size() > 1 && text.front() == '-') {
            if (text == "-t" && i + 1 < command.words.size()) {
                parsed.target_directory = &command.words[++i];
            } else if (text.starts_with("--target-directory=")) {
                parsed.target_directory = &word;
            } else if (text.starts_with("--reference")) {
                parsed.reference_mode = true;
            } else if (breakage::list_has_word(writer.options_with_value, text)) {
                ++i;
            } else if (writer.name == "install" && (text == "-d" || text == "--directory")) {
                parsed.make_directories = true;
            }
        } else {
            parsed.operands.push_back(&word);
        }
    }
    return parsed;
}

std::vector<const CommandWord*> written_words(const ParsedArguments& parsed, const Writer& writer) {
    std::vector<const CommandWord*> words;
    switch (writer.operands) {
        case Operands::All:
            return parsed.operands;
        case Operands::AfterFirst:
            words = parsed.operands;
            if (!parsed.reference_mode && !words.empty()) words.erase(words.begin());
            return words;
        case Operands::Destination:
            if (parsed.target_directory != nullptr) return {parsed.target_directory};
            if (parsed.make_directories) return parsed.operands;
            if (parsed.operands.size() >= 2) return {parsed.operands.back()};
            return {};
    }
    return words;
}

// The value printed by `echo` or `printf` when all of its words are literal.
std::optional<std::string> printed_value(const Command& command) {
    std::size_t program = program_index(command, true);
    std::string_view name = program_name(command, program);
    if (name != "echo" && name != "printf") return std::nullopt;
    std::string value;
    bool first = true;
    for (std::size_t i = program + 1; i < command.words.size(); ++i) {
        const CommandWord& word = command.words[i];
        if (!word.literal) return std::nullopt;
        if (name == "echo" && first && (word.text == "-n" || word.text == "-e")) continue;
        if (!first) value += ' ';
        value += word.text;
        first = false;
    }
    if (name == "printf" && value.find('%') != std::string::npos) return std::nullopt;
    // The kernel ignores the newline that echo prints, and so does the comparison.
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
    return value;
}

std::optional<std::string> key_of_proc_path(std::string_view path) {
    constexpr std::string_view kProcSys = "/proc/sys/";
    if (!path.starts_with(kProcSys) || path.size() == kProcSys.size()) return std::nullopt;
    std::string key = drift::normalize_sysctl_key(path.substr(kProcSys.size() - 1));
    if (key.empty()) return std::nullopt;
    return key;
}

}  // namespace

bool is_file_writer(std::string_view name) {
    return name == "sysctl" ||
           std::any_of(kWriters.begin(), kWriters.end(),
                       [&](const Writer& writer) { return writer.name == name; });
}

std::vector<WriteTarget> write_targets(const Command& command) {
    std::vector<WriteTarget> targets;
    for (const Redirection& redirection : command.redirections) {
        if (!redirection.writes()) continue;
        if (auto path = absolute_path(redirection.target)) {
            if (*path == "/dev/null" || path->starts_with("/dev/std") || path->starts_with("/dev/fd/")) {
                continue;
            }
            targets.push_back({*path, fmt::format("the redirection '{}'", redirection.op),
                               redirection.offset});
        }
    }
    std::size_t program = program_index(command, true);
    if (program >= command.words.size()) return targets;
    std::string_view name = program_name(command, program);
    std::size_t at = command.words[program].offset;

    if (name == "sysctl") {
        for (const SysctlWrite& write : sysctl_writes(command, nullptr)) {
            targets.push_back({fmt::format("/proc/sys/{}", drift::sysctl_key_to_path(write.key)),
                               "'sysctl'", at});
        }
        return targets;
    }
    auto writer = std::find_if(kWriters.begin(), kWriters.end(),
                               [&](const Writer& entry) { return entry.name == name; });
    if (writer == kWriters.end()) return targets;
    ParsedArguments parsed = parse_arguments(command, program, *writer);
    for (const CommandWord* word : written_words(parsed, *writer)) {
        CommandWord path_word = *word;
        if (path_word.text.starts_with("--target-directory=")) {
            path_word.text = path_word.text.substr(std::string_view("--target-directory=").size());
        }
        if (auto path = absolute_path(path_word)) {
            targets.push_back({*path, fmt::format("'{}'", name), at});
        }
    }
    return targets;
}

std::vector<SysctlWrite> sysctl_writes(const Command& command, const Command* previous) {
    std::vector<SysctlWrite> writes;
    for (const Redirection& redirection : command.redirections) {
        if (!redirection.writes()) continue;
        std::optional<std::string> path = absolute_path(redirection.target);
        std::optional<std::string> key = path ? key_of_proc_path(*path) : std::nullopt;
        if (key) writes.push_back({*key, printed_value(command), redirection.target.offset});
    }
    std::size_t program = program_index(command, true);
    if (program >= command.words.size()) return writes;
    std::string_view name = program_name(command, program);

    if (name == "tee") {
        std::optional<std::string> value =
            previous != nullptr ? printed_value(*previous) : std::nullopt;
        for (std::size_t i = program + 1; i < command.words.size(); ++i) {
            std::optional<std::string> path = absolute_path(command.words[i]);
            std::optional<std::string> key = path ? key_of_proc_path(*path) : std::nullopt;
            if (key) writes.push_back({*key, value, command.words[i].offset});
        }
        return writes;
    }
    if (name != "sysctl") return writes;
    // procps sets every `key=value` argument; -w only makes that explicit. -p and
    // --system load files, which are not read here.
    for (std::size_t i = program + 1; i < command.words.size(); ++i) {
        const CommandWord& word = command.words[i];
        if (word.text.starts_with("-")) continue;
        std::size_t equals = word.text.find('=');
        if (equals == std::string::npos || equals == 0) continue;
        std::string key = drift::normalize_sysctl_key(word.text.substr(0, equals));
        if (key.empty()) continue;
        std::optional<std::string> value;
        if (word.literal) value = word.text.substr(equals + 1);
        writes.push_back({key, value, word.offset});
    }
    return writes;
}

}  // namespace unitguard::rules::shell
