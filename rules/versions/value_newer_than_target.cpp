// SPDX-License-Identifier: MIT
// UG115 value-newer-than-target: a value word (an enum word, a system call name) that the
// directive accepts only in releases newer than the target.
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rules/directives.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"
#include "rules/versions/directive_lifecycle.hpp"

namespace unitguard::rules {

extern const Rule kValueNewerThanTarget;

namespace {

// A release newer than every table, so validate_value() applies the newest word lists.
constexpr int kNewestRelease = std::numeric_limits<int>::max();

// Whether the target rejects `value` while the newest release accepts it.
bool newer_than_target(const Directive& directive, std::string_view value, int target) {
    return validate_value(directive, value, target).has_value() &&
           !validate_value(directive, value, kNewestRelease).has_value();
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// System call filters: each name is checked on its own, because systemd skips only the
// unknown name and keeps the rest. Groups are left to UG116.
void check_syscall_words(const RuleContext& context, const linter::Setting& setting,
                         const linter::AppliedAssignment& applied,
                         std::vector<Diagnostic>& findings) {
    std::string_view value = applied.value;
    const bool deny_list = value.starts_with('~');
    std::size_t pos = deny_list ? 1 : 0;
    while (pos < value.size()) {
        while (pos < value.size() && is_blank(value[pos])) ++pos;
        std::size_t start = pos;
        while (pos < value.size() && !is_blank(value[pos])) ++pos;
        std::string_view word = value.substr(start, pos - start);
        if (word.empty() || word.starts_with('@')) continue;
        std::string alone = (deny_list ? "~" : "") + std::string(word);
        if (!newer_than_target(*setting.directive, alone, context.target_version)) continue;
        std::string_view name = word.substr(0, word.find(':'));
        findings.push_back(make_rule_finding(
            kValueNewerThanTarget, context,
            fmt::format("system call '{}' in {}= is unknown to systemd {}, which skips it; "
                        "newer releases know it",
                        name, setting.name, context.target_version),
            value_place(context, applied, start, word.size())));
    }
}

void check_value_newer_than_target(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for_each_directive_assignment(
        context, [&](const linter::Setting& setting, const linter::AppliedAssignment& applied) {
            const Directive& directive = *setting.directive;
            // Lines that the target ignores as a whole are reported by the directive rules.
            if (directive.added_in > context.target_version) return;
            if (directive.removed_in != 0 && directive.removed_in <= context.target_version) {
                return;
            }
            if (applied.value.empty()) return;
            if (directive.kind == ValueKind::SyscallFilter) {
                check_syscall_words(context, setting, applied, findings);
                return;
            }
            if (!newer_than_target(directive, applied.value, context.target_version)) return;
            findings.push_back(make_rule_finding(
                kValueNewerThanTarget, context,
                fmt::format("value '{}' of {}= is unknown to systemd {}, which ignores this "
                            "line; newer releases accept it",
                            applied.value, setting.name, context.target_version),
                value_place(context, applied, 0, applied.value.size())));
        });
}

}  // namespace

extern const Rule kValueNewerThanTarget = {
    .id = "UG115",
    .name = "value-newer-than-target",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a value that only releases newer than the target systemd accept",
    .rationale =
        "Directives gain new words over time (PrivateTmp=disconnected, "
        "ProtectHostname=private, new system call names). The target release rejects "
        "such a value: it ignores the whole line, so the previous value or the "
        "default stays in effect, or for system call filters it skips the name.",
    .bad_example =
        "# target-systemd = 252\n[Service]\nExecStart=/usr/bin/app\n"
        "PrivateTmp=disconnected\n",
    .good_example = "# target-systemd = 252\n[Service]\nExecStart=/usr/bin/app\nPrivateTmp=yes\n",
    .fix_hint = "use a value that the target release accepts, or raise the target release",
    .references = "systemd.exec(5), systemd.service(5), systemd.resource-control(5)",
    .limitations =
        "Enum words are known for systemd 252 and the newest release only: for "
        "targets from 253 on every word of the newest release is accepted. System "
        "call names follow the group tables of 252 and 260.",
    .added_in = "0.1.0",
    .check = check_value_newer_than_target,
};

}  // namespace unitguard::rules
