// SPDX-License-Identifier: MIT
// Specifier expansion following the specifier table of systemd 252.
#include "linter/specifiers.hpp"

#include <pwd.h>
#include <grp.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fmt/format.h>

#include "rules/specifier_table.hpp"

namespace unitguard::linter {
namespace {

std::string trim(std::string_view text) {
    std::size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    std::size_t end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

std::string read_first_line(const RootFs& root, std::string_view path) {
    Expected<std::string> content = root.read_file(path);
    if (!content) return {};
    std::string_view text = *content;
    return trim(text.substr(0, text.find('\n')));
}

// Returns the value of `key` in os-release text, quotes removed.
std::string os_release_value(std::string_view text, std::string_view key) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.size() <= key.size() || line.substr(0, key.size()) != key ||
            line[key.size()] != '=') {
            continue;
        }
        std::string value = trim(line.substr(key.size() + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        return value;
    }
    return {};
}

std::string native_architecture() {
#if defined(__x86_64__)
    return "x86-64";
#elif defined(__i386__)
    return "x86";
#elif defined(__aarch64__)
    return "arm64";
#else
    struct utsname uts {};
    return ::uname(&uts) == 0 ? uts.machine : "";
#endif
}

// The "prefix" specifiers: %j is the part after the last dash of the prefix.
std::string last_prefix_component(const std::string& prefix) {
    std::size_t dash = prefix.rfind('-');
    return dash == std::string::npos ? prefix : prefix.substr(dash + 1);
}

}  // namespace

SpecifierContext make_specifier_context(const RootFs& root, const UnitName& unit,
                                        bool user_scope) {
    SpecifierContext context;
    context.unit = unit;
    context.user_scope = user_scope;
    context.hostname = read_first_line(root, "/etc/hostname");
    context.machine_id = read_first_line(root, "/etc/machine-id");
    Expected<std::string> os_release = root.read_file("/etc/os-release");
    if (!os_release) os_release = root.read_file("/usr/lib/os-release");
    if (os_release) {
        context.os_id = os_release_value(*os_release, "ID");
        context.os_version_id = os_release_value(*os_release, "VERSION_ID");
        context.os_build_id = os_release_value(*os_release, "BUILD_ID");
        context.os_variant_id = os_release_value(*os_release, "VARIANT_ID");
    }
    struct utsname uts {};
    if (::uname(&uts) == 0) {
        context.kernel_release = uts.release;
        if (context.hostname.empty()) context.hostname = uts.nodename;
    }
    context.architecture = native_architecture();

    // %u, %h and friends describe the user the service manager runs as (since v228),
    // which for the system manager is root.
    uid_t uid = user_scope ? ::getuid() : 0;
    gid_t gid = user_scope ? ::getgid() : 0;
    context.user_id = std::to_string(uid);
    context.group_id = std::to_string(gid);
    context.user_name = uid == 0 ? "root" : context.user_id;
    context.group_name = gid == 0 ? "root" : context.group_id;
    context.home = uid == 0 ? "/root" : "";
    context.shell = "/bin/sh";
    if (user_scope) {
        if (const struct passwd* entry = ::getpwuid(uid)) {
            context.user_name = entry->pw_name;
            context.home = entry->pw_dir;
            context.shell = entry->pw_shell;
        }
        if (const struct group* entry = ::getgrgid(gid)) context.group_name = entry->gr_name;
        if (const char* runtime = ::getenv("XDG_RUNTIME_DIR")) context.runtime_dir = runtime;
    } else if (const struct passwd* entry = ::getpwuid(0)) {
        context.shell = entry->pw_shell;
    }
    return context;
}

Expected<std::string> expand_specifiers(std::string_view text, const SpecifierContext& context,
                                        bool* too_long) {
    if (too_long != nullptr) *too_long = false;
    auto length_error = [&](std::size_t offset) {
        if (too_long != nullptr) *too_long = true;
        return Error{fmt::format("value is longer than the maximum of {} bytes after "
                                 "specifier expansion",
                                 kMaxExpandedLength),
                     {{}, 0, static_cast<int>(offset), 0}};
    };
    const UnitName& unit = context.unit;
    const bool user = context.user_scope;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 1 >= text.size()) {
            return Error{"value ends in a lone '%'; write '%%' for a literal percent sign",
                         {{}, 0, static_cast<int>(i), 0}};
        }
        char letter = text[++i];
        const rules::SpecifierInfo* info = rules::find_specifier(letter);
        if (letter != '%' && (info == nullptr || info->added_in > context.target_version)) {
            std::string message =
                info == nullptr
                    ? fmt::format("unknown specifier '%{}'", letter)
                    : fmt::format("specifier '%{}' is unknown to systemd {} (added in {})",
                                  letter, context.target_version, info->added_in);
            return Error{std::move(message), {{}, 0, static_cast<int>(i - 1), 0}};
        }
        switch (letter) {
            case '%': out += '%'; break;
            case 'n': out += unit.full(); break;
            case 'N': out += unit.without_type(); break;
            case 'p': out += unit.prefix; break;
            case 'P': out += unescape_unit_name_part(unit.prefix); break;
            case 'i': out += unit.instance; break;
            case 'I': out += unescape_unit_name_part(unit.instance); break;
            case 'j': out += last_prefix_component(unit.prefix); break;
            case 'J': out += unescape_unit_name_part(last_prefix_component(unit.prefix)); break;
            case 'f': {
                std::string part = unit.is_instance ? unescape_unit_name_part(unit.instance)
                                                    : unescape_unit_name_part(unit.prefix);
                out += part.empty() || part.front() != '/' ? "/" + part : part;
                break;
            }
            case 'a': out += context.architecture; break;
            case 'b': break;  // boot ID: unknown offline, expands to nothing
            case 'B': out += context.os_build_id; break;
            case 'A': break;  // IMAGE_VERSION=: not set on ordinary systems
            case 'M': break;  // IMAGE_ID=: not set on ordinary systems
            case 'H': out += context.hostname; break;
            case 'l': out += context.hostname.substr(0, context.hostname.find('.')); break;
            case 'q': out += context.hostname.substr(0, context.hostname.find('.')); break;
            case 'm': out += context.machine_id; break;
            case 'o': out += context.os_id; break;
            case 'w': out += context.os_version_id; break;
            case 'W': out += context.os_variant_id; break;
            case 'v': out += context.kernel_release; break;
            case 'u': out += context.user_name; break;
            case 'U': out += context.user_id; break;
            case 'g': out += context.group_name; break;
            case 'G': out += context.group_id; break;
            case 'h': out += context.home; break;
            case 's': out += context.shell; break;
            case 'T': out += "/tmp"; break;
            case 'V': out += "/var/tmp"; break;
            case 'E': out += user ? context.home + "/.config" : "/etc"; break;
            case 'S': out += user ? context.home + "/.local/state" : "/var/lib"; break;
            case 'C': out += user ? context.home + "/.cache" : "/var/cache"; break;
            case 'L': out += user ? context.home + "/.local/state/log" : "/var/log"; break;
            case 't': out += user ? context.runtime_dir : "/run"; break;
            case 'd':
                out += fmt::format("{}/credentials/{}", user ? context.runtime_dir : "/run",
                                   unit.full());
                break;
            case 'y': break;  // fragment path: filled in by the caller when it matters
            case 'Y': break;
            case 'c': case 'r': case 'R': break;  // cgroup paths: deprecated, runtime only
            default:
                return Error{fmt::format("unknown specifier '%{}'", letter),
                             {{}, 0, static_cast<int>(i - 1), 0}};
        }
        // Stop at the first specifier past the limit, so that a short value repeating a
        // long expansion never builds a huge string.
        if (out.size() > kMaxExpandedLength) return length_error(i - 1);
    }
    if (out.size() > kMaxExpandedLength) return length_error(0);
    return out;
}

}  // namespace unitguard::linter
