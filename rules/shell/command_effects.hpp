// SPDX-License-Identifier: MIT
// Effects of well-known commands on the system: the files they write and the kernel
// parameters they set.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/shell/command_model.hpp"

namespace unitguard::rules::shell {

/// A file a command creates, changes or removes.
struct WriteTarget {
    std::string path;        ///< absolute and simplified; a glob is cut at its directory
    std::string writer;      ///< "'mkdir'" or "the redirection '>'"
    std::size_t offset = 0;  ///< offset in the Exec*= value to report: the program word,
                             ///< or the redirection operator
};

/// Returns the absolute paths that `command` writes: operands of mkdir, touch, cp, mv,
/// rm, rmdir, chown, chgrp, chmod, ln, install, tee and truncate (also behind sudo and
/// launchers), the files its writing redirections open, and /proc/sys for `sysctl -w`.
/// Words the shell expands at run time and relative paths are left out.
std::vector<WriteTarget> write_targets(const Command& command);

/// Whether `name` is one of the programs whose written operands write_targets() reads.
bool is_file_writer(std::string_view name);

/// A kernel parameter a command sets at run time.
struct SysctlWrite {
    std::string key;                   ///< dotted form, see drift::normalize_sysctl_key()
    std::optional<std::string> value;  ///< nothing when only known at run time
    std::size_t offset = 0;            ///< offset in the Exec*= value of the key or path
};

/// Returns the parameters that `command` sets: `sysctl -w key=value` (or `sysctl
/// key=value`), and writes to files under /proc/sys by a redirection of `echo` or
/// `printf`, or by `tee` fed from `echo` in the same pipeline (`previous`, may be null).
std::vector<SysctlWrite> sysctl_writes(const Command& command, const Command* previous);

}  // namespace unitguard::rules::shell
