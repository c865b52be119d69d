// SPDX-License-Identifier: MIT
// Waivers, rule switches and severities from the policy, applied to a run's findings.
#include "rules/waivers.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "linter/suggest.hpp"
#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnusedWaiver;
extern const Rule kExpiredWaiver;

namespace {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) return 29;
    return kDays[month - 1];
}

// Parses exactly `digits` decimal digits.
std::optional<int> parse_digits(std::string_view text, std::size_t digits) {
    if (text.size() != digits) return std::nullopt;
    int number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return number;
}

std::string waiver_place(const Waiver& waiver) {
    return fmt::format("{}:{}", waiver.location.path, waiver.location.line);
}

std::string covered_units(const Waiver& waiver) {
    if (waiver.units.empty()) return "every unit";
    std::string names;
    for (const Located<std::string>& pattern : waiver.units) {
        if (!names.empty()) names += ", ";
        names += fmt::format("'{}'", pattern.value);
    }
    return names;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    std::optional<int> year = parse_digits(text.substr(0, 4), 4);
    std::optional<int> month = parse_digits(text.substr(5, 2), 2);
    std::optional<int> day = parse_digits(text.substr(8, 2), 2);
    if (!year || !month || !day || *month < 1 || *month > 12) return std::nullopt;
    if (*day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
    return Date{*year, *month, *day};
}

std::string format_date(const Date& date) {
    return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

Expected<Date> current_date() {
    const char* fixed = std::getenv(std::string(kTodayVariable).c_str());
    if (fixed != nullptr) {
        if (std::optional<Date> date = parse_date(fixed)) return *date;
        return Error{fmt::format("invalid {} '{}': expected a date such as 2027-06-30",
                                 kTodayVariable, fixed),
                     {}};
    }

    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (localtime_r(&now, &local) == nullptr) {
        return Error{"failed to read the local date from the system clock", {}};
    }
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

bool is_expired(const Date& last_day, const Date& today) { return today > last_day; }

std::string rule_id_suggestion(std::string_view written) {
    // Writing a rule's kebab-case name in place of its ID is a common slip, so the
    // suggestion then names the rule's ID.
    for (const Rule* rule : all_rules()) {
        if (rule->name == written) return linter::did_you_mean(std::string(rule->id));
    }
    std::vector<std::string_view> ids;
    for (const Rule* rule : all_rules()) ids.push_back(rule->id);
    return linter::did_you_mean(linter::suggest(written, ids));
}

Diagnostic make_hygiene_finding(const Rule& rule, std::string message, Location location) {
    Diagnostic finding;
    finding.rule_id = std::string(rule.id);
    finding.rule_name = std::string(rule.name);
    finding.severity = rule.severity;
    finding.message = std::move(message);
    finding.location = std::move(location);
    if (!rule.fix_hint.empty()) finding.help = std::string(rule.fix_hint);
    return finding;
}

void drop_disabled_rules(const Policy* policy, std::vector<Diagnostic>& findings) {
    if (policy == nullptr) return;
    std::erase_if(findings, [policy](const Diagnostic& finding) {
        const Rule* rule = find_rule(finding.rule_id);
        return rule != nullptr && !rule_enabled(*rule, policy);
    });
}

void apply_rule_severities(const Policy& policy, std::vector<Diagnostic>& findings) {
    if (policy.rules.severity.empty()) return;
    for (Diagnostic& finding : findings) {
        if (std::optional<Severity> severity = policy.rule_severity(finding.rule_id)) {
            finding.severity = *severity;
        }
    }
}

void apply_waivers(const Policy& policy, const WaiverRun& run, std::vector<Diagnostic>& findings) {
    std::vector<Diagnostic> hygiene;
    for (const Waiver& waiver : policy.waivers) {
        const bool expired = waiver.expires && is_expired(waiver.expires->value, run.today);
        bool used = false;
        for (Diagnostic& finding : findings) {
            if (!waiver_applies(waiver, finding.rule_id, finding.unit)) continue;
            used = true;
            if (expired) {
                finding.notes.push_back(fmt::format("the waiver at {} expired on {}",
                                                    waiver_place(waiver),
                                                    format_date(waiver.expires->value)));
                continue;
            }
            // A finding that an inline comment suppresses keeps that state: the comment is
            // closer to the code and names its own reason.
            if (finding.state != FindingState::Open) continue;
            finding.state = FindingState::Waived;
            finding.state_reason = waiver.reason.value;
            finding.state_source = waiver_place(waiver);
        }

        if (expired && rule_enabled(kExpiredWaiver, &policy)) {
            hygiene.push_back(make_hygiene_finding(
                kExpiredWaiver,
                fmt::format("waiver of '{}' for {} expired on {}; its findings are reported "
                            "again",
                            waiver.rule.value, covered_units(waiver),
                            format_date(waiver.expires->value)),
                waiver.expires->value_location));
        } else if (!used && run.whole_tree && rule_enabled(kUnusedWaiver, &policy)) {
            hygiene.push_back(make_hygiene_finding(
                kUnusedWaiver,
                fmt::format("waiver of '{}' for {} matches no finding", waiver.rule.value,
                            covered_units(waiver)),
                waiver.location));
        }
    }
    for (Diagnostic& finding : hygiene) findings.push_back(std::move(finding));
}

}  // namespace unitguard::rules
