// SPDX-License-Identifier: MIT
// Grading of SystemCallFilter= per syscall group and per single system call.
#include <algorithm>

#include <fmt/format.h>

#include "rules/exposure/checks.hpp"
#include "rules/syscall_groups.hpp"

namespace unitguard::rules::exposure {
namespace {

constexpr std::string_view kGroupPrefix = "SystemCallFilter=~";

// systemd-analyze treats a deny list without entries like no filter at all.
bool filters_nothing(const SyscallFilter& filter) {
    return !filter.allow_list && filter.lists_none();
}

// Whether the filter lets `syscall` through.
bool callable(const SyscallFilter& filter, std::string_view syscall) {
    bool listed = filter.lists(syscall);
    return filter.allow_list ? listed : !listed;
}

// Adds the index of the assignment that last added or removed `syscall` to `indexes`,
// unless it is there already: a group's members were mostly decided by the same few lines.
void add_decided_by(std::vector<std::size_t>& indexes, const SyscallFilter& filter,
                    std::string_view syscall) {
    std::optional<std::size_t> index = filter.decided_by(syscall);
    if (!index) return;
    if (std::find(indexes.begin(), indexes.end(), *index) == indexes.end()) {
        indexes.push_back(*index);
    }
}

// Returns the assignments at `indexes` in the setting's history, in file order and each
// once. With no index, returns the assignment that fixed the list's polarity instead, or
// the last reset when nothing is filtered.
std::vector<Decider> filter_deciders(const SecurityInputs& inputs,
                                     std::vector<std::size_t> indexes) {
    const SyscallFilter& filter = inputs.system_call_filter;
    const linter::Setting* setting = filter.setting;
    std::vector<Decider> deciders;
    if (setting == nullptr) return deciders;
    if (indexes.empty()) {
        // Without a filter the last assignment (a reset) decided; otherwise the first
        // live one, which fixed whether this is an allow or a deny list.
        bool none = filters_nothing(filter);
        for (std::size_t index = 0; index < setting->history.size(); ++index) {
            const linter::AppliedAssignment& assignment = setting->history[index];
            if (!assignment.ignored.empty()) continue;
            if (none) {
                indexes.assign(1, index);
            } else if (assignment.live) {
                indexes.push_back(index);
                break;
            }
        }
    }
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    for (std::size_t index : indexes) {
        if (index < setting->history.size()) {
            deciders.push_back(make_decider("SystemCallFilter", setting->history[index]));
        }
    }
    return deciders;
}

void grade_group(CheckResult& result, const SecurityInputs& inputs, Model model) {
    const SyscallFilter& filter = inputs.system_call_filter;
    std::string_view group = result.row.id.substr(kGroupPrefix.size());
    if (filters_nothing(filter)) {
        result.badness = 10;
        result.detail = "no system call filter";
        result.deciders = filter_deciders(inputs, {});
        return;
    }

    // Members without an x86-64 number (chown32, stime, ...) never count, as in
    // systemd-analyze on x86-64. A passing check names the assignments that block every
    // member, a failing one the assignment that admits the first callable member.
    const SyscallGroupTable& table = syscall_group_table(model_target_version(model));
    std::vector<std::size_t> blocked_by;
    for (std::string_view member : expanded_group_members(table, group)) {
        if (!has_x86_64_number(member)) continue;
        if (callable(filter, member)) {
            result.badness = filter.allow_list ? 9 : 10;
            result.detail = fmt::format("{} is {} (e.g. {}() is allowed)", group,
                                        filter.allow_list ? "in the allow list" : "not denied",
                                        member);
            std::vector<std::size_t> allowed_by;
            add_decided_by(allowed_by, filter, member);
            result.deciders = filter_deciders(inputs, std::move(allowed_by));
            return;
        }
        add_decided_by(blocked_by, filter, member);
    }
    result.badness = 0;
    result.deciders = filter_deciders(inputs, std::move(blocked_by));
}

void grade_syscalls(CheckResult& result, const SecurityInputs& inputs) {
    const SyscallFilter& filter = inputs.system_call_filter;
    std::vector<std::string_view> names;
    std::size_t start = 0;
    std::string_view parameter = result.row.parameter;
    while (start < parameter.size()) {
        std::size_t space = std::min(parameter.find(' ', start), parameter.size());
        names.push_back(parameter.substr(start, space - start));
        start = space + 1;
    }
    if (filters_nothing(filter)) {
        result.badness = 1;
        result.detail = "no system call filter";
        result.deciders = filter_deciders(inputs, {});
        return;
    }
    std::vector<std::string_view> allowed;
    for (std::string_view name : names) {
        if (callable(filter, name)) allowed.push_back(name);
    }
    result.badness = allowed.empty() ? 0 : 1;
    // A failing check names the assignments that admit the callable names, a passing one
    // those that block all of them.
    std::vector<std::size_t> indexes;
    for (std::string_view name : allowed.empty() ? names : allowed) {
        add_decided_by(indexes, filter, name);
    }
    if (!allowed.empty()) result.detail = fmt::format("{}() is allowed", allowed.front());
    result.deciders = filter_deciders(inputs, std::move(indexes));
}

}  // namespace

CheckResult grade_syscall_check(const AssessmentRow& row, const SecurityInputs& inputs,
                                Model model) {
    CheckResult result;
    result.row = row;
    if (row.kind == AssessKind::SyscallsBlocked) {
        grade_syscalls(result, inputs);
    } else {
        grade_group(result, inputs, model);
    }
    return result;
}

}  // namespace unitguard::rules::exposure
