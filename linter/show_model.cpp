// SPDX-License-Identifier: MIT
// Builds the ShowModel: scalar settings, then the adjustments systemd 252 makes when it
// loads a unit (service_add_extras() and unit_patch_contexts() in its sources).
#include "linter/show_model.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "linter/environment_value.hpp"
#include "rules/directives.hpp"

namespace unitguard::linter {
namespace {

// Capability numbers from linux/capability.h that the load-time adjustments remove.
constexpr int kCapMknod = 27;
constexpr int kCapSysModule = 16;
constexpr int kCapSysRawio = 17;
constexpr int kCapSysTime = 25;
constexpr int kCapSyslog = 34;
constexpr int kCapWakeAlarm = 35;

// Maximum length of a user name in systemd's strict name check (UT_NAMESIZE - 1).
constexpr std::size_t kMaxStrictUserName = 31;

// Key systemd 252 hashes a unit name with when the name is no valid user name, so that
// DynamicUser= gets a user name of the form "_du" and 16 hex digits.
constexpr std::array<unsigned char, 16> kDynamicUserHashKey = {
    0x58, 0x1a, 0xaf, 0xe6, 0x28, 0x58, 0x4e, 0x96, 0xb4, 0x4e, 0xf5, 0x3b, 0x8c, 0x92, 0x07, 0xec};

// Boolean properties of the execution environment and their defaults.
struct BooleanDefault {
    std::string_view name;
    bool value;
};
constexpr BooleanDefault kExecBooleans[] = {
    {"DynamicUser", false},
    {"RemoveIPC", false},
    {"PrivateTmp", false},
    {"PrivateDevices", false},
    {"ProtectClock", false},
    {"ProtectKernelTunables", false},
    {"ProtectKernelModules", false},
    {"ProtectKernelLogs", false},
    {"ProtectControlGroups", false},
    {"PrivateNetwork", false},
    {"PrivateUsers", false},
    {"PrivateMounts", false},
    {"PrivateIPC", false},
    {"IgnoreSIGPIPE", true},
    {"NoNewPrivileges", false},
    {"LockPersonality", false},
    {"MemoryDenyWriteExecute", false},
    {"RestrictRealtime", false},
    {"RestrictSUIDSGID", false},
    {"ProtectHostname", false},
};

// Enumerations: accepted words (case-sensitive, as systemd matches them) and whether
// boolean words map to "yes"/"no". systemd ignores an empty or unknown value for all of them.
struct EnumProperty {
    std::string_view name;
    std::string_view words;  // separated by '|'
    std::string_view fallback;
    bool accepts_boolean;
};
constexpr EnumProperty kExecEnums[] = {
    {"ProtectHome", "no|yes|read-only|tmpfs", "no", true},
    {"ProtectSystem", "no|yes|full|strict", "no", true},
    {"ProtectProc", "default|noaccess|invisible|ptraceable", "default", false},
    {"ProcSubset", "all|pid", "all", false},
    {"KeyringMode", "inherit|private|shared", "", false},
};
constexpr EnumProperty kTypeEnum = {"Type", "simple|exec|forking|oneshot|dbus|notify|idle", "",
                                    false};
constexpr EnumProperty kNotifyAccessEnum = {"NotifyAccess", "none|all|main|exec", "none", false};

bool has_word(std::string_view words, std::string_view word) {
    std::size_t start = 0;
    while (start <= words.size()) {
        std::size_t bar = words.find('|', start);
        if (bar == std::string_view::npos) bar = words.size();
        if (words.substr(start, bar - start) == word) return true;
        start = bar + 1;
    }
    return false;
}

// Replays the assignments of an enumeration, ignoring invalid words as systemd does.
std::string parse_enum(const AssignmentReader& reader, std::string_view section,
                       const EnumProperty& property, std::string current) {
    for (std::string_view value : reader.values(section, property.name)) {
        if (property.accepts_boolean) {
            if (std::optional<bool> flag = parse_boolean(value)) {
                current = *flag ? "yes" : "no";
                continue;
            }
        }
        if (has_word(property.words, value)) current = std::string(value);
    }
    return current;
}

bool parse_bool_setting(const AssignmentReader& reader, std::string_view section,
                        std::string_view name, bool current) {
    for (std::string_view value : reader.values(section, name)) {
        if (std::optional<bool> flag = parse_boolean(value)) current = *flag;
    }
    return current;
}

// systemd's parse_mode(): octal digits only, at most 07777.
std::optional<unsigned> parse_mode(std::string_view text) {
    if (text.empty() || text.size() > 12) return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '7') return std::nullopt;
        value = value * 8 + static_cast<unsigned>(c - '0');
    }
    if (value > 07777) return std::nullopt;
    return value;
}

bool is_ascii_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// systemd's parse_uid(): a decimal number below 2^32 - 1 other than 65535.
bool is_valid_uid(std::string_view text) {
    if (!is_ascii_digits(text) || text.size() > 10) return false;
    unsigned long long value = std::stoull(std::string(text));
    return value < 0xFFFFFFFFULL && value != 65535;
}

// The strict check systemd uses for names it makes up itself.
bool is_valid_user_name_strict(std::string_view name) {
    if (name.empty() || name.size() > kMaxStrictUserName) return false;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!letter(name.front()) && name.front() != '_') return false;
    return std::all_of(name.begin() + 1, name.end(), [&](char c) {
        return letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::uint64_t rotate_left(std::uint64_t value, int bits) {
    return (value << bits) | (value >> (64 - bits));
}

std::uint64_t read_le64(const unsigned char* bytes) {
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; --i) value = value << 8 | bytes[i];
    return value;
}

// SipHash-2-4 (Aumasson and Bernstein, 2012) of `data` under a 128-bit key.
std::uint64_t siphash24(std::string_view data, const std::array<unsigned char, 16>& key) {
    std::uint64_t k0 = read_le64(key.data());
    std::uint64_t k1 = read_le64(key.data() + 8);
    std::uint64_t v[4] = {k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
                          k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL};
    auto round = [&v] {
        v[0] += v[1];
        v[1] = rotate_left(v[1], 13);
        v[1] ^= v[0];
        v[0] = rotate_left(v[0], 32);
        v[2] += v[3];
        v[3] = rotate_left(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = rotate_left(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = rotate_left(v[1], 17);
        v[1] ^= v[2];
        v[2] = rotate_left(v[2], 32);
    };
    auto compress = [&](std::uint64_t block) {
        v[3] ^= block;
        round();
        round();
        v[0] ^= block;
    };

    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t full = data.size() / 8 * 8;
    for (std::size_t i = 0; i < full; i += 8) compress(read_le64(bytes + i));
    std::uint64_t last = static_cast<std::uint64_t>(data.size() & 0xFF) << 56;
    for (std::size_t i = full; i < data.size(); ++i) {
        last |= static_cast<std::uint64_t>(bytes[i]) << (8 * (i - full));
    }
    compress(last);

    v[2] ^= 0xFF;
    for (int i = 0; i < 4; ++i) round();
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

// The user name DynamicUser= picks when User= is unset: the unit name's prefix when that is
// a valid user name, else a hash of it.
std::string dynamic_user_name(const UnitName& name) {
    if (is_valid_user_name_strict(name.prefix)) return name.prefix;
    return fmt::format("_du{:016x}", siphash24(name.prefix, kDynamicUserHashKey));
}

// A User= or Group= value: the last valid one wins, an empty one resets.
std::string parse_user(const AssignmentReader& reader, std::string_view section,
                       std::string_view name) {
    std::string current;
    for (std::string_view value : reader.values(section, name)) {
        if (value.empty()) {
            current.clear();
            continue;
        }
        Expected<std::string> expanded = reader.expand(value);
        // NOTE: systemd refuses to load the unit for both failures. The value is kept as
        // it was so that the other properties still print.
        if (expanded && is_valid_user_or_group_name(*expanded)) current = std::move(*expanded);
    }
    return current;
}

// Whether a WatchdogSec= value is a positive time span. systemd sums numbers with time
// units, so the span is positive when any of them is not zero.
std::optional<bool> parse_positive_timespan(std::string_view text) {
    if (text == "infinity") return true;
    bool positive = false;
    bool any_number = false;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if ((c >= '0' && c <= '9') || c == '.') {
            any_number = true;
            if (c >= '1' && c <= '9') positive = true;
        } else if (c != ' ' && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) &&
                   static_cast<unsigned char>(c) < 0x80) {
            return std::nullopt;
        }
        ++i;
    }
    if (!any_number) return std::nullopt;
    return positive;
}

void parse_service_settings(const AssignmentReader& reader, ShowModel& model) {
    model.type = parse_enum(reader, "Service", kTypeEnum, "");
    model.notify_access = parse_enum(reader, "Service", kNotifyAccessEnum, "none");

    bool has_bus_name = false;
    for (std::string_view value : reader.values("Service", "BusName"))
        has_bus_name = !value.empty();
    bool watchdog = false;
    for (std::string_view value : reader.values("Service", "WatchdogSec")) {
        if (std::optional<bool> positive = parse_positive_timespan(value)) watchdog = *positive;
    }
    bool fd_store = false;
    for (std::string_view value : reader.values("Service", "FileDescriptorStoreMax")) {
        if (is_ascii_digits(value) && value.size() < 10)
            fd_store = std::stoul(std::string(value)) > 0;
    }

    // service_add_extras(): a missing Type= follows from BusName= and ExecStart=, and the
    // notification socket is opened for the main process when anything needs it.
    if (model.type.empty()) {
        auto start = model.exec_commands.find("ExecStart");
        bool has_start = start != model.exec_commands.end() && !start->second.empty();
        if (has_bus_name) {
            model.type = "dbus";
        } else if (has_start) {
            model.type = "simple";
        } else {
            model.type = "oneshot";
        }
    }
    if (model.notify_access == "none" && (model.type == "notify" || watchdog || fd_store)) {
        model.notify_access = "main";
    }
}

void parse_exec_scalars(const AssignmentReader& reader, std::string_view section,
                        ShowModel& model) {
    for (const BooleanDefault& entry : kExecBooleans) {
        model.booleans[std::string(entry.name)] =
            parse_bool_setting(reader, section, entry.name, entry.value);
    }
    for (const EnumProperty& property : kExecEnums) {
        model.enums[std::string(property.name)] =
            parse_enum(reader, section, property, std::string(property.fallback));
    }
    for (std::string_view value : reader.values(section, "UMask")) {
        if (std::optional<unsigned> mode = parse_mode(value)) model.umask = *mode;
    }
    model.user = parse_user(reader, section, "User");
    model.group = parse_user(reader, section, "Group");

    for (std::string_view name : {"LoadCredentialEncrypted", "SetCredentialEncrypted"}) {
        for (std::string_view value : reader.values(section, name)) {
            model.has_encrypted_credentials = !value.empty() || model.has_encrypted_credentials;
        }
    }
    for (std::string_view name : {"RootImage", "MountImages"}) {
        for (std::string_view value : reader.values(section, name)) {
            model.has_root_image = !value.empty() || model.has_root_image;
        }
    }
}

void remove_capabilities(ShowModel& model, std::initializer_list<int> numbers) {
    for (int number : numbers) model.capability_bounding_set &= ~(CapabilitySet{1} << number);
}

void prepend_device(ShowModel& model, std::string path, std::string rights) {
    model.device_allow.insert(model.device_allow.begin(),
                              DeviceRule{std::move(path), std::move(rights)});
}

// unit_patch_contexts(): what systemd derives from the sandboxing options at load time.
void patch_exec_context(ShowModel& model, const UnitName& name) {
    auto& flags = model.booleans;
    if (flags["PrivateDevices"]) remove_capabilities(model, {kCapMknod, kCapSysRawio});
    if (flags["ProtectKernelModules"]) remove_capabilities(model, {kCapSysModule});
    if (flags["ProtectKernelLogs"]) remove_capabilities(model, {kCapSyslog});
    if (flags["ProtectClock"]) remove_capabilities(model, {kCapSysTime, kCapWakeAlarm});

    if (flags["DynamicUser"]) {
        if (model.user.empty()) model.user = dynamic_user_name(name);
        if (model.group.empty()) model.group = model.user;
        flags["PrivateTmp"] = true;
        flags["RemoveIPC"] = true;
        flags["NoNewPrivileges"] = true;
        flags["RestrictSUIDSGID"] = true;
        model.enums["ProtectSystem"] = "strict";
        if (model.enums["ProtectHome"] == "no") model.enums["ProtectHome"] = "read-only";
    }
    if (!model.has_cgroup_context) return;

    if (flags["PrivateDevices"] && model.device_policy == "auto") model.device_policy = "closed";
    // Extra devices are allowed only where a device list is in force at all.
    if (model.device_policy == "auto" && model.device_allow.empty()) return;
    if (model.has_root_image) {
        for (const char* path : {"/dev/loop-control", "/dev/mapper/control"}) {
            prepend_device(model, path, "rw");
        }
        for (const char* path : {"block-loop", "block-blkext", "block-device-mapper"}) {
            prepend_device(model, path, "rwm");
        }
    }
    if (flags["ProtectClock"]) prepend_device(model, "char-rtc", "r");
    if (model.has_encrypted_credentials) prepend_device(model, "/dev/tpmrm0", "rw");
}

std::string_view section_of(std::string_view unit_type) {
    if (unit_type == "service") return "Service";
    if (unit_type == "socket") return "Socket";
    if (unit_type == "mount") return "Mount";
    if (unit_type == "swap") return "Swap";
    if (unit_type == "slice") return "Slice";
    if (unit_type == "scope") return "Scope";
    return {};
}

}  // namespace

bool is_valid_user_or_group_name(std::string_view name) {
    if (name.empty()) return false;
    if (is_valid_uid(name)) return true;
    if (name.front() == ' ' || name.back() == ' ' || name.front() == '-') return false;
    if (name == "." || name == "..") return false;
    for (char c : name) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F || c == ':' || c == '/') return false;
    }
    return is_valid_utf8(name) && !is_ascii_digits(name);
}

AssignmentReader::AssignmentReader(const WorkspaceUnit& unit, const ShowContext& context)
    : unit_(unit), context_(context) {}

std::vector<const AppliedAssignment*> AssignmentReader::assignments(std::string_view section,
                                                                    std::string_view name) const {
    std::vector<const AppliedAssignment*> out;
    const Setting* setting = unit_.effective.settings.find(section, name);
    if (setting == nullptr || setting->directive == nullptr) return out;
    const rules::Directive& directive = *setting->directive;
    int target = context_.target_version;
    if (directive.added_in > target) return out;
    if (directive.removed_in != 0 && directive.removed_in <= target) return out;
    for (const AppliedAssignment& assignment : setting->history) out.push_back(&assignment);
    return out;
}

std::vector<std::string_view> AssignmentReader::values(std::string_view section,
                                                       std::string_view name) const {
    std::vector<std::string_view> out;
    for (const AppliedAssignment* assignment : assignments(section, name)) {
        out.push_back(assignment->raw_value);
    }
    return out;
}

std::vector<std::string_view> AssignmentReader::values(
    std::string_view section, std::initializer_list<std::string_view> names) const {
    std::vector<const AppliedAssignment*> merged;
    for (std::string_view name : names) {
        std::vector<const AppliedAssignment*> more = assignments(section, name);
        merged.insert(merged.end(), more.begin(), more.end());
    }
    // The files apply in the order the loader lists them, and lines in file order.
    auto file_index = [this](const std::string& path) {
        const auto& files = unit_.loaded.files;
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (files[i]->path == path) return i;
        }
        return files.size();
    };
    std::stable_sort(merged.begin(), merged.end(),
                     [&](const AppliedAssignment* a, const AppliedAssignment* b) {
                         std::size_t a_file = file_index(a->path);
                         std::size_t b_file = file_index(b->path);
                         if (a_file != b_file) return a_file < b_file;
                         return a->line < b->line;
                     });
    std::vector<std::string_view> out;
    for (const AppliedAssignment* assignment : merged) out.push_back(assignment->raw_value);
    return out;
}

Expected<std::string> AssignmentReader::expand(std::string_view text) const {
    return expand_specifiers(text, context_.specifiers);
}

SpecifierExpander AssignmentReader::expander() const {
    return [this](std::string_view text) { return expand(text); };
}

ShowModel build_show_model(const WorkspaceUnit& unit, const ShowContext& context) {
    ShowModel model;
    const LoadedUnit& loaded = unit.loaded;
    model.unit_type = loaded.name.type;
    model.id = loaded.id;
    model.fragment_path = loaded.fragment_path;
    model.dropin_paths = loaded.dropin_paths;

    AssignmentReader reader(unit, context);
    model.description = loaded.id;
    for (std::string_view value : reader.values("Unit", "Description")) {
        if (value.empty()) {
            model.description = loaded.id;
        } else if (Expected<std::string> expanded = reader.expand(value)) {
            model.description = std::move(*expanded);
        }
    }

    std::string_view section = section_of(model.unit_type);
    model.has_exec_context =
        section == "Service" || section == "Socket" || section == "Mount" || section == "Swap";
    model.has_cgroup_context = !section.empty();
    if (model.has_cgroup_context) parse_cgroup_settings(reader, section, model);
    if (model.has_exec_context) {
        parse_exec_scalars(reader, section, model);
        parse_list_settings(reader, section, model);
        parse_sandbox_settings(reader, section, model);
        // Services of the system manager get their own session keyring, while every other
        // unit, and every unit of a user manager, inherits the manager's.
        bool private_keyring = model.unit_type == "service" && !context.user_scope;
        std::string& keyring = model.enums["KeyringMode"];
        if (keyring.empty()) keyring = private_keyring ? "private" : "inherit";
    }
    if (model.unit_type == "service") parse_service_settings(reader, model);
    if (model.unit_type == "mount") {
        for (std::string_view value : reader.values("Mount", "Type")) {
            Expected<std::string> expanded = reader.expand(value);
            if (expanded) model.file_system_type = std::move(*expanded);
        }
    }
    if (model.has_exec_context) patch_exec_context(model, loaded.name);
    return model;
}

}  // namespace unitguard::linter
