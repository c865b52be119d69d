// SPDX-License-Identifier: MIT
// RootFs path resolution, each path asked more than once so that cached results are checked.
#include <doctest/doctest.h>

#include "linter/root_fs.hpp"
#include "tests/linter/temp_tree.hpp"

namespace unitguard::linter {
namespace {

using testing::TempTree;

ResolvedPath resolved(const RootFs& root, std::string_view path) {
    Expected<ResolvedPath> result = root.resolve(path);
    REQUIRE(result);
    return *result;
}

TEST_CASE("root fs - paths below a missing directory") {
    TempTree tree;
    tree.write("/usr/lib/x", "abc");
    RootFs root(tree.root());
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        ResolvedPath first = resolved(root, "/usr/bin/a");
        CHECK(first.type == FileType::Missing);
        CHECK(first.path == "/usr/bin/a");
        ResolvedPath deeper = resolved(root, "/usr/bin/sub/b");
        CHECK(deeper.type == FileType::Missing);
        CHECK(deeper.path == "/usr/bin/sub/b");
        ResolvedPath sibling = resolved(root, "/usr/lib/x");
        CHECK(sibling.type == FileType::Regular);
        CHECK(sibling.size == 3);
    }
}

TEST_CASE("root fs - missing directory behind a symlink") {
    TempTree tree;
    tree.mkdir("/usr");
    tree.link("/bin", "usr/bin");
    RootFs root(tree.root());
    ResolvedPath through_link = resolved(root, "/bin/sh");
    CHECK(through_link.type == FileType::Missing);
    CHECK(through_link.path == "/usr/bin/sh");
    ResolvedPath direct = resolved(root, "/usr/bin/true");
    CHECK(direct.type == FileType::Missing);
    CHECK(direct.path == "/usr/bin/true");
}

TEST_CASE("root fs - missing path beside a symlink") {
    TempTree tree;
    tree.write("/usr/lib/tool", "#!/bin/sh\n");
    tree.link("/lib", "usr/lib");
    RootFs root(tree.root());
    CHECK(resolved(root, "/lib/nothere/x").type == FileType::Missing);
    CHECK(resolved(root, "/usr/lib/nothere").type == FileType::Missing);
    ResolvedPath tool = resolved(root, "/lib/tool");
    CHECK(tool.type == FileType::Regular);
    CHECK(tool.path == "/usr/lib/tool");
}

TEST_CASE("root fs - directory asked again") {
    TempTree tree;
    tree.mkdir("/etc/systemd/system");
    tree.link("/conf", "/etc");
    RootFs root(tree.root());
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        ResolvedPath plain = resolved(root, "/etc/systemd");
        CHECK(plain.type == FileType::Directory);
        CHECK(plain.path == "/etc/systemd");
        ResolvedPath linked = resolved(root, "/conf/systemd/system");
        CHECK(linked.type == FileType::Directory);
        CHECK(linked.path == "/etc/systemd/system");
        ResolvedPath climbed = resolved(root, "/conf/systemd/../systemd");
        CHECK(climbed.type == FileType::Directory);
        CHECK(climbed.path == "/etc/systemd");
    }
}

TEST_CASE("root fs - file in a known directory") {
    TempTree tree;
    tree.write("/etc/a.conf", "12345");
    tree.link("/etc/b.conf", "a.conf");
    RootFs root(tree.root());
    CHECK(resolved(root, "/etc").type == FileType::Directory);
    ResolvedPath file = resolved(root, "/etc/a.conf");
    CHECK(file.type == FileType::Regular);
    CHECK(file.size == 5);
    ResolvedPath link = resolved(root, "/etc/b.conf");
    CHECK(link.type == FileType::Regular);
    CHECK(link.path == "/etc/a.conf");
    CHECK(link.size == 5);
}

TEST_CASE("root fs - path below a regular file") {
    TempTree tree;
    tree.write("/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    RootFs root(tree.root());
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        ResolvedPath below = resolved(root, "/etc/passwd/x/y");
        CHECK(below.type == FileType::Missing);
        CHECK(below.path == "/etc/passwd/x/y");
    }
    CHECK(resolved(root, "/etc/passwd").type == FileType::Regular);
}

}  // namespace
}  // namespace unitguard::linter
