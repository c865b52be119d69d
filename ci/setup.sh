#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what building and testing unitguard needs on Debian 12, then unpacks the pinned
# tree-sitter-bash grammar. Safe to run again: a machine that has everything takes well
# under a second and changes nothing.
#
# Usage: ci/setup.sh [--dry-run] [--pretend-missing PKG]...
#   --dry-run               print what would be installed or run, and change nothing
#   --pretend-missing PKG   treat PKG as not installed (to try the install path with --dry-run)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
grammar_dir=$root/rules/shell/grammar

# Debian packages, each with the reason it is needed.
packages=(
    g++                 # compiles the C++20 sources and the grammar's generated C
    cmake               # configure, build and test driver (CMakePresets.json needs >= 3.25)
    ninja-build         # the generator every preset in CMakePresets.json names
    pkg-config          # CMake finds libsystemd, tree-sitter and toml++ through it
    dpkg-dev            # dpkg-shlibdeps: cpack computes the .deb's Depends with it
    libtree-sitter-dev  # tree-sitter runtime that the bash grammar is linked against
    libsystemd-dev      # sd-bus, which drift/ uses to read what the service manager loaded
    libtomlplusplus-dev # parses policy files (unitguard.toml)
    libfmt-dev          # formats diagnostics and reports
    doctest-dev         # the unit-test framework of tests/
    nodejs              # runs npm
    npm                 # unpacks the tree-sitter-bash grammar pinned in rules/shell/grammar
    git                 # tests of the pre-commit hook and of policy discovery (which walks up
                        # to the repository root) work in throwaway git repositories
    systemd             # systemd-analyze and a throwaway `systemd --user` manager: the
                        # reference that tests compare unitguard's results with
    dbus                # dbus-daemon: drift tests talk to a private bus (--bus-address)
    util-linux          # unshare and mount: private namespaces for those reference managers
    python3             # test scripts read the JSON reports
    python3-jsonschema  # validates the JSON report against schemas/unitguard-report.schema.json
    pre-commit          # the real pre-commit framework runs .pre-commit-hooks.yaml in a test
)

dry_run=0
pretend_missing=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --dry-run) dry_run=1 ;;
        --pretend-missing)
            [[ $# -ge 2 ]] || { echo "setup: error: --pretend-missing needs a package name" >&2; exit 2; }
            pretend_missing+=("$2")
            shift ;;
        -h|--help) sed -n '3,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "setup: error: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

# --- Debian packages -----------------------------------------------------------------------

[[ -r /etc/debian_version ]] || die "this script expects Debian 12; install by hand: ${packages[*]}"

# One dpkg-query call for all packages: fully installed ones show as "ii".
declare -A installed=()
while IFS=$'\t' read -r name status; do
    if [[ $status == ii* ]]; then installed[$name]=1; fi
done < <(dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null || true)

# A nodejs build that bundles npm (NodeSource's) provides and conflicts with Debian's npm
# package, so an npm on PATH counts as installed.
if [[ -n ${installed[nodejs]:-} ]] && command -v npm >/dev/null; then
    installed[npm]=1
fi
for pretend in "${pretend_missing[@]}"; do
    unset "installed[$pretend]"
done

missing=()
for pkg in "${packages[@]}"; do
    [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -gt 0 ]]; then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || [[ $dry_run -eq 1 ]] \
            || die "missing packages (${missing[*]}), not root, and sudo is not installed"
        sudo=(sudo)
    fi
    apt_opts=(-y -q --no-install-recommends -o Dpkg::Use-Pty=0)
    if [[ $dry_run -eq 1 ]]; then
        say "would run: ${sudo[*]}${sudo:+ }apt-get update"
        say "would run: ${sudo[*]}${sudo:+ }apt-get install ${apt_opts[*]} ${missing[*]}"
    else
        say "installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        "${sudo[@]}" apt-get update -q </dev/null \
            || die "apt-get update failed; is the Debian archive reachable?"
        "${sudo[@]}" apt-get install "${apt_opts[@]}" "${missing[@]}" </dev/null \
            || die "apt-get install failed for: ${missing[*]}"
    fi
fi

# --- the tree-sitter-bash grammar ----------------------------------------------------------

# Succeeds when node_modules contains exactly the packages and versions of package-lock.json,
# as recorded in npm's hidden lockfile, and the grammar sources that CMake compiles exist.
grammar_matches_lockfile() {
    command -v node >/dev/null || return 1
    node - "$grammar_dir" <<'JS'
const fs = require("fs"), path = require("path");
const dir = process.argv[2];
const read = (p) => JSON.parse(fs.readFileSync(path.join(dir, p), "utf8"));
try {
    const pinned = read("package-lock.json").packages;
    const unpacked = read("node_modules/.package-lock.json").packages;
    const names = Object.keys(pinned).filter((name) => name !== "");
    if (names.length !== Object.keys(unpacked).length) process.exit(1);
    for (const name of names) {
        const want = pinned[name], have = unpacked[name];
        if (!have || have.version !== want.version || have.integrity !== want.integrity) process.exit(1);
        if (read(path.join(name, "package.json")).version !== want.version) process.exit(1);
    }
    fs.accessSync(path.join(dir, "node_modules/tree-sitter-bash/src/parser.c"));
    fs.accessSync(path.join(dir, "node_modules/tree-sitter-bash/src/scanner.c"));
} catch (e) {
    process.exit(1);
}
JS
}

grammar_stale=0
if grammar_matches_lockfile; then
    :
elif [[ $dry_run -eq 1 ]]; then
    say "would run: (cd rules/shell/grammar && npm ci --ignore-scripts --no-audit --no-fund)"
else
    grammar_stale=1
    say "unpacking the tree-sitter-bash grammar (npm ci)"
    (cd "$grammar_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null) \
        || die "npm ci failed in rules/shell/grammar; is the npm registry reachable?"
    grammar_matches_lockfile \
        || die "rules/shell/grammar/node_modules does not match package-lock.json after npm ci"
fi

if [[ $dry_run -eq 1 ]]; then
    say "dry run: nothing was changed"
elif [[ ${#missing[@]} -eq 0 && $grammar_stale -eq 0 ]]; then
    say "all packages present, grammar matches its lockfile"
else
    say "done"
fi
