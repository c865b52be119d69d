// SPDX-License-Identifier: MIT
// Tests for the helpers of the breakage rules: ELF headers, shell scripts, launchers and
// sudoers files.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "linter/root_fs.hpp"
#include "rules/breakage/elf_header.hpp"
#include "rules/breakage/sudoers.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "tests/linter/temp_tree.hpp"

using unitguard::linter::RootFs;
using unitguard::rules::breakage::elf_syscall_architecture;
using unitguard::rules::breakage::find_sudoers_grants;
using unitguard::rules::breakage::groups_of_user;
using unitguard::rules::breakage::script_programs;
using unitguard::rules::breakage::shebang_words;
using unitguard::rules::breakage::shell_script_index;
using unitguard::rules::breakage::skip_launchers;
using unitguard::rules::breakage::SudoersGrant;
using unitguard::testing::TempTree;

namespace {

// An ELF header of `size` bytes with the given class, byte order, machine and flags.
std::string elf_header(unsigned char elf_class, unsigned char data, unsigned machine,
                       unsigned flags = 0, std::size_t size = 64) {
    std::string header(size, '\0');
    header.replace(0, 4,
                   "\x7f"
                   "ELF");
    header[4] = static_cast<char>(elf_class);
    header[5] = static_cast<char>(data);
    header[6] = 1;
    bool little = data == 1;
    header[little ? 18 : 19] = static_cast<char>(machine & 0xff);
    header[little ? 19 : 18] = static_cast<char>(machine >> 8);
    std::size_t flags_offset = elf_class == 2 ? 48 : 36;
    for (int i = 0; i < 4; ++i) {
        std::size_t index = flags_offset + static_cast<std::size_t>(little ? i : 3 - i);
        header[index] = static_cast<char>((flags >> (8 * i)) & 0xff);
    }
    return header;
}

std::vector<std::string> words(std::initializer_list<const char*> list) {
    return {list.begin(), list.end()};
}

}  // namespace

TEST_SUITE("breakage") {
    TEST_CASE("elf header - names the system call architecture") {
        CHECK(elf_syscall_architecture(elf_header(1, 1, 3, 0, 52)) ==
              std::optional<std::string>("x86"));
        CHECK(elf_syscall_architecture(elf_header(2, 1, 62)) ==
              std::optional<std::string>("x86-64"));
        CHECK(elf_syscall_architecture(elf_header(1, 1, 62)) == std::optional<std::string>("x32"));
        CHECK(elf_syscall_architecture(elf_header(2, 1, 183)) ==
              std::optional<std::string>("arm64"));
        CHECK(elf_syscall_architecture(elf_header(1, 1, 40)) == std::optional<std::string>("arm"));
        CHECK(elf_syscall_architecture(elf_header(2, 2, 21)) ==
              std::optional<std::string>("ppc64"));
        CHECK(elf_syscall_architecture(elf_header(2, 1, 21)) ==
              std::optional<std::string>("ppc64-le"));
        CHECK(elf_syscall_architecture(elf_header(2, 2, 22)) ==
              std::optional<std::string>("s390x"));
        CHECK(elf_syscall_architecture(elf_header(1, 2, 8)) == std::optional<std::string>("mips"));
        CHECK(elf_syscall_architecture(elf_header(1, 1, 8, 0x20)) ==
              std::optional<std::string>("mips64-le-n32"));
        CHECK(elf_syscall_architecture(elf_header(2, 1, 243)) ==
              std::optional<std::string>("riscv64"));
    }

    TEST_CASE("elf header - rejects other data") {
        CHECK_FALSE(elf_syscall_architecture("#!/bin/sh\nexit 0\n"));
        CHECK_FALSE(elf_syscall_architecture(elf_header(1, 1, 3, 0, 51)));
        CHECK_FALSE(elf_syscall_architecture(elf_header(3, 1, 3)));
        CHECK_FALSE(elf_syscall_architecture(elf_header(2, 1, 0x1234)));
    }

    TEST_CASE("shebang - splits the interpreter line") {
        CHECK(shebang_words("#!/usr/bin/env node\nconsole.log(1)\n") ==
              words({"/usr/bin/env", "node"}));
        CHECK(shebang_words("#! /bin/sh -e\r\n") == words({"/bin/sh", "-e"}));
        CHECK(shebang_words("\x7f"
                            "ELF")
                  .empty());
    }

    TEST_CASE("launchers - skips env, nice and timeout with their options") {
        CHECK(skip_launchers(words({"/usr/bin/env", "-i", "LANG=C", "/usr/bin/java", "-jar"})) ==
              3);
        CHECK(skip_launchers(words({"nice", "-n", "5", "ionice", "-c", "3", "sudo", "id"})) == 6);
        CHECK(skip_launchers(words({"timeout", "-s", "KILL", "30s", "sudo", "id"})) == 4);
        CHECK(skip_launchers(words({"/usr/bin/app", "--flag"})) == 0);
        CHECK(skip_launchers(words({"env", "FOO=1"})) == 2);
    }

    TEST_CASE("shell script - finds the script word of sh -c") {
        CHECK(shell_script_index(words({"/bin/sh", "-c", "echo hi"})) ==
              std::optional<std::size_t>(2));
        CHECK(shell_script_index(words({"/usr/bin/bash", "-ec", "x", "argv0"})) ==
              std::optional<std::size_t>(2));
        CHECK(shell_script_index(words({"/usr/bin/env", "bash", "-c", "x"})) ==
              std::optional<std::size_t>(3));
        CHECK_FALSE(shell_script_index(words({"/bin/sh", "/srv/run.sh"})));
        CHECK_FALSE(shell_script_index(words({"/usr/bin/python3", "-c", "print(1)"})));
    }

    TEST_CASE("shell script - lists the programs of simple commands") {
        CHECK(script_programs("echo start; exec nice -n 5 su -c /usr/bin/app appuser") ==
              words({"echo", "su"}));
        CHECK(script_programs("LANG=C sudo -u app id && ping -c1 host | tee /tmp/x") ==
              words({"sudo", "ping", "tee"}));
        CHECK(script_programs("if test -e /run/x; then mount /mnt; fi") ==
              words({"test", "mount"}));
        CHECK(script_programs("for f in a b; do 2>/dev/null rm \"$f\"; done") == words({"rm"}));
        CHECK(script_programs("x=$(id -u) > /tmp/log; `newgrp app`") == words({"id", "newgrp"}));
        CHECK(script_programs("'/usr/bin/sudo' true") == words({"/usr/bin/sudo"}));
    }

    TEST_CASE("sudoers - finds rules for the user, its groups and aliases") {
        TempTree tree;
        tree.write("/etc/sudoers",
                   "Defaults env_reset\n"
                   "root ALL=(ALL:ALL) ALL\n"
                   "%admins ALL=(ALL) ALL\n"
                   "User_Alias PANELS = web, \\\n"
                   "    panel\n"
                   "PANELS ALL=(root) NOPASSWD: /usr/bin/systemctl # restart only\n"
                   "ALL ALL=(ALL) /usr/bin/true\n"
                   "!panel, other ALL=(ALL) ALL\n"
                   "@includedir /etc/sudoers.d\n");
        tree.write("/etc/sudoers.d/panel", "# the panel\npanel ALL=(root) NOPASSWD: ALL\n");
        tree.write("/etc/sudoers.d/panel.dpkg-old", "panel ALL=(ALL) ALL\n");
        tree.write("/etc/sudoers.d/panel~", "panel ALL=(ALL) ALL\n");
        RootFs root(tree.root());

        std::vector<SudoersGrant> grants = find_sudoers_grants(root, "panel", {"admins"});
        REQUIRE(grants.size() == 3);
        CHECK(grants[0].path == "/etc/sudoers");
        CHECK(grants[0].line == 3);
        CHECK(grants[0].who == "%admins");
        CHECK(grants[1].line == 6);
        CHECK(grants[1].who == "PANELS");
        CHECK(grants[2].path == "/etc/sudoers.d/panel");
        CHECK(grants[2].line == 2);
        CHECK(grants[2].who == "panel");

        CHECK(find_sudoers_grants(root, "nobody", {}).empty());
    }

    TEST_CASE("sudoers - reads sudoers.d when /etc/sudoers is missing") {
        TempTree tree;
        tree.write("/etc/sudoers.d/web", "web, panel ALL=(root) NOPASSWD: /usr/bin/id\n");
        RootFs root(tree.root());
        std::vector<SudoersGrant> grants = find_sudoers_grants(root, "panel", {});
        REQUIRE(grants.size() == 1);
        CHECK(grants[0].path == "/etc/sudoers.d/web");
        CHECK(grants[0].who == "panel");
    }

    TEST_CASE("user database - lists primary and member groups") {
        TempTree tree;
        tree.write("/etc/passwd", "root:x:0:0::/root:/bin/sh\npanel:x:1001:1001::/srv:/bin/sh\n");
        tree.write("/etc/group",
                   "root:x:0:\npanel:x:1001:\nadmins:x:1002:alice,panel\n"
                   "video:x:44:alice\n");
        RootFs root(tree.root());
        CHECK(groups_of_user(root, "panel") == words({"panel", "admins"}));
        CHECK(groups_of_user(root, "alice") == words({"admins", "video"}));
    }

}  // TEST_SUITE
