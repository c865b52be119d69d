// SPDX-License-Identifier: MIT
// Tests for capability, address family and errno names.
#include "rules/kernel_names.hpp"

#include <doctest/doctest.h>

namespace unitguard::rules {

TEST_SUITE("kernel_names") {
    TEST_CASE("kernel_names - capabilities") {
        CHECK(capability_number("cap_sys_admin") == 21);
        CHECK(capability_number("CAP_SYS_ADMIN") == 21);
        CHECK(capability_number("Cap_Sys_Admin") == 21);
        CHECK(capability_number("CAP_CHOWN") == 0);
        CHECK(capability_number("CAP_CHECKPOINT_RESTORE") == 40);
        CHECK_FALSE(capability_number("CAP_FOO").has_value());
        CHECK_FALSE(capability_number("sys_admin").has_value());
        CHECK_FALSE(capability_number("").has_value());
        CHECK(capability_name(21) == "CAP_SYS_ADMIN");
        CHECK(capability_name(39) == "CAP_BPF");
        CHECK(capability_name(41).empty());
        CHECK(capability_name(-1).empty());
        CHECK(capability_count() == 41);
        for (int n = 0; n < capability_count(); ++n)
            CHECK(capability_number(capability_name(n)) == n);
    }

    TEST_CASE("kernel_names - address families") {
        CHECK(address_family_number("AF_INET") == 2);
        CHECK(address_family_number("af_inet6") == 10);
        CHECK(address_family_number("AF_UNIX") == 1);
        CHECK(address_family_number("AF_LOCAL") == 1);
        CHECK(address_family_number("AF_FILE") == 1);
        CHECK(address_family_number("AF_ROUTE") == 16);
        CHECK(address_family_number("AF_DECnet") == 12);
        CHECK(address_family_number("AF_MCTP") == 45);
        CHECK(address_family_number("AF_UNSPEC") == 0);
        CHECK_FALSE(address_family_number("AF_MAX").has_value());
        CHECK_FALSE(address_family_number("INET").has_value());
        CHECK(address_family_name(1) == "AF_UNIX");
        CHECK(address_family_name(16) == "AF_NETLINK");
        CHECK(address_family_name(10) == "AF_INET6");
        CHECK(address_family_name(46).empty());
        CHECK(address_family_name(-3).empty());
        CHECK(address_family_accepted_by_systemd("AF_PACKET"));
        CHECK(address_family_accepted_by_systemd("af_netlink"));
        CHECK_FALSE(address_family_accepted_by_systemd("AF_UNSPEC"));
        CHECK_FALSE(address_family_accepted_by_systemd("AF_MAX"));
    }

    TEST_CASE("kernel_names - errno") {
        CHECK(errno_number("EPERM") == 1);
        CHECK(errno_number("eperm") == 1);
        CHECK(errno_number("EACCES") == 13);
        CHECK(errno_number("EAGAIN") == 11);
        CHECK(errno_number("EWOULDBLOCK") == 11);
        CHECK(errno_number("EDEADLOCK") == 35);
        CHECK(errno_number("ENOTSUP") == 95);
        CHECK(errno_number("EHWPOISON") == 133);
        CHECK_FALSE(errno_number("ENOTSUPP").has_value());
        CHECK_FALSE(errno_number("PERM").has_value());
        CHECK(errno_name(1) == "EPERM");
        CHECK(errno_name(11) == "EAGAIN");
        CHECK(errno_name(35) == "EDEADLK");
        CHECK(errno_name(95) == "EOPNOTSUPP");
        CHECK(errno_name(133) == "EHWPOISON");
        CHECK(errno_name(41).empty());  // unused number
        CHECK(errno_name(0).empty());
        CHECK(errno_name(134).empty());
    }
}

}  // namespace unitguard::rules
