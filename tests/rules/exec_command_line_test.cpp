// SPDX-License-Identifier: MIT
// Tests for splitting Exec*= lines into commands and checking their program words.
#include "rules/syntax/exec_command_line.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using unitguard::rules::exec_path_error;
using unitguard::rules::ExecCommandWord;
using unitguard::rules::ExecPathError;
using unitguard::rules::has_variable_reference;
using unitguard::rules::is_bare_executable_name;
using unitguard::rules::split_exec_commands;

namespace {

// The first command of `line` as systemd 252 reads it.
ExecCommandWord first_command(std::string_view line) {
    std::vector<ExecCommandWord> commands = split_exec_commands(line, 252);
    REQUIRE(!commands.empty());
    return commands.front();
}

}  // namespace

TEST_SUITE("rules") {
    TEST_CASE("exec line - prefixes come off the first word") {
        ExecCommandWord command = first_command("-@:+/usr/bin/app argv0 --flag");
        CHECK(command.prefixes == "-@:+");
        CHECK(command.executable == "/usr/bin/app");
        CHECK(command.ignore_failure);
        CHECK(command.separate_argv0);
        CHECK(command.argument_count == 2);
        CHECK(command.offset == 0);
        CHECK(command.length == 16);
    }

    TEST_CASE("exec line - double bang is one prefix pair") {
        ExecCommandWord command = first_command("!!/usr/bin/app");
        CHECK(command.prefixes == "!!");
        CHECK(command.executable == "/usr/bin/app");
    }

    TEST_CASE("exec line - plus and bang exclude each other") {
        // After '+', a '!' is no prefix, so it stays part of the program word.
        ExecCommandWord command = first_command("+!/usr/bin/app");
        CHECK(command.prefixes == "+");
        CHECK(command.executable == "!/usr/bin/app");
    }

    TEST_CASE("exec line - quotes are removed before prefixes are read") {
        ExecCommandWord command = first_command("-\"./app\" x");
        CHECK(command.prefixes == "-");
        CHECK(command.executable == "./app");
        CHECK(command.length == 8);
    }

    TEST_CASE("exec line - lone semicolon separates commands") {
        std::vector<ExecCommandWord> commands =
            split_exec_commands("/bin/a x ; -/bin/b ; ; /bin/c", 252);
        REQUIRE(commands.size() == 3);
        CHECK(commands[0].executable == "/bin/a");
        CHECK(commands[0].argument_count == 1);
        CHECK(commands[1].executable == "/bin/b");
        CHECK(commands[1].offset == 11);
        CHECK(commands[1].ignore_failure);
        CHECK(commands[2].executable == "/bin/c");
        CHECK(commands[2].offset == 23);
    }

    TEST_CASE("exec line - escaped or attached semicolons are arguments") {
        CHECK(split_exec_commands("/usr/bin/find . -exec rm {} \\;", 252).size() == 1);
        CHECK(split_exec_commands("/bin/echo a; /bin/b", 252).size() == 1);
        CHECK(split_exec_commands("/bin/echo \";\" /bin/b", 252).size() == 1);
    }

    TEST_CASE("exec line - trailing semicolon adds no command") {
        CHECK(split_exec_commands("/bin/true ;", 252).size() == 1);
        CHECK(split_exec_commands("", 252).empty());
    }

    TEST_CASE("exec line - pipe is a prefix from systemd 258 on") {
        ExecCommandWord old_release = first_command("|echo hi");
        CHECK(old_release.prefixes.empty());
        CHECK(old_release.executable == "|echo");
        std::vector<ExecCommandWord> commands = split_exec_commands("|echo hi", 258);
        REQUIRE(commands.size() == 1);
        CHECK(commands[0].via_shell);
        CHECK(exec_path_error(commands[0]) == ExecPathError::None);
    }

    TEST_CASE("exec path - errors in systemd's order") {
        CHECK(exec_path_error(first_command("/usr/bin/app")) == ExecPathError::None);
        CHECK(exec_path_error(first_command("app")) == ExecPathError::None);
        CHECK(exec_path_error(first_command("-")) == ExecPathError::Empty);
        CHECK(exec_path_error(first_command("/usr/bin/a\\\"b")) ==
              ExecPathError::SpecialCharacters);
        CHECK(exec_path_error(first_command("/usr/bin/a\\tb")) == ExecPathError::SpecialCharacters);
        CHECK(exec_path_error(first_command("./")) == ExecPathError::Directory);
        CHECK(exec_path_error(first_command("/usr/lib/app/")) == ExecPathError::Directory);
        CHECK(exec_path_error(first_command("./app")) == ExecPathError::NotAbsolute);
        CHECK(exec_path_error(first_command("..")) == ExecPathError::NotAbsolute);
        CHECK(exec_path_error(first_command("~/bin/app")) == ExecPathError::NotAbsolute);
        CHECK(exec_path_error(first_command("@/usr/bin/app")) == ExecPathError::MissingArgv0);
        CHECK(exec_path_error(first_command("@/usr/bin/app app")) == ExecPathError::None);
    }

    TEST_CASE("exec path - length limits of path components") {
        std::string long_name(256, 'a');
        CHECK(exec_path_error(first_command("/usr/" + long_name)) == ExecPathError::NotAbsolute);
        CHECK(exec_path_error(first_command("/usr/" + long_name.substr(1))) == ExecPathError::None);
        CHECK(exec_path_error(first_command(long_name)) == ExecPathError::NotAbsolute);
    }

    TEST_CASE("exec path - bare names and variables") {
        CHECK(is_bare_executable_name("python3"));
        CHECK_FALSE(is_bare_executable_name("/usr/bin/python3"));
        CHECK_FALSE(is_bare_executable_name("bin/python3"));
        CHECK(has_variable_reference("$BIN"));
        CHECK(has_variable_reference("${APP_HOME}/bin/app"));
        CHECK(has_variable_reference("/opt/app-$VERSION/bin"));
        CHECK_FALSE(has_variable_reference("/usr/bin/app"));
        CHECK_FALSE(has_variable_reference("/opt/$$BIN"));
        CHECK_FALSE(has_variable_reference("/opt/cost$"));
        CHECK_FALSE(has_variable_reference("/opt/$1"));
    }
}
