// SPDX-License-Identifier: MIT
// unitguard command-line entry point.
#include <cstdio>

int main() {
    std::puts("unitguard " UG_VERSION);
    return 0;
}
