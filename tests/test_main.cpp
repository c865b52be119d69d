// SPDX-License-Identifier: MIT
// Entry point of the doctest suite.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
