// SPDX-License-Identifier: MIT
// Fuzz target: the Exec*= command splitters, linter::split_exec_value (with and without
// specifier expansion) and rules::split_exec_commands with its path checks, plus
// linter::read_word with the flag mix chosen by the first input byte.
//
// Input: one flag byte, then the value. Bits 0-5 of the flag byte set the WordSyntax
// flags in the order of their fields, bit 6 picks the separators, bit 7 the target
// release (252 or 258, the first with the `|` prefix).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "linter/exec_command.hpp"
#include "linter/specifiers.hpp"
#include "linter/unit_name.hpp"
#include "rules/syntax/exec_command_line.hpp"

namespace {

using namespace unitguard;

// Fixed facts for %-specifiers, so that runs do not depend on the host.
const linter::SpecifierContext& specifier_context() {
    static const linter::SpecifierContext context = [] {
        linter::SpecifierContext facts;
        facts.unit = linter::parse_unit_name("game-server@2.service").value();
        facts.hostname = "host.example";
        facts.machine_id = "0123456789abcdef0123456789abcdef";
        facts.os_id = "debian";
        facts.os_version_id = "12";
        facts.kernel_release = "6.1.0-13-amd64";
        facts.architecture = "x86-64";
        facts.user_name = "root";
        facts.user_id = "0";
        facts.group_name = "root";
        facts.group_id = "0";
        facts.home = "/root";
        facts.shell = "/bin/sh";
        return facts;
    }();
    return context;
}

void split_words(std::string_view value, std::uint8_t flags) {
    linter::WordSyntax syntax;
    syntax.unquote = (flags & 0x01) != 0;
    syntax.c_unescape = (flags & 0x02) != 0;
    syntax.keep_unknown_escapes = (flags & 0x04) != 0;
    syntax.unescape_separators = (flags & 0x08) != 0;
    syntax.retain_escapes = (flags & 0x10) != 0;
    syntax.relax = (flags & 0x20) != 0;
    if ((flags & 0x40) != 0) {
        syntax.separators = ":";
        syntax.coalesce_separators = false;
    }
    std::size_t position = 0;
    linter::Word word;
    bool kept_escapes = false;
    // A word ends at a separator or at the end of the value, so a value has at most one word
    // more than it has bytes (empty words between separators that do not coalesce). The bound
    // turns a read_word that stops advancing into a crash instead of a hang.
    for (std::size_t words = 0; words <= value.size() + 1; ++words) {
        linter::WordStatus status =
            linter::read_word_keeping_unknown_escapes(value, position, syntax, word, kept_escapes);
        if (status != linter::WordStatus::Found) return;
    }
    __builtin_trap();  // more words than bytes: read_word no longer advances
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    std::string_view value(reinterpret_cast<const char*>(data + 1), size - 1);

    split_words(value, flags);

    if (!value.empty()) {
        (void)linter::split_exec_value(value);
        linter::SpecifierExpander expand = [](std::string_view word) {
            return linter::expand_specifiers(word, specifier_context());
        };
        linter::ExecSplit split = linter::split_exec_value(value, expand);
        for (const linter::ExecCommand& command : split.commands) {
            (void)linter::is_valid_path(command.path);
            (void)linter::is_normalized_path(command.path);
            (void)linter::simplify_path(command.path);
        }
    }

    const int target_version = (flags & 0x80) != 0 ? rules::kShellPrefixAddedIn : 252;
    for (const rules::ExecCommandWord& command : rules::split_exec_commands(value, target_version)) {
        (void)rules::exec_path_error(command);
        (void)rules::is_bare_executable_name(command.executable);
        (void)rules::has_variable_reference(command.executable);
        (void)rules::rejection_consequence(command);
    }
    return 0;
}
