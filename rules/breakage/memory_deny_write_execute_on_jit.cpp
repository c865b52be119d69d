// SPDX-License-Identifier: MIT
// UG204 memory-deny-write-execute-on-jit-runtime: MemoryDenyWriteExecute=yes for a service
// whose program is a runtime that compiles machine code while it runs.
#include <fmt/format.h>

#include <algorithm>

#include "linter/workspace.hpp"
#include "rules/breakage/elf_header.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kMemoryDenyWriteExecuteOnJit = {
    .id = "UG204",
    .name = "memory-deny-write-execute-on-jit-runtime",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary =
        "MemoryDenyWriteExecute=yes for a program that compiles machine code at run "
        "time",
    .rationale =
        "MemoryDenyWriteExecute=yes installs a seccomp filter that rejects mmap() with both "
        "PROT_WRITE and PROT_EXEC, every mprotect() and pkey_mprotect() that adds PROT_EXEC, "
        "and shmat() with SHM_EXEC. Just-in-time compilers need exactly that, so a JVM, "
        "Node.js, Mono, LuaJIT or PyPy service fails at start (Node.js aborts in "
        "v8::Isolate::Initialize with a core dump) or later, when the first method gets "
        "compiled. systemd-analyze security recommends the option for every service, which "
        "is how it often ends up in such units.",
    .bad_example =
        "[Service]\nExecStart=/usr/bin/node /srv/app/server.js\n"
        "MemoryDenyWriteExecute=yes\n",
    .good_example =
        "[Service]\nExecStart=/usr/bin/node /srv/app/server.js\n"
        "# V8 compiles JavaScript to machine code at run time.\n"
        "MemoryDenyWriteExecute=no\n",
    .fix_hint =
        "set MemoryDenyWriteExecute=no for this service, or turn off the runtime's "
        "JIT compiler if it has a switch for that",
    .references = "systemd.exec(5) MemoryDenyWriteExecute=",
    .limitations =
        "The program is recognised by file name, after launchers such as env and nice, "
        "symlinks inside --root, `#!` interpreters and `sh -c` scripts; a runtime started by "
        "a wrapper script of its own is not seen. The list of runtimes is fixed (see "
        "kJitRuntimes). Erlang is not on it, because BEAM's JIT (OTP 24 and later) maps code "
        "twice through memfd_create(), which the filter allows. .NET 7 and later map code "
        "the same way by default and may work. QEMU is reported only without KVM "
        "acceleration on its command line.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

// A runtime that generates machine code at run time in its default configuration.
struct JitRuntime {
    std::string_view name;
    bool is_prefix;           ///< matches every file name that starts with `name`
    std::string_view engine;  ///< what compiles code at run time
};

// Runtimes that ship a JIT compiler which is on by default and writes code into memory
// before making it executable. The Node.js entries match public reports of services that
// abort under MemoryDenyWriteExecute=yes (V8 fails in v8::Isolate::Initialize), and the other
// runtimes were not run under the filter for this list.
constexpr JitRuntime kJitRuntimes[] = {
    {"java", false, "the HotSpot JIT compiler"},
    {"jsvc", false, "the Java virtual machine it starts"},
    {"node", false, "the V8 JavaScript engine"},
    {"nodejs", false, "the V8 JavaScript engine"},
    {"deno", false, "the V8 JavaScript engine"},
    {"mono", false, "the Mono JIT compiler"},
    {"mono-sgen", false, "the Mono JIT compiler"},
    {"dotnet", false, "the .NET JIT compiler (RyuJIT)"},
    {"luajit", true, "the LuaJIT trace compiler"},
    {"pypy", true, "the PyPy tracing JIT"},
    {"julia", false, "Julia's LLVM-based JIT compiler"},
    {"wine", true, "Windows programs that write code at run time"},
    {"qemu-system-", true, "QEMU's TCG translator"},
};

const JitRuntime* find_runtime(std::string_view file_name) {
    for (const JitRuntime& runtime : kJitRuntimes) {
        bool match = runtime.is_prefix ? file_name.substr(0, runtime.name.size()) == runtime.name
                                       : file_name == runtime.name;
        if (match) return &runtime;
    }
    return nullptr;
}

bool uses_kvm(const std::vector<std::string>& argv) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string_view word = argv[i];
        if (word == "-enable-kvm" || word == "--enable-kvm") return true;
        if (word.find("accel=kvm") != std::string_view::npos) return true;
        if ((word == "-accel" || word == "--accel") && i + 1 < argv.size() &&
            argv[i + 1].rfind("kvm", 0) == 0) {
            return true;
        }
    }
    return false;
}

// Finds the runtime that `program` is, looking through symlinks inside the root and one
// level of `#!` interpreter. Returns the runtime and the file name it was recognised by.
std::optional<std::pair<const JitRuntime*, std::string>> identify(const linter::RootFs& root,
                                                                  const std::string& program,
                                                                  int depth = 0) {
    std::string name(breakage::base_name(program));
    if (const JitRuntime* runtime = find_runtime(name)) return std::make_pair(runtime, name);
    std::optional<breakage::ProgramFile> file = breakage::find_program(root, program);
    if (!file) return std::nullopt;
    name = std::string(breakage::base_name(file->inner_path));
    if (const JitRuntime* runtime = find_runtime(name)) return std::make_pair(runtime, name);
    if (depth > 0) return std::nullopt;

    std::optional<std::string> head =
        breakage::read_file_head(file->host_path, breakage::kProgramHeadSize);
    std::vector<std::string> interpreter = breakage::shebang_words(head.value_or(""));
    std::size_t index = breakage::skip_launchers(interpreter);
    if (index >= interpreter.size()) return std::nullopt;
    return identify(root, interpreter[index], depth + 1);
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    const linter::Settings& settings = context.unit.effective.settings;
    if (!settings.is_true("MemoryDenyWriteExecute")) return;
    const linter::AppliedAssignment* cause = settings.find("MemoryDenyWriteExecute")->last_live();
    const linter::RootFs& root = breakage::unit_root(context);

    std::vector<std::string> users;  // "'node' in ExecStart= at file:line"
    std::vector<std::string> engines;
    for (const breakage::ExecLine& line : breakage::live_exec_commands(context)) {
        if (!breakage::runs_sandboxed(line.command)) continue;
        std::vector<std::string> words = breakage::command_words(line.command);
        std::vector<std::string> programs;
        std::size_t index = breakage::skip_launchers(words);
        if (index < words.size()) programs.push_back(words[index]);
        if (std::optional<std::size_t> script = breakage::shell_script_index(words)) {
            for (std::string& name : breakage::script_programs(words[*script])) {
                programs.push_back(std::move(name));
            }
        }
        for (const std::string& program : programs) {
            auto runtime = identify(root, program);
            if (!runtime) continue;
            if (runtime->first->name == "qemu-system-" && uses_kvm(words)) continue;
            std::string user = fmt::format("'{}' in {}= at {}", program, line.directive,
                                           breakage::place_of(context, *line.assignment));
            if (std::find(users.begin(), users.end(), user) != users.end()) continue;
            users.push_back(std::move(user));
            engines.push_back(
                runtime->second == breakage::base_name(program)
                    ? std::string(runtime->first->engine)
                    : fmt::format("{} in '{}'", runtime->first->engine, runtime->second));
        }
    }
    if (users.empty()) return;

    Diagnostic finding = make_rule_finding(
        kMemoryDenyWriteExecuteOnJit, context,
        fmt::format("MemoryDenyWriteExecute={} blocks the run-time code generation of {} ({})",
                    cause->value, users.front(), engines.front()),
        breakage::location_of(context, *cause));
    for (std::size_t i = 1; i < users.size(); ++i) {
        finding.notes.push_back(fmt::format("{} ({}) is blocked too", users[i], engines[i]));
    }
    findings.push_back(std::move(finding));
}

}  // namespace
}  // namespace unitguard::rules
