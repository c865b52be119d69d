// SPDX-License-Identifier: MIT
// Fuzz target: the unit-file lexer and parser (parse_unit_file) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "linter/unit_file.hpp"

namespace {

// Aborts with `invariant` so that libFuzzer records the input as a crash.
void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "unit_file_fuzzer: invariant failed: %s\n", invariant);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    unitguard::linter::UnitFile file = unitguard::linter::parse_unit_file("fuzz.service", text);

    // Facts that unit_file.hpp documents and that caret rendering relies on.
    for (std::size_t i = 0; i < file.line_starts.size(); ++i) {
        require(file.line_starts[i] <= file.content.size(), "line start inside the content");
        require(i == 0 || file.line_starts[i - 1] < file.line_starts[i],
                "line starts strictly increasing");
    }
    for (const auto& assignment : file.assignments) {
        require(!assignment.section.empty(), "assignment has a section");
        require(assignment.line >= 1 && assignment.column >= 1, "assignment place is 1-based");
        std::size_t previous = 0;
        for (const auto& piece : assignment.pieces) {
            require(piece.offset <= assignment.value.size(), "piece offset inside the value");
            require(piece.offset >= previous, "piece offsets in order");
            previous = piece.offset;
        }
        // Every offset would make long values quadratic; the piece edges are the hard cases.
        auto check_position = [&](std::size_t offset) {
            auto [line, column] = assignment.value_position(offset);
            require(line >= 1 && column >= 1, "value position is 1-based");
        };
        check_position(0);
        check_position(assignment.value.size());
        check_position(assignment.value.size() + 1);
        for (const auto& piece : assignment.pieces) {
            check_position(piece.offset);
            if (piece.offset > 0) check_position(piece.offset - 1);
        }
        (void)file.line_text(assignment.line);
    }
    (void)file.line_text(0);
    (void)file.line_text(static_cast<int>(file.line_starts.size()) + 1);
    return 0;
}
