// SPDX-License-Identifier: MIT
// Generated tables: systemd-analyze security's checks per release, x86-64 system calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace unitguard::rules::exposure {

/// Grading method of a check: one value per `assess_*` function of systemd's
/// analyze-security code.
enum class AssessKind : std::uint8_t {
    User,
    SupplementaryGroups,
    Bool,
    ProtectHome,
    ProtectSystem,
    RootDirectory,
    CapabilityBoundingSet,
    UMask,
    KeyringMode,
    ProtectProc,
    ProcSubset,
    NotifyAccess,
    RemoveIpc,
    RestrictNamespaces,
    SystemCallArchitectures,
    SystemCallFilter,
    IpAddressAllow,
    DeviceAllow,
    AmbientCapabilities,
    /// unitguard's own: 1 while any of the system calls in the parameter can be called.
    SyscallsBlocked,
};

/// One row of security_assessment.tsv.
struct AssessmentRow {
    unsigned release;            ///< systemd release whose table has the row: 252 or 260
    unsigned patch;              ///< stable patch level of a backport (19 for 252.19), else 0
    std::string_view id;         ///< check name as systemd prints it, e.g. "PrivateTmp="
    std::string_view json_field; ///< key in `--json` output, e.g. "PrivateTmp"
    unsigned weight;
    unsigned range;              ///< highest badness
    AssessKind kind;
    /// Capabilities, namespace flag, syscall group constant or SecurityInfo field graded;
    /// "(inverted)" after a field marks a check where `true` is the bad value.
    std::string_view parameter;
    std::string_view description;  ///< how the badness is worked out
};

/// Returns every row of the table, in file order (v252 rows, the v252.19 backport, v260).
std::span<const AssessmentRow> assessment_rows();

/// Whether libseccomp gives `syscall` a number on x86-64. systemd-analyze skips group
/// members without one (such as chown32 or stime) when it grades SystemCallFilter=.
bool has_x86_64_number(std::string_view syscall);

/// Returns the position of `syscall` in data::kX86_64Syscalls, or nothing when libseccomp
/// gives it no number on x86-64.
std::optional<std::size_t> x86_64_syscall_index(std::string_view syscall);

namespace data {
/// Generated rows of security_assessment.tsv.
extern const std::span<const AssessmentRow> kAssessmentRows;
/// Generated names of syscalls_x86_64.tsv, sorted.
extern const std::span<const std::string_view> kX86_64Syscalls;
}  // namespace data

}  // namespace unitguard::rules::exposure
