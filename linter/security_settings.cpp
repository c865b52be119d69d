// SPDX-License-Identifier: MIT
// Derivation of typed security settings, following systemd 252's parsers.
#include "linter/security_settings.hpp"

#include <algorithm>
#include <cstdint>
#include <span>

#include <fmt/format.h>

#include "rules/kernel_names.hpp"
#include "rules/syscall_groups.hpp"

namespace unitguard::linter {
namespace {

// CAP_SYS_ADMIN's number in linux/capability.h.
constexpr int kCapSysAdmin = 21;

// Sections that carry the exec context, in the order a unit of each type has them.
constexpr std::string_view kSettingSections[] = {"Service", "Socket", "Mount", "Swap",
                                                 "Unit",    "Install", "Timer", "Path",
                                                 "Slice",   "Scope",  "Automount"};

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// Returns the key "Section.Name" of Settings::by_key in `key`, reusing its buffer, since
// rules look up settings by name hundreds of times per unit.
const std::string& settings_key(std::string& key, std::string_view section,
                                std::string_view name) {
    key.assign(section);
    key += '.';
    key += name;
    return key;
}

// Looks up the exec-context setting `name` in whichever section the unit uses.
Setting* find_mutable(Settings& settings, std::string_view name) {
    std::string key;
    for (std::string_view section : kSettingSections) {
        auto it = settings.by_key.find(settings_key(key, section, name));
        if (it != settings.by_key.end()) return &it->second;
    }
    return nullptr;
}

// Syscall filter contents while the assignments are replayed, indexed by the number
// intern_syscall_name() gives each name. SyscallSet keeps only the final entries.
struct SyscallScratch {
    struct Slot {
        bool touched = false;
        bool present = false;
        std::uint32_t errno_id = 0;
        std::uint32_t decided_by = 0;
    };
    std::vector<Slot> slots;
    std::vector<std::uint32_t> touched_ids;

    Slot& slot(std::uint32_t id) {
        if (id >= slots.size()) slots.resize(id + 1);
        Slot& entry = slots[id];
        if (!entry.touched) {
            entry.touched = true;
            touched_ids.push_back(id);
        }
        return entry;
    }
};

// Adds or removes one syscall filter entry (a name or an @group) the way
// seccomp_parse_syscall_filter() does: a `~` entry in an allow list removes, a plain
// entry in a deny list adds, and so on.
void apply_syscall_entry(SyscallSet& set, SyscallScratch& scratch,
                         const rules::SyscallGroupTable& table, std::string_view entry,
                         bool invert, std::size_t index) {
    std::string_view name = entry;
    std::string_view errno_name;
    if (std::size_t colon = entry.find(':'); colon != std::string_view::npos) {
        name = entry.substr(0, colon);
        errno_name = entry.substr(colon + 1);
    }
    // systemd 252 skips an allow-list entry that carries an errno.
    if (!errno_name.empty() && !invert) return;
    std::span<const std::string_view> members(&name, 1);
    bool from_group = !name.empty() && name.front() == '@';
    if (from_group) {
        if (!rules::has_group(table, name)) {
            set.unknown_groups.emplace_back(name);
            return;
        }
        members = rules::expanded_group_members(table, name);
    }
    bool remove = invert == set.allow_list;
    std::uint32_t errno_id = intern_syscall_name(errno_name);
    for (std::string_view member : members) {
        // systemd applies every group member that libseccomp can resolve, even ones
        // missing from @known, and a name written out only when it accepts it.
        if (from_group ? rules::is_unresolved_syscall(table, member)
                       : !rules::is_accepted_syscall(table, member)) {
            continue;
        }
        SyscallScratch::Slot& slot = scratch.slot(intern_syscall_name(member));
        slot.present = !remove;
        slot.errno_id = remove ? 0 : errno_id;
        slot.decided_by = static_cast<std::uint32_t>(index);
    }
}

SyscallSet derive_syscall_set(const Setting* setting, int target_version, bool add_default) {
    SyscallSet set;
    if (setting == nullptr) return set;
    const rules::SyscallGroupTable& table = rules::syscall_group_table(target_version);
    SyscallScratch scratch;
    for (std::size_t index = 0; index < setting->history.size(); ++index) {
        const AppliedAssignment& assignment = setting->history[index];
        if (!assignment.live) continue;
        std::string_view text = assignment.value;
        bool invert = !text.empty() && text.front() == '~';
        if (invert) text.remove_prefix(1);
        if (!set.configured) {
            set.configured = true;
            set.allow_list = !invert;
            // An allow list always admits the @default group as well.
            if (set.allow_list && add_default) {
                apply_syscall_entry(set, scratch, table, "@default", false, index);
            }
        }
        for (std::string_view word : split_words(text)) {
            apply_syscall_entry(set, scratch, table, word, invert, index);
        }
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> syscalls;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> decided_by;
    decided_by.reserve(scratch.touched_ids.size());
    for (std::uint32_t id : scratch.touched_ids) {
        const SyscallScratch::Slot& slot = scratch.slots[id];
        if (slot.present) syscalls.emplace_back(id, slot.errno_id);
        decided_by.emplace_back(id, slot.decided_by);
    }
    set.syscalls.assign(std::move(syscalls));
    set.decided_by.assign(std::move(decided_by));
    return set;
}

// Replays a capability-set history. The first list sets the mask (or its complement with
// `~`), and later lists add to it or, with `~`, remove from it. An empty assignment leaves
// an empty set.
CapabilityMask derive_capabilities(const Setting* setting, CapabilityMask unset_value,
                                   bool* configured) {
    CapabilityMask mask = unset_value;
    bool initialized = false;
    if (setting == nullptr) return mask;
    for (const AppliedAssignment& assignment : setting->history) {
        if (!assignment.ignored.empty()) continue;
        std::string_view text = assignment.value;
        if (text.empty()) {
            mask = 0;
            initialized = true;
            continue;
        }
        bool invert = text.front() == '~';
        if (invert) text.remove_prefix(1);
        CapabilityMask sum = parse_capability_list(text);
        if (invert) sum = ~sum;
        if (!initialized) {
            mask = sum;
            initialized = true;
        } else {
            mask = invert ? (mask & sum) : (mask | sum);
        }
    }
    if (configured != nullptr) *configured = initialized;
    return mask;
}

AddressFamilySet derive_address_families(const Setting* setting) {
    AddressFamilySet set;
    if (setting == nullptr) return set;
    for (const AppliedAssignment& assignment : setting->history) {
        if (!assignment.ignored.empty()) continue;
        std::string_view text = assignment.value;
        if (text.empty()) {
            set = AddressFamilySet{};
            continue;
        }
        if (text == "none") {
            set.configured = true;
            set.allow_list = true;
            set.families.clear();
            continue;
        }
        bool invert = text.front() == '~';
        if (invert) text.remove_prefix(1);
        if (!set.configured) {
            set.configured = true;
            set.allow_list = !invert;
        }
        for (std::string_view word : split_words(text)) {
            std::optional<int> family = rules::address_family_number(word);
            if (!family) continue;
            if (invert != set.allow_list) {
                set.families.insert(*family);
            } else {
                set.families.erase(*family);
            }
        }
    }
    return set;
}

// Options whose sandboxing needs seccomp, which an unprivileged process may only install
// with no_new_privs set (systemd 252's context_has_seccomp()).
void imply_no_new_privileges(Settings& settings) {
    if (settings.is_true("NoNewPrivileges")) return;
    if (settings.is_true("DynamicUser")) {
        const Setting* dynamic = settings.find("DynamicUser");
        settings.implied.push_back({"NoNewPrivileges", "yes",
                                    "DynamicUser=yes turns on NoNewPrivileges=", "DynamicUser",
                                    dynamic ? dynamic->last_live() : nullptr, {}});
        return;
    }
    bool has_sys_admin =
        settings.runs_as_root()
            ? (settings.capability_bounding_set >> kCapSysAdmin & 1U) != 0
            : (settings.ambient_capabilities >> kCapSysAdmin & 1U) != 0;
    if (has_sys_admin) return;

    const char* privilege_reason = settings.runs_as_root() ? "the service lacks CAP_SYS_ADMIN"
                                              : "the service does not run as root";
    std::vector<std::string_view> causes;
    for (std::string_view option :
         {"LockPersonality", "MemoryDenyWriteExecute", "PrivateDevices", "ProtectClock",
          "ProtectHostname", "ProtectKernelTunables", "ProtectKernelModules",
          "ProtectKernelLogs", "RestrictRealtime", "RestrictSUIDSGID"}) {
        if (settings.is_true(option)) causes.push_back(option);
    }
    if (settings.restrict_address_families.configured) causes.push_back("RestrictAddressFamilies");
    std::string namespaces = settings.value("RestrictNamespaces");
    if (!namespaces.empty() && parse_boolean(namespaces) != std::optional<bool>(false)) {
        causes.push_back("RestrictNamespaces");
    }
    if (!settings.value("SystemCallArchitectures").empty()) {
        causes.push_back("SystemCallArchitectures");
    }
    const SyscallSet& filter = settings.system_call_filter;
    if (filter.configured && (filter.allow_list || !filter.syscalls.empty())) {
        causes.push_back("SystemCallFilter");
    }
    const SyscallSet& log = settings.system_call_log;
    if (log.configured && (log.allow_list || !log.syscalls.empty())) {
        causes.push_back("SystemCallLog");
    }
    if (causes.empty()) return;

    // The cause set last in the files comes first: it is the one a reader just added.
    auto source_of = [&](std::string_view cause) -> const AppliedAssignment* {
        const Setting* setting = settings.find(cause);
        return setting ? setting->last_live() : nullptr;
    };
    ImpliedSetting implied{"NoNewPrivileges", "yes",
                           fmt::format("{}= is set and {}", causes.front(), privilege_reason),
                           std::string(causes.front()), source_of(causes.front()), {}};
    for (std::size_t i = 1; i < causes.size(); ++i) {
        implied.other_causes.emplace_back(std::string(causes[i]), source_of(causes[i]));
    }
    settings.implied.push_back(std::move(implied));
}

}  // namespace

CapabilityMask parse_capability_list(std::string_view text) {
    CapabilityMask mask = 0;
    for (std::string_view word : split_words(text)) {
        std::optional<int> number = rules::capability_number(word);
        if (number && *number >= 0 && *number < 64) mask |= CapabilityMask{1} << *number;
    }
    return mask;
}

void derive_security_settings(Settings& settings) {
    settings.system_call_filter = derive_syscall_set(find_mutable(settings, "SystemCallFilter"),
                                                     settings.target_version, true);
    settings.system_call_log = derive_syscall_set(find_mutable(settings, "SystemCallLog"),
                                                  settings.target_version, false);
    CapabilityMask all = rules::capability_count() >= 64
                             ? ~CapabilityMask{0}
                             : (CapabilityMask{1} << rules::capability_count()) - 1;
    settings.capability_bounding_set =
        derive_capabilities(find_mutable(settings, "CapabilityBoundingSet"), all,
                            &settings.capability_bounding_set_configured) &
        all;
    settings.ambient_capabilities =
        derive_capabilities(find_mutable(settings, "AmbientCapabilities"), 0, nullptr) & all;
    settings.restrict_address_families =
        derive_address_families(find_mutable(settings, "RestrictAddressFamilies"));
    imply_no_new_privileges(settings);
}

std::vector<std::string_view> Setting::live_values() const {
    std::vector<std::string_view> values;
    for (const AppliedAssignment& assignment : history) {
        if (assignment.live) values.push_back(assignment.value);
    }
    return values;
}

const AppliedAssignment* Setting::last_live() const {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        if (it->live) return &*it;
    }
    return nullptr;
}

const Setting* Settings::find(std::string_view section, std::string_view name) const {
    std::string key;
    auto it = by_key.find(settings_key(key, section, name));
    return it == by_key.end() ? nullptr : &it->second;
}

const Setting* Settings::find(std::string_view name) const {
    std::string key;
    for (std::string_view section : kSettingSections) {
        auto it = by_key.find(settings_key(key, section, name));
        if (it != by_key.end()) return &it->second;
    }
    return nullptr;
}

std::string Settings::value(std::string_view name) const {
    const Setting* setting = find(name);
    if (setting == nullptr) return {};
    const AppliedAssignment* last = setting->last_live();
    return last == nullptr ? std::string() : last->value;
}

bool Settings::is_true(std::string_view name) const {
    return parse_boolean(value(name)).value_or(false);
}

const ImpliedSetting* Settings::implied_setting(std::string_view name) const {
    for (const ImpliedSetting& entry : implied) {
        if (entry.name == name) return &entry;
    }
    return nullptr;
}

bool Settings::runs_as_root() const {
    if (is_true("DynamicUser")) return false;
    std::string user = value("User");
    return user.empty() || user == "root" || user == "0";
}

std::optional<bool> parse_boolean(std::string_view text) {
    std::string lower;
    for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "1" || lower == "yes" || lower == "y" || lower == "true" || lower == "t" ||
        lower == "on") {
        return true;
    }
    if (lower == "0" || lower == "no" || lower == "n" || lower == "false" || lower == "f" ||
        lower == "off") {
        return false;
    }
    return std::nullopt;
}

}  // namespace unitguard::linter
