// SPDX-License-Identifier: MIT
// Sandboxing settings for `show -p`: capability sets, system call filters, architectures
// and error number, address families and namespaces, as systemd 252 parses and prints them.
#include "linter/show_model.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "rules/kernel_names.hpp"
#include "rules/syscall_groups.hpp"

namespace unitguard::linter {
namespace {

// Largest errno number systemd accepts (ERRNO_MAX).
constexpr int kMaxErrno = 4095;

// Namespace types in the order systemd prints them, each with its bit in
// ShowModel::restrict_namespaces. "time" is parsed by systemd 252 but is not part of the
// set it prints, so a value that allows only "time" prints "yes".
struct NamespaceType {
    std::string_view name;
    std::uint64_t bit;
};
constexpr NamespaceType kNamespaceTypes[] = {
    {"cgroup", 1 << 0}, {"ipc", 1 << 1},  {"net", 1 << 2}, {"mnt", 1 << 3},
    {"pid", 1 << 4},    {"user", 1 << 5}, {"uts", 1 << 6}, {"time", 1 << 7},
};
constexpr std::uint64_t kAllNamespaces = (1 << 7) - 1;
// Value before any RestrictNamespaces= line and after an empty one. It prints "no".
constexpr std::uint64_t kNamespacesInitial = ~std::uint64_t{0};

// Names SystemCallArchitectures= accepts in systemd 252 built with libseccomp 2.5
// (rules/data/architectures.tsv, column "seccomp").
constexpr std::string_view kSeccompArchitectures[] = {
    "native",     "arm",           "arm64",  "mips",     "mips-le", "mips64", "mips64-le",
    "mips64-n32", "mips64-le-n32", "parisc", "parisc64", "ppc",     "ppc64",  "ppc64-le",
    "riscv64",    "s390",          "s390x",  "x32",      "x86",     "x86-64",
};

// System calls that libseccomp 2.5.4 (Debian 12's, which systemd 252 uses there) resolves
// to the number of another call: systemd keys its filter by number and prints the name the
// number resolves back to. Found by resolving every name of the 252 group table.
struct SyscallAlias {
    std::string_view name;
    std::string_view printed_as;
};
constexpr SyscallAlias kSeccompAliases[] = {{"sys_debug_setcontext", "switch_endian"}};

std::string_view printed_syscall_name(std::string_view name) {
    for (const SyscallAlias& alias : kSeccompAliases) {
        if (alias.name == name) return alias.printed_as;
    }
    return name;
}

std::vector<std::string> words_of(std::string_view text, const WordSyntax& syntax) {
    std::vector<std::string> words;
    std::size_t position = 0;
    Word word;
    while (read_word(text, position, syntax, word) == WordStatus::Found) {
        words.push_back(std::move(word.text));
    }
    return words;
}

bool is_decimal(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// systemd's capability_from_name(): a name in any letter case or a number below 64.
std::optional<int> capability_from_word(std::string_view word) {
    if (is_decimal(word)) {
        if (word.size() > 2) return std::nullopt;
        int number = std::stoi(std::string(word));
        return number < 64 ? std::optional<int>(number) : std::nullopt;
    }
    return rules::capability_number(word);
}

// config_parse_capability_set(): the first line, an empty line or a line without a known
// capability replaces the set (with '~', by its complement). Later lines add to it, or
// with '~' remove from it. `unset` is the value before the first line.
CapabilitySet parse_capability_set(const AssignmentReader& reader, std::string_view section,
                                   std::string_view name, CapabilitySet unset) {
    CapabilitySet set = unset;
    for (std::string_view value : reader.values(section, name)) {
        bool invert = !value.empty() && value.front() == '~';
        if (invert) value.remove_prefix(1);
        CapabilitySet sum = 0;
        for (const std::string& word : words_of(value, {.unquote = true, .relax = true})) {
            if (std::optional<int> number = capability_from_word(word)) {
                sum |= CapabilitySet{1} << *number;
            }
        }
        if (sum == 0 || set == unset) {
            set = invert ? ~sum : sum;
        } else if (invert) {
            set &= ~sum;
        } else {
            set |= sum;
        }
    }
    return set;
}

// systemd's parse_errno() plus the "kill" action: an errno name, or a number from 0 to
// 4095. `allow_zero` is false for SystemCallErrorNumber=, which rejects 0.
std::optional<int> parse_errno(std::string_view text, bool allow_zero) {
    if (text == "kill") return kErrnoKill;
    if (std::optional<int> number = rules::errno_number(text); number && *number > 0) {
        return number;
    }
    if (!is_decimal(text) || text.size() > 4) return std::nullopt;
    int number = std::stoi(std::string(text));
    if (number > kMaxErrno || (number == 0 && !allow_zero)) return std::nullopt;
    return number;
}

class SyscallParser {
  public:
    SyscallParser(SyscallFilter& filter, int target_version)
        : filter_(filter), table_(rules::syscall_group_table(target_version)) {}

    // Applies one assignment. `with_errno` is false for SystemCallLog=, which takes plain
    // names only.
    void apply(std::string_view value, bool add_default, bool with_errno);

  private:
    void apply_word(std::string_view word, bool invert, bool with_errno);
    void apply_name(std::string_view name, int errno_number, bool invert);
    void apply_one(std::string_view name, int errno_number, bool invert);

    SyscallFilter& filter_;
    const rules::SyscallGroupTable& table_;
};

void SyscallParser::apply(std::string_view value, bool add_default, bool with_errno) {
    if (value.empty()) {
        filter_ = SyscallFilter{};
        return;
    }
    bool invert = value.front() == '~';
    if (invert) value.remove_prefix(1);
    if (!filter_.exists) {
        filter_.exists = true;
        filter_.allow_list = !invert;
        // An allow list always admits what every process needs (the @default group).
        if (filter_.allow_list && add_default) apply_name("@default", -1, false);
    }
    for (const std::string& word : words_of(value, WordSyntax{})) {
        apply_word(word, invert, with_errno);
    }
}

void SyscallParser::apply_word(std::string_view word, bool invert, bool with_errno) {
    int errno_number = -1;
    std::string_view name = word;
    std::size_t colon = word.find(':');
    if (with_errno && colon != std::string_view::npos) {
        name = word.substr(0, colon);
        std::optional<int> parsed = parse_errno(word.substr(colon + 1), /*allow_zero=*/true);
        if (!parsed || name.empty()) return;
        errno_number = *parsed;
    }
    // An entry of a line without '~' cannot carry an error number.
    if (!invert && errno_number >= 0) return;
    apply_name(name, errno_number, invert);
}

void SyscallParser::apply_name(std::string_view name, int errno_number, bool invert) {
    if (!name.empty() && name.front() == '@') {
        for (std::string_view member : rules::expanded_group_members(table_, name)) {
            if (!rules::is_unresolved_syscall(table_, member)) {
                apply_one(member, errno_number, invert);
            }
        }
        return;
    }
    if (rules::is_accepted_syscall(table_, name)) apply_one(name, errno_number, invert);
}

void SyscallParser::apply_one(std::string_view name, int errno_number, bool invert) {
    // A plain entry adds to an allow list and a '~' entry to a deny list. The other two
    // combinations take the call out of the filter, and its error number with it.
    std::string key(printed_syscall_name(name));
    if (invert != filter_.allow_list) {
        filter_.entries[key] = errno_number;
    } else {
        filter_.entries.erase(key);
    }
}

void parse_architectures(const AssignmentReader& reader, std::string_view section,
                         ShowModel& model) {
    for (std::string_view value : reader.values(section, "SystemCallArchitectures")) {
        if (value.empty()) {
            model.system_call_architectures.clear();
            continue;
        }
        for (std::string& word : words_of(value, {.unquote = true})) {
            const auto* end = std::end(kSeccompArchitectures);
            if (std::find(std::begin(kSeccompArchitectures), end, word) != end) {
                model.system_call_architectures.insert(std::move(word));
            }
        }
    }
}

void parse_error_number(const AssignmentReader& reader, std::string_view section,
                        ShowModel& model) {
    for (std::string_view value : reader.values(section, "SystemCallErrorNumber")) {
        if (value.empty()) {
            model.system_call_error_number = kErrnoKill;
        } else if (std::optional<int> number = parse_errno(value, /*allow_zero=*/false)) {
            model.system_call_error_number = *number;
        }
    }
}

// config_parse_address_families(): "none" empties an allow list. Otherwise the first line
// after a reset picks allow or deny mode, and later lines add to or take from the set.
void parse_address_families(const AssignmentReader& reader, std::string_view section,
                            ShowModel& model) {
    for (std::string_view value : reader.values(section, "RestrictAddressFamilies")) {
        if (value.empty() || value == "none") {
            model.address_families.clear();
            model.address_families_exist = false;
            model.address_families_allow_list = value == "none";
            continue;
        }
        bool invert = value.front() == '~';
        if (invert) value.remove_prefix(1);
        if (!model.address_families_exist) {
            model.address_families_exist = true;
            model.address_families_allow_list = !invert;
        }
        for (const std::string& word : words_of(value, {.unquote = true})) {
            if (!rules::address_family_accepted_by_systemd(word)) continue;
            int family = *rules::address_family_number(word);
            if (invert != model.address_families_allow_list) {
                model.address_families.insert(family);
            } else {
                model.address_families.erase(family);
            }
        }
    }
}

std::optional<std::uint64_t> parse_namespace_list(std::string_view text) {
    std::uint64_t flags = 0;
    for (const std::string& word : words_of(text, WordSyntax{})) {
        const NamespaceType* type = std::find_if(
            std::begin(kNamespaceTypes), std::end(kNamespaceTypes),
            [&word](const NamespaceType& candidate) { return candidate.name == word; });
        if (type == std::end(kNamespaceTypes)) return std::nullopt;
        flags |= type->bit;
    }
    return flags;
}

// config_parse_restrict_namespaces(): the value is the set of allowed types. A boolean
// replaces it, and the first list sets it (with '~', to all types but those listed). Later
// lists add their types, or with '~' remove them. A list with an unknown type is ignored.
void parse_namespaces(const AssignmentReader& reader, std::string_view section, ShowModel& model) {
    std::uint64_t allowed = kNamespacesInitial;
    for (std::string_view value : reader.values(section, "RestrictNamespaces")) {
        if (value.empty()) {
            allowed = kNamespacesInitial;
            continue;
        }
        if (std::optional<bool> restrict_all = parse_boolean(value)) {
            allowed = *restrict_all ? 0 : kAllNamespaces;
            continue;
        }
        bool invert = value.front() == '~';
        if (invert) value.remove_prefix(1);
        std::optional<std::uint64_t> flags = parse_namespace_list(value);
        if (!flags) continue;
        if (allowed == kNamespacesInitial) {
            allowed = invert ? ~*flags & kAllNamespaces : *flags;
        } else if (invert) {
            allowed &= ~*flags;
        } else {
            allowed |= *flags;
        }
    }
    model.restrict_namespaces = allowed;
}

std::string errno_text(int number) {
    if (number == kErrnoKill) return "kill";
    std::string_view name = rules::errno_name(number);
    return name.empty() ? std::to_string(number) : std::string(name);
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace

void parse_sandbox_settings(const AssignmentReader& reader, std::string_view section,
                            ShowModel& model) {
    model.capability_bounding_set =
        parse_capability_set(reader, section, "CapabilityBoundingSet", kCapabilitiesUnset);
    model.ambient_capabilities = parse_capability_set(reader, section, "AmbientCapabilities", 0);

    int target = reader.target_version();
    SyscallParser filter(model.system_call_filter, target);
    for (std::string_view value : reader.values(section, "SystemCallFilter")) {
        filter.apply(value, /*add_default=*/true, /*with_errno=*/true);
    }
    SyscallParser log(model.system_call_log, target);
    for (std::string_view value : reader.values(section, "SystemCallLog")) {
        log.apply(value, /*add_default=*/false, /*with_errno=*/false);
    }
    parse_architectures(reader, section, model);
    parse_error_number(reader, section, model);
    parse_address_families(reader, section, model);
    parse_namespaces(reader, section, model);
}

std::string format_capabilities(CapabilitySet set) {
    std::string out;
    for (int number = 0; number < rules::capability_count() && number < 64; ++number) {
        if ((set >> number & 1U) == 0) continue;
        if (!out.empty()) out += ' ';
        std::string_view name = rules::capability_name(number);
        out += name.empty() ? fmt::format("0x{:x}", number) : lowercase(name);
    }
    return out;
}

std::string format_syscall_filter(const SyscallFilter& filter, bool add_errno) {
    std::vector<std::string> entries;
    for (const auto& [name, errno_number] : filter.entries) {
        if (filter.allow_list && errno_number >= 0) continue;
        bool with_errno = add_errno && errno_number >= 0;
        entries.push_back(with_errno ? name + ":" + errno_text(errno_number) : name);
    }
    std::sort(entries.begin(), entries.end());
    std::string out = filter.allow_list ? "" : "~";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += ' ';
        out += entries[i];
    }
    return out;
}

std::string format_address_families(const ShowModel& model) {
    std::vector<std::string_view> names;
    for (int family : model.address_families) {
        names.push_back(rules::address_family_name(family));
    }
    std::sort(names.begin(), names.end());
    std::string out = model.address_families_allow_list ? "" : "~";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += ' ';
        out += names[i];
    }
    return out;
}

std::string format_namespaces(std::uint64_t allowed) {
    std::uint64_t printed = allowed & kAllNamespaces;
    if (printed == 0) return "yes";
    if (printed == kAllNamespaces) return "no";
    std::string out;
    for (const NamespaceType& type : kNamespaceTypes) {
        if ((printed & type.bit) == 0) continue;
        if (!out.empty()) out += ' ';
        out += type.name;
    }
    return out;
}

}  // namespace unitguard::linter
