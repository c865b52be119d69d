#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the .deb with CPack and installs it into a throwaway Debian 12 root, never on this
# machine. Inside that root it checks that `apt-get install ./unitguard_*.deb` resolves the
# dependencies from the Debian archive, that `man unitguard` shows the manual page, that
# `unitguard --version` prints the package and rule-set versions, and that the installed
# binary checks fixtures/reference with the output of tests/cli/golden/reference_check.txt.
#
# Usage: ci/deb-install-check.sh
#
# Needs root (debootstrap, chroot, mount) and access to deb.debian.org. On this machine it
# installs only debootstrap, if it is missing, and what ci/setup.sh installs for the build
# (nothing when the build packages are present). The first run bootstraps a minbase
# bookworm root and caches it as a tarball under ~/.cache/unitguard. Every run unpacks a
# fresh copy of that tarball into build/deb-root, so each install starts from a clean
# system. The build directory is build/pkg-check/release. Ends with a PASS or FAIL line and
# exits 0 on PASS, 1 when a check fails and 2 when the check could not be set up.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 2

suite=bookworm
mirror=http://deb.debian.org/debian
build_dir=$repo/build/pkg-check/release
chroot_dir=$repo/build/deb-root
bootstrap_dir=$repo/build/deb-root.bootstrap
lock_file=$repo/build/deb-root.lock
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/unitguard
base_tarball=$cache_dir/debian-$suite-minbase.tar.gz

started=$SECONDS
failures=0

step() { echo; echo "=== $*"; }
say() { echo "deb-install-check: $*"; }
check_ok() { echo "ok:   $*"; }
check_failed() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Prints the PASS or FAIL line and exits. A setup error (exit 2) also counts as FAIL.
finish() {
    local status=$1 reason=$2
    echo
    if [[ $status -eq 0 ]]; then
        echo "PASS: deb-install-check: $reason ($((SECONDS - started)) s)"
    else
        echo "FAIL: deb-install-check: $reason ($((SECONDS - started)) s)"
    fi
    exit "$status"
}
die() { say "error: $*" >&2; finish 2 "setup failed: $*"; }

# Unmounts everything below the throwaway roots, deepest first. Runs on every exit, so an
# interrupted run leaves no /proc mounted inside build/.
unmount_below() {
    local dir=$1 target
    [[ -d $dir ]] || return 0
    while read -r target; do
        [[ -n $target ]] || continue
        umount "$target" 2>/dev/null || umount -l "$target" ||
            say "error: failed to unmount $target; unmount it by hand" >&2
    done < <(findmnt -rn -o TARGET | grep -F -e "$(realpath "$dir")/" | sort -r)
}
cleanup() {
    unmount_below "$chroot_dir"
    unmount_below "$bootstrap_dir"
}
trap cleanup EXIT
trap 'finish 130 "interrupted"' INT TERM

# Deletes a throwaway root. Stops with an error while anything is still mounted below it,
# because rm -rf would then reach into the mounted file system.
remove_root() {
    local dir=$1
    [[ -e $dir ]] || return 0
    if findmnt -rn -o TARGET | grep -qF -e "$(realpath "$dir")/"; then
        die "something is still mounted below $dir"
    fi
    rm -rf --one-file-system "$dir"
}

# Runs a command inside the throwaway root with a minimal environment.
in_root() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb \
        DEBIAN_FRONTEND=noninteractive chroot "$chroot_dir" "$@"
}

[[ $(id -u) -eq 0 ]] ||
    die "must run as root, because debootstrap, chroot and mount need it; use sudo"
[[ -r /etc/debian_version ]] ||
    die "/etc/debian_version not found; this script needs a Debian host (apt-get, dpkg-deb)"
mkdir -p "$repo/build" "$cache_dir" || die "failed to create $repo/build or $cache_dir"
exec 9> "$lock_file"
flock -n 9 || die "another run of this script is using build/deb-root (lock file $lock_file)"

# --- the package -------------------------------------------------------------------------

step "build the .deb in ${build_dir#"$repo"/}"
bash ci/setup.sh || die "ci/setup.sh failed"
cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBUILD_TESTING=OFF > /dev/null || die "cmake configure failed in $build_dir"
cmake --build "$build_dir" -j2 || die "build failed in $build_dir"
rm -f "$build_dir"/unitguard_*.deb
(cd "$build_dir" && cpack -G DEB) || die "cpack failed in $build_dir"
debs=("$build_dir"/unitguard_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] ||
    die "expected one unitguard_*.deb in $build_dir, found: ${debs[*]}"
deb=${debs[0]}
deb_name=$(basename "$deb")
deb_version=$(dpkg-deb -f "$deb" Version)
say "built $deb_name"
dpkg-deb -f "$deb" Package Version Architecture Maintainer Depends | sed 's/^/    /'

# --- a clean Debian 12 root -------------------------------------------------------------

if [[ ! -f $base_tarball ]]; then
    step "bootstrap a minbase $suite root (cached as $base_tarball)"
    if ! command -v debootstrap > /dev/null; then
        say "installing debootstrap on this machine"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            debootstrap < /dev/null || die "apt-get install debootstrap failed"
    fi
    remove_root "$bootstrap_dir"
    debootstrap --variant=minbase "$suite" "$bootstrap_dir" "$mirror" ||
        die "debootstrap of $suite from $mirror failed"
    unmount_below "$bootstrap_dir"
    tar -C "$bootstrap_dir" --numeric-owner -czf "$base_tarball.partial" . ||
        die "failed to write $base_tarball.partial"
    mv "$base_tarball.partial" "$base_tarball"
    remove_root "$bootstrap_dir"
fi

step "unpack a fresh root into ${chroot_dir#"$repo"/}"
remove_root "$chroot_dir"
mkdir -p "$chroot_dir"
tar -C "$chroot_dir" --numeric-owner -xpzf "$base_tarball" ||
    die "failed to unpack $base_tarball; delete it to bootstrap again"

# The archive of a plain Debian 12 install: the release, its point updates and security
# fixes, all from the mirror this machine can reach.
cat > "$chroot_dir/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb ${mirror}-security $suite-security main
EOF
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf" ||
    die "failed to copy /etc/resolv.conf into the root"

# Container images often tell dpkg to skip manual pages (path-exclude=/usr/share/man/*).
# Such a line would make `man unitguard` fail for reasons outside the package, so it is
# commented out.
for config in "$chroot_dir"/etc/dpkg/dpkg.cfg.d/*; do
    [[ -f $config ]] || continue
    if grep -qE '^[[:space:]]*path-exclude[[:space:]=]+/usr/share/man' "$config"; then
        say "re-enabling manual pages excluded by /etc/dpkg/dpkg.cfg.d/$(basename "$config")"
        sed -i -E 's|^([[:space:]]*path-exclude[[:space:]=]+/usr/share/man)|# \1|' "$config"
    fi
done

# The example and its expected output, laid out as in the repository so that the paths in
# the findings match the golden file.
example=/tmp/unitguard-example
mkdir -p "$chroot_dir$example/fixtures" "$chroot_dir$example/golden"
cp -a fixtures/reference fixtures/reference-clean "$chroot_dir$example/fixtures/"
cp tests/cli/golden/reference_check.txt "$chroot_dir$example/golden/"
cp "$deb" "$chroot_dir/tmp/"
chmod 644 "$chroot_dir/tmp/$deb_name"

mount -t proc proc "$chroot_dir/proc" || die "failed to mount /proc in $chroot_dir"

# --- install -----------------------------------------------------------------------------

step "apt-get update"
in_root apt-get update -q || die "apt-get update failed in the root; is $mirror reachable?"

step "apt-get install man-db (minbase has no man command)"
in_root apt-get install -y -q -o Dpkg::Use-Pty=0 --no-install-recommends man-db ||
    die "apt-get install man-db failed in the root"

step "apt-get install ./$deb_name"
if in_root sh -c "cd /tmp && apt-get install -y -q -o Dpkg::Use-Pty=0 ./$deb_name"; then
    check_ok "apt-get installed $deb_name and its dependencies"
else
    check_failed "apt-get install ./$deb_name failed"
    finish 1 "the package does not install on a clean Debian $suite"
fi

# --- checks ------------------------------------------------------------------------------

step "check the installed package"
status=$(in_root dpkg-query -W -f='${db:Status-Abbrev} ${Version}' unitguard 2>&1)
if [[ $status == "ii  $deb_version" ]]; then
    check_ok "dpkg lists unitguard $deb_version as installed"
else
    check_failed "dpkg-query for unitguard prints '$status'"
fi

location=$(in_root sh -c 'command -v unitguard')
if [[ $location == /usr/bin/unitguard ]]; then
    check_ok "unitguard is /usr/bin/unitguard"
else
    check_failed "unitguard on PATH is '$location', expected /usr/bin/unitguard"
fi

# The rule-set line ("rule set N rules, HASH") must match the binary in the build
# directory, which the package was made from.
version_output=$(in_root unitguard --version 2>&1)
version_line=$(sed -n 1p <<< "$version_output")
rule_set_line=$(sed -n 2p <<< "$version_output")
built_rule_set_line=$("$build_dir/unitguard" --version | sed -n 2p)
if [[ $version_line == "unitguard $deb_version" && $rule_set_line == "rule set "?* &&
      $rule_set_line == "$built_rule_set_line" ]]; then
    check_ok "unitguard --version prints '$version_line' and '$rule_set_line'"
else
    check_failed "unitguard --version prints '$version_output', expected 'unitguard" \
        "$deb_version' and '$built_rule_set_line'"
fi

manual=$(in_root env MANPAGER=cat MANWIDTH=80 man unitguard 2>&1)
missing_headings=()
for heading in NAME SYNOPSIS VERBS OPTIONS "EXIT STATUS" POLICY; do
    grep -qx "$heading" <<< "$manual" || missing_headings+=("$heading")
done
if [[ ${#missing_headings[@]} -eq 0 ]] && grep -q '^ *unitguard - ' <<< "$manual"; then
    check_ok "man unitguard shows the page ($(wc -l <<< "$manual") lines)"
else
    check_failed "man unitguard lacks ${missing_headings[*]:-the NAME line}; it printed:"
    head -n 20 <<< "$manual"
fi

# The same command as tests/cli/reference_check.sh, run from a copy of the repository
# layout. "exit: N" is appended as in the golden file.
golden=$(cat "$chroot_dir$example/golden/reference_check.txt")
actual=$(in_root sh -c "cd $example && unitguard check --color never --root fixtures/reference \
    --policy fixtures/reference/unitguard.toml 2>&1; echo \"exit: \$?\"")
last_line() { sed -n '$p' <<< "$1"; }
summary_line() { tail -n 2 <<< "$1" | head -n 1; }
if [[ $actual == "$golden" ]]; then
    check_ok "the example check prints tests/cli/golden/reference_check.txt exactly" \
        "($(summary_line "$actual"), $(last_line "$actual"))"
elif [[ $(last_line "$actual") == "$(last_line "$golden")" &&
        $(summary_line "$actual") == "$(summary_line "$golden")" ]]; then
    check_ok "the example check has the golden exit code and finding count" \
        "($(summary_line "$actual"), $(last_line "$actual")); the text differs:"
    diff <(printf '%s\n' "$golden") <(printf '%s\n' "$actual")
else
    check_failed "the example check differs from tests/cli/golden/reference_check.txt:"
    diff <(printf '%s\n' "$golden") <(printf '%s\n' "$actual")
fi

clean=$(in_root sh -c "cd $example && unitguard check --color never \
    --root fixtures/reference-clean --policy fixtures/reference-clean/unitguard.toml 2>&1; \
    echo \"exit: \$?\"")
if [[ $clean == "exit: 0" ]]; then
    check_ok "the cleaned-up example (fixtures/reference-clean) has no findings and exits 0"
else
    check_failed "the check of fixtures/reference-clean printed: $clean"
fi

# --- done --------------------------------------------------------------------------------

unmount_below "$chroot_dir"
if [[ $failures -eq 0 ]]; then
    remove_root "$chroot_dir"
    finish 0 "$deb_name installs on a clean Debian $suite and works there"
fi
say "the root is kept for inspection in ${chroot_dir#"$repo"/}; the next run replaces it"
finish 1 "$failures check(s) failed"
