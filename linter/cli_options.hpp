// SPDX-License-Identifier: MIT
// Command-line options shared by every verb.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/expected.hpp"

namespace unitguard::linter {

/// One `--format FMT[:PATH]` request; an empty path means stdout.
struct OutputFormat {
    /// "text", "json", "sarif", "junit", "github" or "gitlab"; `drift` also takes
    /// "prometheus" and "journal"
    std::string name;
    std::string path;
};

/// When to color text output.
enum class ColorMode { Auto, Always, Never };

/// Parsed command line.
struct Options {
    std::string verb = "check";
    std::vector<std::string> arguments;  ///< unit names or file paths after the verb
    std::optional<std::string> policy_path;
    std::optional<std::string> root;     ///< --root, unset when not given
    bool user_scope = false;
    std::optional<int> target_systemd;
    std::vector<OutputFormat> formats;
    std::optional<Severity> fail_on;
    ColorMode color = ColorMode::Auto;
    bool quiet = false;
    int verbosity = 0;
    std::vector<std::string> properties;  ///< `show -p`
    /// Second word of `config validate` and `baseline create|update`.
    std::optional<std::string> action;
    std::optional<std::string> baseline_path;  ///< --baseline FILE
    std::optional<std::string> output_path;    ///< `baseline --output FILE`
    std::optional<std::string> diff_base;      ///< `check --diff-base REF`, a git revision
    std::optional<std::string> model;      ///< `score --model`, checked by the verb
    std::optional<std::string> threshold;  ///< `score --threshold`, checked by the verb
    /// `drift`: D-Bus address of the manager (--bus-address), instead of the system bus.
    std::optional<std::string> bus_address;
    /// `drift`: `[user@]host` whose system manager is reached over SSH (--host).
    std::optional<std::string> host;
    std::optional<std::string> proc_sys;       ///< `drift --proc-sys DIR`, default /proc/sys
    std::optional<std::string> declared_root;  ///< `drift --declared ROOT`, default /
    std::optional<std::string> state_path;     ///< `drift --state FILE`: the previous run
    bool show_help = false;
    bool show_version = false;
};

/// Parses argv. Usage errors come back as an Error whose message names the bad option.
Expected<Options> parse_options(int argc, char** argv);

/// Text printed by --help.
const char* usage_text();

}  // namespace unitguard::linter
