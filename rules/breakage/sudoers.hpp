// SPDX-License-Identifier: MIT
// Reading sudoers(5) files inside a root: which rules a user or group may use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/root_fs.hpp"

namespace unitguard::rules::breakage {

/// A sudoers rule whose user list names the user, one of the groups, or an alias of them.
struct SudoersGrant {
    std::string path;  ///< sudoers file inside the root
    int line = 0;      ///< line where the rule starts
    std::string who;   ///< the matching user list entry, e.g. "game-web" or "%admin"
};

/// Finds the rules of /etc/sudoers and its include directories (/etc/sudoers.d when
/// /etc/sudoers is missing, as Debian's default file includes it) that `user` may use
/// directly or through `groups`. Entries `ALL`, negated entries and netgroups are not
/// matched, so a rule counts only when it names this user or group on purpose.
std::vector<SudoersGrant> find_sudoers_grants(const linter::RootFs& root, std::string_view user,
                                              const std::vector<std::string>& groups);

/// Returns the groups of `user` in the root's /etc/group and its primary group from
/// /etc/passwd, by name.
std::vector<std::string> groups_of_user(const linter::RootFs& root, std::string_view user);

}  // namespace unitguard::rules::breakage
