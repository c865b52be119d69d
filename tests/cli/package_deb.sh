#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `cpack` in the build directory makes a .deb with the binary, the compressed manual page,
# the completions, the report schema and the CI examples. Its Depends name the Debian
# package of every shared library the binary links against. The package is unpacked into a
# scratch directory with dpkg-deb, never installed on this machine (ci/deb-install-check.sh
# installs it into a throwaway Debian root).
set -uo pipefail
unitguard=$1
source_dir=$2
build_dir=$(dirname "$(realpath "$unitguard")")
for tool in cpack dpkg-deb dpkg-shlibdeps readelf ldd; do
    command -v $tool > /dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
[[ -f $build_dir/CPackConfig.cmake ]] || { echo "SKIP: no CPackConfig.cmake in $build_dir"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1; then
    echo "FAIL: cpack failed:"
    cat "$work/cpack.log"
    exit 1
fi
debs=("$work"/out/unitguard_*.deb)
if [[ ${#debs[@]} -ne 1 || ! -f ${debs[0]} ]]; then
    echo "FAIL: expected one unitguard_*.deb in $work/out, found: ${debs[*]}"
    exit 1
fi
deb=${debs[0]}
failed=0
fail() { echo "FAIL: $*"; failed=1; }

[[ $(dpkg-deb -f "$deb" Package) == unitguard ]] || fail "Package is not unitguard"
[[ $(dpkg-deb -f "$deb" Architecture) == "$(dpkg --print-architecture)" ]] ||
    fail "Architecture is $(dpkg-deb -f "$deb" Architecture)"

contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for file in ./usr/bin/unitguard ./usr/share/man/man1/unitguard.1.gz \
    ./usr/share/bash-completion/completions/unitguard \
    ./usr/share/zsh/vendor-completions/_unitguard \
    ./usr/share/unitguard/unitguard-report.schema.json \
    ./usr/share/doc/unitguard/examples/github-actions.yml \
    ./usr/share/doc/unitguard/examples/gitlab-ci.yml \
    ./usr/share/doc/unitguard/examples/.pre-commit-hooks.yaml; do
    grep -qxF "$file" <<< "$contents" || fail "the package lacks $file"
done

dpkg-deb -x "$deb" "$work/root"
if ! cmp -s <(gzip -dc "$work/root/usr/share/man/man1/unitguard.1.gz") "$source_dir/docs/unitguard.1"; then
    fail "the packaged manual page differs from docs/unitguard.1"
fi

# Prints the package that ships a library file. Debian 12 is usr-merged, so ldd may print
# /lib/... where dpkg recorded /usr/lib/..., or the other way round.
library_package() {
    local path=$1 candidate owner
    for candidate in "$path" "${path#/usr}" "/usr${path#/usr}" "$(realpath "$path")"; do
        owner=$(dpkg -S "$candidate" 2> /dev/null | head -n 1) || continue
        [[ -n $owner ]] && { cut -d: -f1 <<< "$owner"; return 0; }
    done
    return 1
}

# The package of each library in the binary's NEEDED entries must be in Depends. Libraries
# that those libraries load in turn are their packages' business.
depends=$(dpkg-deb -f "$deb" Depends)
depends_names=$(sed 's/, /\n/g' <<< "$depends" | cut -d' ' -f1)
binary=$work/root/usr/bin/unitguard
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[[ -n $needed ]] || fail "readelf lists no NEEDED libraries in the packaged binary"
for soname in $needed; do
    path=$(ldd "$binary" | awk -v soname="$soname" '$1 == soname && $3 ~ /^\// {print $3}')
    if [[ -z $path ]]; then
        fail "ldd does not resolve $soname for the packaged binary"
        continue
    fi
    if ! package=$(library_package "$path"); then
        fail "no installed package ships $path ($soname)"
        continue
    fi
    grep -qxF "$package" <<< "$depends_names" ||
        fail "Depends lacks $package, which ships $soname: $depends"
done

version=$("$work/root/usr/bin/unitguard" --version | head -n 1)
[[ $version == "unitguard $(dpkg-deb -f "$deb" Version)" ]] ||
    fail "the packaged binary prints '$version'"
exit $failed
