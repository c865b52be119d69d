// SPDX-License-Identifier: MIT
// The rule catalogue: one line per rule, in ID order.
#include <algorithm>
#include <array>

#include "rules/rule.hpp"

namespace unitguard::rules {

extern const Rule kUnreadableInput;
extern const Rule kUnitFileSyntax;
extern const Rule kUnknownKey;
extern const Rule kInvalidValue;
extern const Rule kUnknownSpecifier;
extern const Rule kUnknownSection;
extern const Rule kDirectiveInWrongSection;
extern const Rule kDuplicateScalarAssignment;
extern const Rule kServiceWithoutExecStart;
extern const Rule kMultipleExecStart;
extern const Rule kExecPathRelative;
extern const Rule kExecPathVariable;
extern const Rule kExecPathSearched;
extern const Rule kExecPathMalformed;
extern const Rule kDirectiveNewerThanTarget;
extern const Rule kValueNewerThanTarget;
extern const Rule kSyscallGroupNewerThanTarget;
extern const Rule kRemovedDirective;
extern const Rule kDirectiveRemovedLater;
extern const Rule kDeprecatedDirective;
extern const Rule kOneshotIncompatibleSetting;
extern const Rule kDbusServiceWithoutBusName;
extern const Rule kPamServiceKillMode;
extern const Rule kAdminDropinShadowed;
extern const Rule kSandboxingSkippedInUserUnit;
extern const Rule kNoNewPrivilegesBlocksSetuid;
extern const Rule kProtectSystemStrictBlocksWrite;
extern const Rule kMemoryDenyWriteExecuteOnJit;
extern const Rule kSyscallArchitecturesExcludeBinary;
extern const Rule kPrivateUsersUnmappedIdentity;
extern const Rule kSandboxPathMissingFromRoot;
extern const Rule kWriteBlockedBySandbox;
extern const Rule kSetuidProgramInScript;
extern const Rule kSysctlChangedAtRunTime;
extern const Rule kFetchPipedToShell;
extern const Rule kPtraceToolBlocked;
extern const Rule kCommandMissingFromRoot;
extern const Rule kRequiredSettingUnmet;
extern const Rule kForbiddenSettingInEffect;
extern const Rule kDeniedSyscallAllowed;
extern const Rule kSysctlValueMismatch;
extern const Rule kExposureAboveMaximum;
extern const Rule kLivePolicyRequirementUnmet;
extern const Rule kLiveSettingDiffersFromDeclared;
extern const Rule kUndeclaredDropInLoaded;
extern const Rule kUnitNeedsDaemonReload;
extern const Rule kExpectedUnitNotRunning;
extern const Rule kLiveSysctlDiffersFromPolicy;
extern const Rule kLiveSysctlDiffersFromPersisted;
extern const Rule kRequirementUnenforceableOnHost;
extern const Rule kSysctlKeyMissing;
extern const Rule kUnusedSuppression;
extern const Rule kUnknownRuleInSuppression;
extern const Rule kExpiredSuppression;
extern const Rule kSuppressionWithoutReason;
extern const Rule kMalformedSuppression;
extern const Rule kUnusedWaiver;
extern const Rule kExpiredWaiver;

namespace {

const std::array<const Rule*, 58> kRules = {
    &kUnreadableInput,           // UG002
    &kUnitFileSyntax,            // UG101
    &kUnknownKey,                // UG102
    &kInvalidValue,              // UG103
    &kUnknownSpecifier,          // UG104
    &kUnknownSection,            // UG105
    &kDirectiveInWrongSection,   // UG106
    &kDuplicateScalarAssignment,  // UG107
    &kServiceWithoutExecStart,   // UG108
    &kMultipleExecStart,         // UG109
    &kExecPathRelative,          // UG110
    &kExecPathVariable,          // UG111
    &kExecPathSearched,          // UG112
    &kExecPathMalformed,         // UG113
    &kDirectiveNewerThanTarget,  // UG114
    &kValueNewerThanTarget,      // UG115
    &kSyscallGroupNewerThanTarget,  // UG116
    &kRemovedDirective,          // UG117
    &kDirectiveRemovedLater,     // UG118
    &kDeprecatedDirective,       // UG119
    &kOneshotIncompatibleSetting,  // UG120
    &kDbusServiceWithoutBusName,  // UG121
    &kPamServiceKillMode,        // UG122
    &kAdminDropinShadowed,       // UG123
    &kSandboxingSkippedInUserUnit,  // UG201
    &kNoNewPrivilegesBlocksSetuid,  // UG202
    &kProtectSystemStrictBlocksWrite,  // UG203
    &kMemoryDenyWriteExecuteOnJit,  // UG204
    &kSyscallArchitecturesExcludeBinary,  // UG205
    &kPrivateUsersUnmappedIdentity,  // UG206
    &kSandboxPathMissingFromRoot,  // UG207
    &kWriteBlockedBySandbox,     // UG301
    &kSetuidProgramInScript,     // UG302
    &kSysctlChangedAtRunTime,    // UG303
    &kFetchPipedToShell,         // UG304
    &kPtraceToolBlocked,         // UG305
    &kCommandMissingFromRoot,    // UG306
    &kRequiredSettingUnmet,      // UG401
    &kForbiddenSettingInEffect,  // UG402
    &kDeniedSyscallAllowed,      // UG403
    &kSysctlValueMismatch,       // UG404
    &kExposureAboveMaximum,      // UG405
    &kLivePolicyRequirementUnmet,  // UG501
    &kLiveSettingDiffersFromDeclared,  // UG502
    &kUndeclaredDropInLoaded,  // UG503
    &kUnitNeedsDaemonReload,  // UG504
    &kExpectedUnitNotRunning,  // UG505
    &kLiveSysctlDiffersFromPolicy,  // UG506
    &kLiveSysctlDiffersFromPersisted,  // UG507
    &kRequirementUnenforceableOnHost,  // UG508
    &kSysctlKeyMissing,  // UG509
    &kUnusedSuppression,         // UG901
    &kUnknownRuleInSuppression,  // UG902
    &kExpiredSuppression,        // UG903
    &kSuppressionWithoutReason,  // UG904
    &kMalformedSuppression,      // UG905
    &kUnusedWaiver,              // UG906
    &kExpiredWaiver,             // UG907
};

}  // namespace

std::span<const Rule* const> all_rules() { return kRules; }

const Rule* find_rule(std::string_view id) {
    auto it = std::find_if(kRules.begin(), kRules.end(),
                           [id](const Rule* rule) { return rule->id == id; });
    return it == kRules.end() ? nullptr : *it;
}

}  // namespace unitguard::rules
