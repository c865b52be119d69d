// SPDX-License-Identifier: MIT
// Typed security settings (syscall filters, capabilities, address families) and the
// settings systemd implies from others.
#pragma once

#include <string_view>

#include "linter/settings.hpp"

namespace unitguard::linter {

/// Fills the typed members of `settings` (syscall sets, capability masks, address
/// families) from the assignment histories, then the implied settings.
void derive_security_settings(Settings& settings);

/// Parses a whitespace-separated list of capability names; unknown names are skipped,
/// as systemd does.
CapabilityMask parse_capability_list(std::string_view text);

}  // namespace unitguard::linter
