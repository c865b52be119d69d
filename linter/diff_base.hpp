// SPDX-License-Identifier: MIT
// `check --diff-base REF`: report only the findings that a git revision does not have.
#pragma once

#include <cstddef>
#include <vector>

#include "linter/cli_options.hpp"
#include "linter/diagnostic.hpp"
#include "linter/expected.hpp"

namespace unitguard::linter {

/// Extracts the tree of git revision `options.diff_base` into a temporary directory with
/// `git archive`, runs the same check there in a child process (the same unit arguments,
/// --root, --policy, --user and --target-systemd, each mapped into the extracted tree) and
/// removes every open finding of `findings` whose fingerprint the revision also has, as
/// many times as it has it. Returns the number of findings removed, or an error when the
/// working directory is not in a git repository, REF names no commit, or the check of
/// the revision could not run.
Expected<std::size_t> drop_findings_of_revision(const Options& options,
                                                std::vector<Diagnostic>& findings);

}  // namespace unitguard::linter
