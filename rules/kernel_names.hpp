// SPDX-License-Identifier: MIT
// Names the kernel gives to numbers: capabilities, address families and errno values.
#pragma once

#include <optional>
#include <string_view>

namespace unitguard::rules {

/// Number of `name` ("CAP_SYS_ADMIN", matched case-insensitively as systemd does).
std::optional<int> capability_number(std::string_view name);
/// Name of capability `number` ("CAP_SYS_ADMIN"), or "" when unknown.
std::string_view capability_name(int number);
/// One past the highest capability number in the table (41 for Linux 6.1's CAP_CHECKPOINT_RESTORE).
int capability_count();

/// Number of address family `name` ("AF_INET", matched case-insensitively as systemd does).
std::optional<int> address_family_number(std::string_view name);
/// Name of address family `number` ("AF_INET"), or "" when unknown. For numbers with
/// several names this is the one systemd prints (AF_UNIX, AF_NETLINK).
std::string_view address_family_name(int number);
/// Whether systemd accepts `name` in RestrictAddressFamilies= (every AF_* name of the table
/// except AF_UNSPEC; matched case-insensitively as systemd does).
bool address_family_accepted_by_systemd(std::string_view name);

/// Number of errno `name` ("EPERM", matched case-insensitively as systemd does; the
/// aliases EWOULDBLOCK, EDEADLOCK and ENOTSUP are known too).
std::optional<int> errno_number(std::string_view name);
/// Name of errno `number` ("EPERM"), or "" when unknown; never one of the aliases.
std::string_view errno_name(int number);

}  // namespace unitguard::rules
