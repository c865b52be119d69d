// SPDX-License-Identifier: MIT
// Tests for reading kernel parameters from a /proc/sys tree.
#include "drift/proc_sys.hpp"

#include <string>

#include <doctest/doctest.h>

using unitguard::drift::normalize_sysctl_value;
using unitguard::drift::ProcSysValue;
using unitguard::drift::read_proc_sys;

namespace {

std::string tree(const std::string& name) {
    return std::string(UG_SOURCE_DIR) + "/fixtures/drift/" + name;
}

}  // namespace

TEST_SUITE("drift") {
    TEST_CASE("proc sys - value without the newline") {
        ProcSysValue value = read_proc_sys(tree("proc-sys"), "kernel.yama.ptrace_scope");
        CHECK(value.status == ProcSysValue::Status::Present);
        CHECK(value.value == "2");
        CHECK(value.path == tree("proc-sys") + "/kernel/yama/ptrace_scope");
    }

    TEST_CASE("proc sys - slash spelling reads the same file") {
        ProcSysValue value = read_proc_sys(tree("proc-sys"), "kernel/yama/ptrace_scope");
        CHECK(value.key == "kernel.yama.ptrace_scope");
        CHECK(value.value == "2");
    }

    TEST_CASE("proc sys - tabs between fields become spaces") {
        ProcSysValue value = read_proc_sys(tree("proc-sys"), "net.ipv4.tcp_rmem");
        CHECK(value.value == "4096 131072 6291456");
        CHECK(normalize_sysctl_value("  4096   131072\t6291456 ") == "4096 131072 6291456");
    }

    TEST_CASE("proc sys - kernel without yama") {
        ProcSysValue value = read_proc_sys(tree("proc-sys-no-yama"), "kernel.yama.ptrace_scope");
        CHECK(value.status == ProcSysValue::Status::Missing);
        CHECK(value.value == "");
    }
}
