// SPDX-License-Identifier: MIT
// ELF headers: the system call architecture a program file is built for.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unitguard::rules::breakage {

/// Bytes of an ELF header needed to tell its architecture: e_ident (16), e_type, e_machine,
/// e_version and the fields up to e_flags of a 64-bit header.
inline constexpr std::size_t kElfHeaderPrefix = 52;

/// Bytes to read from the start of a program file: the kernel looks for a `#!` line in
/// this many (BINPRM_BUF_SIZE, Linux 5.1 and later), and kElfHeaderPrefix fits in them.
inline constexpr std::size_t kProgramHeadSize = 256;

/// Returns systemd's name for the system call ABI of the ELF file whose first bytes are
/// `header` ("x86", "x86-64", "x32", "arm64", "mips64-n32", ...), as SystemCallArchitectures=
/// spells it. Nothing for data that is not an ELF header or a machine without such a name.
std::optional<std::string> elf_syscall_architecture(std::string_view header);

/// Returns the system call ABI unitguard itself was built for, which is what `native`
/// means for a service manager built for the same machine.
std::string_view host_syscall_architecture();

/// Reads up to `size` bytes from the start of the file at `host_path`, or nothing when the
/// file cannot be opened.
std::optional<std::string> read_file_head(const std::string& host_path, std::size_t size);

/// Returns the words of a `#!` line at the start of `head` (the interpreter first), or an
/// empty list when `head` does not start with "#!".
std::vector<std::string> shebang_words(std::string_view head);

}  // namespace unitguard::rules::breakage
