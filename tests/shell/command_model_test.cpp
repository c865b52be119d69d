// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include "linter/exec_command.hpp"
#include "rules/shell/command_effects.hpp"
#include "rules/shell/command_model.hpp"

using namespace unitguard;
using namespace unitguard::rules::shell;

namespace {

std::vector<std::string> texts(const Command& command) {
    std::vector<std::string> out;
    for (const CommandWord& word : command.words) out.push_back(word.text);
    return out;
}

}  // namespace

TEST_CASE("exec words record the value offset of every byte") {
    //                    0         1         2
    //                    0123456789012345678901234567
    std::string value = R"(/bin/sh -c "a\"b" 'x y' \x41)";
    linter::ExecSplit split = linter::split_exec_value(value);
    REQUIRE(split.commands.size() == 1);
    const linter::ExecCommand& command = split.commands[0];
    REQUIRE(command.argv.size() == 5);
    CHECK(command.argv[2] == "a\"b");
    CHECK(command.argv_origins[2] == std::vector<std::size_t>{12, 13, 15});
    CHECK(command.argv[3] == "x y");
    CHECK(command.argv_origins[3] == std::vector<std::size_t>{19, 20, 21});
    CHECK(command.argv[4] == "A");
    CHECK(command.argv_origins[4] == std::vector<std::size_t>{24});
}

TEST_CASE("a script splits into commands with words, redirections and pipelines") {
    CommandLine line = parse_script(
        "mkdir -p '/var/lib/app' && echo \"hi $USER\" > /etc/app.conf; curl -s x | sudo bash");
    REQUIRE(line.commands.size() == 4);
    CHECK(texts(line.commands[0]) == std::vector<std::string>{"mkdir", "-p", "/var/lib/app"});
    CHECK(line.commands[0].words[2].offset == 9);
    CHECK(line.commands[0].pipeline == -1);

    const Command& echo = line.commands[1];
    CHECK(echo.words[1].literal == false);
    REQUIRE(echo.redirections.size() == 1);
    CHECK(echo.redirections[0].op == ">");
    CHECK(echo.redirections[0].target.text == "/etc/app.conf");
    CHECK(echo.redirections[0].writes());
    CHECK(echo.redirections[0].offset == 43);

    CHECK(line.commands[2].pipeline == 0);
    CHECK(line.commands[2].stage == 0);
    CHECK(line.commands[3].pipeline == 0);
    CHECK(line.commands[3].stage == 1);
    CHECK(program_index(line.commands[3], true) == 1);
    CHECK(program_index(line.commands[3], false) == 0);
}

TEST_CASE("substitutions, functions and quoting") {
    CommandLine line = parse_script("f() { rm -rf /srv/x/*; }; sh -c \"$(wget -qO- u)\"; "
                                    "printf '%s' a\\ b >&2");
    CHECK(line.functions == std::vector<std::string>{"f"});
    bool saw_wget = false;
    for (const Command& command : line.commands) {
        if (!command.words.empty() && command.words[0].text == "wget") {
            saw_wget = true;
            CHECK(command.substituted);
        }
        if (!command.words.empty() && command.words[0].text == "printf") {
            CHECK(texts(command) == std::vector<std::string>{"printf", "%s", "a b"});
            REQUIRE(command.redirections.size() == 1);
            CHECK_FALSE(command.redirections[0].writes());
        }
    }
    CHECK(saw_wget);
}

TEST_CASE("write targets of well-known commands") {
    auto targets = [](std::string script) {
        std::vector<std::string> paths;
        for (const Command& command : parse_script(std::move(script)).commands) {
            for (const WriteTarget& target : write_targets(command)) paths.push_back(target.path);
        }
        return paths;
    };
    CHECK(targets("cp -a /usr/share/x /etc/x/") == std::vector<std::string>{"/etc/x"});
    CHECK(targets("mv -t /srv/out a b") == std::vector<std::string>{"/srv/out"});
    CHECK(targets("install -d -m 0755 /var/lib/a /var/cache/a") ==
          std::vector<std::string>{"/var/lib/a", "/var/cache/a"});
    CHECK(targets("install -m 0644 a /etc/a.conf") == std::vector<std::string>{"/etc/a.conf"});
    CHECK(targets("chown app:app /var/lib/a") == std::vector<std::string>{"/var/lib/a"});
    CHECK(targets("chmod --reference=/etc/x /etc/y") == std::vector<std::string>{"/etc/y"});
    CHECK(targets("rm -f /var/lib/a/*.tmp") == std::vector<std::string>{"/var/lib/a"});
    CHECK(targets("env LANG=C nice -n 5 touch /etc/.stamp") == std::vector<std::string>{"/etc/.stamp"});
    CHECK(targets("cat /etc/x > /dev/null; mkdir \"$DIR\" rel/dir") == std::vector<std::string>{});
    CHECK(targets("sysctl -w net.ipv4.ip_forward=1") ==
          std::vector<std::string>{"/proc/sys/net/ipv4/ip_forward"});
}

TEST_CASE("kernel parameters set at run time") {
    CommandLine line = parse_script(
        "sysctl -q -w kernel.yama.ptrace_scope=0 vm/swappiness=10; echo -n 1 > "
        "/proc/sys/net/ipv4/ip_forward; echo 2 | tee /proc/sys/kernel/kptr_restrict");
    std::vector<SysctlWrite> writes;
    for (std::size_t i = 0; i < line.commands.size(); ++i) {
        const Command* previous = i > 0 && line.commands[i].stage > 0 ? &line.commands[i - 1] : nullptr;
        for (SysctlWrite& write : sysctl_writes(line.commands[i], previous)) {
            writes.push_back(std::move(write));
        }
    }
    REQUIRE(writes.size() == 4);
    CHECK(writes[0].key == "kernel.yama.ptrace_scope");
    CHECK(writes[0].value == "0");
    CHECK(writes[1].key == "vm.swappiness");
    CHECK(writes[1].value == "10");
    CHECK(writes[2].key == "net.ipv4.ip_forward");
    CHECK(writes[2].value == "1");
    CHECK(writes[3].key == "kernel.kptr_restrict");
    CHECK(writes[3].value == "2");
}
