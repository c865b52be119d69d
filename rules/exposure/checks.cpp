// SPDX-License-Identifier: MIT
// Grading of identity, sandboxing, capability, namespace, family, IP and device checks.
#include "rules/exposure/checks.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/kernel_names.hpp"

namespace unitguard::rules::exposure {
namespace {

// Removes the first space-separated word from `text` and returns it.
std::string_view take_word(std::string_view& text) {
    std::size_t space = std::min(text.find(' '), text.size());
    std::string_view word = text.substr(0, space);
    text.remove_prefix(std::min(space + 1, text.size()));
    return word;
}

// Appends a copy of `decider` unless `to` already names the same line of the same
// directive.
void append(std::vector<Decider>& to, const DecidingAssignment& decider) {
    const linter::AppliedAssignment& assignment = *decider.assignment;
    bool seen = std::any_of(to.begin(), to.end(), [&](const Decider& known) {
        return known.path == assignment.path && known.line == assignment.line &&
               known.directive == decider.directive;
    });
    if (!seen) to.push_back(make_decider(decider));
}

void append(std::vector<Decider>& to, const std::vector<DecidingAssignment>& from) {
    for (const DecidingAssignment& decider : from) append(to, decider);
}

bool is_root(std::string_view user) { return user == "root" || user == "0"; }

// Whether systemd counts the service as privileged: User= is root or 0, or unset without
// DynamicUser=.
bool runs_privileged(const SecurityInputs& inputs) {
    if (is_root(inputs.user.value)) return true;
    if (inputs.dynamic_user.value) return false;
    return inputs.user.value.empty();
}

void grade_user(CheckResult& result, const SecurityInputs& inputs) {
    const std::string& user = inputs.user.value;
    append(result.deciders, inputs.user.deciders);
    append(result.deciders, inputs.dynamic_user.deciders);
    if (user == "nobody") {
        result.badness = 9;
        result.detail = "runs as 'nobody', which services should not share";
    } else if (inputs.dynamic_user.value && !is_root(user)) {
        result.badness = 0;
        result.detail = "runs as a transient user";
    } else if (!user.empty() && !is_root(user)) {
        result.badness = 0;
        result.detail = fmt::format("runs as user '{}'", user);
    } else {
        result.badness = 10;
        result.detail = "runs as root";
    }
}

void grade_privileged_only(CheckResult& result, const SecurityInputs& inputs, bool bad,
                           const std::vector<DecidingAssignment>& deciders) {
    if (runs_privileged(inputs)) {
        result.not_applicable = "the service runs as root";
        append(result.deciders, inputs.user.deciders);
        return;
    }
    result.badness = bad ? 1 : 0;
    append(result.deciders, deciders);
}

void grade_bool(CheckResult& result, const SecurityInputs& inputs) {
    std::string_view field = result.row.parameter;
    bool inverted = false;
    if (std::size_t space = field.find(' '); space != std::string_view::npos) {
        inverted = field.substr(space + 1) == "(inverted)";
        field = field.substr(0, space);
    }
    auto it = inputs.flags.find(field);
    bool value = it != inputs.flags.end() && it->second.value;
    if (it != inputs.flags.end()) append(result.deciders, it->second.deciders);
    result.badness = (inverted ? value : !value) ? 1 : 0;
}

void grade_protect_home(CheckResult& result, const SecurityInputs& inputs) {
    const std::string& value = inputs.protect_home.value;
    append(result.deciders, inputs.protect_home.deciders);
    if (value == "yes") {
        result.badness = 0;
    } else if (value == "read-only") {
        result.badness = 5;
    } else if (value == "tmpfs") {
        result.badness = 1;
    } else {
        result.badness = 10;
    }
    result.detail = fmt::format("ProtectHome={}", value);
}

void grade_protect_system(CheckResult& result, const SecurityInputs& inputs) {
    const std::string& value = inputs.protect_system.value;
    append(result.deciders, inputs.protect_system.deciders);
    if (value == "strict") {
        result.badness = 0;
    } else if (value == "full") {
        result.badness = 3;
    } else if (value == "yes") {
        result.badness = 5;
    } else {
        result.badness = 10;
    }
    result.detail = fmt::format("ProtectSystem={}", value);
}

void grade_root_directory(CheckResult& result, const SecurityInputs& inputs) {
    auto host_root = [](const std::string& path) {
        return path.empty() || path.find_first_not_of('/') == std::string::npos;
    };
    append(result.deciders, inputs.root_directory.deciders);
    append(result.deciders, inputs.root_image.deciders);
    result.badness =
        host_root(inputs.root_directory.value) && host_root(inputs.root_image.value) ? 1 : 0;
}

// Appends the assignments that last added capability `number` to the bounding set or
// removed it.
void append_capability_deciders(CheckResult& result, const SecurityInputs& inputs, int number) {
    auto drop = inputs.capability_drops.find(number);
    if (drop != inputs.capability_drops.end()) {
        append(result.deciders, drop->second);
        return;
    }
    if (number < 0 || static_cast<std::size_t>(number) >= inputs.capability_set_by.size()) return;
    if (const linter::AppliedAssignment* set_by = inputs.capability_set_by[number]) {
        append(result.deciders, DecidingAssignment{"CapabilityBoundingSet", set_by, {}});
    }
}

// Reads the parameter's capability names twice instead of collecting them in vectors,
// because every unit runs about 25 of these checks.
void grade_capabilities(CheckResult& result, const SecurityInputs& inputs) {
    auto in_set = [&](int number) {
        return (inputs.capability_bounding_set >> number & 1U) != 0;
    };
    std::string kept_names;  // names still in the bounding set, comma-separated
    std::string_view names = result.row.parameter;
    while (!names.empty()) {
        std::string_view name = take_word(names);
        std::optional<int> number = rules::capability_number(name);
        if (!number || !in_set(*number)) continue;
        if (!kept_names.empty()) kept_names += ", ";
        kept_names += name;
    }
    result.badness = kept_names.empty() ? 0 : 1;

    // A failing check names what keeps the capabilities, a passing one what dropped them.
    names = result.row.parameter;
    while (!names.empty()) {
        std::optional<int> number = rules::capability_number(take_word(names));
        if (number && in_set(*number) == !kept_names.empty()) {
            append_capability_deciders(result, inputs, *number);
        }
    }
    if (!kept_names.empty()) result.detail = fmt::format("{} in the bounding set", kept_names);
}

void grade_umask(CheckResult& result, const SecurityInputs& inputs) {
    unsigned mask = inputs.umask.value;
    append(result.deciders, inputs.umask.deciders);
    if ((mask & 0002) == 0) {
        result.badness = 10;
    } else if ((mask & 0004) == 0) {
        result.badness = 5;
    } else if ((mask & 0020) == 0) {
        result.badness = 2;
    } else if ((mask & 0040) == 0) {
        result.badness = 1;
    } else {
        result.badness = 0;
    }
    result.detail = fmt::format("UMask={:04o}", mask);
}

void grade_word(CheckResult& result, const Fact<std::string>& fact, unsigned badness,
                std::string_view directive) {
    append(result.deciders, fact.deciders);
    result.badness = badness;
    result.detail = fmt::format("{}={}", directive, fact.value);
}

void grade_protect_proc(CheckResult& result, const SecurityInputs& inputs) {
    const std::string& value = inputs.protect_proc.value;
    unsigned badness = 3;
    if (value == "noaccess") badness = 1;
    if (value == "invisible" || value == "ptraceable") badness = 0;
    grade_word(result, inputs.protect_proc, badness, "ProtectProc");
}

void grade_namespace(CheckResult& result, const SecurityInputs& inputs) {
    std::string_view flag = result.row.parameter;
    result.badness = inputs.allowed_namespaces.count(flag) != 0 ? 1 : 0;
    auto set_by = inputs.namespace_set_by.find(flag);
    if (set_by != inputs.namespace_set_by.end()) {
        append(result.deciders, DecidingAssignment{"RestrictNamespaces", set_by->second, {}});
    }
}

void grade_architectures(CheckResult& result, const SecurityInputs& inputs) {
    const std::set<std::string>& architectures = inputs.system_call_architectures.value;
    append(result.deciders, inputs.system_call_architectures.deciders);
    if (architectures.empty()) {
        result.badness = 10;
        result.detail = "system calls of every ABI are allowed";
    } else if (architectures.size() == 1 && architectures.count("native") != 0) {
        result.badness = 0;
    } else {
        result.badness = 8;
        result.detail = fmt::format("allowed ABIs: {}", fmt::join(architectures, " "));
    }
}

void grade_ip_access(CheckResult& result, const SecurityInputs& inputs) {
    if (inputs.ip_filters_custom.value) {
        result.badness = 0;
        append(result.deciders, inputs.ip_filters_custom.deciders);
        return;
    }
    append(result.deciders, inputs.ip_address_deny_all.deciders);
    if (!inputs.ip_address_deny_all.value) {
        result.badness = 10;
        result.detail = "IPAddressDeny= does not cover all addresses";
        return;
    }
    append(result.deciders, inputs.ip_address_allow_other.deciders);
    if (inputs.ip_address_allow_other.value) {
        result.badness = 5;
        result.detail = "IPAddressAllow= admits addresses other than localhost";
    } else if (inputs.ip_address_allow_localhost.value) {
        result.badness = 2;
        result.detail = "IPAddressAllow= admits localhost only";
    } else {
        result.badness = 0;
    }
}

void grade_devices(CheckResult& result, const SecurityInputs& inputs) {
    const std::string& policy = inputs.device_policy.value;
    append(result.deciders, inputs.device_policy.deciders);
    if (policy != "strict" && policy != "closed") {
        result.badness = 10;
        result.detail = fmt::format("DevicePolicy={}", policy);
        return;
    }
    append(result.deciders, inputs.device_allow.deciders);
    if (inputs.device_allow.value.empty()) {
        result.badness = 0;
        return;
    }
    result.badness = 5;
    result.detail =
        fmt::format("allowed devices: {}", fmt::join(inputs.device_allow.value, ", "));
}

}  // namespace

CheckResult grade_check(const AssessmentRow& row, const SecurityInputs& inputs, Model model) {
    CheckResult result;
    result.row = row;
    switch (row.kind) {
        case AssessKind::User:
            grade_user(result, inputs);
            break;
        case AssessKind::SupplementaryGroups:
            grade_privileged_only(result, inputs, !inputs.supplementary_groups.value.empty(),
                                  inputs.supplementary_groups.deciders);
            break;
        case AssessKind::RemoveIpc: {
            const Fact<bool>& remove_ipc = inputs.flags.at("remove_ipc");
            grade_privileged_only(result, inputs, !remove_ipc.value, remove_ipc.deciders);
            break;
        }
        case AssessKind::Bool:
            grade_bool(result, inputs);
            break;
        case AssessKind::ProtectHome:
            grade_protect_home(result, inputs);
            break;
        case AssessKind::ProtectSystem:
            grade_protect_system(result, inputs);
            break;
        case AssessKind::RootDirectory:
            grade_root_directory(result, inputs);
            break;
        case AssessKind::CapabilityBoundingSet:
            grade_capabilities(result, inputs);
            break;
        case AssessKind::UMask:
            grade_umask(result, inputs);
            break;
        case AssessKind::KeyringMode:
            grade_word(result, inputs.keyring_mode, inputs.keyring_mode.value != "private",
                       "KeyringMode");
            break;
        case AssessKind::ProtectProc:
            grade_protect_proc(result, inputs);
            break;
        case AssessKind::ProcSubset:
            grade_word(result, inputs.proc_subset, inputs.proc_subset.value != "pid",
                       "ProcSubset");
            break;
        case AssessKind::NotifyAccess:
            grade_word(result, inputs.notify_access, inputs.notify_access.value == "all",
                       "NotifyAccess");
            break;
        case AssessKind::RestrictNamespaces:
            grade_namespace(result, inputs);
            break;
        case AssessKind::SystemCallArchitectures:
            grade_architectures(result, inputs);
            break;
        case AssessKind::SystemCallFilter:
        case AssessKind::SyscallsBlocked:
            return grade_syscall_check(row, inputs, model);
        case AssessKind::IpAddressAllow:
            grade_ip_access(result, inputs);
            break;
        case AssessKind::DeviceAllow:
            grade_devices(result, inputs);
            break;
        case AssessKind::AmbientCapabilities:
            append(result.deciders, inputs.ambient_capabilities.deciders);
            result.badness = inputs.ambient_capabilities.value != 0 ? 1 : 0;
            break;
    }
    return result;
}

}  // namespace unitguard::rules::exposure
