// SPDX-License-Identifier: MIT
// unitguard command-line entry point: parses options and runs the verb.
#include <cstdio>
#include <exception>

#include "linter/cli_options.hpp"
#include "linter/commands.hpp"
#include "linter/report_sarif.hpp"
#include "linter/report_text.hpp"

int main(int argc, char** argv) {
    using namespace unitguard::linter;
    try {
        unitguard::Expected<Options> options = parse_options(argc, argv);
        if (!options) {
            std::fprintf(stderr, "unitguard: error: %s\n",
                         escape_for_terminal(options.error().message).c_str());
            return kExitUsage;
        }
        if (options->show_help) {
            std::fputs(usage_text(), stdout);
            return kExitClean;
        }
        if (options->show_version) {
            std::printf("unitguard %s\nrule set %s\n", UG_VERSION, rule_set_version().c_str());
            return kExitClean;
        }
        RunContext context;
        if (options->verb == "rules") return run_rules(*options);
        if (options->verb == "explain") return run_explain(*options);
        if (options->verb == "score") return run_score(*options);
        if (options->verb == "config") return run_config(*options);
        if (options->verb == "drift") return run_drift(*options);
        if (options->verb == "show") {
            context.target_version = options->target_systemd.value_or(260);
            return run_show(*options, context);
        }
        return run_check(*options, context);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "unitguard: internal error: %s\n",
                     escape_for_terminal(error.what()).c_str());
        return kExitInternal;
    }
}
