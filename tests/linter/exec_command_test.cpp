// SPDX-License-Identifier: MIT
// Tests for word splitting and Exec*= parsing; expected values were checked against
// systemd 252's user manager.
#include "linter/exec_command.hpp"

#include <source_location>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace unitguard::linter {
namespace {

// Reads every word of `text`; an "<invalid>" entry marks where reading failed.
std::vector<std::string> words(std::string_view text, const WordSyntax& syntax) {
    std::vector<std::string> out;
    std::size_t position = 0;
    Word word;
    for (;;) {
        WordStatus status = read_word(text, position, syntax, word);
        if (status == WordStatus::End) break;
        if (status == WordStatus::Invalid) {
            out.emplace_back("<invalid>");
            break;
        }
        out.push_back(word.text);
    }
    return out;
}

using Strings = std::vector<std::string>;

constexpr WordSyntax kExecSyntax{.unquote = true, .c_unescape = true};

// Expands %i to an instance name with a backslash in it and %n to a unit name, and
// rejects any other specifier, like a unit "a@web\x2d01.service".
Expected<std::string> expand_test_specifiers(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        char letter = text[++i];
        if (letter == 'i') {
            out += "web\\x2d01";
        } else if (letter == 'n') {
            out += "a@web\\x2d01.service";
        } else if (letter == '%') {
            out += '%';
        } else {
            return Error{"unknown specifier", {}};
        }
    }
    return out;
}

void check_command(const ExecCommand& command, std::string_view path, const Strings& argv,
                   std::source_location where = std::source_location::current()) {
    INFO("checked at line ", where.line());
    CHECK(command.path == path);
    CHECK(command.argv == argv);
}

}  // namespace

TEST_SUITE("exec_command") {
    TEST_CASE("read_word - whitespace runs separate words") {
        CHECK(words("  one \t two\n three  ", WordSyntax{}) == Strings{"one", "two", "three"});
        CHECK(words("", WordSyntax{}).empty());
        CHECK(words("   ", WordSyntax{}).empty());
    }

    TEST_CASE("read_word - quotes group and vanish anywhere in a word") {
        CHECK(words(R"(a"b c"d 'e f')", {.unquote = true}) == Strings{"ab cd", "e f"});
        CHECK(words(R"("" x''y)", {.unquote = true}) == Strings{"", "xy"});
        CHECK(words(R"('sq"dq' "dq'sq")", {.unquote = true}) == Strings{"sq\"dq", "dq'sq"});
    }

    TEST_CASE("read_word - quotes stay without unquoting") {
        CHECK(words(R"("a b" c)", WordSyntax{}) == Strings{"\"a", "b\"", "c"});
    }

    TEST_CASE("read_word - C escapes decode inside and outside quotes") {
        CHECK(words(R"(\x41\101\s 'x\ty' "\u00e9")", kExecSyntax) ==
              Strings{"AA ", "x\ty", "\xC3\xA9"});
        CHECK(words(R"(\U0001F600)", kExecSyntax) == Strings{"\xF0\x9F\x98\x80"});
        CHECK(words(R"(\a\b\f\n\r\v\\\"\')", kExecSyntax) == Strings{"\a\b\f\n\r\v\\\"'"});
    }

    TEST_CASE("read_word - undecodable escape is invalid unless kept") {
        for (std::string_view text :
             {R"(\xzz)", R"(\777)", R"(\0)", R"(\x00)", R"(\;)", R"(\U00110000)", R"(\q)"}) {
            INFO("escape: ", text);
            CHECK(words(text, kExecSyntax) == Strings{"<invalid>"});
            WordSyntax keep = kExecSyntax;
            keep.keep_unknown_escapes = true;
            CHECK(words(text, keep) == Strings{std::string(text)});
        }
    }

    TEST_CASE("read_word - backslash without C escapes yields the next character") {
        CHECK(words(R"(/a\ b /e\\f \x2d)", {.unquote = true}) == Strings{"/a b", "/e\\f", "x2d"});
    }

    TEST_CASE("read_word - retained escapes keep backslash and character") {
        CHECK(words(R"(k\:l i\x2dj)", {.unquote = true, .retain_escapes = true}) ==
              Strings{"k\\:l", "i\\x2dj"});
    }

    TEST_CASE("read_word - escaped separator becomes part of the word") {
        WordSyntax colon{.separators = ":", .c_unescape = true, .unescape_separators = true};
        CHECK(words(R"(k\:l:dest)", colon) == Strings{"k:l", "dest"});
        CHECK(words("::a::b", colon) == Strings{"a", "b"});
    }

    TEST_CASE("read_word - separators do not coalesce on request") {
        WordSyntax colon{.separators = ":", .coalesce_separators = false};
        CHECK(words("ipv4::80", colon) == Strings{"ipv4", "", "80"});
    }

    TEST_CASE("read_word - unbalanced quote is invalid unless relaxed") {
        CHECK(words(R"(ok "open)", {.unquote = true}) == Strings{"ok", "<invalid>"});
        CHECK(words(R"(ok "open)", {.unquote = true, .relax = true}) == Strings{"ok", "open"});
    }

    TEST_CASE("read_word - trailing backslash") {
        CHECK(words("end\\", kExecSyntax) == Strings{"<invalid>"});
        WordSyntax keep = kExecSyntax;
        keep.keep_unknown_escapes = true;
        CHECK(words("end\\", keep) == Strings{"end\\"});
        CHECK(words("end\\", {.relax = true}) == Strings{"end"});
    }

    TEST_CASE("read_word - offsets cover the word as written") {
        std::string_view text = R"(  "a b"  c)";
        std::size_t position = 0;
        Word word;
        REQUIRE(read_word(text, position, {.unquote = true}, word) == WordStatus::Found);
        CHECK(word.text == "a b");
        CHECK(word.begin == 2);
        CHECK(word.end == 7);
        CHECK(position == 9);
        REQUIRE(read_word(text, position, {.unquote = true}, word) == WordStatus::Found);
        CHECK(word.begin == 9);
        CHECK(word.end == 10);
        CHECK(read_word(text, position, {.unquote = true}, word) == WordStatus::End);
    }

    TEST_CASE("read_word_keeping_unknown_escapes - reports kept escapes") {
        std::string_view text = R"(semi\;colon plain)";
        std::size_t position = 0;
        Word word;
        bool kept_escapes = false;
        REQUIRE(read_word_keeping_unknown_escapes(text, position, kExecSyntax, word,
                                                  kept_escapes) == WordStatus::Found);
        CHECK(word.text == "semi\\;colon");
        CHECK(kept_escapes);
        REQUIRE(read_word_keeping_unknown_escapes(text, position, kExecSyntax, word,
                                                  kept_escapes) == WordStatus::Found);
        CHECK(word.text == "plain");
        CHECK_FALSE(kept_escapes);
    }

    TEST_CASE("split_exec_value - plain command") {
        ExecSplit split = split_exec_value("/bin/echo plain");
        REQUIRE(split.commands.size() == 1);
        check_command(split.commands[0], "/bin/echo", {"/bin/echo", "plain"});
        CHECK(split.problems.empty());
    }

    TEST_CASE("split_exec_value - each prefix sets its flag") {
        ExecSplit split = split_exec_value("-@:/bin/sh probe-sh -c \"exit 3\"");
        REQUIRE(split.commands.size() == 1);
        const ExecCommand& command = split.commands[0];
        check_command(command, "/bin/sh", {"probe-sh", "-c", "exit 3"});
        CHECK(command.prefixes.ignore_failure);
        CHECK(command.prefixes.separate_argv0);
        CHECK(command.prefixes.no_env_expand);
        CHECK_FALSE(command.prefixes.full_privileges);

        ExecPrefixes plus = split_exec_value("+/bin/true").commands.at(0).prefixes;
        CHECK(plus.full_privileges);
        ExecPrefixes bang = split_exec_value("!/bin/true").commands.at(0).prefixes;
        CHECK(bang.no_setuid);
        CHECK_FALSE(bang.ambient);
        ExecPrefixes double_bang = split_exec_value("!!/bin/true").commands.at(0).prefixes;
        CHECK(double_bang.ambient);
        CHECK_FALSE(double_bang.no_setuid);
        ExecPrefixes plus_minus = split_exec_value("+-/bin/false").commands.at(0).prefixes;
        CHECK(plus_minus.full_privileges);
        CHECK(plus_minus.ignore_failure);
    }

    TEST_CASE("split_exec_value - prefixes inside quotes count") {
        ExecSplit split = split_exec_value(R"("@/bin/echo" zero one)");
        REQUIRE(split.commands.size() == 1);
        check_command(split.commands[0], "/bin/echo", {"zero", "one"});
    }

    TEST_CASE("split_exec_value - rejected prefix combinations are fatal") {
        for (std::string_view value :
             {"+!/bin/true x", "!!!/bin/true x", "@@/bin/echo a b", "--/bin/true"}) {
            INFO("value: ", value);
            ExecSplit split = split_exec_value(value);
            CHECK(split.commands.empty());
            REQUIRE(split.problems.size() == 1);
            bool ignored = value.substr(0, 1) == "-";
            CHECK(split.problems[0].fatal == !ignored);
        }
    }

    TEST_CASE("split_exec_value - argv0 keeps the path as written") {
        ExecSplit split = split_exec_value("/bin//echo ./a/../b");
        REQUIRE(split.commands.size() == 1);
        check_command(split.commands[0], "/bin/echo", {"/bin//echo", "./a/../b"});
        check_command(split_exec_value("/bin/./echo x").commands.at(0), "/bin/echo",
                      {"/bin/./echo", "x"});
        check_command(split_exec_value("echo relative-name").commands.at(0), "echo",
                      {"echo", "relative-name"});
    }

    TEST_CASE("split_exec_value - variables and empty arguments stay") {
        ExecSplit split = split_exec_value(R"(/bin/echo $FOO ${BAR} $$literal "")");
        REQUIRE(split.commands.size() == 1);
        check_command(split.commands[0], "/bin/echo",
                      {"/bin/echo", "$FOO", "${BAR}", "$$literal", ""});
    }

    TEST_CASE("split_exec_value - lone semicolon separates commands") {
        ExecSplit split =
            split_exec_value(R"(/bin/echo "a;b" ; ; /bin/echo after ;x \;y "\;" \; end)");
        REQUIRE(split.commands.size() == 2);
        check_command(split.commands[0], "/bin/echo", {"/bin/echo", "a;b"});
        check_command(split.commands[1], "/bin/echo",
                      {"/bin/echo", "after", ";x", "\\;y", "\\;", ";", "end"});
        CHECK(split.problems.size() == 2);  // the kept escapes of \;y and "\;"
    }

    TEST_CASE("split_exec_value - unknown escapes are kept with a warning") {
        ExecSplit split = split_exec_value(R"(/bin/echo tab\there semi\;colon \x2d \xzz)");
        REQUIRE(split.commands.size() == 1);
        check_command(split.commands[0], "/bin/echo",
                      {"/bin/echo", "tab\there", "semi\\;colon", "-", "\\xzz"});
        REQUIRE(split.problems.size() == 2);
        CHECK(split.problems[0].message ==
              "unknown escape sequence in 'semi\\;colon' kept as written");
        CHECK_FALSE(split.problems[0].fatal);
    }

    TEST_CASE("split_exec_value - unbalanced first word ends the value quietly") {
        ExecSplit split = split_exec_value(R"(/bin/echo ok ; /bin/ec"ho x)");
        REQUIRE(split.commands.size() == 1);
        check_command(split.commands[0], "/bin/echo", {"/bin/echo", "ok"});
        REQUIRE(split.problems.size() == 1);
        CHECK_FALSE(split.problems[0].fatal);
        CHECK(split.problems[0].message == "unbalanced quoting, ignoring the rest of the value");
    }

    TEST_CASE("split_exec_value - unbalanced argument is fatal without '-'") {
        ExecSplit fatal = split_exec_value(R"(/bin/echo "open)");
        CHECK(fatal.commands.empty());
        REQUIRE(fatal.problems.size() == 1);
        CHECK(fatal.problems[0].fatal);

        ExecSplit ignored = split_exec_value(R"(-/bin/echo "open)");
        CHECK(ignored.commands.empty());
        REQUIRE(ignored.problems.size() == 1);
        CHECK_FALSE(ignored.problems[0].fatal);
        CHECK(ignored.problems[0].message == "unbalanced quoting, ignoring the command");
    }

    TEST_CASE("split_exec_value - invalid executables") {
        struct Case {
            std::string_view value;
            std::string_view message;
        };
        for (const Case& entry :
             {Case{"-", "empty path in command line, ignoring the command"},
              Case{"-@/bin/echo",
                   "empty executable name or zeroeth argument, ignoring the command"},
              Case{"/bin/echo/ x", "executable path '/bin/echo/' specifies a directory"},
              Case{"relative/path x",
                   "'relative/path' is neither a valid executable name nor an absolute path"},
              Case{R"(/bin/e\\cho)",
                   "executable name '/bin/e\\cho' contains special characters"}}) {
            INFO("value: ", entry.value);
            ExecSplit split = split_exec_value(entry.value);
            CHECK(split.commands.empty());
            REQUIRE(split.problems.size() == 1);
            CHECK(split.problems[0].message == entry.message);
        }
    }

    TEST_CASE("split_exec_value - specifiers expand after unquoting") {
        ExecSplit split = split_exec_value(R"(/bin/echo i=%i "%n" 100%%)", expand_test_specifiers);
        REQUIRE(split.commands.size() == 1);
        check_command(split.commands[0], "/bin/echo",
                      {"/bin/echo", "i=web\\x2d01", "a@web\\x2d01.service", "100%"});
    }

    TEST_CASE("split_exec_value - unknown specifier drops the command") {
        ExecSplit fatal = split_exec_value("/bin/echo %z", expand_test_specifiers);
        CHECK(fatal.commands.empty());
        REQUIRE(fatal.problems.size() == 1);
        CHECK(fatal.problems[0].fatal);
        CHECK(fatal.problems[0].message ==
              "failed to resolve specifiers in '%z': unknown specifier");

        ExecSplit ignored = split_exec_value("-/bin/echo %z", expand_test_specifiers);
        CHECK(ignored.commands.empty());
        REQUIRE(ignored.problems.size() == 1);
        CHECK_FALSE(ignored.problems[0].fatal);
    }

    TEST_CASE("split_exec_value - word offsets point into the value") {
        std::string_view value = R"(-@/bin/sh  renamed "-c" x ; /bin/true)";
        ExecSplit split = split_exec_value(value);
        REQUIRE(split.commands.size() == 2);
        const ExecCommand& first = split.commands[0];
        CHECK(first.path_offset == 0);
        REQUIRE(first.argv_offsets.size() == 3);
        CHECK(value.substr(first.argv_offsets[0], 7) == "renamed");
        CHECK(value.substr(first.argv_offsets[1], 4) == "\"-c\"");
        CHECK(value.substr(first.argv_offsets[2], 1) == "x");
        const ExecCommand& second = split.commands[1];
        CHECK(value.substr(second.path_offset, 9) == "/bin/true");
        REQUIRE(second.argv_offsets.size() == 1);
        CHECK(second.argv_offsets[0] == second.path_offset);
    }

    TEST_CASE("simplify_path - collapses slashes and dots") {
        CHECK(simplify_path("/a//./b/") == "/a/b");
        CHECK(simplify_path("./c") == "c");
        CHECK(simplify_path("/f/../g") == "/f/../g");
        CHECK(simplify_path("/") == "/");
        CHECK(simplify_path("/./") == "/");
        CHECK(simplify_path(".") == ".");
        CHECK(simplify_path("e//f") == "e/f");
    }

    TEST_CASE("path checks - validity and normal form") {
        CHECK(is_valid_path("/usr/bin"));
        CHECK_FALSE(is_valid_path(""));
        CHECK_FALSE(is_valid_path("/" + std::string(256, 'a')));
        CHECK(is_valid_path("/" + std::string(255, 'a')));
        CHECK_FALSE(is_valid_path(std::string(4096, '/')));

        CHECK(is_valid_file_name("echo"));
        CHECK_FALSE(is_valid_file_name(".."));
        CHECK_FALSE(is_valid_file_name("a/b"));

        CHECK(is_normalized_path("/c/d/e"));
        CHECK_FALSE(is_normalized_path("/f/../g"));
        CHECK_FALSE(is_normalized_path("/a//b"));
        CHECK_FALSE(is_normalized_path("."));
    }
}

}  // namespace unitguard::linter
