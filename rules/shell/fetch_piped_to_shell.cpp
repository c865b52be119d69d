// SPDX-License-Identifier: MIT
// UG304 fetch-piped-to-shell: a script downloads code and runs it in the same breath,
// as in `curl -fsSL https://... | sh`.
#include <fmt/format.h>

#include <array>
#include <set>

#include "linter/workspace.hpp"
#include "rules/breakage/unit_inspection.hpp"
#include "rules/rule.hpp"
#include "rules/shell/command_model.hpp"

namespace unitguard::rules {
namespace {

void check(const RuleContext& context, std::vector<Diagnostic>& findings);

}  // namespace

extern const Rule kFetchPipedToShell = {
    .id = "UG304",
    .name = "fetch-piped-to-shell",
    .severity = Severity::Warning,
    .enabled_by_default = true,
    .summary = "a script runs code it downloads, as in `curl ... | sh`",
    .rationale =
        "Each start of the service runs whatever the server returns at that moment, with "
        "the service's privileges and before any review. A compromised or mistyped host, a "
        "truncated download or a changed script changes what the service does, and the unit "
        "file gives no hint of it.",
    .bad_example =
        "[Service]\nExecStartPre=/bin/sh -c 'curl -fsSL https://example.org/setup.sh | sh'\n"
        "ExecStart=/usr/bin/app\n",
    .good_example =
        "[Service]\nExecStartPre=/usr/lib/app/setup.sh\nExecStart=/usr/bin/app\n",
    .fix_hint =
        "ship the script with the package or image and run the local copy, checked by "
        "its hash if it must be downloaded",
    .references = "systemd.service(5) ExecStartPre=",
    .limitations =
        "Downloaders are curl, wget and fetch; the receiving side is a shell (sh, bash, "
        "dash, zsh, ksh, mksh, ash), `eval`, `source` or `.`, in the same pipeline or fed "
        "by `$(...)` or `<(...)`. Downloads saved to a file and run later are not seen.",
    .added_in = "0.1.0",
    .check = check,
};

namespace {

constexpr std::array<std::string_view, 3> kFetchers = {"curl", "wget", "fetch"};

bool is_fetcher(std::string_view name) {
    return std::find(kFetchers.begin(), kFetchers.end(), name) != kFetchers.end();
}

bool runs_code(std::string_view name) {
    return breakage::is_shell_name(name) || name == "eval" || name == "source" || name == ".";
}

// Whether a word substitutes the output of a downloader: `$(curl ...)`, `<(wget ...)`
// or a backquoted one.
bool substitutes_download(const shell::CommandWord& word) {
    if (word.literal) return false;
    for (std::string_view opener : {"$(", "<(", "`"}) {
        std::size_t at = word.text.find(opener);
        while (at != std::string::npos) {
            std::size_t start = word.text.find_first_not_of(" \t", at + opener.size());
            if (start != std::string::npos) {
                std::size_t end = word.text.find_first_of(" \t)`", start);
                std::string_view program =
                    std::string_view(word.text).substr(start, end == std::string::npos
                                                                  ? std::string::npos
                                                                  : end - start);
                std::size_t slash = program.rfind('/');
                if (slash != std::string_view::npos) program.remove_prefix(slash + 1);
                if (is_fetcher(program)) return true;
            }
            at = word.text.find(opener, at + 1);
        }
    }
    return false;
}

void check(const RuleContext& context, std::vector<Diagnostic>& findings) {
    for (const shell::CommandLine& line : shell::command_lines(context)) {
        if (!line.script) continue;
        std::set<std::size_t> reported;
        for (std::size_t i = 0; i < line.commands.size(); ++i) {
            const shell::Command& command = line.commands[i];
            if (!command.in_script) continue;
            std::size_t program = shell::program_index(command, /*through_privilege=*/true);
            if (program >= command.words.size()) continue;
            std::string_view receiver = shell::program_name(command, program);
            if (!runs_code(receiver)) continue;

            std::string fetcher;
            if (command.pipeline >= 0) {
                for (const shell::Command& earlier : line.commands) {
                    if (earlier.pipeline != command.pipeline || earlier.stage >= command.stage) {
                        continue;
                    }
                    std::size_t index = shell::program_index(earlier, true);
                    std::string_view name = shell::program_name(earlier, index);
                    if (is_fetcher(name)) fetcher = name;
                }
            }
            for (std::size_t w = program + 1; w < command.words.size() && fetcher.empty(); ++w) {
                if (substitutes_download(command.words[w])) fetcher = "a download";
            }
            if (fetcher.empty()) continue;
            const shell::CommandWord& word = command.words[program];
            if (!reported.insert(word.offset).second) continue;
            std::string source =
                fetcher == "a download" ? fetcher : fmt::format("the output of '{}'", fetcher);
            Diagnostic finding = make_rule_finding(
                kFetchPipedToShell, context,
                fmt::format("'{}' in the script of {}= runs {} as code", receiver,
                            line.directive, source),
                shell::location_in_unit(context, line, word.offset));
            finding.directive = line.directive;
            finding.value = std::string(receiver);
            findings.push_back(std::move(finding));
        }
    }
}

}  // namespace
}  // namespace unitguard::rules
