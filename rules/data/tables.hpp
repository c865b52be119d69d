// SPDX-License-Identifier: MIT
// Internal interface between the generated tables (build directory, from rules/data/*.tsv)
// and the lookup code in rules/*.cpp. Nothing outside rules/ should include this.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "rules/directives.hpp"
#include "rules/specifier_table.hpp"
#include "rules/syscall_groups.hpp"

namespace unitguard::rules {

/// The syscall groups of one systemd release (declared opaque in syscall_groups.hpp).
/// Offsets arrays have one entry per group plus a final end offset.
class SyscallGroupTable {
  public:
    int version;
    std::span<const std::string_view> names;          ///< group names, table order
    std::span<const std::uint16_t> names_sorted;      ///< indexes into names, by name
    std::span<const std::uint32_t> member_offsets;    ///< per group, into members
    std::span<const std::string_view> members;        ///< direct members, table order
    std::span<const std::uint32_t> expanded_offsets;  ///< per group, into expanded
    std::span<const std::string_view> expanded;       ///< recursive members, sorted, unique
    std::span<const std::string_view> known;          ///< expansion of @known, sorted
    std::span<const std::string_view> all_names;      ///< every system call of any group, sorted
    std::span<const std::string_view> unresolved;     ///< names libseccomp cannot resolve, sorted
};

}  // namespace unitguard::rules

namespace unitguard::rules::data {

// ---- directives ------------------------------------------------------------------------

/// Integer type a parser accepts (value_limits.tsv, column `number`).
enum class NumberType : std::uint8_t { None, Int32, Uint32, Int64, Uint64 };

/// Flags of value_limits.tsv, column `flags`.
enum LimitFlag : std::uint32_t {
    kFlagBool = 1u << 0,        ///< boolean words are accepted as well
    kFlagDashPrefix = 1u << 1,  ///< a leading '-' is allowed (path may be missing)
    kFlagTilde = 1u << 2,       ///< a lone '~' is allowed (home directory)
    kFlagRelative = 1u << 3,    ///< relative paths are accepted
    kFlagNoErrno = 1u << 4,     ///< no ':errno' suffix on system call names
};

/// One row of value_limits.tsv.
struct ValueLimits {
    std::string_view parser;
    NumberType number;
    bool has_min;
    bool has_max;
    std::int64_t min;
    std::uint64_t max;
    std::string_view words;  ///< extra accepted words, '|'-separated
    std::uint32_t flags;     ///< LimitFlag bits
};

inline constexpr std::uint16_t kNoLimits = 0xffff;

/// Facts of a directive row that the public Directive struct does not carry; same index.
struct DirectiveDetail {
    std::string_view parser;      ///< systemd config_parse_* function
    std::string_view not_in_252;  ///< enum words systemd 252 rejects, '|'-separated
    std::uint16_t limits;         ///< index into kValueLimits, or kNoLimits
};

/// Sections in which one key name exists: kDirectiveNameSections[first, first + count).
struct NameSections {
    std::string_view name;
    std::uint32_t first;
    std::uint32_t count;
};

extern const std::span<const Directive> kDirectives;              ///< by section, then name
extern const std::span<const DirectiveDetail> kDirectiveDetails;  ///< parallel to kDirectives
/// Open-addressing table over directive_hash(); slot value is row index + 1, 0 when empty.
/// Its size is a power of two and at least twice the row count.
extern const std::span<const std::uint16_t> kDirectiveHash;
extern const std::span<const NameSections> kDirectiveNames;  ///< by name
extern const std::span<const std::string_view> kDirectiveNameSections;
extern const std::span<const std::string_view> kValueKindNames;  ///< by ValueKind value
extern const std::span<const ValueLimits> kValueLimits;

// ---- syscall groups --------------------------------------------------------------------

extern const std::span<const SyscallGroupTable> kSyscallGroupTables;  ///< by version

// ---- kernel names ----------------------------------------------------------------------

/// One name of a numbered kernel thing (capability, address family, errno).
struct NamedNumber {
    std::string_view name;
    int number;
    bool primary;  ///< the name printed for the number
    bool systemd;  ///< accepted by systemd's parsers (address families: not AF_UNSPEC)
};

/// Rows sorted by upper-cased name, and a dense number -> primary name table ("" for gaps).
struct NameTable {
    std::span<const NamedNumber> by_name;
    std::span<const std::string_view> by_number;
};

extern const NameTable kCapabilities;
extern const NameTable kAddressFamilies;
extern const NameTable kErrnos;

// ---- specifiers ------------------------------------------------------------------------

extern const std::span<const SpecifierInfo> kSpecifiers;  ///< by letter (ASCII order)
/// Index into kSpecifiers per ASCII letter, 0xff when unknown.
extern const std::span<const std::uint8_t> kSpecifierIndex;

// ---- value syntax ----------------------------------------------------------------------

struct BoolWord {
    std::string_view word;
    bool value;
};

struct TimeUnit {
    std::string_view unit;
    std::uint64_t nanoseconds;
    bool usec_parser;  ///< known to the microsecond parser, not only to the nanosecond one
};

struct SizeSuffix {
    std::string_view suffix;
    std::uint64_t bytes;
};

struct ArchitectureName {
    std::string_view name;
    bool architecture;  ///< an architecture identifier (Personality=)
    bool seccomp;       ///< accepted by SystemCallArchitectures=
};

struct NamespaceName {
    std::string_view name;
    std::string_view clone_flag;
};

extern const std::span<const BoolWord> kBoolWords;
extern const std::span<const TimeUnit> kTimeUnits;  ///< in systemd's matching order
extern const std::span<const SizeSuffix> kSizeSuffixes;
extern const std::span<const ArchitectureName> kArchitectures;
extern const std::span<const NamespaceName> kNamespaces;

}  // namespace unitguard::rules::data
