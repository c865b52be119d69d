// SPDX-License-Identifier: MIT
// `unitguard rules` and `unitguard explain`: the rule catalogue from the rules' metadata.
#include <cstdio>

#include <fmt/format.h>

#include "linter/commands.hpp"
#include "linter/json_writer.hpp"
#include "rules/rule.hpp"

namespace unitguard::linter {
namespace {

void write_rule_json(JsonWriter& json, const rules::Rule& rule) {
    json.begin_object();
    auto field = [&json](std::string_view key, std::string_view value) {
        json.key(key);
        json.value(value);
    };
    field("id", rule.id);
    field("name", rule.name);
    field("severity", severity_name(rule.severity));
    json.key("enabled_by_default");
    json.value(rule.enabled_by_default);
    field("summary", rule.summary);
    field("rationale", rule.rationale);
    field("bad_example", rule.bad_example);
    field("good_example", rule.good_example);
    field("fix_hint", rule.fix_hint);
    field("references", rule.references);
    field("limitations", rule.limitations);
    field("added_in", rule.added_in);
    json.end_object();
}

// Indents every line of a multi-line snippet by four spaces.
std::string indent(std::string_view text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start) out += "    ";
        out += c;
        line_start = c == '\n';
    }
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

}  // namespace

int run_rules(const Options& options) {
    bool json = options.formats.front().name == "json";
    if (json) {
        JsonWriter writer;
        writer.begin_array();
        for (const rules::Rule* rule : rules::all_rules()) write_rule_json(writer, *rule);
        writer.end_array();
        std::printf("%s\n", writer.str().c_str());
        return kExitClean;
    }
    for (const rules::Rule* rule : rules::all_rules()) {
        std::printf("%s  %-30s %-8s %-4s %s\n", std::string(rule->id).c_str(),
                    std::string(rule->name).c_str(),
                    std::string(severity_name(rule->severity)).c_str(),
                    rule->enabled_by_default ? "on" : "off", std::string(rule->summary).c_str());
    }
    return kExitClean;
}

int run_explain(const Options& options) {
    if (options.arguments.size() != 1) {
        std::fputs("unitguard: error: explain takes one rule ID, e.g. 'unitguard explain UG401'\n",
                   stderr);
        return kExitUsage;
    }
    const rules::Rule* rule = rules::find_rule(options.arguments.front());
    if (rule == nullptr) {
        std::fprintf(stderr,
                     "unitguard: error: unknown rule '%s'; 'unitguard rules' lists them\n",
                     options.arguments.front().c_str());
        return kExitUsage;
    }
    if (options.formats.front().name == "json") {
        JsonWriter writer;
        write_rule_json(writer, *rule);
        std::printf("%s\n", writer.str().c_str());
        return kExitClean;
    }
    std::string text = fmt::format(
        "{} {}\n\n{}\n\nseverity: {} (enabled {})\n\nwhy:\n{}\nflagged:\n{}\nfixed:\n{}\n"
        "fix: {}\nreferences: {}\nlimitations: {}\nadded in: unitguard {}\n",
        rule->id, rule->name, rule->summary, severity_name(rule->severity),
        rule->enabled_by_default ? "by default" : "only when a policy enables it",
        indent(rule->rationale), indent(rule->bad_example), indent(rule->good_example),
        rule->fix_hint, rule->references, rule->limitations, rule->added_in);
    std::fputs(text.c_str(), stdout);
    return kExitClean;
}

}  // namespace unitguard::linter
