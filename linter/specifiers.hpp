// SPDX-License-Identifier: MIT
// Specifier expansion (%i, %n, %%, ...) for values in unit files.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "linter/expected.hpp"
#include "linter/root_fs.hpp"
#include "linter/unit_name.hpp"

namespace unitguard::linter {

/// Facts the specifiers expand to for one unit. Host facts come from files inside the
/// root (etc/hostname, etc/machine-id, etc/os-release) when they exist.
struct SpecifierContext {
    UnitName unit;                 ///< the unit whose value is expanded (its instance for %i)
    bool user_scope = false;       ///< %t, %S, ... point at per-user directories
    std::string hostname;          ///< %H; %l is its first label
    std::string machine_id;        ///< %m
    std::string os_id;             ///< %o, from os-release ID=
    std::string os_version_id;     ///< %w
    std::string os_build_id;       ///< %B
    std::string os_variant_id;     ///< %W
    std::string kernel_release;    ///< %v
    std::string architecture;      ///< %a, e.g. "x86-64"
    std::string user_name;         ///< %u: the user the manager runs as
    std::string user_id;           ///< %U
    std::string group_name;        ///< %g
    std::string group_id;          ///< %G
    std::string home;              ///< %h
    std::string shell;             ///< %s
    std::string runtime_dir;       ///< %t for the user scope ($XDG_RUNTIME_DIR)
    int target_version = 252;      ///< specifiers newer than this release are unknown
};

/// Builds a context for `unit` from files below `root` and from this process.
SpecifierContext make_specifier_context(const RootFs& root, const UnitName& unit,
                                        bool user_scope);

/// Maximum length in bytes of a value after specifier expansion. systemd's
/// unit_full_printf() (src/core/unit-printf.h) rejects longer results with the same
/// maximum, LONG_LINE_MAX.
/// NOTE: systemd expands paths with a maximum of PATH_MAX - 1 (unit_path_printf()), which
/// is not modelled: a path between 4095 bytes and 1 MiB long passes here.
inline constexpr std::size_t kMaxExpandedLength = 1024 * 1024;

/// Expands every %-specifier of `text`. An unknown specifier, a lone '%' at the end or a
/// result longer than kMaxExpandedLength is an error whose Location::column is the 0-based
/// offset of the '%' in `text`. `too_long`, when given, is set to whether the error is the
/// length limit.
Expected<std::string> expand_specifiers(std::string_view text, const SpecifierContext& context,
                                        bool* too_long = nullptr);

}  // namespace unitguard::linter
