// SPDX-License-Identifier: MIT
// UG303 sysctl-changed-at-run-time: an Exec*= line sets a kernel parameter that the
// policy's [sysctl] table pins to another value.
#include <fmt/format.h>

#include "rules/policy.hpp"
#include "linter/workspace.hpp"
#include "rules/rule.hpp"
#include "rules/shell/command_effects.hpp"
#include "rules/shell/command_model.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kSysctlChangedAtRunTime = {
    .id = "UG303",
    .name = "sysctl-changed-at-run-time",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "an Exec*= line sets a kernel parameter that the policy's [sysctl] pins",
    .rationale =
        "A `sysctl -w` or a write to /proc/sys in ExecStartPre= changes a kernel parameter "
        "for the whole host each time the service starts, after systemd-sysctl applied "
        "the files in /etc/sysctl.d. The host then runs with another value than the one "
        "the policy requires (for example kernel.yama.ptrace_scope or net.ipv4.ip_forward), "
        "and nothing in the sysctl.d files shows it.",
    .bad_example =
        "[Service]\nExecStartPre=/sbin/sysctl -w kernel.yama.ptrace_scope=0\n"
        "ExecStart=/usr/bin/app\n",
    .good_example = "[Service]\nExecStart=/usr/bin/app\n",
    .fix_hint =
        "drop the run-time change, or change the value in the policy's [sysctl] table and a "
        "sysctl.d file together",
    .references = "sysctl(8), sysctl.d(5), systemd-sysctl.service(8)",
    .limitations =
        "Changes are found in `sysctl key=value` (with or without -w) and in writes to "
        "/proc/sys by `echo`/`printf` redirections or `echo ... | tee`. `sysctl -p FILE` "
        "and `sysctl --system` are not followed. Only keys named in the policy's [sysctl] "
        "table are checked; a value built at run time is reported as unknown.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// Compares as the kernel prints values: runs of blanks count as one separator.
std::string squeeze_blanks(std::string_view value) {
    std::string out;
    bool blank = false;
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == '\n') {
            blank = !out.empty();
            continue;
        }
        if (blank) out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    if (context.policy == nullptr || context.policy->sysctl.empty()) return;
    for (const shell::CommandLine& line : shell::command_lines(context)) {
        for (std::size_t i = 0; i < line.commands.size(); ++i) {
            const shell::Command& command = line.commands[i];
            const shell::Command* previous = nullptr;
            if (command.pipeline >= 0 && command.stage > 0) {
                for (std::size_t j = i; j-- > 0;) {
                    const shell::Command& candidate = line.commands[j];
                    if (candidate.pipeline == command.pipeline &&
                        candidate.stage + 1 == command.stage) {
                        previous = &candidate;
                        break;
                    }
                }
            }
            for (const shell::SysctlWrite& write : shell::sysctl_writes(command, previous)) {
                const SysctlRequirement* required = context.policy->find_sysctl(write.key);
                if (required == nullptr) continue;
                if (write.value && squeeze_blanks(*write.value) == squeeze_blanks(required->value)) {
                    continue;
                }
                std::string value = write.value ? fmt::format("'{}'", *write.value)
                                                : std::string("a value only known at run time");
                Diagnostic finding = make_rule_finding(
                    kSysctlChangedAtRunTime, context,
                    fmt::format("{}= sets '{}' to {} when the service starts, but the policy "
                                "requires '{}'",
                                line.directive, write.key, value, required->value),
                    shell::location_in_unit(context, line, write.offset));
                finding.notes.push_back(fmt::format("required by [sysctl] at {}:{}",
                                                    required->key_location.path,
                                                    required->key_location.line));
                finding.directive = write.key;
                finding.value = write.value.value_or("");
                findings.push_back(std::move(finding));
            }
        }
    }
}

}  // namespace
}  // namespace unitguard::rules
