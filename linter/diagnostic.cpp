// SPDX-License-Identifier: MIT
// Severity names for diagnostics.
#include "linter/diagnostic.hpp"

namespace unitguard {

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Info:
            return "info";
    }
    return "error";
}

std::optional<Severity> parse_severity(std::string_view name) {
    if (name == "error") return Severity::Error;
    if (name == "warning") return Severity::Warning;
    if (name == "info") return Severity::Info;
    return std::nullopt;
}

}  // namespace unitguard
