// SPDX-License-Identifier: MIT
// Reads kernel parameters from /proc/sys.
#include "drift/proc_sys.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <filesystem>

#include "drift/sysctl_d.hpp"

namespace unitguard::drift {

std::string normalize_sysctl_value(std::string_view value) {
    std::string result;
    bool pending_space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pending_space = !result.empty();
            continue;
        }
        if (pending_space) result += ' ';
        pending_space = false;
        result += c;
    }
    return result;
}

ProcSysValue read_proc_sys(const std::string& proc_sys_dir, std::string_view key) {
    ProcSysValue result;
    result.key = normalize_sysctl_key(key);
    result.path = proc_sys_dir + "/" + sysctl_key_to_path(result.key);

    std::error_code error;
    if (!std::filesystem::exists(result.path, error)) {
        result.status = ProcSysValue::Status::Missing;
        return result;
    }
    std::ifstream file(result.path);
    if (!file) {
        result.status = ProcSysValue::Status::Unreadable;
        result.error = std::strerror(errno);
        return result;
    }
    std::ostringstream content;
    content << file.rdbuf();
    if (file.bad()) {
        result.status = ProcSysValue::Status::Unreadable;
        result.error = "read error";
        return result;
    }
    result.status = ProcSysValue::Status::Present;
    result.value = normalize_sysctl_value(content.str());
    return result;
}

}  // namespace unitguard::drift
