// SPDX-License-Identifier: MIT
// UG119 deprecated-directive: a legacy alias or otherwise deprecated directive that systemd
// still applies.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"
#include "rules/versions/directive_lifecycle.hpp"

namespace unitguard::rules {

extern const Rule kDeprecatedDirective;

namespace {

void check_deprecated_directive(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_directive_assignment(
        context, [&](const linter::Setting& setting, const linter::AppliedAssignment& applied) {
            const Directive& directive = *setting.directive;
            if (directive.deprecation.empty()) return;
            // Directives whose support ends are reported by UG117 and UG118, and those the
            // target does not know yet by UG114.
            if (directive_end(directive).release != 0) return;
            if (directive.added_in > context.target_version) return;
            Diagnostic finding = make_rule_finding(kDeprecatedDirective, context,
                                                   fmt::format("'{}=' is deprecated", setting.name),
                                                   key_place(context, applied, setting.name));
            finding.notes.push_back(std::string(directive.deprecation));
            findings.push_back(std::move(finding));
        });
}

}  // namespace

extern const Rule kDeprecatedDirective = {
    .id = "UG119",
    .name = "deprecated-directive",
    .severity = Severity::Info,
    .enabled_by_default = true,
    .summary = "a deprecated directive or legacy alias that systemd still applies",
    .rationale =
        "systemd keeps old names working (ReadWriteDirectories= for ReadWritePaths=, "
        "BindTo= for BindsTo=, PermissionsStartOnly= for the '+' prefix), but the man "
        "pages document only the new ones, some log a warning on every load, and "
        "readers and tools look for the current name.",
    .bad_example = "[Service]\nExecStart=/usr/bin/app\nReadWriteDirectories=/var/lib/app\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app\nReadWritePaths=/var/lib/app\n",
    .fix_hint = "use the replacement named in the note",
    .references = "systemd.directives(7), systemd.exec(5), systemd.unit(5)",
    .limitations =
        "The note comes from the directive table; when a replacement is newer than "
        "the target release, keep the old name until the target moves.",
    .added_in = "0.1.0",
    .check = check_deprecated_directive,
};

}  // namespace unitguard::rules
