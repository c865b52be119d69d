// SPDX-License-Identifier: MIT
// Reads kernel parameters from /proc/sys (or a directory laid out like it, for tests).
#pragma once

#include <string>
#include <string_view>

namespace unitguard::drift {

/// The live value of one kernel parameter.
struct ProcSysValue {
    enum class Status {
        Present,     ///< read; `value` holds it
        Missing,     ///< the kernel has no such parameter (e.g. no Yama module)
        Unreadable,  ///< the file exists but could not be read; `error` says why
    };
    std::string key;   ///< dotted key, e.g. "kernel.yama.ptrace_scope"
    std::string path;  ///< file read, e.g. "/proc/sys/kernel/yama/ptrace_scope"
    Status status = Status::Missing;
    /// Value with runs of whitespace (the kernel separates fields with tabs) turned into
    /// single spaces and the trailing newline removed.
    std::string value;
    std::string error;
};

/// Reads the dotted `key` below `proc_sys_dir` (normally "/proc/sys").
ProcSysValue read_proc_sys(const std::string& proc_sys_dir, std::string_view key);

/// Collapses whitespace runs into single spaces and trims both ends, so that a value as
/// the kernel prints it compares equal to the same value as a sysctl.d file writes it.
std::string normalize_sysctl_value(std::string_view value);

}  // namespace unitguard::drift
