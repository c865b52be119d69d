// SPDX-License-Identifier: MIT
// The rule catalogue: one line per rule, in ID order.
#include <algorithm>
#include <array>

#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnreadableInput;
extern const Rule kUnitFileSyntax;
extern const Rule kInvalidValue;
extern const Rule kUnknownSpecifier;
extern const Rule kRequiredSettingUnmet;
extern const Rule kForbiddenSettingInEffect;
extern const Rule kDeniedSyscallAllowed;
extern const Rule kSysctlValueMismatch;
extern const Rule kExposureAboveMaximum;

namespace {

const std::array<const Rule*, 9> kRules = {
    &kUnreadableInput,           // UG002
    &kUnitFileSyntax,            // UG101
    &kInvalidValue,              // UG103
    &kUnknownSpecifier,          // UG104
    &kRequiredSettingUnmet,      // UG401
    &kForbiddenSettingInEffect,  // UG402
    &kDeniedSyscallAllowed,      // UG403
    &kSysctlValueMismatch,       // UG404
    &kExposureAboveMaximum,      // UG405
};

}  // namespace

std::span<const Rule* const> all_rules() { return kRules; }

const Rule* find_rule(std::string_view id) {
    auto it = std::find_if(kRules.begin(), kRules.end(),
                           [id](const Rule* rule) { return rule->id == id; });
    return it == kRules.end() ? nullptr : *it;
}

}  // namespace unitguard::rules
