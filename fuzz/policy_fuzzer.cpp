// SPDX-License-Identifier: MIT
// Fuzz target: the TOML policy reader and validator (read_policy), then the policy's unit
// matching and the drop-in merge on what it read.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/policy.hpp"

namespace {

using namespace unitguard::rules;

// Unit names that policies match: plain, template, instance, and one long enough to make
// a backtracking glob slow.
const std::string kUnitNames[] = {
    "game-server.service",  "game-server@.service", "game-server@2.service",
    "sshd.socket",          "a.b.c.timer",          std::string(200, 'a') + ".service",
};

void use(const Policy& policy) {
    for (const std::string& name : kUnitNames) {
        (void)policy.profiles_for(name);
        for (const Waiver& waiver : policy.waivers) {
            (void)waiver_applies(waiver, waiver.rule.value, name);
        }
    }
    for (const Profile& profile : policy.profiles) {
        for (const auto& pattern : profile.units) (void)check_unit_pattern(pattern.value);
    }
    for (const SysctlRequirement& requirement : policy.sysctl) {
        (void)policy.find_sysctl(requirement.key);
    }
    (void)policy.rule_switch("UG402");
    (void)policy.rule_severity("UG402");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    PolicyResult main_file = read_policy(text, "unitguard.toml");
    use(main_file.policy);

    PolicyResult drop_in = read_policy(text, "unitguard.toml.d/fuzz.toml", PolicyFileKind::DropIn);
    merge_policy(main_file.policy, std::move(drop_in.policy));
    use(main_file.policy);
    return 0;
}
