// SPDX-License-Identifier: MIT
// Tests for unit loading: fragments, aliases, masks and drop-in order.
#include "linter/loader.hpp"

#include <doctest/doctest.h>

#include "linter/search_paths.hpp"
#include "tests/linter/temp_tree.hpp"

namespace unitguard::linter {
namespace {

using testing::TempTree;

LoadedUnit load(const TempTree& tree, const std::string& name) {
    RootFs root(tree.root());
    Loader loader(root, unit_search_path(Scope::System));
    return loader.load(name);
}

}  // namespace

TEST_SUITE("loader") {
    TEST_CASE("loader - /etc fragment hides the vendor one") {
        TempTree tree;
        tree.write("/usr/lib/systemd/system/a.service", "[Service]\nExecStart=/bin/vendor\n");
        tree.write("/etc/systemd/system/a.service", "[Service]\nExecStart=/bin/admin\n");
        LoadedUnit unit = load(tree, "a.service");
        CHECK(unit.state == LoadState::Loaded);
        CHECK(unit.fragment_path == "/etc/systemd/system/a.service");
    }

    TEST_CASE("loader - symlink to /dev/null masks the unit") {
        TempTree tree;
        tree.write("/usr/lib/systemd/system/a.service", "[Service]\nExecStart=/bin/a\n");
        tree.link("/etc/systemd/system/a.service", "/dev/null");
        CHECK(load(tree, "a.service").state == LoadState::Masked);
    }

    TEST_CASE("loader - empty fragment masks the unit") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service", "");
        CHECK(load(tree, "a.service").state == LoadState::Masked);
    }

    TEST_CASE("loader - missing unit is not found") {
        TempTree tree;
        tree.mkdir("/etc/systemd/system");
        CHECK(load(tree, "nothing.service").state == LoadState::NotFound);
    }

    TEST_CASE("loader - drop-ins sort by file name across directories") {
        TempTree tree;
        tree.write("/usr/lib/systemd/system/db.service", "[Service]\nUser=sys\n");
        tree.write("/usr/lib/systemd/system/db.service.d/50-vendor.conf", "[Service]\n");
        tree.write("/usr/lib/systemd/system/db.service.d/user.conf", "[Service]\n");
        tree.write("/etc/systemd/system/db.service.d/00-debug.conf", "[Service]\n");
        tree.write("/etc/systemd/system/db.service.d/override.conf", "[Service]\n");
        LoadedUnit unit = load(tree, "db.service");
        REQUIRE(unit.dropin_paths.size() == 4);
        CHECK(unit.dropin_paths[0] == "/etc/systemd/system/db.service.d/00-debug.conf");
        CHECK(unit.dropin_paths[1] == "/usr/lib/systemd/system/db.service.d/50-vendor.conf");
        CHECK(unit.dropin_paths[2] == "/etc/systemd/system/db.service.d/override.conf");
        CHECK(unit.dropin_paths[3] == "/usr/lib/systemd/system/db.service.d/user.conf");
    }

    TEST_CASE("loader - same-named drop-in in /etc hides the vendor file") {
        TempTree tree;
        tree.write("/usr/lib/systemd/system/a.service", "[Service]\n");
        tree.write("/usr/lib/systemd/system/a.service.d/10-x.conf", "[Service]\n");
        tree.write("/etc/systemd/system/a.service.d/10-x.conf", "[Service]\n");
        LoadedUnit unit = load(tree, "a.service");
        REQUIRE(unit.dropin_paths.size() == 1);
        CHECK(unit.dropin_paths[0] == "/etc/systemd/system/a.service.d/10-x.conf");
    }

    TEST_CASE("loader - unit drop-in hides a same-named type-wide drop-in") {
        TempTree tree;
        tree.write("/etc/systemd/system/n@.service", "[Service]\n");
        tree.write("/etc/systemd/system/n@.service.d/10-common.conf", "[Service]\n");
        tree.write("/etc/systemd/system/service.d/10-common.conf", "[Service]\n");
        tree.write("/etc/systemd/system/service.d/90-site.conf", "[Service]\n");
        LoadedUnit unit = load(tree, "n@x.service");
        REQUIRE(unit.dropin_paths.size() == 2);
        CHECK(unit.dropin_paths[0] == "/etc/systemd/system/n@.service.d/10-common.conf");
        CHECK(unit.dropin_paths[1] == "/etc/systemd/system/service.d/90-site.conf");
    }

    TEST_CASE("loader - dash prefix drop-ins apply, the more specific first") {
        TempTree tree;
        tree.write("/etc/systemd/system/web-front.service", "[Service]\n");
        tree.write("/etc/systemd/system/web-front.service.d/40-own.conf", "[Service]\n");
        tree.write("/etc/systemd/system/web-.service.d/50-defaults.conf", "[Service]\n");
        LoadedUnit unit = load(tree, "web-front.service");
        REQUIRE(unit.dropin_paths.size() == 2);
        CHECK(unit.dropin_paths[1] == "/etc/systemd/system/web-.service.d/50-defaults.conf");
    }

    TEST_CASE("loader - alias symlink loads the target with both names") {
        TempTree tree;
        tree.write("/etc/systemd/system/db.service", "[Service]\n");
        tree.link("/etc/systemd/system/db-legacy.service", "db.service");
        tree.write("/etc/systemd/system/db-legacy.service.d/10-old.conf", "[Service]\n");
        LoadedUnit unit = load(tree, "db-legacy.service");
        CHECK(unit.id == "db.service");
        REQUIRE(unit.names.size() == 2);
        CHECK(unit.names[1] == "db-legacy.service");
        REQUIRE(unit.dropin_paths.size() == 1);
        CHECK(unit.dropin_paths[0] == "/etc/systemd/system/db-legacy.service.d/10-old.conf");
    }

    TEST_CASE("loader - instance loads its template and template drop-ins") {
        TempTree tree;
        tree.write("/etc/systemd/system/game@.service", "[Service]\nExecStart=/bin/g %i\n");
        tree.write("/etc/systemd/system/game@.service.d/10-all.conf", "[Service]\n");
        tree.write("/etc/systemd/system/game@2.service.d/20-two.conf", "[Service]\n");
        LoadedUnit unit = load(tree, "game@2.service");
        CHECK(unit.state == LoadState::Loaded);
        CHECK(unit.id == "game@2.service");
        CHECK(unit.fragment_path == "/etc/systemd/system/game@.service");
        REQUIRE(unit.dropin_paths.size() == 2);
        CHECK(unit.dropin_paths[0] == "/etc/systemd/system/game@.service.d/10-all.conf");
        CHECK(unit.dropin_paths[1] == "/etc/systemd/system/game@2.service.d/20-two.conf");
    }

    TEST_CASE("loader - absolute symlink stays inside the root") {
        TempTree tree;
        tree.write("/opt/app/app.service", "[Service]\nExecStart=/bin/app\n");
        tree.link("/etc/systemd/system/app.service", "/opt/app/app.service");
        LoadedUnit unit = load(tree, "app.service");
        CHECK(unit.state == LoadState::Loaded);
        CHECK(unit.fragment_path == "/opt/app/app.service");
    }

    TEST_CASE("loader - symlink with '..' cannot climb above the root") {
        TempTree tree;
        tree.write("/etc/passwd.service", "[Service]\nExecStart=/bin/inside\n");
        tree.link("/etc/systemd/system/x.service", "../../../../../../etc/passwd.service");
        LoadedUnit unit = load(tree, "x.service");
        CHECK(unit.state == LoadState::Loaded);
        CHECK(unit.fragment_path == "/etc/passwd.service");
    }

    TEST_CASE("loader - symlink loop is an input problem") {
        TempTree tree;
        tree.link("/etc/systemd/system/loop.service", "/etc/systemd/system/loop2.service");
        tree.link("/etc/systemd/system/loop2.service", "/etc/systemd/system/loop.service");
        LoadedUnit unit = load(tree, "loop2.service");
        CHECK(unit.state != LoadState::Loaded);
    }

    TEST_CASE("loader - directory named like a unit is reported") {
        TempTree tree;
        tree.mkdir("/etc/systemd/system/dir.service");
        LoadedUnit unit = load(tree, "dir.service");
        CHECK(unit.state == LoadState::BadSetting);
        REQUIRE(unit.problems.size() == 1);
        CHECK(unit.problems[0].message ==
              "'/etc/systemd/system/dir.service' is a directory, not a unit file");
    }

    TEST_CASE("loader - list_units names enabled instances, not their template") {
        TempTree tree;
        tree.write("/etc/systemd/system/game@.service", "[Service]\n");
        tree.link("/etc/systemd/system/multi-user.target.wants/game@1.service",
                  "/etc/systemd/system/game@.service");
        tree.write("/etc/systemd/system/other.service", "[Service]\n");
        tree.link("/etc/systemd/system/alias.service", "other.service");
        RootFs root(tree.root());
        Loader loader(root, unit_search_path(Scope::System));
        std::vector<std::string> units = loader.list_units();
        REQUIRE(units.size() == 2);
        CHECK(units[0] == "game@1.service");
        CHECK(units[1] == "other.service");
    }
}

}  // namespace unitguard::linter
