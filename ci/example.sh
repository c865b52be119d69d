#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# First run: sets up the machine, builds the release binary and checks the bundled
# reference deployment against its policy. Exits with unitguard's own exit code.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

example=fixtures/reference  # unit tree of the reference deployment, with its policy inside

bash ci/setup.sh
cmake --preset release
cmake --build --preset release --target unitguard

if [[ ! -d $example ]]; then
    echo "example: error: $example does not exist in this checkout" >&2
    exit 2
fi

echo
echo "\$ build/release/unitguard check --root $example --policy $example/unitguard.toml"
status=0
build/release/unitguard check --root "$example" --policy "$example/unitguard.toml" || status=$?

echo
case $status in
    0) echo "example: unitguard exited 0: no findings" ;;
    1) echo "example: unitguard exited 1: it reported findings (above); that is its answer, not a crash" ;;
    *) echo "example: unitguard exited $status: it could not complete the check (see its messages above)" ;;
esac
exit "$status"
