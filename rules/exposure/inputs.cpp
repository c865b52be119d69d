// SPDX-License-Identifier: MIT
// Derivation of graded values from effective settings, as systemd's unit loader does it.
#include "rules/exposure/inputs.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "linter/security_settings.hpp"
#include "rules/kernel_names.hpp"
#include "rules/syscall_groups.hpp"

namespace unitguard::rules::exposure {
namespace {

using linter::AppliedAssignment;
using linter::CapabilityMask;
using linter::Setting;
using linter::Settings;

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

const std::vector<AppliedAssignment>& history_of(const Setting* setting) {
    static const std::vector<AppliedAssignment> kNone;
    return setting == nullptr ? kNone : setting->history;
}

// A boolean setting's value. Empty means the default (off). Any other non-boolean word
// counts as on: systemd 260 turned PrivateTmp=, PrivateUsers=, ProtectHostname= and
// ProtectControlGroups= into enums whose only zero value is "no", and systemd-analyze
// reads them as booleans. For 252 the loader has already rejected such words.
bool truthy(std::string_view value) {
    if (value.empty()) return false;
    return linter::parse_boolean(value).value_or(true);
}

// Returns the last assignment systemd applied, live or not: the one that decides settings
// whose empty assignment means something other than "unset".
const AppliedAssignment* last_applied(const Setting* setting) {
    if (setting == nullptr) return nullptr;
    for (auto it = setting->history.rbegin(); it != setting->history.rend(); ++it) {
        if (it->ignored.empty()) return &*it;
    }
    return nullptr;
}

std::vector<DecidingAssignment> deciders_of(std::string_view directive,
                                            const AppliedAssignment* last) {
    if (last == nullptr) return {};
    return {DecidingAssignment{directive, last, {}}};
}

// Returns the assignment that sets a boolean or enum setting. systemd 252 rejects an empty value
// for these ("Failed to parse boolean value, ignoring"), so an empty assignment leaves the
// previous one in force instead of restoring the default.
const AppliedAssignment* last_nonempty(const Setting* setting) {
    if (setting == nullptr) return nullptr;
    for (auto it = setting->history.rbegin(); it != setting->history.rend(); ++it) {
        if (it->ignored.empty() && !it->value.empty()) return &*it;
    }
    return nullptr;
}

Fact<bool> bool_fact(const Settings& settings, std::string_view directive) {
    const AppliedAssignment* last = last_nonempty(settings.find(directive));
    Fact<bool> fact;
    if (last == nullptr) return fact;
    fact.value = truthy(last->value);
    fact.deciders = deciders_of(directive, last);
    return fact;
}

// A setting that takes a boolean or a word (ProtectHome=, KeyringMode=, ...): booleans
// become "yes" or "no", as systemd prints them.
Fact<std::string> word_fact(const Settings& settings, std::string_view directive,
                            std::string_view fallback) {
    const AppliedAssignment* last = last_nonempty(settings.find(directive));
    Fact<std::string> fact{std::string(fallback), {}};
    if (last == nullptr) return fact;
    fact.deciders = deciders_of(directive, last);
    std::optional<bool> flag = linter::parse_boolean(last->value);
    if (!flag) {
        fact.value = last->value;
    } else {
        fact.value = *flag ? "yes" : "no";
    }
    return fact;
}

// A path setting (RootDirectory=, RootImage=), which an empty assignment resets.
Fact<std::string> path_fact(const Settings& settings, std::string_view directive) {
    const AppliedAssignment* last = last_applied(settings.find(directive));
    if (last == nullptr) return {};
    return {last->value, deciders_of(directive, last)};
}

std::vector<std::string> live_words(const Setting* setting) {
    std::vector<std::string> words;
    if (setting == nullptr) return words;
    for (std::string_view value : setting->live_values()) {
        for (std::string_view word : split_words(value)) words.emplace_back(word);
    }
    return words;
}

std::vector<DecidingAssignment> live_deciders(std::string_view directive,
                                             const Setting* setting) {
    std::vector<DecidingAssignment> deciders;
    if (setting == nullptr) return deciders;
    for (const AppliedAssignment& assignment : setting->history) {
        if (assignment.live) deciders.push_back({directive, &assignment, {}});
    }
    return deciders;
}

// Turns `target` on when `cause` is on, with `cause` as its decider.
void imply(Fact<bool>& target, const Fact<bool>& cause, std::string_view cause_name,
           std::string_view target_name) {
    if (!cause.value) return;
    target.value = true;
    target.deciders = cause.deciders;
    for (DecidingAssignment& decider : target.deciders) {
        decider.note = fmt::format("{}=yes implies {}=yes", cause_name, target_name);
    }
}

void derive_identity(SecurityInputs& inputs, const Settings& settings) {
    const Setting* user = settings.find("User");
    const AppliedAssignment* user_last = user ? user->last_live() : nullptr;
    if (user_last != nullptr) {
        inputs.user = {user_last->value, deciders_of("User", user_last)};
    }
    inputs.dynamic_user = bool_fact(settings, "DynamicUser");

    // The loader names a dynamic user after the unit when User= is unset. Only "nobody"
    // and root matter for grading, so the name without the type suffix stands for it.
    if (inputs.dynamic_user.value && inputs.user.value.empty()) {
        std::string_view unit = settings.unit;
        inputs.user.value = std::string(unit.substr(0, unit.rfind('.')));
        inputs.user.deciders = inputs.dynamic_user.deciders;
    }

    const Setting* groups = settings.find("SupplementaryGroups");
    inputs.supplementary_groups = {live_words(groups),
                                   live_deciders("SupplementaryGroups", groups)};
    if (inputs.supplementary_groups.deciders.empty()) {
        inputs.supplementary_groups.deciders =
            deciders_of("SupplementaryGroups", last_applied(groups));
    }
}

void derive_flags(SecurityInputs& inputs, const Settings& settings, const InputOptions& options) {
    static constexpr std::pair<std::string_view, std::string_view> kBooleans[] = {
        {"private_devices", "PrivateDevices"},
        {"private_mounts", "PrivateMounts"},
        {"private_network", "PrivateNetwork"},
        {"private_tmp", "PrivateTmp"},
        {"private_users", "PrivateUsers"},
        {"private_pids", "PrivatePIDs"},
        {"protect_control_groups", "ProtectControlGroups"},
        {"protect_kernel_modules", "ProtectKernelModules"},
        {"protect_kernel_tunables", "ProtectKernelTunables"},
        {"protect_kernel_logs", "ProtectKernelLogs"},
        {"protect_clock", "ProtectClock"},
        {"protect_hostname", "ProtectHostname"},
        {"lock_personality", "LockPersonality"},
        {"memory_deny_write_execute", "MemoryDenyWriteExecute"},
        {"no_new_privileges", "NoNewPrivileges"},
        {"restrict_realtime", "RestrictRealtime"},
        {"restrict_suid_sgid", "RestrictSUIDSGID"},
        {"remove_ipc", "RemoveIPC"},
    };
    for (const auto& [field, directive] : kBooleans) {
        inputs.flags.emplace(field, bool_fact(settings, directive));
    }

    // NOTE: systemd 260 keeps PrivateMounts= as a tristate whose unset value is -1, and its
    // offline assessment copies that into a boolean, so an unset PrivateMounts= reads as
    // on. This follows systemd 260's source; only systemd 252 was run to confirm values.
    if (options.model == Model::Systemd260 && settings.find("PrivateMounts") == nullptr) {
        inputs.flags["private_mounts"].value = true;
    }

    // Delegate=: an empty assignment or a controller list turns delegation on.
    const Setting* delegate = settings.find("Delegate");
    const AppliedAssignment* delegate_last = last_applied(delegate);
    Fact<bool> delegation;
    if (delegate_last != nullptr) {
        delegation.value = linter::parse_boolean(delegate_last->value).value_or(true);
        delegation.deciders = deciders_of("Delegate", delegate_last);
    }
    inputs.flags.emplace("delegate", std::move(delegation));
}

void derive_words(SecurityInputs& inputs, const Settings& settings, const InputOptions& options) {
    inputs.protect_home = word_fact(settings, "ProtectHome", "no");
    inputs.protect_system = word_fact(settings, "ProtectSystem", "no");
    // systemd.exec(5): private for system services, inherit for the user manager's.
    inputs.keyring_mode =
        word_fact(settings, "KeyringMode", options.user_scope ? "inherit" : "private");
    inputs.protect_proc = word_fact(settings, "ProtectProc", "default");
    inputs.proc_subset = word_fact(settings, "ProcSubset", "all");
    inputs.notify_access = word_fact(settings, "NotifyAccess", "none");
    inputs.root_directory = path_fact(settings, "RootDirectory");
    inputs.root_image = path_fact(settings, "RootImage");

    inputs.umask.value = 0022;
    if (const AppliedAssignment* last = last_nonempty(settings.find("UMask"))) {
        inputs.umask.deciders = deciders_of("UMask", last);
        unsigned value = 0;
        bool octal = true;
        for (char c : last->value) {
            if (c < '0' || c > '7') octal = false;
            value = value * 8 + static_cast<unsigned>(c - '0');
        }
        if (octal && value <= 0777) inputs.umask.value = value;
    }

    inputs.default_dependencies = bool_fact(settings, "DefaultDependencies");
    if (inputs.default_dependencies.deciders.empty()) inputs.default_dependencies.value = true;
}

// The loader's sandbox for DynamicUser=yes.
void apply_dynamic_user(SecurityInputs& inputs) {
    const Fact<bool>& dynamic = inputs.dynamic_user;
    if (!dynamic.value) return;
    for (const auto& [field, directive] :
         {std::pair<std::string_view, std::string_view>{"private_tmp", "PrivateTmp"},
          {"remove_ipc", "RemoveIPC"},
          {"no_new_privileges", "NoNewPrivileges"},
          {"restrict_suid_sgid", "RestrictSUIDSGID"}}) {
        imply(inputs.flags[field], dynamic, "DynamicUser", directive);
    }
    inputs.protect_system.value = "strict";
    inputs.protect_system.deciders = dynamic.deciders;
    for (DecidingAssignment& decider : inputs.protect_system.deciders) {
        decider.note = "DynamicUser=yes implies ProtectSystem=strict";
    }
    if (inputs.protect_home.value == "no") {
        inputs.protect_home.value = "read-only";
        inputs.protect_home.deciders = dynamic.deciders;
        for (DecidingAssignment& decider : inputs.protect_home.deciders) {
            decider.note = "DynamicUser=yes raises ProtectHome=no to read-only";
        }
    }
}

// Run-time values that systemd-analyze does not see: the seccomp-based settings that imply
// no_new_privs, and the mount namespace that other sandboxing settings set up.
void apply_run_time_values(SecurityInputs& inputs, const Settings& settings) {
    Fact<bool>& no_new_privileges = inputs.flags["no_new_privileges"];
    if (const linter::ImpliedSetting* implied = settings.implied_setting("NoNewPrivileges")) {
        if (!no_new_privileges.value) {
            no_new_privileges.value = true;
            no_new_privileges.deciders.clear();
            if (implied->source != nullptr) {
                no_new_privileges.deciders.push_back(
                    {implied->cause, implied->source, implied->reason});
            }
        }
    }

    Fact<bool>& private_mounts = inputs.flags["private_mounts"];
    if (private_mounts.value || !private_mounts.deciders.empty()) return;
    for (std::string_view field : {"private_devices", "private_tmp", "protect_control_groups",
                                   "protect_kernel_tunables", "protect_kernel_modules"}) {
        const Fact<bool>& cause = inputs.flags[field];
        if (!cause.value) continue;
        private_mounts.value = true;
        private_mounts.deciders = cause.deciders;
        for (DecidingAssignment& decider : private_mounts.deciders) {
            decider.note = fmt::format("{}={} sets up a private mount namespace",
                                       decider.directive, decider.assignment->value);
        }
        return;
    }
    for (const Fact<std::string>* cause :
         {&inputs.protect_home, &inputs.protect_system, &inputs.root_image}) {
        if (cause->value.empty() || cause->value == "no") continue;
        private_mounts.value = true;
        private_mounts.deciders = cause->deciders;
        return;
    }
}

// Assignments that last set or cleared each capability bit.
using CapabilityDeciders = std::array<const AppliedAssignment*, 64>;

// Replays CapabilityBoundingSet= or AmbientCapabilities= the way systemd 252 parses them:
// an assignment replaces the set when it names no known capability (so "" empties it and
// a lone "~" fills it) or while the set still equals its initial value; otherwise a list
// is added, or with '~' taken away. Unknown names are skipped.
CapabilityMask replay_capabilities(const Setting* setting, CapabilityMask initial,
                                   CapabilityDeciders& decided) {
    CapabilityMask mask = initial;
    for (const AppliedAssignment& assignment : history_of(setting)) {
        if (!assignment.ignored.empty()) continue;
        std::string_view text = assignment.value;
        bool invert = !text.empty() && text.front() == '~';
        if (invert) text.remove_prefix(1);
        CapabilityMask named = linter::parse_capability_list(text);
        bool replace = named == 0 || mask == initial;
        if (replace) {
            mask = invert ? ~named : named;
        } else {
            mask = invert ? (mask & ~named) : (mask | named);
        }
        for (int bit = 0; bit < 64; ++bit) {
            if (replace || (named >> bit & 1U) != 0) decided[bit] = &assignment;
        }
    }
    return mask;
}

void derive_capabilities(SecurityInputs& inputs, const Settings& settings) {
    inputs.capability_bounding_set = replay_capabilities(
        settings.find("CapabilityBoundingSet"), ~CapabilityMask{0}, inputs.capability_set_by);

    static constexpr std::pair<std::string_view, std::string_view> kDrops[] = {
        {"private_devices", "CAP_MKNOD"},      {"private_devices", "CAP_SYS_RAWIO"},
        {"protect_kernel_modules", "CAP_SYS_MODULE"}, {"protect_kernel_logs", "CAP_SYSLOG"},
        {"protect_clock", "CAP_SYS_TIME"},     {"protect_clock", "CAP_WAKE_ALARM"},
    };
    for (const auto& [field, capability] : kDrops) {
        const Fact<bool>& cause = inputs.flags[field];
        std::optional<int> number = rules::capability_number(capability);
        if (!cause.value || !number) continue;
        inputs.capability_bounding_set &= ~(CapabilityMask{1} << *number);
        std::vector<DecidingAssignment> deciders = cause.deciders;
        for (DecidingAssignment& decider : deciders) {
            decider.note = fmt::format("{}=yes drops {}", decider.directive, capability);
        }
        inputs.capability_drops[*number] = std::move(deciders);
    }

    const Setting* ambient = settings.find("AmbientCapabilities");
    CapabilityDeciders ambient_decided{};
    inputs.ambient_capabilities.value = replay_capabilities(ambient, 0, ambient_decided);
    inputs.ambient_capabilities.deciders =
        deciders_of("AmbientCapabilities", last_applied(ambient));
}

// Namespace types RestrictNamespaces= accepts in the model's release, as clone flag names.
std::vector<std::string> namespace_types(Model model) {
    std::vector<std::string> types = {"CLONE_NEWCGROUP", "CLONE_NEWIPC", "CLONE_NEWNET",
                                      "CLONE_NEWNS",     "CLONE_NEWPID", "CLONE_NEWUSER",
                                      "CLONE_NEWUTS"};
    if (model != Model::Systemd252) types.push_back("CLONE_NEWTIME");
    return types;
}

// "mnt" is CLONE_NEWNS; the other names are the flag's suffix in lowercase.
std::optional<std::string> namespace_flag(std::string_view word, Model model) {
    std::string flag = "CLONE_NEW";
    if (word == "mnt") {
        flag += "NS";
    } else {
        for (char c : word) flag += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::vector<std::string> types = namespace_types(model);
    if (std::find(types.begin(), types.end(), flag) == types.end()) return std::nullopt;
    return flag;
}

// RestrictNamespaces=: a boolean replaces the set, and so does the first list after the
// unset state. Later lists add to the set, or with '~' take away from it. An empty value
// returns to the unset state, in which every type is allowed.
void derive_namespaces(SecurityInputs& inputs, const Settings& settings, Model model) {
    const std::vector<std::string> all = namespace_types(model);
    std::set<std::string, std::less<>> allowed(all.begin(), all.end());
    bool unset = true;
    const Setting* setting = settings.find("RestrictNamespaces");
    auto decide = [&](const std::string& flag, const AppliedAssignment& assignment) {
        inputs.namespace_set_by[flag] = &assignment;
    };
    for (const AppliedAssignment& assignment : history_of(setting)) {
        if (!assignment.ignored.empty()) continue;
        std::string_view text = assignment.value;
        std::optional<bool> flag = linter::parse_boolean(text);
        if (text.empty() || flag) {
            allowed.clear();
            if (text.empty() || !*flag) allowed.insert(all.begin(), all.end());
            unset = text.empty();
            for (const std::string& type : all) decide(type, assignment);
            continue;
        }
        bool invert = text.front() == '~';
        if (invert) text.remove_prefix(1);
        std::set<std::string, std::less<>> named;
        for (std::string_view word : split_words(text)) {
            if (auto type = namespace_flag(word, model)) named.insert(*type);
        }
        for (const std::string& type : all) {
            bool in_list = named.count(type) != 0;
            bool allow = invert ? !in_list : in_list;
            if (unset) {
                if (!allow) allowed.erase(type);
                decide(type, assignment);
            } else if (invert && !allow) {
                allowed.erase(type);
                decide(type, assignment);
            } else if (!invert && allow) {
                allowed.insert(type);
                decide(type, assignment);
            }
        }
        unset = false;
    }
    inputs.allowed_namespaces = std::move(allowed);
}

std::string_view family_category(int family) {
    if (family == AF_INET || family == AF_INET6) return "inet";
    if (family == AF_UNIX) return "unix";
    if (family == AF_NETLINK) return "netlink";
    if (family == AF_PACKET) return "packet";
    return "other";
}

// RestrictAddressFamilies=, replayed as systemd 252 parses it: the first list after the
// unset state (or after "none", which also drops the list) decides whether it is an allow
// or a deny list; later lists add to it, or with the other polarity take away from it.
// Each of INET, UNIX, NETLINK, PACKET and "other" is then restricted when an allow list
// leaves all of its families out or a deny list names one of them.
void derive_address_families(SecurityInputs& inputs, const Settings& settings) {
    const Setting* setting = settings.find("RestrictAddressFamilies");
    bool configured = false;  // some restriction is in force
    bool allow_list = false;
    bool list_started = false;  // a list decided the polarity since the last reset or "none"
    std::set<int> families;
    std::map<std::string_view, const AppliedAssignment*> decided;
    const AppliedAssignment* start = nullptr;
    for (const AppliedAssignment& assignment : history_of(setting)) {
        if (!assignment.ignored.empty()) continue;
        std::string_view text = assignment.value;
        if (text.empty() || text == "none") {
            // "none" is an empty allow list, and the next list starts afresh.
            configured = text == "none";
            allow_list = configured;
            list_started = false;
            families.clear();
            decided.clear();
            start = &assignment;
            continue;
        }
        bool invert = text.front() == '~';
        if (invert) text.remove_prefix(1);
        if (!list_started) {
            configured = true;
            allow_list = !invert;
            list_started = true;
            families.clear();
            decided.clear();
            start = &assignment;
        }
        for (std::string_view word : split_words(text)) {
            std::optional<int> family = rules::address_family_number(word);
            if (!family) continue;
            if (invert != allow_list) {
                families.insert(*family);
            } else {
                families.erase(*family);
            }
            decided[family_category(*family)] = &assignment;
        }
    }

    static constexpr std::pair<std::string_view, std::string_view> kCategories[] = {
        {"inet", "restrict_address_family_inet"},
        {"unix", "restrict_address_family_unix"},
        {"netlink", "restrict_address_family_netlink"},
        {"packet", "restrict_address_family_packet"},
        {"other", "restrict_address_family_other"},
    };
    for (const auto& [category, field] : kCategories) {
        bool restricted = configured && allow_list;
        for (int family : families) {
            if (family != AF_UNSPEC && family_category(family) == category) {
                restricted = !allow_list;
            }
        }
        auto decided_category = decided.find(category);
        const AppliedAssignment* by =
            decided_category != decided.end() ? decided_category->second : start;
        inputs.flags[field] = {restricted, deciders_of("RestrictAddressFamilies", by)};
    }
}

// One IPAddressAllow=/IPAddressDeny= entry reduced to what the assessment needs.
struct IpPrefix {
    int family = AF_UNSPEC;
    int length = 0;
    bool localhost = false;
};

std::vector<IpPrefix> parse_ip_word(std::string_view word) {
    if (word == "any") return {{AF_INET, 0, false}, {AF_INET6, 0, false}};
    if (word == "localhost") return {{AF_INET, 8, true}, {AF_INET6, 128, true}};
    if (word == "link-local") return {{AF_INET, 16, false}, {AF_INET6, 64, false}};
    if (word == "multicast") return {{AF_INET, 4, false}, {AF_INET6, 8, false}};

    std::string address(word.substr(0, word.find('/')));
    IpPrefix prefix;
    unsigned char bytes[16] = {};
    if (inet_pton(AF_INET, address.c_str(), bytes) == 1) {
        prefix = {AF_INET, 32, false};
    } else if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) {
        prefix = {AF_INET6, 128, false};
    } else {
        return {};
    }

    if (std::size_t slash = word.find('/'); slash != std::string_view::npos) {
        int length = 0;
        for (char c : word.substr(slash + 1)) {
            if (c < '0' || c > '9') return {};
            length = length * 10 + (c - '0');
        }
        if (length > prefix.length) return {};
        prefix.length = length;
    }
    // systemd masks the host bits off before it looks at the address, so 127.0.0.1/0 is
    // 0.0.0.0/0 and does not count as localhost.
    for (int bit = prefix.length; bit < (prefix.family == AF_INET ? 32 : 128); ++bit) {
        bytes[bit / 8] &= static_cast<unsigned char>(~(0x80U >> (bit % 8)));
    }
    if (prefix.family == AF_INET) {
        prefix.localhost = bytes[0] == 127;
    } else {
        static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                    0, 0, 0, 0, 0, 0, 0, 1};
        prefix.localhost = std::memcmp(bytes, kLoopback, 16) == 0;
    }
    return {prefix};
}

void derive_ip_access(SecurityInputs& inputs, const Settings& settings) {
    const Setting* deny = settings.find("IPAddressDeny");
    bool deny_v4 = false;
    bool deny_v6 = false;
    for (const std::string& word : live_words(deny)) {
        for (const IpPrefix& prefix : parse_ip_word(word)) {
            if (prefix.length != 0) continue;
            (prefix.family == AF_INET ? deny_v4 : deny_v6) = true;
        }
    }
    inputs.ip_address_deny_all = {deny_v4 && deny_v6, live_deciders("IPAddressDeny", deny)};
    if (inputs.ip_address_deny_all.deciders.empty()) {
        inputs.ip_address_deny_all.deciders = deciders_of("IPAddressDeny", last_applied(deny));
    }

    const Setting* allow = settings.find("IPAddressAllow");
    std::vector<DecidingAssignment> allow_deciders = live_deciders("IPAddressAllow", allow);
    inputs.ip_address_allow_localhost.deciders = allow_deciders;
    inputs.ip_address_allow_other.deciders = allow_deciders;
    for (const std::string& word : live_words(allow)) {
        for (const IpPrefix& prefix : parse_ip_word(word)) {
            (prefix.localhost ? inputs.ip_address_allow_localhost : inputs.ip_address_allow_other)
                .value = true;
        }
    }

    for (std::string_view directive : {"IPIngressFilterPath", "IPEgressFilterPath"}) {
        const Setting* filter = settings.find(directive);
        if (live_words(filter).empty()) continue;
        inputs.ip_filters_custom.value = true;
        std::vector<DecidingAssignment> deciders = live_deciders(directive, filter);
        inputs.ip_filters_custom.deciders.insert(inputs.ip_filters_custom.deciders.end(),
                                                 deciders.begin(), deciders.end());
    }
}

void derive_devices(SecurityInputs& inputs, const Settings& settings) {
    inputs.device_policy = word_fact(settings, "DevicePolicy", "auto");
    const Fact<bool>& private_devices = inputs.flags["private_devices"];
    if (inputs.device_policy.value == "auto" && private_devices.value) {
        inputs.device_policy.value = "closed";
        inputs.device_policy.deciders = private_devices.deciders;
        for (DecidingAssignment& decider : inputs.device_policy.deciders) {
            decider.note = "PrivateDevices=yes turns DevicePolicy=auto into closed";
        }
    }

    const Setting* allow = settings.find("DeviceAllow");
    if (allow != nullptr) {
        for (const AppliedAssignment& assignment : allow->history) {
            if (!assignment.live || assignment.value.empty()) continue;
            inputs.device_allow.value.push_back(assignment.value);
            inputs.device_allow.deciders.push_back({"DeviceAllow", &assignment, {}});
        }
    }
    // With a device policy in force, the loader adds rules of its own.
    bool policy = inputs.device_policy.value != "auto" || !inputs.device_allow.value.empty();
    if (!policy) return;
    const Fact<bool>& protect_clock = inputs.flags["protect_clock"];
    if (protect_clock.value) {
        inputs.device_allow.value.emplace_back("char-rtc r");
        for (DecidingAssignment decider : protect_clock.deciders) {
            decider.note = "ProtectClock=yes allows reading the real-time clock devices";
            inputs.device_allow.deciders.push_back(std::move(decider));
        }
    }
    if (!inputs.root_image.value.empty()) {
        inputs.device_allow.value.emplace_back("/dev/loop-control rw");
        for (DecidingAssignment decider : inputs.root_image.deciders) {
            decider.note = "RootImage= allows the loop devices";
            inputs.device_allow.deciders.push_back(std::move(decider));
        }
    }
}

void derive_architectures(SecurityInputs& inputs, const Settings& settings) {
    const Setting* setting = settings.find("SystemCallArchitectures");
    std::vector<std::string> words = live_words(setting);
    inputs.system_call_architectures.value = {words.begin(), words.end()};
    inputs.system_call_architectures.deciders =
        live_deciders("SystemCallArchitectures", setting);
    if (inputs.system_call_architectures.deciders.empty()) {
        inputs.system_call_architectures.deciders =
            deciders_of("SystemCallArchitectures", last_applied(setting));
    }
}

// Adds or removes one SystemCallFilter= entry, a name or a @group, for assignment `index`.
void apply_syscall_entry(SyscallFilter& filter, const SyscallGroupTable& table,
                         std::string_view entry, bool invert, std::size_t index) {
    std::string_view name = entry.substr(0, entry.find(':'));
    // systemd 252 ignores an errno on an allow-list entry, and with it the entry.
    if (name.size() != entry.size() && !invert) return;
    std::span<const std::string_view> members(&name, 1);
    if (!name.empty() && name.front() == '@') members = expanded_group_members(table, name);
    // An entry with the list's own polarity adds, the other one removes.
    bool remove = invert == filter.allow_list;
    for (std::string_view member : members) {
        std::optional<std::size_t> position = x86_64_syscall_index(member);
        if (!position) continue;
        SyscallFilter::Entry& verdict = filter.entries[*position];
        verdict.listed = !remove;
        verdict.decided_by = index;
    }
}

// SystemCallFilter=, replayed over the live assignments (the ones after the last reset):
// the first one decides between allow and deny list, and an allow list always admits the
// @default group, which the service manager itself needs.
void derive_syscall_filter(SecurityInputs& inputs, const Settings& settings, Model model) {
    SyscallFilter& filter = inputs.system_call_filter;
    filter.setting = settings.find("SystemCallFilter");
    if (filter.setting == nullptr) return;
    filter.entries.resize(data::kX86_64Syscalls.size());
    const SyscallGroupTable& table = syscall_group_table(model_target_version(model));
    bool started = false;
    for (std::size_t index = 0; index < filter.setting->history.size(); ++index) {
        const AppliedAssignment& assignment = filter.setting->history[index];
        if (!assignment.live || assignment.value.empty()) continue;
        std::string_view text = assignment.value;
        bool invert = text.front() == '~';
        if (invert) text.remove_prefix(1);
        if (!started) {
            started = true;
            filter.allow_list = !invert;
            if (filter.allow_list) apply_syscall_entry(filter, table, "@default", false, index);
        }
        for (std::string_view word : split_words(text)) {
            apply_syscall_entry(filter, table, word, invert, index);
        }
    }
}

}  // namespace

bool SyscallFilter::lists(std::string_view syscall) const {
    std::optional<std::size_t> position = x86_64_syscall_index(syscall);
    return position && *position < entries.size() && entries[*position].listed;
}

bool SyscallFilter::lists_none() const {
    return std::none_of(entries.begin(), entries.end(),
                        [](const Entry& verdict) { return verdict.listed; });
}

std::optional<std::size_t> SyscallFilter::decided_by(std::string_view syscall) const {
    std::optional<std::size_t> position = x86_64_syscall_index(syscall);
    if (!position || *position >= entries.size()) return std::nullopt;
    return entries[*position].decided_by;
}

Decider make_decider(std::string_view directive, const AppliedAssignment& assignment,
                     std::string note) {
    return {std::string(directive), assignment.path, assignment.line, assignment.value,
            std::move(note)};
}

Decider make_decider(const DecidingAssignment& source) {
    return make_decider(source.directive, *source.assignment, source.note);
}

SecurityInputs derive_inputs(const Settings& settings, const InputOptions& options) {
    SecurityInputs inputs;
    derive_identity(inputs, settings);
    derive_flags(inputs, settings, options);
    derive_words(inputs, settings, options);
    apply_dynamic_user(inputs);
    if (options.model == Model::Unitguard) apply_run_time_values(inputs, settings);
    derive_capabilities(inputs, settings);
    derive_namespaces(inputs, settings, options.model);
    derive_address_families(inputs, settings);
    derive_ip_access(inputs, settings);
    derive_devices(inputs, settings);
    derive_architectures(inputs, settings);
    derive_syscall_filter(inputs, settings, options.model);
    return inputs;
}

}  // namespace unitguard::rules::exposure
