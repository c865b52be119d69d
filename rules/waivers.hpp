// SPDX-License-Identifier: MIT
// Policy waivers and [rules] switches applied to findings, and the dates they depend on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/diagnostic.hpp"
#include "linter/expected.hpp"
#include "rules/policy.hpp"

namespace unitguard::rules {

struct Rule;

/// Environment variable that replaces today's date, for tests and reproducible runs.
inline constexpr std::string_view kTodayVariable = "UNITGUARD_TODAY";

/// Parses a calendar date written as YYYY-MM-DD. Returns nothing for any other text and
/// for a day that does not exist (2027-02-29).
std::optional<Date> parse_date(std::string_view text);

/// Formats a date as YYYY-MM-DD.
std::string format_date(const Date& date);

/// Returns today's date: UNITGUARD_TODAY when it is set, else the local date of the
/// system clock. An invalid UNITGUARD_TODAY is an error.
Expected<Date> current_date();

/// Whether something whose last valid day is `last_day` has expired on `today`.
bool is_expired(const Date& last_day, const Date& today);

/// Returns "; did you mean 'UG402'?" for a misspelt rule ID or a rule's name, else "".
std::string rule_id_suggestion(std::string_view written);

/// Builds a finding of `rule` that belongs to no unit: a policy or comment problem.
Diagnostic make_hygiene_finding(const Rule& rule, std::string message, Location location);

/// Removes the findings of rules that the policy's [rules] table turns off.
void drop_disabled_rules(const Policy* policy, std::vector<Diagnostic>& findings);

/// Replaces the severity of findings whose rule has an entry in [rules.severity].
void apply_rule_severities(const Policy& policy, std::vector<Diagnostic>& findings);

/// Facts about the run that waivers depend on.
struct WaiverRun {
    Date today;
    /// Every unit below the root was checked. Only then is a waiver that matched nothing
    /// reported as unused, since a run over some files cannot tell.
    bool whole_tree = false;
};

/// Marks the open findings that a current waiver covers as waived, with the waiver's
/// reason. A finding covered by an expired waiver stays open and gets a note saying when
/// the waiver expired. Appends UG906 for each unused waiver and UG907 for each expired one.
void apply_waivers(const Policy& policy, const WaiverRun& run, std::vector<Diagnostic>& findings);

}  // namespace unitguard::rules
