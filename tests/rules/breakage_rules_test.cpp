// SPDX-License-Identifier: MIT
// End-to-end tests of the breakage rules on --root trees built at test time: program files
// with ELF headers, setuid bits, symlinks and sudoers rules, which fixture directories of
// unit files alone cannot hold.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <array>
#include <cstdio>
#include <source_location>
#include <string>
#include <vector>

#include "rules/breakage/elf_header.hpp"
#include "tests/linter/temp_tree.hpp"

using unitguard::rules::breakage::host_syscall_architecture;
using unitguard::testing::TempTree;

namespace {

// The first 52 bytes of a 32-bit little-endian i386 executable: ELF identification,
// ET_EXEC, EM_386, version 1, entry 0x08048054, program headers at offset 52.
const std::string kI386Header(
    "\x7f"
    "ELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x02\x00\x03\x00\x01\x00\x00\x00\x54\x80\x04\x08\x34\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x34\x00\x20\x00\x01\x00\x00\x00"
    "\x00\x00\x00\x00",
    52);

// Runs `unitguard check` on `units` below `tree` and returns everything it prints.
std::string run_check(const TempTree& tree, const std::string& units, const std::string& flags) {
    tree.write("/policy.toml", "schema = 1\n");
    std::string command = std::string(UG_BINARY) + " check --color never -q --policy " +
                          tree.root() + "/policy.toml --root " + tree.root() + " " + flags + " " +
                          units + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    std::string output;
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
    ::pclose(pipe);
    return output;
}

// Returns the finding lines ("path:line:col: severity: message [ID name]") of the UG2xx
// rules in `output`, with the tree's root taken off the front.
std::vector<std::string> finding_lines(const TempTree& tree, const std::string& output) {
    std::vector<std::string> lines;
    std::size_t position = 0;
    while (position < output.size()) {
        std::size_t end = output.find('\n', position);
        if (end == std::string::npos) end = output.size();
        std::string line = output.substr(position, end - position);
        if (line.rfind(tree.root() + "/", 0) == 0 && line.find(" [UG2") != std::string::npos) {
            lines.push_back(line.substr(tree.root().size() + 1));
        }
        position = end + 1;
    }
    return lines;
}

std::vector<std::string> findings(const TempTree& tree, const std::string& units,
                                  const std::string& flags = "--target-systemd 252") {
    return finding_lines(tree, run_check(tree, units, flags));
}

void check_single(const std::vector<std::string>& lines, const std::string& expected,
                  std::source_location where = std::source_location::current()) {
    INFO("checked from line " << where.line());
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == expected);
}

std::string native_description() {
    return "'native' (" + std::string(host_syscall_architecture()) + ")";
}

}  // namespace

TEST_SUITE("breakage") {
    TEST_CASE("syscall architectures - i386 program under native only") {
        TempTree tree;
        tree.write("/usr/local/bin/legacy-server", kI386Header);
        tree.write("/etc/systemd/system/legacy.service",
                   "[Service]\n"
                   "ExecStart=/usr/local/bin/legacy-server --port 27015\n"
                   "SystemCallArchitectures=native\n");
        check_single(findings(tree, "legacy.service"),
                     "etc/systemd/system/legacy.service:3:1: error: SystemCallArchitectures= "
                     "allows only " +
                         native_description() +
                         ", but '/usr/local/bin/legacy-server' in ExecStart= at " + tree.root() +
                         "/etc/systemd/system/legacy.service:2 is built for 'x86'; the kernel "
                         "kills it with SIGSYS (status=31/SYS) on its first system call "
                         "[UG205 syscall-architectures-exclude-binary]");
    }

    TEST_CASE("syscall architectures - x86 listed next to native") {
        TempTree tree;
        tree.write("/usr/local/bin/legacy-server", kI386Header);
        tree.write("/etc/systemd/system/legacy.service",
                   "[Service]\n"
                   "ExecStart=/usr/local/bin/legacy-server\n"
                   "SystemCallArchitectures=native\n"
                   "SystemCallArchitectures=x86\n");
        CHECK(findings(tree, "legacy.service").empty());
    }

    TEST_CASE("syscall architectures - script run by an i386 interpreter behind a symlink") {
        TempTree tree;
        tree.write("/opt/legacy/interpreter", kI386Header);
        tree.link("/usr/bin/legacy-sh", "../../opt/legacy/interpreter");
        tree.write("/usr/local/bin/start-server", "#!/usr/bin/legacy-sh\nrun\n");
        tree.write("/etc/systemd/system/legacy.service",
                   "[Service]\n"
                   "ExecStart=start-server\n"
                   "SystemCallArchitectures=native\n");
        check_single(findings(tree, "legacy.service"),
                     "etc/systemd/system/legacy.service:3:1: error: SystemCallArchitectures= "
                     "allows only " +
                         native_description() + ", but 'start-server' (a script run by '" +
                         tree.root() + "/opt/legacy/interpreter') in ExecStart= at " + tree.root() +
                         "/etc/systemd/system/legacy.service:2 is built for 'x86'; the kernel "
                         "kills it with SIGSYS (status=31/SYS) on its first system call "
                         "[UG205 syscall-architectures-exclude-binary]");
    }

    TEST_CASE("no new privileges - sudoers rule for the service's user") {
        TempTree tree;
        tree.write("/etc/sudoers.d/panel",
                   "# the panel restarts the game\n"
                   "panel ALL=(root) NOPASSWD: /usr/bin/systemctl restart game.service\n");
        tree.write("/etc/systemd/system/panel.service",
                   "[Service]\n"
                   "User=panel\n"
                   "ExecStart=/usr/bin/python3 /srv/panel/main.py\n");
        tree.write("/etc/systemd/system/panel.service.d/50-hardening.conf",
                   "[Service]\n"
                   "ProtectClock=yes\n");
        check_single(findings(tree, "panel.service"),
                     "etc/systemd/system/panel.service.d/50-hardening.conf:2:1: error: "
                     "panel.service: NoNewPrivileges= is implied by ProtectClock= at " +
                         tree.root() +
                         "/etc/systemd/system/panel.service.d/50-hardening.conf:2, so sudo "
                         "(granted to 'panel' by " +
                         tree.root() +
                         "/etc/sudoers.d/panel:2) cannot gain privileges "
                         "[UG202 no-new-privileges-blocks-setuid]");
    }

    TEST_CASE("no new privileges - sudoers rule for a group of the user database") {
        TempTree tree;
        tree.write("/etc/passwd", "panel:x:1001:1001::/srv/panel:/usr/sbin/nologin\n");
        tree.write("/etc/group", "panel:x:1001:\noperators:x:1002:alice,panel\n");
        tree.write("/etc/sudoers", "%operators ALL=(ALL) ALL\n");
        tree.write("/etc/systemd/system/panel.service",
                   "[Service]\n"
                   "User=panel\n"
                   "ExecStart=/usr/bin/python3 /srv/panel/main.py\n"
                   "NoNewPrivileges=yes\n");
        check_single(findings(tree, "panel.service"),
                     "etc/systemd/system/panel.service:4:1: error: NoNewPrivileges=yes is set at " +
                         tree.root() +
                         "/etc/systemd/system/panel.service:4, so sudo (granted to "
                         "'%operators' by " +
                         tree.root() +
                         "/etc/sudoers:1) cannot gain "
                         "privileges [UG202 no-new-privileges-blocks-setuid]");
    }

    TEST_CASE("no new privileges - no sudoers rule names the user") {
        TempTree tree;
        tree.write("/etc/sudoers", "root ALL=(ALL:ALL) ALL\nALL ALL=(ALL) /usr/bin/true\n");
        tree.write("/etc/sudoers.d/panel.bak", "panel ALL=(ALL) ALL\n");
        tree.write("/etc/systemd/system/panel.service",
                   "[Service]\n"
                   "User=panel\n"
                   "ExecStart=/usr/bin/python3 /srv/panel/main.py\n"
                   "NoNewPrivileges=yes\n");
        CHECK(findings(tree, "panel.service").empty());
    }

    TEST_CASE("no new privileges - program with the setuid bit inside the root") {
        TempTree tree;
        tree.write("/usr/local/libexec/mount-helper", "#!/bin/sh\n");
        REQUIRE(::chmod((tree.root() + "/usr/local/libexec/mount-helper").c_str(), 04755) == 0);
        tree.write("/usr/local/libexec/plain-helper", "#!/bin/sh\n");
        tree.write("/etc/systemd/system/backup.service",
                   "[Service]\n"
                   "User=backup\n"
                   "ExecStartPre=/usr/local/libexec/plain-helper\n"
                   "ExecStart=/usr/local/libexec/mount-helper /mnt/backup\n"
                   "RestrictNamespaces=yes\n");
        check_single(findings(tree, "backup.service"),
                     "etc/systemd/system/backup.service:5:1: error: NoNewPrivileges= is implied by "
                     "RestrictNamespaces= at " +
                         tree.root() +
                         "/etc/systemd/system/backup.service:5, so "
                         "'/usr/local/libexec/mount-helper' in ExecStart= at " +
                         tree.root() +
                         "/etc/systemd/system/backup.service:4 cannot gain privileges "
                         "[UG202 no-new-privileges-blocks-setuid]");
    }

    TEST_CASE("no new privileges - program with file capabilities inside the root") {
        TempTree tree;
        tree.write("/usr/local/bin/prober", "#!/bin/sh\n");
        // A VFS_CAP_REVISION_2 value granting cap_net_raw (bit 13) as permitted and effective.
        const std::array<unsigned char, 20> capability = {0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00,
                                                          0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                                          0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
        std::string path = tree.root() + "/usr/local/bin/prober";
        if (::setxattr(path.c_str(), "security.capability", capability.data(), capability.size(),
                       0) != 0) {
            MESSAGE("cannot set security.capability here (needs CAP_SETFCAP), skipping");
            return;
        }
        tree.write("/etc/systemd/system/probe.service",
                   "[Service]\n"
                   "DynamicUser=yes\n"
                   "ExecStart=/usr/local/bin/prober 192.0.2.1\n");
        check_single(findings(tree, "probe.service"),
                     "etc/systemd/system/probe.service:2:1: error: NoNewPrivileges= is implied by "
                     "DynamicUser= at " +
                         tree.root() +
                         "/etc/systemd/system/probe.service:2, so '/usr/local/bin/prober' in "
                         "ExecStart= at " +
                         tree.root() +
                         "/etc/systemd/system/probe.service:3 cannot gain privileges "
                         "[UG202 no-new-privileges-blocks-setuid]");
    }

    TEST_CASE("memory deny write execute - runtime behind a symlink and a shebang") {
        TempTree tree;
        tree.write("/usr/lib/jvm/bin/java", "ELF placeholder\n");
        tree.link("/usr/bin/app-runtime", "/usr/lib/jvm/bin/java");
        tree.write("/srv/app/server.js", "#!/usr/bin/env node\nconsole.log('up')\n");
        tree.write("/etc/systemd/system/app.service",
                   "[Service]\n"
                   "ExecStartPre=/usr/bin/app-runtime -jar /srv/app/migrate.jar\n"
                   "ExecStart=/srv/app/server.js\n"
                   "MemoryDenyWriteExecute=yes\n");
        std::string output = run_check(tree, "app.service", "--target-systemd 252");
        std::vector<std::string> lines = finding_lines(tree, output);
        CHECK(output.find("  note: '/srv/app/server.js' in ExecStart= at " + tree.root() +
                          "/etc/systemd/system/app.service:3 (the V8 JavaScript engine in 'node') "
                          "is blocked too\n") != std::string::npos);
        check_single(lines,
                     "etc/systemd/system/app.service:4:1: warning: "
                     "MemoryDenyWriteExecute=yes blocks the run-time code generation of "
                     "'/usr/bin/app-runtime' in ExecStartPre= at " +
                         tree.root() +
                         "/etc/systemd/system/app.service:2 (the HotSpot JIT compiler in "
                         "'java') [UG204 memory-deny-write-execute-on-jit-runtime]");
    }

    TEST_CASE("sandboxing in user units - systemd 254 implies PrivateUsers=") {
        TempTree tree;
        tree.write("/etc/systemd/user/sync.service",
                   "[Service]\n"
                   "ExecStart=/usr/bin/sleep infinity\n"
                   "ProtectSystem=strict\n"
                   "ProtectProc=invisible\n");
        std::vector<std::string> lines =
            findings(tree, "sync.service", "--user --target-systemd 254");
        check_single(lines,
                     "etc/systemd/user/sync.service:4:1: warning: 'ProtectProc=invisible' "
                     "has no effect in a user unit: a user manager cannot mount the private "
                     "/proc it needs, with or without PrivateUsers=yes "
                     "[UG201 sandboxing-skipped-in-user-unit]");
        CHECK(findings(tree, "sync.service", "--user --target-systemd 253").size() == 2);
    }

    TEST_CASE("protect system strict - user units are not checked") {
        TempTree tree;
        tree.write("/etc/systemd/user/app.service",
                   "[Service]\n"
                   "ExecStart=/usr/bin/app --data /var/lib/app\n"
                   "PrivateUsers=yes\n"
                   "ProtectSystem=strict\n");
        CHECK(findings(tree, "app.service", "--user --target-systemd 252").empty());
    }

}  // TEST_SUITE
