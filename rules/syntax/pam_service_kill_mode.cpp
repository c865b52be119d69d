// SPDX-License-Identifier: MIT
// UG122 pam-service-kill-mode: PAMName= with KillMode=process or none, which systemd refuses
// to load.
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"

namespace unitguard::rules {

extern const Rule kPamServiceKillMode;

namespace {

const linter::AppliedAssignment* last_live(const linter::Settings& settings,
                                           std::string_view name) {
    const linter::Setting* setting = settings.find("Service", name);
    return setting == nullptr ? nullptr : setting->last_live();
}

void check_pam_service_kill_mode(const RuleContext& context, std::vector<Diagnostic>& findings) {
    if (context.unit.loaded.name.type != "service") return;
    const linter::Settings& settings = context.unit.effective.settings;
    const linter::AppliedAssignment* pam = last_live(settings, "PAMName");
    const linter::AppliedAssignment* kill_mode = last_live(settings, "KillMode");
    if (pam == nullptr || pam->value.empty() || kill_mode == nullptr) return;
    // The default (control-group) and mixed both end the PAM session's processes.
    if (kill_mode->value != "process" && kill_mode->value != "none") return;
    Diagnostic finding = make_rule_finding(
        kPamServiceKillMode, context,
        fmt::format("KillMode={} is not allowed with PAMName=, so systemd refuses to load the "
                    "service",
                    kill_mode->value),
        key_place(context, *kill_mode, "KillMode"));
    finding.notes.push_back(fmt::format("PAMName= is set at {}:{}",
                                        context.workspace.display_path(pam->path), pam->line));
    findings.push_back(std::move(finding));
}

}  // namespace

extern const Rule kPamServiceKillMode = {
    .id = "UG122",
    .name = "pam-service-kill-mode",
    .severity = Severity::Error,
    .enabled_by_default = true,
    .summary = "PAMName= together with KillMode=process or KillMode=none",
    .rationale =
        "With PAMName= systemd opens a PAM session for the service and must end all "
        "of its processes when the session closes. KillMode=process or none would "
        "leave them running, so systemd refuses to load the unit ('bad-setting').",
    .bad_example = "[Service]\nExecStart=/usr/bin/app\nPAMName=login\nKillMode=process\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app\nPAMName=login\nKillMode=mixed\n",
    .fix_hint = "use KillMode=control-group (the default) or KillMode=mixed",
    .references = "systemd.exec(5) PAMName=, systemd.kill(5) KillMode=",
    .limitations =
        "A KillMode= value that the target release rejects is ignored, as systemd "
        "ignores it, so the default applies.",
    .added_in = "0.1.0",
    .check = check_pam_service_kill_mode,
};

}  // namespace unitguard::rules
