// SPDX-License-Identifier: MIT
// Exposure models and their check lists.
#include "rules/exposure/model.hpp"

#include <iterator>

namespace unitguard::rules::exposure {
namespace {

// unitguard's own checks. The weights are unitguard's choice, on systemd's scale: a single
// syscall that lets one process read or write another's memory weighs half as much as
// the whole @debug group (1000), and a private PID namespace as much as PrivateTmp=.
constexpr AssessmentRow kUnitguardRows[] = {
    {0, 0, "SystemCallFilter=~ptrace", "SystemCallFilter_ptrace", 500, 1,
     AssessKind::SyscallsBlocked, "ptrace",
     "1 while ptrace() can be called: no SystemCallFilter=, an allow list that admits it, or "
     "a deny list that leaves it out. Graded on its own, so a filter that blocks ptrace() "
     "gets credit even when the rest of @debug stays allowed."},
    {0, 0, "SystemCallFilter=~process_vm_*", "SystemCallFilter_process_vm", 500, 1,
     AssessKind::SyscallsBlocked, "process_vm_readv process_vm_writev",
     "1 while process_vm_readv() or process_vm_writev() can be called. @system-service "
     "admits both through @ipc, so an allow list has to take them out by name."},
    {0, 0, "PrivatePIDs=", "PrivatePIDs", 1000, 1, AssessKind::Bool, "private_pids",
     "1 unless PrivatePIDs=yes (systemd 257 and later) gives the service its own PID "
     "namespace, in which it cannot see or signal the host's processes."},
};

}  // namespace

std::optional<Model> parse_model(std::string_view name) {
    if (name == "systemd-252") return Model::Systemd252;
    if (name == "systemd-260") return Model::Systemd260;
    if (name == "unitguard") return Model::Unitguard;
    return std::nullopt;
}

std::string_view model_name(Model model) {
    switch (model) {
        case Model::Systemd252:
            return "systemd-252";
        case Model::Systemd260:
            return "systemd-260";
        case Model::Unitguard:
            return "unitguard";
    }
    return "unitguard";
}

Model model_for_target(int target_version) {
    return target_version >= 260 ? Model::Systemd260 : Model::Systemd252;
}

int model_target_version(Model model) { return model == Model::Systemd252 ? 252 : 260; }

std::vector<AssessmentRow> unitguard_checks() {
    return {std::begin(kUnitguardRows), std::end(kUnitguardRows)};
}

std::vector<AssessmentRow> model_checks(Model model) {
    unsigned release = model == Model::Systemd252 ? 252 : 260;
    std::vector<AssessmentRow> checks;
    checks.reserve(assessment_rows().size() + std::size(kUnitguardRows));
    for (const AssessmentRow& row : assessment_rows()) {
        if (row.release == release) checks.push_back(row);
    }
    if (model == Model::Unitguard) {
        for (const AssessmentRow& row : kUnitguardRows) checks.push_back(row);
    }
    return checks;
}

}  // namespace unitguard::rules::exposure
