// SPDX-License-Identifier: MIT
// SARIF 2.1.0 rendering of check results.
#include "linter/report_sarif.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string_view>

#include <fmt/format.h>

#include "linter/json_writer.hpp"
#include "rules/rule.hpp"

namespace unitguard::linter {
namespace {

namespace fs = std::filesystem;

// Key in partialFingerprints. Its value is the baseline fingerprint of the finding, so a
// code-scanning service keeps an alert's identity when lines move.
constexpr std::string_view kFingerprintKey = "unitguardFingerprint/v1";
constexpr std::string_view kUriBase = "SRCROOT";

// Percent-encodes every byte outside RFC 3986's unreserved set and the path delimiters.
std::string encode_uri_path(std::string_view path) {
    std::string out;
    for (char c : path) {
        auto byte = static_cast<unsigned char>(c);
        bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                     (byte >= '0' && byte <= '9') ||
                     std::string_view("-._~/@!$&'()*+,;=:").find(c) != std::string_view::npos;
        out += plain ? std::string(1, c) : fmt::format("%{:02X}", byte);
    }
    return out;
}

// Level of a result: SARIF calls the lowest one "note".
std::string_view sarif_level(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Info:
            break;
    }
    return "note";
}

// GitHub code scanning reads security-severity as critical above 9.0, high from 7.0 to 8.9,
// medium from 4.0 to 6.9 and low at 3.9 or less ("SARIF support for code scanning").
std::string_view security_severity(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "8.0";
        case Severity::Warning:
            return "5.0";
        case Severity::Info:
            break;
    }
    return "2.0";
}

// Points at the HTML man page of the first man page named in `references` ("systemd.exec(5)
// NoNewPrivileges=" gives systemd.exec.html). Pages that systemd ships are on
// freedesktop.org, the others on man7.org. Rules that cite only unitguard get none.
std::optional<std::string> help_uri(std::string_view references) {
    static const std::regex kManPage(R"(([A-Za-z0-9_.-]+)\(([1-8])\))");
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_search(references.begin(), references.end(), match, kManPage)) {
        return std::nullopt;
    }
    const std::string page = match[1].str();
    const std::string section = match[2].str();
    if (page.starts_with("systemd") || page == "sysctl.d") {
        return fmt::format("https://www.freedesktop.org/software/systemd/man/latest/{}.html",
                           page);
    }
    return fmt::format("https://man7.org/linux/man-pages/man{}/{}.{}.html", section, page,
                       section);
}

std::string help_text(const rules::Rule& rule) {
    std::string text = std::string(rule.fix_hint);
    if (!rule.references.empty()) text += fmt::format("\nReferences: {}", rule.references);
    text += fmt::format("\nRun 'unitguard explain {}' for examples.", rule.id);
    return text;
}

void write_text_object(JsonWriter& json, std::string_view key, std::string_view text) {
    json.key(key);
    json.begin_object();
    json.key("text");
    json.value(text);
    json.end_object();
}

void write_rule(JsonWriter& json, const rules::Rule& rule) {
    json.begin_object();
    json.key("id");
    json.value(rule.id);
    json.key("name");
    json.value(rule.name);

    write_text_object(json, "shortDescription", rule.summary);
    write_text_object(json, "fullDescription",
                      rule.rationale.empty() ? rule.summary : rule.rationale);
    write_text_object(json, "help", help_text(rule));
    if (std::optional<std::string> uri = help_uri(rule.references)) {
        json.key("helpUri");
        json.value(*uri);
    }

    json.key("defaultConfiguration");
    json.begin_object();
    json.key("level");
    json.value(sarif_level(rule.severity));
    json.key("enabled");
    json.value(rule.enabled_by_default);
    json.end_object();

    json.key("properties");
    json.begin_object();
    json.key("security-severity");
    json.value(security_severity(rule.severity));
    json.key("tags");
    json.begin_array();
    json.value("security");
    json.value("systemd");
    json.end_array();
    json.end_object();
    json.end_object();
}

// A finding of an ID missing from the catalogue still needs a descriptor to point at.
void write_unknown_rule(JsonWriter& json, const Diagnostic& diagnostic) {
    json.begin_object();
    json.key("id");
    json.value(diagnostic.rule_id);
    json.key("name");
    json.value(diagnostic.rule_name);
    write_text_object(json, "shortDescription", diagnostic.rule_name);
    json.key("properties");
    json.begin_object();
    json.key("security-severity");
    json.value(security_severity(diagnostic.severity));
    json.end_object();
    json.end_object();
}

void write_artifact_location(JsonWriter& json, const std::string& path) {
    json.key("artifactLocation");
    json.begin_object();
    json.key("uri");
    if (!path.empty() && path.front() == '/') {
        json.value("file://" + encode_uri_path(path));
    } else {
        json.value(encode_uri_path(path));
        json.key("uriBaseId");
        json.value(kUriBase);
    }
    json.end_object();
}

// Writes a physical location when the finding has a file. SARIF lines and columns start
// at 1, so a finding without a line points at the top of the file.
void write_locations(JsonWriter& json, const Diagnostic& diagnostic, const ReportBase& base) {
    json.key("locations");
    json.begin_array();
    json.begin_object();
    if (!diagnostic.location.path.empty()) {
        json.key("physicalLocation");
        json.begin_object();
        write_artifact_location(json, repository_path(diagnostic.location.path, base));
        json.key("region");
        json.begin_object();
        json.key("startLine");
        json.value(std::max(diagnostic.location.line, 1));
        json.key("startColumn");
        json.value(std::max(diagnostic.location.column, 1));
        if (diagnostic.location.end_column > diagnostic.location.column) {
            json.key("endColumn");
            json.value(diagnostic.location.end_column);
        }
        json.end_object();
        json.end_object();
    }
    if (!diagnostic.unit.empty()) {
        json.key("logicalLocations");
        json.begin_array();
        json.begin_object();
        json.key("name");
        json.value(diagnostic.unit);
        json.key("kind");
        json.value("module");
        json.end_object();
        json.end_array();
    }
    json.end_object();
    json.end_array();
}

void write_suppressions(JsonWriter& json, const Diagnostic& diagnostic) {
    if (diagnostic.state == FindingState::Open) return;
    json.key("suppressions");
    json.begin_array();
    json.begin_object();
    json.key("kind");
    json.value(diagnostic.state == FindingState::Suppressed ? "inSource" : "external");
    json.key("status");
    json.value("accepted");
    std::string justification = diagnostic.state_reason;
    if (justification.empty() && diagnostic.state == FindingState::Baselined) {
        justification = "listed in the baseline";
    }
    if (!justification.empty()) {
        json.key("justification");
        json.value(justification);
    }
    json.key("properties");
    json.begin_object();
    json.key("state");
    json.value(finding_state_name(diagnostic.state));
    if (!diagnostic.state_source.empty()) {
        json.key("source");
        json.value(diagnostic.state_source);
    }
    json.end_object();
    json.end_object();
    json.end_array();
}

// The message names the unit when the file is not the unit's own, as the text report does.
std::string result_message(const Diagnostic& diagnostic) {
    const std::string& path = diagnostic.location.path;
    std::string_view file_name = path;
    if (std::size_t slash = path.rfind('/'); slash != std::string::npos) {
        file_name = file_name.substr(slash + 1);
    }
    std::string text = diagnostic.message;
    if (!diagnostic.unit.empty() && file_name != diagnostic.unit) {
        text = fmt::format("{}: {}", diagnostic.unit, text);
    }
    if (diagnostic.help) text += fmt::format("\nhelp: {}", *diagnostic.help);
    for (const std::string& note : diagnostic.notes) text += fmt::format("\nnote: {}", note);
    return text;
}

void write_result(JsonWriter& json, const Diagnostic& diagnostic, std::size_t rule_index,
                  const ReportBase& base) {
    json.begin_object();
    json.key("ruleId");
    json.value(diagnostic.rule_id);
    json.key("ruleIndex");
    json.value(rule_index);
    json.key("level");
    json.value(sarif_level(diagnostic.severity));
    write_text_object(json, "message", result_message(diagnostic));
    write_locations(json, diagnostic, base);
    if (!diagnostic.fingerprint.empty()) {
        json.key("partialFingerprints");
        json.begin_object();
        json.key(kFingerprintKey);
        json.value(diagnostic.fingerprint);
        json.end_object();
    }
    write_suppressions(json, diagnostic);
    json.key("properties");
    json.begin_object();
    json.key("unit");
    json.value(diagnostic.unit);
    if (diagnostic.directive) {
        json.key("directive");
        json.value(*diagnostic.directive);
    }
    if (diagnostic.value) {
        json.key("value");
        json.value(*diagnostic.value);
    }
    json.end_object();
    json.end_object();
}

bool is_unreadable_input(const Diagnostic& diagnostic) { return diagnostic.rule_id == "UG002"; }

void write_notification(JsonWriter& json, const Diagnostic& diagnostic, const ReportBase& base) {
    json.begin_object();
    json.key("level");
    json.value("error");
    write_text_object(json, "message", result_message(diagnostic));
    json.key("descriptor");
    json.begin_object();
    json.key("id");
    json.value(diagnostic.rule_id);
    json.end_object();
    if (!diagnostic.location.path.empty() || !diagnostic.unit.empty()) {
        write_locations(json, diagnostic, base);
    }
    json.end_object();
}

void write_driver(JsonWriter& json, const std::vector<Diagnostic>& diagnostics,
                  std::map<std::string, std::size_t>& rule_index) {
    json.key("driver");
    json.begin_object();
    json.key("name");
    json.value("unitguard");
    json.key("version");
    json.value(UG_VERSION);
    json.key("semanticVersion");
    json.value(UG_VERSION);
    json.key("rules");
    json.begin_array();
    for (const rules::Rule* rule : rules::all_rules()) {
        rule_index.emplace(std::string(rule->id), rule_index.size());
        write_rule(json, *rule);
    }
    for (const Diagnostic& diagnostic : diagnostics) {
        if (is_unreadable_input(diagnostic)) continue;
        if (rule_index.emplace(diagnostic.rule_id, rule_index.size()).second) {
            write_unknown_rule(json, diagnostic);
        }
    }
    json.end_array();
    json.key("properties");
    json.begin_object();
    json.key("ruleSetVersion");
    json.value(rule_set_version());
    json.end_object();
    json.end_object();
}

void write_invocation(JsonWriter& json, const std::vector<Diagnostic>& diagnostics,
                      const RunSummary& summary, const ReportBase& base) {
    json.key("invocations");
    json.begin_array();
    json.begin_object();
    // Findings are a successful run; only unreadable input or a tool error is not.
    json.key("executionSuccessful");
    json.value(summary.exit_code == 0 || summary.exit_code == 1);
    json.key("exitCode");
    json.value(summary.exit_code);
    json.key("exitCodeDescription");
    json.value(summary.exit_reason);
    json.key("toolExecutionNotifications");
    json.begin_array();
    for (const Diagnostic& diagnostic : diagnostics) {
        if (is_unreadable_input(diagnostic)) write_notification(json, diagnostic, base);
    }
    json.end_array();
    json.end_object();
    json.end_array();
}

}  // namespace

ReportBase find_report_base() {
    std::error_code error;
    fs::path cwd = fs::current_path(error);
    ReportBase base;
    base.working_directory = error ? "." : cwd.string();
    base.repository_root = base.working_directory;
    for (fs::path dir = cwd; !error && !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / ".git", error)) {
            base.repository_root = dir.string();
            break;
        }
        if (dir == dir.parent_path()) break;
    }
    return base;
}

std::string repository_path(const std::string& display_path, const ReportBase& base) {
    fs::path absolute = display_path;
    if (absolute.is_relative()) absolute = fs::path(base.working_directory) / absolute;
    absolute = absolute.lexically_normal();
    fs::path relative = absolute.lexically_relative(base.repository_root);
    if (relative.empty() || *relative.begin() == "..") return absolute.string();
    return relative.string();
}

std::string rule_set_version() {
    // FNV-1a over "ID name severity;" of every rule, in catalogue order.
    std::uint32_t hash = 2166136261u;
    auto add = [&hash](std::string_view text) {
        for (char c : text) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 16777619u;
        }
    };
    std::span<const rules::Rule* const> catalogue = rules::all_rules();
    for (const rules::Rule* rule : catalogue) {
        add(rule->id);
        add(" ");
        add(rule->name);
        add(" ");
        add(severity_name(rule->severity));
        add(";");
    }
    return fmt::format("{} rules, {:08x}", catalogue.size(), hash);
}

std::string render_sarif(const std::vector<Diagnostic>& diagnostics, const RunSummary& summary,
                         const ReportBase& base) {
    JsonWriter json;
    json.begin_object();
    json.key("$schema");
    json.value("https://json.schemastore.org/sarif-2.1.0.json");
    json.key("version");
    json.value("2.1.0");
    json.key("runs");
    json.begin_array();
    json.begin_object();

    std::map<std::string, std::size_t> rule_index;
    json.key("tool");
    json.begin_object();
    write_driver(json, diagnostics, rule_index);
    json.end_object();
    write_invocation(json, diagnostics, summary, base);

    json.key("originalUriBaseIds");
    json.begin_object();
    json.key(kUriBase);
    json.begin_object();
    json.key("uri");
    std::string root_uri = "file://" + encode_uri_path(base.repository_root);
    if (root_uri.back() != '/') root_uri += '/';
    json.value(root_uri);
    json.end_object();
    json.end_object();

    json.key("results");
    json.begin_array();
    for (const Diagnostic& diagnostic : diagnostics) {
        if (is_unreadable_input(diagnostic)) continue;
        write_result(json, diagnostic, rule_index.at(diagnostic.rule_id), base);
    }
    json.end_array();
    json.end_object();
    json.end_array();
    json.end_object();
    return json.str() + "\n";
}

}  // namespace unitguard::linter
