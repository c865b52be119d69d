// SPDX-License-Identifier: MIT
// Build-time generator for the exposure model: turns security_assessment.tsv and
// syscalls_x86_64.tsv into constant tables (see rules/exposure/assessment_table.hpp).
//
//   gen_exposure <rules/data directory> <output .cpp file>
//
// Every row is checked (column count, numbers, a known grading function); any problem
// stops the build with "file:line: error: message".
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& message) {
    std::cerr << where << ": error: " << message << "\n";
    std::exit(1);
}

struct Row {
    std::vector<std::string> cells;
    std::string where;  // "file:line"
};

// Reads a TSV file whose comment lines start with '#'; every other line must have exactly
// `columns` tab-separated cells.
std::vector<Row> read_tsv(const fs::path& path, std::size_t columns) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path.string(), "cannot open");
    std::vector<Row> rows;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        Row row;
        row.where = path.filename().string() + ":" + std::to_string(number);
        std::size_t start = 0;
        while (true) {
            std::size_t tab = line.find('\t', start);
            row.cells.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (row.cells.size() != columns) {
            fail(row.where, "expected " + std::to_string(columns) + " columns, found " +
                                std::to_string(row.cells.size()));
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty()) fail(path.string(), "no rows");
    return rows;
}

unsigned to_unsigned(const Row& row, const std::string& text, const char* what) {
    unsigned value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        fail(row.where, std::string("invalid ") + what + " '" + text + "'");
    }
    return value;
}

// Writes `text` as a C++ string literal. Bytes outside printable ASCII become octal
// escapes, so the generated file is plain ASCII.
std::string literal(const std::string& text) {
    static constexpr char kDigits[] = "01234567";
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            out += '\\';
            out += kDigits[(c >> 6) & 7];
            out += kDigits[(c >> 3) & 7];
            out += kDigits[c & 7];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

// assess_fn column to the AssessKind enumerator of rules/exposure/assessment_table.hpp.
const std::map<std::string, std::string>& assess_kinds() {
    static const std::map<std::string, std::string> kinds = {
        {"assess_user", "User"},
        {"assess_supplementary_groups", "SupplementaryGroups"},
        {"assess_bool", "Bool"},
        {"assess_protect_home", "ProtectHome"},
        {"assess_protect_system", "ProtectSystem"},
        {"assess_root_directory", "RootDirectory"},
        {"assess_capability_bounding_set", "CapabilityBoundingSet"},
        {"assess_umask", "UMask"},
        {"assess_keyring_mode", "KeyringMode"},
        {"assess_protect_proc", "ProtectProc"},
        {"assess_proc_subset", "ProcSubset"},
        {"assess_notify_access", "NotifyAccess"},
        {"assess_remove_ipc", "RemoveIpc"},
        {"assess_restrict_namespaces", "RestrictNamespaces"},
        {"assess_system_call_architectures", "SystemCallArchitectures"},
        {"assess_system_call_filter", "SystemCallFilter"},
        {"assess_ip_address_allow", "IpAddressAllow"},
        {"assess_device_allow", "DeviceAllow"},
        {"assess_ambient_capabilities", "AmbientCapabilities"},
    };
    return kinds;
}

// Splits "252" or "252.19" into release and stable patch level.
std::pair<unsigned, unsigned> parse_release(const Row& row, const std::string& text) {
    std::size_t dot = text.find('.');
    unsigned release = to_unsigned(row, text.substr(0, dot), "release");
    if (dot == std::string::npos) return {release, 0};
    return {release, to_unsigned(row, text.substr(dot + 1), "release patch level")};
}

std::string assessment_rows(const fs::path& file) {
    std::string out = "constexpr AssessmentRow kRows[] = {\n";
    std::set<std::pair<std::string, std::string>> seen;
    for (const Row& row : read_tsv(file, 8)) {
        const std::vector<std::string>& c = row.cells;
        auto [release, patch] = parse_release(row, c[0]);
        if (!seen.insert({c[0], c[1]}).second) fail(row.where, "duplicate id '" + c[1] + "'");
        auto kind = assess_kinds().find(c[5]);
        if (kind == assess_kinds().end()) fail(row.where, "unknown assess_fn '" + c[5] + "'");
        unsigned weight = to_unsigned(row, c[3], "weight");
        unsigned range = to_unsigned(row, c[4], "range");
        if (range == 0) fail(row.where, "range must be at least 1");
        out += "    {" + std::to_string(release) + ", " + std::to_string(patch) + ", " +
               literal(c[1]) + ", " + literal(c[2]) + ", " + std::to_string(weight) + ", " +
               std::to_string(range) + ", AssessKind::" + kind->second + ", " + literal(c[6]) +
               ", " + literal(c[7]) + "},\n";
    }
    return out + "};\n";
}

std::string x86_64_syscalls(const fs::path& file) {
    std::vector<std::string> names;
    for (const Row& row : read_tsv(file, 2)) {
        to_unsigned(row, row.cells[0], "system call number");
        if (row.cells[1].empty()) fail(row.where, "empty system call name");
        names.push_back(row.cells[1]);
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::string out = "constexpr std::string_view kSyscalls[] = {\n";
    for (const std::string& name : names) out += "    " + literal(name) + ",\n";
    return out + "};\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: gen_exposure <rules/data directory> <output .cpp file>\n";
        return 2;
    }
    const fs::path dir = argv[1];
    std::string text =
        "// Generated by rules/data/gen_exposure.cpp from security_assessment.tsv and\n"
        "// syscalls_x86_64.tsv. Do not edit.\n"
        "#include \"rules/exposure/assessment_table.hpp\"\n\n"
        "namespace unitguard::rules::exposure::data {\n"
        "namespace {\n\n" +
        assessment_rows(dir / "security_assessment.tsv") + "\n" +
        x86_64_syscalls(dir / "syscalls_x86_64.tsv") +
        "\n}  // namespace\n\n"
        "const std::span<const AssessmentRow> kAssessmentRows(kRows);\n"
        "const std::span<const std::string_view> kX86_64Syscalls(kSyscalls);\n\n"
        "}  // namespace unitguard::rules::exposure::data\n";

    const fs::path output = argv[2];
    fs::create_directories(output.parent_path());
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) fail(output.string(), "cannot write");
    return 0;
}
