// SPDX-License-Identifier: MIT
// Tests for the unit-file parser against systemd 252's config-file syntax.
//
// "Checked against systemd 252" below means: the fixture of the same name in
// tests/linter/unit_file/ was given to systemd 252.39 (Debian 12), through
// `systemd-analyze verify` for messages, line numbers and load failures, and through a
// throw-away user manager (`systemctl --user show`) for the values it computed. Both
// outputs are kept in tests/linter/unit_file/systemd-252.out; verify.sh there re-runs them.
#include "linter/unit_file.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <source_location>
#include <string>
#include <string_view>

using unitguard::Diagnostic;
using unitguard::Severity;
using unitguard::linter::Assignment;
using unitguard::linter::kMaxLineLength;
using unitguard::linter::parse_unit_file;
using unitguard::linter::SectionHeader;
using unitguard::linter::UnitFile;

namespace {

constexpr std::string_view kStopNote =
    "systemd stops reading the file at this line: a unit file then fails to load, and a "
    "drop-in keeps only the settings above this line";
constexpr std::string_view kMissingEqualsHelp =
    "write it as 'Name=value', or start the line with '#' to make it a comment";

UnitFile parse(std::string_view text) { return parse_unit_file("test.service", text); }

// Parses tests/linter/unit_file/NAME as it lies on disk, byte for byte.
UnitFile parse_fixture(const std::string& name) {
    const std::string path = std::string(UG_SOURCE_DIR) + "/tests/linter/unit_file/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open fixture " << path);
    const std::string content{std::istreambuf_iterator<char>(in), {}};
    return parse_unit_file(name, content);
}

std::string where(const std::source_location& caller) {
    return std::string(caller.file_name()) + ":" + std::to_string(caller.line());
}

void check_assignment(const Assignment& got, std::string_view section, std::string_view key,
                      std::string_view value, int line, int column, int value_column,
                      std::source_location caller = std::source_location::current()) {
    INFO("checked at " << where(caller));
    CHECK(got.section == section);
    CHECK(got.key == key);
    CHECK(got.value == value);
    CHECK(got.line == line);
    CHECK(got.column == column);
    CHECK(got.value_column == value_column);
}

void check_section(const SectionHeader& got, std::string_view name, int line,
                   std::source_location caller = std::source_location::current()) {
    INFO("checked at " << where(caller));
    CHECK(got.name == name);
    CHECK(got.line == line);
    CHECK(got.column == 1);
}

void check_problem(const Diagnostic& got, int line, int column, std::string_view message,
                   std::source_location caller = std::source_location::current()) {
    INFO("checked at " << where(caller));
    CHECK(got.rule_id == "UG101");
    CHECK(got.rule_name == "unit-file-syntax");
    CHECK(got.severity == Severity::Error);
    CHECK(got.location.line == line);
    CHECK(got.location.column == column);
    CHECK(got.message == message);
}

// A physical line of exactly `length` bytes: an X- assignment systemd ignores.
std::string line_of(std::size_t length) { return "X-L=" + std::string(length - 4, 'a'); }

const std::string kBom = "\xEF\xBB\xBF";
const std::string kService = "[Service]\nType=oneshot\nExecStart=/bin/true\n";

}  // namespace

TEST_SUITE("linter") {
    // ---- BOM --------------------------------------------------------------------------

    TEST_CASE("unit file - leading byte order mark skipped") {
        const UnitFile file = parse("\xEF\xBB\xBF[Unit]\nDescription=bom\n");
        REQUIRE(file.sections.size() == 1);
        check_section(file.sections[0], "Unit", 1);
        REQUIRE(file.assignments.size() == 1);
        check_assignment(file.assignments[0], "Unit", "Description", "bom", 2, 1, 13);
        CHECK(file.content == "[Unit]\nDescription=bom\n");
        CHECK(file.line_text(1) == "[Unit]");
        CHECK(file.problems.empty());
    }

    // Checked against systemd 252: "bom_comment.service:1: Assignment outside of section".
    TEST_CASE("unit file - a '#' right after the byte order mark is not a comment") {
        const UnitFile file = parse_fixture("bom_comment.service");
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 1, 1, "assignment '# comment' outside of any section");
        CHECK(file.problems[0].help ==
              "remove the byte order mark at the start of the line; systemd does not see a "
              "comment behind it");
        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[0], "Unit", "Description", "bom", 3, 1, 13);
    }

    // Checked against systemd 252: systemd strips the first BOM that starts any line (here
    // line 3, ExecStart= works) and no other (line 4: "Unknown key '\ufeffUser'").
    TEST_CASE("unit file - only the first byte order mark stripped") {
        const UnitFile file = parse_fixture("bom_later_line.service");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[1], "Service", "ExecStart", "/bin/true", 3, 4, 14);
        check_assignment(file.assignments[2], "Service", "\xEF\xBB\xBFUser", "root", 4, 1, 9);
        CHECK(file.line_text(3) == kBom + "ExecStart=/bin/true");
    }

    // Checked against systemd 252: "Assignment outside of section" at line 1.
    TEST_CASE("unit file - second leading byte order mark kept") {
        const UnitFile file = parse("\xEF\xBB\xBF\xEF\xBB\xBF[Unit]\n");
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 1, 1,
                      "assignment '\xEF\xBB\xBF[Unit]' outside of any section");
        CHECK(file.sections.empty());
    }

    // ---- line endings -------------------------------------------------------------------

    // Checked against systemd 252: Description= is "crlf    cont" and Environment= "K=v",
    // no CR anywhere; the last line has no newline.
    TEST_CASE("unit file - CR LF endings leave no CR") {
        const UnitFile file = parse_fixture("crlf.service");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 4);
        check_assignment(file.assignments[0], "Unit", "Description", "crlf    cont", 2, 1, 13);
        CHECK(file.assignments[0].end_line == 3);
        check_assignment(file.assignments[3], "Service", "Environment", "K=v", 8, 1, 13);
        CHECK(file.line_text(2) == "Description=crlf \\");
        CHECK(file.line_text(8) == "Environment=K=v");
        CHECK(file.line_starts.size() == 8);
    }

    // Checked against systemd 252: "Missing '='" at lines 4 and 6, so LF CR is one ending,
    // CR CR two, and a lone CR ends a line.
    TEST_CASE("unit file - lines are numbered as systemd numbers them") {
        const UnitFile file = parse_fixture("cr_endings.service");
        REQUIRE(file.assignments.size() == 2);
        check_assignment(file.assignments[0], "Service", "Type", "oneshot", 2, 1, 6);
        check_assignment(file.assignments[1], "Service", "ExecStart", "/bin/true", 5, 1, 11);
        REQUIRE(file.problems.size() == 2);
        check_problem(file.problems[0], 4, 1, "missing '=' in assignment 'bad1'");
        check_problem(file.problems[1], 6, 1, "missing '=' in assignment 'bad2'");
        CHECK(file.line_text(3).empty());
        CHECK(file.line_text(6) == "bad2");
    }

    TEST_CASE("unit file - last line without a newline is parsed") {
        const UnitFile file = parse("[Unit]\nDescription=no newline");
        REQUIRE(file.assignments.size() == 1);
        check_assignment(file.assignments[0], "Unit", "Description", "no newline", 2, 1, 13);
        CHECK(file.line_text(2) == "Description=no newline");
        CHECK(file.line_text(3).empty());
        CHECK(file.line_text(0).empty());
    }

    TEST_CASE("unit file - empty input gives nothing") {
        const UnitFile file = parse("");
        CHECK(file.sections.empty());
        CHECK(file.assignments.empty());
        CHECK(file.problems.empty());
        CHECK(file.line_starts.empty());
        CHECK(file.line_text(1).empty());
    }

    // ---- NUL ------------------------------------------------------------------------------

    // Checked against systemd 252: a NUL does not reject the file. It ends the line (the
    // user manager shows Description=before nul and Documentation= from after the NUL), and
    // "Missing '='" lands on lines 7, 9 and 10 (LF NUL and CR LF NUL are one ending each).
    TEST_CASE("unit file - NUL byte ends the line") {
        const UnitFile file = parse_fixture("nul.service");
        CHECK(file.stop_line == 0);
        REQUIRE(file.assignments.size() == 4);
        check_assignment(file.assignments[0], "Unit", "Description", "before nul", 2, 1, 13);
        check_assignment(file.assignments[1], "Unit", "Documentation", "https://example.org/after",
                         3, 1, 15);
        REQUIRE(file.problems.size() == 4);
        check_problem(file.problems[0], 2, 23, "unexpected NUL byte");
        CHECK(file.problems[0].help == "remove the NUL byte");
        REQUIRE(file.problems[0].notes.size() == 1);
        CHECK(file.problems[0].notes[0] ==
              "systemd reads a NUL byte as a line break, so the text after it is parsed as a "
              "line of its own");
        check_problem(file.problems[1], 7, 1, "missing '=' in assignment 'bad1'");
        check_problem(file.problems[2], 9, 1, "missing '=' in assignment 'bad2'");
        check_problem(file.problems[3], 10, 1, "missing '=' in assignment 'bad3'");
        CHECK(file.line_text(2) == "Description=before nul");
    }

    TEST_CASE("unit file - only the first NUL byte is reported") {
        const UnitFile file = parse(std::string("[Unit]\nA=1\0\0B=2\n", 16));
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 2, 4, "unexpected NUL byte");
        REQUIRE(file.assignments.size() == 2);
        check_assignment(file.assignments[1], "Unit", "B", "2", 4, 1, 3);
    }

    // ---- whitespace and comments --------------------------------------------------------

    // Checked against systemd 252: blanks around key, '=' and value go; vertical tab and form
    // feed are not whitespace to systemd (Description=^Kvt and ff^L).
    TEST_CASE("unit file - only blanks and tabs are stripped") {
        const UnitFile file = parse_fixture("whitespace.service");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 4);
        check_assignment(file.assignments[0], "Unit", "Description", "\vvt and ff\f", 2, 3, 17);
        check_assignment(file.assignments[2], "Service", "ExecStart", "/bin/true", 6, 4, 20);
        check_assignment(file.assignments[3], "Service", "Environment", "K=v", 7, 2, 15);
    }

    TEST_CASE("unit file - empty and blank lines are skipped") {
        const UnitFile file = parse("\n  \n[Unit]\n\t\n\nDescription=x\n\n");
        CHECK(file.problems.empty());
        REQUIRE(file.sections.size() == 1);
        check_section(file.sections[0], "Unit", 3);
        REQUIRE(file.assignments.size() == 1);
        check_assignment(file.assignments[0], "Unit", "Description", "x", 6, 1, 13);
    }

    // Checked against systemd 252: Description= is
    // "a # b ; c"; indented '#' and ';' lines are comments.
    TEST_CASE("unit file - '#' and ';' start a comment only as the first non-blank") {
        const UnitFile file = parse_fixture("comments.service");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[0], "Unit", "Description", "a # b ; c", 4, 1, 13);
    }

    // ---- continuation lines -------------------------------------------------------------

    // Checked against systemd 252: Description= is "alpha" 8 blanks "beta" blank TAB "gamma"
    // 4 blanks "delta": each backslash becomes one space and the next line is appended with
    // its leading blanks; the two comment lines inside vanish, backslash and all.
    TEST_CASE("unit file - continuation joins with blanks kept") {
        const UnitFile file = parse_fixture("continuation.service");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 9);
        const Assignment& description = file.assignments[0];
        check_assignment(description, "Unit", "Description", "alpha        beta \tgamma    delta",
                         2, 1, 13);
        CHECK(description.value_line == 2);
        CHECK(description.end_line == 7);
        REQUIRE(description.pieces.size() == 3);
        CHECK(description.pieces[0].offset == 9);
        CHECK(description.pieces[0].line == 3);
        CHECK(description.pieces[1].offset == 18);
        CHECK(description.pieces[1].line == 4);
        CHECK(description.pieces[2].offset == 26);
        CHECK(description.pieces[2].line == 7);
        CHECK(description.pieces[2].column == 1);
    }

    // Checked against systemd 252: Environment= is "A=1 B=2 ...", so the empty line 12 ends
    // the continuation of line 11.
    TEST_CASE("unit file - empty line ends a continuation") {
        const UnitFile file = parse_fixture("continuation.service");
        REQUIRE(file.assignments.size() == 9);
        check_assignment(file.assignments[3], "Service", "Environment", "A=1", 11, 1, 13);
        CHECK(file.assignments[3].end_line == 12);
        CHECK(file.assignments[3].pieces.empty());
        check_assignment(file.assignments[4], "Service", "Environment", "B=2", 13, 1, 13);
    }

    // Checked against systemd 252: Environment= has C=3, so the comment on line 14 that ends
    // in a backslash does not swallow line 15 (systemd changed this in v240).
    TEST_CASE("unit file - comment backslash continues nothing") {
        const UnitFile file = parse_fixture("continuation.service");
        REQUIRE(file.assignments.size() == 9);
        check_assignment(file.assignments[5], "Service", "Environment", "C=3", 15, 1, 13);
        CHECK(file.assignments[5].end_line == 15);
    }

    // Checked against systemd 252: ExecStart= argv is "/usr/bin/printf [%s] first second
    // third", without the indented ';;' line or the '#' line and its backslash.
    TEST_CASE("unit file - comment lines inside a continuation vanish") {
        const UnitFile file = parse_fixture("continuation_comments.service");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 2);
        const Assignment& exec = file.assignments[1];
        CHECK(exec.value == "/usr/bin/printf [%%s] first      second      third");
        CHECK(exec.end_line == 7);
        REQUIRE(exec.pieces.size() == 2);
        CHECK(exec.pieces[0].line == 5);
        CHECK(exec.pieces[1].line == 7);
    }

    // Checked against systemd 252: four backslashes continue nothing ("D=two\\\\"), three
    // do ("E=three\\" then F=4), a backslash followed by a blank is kept as text.
    TEST_CASE("unit file - only an unescaped final backslash continues the line") {
        const UnitFile file = parse_fixture("continuation.service");
        REQUIRE(file.assignments.size() == 9);
        check_assignment(file.assignments[6], "Service", "Environment", "D=two\\\\\\\\", 16, 1, 13);
        check_assignment(file.assignments[7], "Service", "Environment", "E=three\\\\  F=4", 17, 1,
                         13);
        check_assignment(file.assignments[8], "Service", "X-Trailing", "5\\", 19, 1, 12);
    }

    // Checked against systemd 252: Description=last; the file ends inside the continuation.
    TEST_CASE("unit file - continuation open at end of file") {
        const UnitFile file = parse_fixture("continuation_eof.service");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[2], "Unit", "Description", "last", 5, 1, 13);
        CHECK(file.assignments[2].end_line == 5);

        const UnitFile bare = parse("[Unit]\nDescription=last \\");
        REQUIRE(bare.assignments.size() == 1);
        check_assignment(bare.assignments[0], "Unit", "Description", "last", 2, 1, 13);
    }

    // Checked against systemd 252 ("\\\nType=simple" gives no warning).
    TEST_CASE("unit file - key and value may start on a continuation line") {
        const UnitFile file = parse("[Service]\n\\\n  Type=\\\n    simple\n");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 1);
        const Assignment& type = file.assignments[0];
        check_assignment(type, "Service", "Type", "simple", 3, 3, 5);
        CHECK(type.value_line == 4);
        CHECK(type.end_line == 4);
        CHECK(type.pieces.empty());
        CHECK(type.value_position(0) == std::pair{4, 5});
    }

    TEST_CASE("unit file - value positions map into continuation lines") {
        const UnitFile file = parse("[Service]\nExecStart=/bin/echo a \\\n\tb \\\n# x\n  c\n");
        REQUIRE(file.assignments.size() == 1);
        const Assignment& exec = file.assignments[0];
        CHECK(exec.value == "/bin/echo a  \tb    c");
        CHECK(exec.value_position(0) == std::pair{2, 11});
        CHECK(exec.value_position(10) == std::pair{2, 21});  // 'a'
        CHECK(exec.value_position(12) == std::pair{2, 23});  // the backslash turned space
        CHECK(exec.value_position(14) == std::pair{3, 2});   // 'b'
        CHECK(exec.value_position(19) == std::pair{5, 3});   // 'c'
        CHECK(exec.value_position(20) == std::pair{5, 4});   // one past the end
        CHECK(exec.value_position(99) == std::pair{5, 4});
    }

    // ---- section headers ----------------------------------------------------------------

    // Checked against systemd 252: "Invalid section header '[Service] # main part'", the
    // unit fails to load (LoadState=error) with Description= from before that line. In a
    // drop-in the same header keeps the drop-in's earlier lines and drops the rest.
    TEST_CASE("unit file - text after the closing bracket stops the file") {
        const UnitFile file = parse_fixture("header_trailing_text.service");
        CHECK(file.stop_line == 3);
        REQUIRE(file.sections.size() == 1);
        REQUIRE(file.assignments.size() == 1);
        check_assignment(file.assignments[0], "Unit", "Description", "before", 2, 1, 13);
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 3, 11,
                      "text after ']' in section header '[Service] # main part'");
        CHECK(file.problems[0].help ==
              "remove the text after ']'; a comment needs a line of its own");
        REQUIRE(file.problems[0].notes.size() == 1);
        CHECK(file.problems[0].notes[0] == kStopNote);
    }

    // Checked against systemd 252: "Invalid section header '[Service'", LoadState=error.
    TEST_CASE("unit file - unterminated section header stops the file") {
        const UnitFile file = parse_fixture("header_unterminated.service");
        CHECK(file.stop_line == 3);
        REQUIRE(file.assignments.size() == 1);
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 3, 1, "unterminated section header '[Service'");
        CHECK(file.problems[0].help == "end the section header with ']'");
    }

    // Checked against systemd 252: "Bad characters in section header '[X-Se\"ction]'" and
    // LoadState=error; the same for a tab, a single quote, a backslash and DEL.
    TEST_CASE("unit file - bad header character stops the file") {
        const UnitFile file = parse_fixture("header_bad_char.service");
        CHECK(file.stop_line == 4);
        CHECK(file.assignments.size() == 2);
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 4, 6,
                      "invalid character '\"' in section header '[X-Se\"ction]'");

        const UnitFile tab = parse("[Ser\tvice]\nA=1\n");
        REQUIRE(tab.problems.size() == 1);
        check_problem(tab.problems[0], 1, 5,
                      "invalid character '\\t' in section header '[Ser\tvice]'");
        CHECK(tab.assignments.empty());

        for (const std::string_view header : {"[a'b]", "[a\\b]", "[a\177b]"}) {
            CAPTURE(header);
            CHECK(parse(header).stop_line == 1);
        }
        CHECK(parse("[X-\x7f]").problems.at(0).message ==
              "invalid character '\\x7f' in section header '[X-\x7f]'");
        CHECK(parse("[\xC3\xA9t\xC3\xA9]").stop_line == 0);  // "Unknown section 'été'" only
    }

    // Checked against systemd 252: "Unknown section ''. Ignoring.", the assignment after it
    // is ignored without a word, and so is a line without '='.
    TEST_CASE("unit file - empty section name drops assignments") {
        const UnitFile file = parse_fixture("header_empty.service");
        CHECK(file.stop_line == 0);
        REQUIRE(file.sections.size() == 3);
        check_section(file.sections[1], "", 4);
        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[2], "Unit", "Documentation", "https://example.org/kept",
                         8, 1, 15);
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 4, 1, "empty section name in '[]'");
        CHECK(file.problems[0].notes.at(0) ==
              "systemd ignores every assignment up to the next section header");
    }

    // Checked against systemd 252: "Unknown section ' Unit '. Ignoring.": blanks inside the
    // brackets are part of the name, so Description=lost is not applied.
    TEST_CASE("unit file - blanks inside header brackets kept") {
        const UnitFile file = parse_fixture("header_blanks.service");
        REQUIRE(file.sections.size() == 3);
        check_section(file.sections[1], " Unit ", 4);
        REQUIRE(file.assignments.size() == 4);
        check_assignment(file.assignments[2], " Unit ", "Description", "lost", 5, 1, 13);
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 4, 1,
                      "blank space inside the brackets of section header '[ Unit ]'");
        CHECK(file.problems[0].help == "write '[Unit]'");
        CHECK(file.problems[0].notes.at(0) ==
              "systemd looks for a section named ' Unit ', finds none and ignores the "
              "assignments in it");
    }

    // Checked against systemd 252: the two [Service]
    // blocks merge (MemoryDenyWriteExecute=no), [service] is another, unknown section.
    TEST_CASE("unit file - sections are case-sensitive and merge") {
        const UnitFile file = parse_fixture("sections.service");
        CHECK(file.problems.empty());
        REQUIRE(file.sections.size() == 4);
        check_section(file.sections[0], "Service", 1);
        check_section(file.sections[2], "Service", 9);
        check_section(file.sections[3], "service", 12);
        REQUIRE(file.assignments.size() == 6);
        check_assignment(file.assignments[2], "Service", "MemoryDenyWriteExecute", "yes", 4, 1, 24);
        check_assignment(file.assignments[4], "Service", "MemoryDenyWriteExecute", "no", 10, 1, 24);
        check_assignment(file.assignments[5], "service", "ProtectSystem", "strict", 13, 1, 15);
    }

    // Checked against systemd 252: "Unknown section 'Service] '" for a header whose ']' sits
    // on a continuation line.
    TEST_CASE("unit file - a header may be continued like any line") {
        const UnitFile file = parse("[Service]\\\n]\nA=1\n");
        REQUIRE(file.sections.size() == 1);
        check_section(file.sections[0], "Service] ", 1);
        REQUIRE(file.assignments.size() == 1);
        CHECK(file.assignments[0].section == "Service] ");
    }

    TEST_CASE("unit file - blank-only header gets no empty hint") {
        const UnitFile file = parse("[ ]\n");
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 1, 1,
                      "blank space inside the brackets of section header '[ ]'");
        CHECK(file.problems[0].help == "name the section, e.g. '[Service]'");
    }

    TEST_CASE("unit file - header column points at the bracket") {
        const UnitFile file = parse("   [Unit]   \n");
        REQUIRE(file.sections.size() == 1);
        CHECK(file.sections[0].name == "Unit");
        CHECK(file.sections[0].column == 4);
    }

    // ---- assignments --------------------------------------------------------------------

    // Checked against systemd 252: "Assignment outside of section" at lines 1 and 2 (also
    // for a line without '='), "Missing '='" at 6, "Missing key name before '='" at 7 and 8,
    // and User=root from "User = root  ".
    TEST_CASE("unit file - assignment errors are reported and the line skipped") {
        const UnitFile file = parse_fixture("assignment_errors.service");
        CHECK(file.stop_line == 0);
        REQUIRE(file.problems.size() == 5);
        check_problem(file.problems[0], 1, 1,
                      "assignment 'Description=before' outside of any section");
        CHECK(file.problems[0].help == "move it below a section header such as '[Service]'");
        check_problem(file.problems[1], 2, 1, "assignment 'garbage' outside of any section");
        check_problem(file.problems[2], 6, 1, "missing '=' in assignment 'NoEquals'");
        CHECK(file.problems[2].help == kMissingEqualsHelp);
        check_problem(file.problems[3], 7, 1, "missing key name before '=' in '=value'");
        CHECK(file.problems[3].help == "put the setting name before '='");
        check_problem(file.problems[4], 8, 3, "missing key name before '=' in '=  value'");

        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[2], "Service", "User", "root", 9, 1, 8);
        for (const Diagnostic& problem : file.problems) {
            CHECK(problem.location.path == "assignment_errors.service");
        }
    }

    TEST_CASE("unit file - the first '=' splits key and value") {
        const UnitFile file = parse("[Service]\nEnvironment=A=B=C\nEmpty=\nBlank =   \n");
        CHECK(file.problems.empty());
        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[0], "Service", "Environment", "A=B=C", 2, 1, 13);
        check_assignment(file.assignments[1], "Service", "Empty", "", 3, 1, 7);
        check_assignment(file.assignments[2], "Service", "Blank", "", 4, 1, 8);
    }

    TEST_CASE("unit file - long message text cut at a character") {
        const std::string word = std::string(58, 'x') + "\xC3\xA9" + "tail";
        const UnitFile file = parse("[Service]\n" + word + "\n");
        REQUIRE(file.problems.size() == 1);
        CHECK(file.problems[0].message ==
              "missing '=' in assignment '" + std::string(58, 'x') + "\xC3\xA9...'");
    }

    // ---- UTF-8 ----------------------------------------------------------------------------

    // Checked against systemd 252: "String is not UTF-8 clean, ignoring assignment" at line 7
    // and LoadState=error (the message reads "ignoring", but systemd gives up on the file); the
    // bad byte inside the comment on line 4 is fine, and "café" is valid.
    TEST_CASE("unit file - invalid UTF-8 stops the file, except inside comments") {
        const UnitFile file = parse_fixture("utf8_invalid.service");
        CHECK(file.stop_line == 7);
        REQUIRE(file.assignments.size() == 3);
        check_assignment(file.assignments[2], "Unit", "Description", "caf\xC3\xA9 ok", 6, 1, 13);
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 7, 20, "invalid UTF-8 byte sequence starting with 0xff");
        CHECK(file.problems[0].help == "save the file as UTF-8");
        CHECK(file.problems[0].notes.at(0) == kStopNote);
    }

    // Checked against systemd 252: U+FDD0 (noncharacter), U+FFFE, U+110000, an overlong '/'
    // and a UTF-16 surrogate are each "not UTF-8 clean" and fail the unit.
    TEST_CASE("unit file - UTF-8 is checked the way systemd checks it") {
        const UnitFile file = parse_fixture("utf8_noncharacter.service");
        REQUIRE(file.problems.size() == 1);
        check_problem(file.problems[0], 4, 5, "invalid UTF-8 byte sequence starting with 0xef");

        for (const std::string_view bad :
             {"\xEF\xBF\xBE", "\xF4\x90\x80\x80", "\xC0\xAF", "\xED\xA0\x80", "\xC3", "\x80",
              "\xF8\x88\x80\x80\x80"}) {
            CAPTURE(bad);
            CHECK(parse(kService + "X-A=" + std::string(bad) + "\n").stop_line == 4);
        }
        for (const std::string_view good :
             {"\xEF\xBB\xBF", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBD", "\xEE\x80\x80", "\x7F"}) {
            CAPTURE(good);
            CHECK(parse(kService + "X-A=" + std::string(good) + "\n").problems.empty());
        }
    }

    // ---- line length --------------------------------------------------------------------

    // Checked against systemd 252: a physical line of 1048575 bytes loads, one of 1048576
    // bytes (comment lines too) fails the unit with ENOBUFS; lines joined by backslashes may
    // add up to 1048576 bytes and fail at 1048577.
    TEST_CASE("unit file - a physical line must be shorter than the limit") {
        const UnitFile fits = parse(kService + line_of(kMaxLineLength - 1) + "\nbad\n");
        CHECK(fits.stop_line == 0);
        CHECK(fits.assignments.size() == 3);
        REQUIRE(fits.problems.size() == 1);
        check_problem(fits.problems[0], 5, 1, "missing '=' in assignment 'bad'");

        const UnitFile over = parse(kService + line_of(kMaxLineLength) + "\nbad\n");
        CHECK(over.stop_line == 4);
        CHECK(over.assignments.size() == 2);
        REQUIRE(over.problems.size() == 1);
        check_problem(over.problems[0], 4, 1,
                      "line 4 is 1048576 bytes long, more than systemd accepts (at most 1048575 "
                      "bytes)");
        CHECK(over.problems[0].notes.at(0) == kStopNote);

        const UnitFile comment = parse(kService + std::string(kMaxLineLength, '#') + "\n");
        CHECK(comment.stop_line == 4);
    }

    TEST_CASE("unit file - byte order mark counts in line length") {
        const std::string line = "[Unit]" + std::string(kMaxLineLength - 9, ' ');
        CHECK(parse(line).stop_line == 0);
        CHECK(parse("\xEF\xBB\xBF" + line).stop_line == 1);
    }

    TEST_CASE("unit file - joined lines may reach the limit") {
        const std::size_t half = kMaxLineLength / 2;
        const std::string first = line_of(half - 1) + "\\\n# comment\n";
        const UnitFile fits =
            parse(kService + first + std::string(kMaxLineLength - half, 'b') + "\nbad\n");
        CHECK(fits.stop_line == 0);
        REQUIRE(fits.assignments.size() == 3);
        CHECK(fits.assignments[2].value.size() == kMaxLineLength - 4);

        const UnitFile over =
            parse(kService + first + std::string(kMaxLineLength - half + 1, 'b') + "\nbad\n");
        CHECK(over.stop_line == 4);
        CHECK(over.assignments.size() == 2);
        REQUIRE(over.problems.size() == 1);
        check_problem(over.problems[0], 4, 1,
                      "lines 4-6 joined are 1048577 bytes long, more than systemd accepts (at "
                      "most 1048576 bytes)");
    }

    // ---- line text ----------------------------------------------------------------------

    TEST_CASE("unit file - line text excludes every kind of line ending") {
        const UnitFile file = parse(std::string("a\r\nb\rc\n\rd\0e", 11));
        REQUIRE(file.line_starts.size() == 5);
        CHECK(file.line_text(1) == "a");
        CHECK(file.line_text(2) == "b");
        CHECK(file.line_text(3) == "c");
        CHECK(file.line_text(4) == "d");
        CHECK(file.line_text(5) == "e");
        CHECK(file.line_text(6).empty());
        CHECK(file.line_text(-1).empty());
    }
}
