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
    return !filter.allow_list && filter.syscalls.empty();
}

// Whether the filter lets `syscall` through.
bool callable(const SyscallFilter& filter, std::string_view syscall) {
    bool listed = filter.syscalls.find(syscall) != filter.syscalls.end();
    return filter.allow_list ? listed : !listed;
}

// The assignments behind the filter's verdict on `syscalls`, in file order: those that
// last added or removed one of them, else the assignment that started the list.
std::vector<Decider> filter_deciders(const SecurityInputs& inputs,
                                     const std::vector<std::string_view>& syscalls) {
    const SyscallFilter& filter = inputs.system_call_filter;
    const linter::Setting* setting = filter.setting;
    std::vector<Decider> deciders;
    if (setting == nullptr) return deciders;
    std::vector<std::size_t> indexes;
    for (std::string_view syscall : syscalls) {
        auto it = filter.decided_by.find(syscall);
        if (it != filter.decided_by.end()) indexes.push_back(it->second);
    }
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
    // systemd-analyze on x86-64.
    const SyscallGroupTable& table = syscall_group_table(model_target_version(model));
    std::vector<std::string_view> members;
    std::vector<std::string_view> offenders;
    for (std::string_view member : expanded_group_members(table, group)) {
        if (!has_x86_64_number(member)) continue;
        members.push_back(member);
        if (callable(filter, member)) offenders.push_back(member);
    }
    if (offenders.empty()) {
        result.badness = 0;
        result.deciders = filter_deciders(inputs, members);
        return;
    }
    result.badness = filter.allow_list ? 9 : 10;
    result.detail = fmt::format("{} is {} (e.g. {}() is allowed)", group,
                                filter.allow_list ? "in the allow list" : "not denied",
                                offenders.front());
    result.deciders = filter_deciders(inputs, {offenders.front()});
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
    if (!allowed.empty()) {
        result.detail = fmt::format("{}() is allowed", allowed.front());
        result.deciders = filter_deciders(inputs, allowed);
    } else {
        result.deciders = filter_deciders(inputs, names);
    }
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
