// SPDX-License-Identifier: MIT
// Command-line parsing.
#include "linter/cli_options.hpp"

#include <charconv>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

namespace unitguard::linter {
namespace {

constexpr std::string_view kVerbs[] = {"check", "show",   "rules",   "explain",
                                       "score", "config", "baseline", "drift"};

constexpr std::string_view kFormats[] = {"text",   "json",   "sarif",      "junit",
                                         "github", "gitlab", "prometheus", "journal"};

bool is_verb(std::string_view word) {
    for (std::string_view verb : kVerbs) {
        if (verb == word) return true;
    }
    return false;
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        if (comma > start) parts.emplace_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return parts;
}

// The second word of the verbs that take one: `config validate`, `baseline create|update`.
Expected<std::string> parse_action(std::string_view verb, std::string_view word) {
    if (verb == "config" && word == "validate") return std::string(word);
    if (verb == "baseline" && (word == "create" || word == "update")) return std::string(word);
    const std::string_view expected = verb == "config" ? "'validate'" : "'create' or 'update'";
    return Error{fmt::format("unknown action '{}' for '{}'; expected {}", word, verb, expected),
                 {}};
}

Expected<OutputFormat> parse_format(std::string_view text) {
    OutputFormat format;
    std::size_t colon = text.find(':');
    format.name = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) format.path = std::string(text.substr(colon + 1));
    for (std::string_view known : kFormats) {
        if (format.name == known) return format;
    }
    return Error{fmt::format("unknown output format '{}'; expected text, json, sarif, junit, "
                             "github, gitlab, prometheus or journal",
                             format.name),
                 {}};
}

}  // namespace

const char* usage_text() {
    return R"(usage: unitguard [VERB] [OPTIONS] [UNIT|FILE...]

Checks systemd unit files against a TOML policy, reading units and drop-ins the way
systemd does.

verbs:
  check            load the units and report policy findings (default)
  show             print each unit's effective settings and the file:line behind them
  rules            list the built-in rules
  explain RULE     print a rule's rationale, examples and fix
  score            rate each service's exposure from 0.0 to 10.0 the way
                   `systemd-analyze security` does, with the file:line behind each check
  config validate  check the policy (--policy or the one found) and the --baseline file
                   without loading units; prints every error
  baseline create  check the units and write every open finding to a baseline file
                   (--output, default unitguard-baseline.json)
  drift            compare the running manager (over D-Bus) and /proc/sys with the
                   declared unit files and the policy; reads only, never changes the host
  baseline update  add the new open findings to the baseline file and remove the entries
                   that no longer occur

options:
  --policy FILE           policy file (default: .unitguard.toml or unitguard.toml found by
                          walking up to the repository root)
  --root DIR              read units below DIR as if it were / (default: /)
  --user                  use the user manager's unit search path
  --target-systemd N      systemd release the units must work on (default: the policy's
                          target-systemd, else 260)
  --format FMT[:PATH]     output format: text, json, sarif (SARIF 2.1.0), junit (JUnit
                          XML), github (GitHub Actions annotations) or gitlab (GitLab Code
                          Quality JSON); repeatable, PATH writes to a file; drift also
                          writes prometheus:PATH (node_exporter textfile) and journal (one
                          journald entry per finding)
  --fail-on LEVEL         lowest severity that makes the exit code 1: error, warning, info
  --baseline FILE         check: report only findings that FILE does not contain;
                          baseline update: the file to update
  --diff-base REF         check: report only findings that the same check of the git
                          revision REF does not have (e.g. origin/main)
  --output FILE           baseline create|update: file to write (default: the --baseline
                          file, else unitguard-baseline.json)
  --declared ROOT         drift: tree of the declared unit files and sysctl.d (default: /)
  --bus-address ADDR      drift: D-Bus address of the manager, e.g. unix:path=/run/x
  --host [USER@]HOST      drift: the system manager of HOST, over SSH like systemctl -H
  --proc-sys DIR          drift: read kernel parameters below DIR (default: /proc/sys)
  --state FILE            drift: remember the findings in FILE and mark the new ones
  --color WHEN            auto, always or never (NO_COLOR turns color off)
  -p, --property LIST     show: print only these properties, comma-separated, in the
                          format of `systemctl show -p`
  --model NAME            score: systemd-252, systemd-260 or unitguard (default:
                          systemd-260, or systemd-252 when --target-systemd is below 260)
  --threshold X.Y         score: exposure from 0.0 to 10.0 above which a unit fails
  -q, --quiet             print findings only
  -v, --verbose           print progress on stderr; repeat for debug output
  -h, --help              print this text
  --version               print the version and the version of the rule set

environment:
  UNITGUARD_TODAY=YYYY-MM-DD  date used to expire waivers and suppressions (default: today
                              in the local time zone)

exit codes:
  0  no findings at or above --fail-on
  1  findings at or above --fail-on (waived, suppressed and baselined ones do not count)
  2  usage or configuration error
  3  incomplete: some input could not be read (what was read is still reported)
  4  internal error
  score: 0 every unit is at or below --threshold, 1 a unit is above it, 2 usage error,
  3 a unit is missing or masked (the others are still scored)
)";
}

Expected<Options> parse_options(int argc, char** argv) {
    Options options;
    bool verb_seen = false;
    bool options_ended = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view inline_value;
        bool has_inline = false;
        if (!options_ended && arg.rfind("--", 0) == 0) {
            if (std::size_t eq = arg.find('='); eq != std::string_view::npos) {
                inline_value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                has_inline = true;
            }
        }
        auto take_value = [&](std::string_view option) -> Expected<std::string> {
            if (has_inline) return std::string(inline_value);
            if (i + 1 >= argc) {
                return Error{fmt::format("option '{}' requires a value", option), {}};
            }
            return std::string(argv[++i]);
        };

        if (options_ended || arg.empty() || arg.front() != '-' || arg == "-") {
            if (!verb_seen && options.arguments.empty() && is_verb(arg)) {
                options.verb = std::string(arg);
                verb_seen = true;
            } else if ((options.verb == "config" || options.verb == "baseline") &&
                       !options.action) {
                Expected<std::string> action = parse_action(options.verb, arg);
                if (!action) return action.error();
                options.action = *action;
            } else {
                options.arguments.emplace_back(arg);
            }
            continue;
        }
        if (arg == "--") {
            options_ended = true;
        } else if (arg == "-h" || arg == "--help") {
            options.show_help = true;
        } else if (arg == "--version") {
            options.show_version = true;
        } else if (arg == "-q" || arg == "--quiet") {
            options.quiet = true;
        } else if (arg == "-v" || arg == "--verbose") {
            ++options.verbosity;
        } else if (arg == "--user") {
            options.user_scope = true;
        } else if (arg == "--policy" || arg == "--root" || arg == "--target-systemd" ||
                   arg == "--format" || arg == "--fail-on" || arg == "--color" || arg == "-p" ||
                   arg == "--property" || arg == "--model" || arg == "--threshold" ||
                   arg == "--baseline" || arg == "--output" || arg == "--diff-base" ||
                   arg == "--bus-address" || arg == "--host" || arg == "--proc-sys" ||
                   arg == "--declared" || arg == "--state") {
            Expected<std::string> value = take_value(arg);
            if (!value) return value.error();
            if (arg == "--policy") {
                options.policy_path = *value;
            } else if (arg == "--root") {
                options.root = *value;
            } else if (arg == "--target-systemd") {
                int version = 0;
                auto [end, error] =
                    std::from_chars(value->data(), value->data() + value->size(), version);
                if (error != std::errc() || end != value->data() + value->size() ||
                    version < 1) {
                    return Error{fmt::format("invalid --target-systemd '{}'; expected a "
                                             "release number such as 252",
                                             *value),
                                 {}};
                }
                options.target_systemd = version;
            } else if (arg == "--format") {
                Expected<OutputFormat> format = parse_format(*value);
                if (!format) return format.error();
                options.formats.push_back(*format);
            } else if (arg == "--fail-on") {
                options.fail_on = parse_severity(*value);
                if (!options.fail_on) {
                    return Error{fmt::format("invalid --fail-on '{}'; expected error, warning "
                                             "or info",
                                             *value),
                                 {}};
                }
            } else if (arg == "--baseline") {
                options.baseline_path = *value;
            } else if (arg == "--output") {
                options.output_path = *value;
            } else if (arg == "--bus-address") {
                options.bus_address = *value;
            } else if (arg == "--host") {
                options.host = *value;
            } else if (arg == "--proc-sys") {
                options.proc_sys = *value;
            } else if (arg == "--declared") {
                options.declared_root = *value;
            } else if (arg == "--state") {
                options.state_path = *value;
            } else if (arg == "--diff-base") {
                options.diff_base = *value;
            } else if (arg == "--model") {
                options.model = *value;
            } else if (arg == "--threshold") {
                options.threshold = *value;
            } else if (arg == "--color") {
                if (*value == "auto") {
                    options.color = ColorMode::Auto;
                } else if (*value == "always") {
                    options.color = ColorMode::Always;
                } else if (*value == "never") {
                    options.color = ColorMode::Never;
                } else {
                    return Error{fmt::format("invalid --color '{}'; expected auto, always or "
                                             "never",
                                             *value),
                                 {}};
                }
            } else {
                for (std::string& property : split_commas(*value)) {
                    options.properties.push_back(std::move(property));
                }
            }
        } else {
            return Error{fmt::format("unknown option '{}'; run 'unitguard --help' for the list",
                                     arg),
                         {}};
        }
    }
    if ((options.verb == "config" || options.verb == "baseline") && !options.action &&
        !options.show_help) {
        return Error{fmt::format("'{}' needs an action: {}", options.verb,
                                 options.verb == "config" ? "'config validate'"
                                                          : "'baseline create' or 'baseline update'"),
                     {}};
    }
    if (options.diff_base && options.verb != "check") {
        return Error{"option '--diff-base' is only for 'check'", {}};
    }
    if (options.output_path && options.verb != "baseline") {
        return Error{"option '--output' is only for 'baseline create' and 'baseline update'", {}};
    }
    for (const OutputFormat& format : options.formats) {
        bool drift_only = format.name == "prometheus" || format.name == "journal";
        if (drift_only && options.verb != "drift") {
            return Error{fmt::format("output format '{}' is only for 'drift'", format.name), {}};
        }
        if (format.name == "prometheus" && format.path.empty()) {
            return Error{"output format 'prometheus' needs a file: --format prometheus:PATH", {}};
        }
    }
    if (options.formats.empty()) options.formats.push_back({"text", ""});
    return options;
}

}  // namespace unitguard::linter
