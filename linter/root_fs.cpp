// SPDX-License-Identifier: MIT
// Contained path resolution and reading below a root directory.
#include "linter/root_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace unitguard::linter {
namespace {

// Splits an absolute path into its components, dropping empty ones and ".".
std::vector<std::string> split_components(std::string_view path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (!part.empty() && part != ".") parts.emplace_back(part);
        start = end + 1;
    }
    return parts;
}

std::string join_components(const std::vector<std::string>& parts) {
    if (parts.empty()) return "/";
    std::string out;
    for (const auto& part : parts) {
        out += '/';
        out += part;
    }
    return out;
}

FileType type_of(const struct stat& st) {
    if (S_ISREG(st.st_mode)) return FileType::Regular;
    if (S_ISDIR(st.st_mode)) return FileType::Directory;
    if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)) return FileType::DevNull;
    return FileType::Other;
}

}  // namespace

std::string join_path(std::string_view directory, std::string_view name) {
    std::string out(directory);
    if (out.empty() || out.back() != '/') out += '/';
    while (!name.empty() && name.front() == '/') name.remove_prefix(1);
    out += name;
    return out;
}

RootFs::RootFs(std::string root) : root_(std::move(root)) {
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
    // assign(1, ...) rather than = "/" avoids a false -Wrestrict warning of GCC 12.
    if (root_.empty()) root_.assign(1, '/');
}

std::string RootFs::host_path(std::string_view inner) const {
    if (root_ == "/") return std::string(inner.empty() ? "/" : inner);
    return join_path(root_, inner);
}

Expected<ResolvedPath> RootFs::resolve(std::string_view inner) const {
    const std::vector<std::string> requested = split_components(inner);
    const bool climbs = std::find(requested.begin(), requested.end(), "..") != requested.end();
    if (auto known = resolved_directories_.find(join_components(requested));
        known != resolved_directories_.end()) {
        return ResolvedPath{known->second, FileType::Directory, 0};
    }
    if (!climbs && !missing_paths_.empty()) {
        std::string prefix;
        for (const std::string& part : requested) {
            prefix += '/';
            prefix += part;
            if (missing_paths_.count(prefix) != 0) {
                return ResolvedPath{join_components(requested), FileType::Missing, 0};
            }
        }
    }

    // Components still to walk, in reverse so that symlink targets can be pushed on top.
    std::vector<std::string> pending(requested.rbegin(), requested.rend());
    std::vector<std::string> done;
    int hops = 0;
    if (!requested.empty() && requested.back() != "..") {
        std::vector<std::string> parent(requested.begin(), requested.end() - 1);
        auto cached = resolved_directories_.find(join_components(parent));
        if (cached != resolved_directories_.end()) {
            done = split_components(cached->second);
            pending.assign(1, requested.back());
        }
    }
    // Status of the last component walked, when it is the end of the resolved path.
    struct stat last {};
    bool have_last = false;

    while (!pending.empty()) {
        std::string part = std::move(pending.back());
        pending.pop_back();
        if (part == "..") {
            if (!done.empty()) done.pop_back();
            have_last = false;
            continue;
        }
        done.push_back(part);
        if (done.size() > kMaxPathDepth) {
            return Error{fmt::format("'{}' leads more than {} directories deep inside the root",
                                     inner, kMaxPathDepth),
                         {}};
        }
        std::string walked = join_components(done);
        if (::lstat(host_path(walked).c_str(), &last) != 0) {
            if (errno != ENOENT && errno != ENOTDIR) {
                return Error{fmt::format("failed to access '{}': {}", walked,
                                         std::strerror(errno)),
                             {}};
            }
            // Every component of `done` before this one is a directory and no symlink,
            // so any later path that starts with `walked` fails here too.
            missing_paths_.insert(walked);
            // Keep the remaining components so the caller sees the full missing path.
            while (!pending.empty()) {
                if (pending.back() != "..") done.push_back(pending.back());
                pending.pop_back();
            }
            return ResolvedPath{join_components(done), FileType::Missing, 0};
        }
        have_last = !S_ISLNK(last.st_mode);
        if (S_ISDIR(last.st_mode)) {
            // A directory reached without a symlink in its own path resolves to itself.
            resolved_directories_.try_emplace(walked, walked);
        }
        if (!S_ISLNK(last.st_mode)) continue;

        if (++hops > kMaxSymlinkHops) {
            return Error{fmt::format("symlink loop or more than {} levels of symbolic links "
                                     "resolving '{}'",
                                     kMaxSymlinkHops, inner),
                         {}};
        }
        std::optional<std::string> target = read_link(walked);
        if (!target) {
            return Error{fmt::format("failed to read symbolic link '{}'", walked), {}};
        }
        // systemd compares the link text with /dev/null, so such a link masks even in a
        // root without /dev.
        if (*target == "/dev/null") {
            if (pending.empty()) return ResolvedPath{"/dev/null", FileType::DevNull, 0};
            return ResolvedPath{"/dev/null", FileType::Missing, 0};
        }
        done.pop_back();
        if (!target->empty() && target->front() == '/') done.clear();
        std::vector<std::string> target_parts = split_components(*target);
        for (auto it = target_parts.rbegin(); it != target_parts.rend(); ++it) {
            pending.push_back(*it);
        }
    }

    std::string resolved = join_components(done);
    if (!have_last && ::stat(host_path(resolved).c_str(), &last) != 0) {
        return ResolvedPath{resolved, FileType::Missing, 0};
    }
    FileType type = type_of(last);
    if (type == FileType::Directory) {
        resolved_directories_.emplace(join_components(requested), resolved);
    }
    return ResolvedPath{resolved, type, static_cast<std::uint64_t>(last.st_size)};
}

std::optional<std::string> RootFs::read_link(std::string_view inner) const {
    std::string host = host_path(inner);
    std::string buffer(4096, '\0');
    ssize_t length = ::readlink(host.c_str(), buffer.data(), buffer.size());
    if (length < 0 || static_cast<std::size_t>(length) >= buffer.size()) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(length));
    return buffer;
}

std::vector<DirEntry> RootFs::list_directory(std::string_view inner) const {
    std::vector<DirEntry> entries;
    Expected<ResolvedPath> resolved = resolve(inner);
    if (!resolved || resolved->type != FileType::Directory) return entries;
    if (auto cached = listings_.find(resolved->path); cached != listings_.end()) {
        return cached->second;
    }

    DIR* dir = ::opendir(host_path(resolved->path).c_str());
    if (dir == nullptr) return entries;
    while (struct dirent* entry = ::readdir(dir)) {
        std::string_view name = entry->d_name;
        if (name == "." || name == "..") continue;
        bool is_symlink = entry->d_type == DT_LNK;
        if (entry->d_type == DT_UNKNOWN) {
            struct stat st {};
            std::string host = join_path(host_path(resolved->path), name);
            is_symlink = ::lstat(host.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
        }
        entries.push_back(DirEntry{std::string(name), is_symlink});
    }
    ::closedir(dir);
    std::sort(entries.begin(), entries.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    listings_.emplace(resolved->path, entries);
    return entries;
}

Expected<std::string> RootFs::read_file(std::string_view inner) const {
    Expected<ResolvedPath> resolved = resolve(inner);
    if (!resolved) return resolved.error();
    switch (resolved->type) {
        case FileType::Missing:
            if (resolved->path != join_components(split_components(inner))) {
                return Error{fmt::format("'{}' is a symlink to '{}', which does not exist "
                                         "inside the root",
                                         inner, resolved->path),
                             {}};
            }
            return Error{fmt::format("'{}' does not exist", inner), {}};
        case FileType::DevNull:
            return std::string();
        case FileType::Directory:
            return Error{fmt::format("'{}' is a directory, not a unit file", inner), {}};
        case FileType::Other:
            return Error{fmt::format("'{}' is not a regular file", inner), {}};
        case FileType::Regular:
            break;
    }
    if (resolved->size > kMaxUnitFileSize) {
        return Error{fmt::format("'{}' is {} bytes, more than the maximum of {} bytes", inner,
                                 resolved->size, kMaxUnitFileSize),
                     {}};
    }

    // O_NONBLOCK keeps a FIFO swapped in after the check from blocking the open.
    int fd = ::open(host_path(resolved->path).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return Error{fmt::format("failed to open '{}': {}", inner, std::strerror(errno)), {}};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error{fmt::format("'{}' is not a regular file", inner), {}};
    }
    std::string content;
    content.resize(static_cast<std::size_t>(st.st_size));
    std::size_t filled = 0;
    while (filled < content.size()) {
        ssize_t got = ::read(fd, content.data() + filled, content.size() - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int saved = errno;
            ::close(fd);
            return Error{fmt::format("failed to read '{}': {}", inner, std::strerror(saved)), {}};
        }
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    content.resize(filled);
    ::close(fd);
    return content;
}

}  // namespace unitguard::linter
