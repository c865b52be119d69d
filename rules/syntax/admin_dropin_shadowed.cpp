// SPDX-License-Identifier: MIT
// UG123 admin-dropin-shadowed: a drop-in in /etc or /run sets a value that a vendor drop-in
// in /usr replaces, because drop-ins apply in file-name order whatever their directory.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/directives.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kAdminDropinShadowed;

namespace {

bool is_dropin(std::string_view path) {
    return path.ends_with(".conf") && path.find(".d/") != std::string_view::npos;
}

// Returns whether `path` is where the administrator writes drop-ins (systemctl edit,
// configuration management).
bool is_admin_path(std::string_view path) {
    return path.starts_with("/etc/") || path.starts_with("/run/");
}

// Returns whether `path` is where packages install drop-ins.
bool is_vendor_path(std::string_view path) {
    return path.starts_with("/usr/") || path.starts_with("/lib/");
}

std::string_view file_name(std::string_view path) {
    return path.substr(path.rfind('/') + 1);
}

// Returns a new name for drop-in `name` that sorts after `vendor`: "90-NAME" when that
// does, else NAME behind as many 'z' as it takes.
std::string later_name(std::string_view name, std::string_view vendor) {
    std::string renamed = fmt::format("90-{}", name);
    std::string prefix = "z";
    while (renamed <= vendor) {
        renamed = fmt::format("{}-{}", prefix, name);
        prefix += 'z';
    }
    return renamed;
}

void check_setting(const RuleContext& context, const linter::Setting& setting,
                   std::vector<Diagnostic>& findings) {
    for (const linter::AppliedAssignment& earlier : setting.history) {
        if (earlier.overridden_by == 0 || !earlier.ignored.empty()) continue;
        if (!is_dropin(earlier.path) || !is_admin_path(earlier.path)) continue;
        const linter::AppliedAssignment& later = setting.history[earlier.overridden_by - 1];
        if (!is_dropin(later.path) || !is_vendor_path(later.path)) continue;

        std::string later_place =
            fmt::format("{}:{}", context.workspace.display_path(later.path), later.line);
        std::string effect = later.value.empty()
                                 ? fmt::format("resets '{}=' at {}", setting.name, later_place)
                                 : fmt::format("sets '{}={}' at {}", setting.name,
                                               later.raw_value, later_place);
        Diagnostic finding = make_rule_finding(
            kAdminDropinShadowed, context,
            fmt::format("the vendor drop-in '{}' sorts after '{}' and {}, so this value "
                        "never takes effect",
                        file_name(later.path), file_name(earlier.path), effect),
            key_place(context, earlier, setting.name));
        finding.help = fmt::format(
            "give this drop-in a name that sorts after '{}' (such as '{}'), or set the "
            "value in a drop-in of that name in /etc, which replaces the vendor file",
            file_name(later.path), later_name(file_name(earlier.path), file_name(later.path)));
        findings.push_back(std::move(finding));
    }
}

void check_admin_dropin_shadowed(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for (const auto& [key, setting] : context.unit.effective.settings.by_key) {
        if (setting.directive == nullptr) continue;
        if (!section_known_for_type(setting.section, context.unit.loaded.name.type)) continue;
        check_setting(context, setting, findings);
    }
}

}  // namespace

extern const Rule kAdminDropinShadowed = {
    .id = "UG123",
    .name = "admin-dropin-shadowed",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a drop-in in /etc or /run sets a value that a later-sorting vendor drop-in "
               "replaces",
    .rationale =
        "systemd applies all drop-ins of a unit in the order of their file names, whatever "
        "directory they are in; /etc wins over /usr only for files of the same name. So "
        "'override.conf' from systemctl edit loses to a package's 'user.conf', and an "
        "administrator's '00-debug.conf' loses to a vendor '50-hardening.conf'. The "
        "administrator's value silently never takes effect.",
    .bad_example =
        "# /etc/systemd/system/db.service.d/override.conf\n[Service]\nUser=daemon\n"
        "# /usr/lib/systemd/system/db.service.d/user.conf\n[Service]\nUser=bin\n",
    .good_example =
        "# /etc/systemd/system/db.service.d/90-user.conf\n[Service]\nUser=daemon\n"
        "# /usr/lib/systemd/system/db.service.d/user.conf\n[Service]\nUser=bin\n",
    .fix_hint = "rename the drop-in in /etc so that it sorts after the vendor drop-in",
    .references = "systemd.unit(5) \"Description\" (drop-in directories)",
    .limitations =
        "Only drop-ins are compared: a vendor drop-in that changes a setting of an /etc "
        "unit file is the usual way to extend a unit. /etc and /run count as the "
        "administrator's directories, /usr and /lib as the vendor's, inside --root or on "
        "this machine.",
    .added_in = "0.1.0",
    .check = check_admin_dropin_shadowed,
};

}  // namespace unitguard::rules
