// SPDX-License-Identifier: MIT
// Directive table: every unit-file key systemd knows, per section, with its kind and history.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace unitguard::rules {

/// Normalised kind of value a directive takes; the names follow the `kind` column of
/// rules/data/directives.tsv.
enum class ValueKind {
    Bool, Int, String, StringList, Path, PathList, Unit, UnitList, ExecCommand, Timespan,
    TimespanNs, Calendar, Bytes, BytesOrPercent, Percent, IntOrPercent, Mode, Signal, Enum,
    EnumList, User, Environment, Condition, SyscallFilter, Architecture, ArchitectureList,
    CapabilitySet, AddressFamilies, Namespaces, FilesystemFilter, SocketBind, IpPrefixList,
    CpuSet, Rlimit, DeviceRule, DeviceValue, MountList, Credential, ListenAddress,
    ExitStatusList, Errno, Ignored,
};

/// How repeated assignments of one directive combine.
enum class Accumulation {
    Replace,        ///< the last assignment wins; an empty one resets to the default
    Append,         ///< each assignment adds to a list; an empty one clears it
    AppendNoReset,  ///< adds to a list; an empty assignment does not clear it
};

/// One row of the directive table.
struct Directive {
    std::string_view section;  ///< "Unit", "Service", "Install", ...
    std::string_view name;     ///< key without '='
    ValueKind kind;
    /// For Enum and EnumList: the accepted words separated by '|', e.g. "yes|no|strict".
    std::string_view enum_words;
    bool enum_accepts_bool;  ///< Enum that also takes boolean words ("+bool" in the table)
    Accumulation accumulation;
    int added_in;    ///< first systemd release whose parser accepts section.name
    int removed_in;  ///< first release that rejects it again, 0 when still accepted
    std::string_view deprecation;  ///< empty, or a short note such as "legacy alias of X="
};

/// Returns the row for `section`.`name`, or nullptr when systemd has no such key there
/// (removed keys are included, with removed_in set).
const Directive* find_directive(std::string_view section, std::string_view name);

/// Returns every row, ordered by section then name.
std::span<const Directive> all_directives();

/// Returns the sections in which `name` is a known key (removed keys included), in section
/// order; callers looking for "other" sections skip their own.
std::span<const std::string_view> sections_of(std::string_view name);

/// Whether some unit type accepts keys in `section` (compared case-sensitively, as systemd
/// does).
bool is_known_section(std::string_view section);

/// Returns the lowercase kind name used in the data file, e.g. "syscall-filter".
std::string_view value_kind_name(ValueKind kind);

/// Checks `value` against what the directive's parser accepts. Returns an error message
/// (lowercase, no final period) when systemd would reject the value, nothing when it
/// would accept it. An empty value is always accepted (it resets the setting).
/// Three deliberate differences from systemd 252: unknown capability names are reported
/// (systemd drops them without a warning), Personality= takes every architecture identifier
/// (systemd only the host's own pair), and a path that starts with a specifier passes the
/// "absolute" check (its expansion is not known here).
std::optional<std::string> validate_value(const Directive& directive, std::string_view value);

/// Same check for another systemd release. Enum words that 252 rejects are accepted from
/// target 253 on (the table knows only 252 and 260 word lists); syscall groups and names
/// follow syscall_group_table(target_version); specifiers follow their added_in.
std::optional<std::string> validate_value(const Directive& directive, std::string_view value,
                                          int target_version);

/// Name of the systemd function that parses the directive, e.g. "config_parse_syscall_filter".
std::string_view directive_parser(const Directive& directive);

}  // namespace unitguard::rules
