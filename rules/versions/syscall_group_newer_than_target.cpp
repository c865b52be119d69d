// SPDX-License-Identifier: MIT
// UG116 syscall-group-newer-than-target: an @group in SystemCallFilter= or SystemCallLog=
// that the target systemd release does not define yet.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/syntax/unit_structure.hpp"
#include "rules/syscall_groups.hpp"

namespace unitguard::rules {

extern const Rule kSyscallGroupNewerThanTarget;

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reports each word of the live assignments of `setting` that names one of `groups`.
void report_groups(const RuleContext& context, const linter::Setting& setting,
                   const std::vector<std::string>& groups, std::vector<Diagnostic>& findings) {
    for (const linter::AppliedAssignment& applied : setting.history) {
        if (!applied.live) continue;
        std::string_view value = applied.value;
        std::size_t pos = value.starts_with('~') ? 1 : 0;
        while (pos < value.size()) {
            while (pos < value.size() && is_blank(value[pos])) ++pos;
            std::size_t start = pos;
            while (pos < value.size() && !is_blank(value[pos])) ++pos;
            std::string_view word = value.substr(start, pos - start);
            std::string_view group = word.substr(0, word.find(':'));
            if (group.empty() || std::find(groups.begin(), groups.end(), group) == groups.end()) {
                continue;
            }
            findings.push_back(make_rule_finding(
                kSyscallGroupNewerThanTarget, context,
                fmt::format("system call group '{}' in {}= is unknown to systemd {}, which "
                            "skips it and keeps the rest of the list",
                            group, setting.name, context.target_version),
                value_place(context, applied, start, word.size())));
        }
    }
}

void check_filter(const RuleContext& context, std::string_view name, const linter::SyscallSet& set,
                  std::vector<Diagnostic>& findings) {
    const SyscallGroupTable& newest = syscall_group_table(std::numeric_limits<int>::max());
    // Groups that no release defines are misspellings, which UG103 reports.
    std::vector<std::string> newer;
    for (const std::string& group : set.unknown_groups) {
        if (has_group(newest, group)) newer.push_back(group);
    }
    if (newer.empty()) return;
    const linter::Setting* setting = context.unit.effective.settings.find(name);
    if (setting == nullptr) return;
    if (!section_known_for_type(setting->section, context.unit.loaded.name.type)) return;
    report_groups(context, *setting, newer, findings);
}

void check_syscall_group_newer_than_target(const RuleContext& context,
                                           std::vector<Diagnostic>& findings) {
    const linter::Settings& settings = context.unit.effective.settings;
    check_filter(context, "SystemCallFilter", settings.system_call_filter, findings);
    check_filter(context, "SystemCallLog", settings.system_call_log, findings);
}

}  // namespace

extern const Rule kSyscallGroupNewerThanTarget = {
    .id = "UG116",
    .name = "syscall-group-newer-than-target",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a system call @group that the target systemd release does not define",
    .rationale =
        "systemd adds system call groups over time. A release that does not know a "
        "group logs a warning and skips that word, so an allow list loses the calls "
        "the group would have allowed (the service may die with SIGSYS) and a deny "
        "list ('~@group') blocks less than it reads.",
    .bad_example =
        "# target-systemd = 252\n[Service]\nExecStart=/usr/bin/app\n"
        "SystemCallFilter=~@sandbox\n",
    .good_example =
        "# target-systemd = 252\n[Service]\nExecStart=/usr/bin/app\n"
        "SystemCallFilter=~landlock_create_ruleset landlock_add_rule "
        "landlock_restrict_self\n",
    .fix_hint = "list the group's system calls by name, or raise the target release",
    .references =
        "systemd.exec(5) SystemCallFilter=, SystemCallLog=; systemd-analyze "
        "syscall-filter",
    .limitations =
        "Group tables are bundled for systemd 252 and 260 only; a target between "
        "them uses the 252 table.",
    .added_in = "0.1.0",
    .check = check_syscall_group_newer_than_target,
};

}  // namespace unitguard::rules
