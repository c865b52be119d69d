// SPDX-License-Identifier: MIT
// Merging of assignments into effective settings.
#include "linter/effective.hpp"

#include <limits>
#include <map>

#include <fmt/format.h>

#include "linter/security_settings.hpp"

namespace unitguard::linter {
namespace {

using rules::Accumulation;
using rules::ValueKind;

// Kinds whose parsers run specifier expansion on the value in systemd 252.
// NOTE: systemd decides this per parser. A few parsers of these kinds do not expand, and a
// few others do, which this approximation does not model.
bool expands_specifiers(ValueKind kind) {
    switch (kind) {
        case ValueKind::String:
        case ValueKind::StringList:
        case ValueKind::Path:
        case ValueKind::PathList:
        case ValueKind::Unit:
        case ValueKind::UnitList:
        case ValueKind::ExecCommand:
        case ValueKind::Environment:
        case ValueKind::Condition:
        case ValueKind::User:
        case ValueKind::MountList:
        case ValueKind::Credential:
        case ValueKind::ListenAddress:
            return true;
        default:
            return false;
    }
}

// Kinds whose systemd parsers skip an unknown word and keep the others, rather than
// dropping the whole assignment.
bool ignores_bad_words(ValueKind kind) {
    return kind == ValueKind::SyscallFilter || kind == ValueKind::CapabilitySet ||
           kind == ValueKind::AddressFamilies || kind == ValueKind::ExitStatusList;
}

// Parsers of systemd 252 that fail on an empty value and log it, so an empty assignment
// leaves the earlier value in effect instead of resetting it (booleans, modes, and the
// protection enums that were booleans or boolean-like in 252).
bool rejects_empty_value(const rules::Directive& directive) {
    std::string_view parser = rules::directive_parser(directive);
    return parser == "config_parse_bool" || parser == "config_parse_mode" ||
           parser == "config_parse_protect_system" || parser == "config_parse_protect_home" ||
           parser == "config_parse_private_tmp" || parser == "config_parse_private_users" ||
           parser == "config_parse_protect_hostname" ||
           parser == "config_parse_protect_control_groups";
}

Diagnostic assignment_problem(const Assignment& assignment, const std::string& path,
                              std::string rule_id, std::string rule_name, Severity severity,
                              std::string message, int column) {
    Diagnostic diagnostic;
    diagnostic.rule_id = std::move(rule_id);
    diagnostic.rule_name = std::move(rule_name);
    diagnostic.severity = severity;
    diagnostic.message = std::move(message);
    diagnostic.location = {path, assignment.line, column, 0};
    return diagnostic;
}

// Marks every live assignment before `index` as replaced by it.
void retire_live(Setting& setting, std::size_t index) {
    for (std::size_t i = 0; i < index; ++i) {
        AppliedAssignment& earlier = setting.history[i];
        if (!earlier.live) continue;
        earlier.live = false;
        earlier.overridden_by = index + 1;
    }
}

class Merger {
public:
    Merger(const LoadedUnit& unit, const SpecifierContext& context)
        : unit_(unit), context_(context) {
        result_.settings.unit = unit.id;
        result_.settings.target_version = context.target_version;
    }

    EffectiveUnit run() {
        for (const auto& file : unit_.files) {
            for (const Assignment& assignment : file->assignments) apply(*file, assignment);
        }
        derive_security_settings(result_.settings);
        return std::move(result_);
    }

private:
    void apply(const UnitFile& file, const Assignment& assignment);
    bool expand(const UnitFile& file, const Assignment& assignment,
                const rules::Directive& directive, AppliedAssignment& applied);

    void check_syscall_entry_count(const UnitFile& file, const Assignment& assignment,
                                   const Setting& setting, AppliedAssignment& applied);

    const LoadedUnit& unit_;
    const SpecifierContext& context_;
    EffectiveUnit result_;
    /// Entries in the live assignments of each syscall filter setting so far.
    std::map<const Setting*, std::size_t> syscall_entries_;
};

// Ignores and reports an assignment that would take the setting past
// kMaxSyscallFilterEntries. An empty assignment resets the count, as it resets the filter.
void Merger::check_syscall_entry_count(const UnitFile& file, const Assignment& assignment,
                                       const Setting& setting, AppliedAssignment& applied) {
    std::size_t& count = syscall_entries_[&setting];
    if (applied.value.empty()) {
        count = 0;
        return;
    }
    std::size_t words = 0;
    bool in_word = false;
    for (char c : applied.value) {
        bool blank = c == ' ' || c == '\t';
        if (!blank && !in_word) ++words;
        in_word = !blank;
    }
    if (count + words <= kMaxSyscallFilterEntries) {
        count += words;
        return;
    }
    applied.ignored = fmt::format("more than {} entries", kMaxSyscallFilterEntries);
    result_.problems.push_back(assignment_problem(
        assignment, file.path, "UG002", "unreadable-input", Severity::Error,
        fmt::format("{}= has more than the maximum of {} entries in this unit; this "
                    "assignment was not checked",
                    assignment.key, kMaxSyscallFilterEntries),
        assignment.value_column));
}

bool Merger::expand(const UnitFile& file, const Assignment& assignment,
                    const rules::Directive& directive, AppliedAssignment& applied) {
    if (!expands_specifiers(directive.kind)) return true;
    bool too_long = false;
    Expected<std::string> expanded = expand_specifiers(assignment.value, context_, &too_long);
    if (expanded) {
        applied.value = std::move(*expanded);
        return true;
    }
    applied.ignored = expanded.error().message;
    auto [line, column] =
        assignment.value_position(static_cast<std::size_t>(expanded.error().location.column));
    // An over-long result is a resource limit, reported like unreadable input (exit code 3).
    Diagnostic problem = assignment_problem(
        assignment, file.path, too_long ? "UG002" : "UG104",
        too_long ? "unreadable-input" : "unknown-specifier", Severity::Error,
        fmt::format("{} in {}=; systemd ignores this assignment", expanded.error().message,
                    assignment.key),
        column);
    problem.location.line = line;
    result_.problems.push_back(std::move(problem));
    return false;
}

void Merger::apply(const UnitFile& file, const Assignment& assignment) {
    // systemd ignores X- sections and X- keys without a word.
    if (assignment.section.rfind("X-", 0) == 0 || assignment.key.rfind("X-", 0) == 0) return;

    std::string key = assignment.section + "." + assignment.key;
    Setting& setting = result_.settings.by_key[key];
    if (setting.history.empty()) {
        setting.section = assignment.section;
        setting.name = assignment.key;
        setting.directive = rules::find_directive(assignment.section, assignment.key);
    }
    AppliedAssignment applied{file.path,         assignment.line,  assignment.column,
                              assignment.value_column, assignment.value, assignment.value,
                              true,              {},               0};
    const rules::Directive* directive = setting.directive;
    const int target = context_.target_version;

    if (directive == nullptr) {
        applied.ignored = rules::is_known_section(assignment.section)
                              ? fmt::format("unknown key in [{}]", assignment.section)
                              : fmt::format("unknown section [{}]", assignment.section);
    } else if (directive->added_in > target) {
        applied.ignored = fmt::format("unknown to systemd {} (added in {})", target,
                                      directive->added_in);
    } else if (directive->removed_in != 0 && directive->removed_in <= target) {
        applied.ignored = fmt::format("removed in systemd {}", directive->removed_in);
    } else if (applied.value.empty() && rejects_empty_value(*directive)) {
        applied.ignored = "an empty value is not accepted, so the earlier value stays";
        result_.problems.push_back(assignment_problem(
            assignment, file.path, "UG103", "invalid-value", Severity::Warning,
            fmt::format("empty {}= is not a valid value; systemd ignores this assignment and "
                        "keeps the earlier value",
                        assignment.key),
            assignment.column));
    } else if (expand(file, assignment, *directive, applied)) {
        std::optional<std::string> invalid =
            rules::validate_value(*directive, applied.value, target);
        // A value that only a newer systemd accepts is reported by the version rules;
        // here it only loses its effect.
        bool newer_only = invalid && !rules::validate_value(*directive, applied.value,
                                                            std::numeric_limits<int>::max());
        if (newer_only && ignores_bad_words(directive->kind)) {
            // systemd skips the unknown word and keeps the rest of the line.
        } else if (newer_only) {
            applied.ignored = *invalid;
        } else if (invalid && ignores_bad_words(directive->kind)) {
            result_.problems.push_back(assignment_problem(
                assignment, file.path, "UG103", "invalid-value", Severity::Warning,
                fmt::format("{}; systemd skips that entry and keeps the rest", *invalid),
                assignment.value_column));
        } else if (invalid) {
            applied.ignored = *invalid;
            result_.problems.push_back(assignment_problem(
                assignment, file.path, "UG103", "invalid-value", Severity::Warning,
                fmt::format("{}; systemd ignores this assignment", *invalid),
                assignment.value_column));
        }
    }

    if (applied.ignored.empty() && directive->kind == ValueKind::SyscallFilter) {
        check_syscall_entry_count(file, assignment, setting, applied);
    }

    std::size_t index = setting.history.size();
    if (!applied.ignored.empty()) {
        applied.live = false;
        setting.history.push_back(std::move(applied));
        return;
    }
    bool empty = applied.value.empty();
    switch (directive->accumulation) {
        case Accumulation::Replace:
            retire_live(setting, index);
            break;
        case Accumulation::Append:
            if (empty) {
                retire_live(setting, index);
                applied.live = false;  // a reset contributes no value of its own
            }
            break;
        case Accumulation::AppendNoReset:
            if (empty) applied.live = false;
            break;
    }
    setting.history.push_back(std::move(applied));
}

}  // namespace

EffectiveUnit compute_effective(const LoadedUnit& unit, const SpecifierContext& context) {
    return Merger(unit, context).run();
}

}  // namespace unitguard::linter
