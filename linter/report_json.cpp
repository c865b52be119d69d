// SPDX-License-Identifier: MIT
// JSON rendering of check results.
#include "linter/report_json.hpp"

#include "linter/json_writer.hpp"

namespace unitguard::linter {
namespace {

void optional_value(JsonWriter& json, const std::optional<std::string>& value) {
    if (value) {
        json.value(*value);
    } else {
        json.null();
    }
}

// Writes `text`, or null when it is empty.
void text_or_null(JsonWriter& json, const std::string& text) {
    if (text.empty()) {
        json.null();
    } else {
        json.value(text);
    }
}

// The finding's state with the waiver, comment or baseline behind it, and its identity
// across runs.
void write_state(JsonWriter& json, const Diagnostic& diagnostic) {
    json.key("directive");
    optional_value(json, diagnostic.directive);
    json.key("value");
    optional_value(json, diagnostic.value);
    json.key("state");
    json.value(finding_state_name(diagnostic.state));
    json.key("state_reason");
    text_or_null(json, diagnostic.state_reason);
    json.key("state_source");
    text_or_null(json, diagnostic.state_source);
    json.key("fingerprint");
    text_or_null(json, diagnostic.fingerprint);
}

}  // namespace

std::string render_json(const std::vector<Diagnostic>& diagnostics, const RunSummary& summary) {
    JsonWriter json;
    json.begin_object();
    json.key("schema_version");
    json.value(1);
    json.key("tool");
    json.begin_object();
    json.key("name");
    json.value("unitguard");
    json.key("version");
    json.value(UG_VERSION);
    json.end_object();
    json.key("target_systemd");
    json.value(summary.target_version);
    json.key("units_checked");
    json.value(summary.units_checked);
    json.key("findings");
    json.begin_array();
    for (const Diagnostic& diagnostic : diagnostics) {
        json.begin_object();
        json.key("rule");
        json.value(diagnostic.rule_id);
        json.key("name");
        json.value(diagnostic.rule_name);
        json.key("severity");
        json.value(severity_name(diagnostic.severity));
        json.key("unit");
        json.value(diagnostic.unit);
        json.key("message");
        json.value(diagnostic.message);
        json.key("path");
        json.value(diagnostic.location.path);
        json.key("line");
        json.value(diagnostic.location.line);
        json.key("column");
        json.value(diagnostic.location.column);
        json.key("help");
        if (diagnostic.help) {
            json.value(*diagnostic.help);
        } else {
            json.null();
        }
        json.key("notes");
        json.begin_array();
        for (const std::string& note : diagnostic.notes) json.value(note);
        json.end_array();
        write_state(json, diagnostic);
        json.end_object();
    }
    json.end_array();
    json.key("exit_code");
    json.value(summary.exit_code);
    json.key("exit_reason");
    json.value(summary.exit_reason);
    json.end_object();
    return json.str() + "\n";
}

}  // namespace unitguard::linter
