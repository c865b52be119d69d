// SPDX-License-Identifier: MIT
// The commands a unit's Exec*= lines run, with `sh -c` scripts parsed by tree-sitter-bash.
#include "rules/shell/command_model.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "linter/environment_value.hpp"
#include "linter/workspace.hpp"
#include "rules/breakage/unit_inspection.hpp"

namespace unitguard::rules::shell {
namespace {

// Programs that run their arguments as another user, with the options that take a value.
struct PrivilegeWrapper {
    std::string_view name;
    std::string_view options_with_value;  ///< space-separated
};
constexpr std::array<PrivilegeWrapper, 3> kPrivilegeWrappers = {{
    {"sudo", "-u -g -C -D -h -p -r -t -U -T --user --group --chdir --host --prompt"},
    {"doas", "-u -C"},
    {"runuser", "-u -g -G --user --group --supp-group"},
}};

// A word with the offset in the Exec*= value of each of its bytes.
struct TrackedWord {
    std::string text;
    std::vector<std::size_t> origins;
};

bool is_name_character(char c, bool first) {
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return !first && c >= '0' && c <= '9';
}

// Length of the variable name at the start of `text`.
std::size_t name_length(std::string_view text) {
    std::size_t length = 0;
    while (length < text.size() && is_name_character(text[length], length == 0)) ++length;
    return length;
}

using EnvironmentMap = std::map<std::string, std::string, std::less<>>;

EnvironmentMap unit_environment(const RuleContext& context) {
    EnvironmentMap environment;
    const linter::Setting* setting = context.unit.effective.settings.find("Environment");
    if (setting == nullptr) return environment;
    for (const linter::AppliedAssignment& assignment : setting->history) {
        if (!assignment.live || assignment.value.empty()) continue;
        for (const linter::EnvironmentAssignment& variable :
             linter::split_environment_value(assignment.value).assignments) {
            environment[variable.name] = variable.value;
        }
    }
    return environment;
}

// Expands one argument as systemd does before it starts the command: a word that is only
// `$NAME` becomes the value split at whitespace, `${NAME}` is replaced in place, and `$$`
// stands for `$`. Variables the unit does not set stay as written.
void expand_word(const TrackedWord& word, const EnvironmentMap& environment,
                 std::vector<TrackedWord>& out) {
    std::string_view text = word.text;
    std::size_t first = word.origins.empty() ? 0 : word.origins.front();
    auto origin = [&](std::size_t at) {
        return at < word.origins.size() ? word.origins[at] : first;
    };
    if (text.size() > 1 && text[0] == '$' && name_length(text.substr(1)) == text.size() - 1) {
        auto found = environment.find(text.substr(1));
        if (found != environment.end()) {
            for (std::string_view part : breakage::split_words(found->second)) {
                out.push_back({std::string(part), std::vector<std::size_t>(part.size(), first)});
            }
            return;
        }
    }
    TrackedWord expanded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
            expanded.text += '$';
            expanded.origins.push_back(origin(i));
            ++i;
            continue;
        }
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            std::size_t length = name_length(text.substr(i + 2));
            std::size_t close = i + 2 + length;
            if (length > 0 && close < text.size() && text[close] == '}') {
                auto found = environment.find(text.substr(i + 2, length));
                if (found != environment.end()) {
                    expanded.text += found->second;
                    expanded.origins.insert(expanded.origins.end(), found->second.size(),
                                            origin(i));
                    i = close;
                    continue;
                }
            }
        }
        expanded.text += text[i];
        expanded.origins.push_back(origin(i));
    }
    out.push_back(std::move(expanded));
}

// The words systemd passes to the program: the executable, then argv[1...].
std::vector<TrackedWord> exec_words(const linter::ExecCommand& exec,
                                    const EnvironmentMap& environment) {
    std::vector<TrackedWord> words;
    auto tracked = [&](std::size_t index) {
        TrackedWord word{exec.argv[index], {}};
        if (index < exec.argv_origins.size() &&
            exec.argv_origins[index].size() == word.text.size()) {
            word.origins = exec.argv_origins[index];
        } else {
            word.origins.assign(word.text.size(), exec.argv_offsets[index]);
        }
        return word;
    };
    if (exec.prefixes.separate_argv0 || exec.argv.empty()) {
        words.push_back({exec.path, std::vector<std::size_t>(exec.path.size(), exec.path_offset)});
    } else {
        words.push_back(tracked(0));
    }
    for (std::size_t i = 1; i < exec.argv.size(); ++i) {
        TrackedWord word = tracked(i);
        if (exec.prefixes.no_env_expand) {
            words.push_back(std::move(word));
        } else {
            expand_word(word, environment, words);
        }
    }
    return words;
}

// Reads the words of a parsed script into Commands.
class ScriptWalker {
  public:
    ScriptWalker(const Script& script, CommandLine& line) : script_(script), line_(line) {}

    void walk(TSNode node, int pipeline, std::size_t stage, bool substituted);

  private:
    CommandWord word_of(TSNode node) const;
    Redirection redirection_of(TSNode node) const;
    void add_command(TSNode node, int pipeline, std::size_t stage, bool substituted);
    void walk_children(TSNode node, int pipeline, std::size_t stage, bool substituted);

    const Script& script_;
    CommandLine& line_;
    int pipelines_ = 0;
};

// Removes the backslashes of an unquoted word: `\x` is `x`, and a backslash before a
// newline joins the lines.
std::string unescape_unquoted(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            ++i;
            if (text[i] == '\n') continue;
        }
        out += text[i];
    }
    return out;
}

// Removes the backslashes that are special inside double quotes: before $, `, ", \ and a
// newline.
std::string unescape_double_quoted(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() &&
            std::string_view("$`\"\\\n").find(text[i + 1]) != std::string_view::npos) {
            ++i;
            if (text[i] == '\n') continue;
        }
        out += text[i];
    }
    return out;
}

CommandWord ScriptWalker::word_of(TSNode node) const {
    const BashTree& tree = script_.tree;
    std::string_view source = tree.text(node);
    CommandWord word{std::string(source), true, script_.origin(ts_node_start_byte(node))};
    if (has_type(node, "word")) {
        word.text = unescape_unquoted(source);
        word.literal = source.empty() || source.front() != '~';
    } else if (has_type(node, "number")) {
        word.literal = true;
    } else if (has_type(node, "raw_string")) {
        word.text = source.size() >= 2 ? std::string(source.substr(1, source.size() - 2)) : "";
    } else if (has_type(node, "string")) {
        std::uint32_t count = ts_node_named_child_count(node);
        for (std::uint32_t i = 0; i < count; ++i) {
            if (!has_type(ts_node_named_child(node, i), "string_content")) word.literal = false;
        }
        if (word.literal) {
            std::string_view inner =
                source.size() >= 2 ? source.substr(1, source.size() - 2) : std::string_view();
            word.text = unescape_double_quoted(inner);
        }
    } else if (has_type(node, "concatenation")) {
        std::string joined;
        std::uint32_t count = ts_node_child_count(node);
        for (std::uint32_t i = 0; i < count && word.literal; ++i) {
            CommandWord part = word_of(ts_node_child(node, i));
            if (!part.literal) word.literal = false;
            joined += part.text;
        }
        if (word.literal) word.text = std::move(joined);
    } else {
        word.literal = false;
    }
    return word;
}

Redirection ScriptWalker::redirection_of(TSNode node) const {
    Redirection redirection;
    redirection.offset = script_.origin(ts_node_start_byte(node));
    for_each_child(node, [&](TSNode child, std::string_view field) {
        if (!ts_node_is_named(child) && redirection.op.empty()) {
            redirection.op = ts_node_type(child);
            redirection.offset = script_.origin(ts_node_start_byte(child));
        } else if (field == "destination" && redirection.target.text.empty()) {
            redirection.target = word_of(child);
        }
    });
    return redirection;
}

void ScriptWalker::add_command(TSNode node, int pipeline, std::size_t stage, bool substituted) {
    Command command;
    command.in_script = true;
    command.substituted = substituted;
    command.pipeline = pipeline;
    command.stage = stage;
    for_each_child(node, [&](TSNode child, std::string_view field) {
        if (field == "name") {
            TSNode inner = ts_node_named_child(child, 0);
            command.words.push_back(word_of(ts_node_is_null(inner) ? child : inner));
        } else if (field == "argument") {
            command.words.push_back(word_of(child));
        } else if (field == "redirect" && has_type(child, "file_redirect")) {
            command.redirections.push_back(redirection_of(child));
        }
    });
    line_.commands.push_back(std::move(command));
}

void ScriptWalker::walk_children(TSNode node, int pipeline, std::size_t stage, bool substituted) {
    std::uint32_t count = ts_node_named_child_count(node);
    for (std::uint32_t i = 0; i < count; ++i) {
        walk(ts_node_named_child(node, i), pipeline, stage, substituted);
    }
}

void ScriptWalker::walk(TSNode node, int pipeline, std::size_t stage, bool substituted) {
    if (has_type(node, "command")) {
        add_command(node, pipeline, stage, substituted);
        // Substitutions in the words run commands of their own.
        walk_children(node, -1, 0, substituted);
    } else if (has_type(node, "redirected_statement")) {
        TSNode body = field_child(node, "body");
        std::size_t first = line_.commands.size();
        if (!ts_node_is_null(body)) walk(body, pipeline, stage, substituted);
        // tree-sitter-bash reads `a && b > file` as a redirection of the whole list, but the
        // shell applies it to the last command only.
        if (has_type(body, "list")) {
            for (std::size_t i = line_.commands.size(); i-- > first;) {
                if (line_.commands[i].substituted == substituted) {
                    first = i;
                    break;
                }
            }
        }
        bool body_is_command = (has_type(body, "command") || has_type(body, "list")) &&
                               first < line_.commands.size();
        if (!body_is_command) {
            Command holder;
            holder.in_script = true;
            holder.substituted = substituted;
            holder.pipeline = pipeline;
            holder.stage = stage;
            line_.commands.push_back(std::move(holder));
            first = line_.commands.size() - 1;
        }
        for_each_child(node, [&](TSNode child, std::string_view field) {
            if (field != "redirect") return;
            if (has_type(child, "file_redirect")) {
                line_.commands[first].redirections.push_back(redirection_of(child));
            }
            walk_children(child, -1, 0, substituted);
        });
    } else if (has_type(node, "pipeline")) {
        int id = pipelines_++;
        std::uint32_t count = ts_node_named_child_count(node);
        for (std::uint32_t i = 0; i < count; ++i) walk(ts_node_named_child(node, i), id, i, substituted);
    } else if (has_type(node, "command_substitution") ||
               has_type(node, "process_substitution")) {
        walk_children(node, -1, 0, true);
    } else if (has_type(node, "function_definition")) {
        TSNode name = field_child(node, "name");
        if (!ts_node_is_null(name)) line_.functions.emplace_back(script_.tree.text(name));
        walk_children(node, pipeline, stage, substituted);
    } else {
        walk_children(node, pipeline, stage, substituted);
    }
}

std::vector<std::string> word_texts(const std::vector<TrackedWord>& words) {
    std::vector<std::string> texts;
    texts.reserve(words.size());
    for (const TrackedWord& word : words) texts.push_back(word.text);
    return texts;
}

CommandLine build_line(breakage::ExecLine exec_line, const EnvironmentMap& environment) {
    CommandLine line;
    line.directive = std::move(exec_line.directive);
    line.assignment = exec_line.assignment;
    line.exec = std::move(exec_line.command);

    std::vector<TrackedWord> words = exec_words(line.exec, environment);
    Command direct;
    for (const TrackedWord& word : words) {
        direct.words.push_back(
            {word.text, true, word.origins.empty() ? line.exec.path_offset : word.origins[0]});
    }
    line.commands.push_back(std::move(direct));

    std::vector<std::string> texts = word_texts(words);
    std::optional<std::size_t> index = breakage::shell_script_index(texts);
    if (!index) return line;
    TrackedWord& script_text = words[*index];
    std::size_t end = script_text.origins.empty() ? line.exec.path_offset
                                                  : script_text.origins.back() + 1;
    std::vector<std::size_t> origins = std::move(script_text.origins);
    origins.push_back(end);
    line.script.emplace(
        Script{BashTree(std::move(script_text.text)), std::move(origins)});
    ScriptWalker(*line.script, line).walk(line.script->tree.root(), -1, 0, false);
    return line;
}

}  // namespace

bool Redirection::writes() const {
    if (op == ">" || op == ">>" || op == "&>" || op == "&>>" || op == ">|" || op == "<>") {
        return true;
    }
    // `>&2` duplicates a descriptor; `>&file` is bash for `&>file`.
    if (op == ">&") {
        return !target.text.empty() && target.text != "-" &&
               !std::all_of(target.text.begin(), target.text.end(),
                            [](char c) { return c >= '0' && c <= '9'; });
    }
    return false;
}

std::size_t Script::origin(std::size_t at) const {
    if (origins.empty()) return 0;
    return at < origins.size() ? origins[at] : origins.back();
}

const std::vector<CommandLine>& command_lines(const RuleContext& context) {
    // Several rules ask for the same unit one after the other; keep the last unit's lines.
    struct Cache {
        std::uint64_t serial = 0;
        std::vector<CommandLine> lines;
    };
    thread_local Cache cache;
    if (cache.serial == context.unit.serial) return cache.lines;
    cache.serial = 0;
    cache.lines.clear();
    EnvironmentMap environment = unit_environment(context);
    for (breakage::ExecLine& exec_line : breakage::live_exec_commands(context)) {
        cache.lines.push_back(build_line(std::move(exec_line), environment));
    }
    cache.serial = context.unit.serial;
    return cache.lines;
}

CommandLine parse_script(std::string script) {
    CommandLine line;
    std::vector<std::size_t> origins(script.size() + 1);
    for (std::size_t i = 0; i < origins.size(); ++i) origins[i] = i;
    line.script.emplace(Script{BashTree(std::move(script)), std::move(origins)});
    ScriptWalker(*line.script, line).walk(line.script->tree.root(), -1, 0, false);
    return line;
}

std::size_t program_index(const Command& command, bool through_privilege) {
    std::vector<std::string> texts;
    texts.reserve(command.words.size());
    for (const CommandWord& word : command.words) texts.push_back(word.text);
    std::size_t index = breakage::skip_launchers(texts);
    while (through_privilege && index < texts.size() && command.words[index].literal) {
        std::string_view name = breakage::base_name(texts[index]);
        auto wrapper = std::find_if(kPrivilegeWrappers.begin(), kPrivilegeWrappers.end(),
                                    [&](const PrivilegeWrapper& entry) { return entry.name == name; });
        if (wrapper == kPrivilegeWrappers.end()) break;
        ++index;
        while (index < texts.size()) {
            const std::string& word = texts[index];
            if (word == "--") {
                ++index;
                break;
            }
            if (word.empty() || word.front() != '-') break;
            index += breakage::list_has_word(wrapper->options_with_value, word) ? 2 : 1;
        }
        index = breakage::skip_launchers(texts, std::min(index, texts.size()));
    }
    if (index >= command.words.size() || !command.words[index].literal) return command.words.size();
    return index;
}

std::string_view program_name(const Command& command, std::size_t index) {
    if (index >= command.words.size()) return {};
    return breakage::base_name(command.words[index].text);
}

Location location_in_unit(const RuleContext& context, const CommandLine& line,
                          std::size_t offset) {
    return breakage::value_location(context, *line.assignment, offset);
}

}  // namespace unitguard::rules::shell
