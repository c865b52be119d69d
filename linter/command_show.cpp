// SPDX-License-Identifier: MIT
// `unitguard show`: effective settings with the file:line behind each one.
#include "linter/commands.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "linter/json_writer.hpp"
#include "linter/report_text.hpp"
#include "linter/root_fs.hpp"
#include "linter/show_properties.hpp"
#include "linter/specifiers.hpp"
#include "rules/exposure/evaluate.hpp"

namespace unitguard::linter {
namespace {

std::string_view load_state_name(LoadState state) {
    switch (state) {
        case LoadState::Loaded:
            return "loaded";
        case LoadState::Masked:
            return "masked";
        case LoadState::NotFound:
            return "not-found";
        case LoadState::BadSetting:
            return "bad-setting";
    }
    return "error";
}

// Returns why systemd marks a service bad-setting although its files load: see
// load_refusal(). Returns nothing for other units and for services that load.
std::optional<std::string> bad_setting_reason(const WorkspaceUnit& unit) {
    const LoadedUnit& loaded = unit.loaded;
    if (loaded.state != LoadState::Loaded || loaded.name.type != "service" ||
        loaded.name.is_template) {
        return std::nullopt;
    }
    return rules::exposure::load_refusal(unit.effective.settings, loaded.fragment_path);
}

// Returns the load state that systemd would give the unit.
std::string_view effective_load_state(const WorkspaceUnit& unit) {
    if (bad_setting_reason(unit)) return load_state_name(LoadState::BadSetting);
    return load_state_name(unit.loaded.state);
}

std::string place(const Workspace& workspace, const AppliedAssignment& assignment) {
    return fmt::format("{}:{}", workspace.display_path(assignment.path), assignment.line);
}

// Describes what happened to an assignment that no longer counts.
std::string fate(const Workspace& workspace, const Setting& setting,
                 const AppliedAssignment& assignment) {
    if (!assignment.ignored.empty()) return fmt::format("ignored: {}", assignment.ignored);
    if (assignment.overridden_by == 0) return "reset";
    const AppliedAssignment& later = setting.history[assignment.overridden_by - 1];
    if (later.value.empty()) return fmt::format("reset by {}", place(workspace, later));
    return fmt::format("overridden by {}", place(workspace, later));
}

void render_unit_text(std::string& out, const Workspace& workspace, const WorkspaceUnit& unit) {
    const LoadedUnit& loaded = unit.loaded;
    out += fmt::format("{}\n", escape_for_terminal(loaded.id));
    if (std::optional<std::string> reason = bad_setting_reason(unit)) {
        out += fmt::format("  load state: bad-setting ({})\n", escape_for_terminal(*reason));
    } else {
        out += fmt::format("  load state: {}\n", load_state_name(loaded.state));
    }
    if (!loaded.fragment_path.empty()) {
        out += fmt::format("  fragment: {}\n",
                           escape_for_terminal(workspace.display_path(loaded.fragment_path)));
    }
    for (const std::string& dropin : loaded.dropin_paths) {
        out += fmt::format("  drop-in: {}\n",
                           escape_for_terminal(workspace.display_path(dropin)));
    }
    const Settings& settings = unit.effective.settings;
    std::string section;
    for (const auto& [key, setting] : settings.by_key) {
        if (setting.section != section) {
            section = setting.section;
            out += fmt::format("  [{}]\n", escape_for_terminal(section));
        }
        std::vector<std::string_view> values = setting.live_values();
        if (values.empty()) {
            out += fmt::format("    {}= (not in effect)\n", escape_for_terminal(setting.name));
        }
        for (std::string_view value : values) {
            out += fmt::format("    {}={}\n", escape_for_terminal(setting.name),
                               escape_for_terminal(value));
        }
        for (const AppliedAssignment& assignment : setting.history) {
            std::string where = place(workspace, assignment);
            if (assignment.live) {
                out += fmt::format("      set at {}\n", escape_for_terminal(where));
            } else if (!assignment.ignored.empty()) {
                // Most reasons quote the value already ("invalid boolean 'maybe'").
                std::string reason = assignment.ignored;
                if (reason.find(fmt::format("'{}'", assignment.value)) == std::string::npos) {
                    reason += fmt::format("; value '{}'", assignment.value);
                }
                out += fmt::format("      ignored at {}: {}\n", escape_for_terminal(where),
                                   escape_for_terminal(reason));
            } else {
                out += fmt::format("      {} '{}' at {}\n",
                                   escape_for_terminal(fate(workspace, setting, assignment)),
                                   escape_for_terminal(assignment.value),
                                   escape_for_terminal(where));
            }
        }
    }
    for (const ImpliedSetting& implied : settings.implied) {
        out += fmt::format("  implied: {}={} because {}", implied.name, implied.value,
                           escape_for_terminal(implied.reason));
        if (implied.source != nullptr) {
            out += fmt::format(" ({})", escape_for_terminal(place(workspace, *implied.source)));
        }
        out += '\n';
    }
}

void render_unit_json(JsonWriter& json, const Workspace& workspace, const WorkspaceUnit& unit) {
    const LoadedUnit& loaded = unit.loaded;
    json.begin_object();
    json.key("unit");
    json.value(loaded.id);
    json.key("names");
    json.begin_array();
    for (const std::string& name : loaded.names) json.value(name);
    json.end_array();
    json.key("load_state");
    json.value(effective_load_state(unit));
    json.key("fragment_path");
    json.value(workspace.display_path(loaded.fragment_path));
    json.key("dropin_paths");
    json.begin_array();
    for (const std::string& dropin : loaded.dropin_paths) {
        json.value(workspace.display_path(dropin));
    }
    json.end_array();
    json.key("settings");
    json.begin_array();
    for (const auto& [key, setting] : unit.effective.settings.by_key) {
        json.begin_object();
        json.key("section");
        json.value(setting.section);
        json.key("name");
        json.value(setting.name);
        json.key("known");
        json.value(setting.directive != nullptr);
        json.key("values");
        json.begin_array();
        for (std::string_view value : setting.live_values()) json.value(value);
        json.end_array();
        json.key("assignments");
        json.begin_array();
        for (const AppliedAssignment& assignment : setting.history) {
            json.begin_object();
            json.key("path");
            json.value(workspace.display_path(assignment.path));
            json.key("line");
            json.value(assignment.line);
            json.key("column");
            json.value(assignment.column);
            json.key("value");
            json.value(assignment.value);
            json.key("state");
            json.value(assignment.live ? std::string("in-effect")
                                       : fate(workspace, setting, assignment));
            json.end_object();
        }
        json.end_array();
        json.end_object();
    }
    json.end_array();
    json.key("implied");
    json.begin_array();
    for (const ImpliedSetting& implied : unit.effective.settings.implied) {
        json.begin_object();
        json.key("name");
        json.value(implied.name);
        json.key("value");
        json.value(implied.value);
        json.key("reason");
        json.value(implied.reason);
        if (implied.source != nullptr) {
            json.key("path");
            json.value(workspace.display_path(implied.source->path));
            json.key("line");
            json.value(implied.source->line);
        }
        json.end_object();
    }
    json.end_array();
    json.end_object();
}

// The facts `show -p` needs for one unit: the scope, the target release and the values of
// its %-specifiers (read from the root, like the loader's).
ShowContext show_context(const Options& options, const RunContext& context,
                         const WorkspaceUnit& unit) {
    ShowContext show;
    show.user_scope = options.user_scope;
    show.target_version = context.target_version;
    RootFs root(options.root.value_or("/"));
    show.specifiers = make_specifier_context(root, unit.loaded.name, options.user_scope);
    show.specifiers.target_version = context.target_version;
    return show;
}

// systemctl prints nothing for a property it does not know. unitguard prints nothing for
// one it cannot model either, but warns, because systemd might print a value there.
void warn_unsupported_properties(const std::vector<std::string>& properties,
                                 int target_version) {
    std::vector<std::string> reported;
    for (const std::string& property : properties) {
        if (property_support(property, target_version) != PropertySupport::Unsupported) continue;
        if (std::find(reported.begin(), reported.end(), property) != reported.end()) continue;
        reported.push_back(property);
        std::fprintf(stderr,
                     "unitguard: warning: show -p does not support property '%s', "
                     "printing nothing for it\n",
                     escape_for_terminal(property).c_str());
    }
}

}  // namespace

int run_show(const Options& options, const RunContext& context) {
    std::unique_ptr<Workspace> workspace = Workspace::open(options, context.target_version);
    warn_unsupported_properties(options.properties, context.target_version);
    int exit_code = 0;
    std::string out;
    bool json = !options.formats.empty() && options.formats.front().name == "json";
    JsonWriter writer;
    if (json) writer.begin_array();

    for (const WorkspaceUnit& unit : workspace->units()) {
        if (unit.loaded.state == LoadState::NotFound) {
            std::fprintf(stderr, "unitguard: error: unit '%s' not found\n",
                         escape_for_terminal(unit.loaded.requested_name).c_str());
            exit_code = 3;
        }
        if (!unit.loaded.problems.empty()) exit_code = 3;
        if (!options.properties.empty()) {
            // systemctl separates units by a blank line and prints values unescaped.
            if (&unit != &workspace->units().front()) out += '\n';
            out += format_properties(unit, options.properties,
                                     show_context(options, context, unit));
            continue;
        }
        if (json) {
            render_unit_json(writer, *workspace, unit);
        } else {
            render_unit_text(out, *workspace, unit);
        }
    }
    if (json && options.properties.empty()) {
        writer.end_array();
        out = writer.str() + "\n";
    }
    std::fputs(out.c_str(), stdout);
    for (const Diagnostic& problem : workspace->problems()) {
        std::fprintf(stderr, "unitguard: error: %s\n",
                     escape_for_terminal(problem.message).c_str());
        exit_code = 3;
    }
    return exit_code;
}

}  // namespace unitguard::linter
