// SPDX-License-Identifier: MIT
// Tests for `show -p` formatting and for Environment= splitting and quoting. Every expected
// line was printed by `systemctl --user show -p` of systemd 252 for the same unit file,
// with KeyringMode= and paths as the system manager has them.
#include "linter/show_properties.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "linter/environment_value.hpp"
#include "linter/search_paths.hpp"
#include "tests/linter/temp_tree.hpp"

namespace unitguard::linter {
namespace {

using testing::TempTree;
using Strings = std::vector<std::string>;

const std::string kAllCapabilities =
    "cap_chown cap_dac_override cap_dac_read_search cap_fowner cap_fsetid cap_kill cap_setgid "
    "cap_setuid cap_setpcap cap_linux_immutable cap_net_bind_service cap_net_broadcast "
    "cap_net_admin cap_net_raw cap_ipc_lock cap_ipc_owner cap_sys_module cap_sys_rawio "
    "cap_sys_chroot cap_sys_ptrace cap_sys_pacct cap_sys_admin cap_sys_boot cap_sys_nice "
    "cap_sys_resource cap_sys_time cap_sys_tty_config cap_mknod cap_lease cap_audit_write "
    "cap_audit_control cap_setfcap cap_mac_override cap_mac_admin cap_syslog cap_wake_alarm "
    "cap_block_suspend cap_audit_read cap_perfmon cap_bpf cap_checkpoint_restore";

// Returns the space-separated `list` without the words in `removed`.
std::string without(const std::string& list, const Strings& removed) {
    std::string out;
    std::size_t start = 0;
    while (start < list.size()) {
        std::size_t end = std::min(list.find(' ', start), list.size());
        std::string word = list.substr(start, end - start);
        start = end + 1;
        if (std::find(removed.begin(), removed.end(), word) != removed.end()) continue;
        if (!out.empty()) out += ' ';
        out += word;
    }
    return out;
}

struct ShowOptions {
    bool user_scope = false;
    int target = 252;
};

// Loads `unit` from /etc/systemd/system of `tree` and returns what `show -p` prints.
std::string show(const TempTree& tree, const std::string& unit, const Strings& properties,
                 ShowOptions options = {}) {
    RootFs root(tree.root());
    Loader loader(root, unit_search_path(Scope::System));
    WorkspaceUnit loaded;
    loaded.loaded = loader.load(unit);
    ShowContext context;
    context.user_scope = options.user_scope;
    context.target_version = options.target;
    context.specifiers = make_specifier_context(root, loaded.loaded.name, options.user_scope);
    context.specifiers.target_version = options.target;
    loaded.effective = compute_effective(loaded.loaded, context.specifiers);
    return format_properties(loaded, properties, context);
}

// Writes a service with `body` below [Service] and returns what `show -p` prints for it.
std::string show_service(const std::string& body, const Strings& properties,
                         const std::string& name = "probe.service") {
    TempTree tree;
    tree.write("/etc/systemd/system/" + name, "[Service]\n" + body);
    return show(tree, name, properties);
}

std::string exec_line(std::string_view name, std::string_view path, std::string_view argv,
                      bool ignore_errors = false) {
    return fmt::format(
        "{}={{ path={} ; argv[]={} ; ignore_errors={} ; start_time=[n/a] ; "
        "stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }}\n",
        name, path, argv, ignore_errors ? "yes" : "no");
}

}  // namespace

TEST_SUITE("show_properties") {
    TEST_CASE("show - lines follow systemd's order, not the order of -p") {
        std::string out = show_service("ExecStart=/bin/true\n",
                                       {"FragmentPath", "User", "Type", "UMask", "Delegate"});
        CHECK(out ==
              "Type=simple\n"
              "Delegate=no\n"
              "UMask=0022\n"
              "User=\n"
              "FragmentPath=/etc/systemd/system/probe.service\n");
    }

    TEST_CASE("show - unknown and newer properties print nothing") {
        CHECK(show_service("ExecStart=/bin/true\nPrivatePIDs=yes\n", {"PrivatePIDs", "Bogus"})
                  .empty());
        CHECK(show_service("ExecStart=/bin/true\n", {"Type", "Type"}) == "Type=simple\n");
    }

    TEST_CASE("show - property support by target release") {
        CHECK(property_support("ExecStart", 252) == PropertySupport::Supported);
        CHECK(property_support("PrivatePIDs", 252) == PropertySupport::UnknownToTarget);
        CHECK(property_support("ProtectClock", 244) == PropertySupport::UnknownToTarget);
        CHECK(property_support("ProtectClock", 245) == PropertySupport::Supported);
        CHECK(property_support("RestartUSec", 252) == PropertySupport::Unsupported);
        CHECK(property_support("Bogus", 252) == PropertySupport::Unsupported);
        std::vector<std::string_view> supported = supported_properties();
        REQUIRE(supported.size() == 69);
        CHECK(supported.front() == "Type");
        CHECK(supported.back() == "DropInPaths");
    }

    TEST_CASE("show - Exec lines print one per command and none when empty") {
        std::string body =
            "Type=oneshot\n"
            "ExecStart=/bin/echo \"double quoted\" 'single quoted' unquoted\\ space\n"
            "ExecStart=-@/bin/sh probe-sh -c \"exit 3\"\n"
            "ExecStart=/bin/echo %n %% \"\"\n";
        CHECK(show_service(body, {"ExecStart", "ExecStartPre"}) ==
              exec_line("ExecStart", "/bin/echo",
                        "/bin/echo double quoted single quoted unquoted\\ space") +
                  exec_line("ExecStart", "/bin/sh", "probe-sh -c exit 3", true) +
                  exec_line("ExecStart", "/bin/echo", "/bin/echo probe.service % "));
    }

    TEST_CASE("show - drop-in without reset appends a command") {
        TempTree tree;
        tree.write("/usr/lib/systemd/system/batch.service",
                   "[Service]\nType=oneshot\nExecStart=/bin/sleep 1000\n");
        tree.write("/etc/systemd/system/batch.service.d/override.conf",
                   "[Service]\nExecStart=/bin/sleep 2000\n");
        CHECK(show(tree, "batch.service", {"ExecStart"}) ==
              exec_line("ExecStart", "/bin/sleep", "/bin/sleep 1000") +
                  exec_line("ExecStart", "/bin/sleep", "/bin/sleep 2000"));
    }

    TEST_CASE("show - Type follows BusName= and ExecStart= when unset") {
        CHECK(show_service("BusName=org.example.X\nExecStart=/bin/true\n", {"Type"}) ==
              "Type=dbus\n");
        CHECK(show_service("ExecStop=/bin/true\n", {"Type"}) == "Type=oneshot\n");
        CHECK(show_service("Type=exec\nType=\nType=Simple\nExecStart=/bin/true\n", {"Type"}) ==
              "Type=exec\n");
    }

    TEST_CASE("show - notify services get NotifyAccess=main") {
        CHECK(show_service("Type=notify\nNotifyAccess=none\nExecStart=/bin/true\n",
                           {"NotifyAccess"}) == "NotifyAccess=main\n");
        CHECK(show_service("WatchdogSec=10\nExecStart=/bin/true\n", {"NotifyAccess"}) ==
              "NotifyAccess=main\n");
        CHECK(show_service("FileDescriptorStoreMax=4\nExecStart=/bin/true\n", {"NotifyAccess"}) ==
              "NotifyAccess=main\n");
        CHECK(show_service("NotifyAccess=all\nNotifyAccess=\nExecStart=/bin/true\n",
                           {"NotifyAccess"}) == "NotifyAccess=all\n");
    }

    TEST_CASE("show - booleans print yes or no whatever the spelling") {
        std::string body =
            "ExecStart=/bin/true\nPrivateTmp=YES\nPrivateNetwork=oN\nNoNewPrivileges=yes\n"
            "NoNewPrivileges=\nRestrictRealtime=1\nRestrictRealtime=f\nIgnoreSIGPIPE=no\n";
        CHECK(show_service(body, {"PrivateTmp", "PrivateNetwork", "NoNewPrivileges",
                                  "RestrictRealtime", "IgnoreSIGPIPE"}) ==
              "PrivateTmp=yes\nPrivateNetwork=yes\nIgnoreSIGPIPE=no\nNoNewPrivileges=yes\n"
              "RestrictRealtime=no\n");
    }

    TEST_CASE("show - enums are case-sensitive and ignore empty values") {
        std::string body =
            "ExecStart=/bin/true\nProtectSystem=full\nProtectSystem=\nProtectSystem=Strict\n"
            "ProtectHome=true\nProtectProc=invisible\nProcSubset=PID\n";
        CHECK(show_service(body, {"ProtectSystem", "ProtectHome", "ProtectProc", "ProcSubset"}) ==
              "ProtectHome=yes\nProtectSystem=full\nProtectProc=invisible\nProcSubset=all\n");
    }

    TEST_CASE("show - KeyringMode default depends on manager and unit type") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service", "[Service]\nExecStart=/bin/true\n");
        tree.write("/etc/systemd/system/a.socket", "[Socket]\nListenStream=8080\n");
        CHECK(show(tree, "a.service", {"KeyringMode"}) == "KeyringMode=private\n");
        CHECK(show(tree, "a.service", {"KeyringMode"}, {.user_scope = true}) ==
              "KeyringMode=inherit\n");
        CHECK(show(tree, "a.socket", {"KeyringMode"}) == "KeyringMode=inherit\n");
    }

    TEST_CASE("show - socket units have no service properties") {
        TempTree tree;
        tree.write(
            "/etc/systemd/system/a.socket",
            "[Socket]\nListenStream=8080\nExecStartPre=/bin/true\nIPAddressAllow=localhost\n");
        CHECK(show(tree, "a.socket", {"Type", "ExecStart", "ExecStartPre", "IPAddressAllow"}) ==
              exec_line("ExecStartPre", "/bin/true", "/bin/true") +
                  "IPAddressAllow=127.0.0.0/8 ::1/128\n");
    }

    TEST_CASE("show - mount units print their file system type") {
        TempTree tree;
        tree.write("/etc/systemd/system/srv-data.mount",
                   "[Mount]\nWhat=/dev/sdb1\nWhere=/srv/data\nType=ext4\nUser=%p\n");
        tree.write("/etc/systemd/system/tmp.mount", "[Mount]\nWhat=tmpfs\nWhere=/tmp\n");
        CHECK(show(tree, "srv-data.mount", {"Type", "User", "ExecStart", "KeyringMode"}) ==
              "Type=ext4\nUser=srv-data\nKeyringMode=inherit\n");
        CHECK(show(tree, "tmp.mount", {"Type"}) == "Type=\n");
    }

    TEST_CASE("show - UMask prints four octal digits") {
        CHECK(show_service("ExecStart=/bin/true\nUMask=77\n", {"UMask"}) == "UMask=0077\n");
        CHECK(show_service("ExecStart=/bin/true\nUMask=07777\n", {"UMask"}) == "UMask=7777\n");
        CHECK(show_service("ExecStart=/bin/true\nUMask=0027\nUMask=0x12\nUMask=10000\n",
                           {"UMask"}) == "UMask=0027\n");
    }

    TEST_CASE("show - DynamicUser= sets the sandbox and the user name") {
        Strings properties = {"User",          "Group",           "DynamicUser",
                              "RemoveIPC",     "PrivateTmp",      "ProtectHome",
                              "ProtectSystem", "NoNewPrivileges", "RestrictSUIDSGID"};
        CHECK(show_service("ExecStart=/bin/true\nDynamicUser=yes\nProtectHome=tmpfs\n"
                           "PrivateTmp=no\nProtectSystem=full\n",
                           properties) ==
              "User=probe\nGroup=probe\nDynamicUser=yes\nRemoveIPC=yes\nPrivateTmp=yes\n"
              "ProtectHome=tmpfs\nProtectSystem=strict\nNoNewPrivileges=yes\n"
              "RestrictSUIDSGID=yes\n");
        CHECK(show_service("ExecStart=/bin/true\nDynamicUser=yes\nGroup=grp\n",
                           {"User", "Group", "ProtectHome"}) ==
              "User=probe\nGroup=grp\nProtectHome=read-only\n");
    }

    TEST_CASE("show - DynamicUser= hashes names that are no user names") {
        CHECK(show_service("ExecStart=/bin/true\nDynamicUser=yes\n", {"User"}, "9dyn.service") ==
              "User=_du965824c657e473ed\n");
        CHECK(show_service("ExecStart=/bin/true\nDynamicUser=yes\n", {"User"},
                           "dyn-a-very-long-unit-name-that-exceeds-limit.service") ==
              "User=_dube49d3a75cc1ebe2\n");
    }

    TEST_CASE("show - User= keeps specifiers' backslashes and rejects bad names") {
        TempTree tree;
        tree.write("/usr/lib/systemd/system/tmpl@.service",
                   "[Service]\nExecStart=/bin/echo %i %I\nUser=%i\nUser=-bad\n"
                   "SupplementaryGroups=adm \"sp ace\" 1234\n");
        CHECK(show(tree, "tmpl@x\\x2dy.service", {"ExecStart", "User", "SupplementaryGroups"}) ==
              exec_line("ExecStart", "/bin/echo", "/bin/echo x\\x2dy x-y") +
                  "User=x\\x2dy\nSupplementaryGroups=adm \"\\\"sp\" \"ace\\\"\" 1234\n");
    }

    TEST_CASE("show - capability sets follow systemd's merge rules") {
        Strings both = {"CapabilityBoundingSet", "AmbientCapabilities"};
        CHECK(
            show_service("ExecStart=/bin/true\n"
                         "CapabilityBoundingSet=cap_checkpoint_restore CAP_SYS_ADMIN CAP_KILL\n"
                         "AmbientCapabilities=CAP_CHOWN CAP_KILL\nAmbientCapabilities=~CAP_KILL\n",
                         both) ==
            "CapabilityBoundingSet=cap_kill cap_sys_admin cap_checkpoint_restore\n"
            "AmbientCapabilities=cap_chown\n");
        CHECK(show_service("ExecStart=/bin/true\nCapabilityBoundingSet=CAP_CHOWN\n"
                           "CapabilityBoundingSet=\nAmbientCapabilities=CAP_KILL\n"
                           "AmbientCapabilities=\nAmbientCapabilities=~CAP_KILL CAP_CHOWN 63\n",
                           both) == "CapabilityBoundingSet=\nAmbientCapabilities=" +
                                        without(kAllCapabilities, {"cap_chown", "cap_kill"}) +
                                        "\n");
        CHECK(show_service("ExecStart=/bin/true\nCapabilityBoundingSet=\"CAP_CHOWN CAP_KILL\"\n",
                           {"CapabilityBoundingSet"}) == "CapabilityBoundingSet=\n");
        CHECK(show_service("ExecStart=/bin/true\nAmbientCapabilities=40 cap_bogus\n",
                           {"AmbientCapabilities"}) ==
              "AmbientCapabilities=cap_checkpoint_restore\n");
    }

    TEST_CASE("show - kernel protections drop bounding capabilities") {
        CHECK(show_service("ExecStart=/bin/true\nPrivateDevices=yes\n"
                           "CapabilityBoundingSet=CAP_MKNOD CAP_CHOWN CAP_SYS_RAWIO\n"
                           "ProtectKernelModules=yes\nProtectKernelLogs=yes\nProtectClock=yes\n"
                           "AmbientCapabilities=CAP_SYS_TIME\n",
                           {"CapabilityBoundingSet", "AmbientCapabilities"}) ==
              "CapabilityBoundingSet=cap_chown\nAmbientCapabilities=cap_sys_time\n");
    }

    TEST_CASE("show - devices print newest first with the implied entries") {
        CHECK(show_service("ExecStart=/bin/true\nDevicePolicy=closed\nDeviceAllow=/dev/null wr\n"
                           "DeviceAllow=/tmp/x r\nDeviceAllow=/dev/../dev/zero\n"
                           "DeviceAllow=\"/dev/sd a\" r\nDeviceAllow=char-pts\n"
                           "DeviceAllow=/dev/tty rx\n",
                           {"DevicePolicy", "DeviceAllow"}) ==
              "DevicePolicy=closed\nDeviceAllow=char-pts rwm\nDeviceAllow=/dev/sd a r\n"
              "DeviceAllow=/dev/null rw\n");
        CHECK(show_service("ExecStart=/bin/true\nDevicePolicy=closed\n"
                           "RootImage=/var/lib/machines/x.raw\nProtectClock=yes\n"
                           "LoadCredentialEncrypted=foo:/etc/foo.cred\nDeviceAllow=/dev/null r\n",
                           {"DeviceAllow"}) ==
              "DeviceAllow=/dev/tpmrm0 rw\nDeviceAllow=char-rtc r\n"
              "DeviceAllow=block-device-mapper rwm\nDeviceAllow=block-blkext rwm\n"
              "DeviceAllow=block-loop rwm\nDeviceAllow=/dev/mapper/control rw\n"
              "DeviceAllow=/dev/loop-control rw\nDeviceAllow=/dev/null r\n");
    }

    TEST_CASE("show - ProtectClock= allows the RTC only under a device list") {
        CHECK(show_service("ExecStart=/bin/true\nProtectClock=yes\n",
                           {"DevicePolicy", "DeviceAllow"}) == "DevicePolicy=auto\n");
        CHECK(show_service("ExecStart=/bin/true\nProtectClock=yes\nPrivateDevices=yes\n",
                           {"DevicePolicy", "DeviceAllow"}) ==
              "DevicePolicy=closed\nDeviceAllow=char-rtc r\n");
    }

    TEST_CASE("show - address prefixes are masked, named and deduplicated") {
        std::string out = show_service(
            "ExecStart=/bin/true\n"
            "IPAddressAllow=10.0.0.0/8 10.1.0.0/16 10.0.0.0/8 bogus 1.2.3.4/33 "
            "foo.localhost ::ffff:1.2.3.4 \"10.9.9.9\" ANY\n"
            "IPAddressDeny=2001:DB8::1/64 fe80::1%eth0 127.1 10.0.0.1/0 link-local multicast\n",
            {"IPAddressAllow", "IPAddressDeny"});
        CHECK(out ==
              "IPAddressAllow=10.0.0.0/8 10.1.0.0/16 127.0.0.0/8 ::1/128 ::ffff:1.2.3.4/128\n"
              "IPAddressDeny=2001:db8::/64 0.0.0.0/0 169.254.0.0/16 fe80::/64 224.0.0.0/4 "
              "ff00::/8\n");
    }

    TEST_CASE("show - socket bind entries print newest first without a colon") {
        CHECK(show_service("ExecStart=/bin/true\nSocketBindAllow=tcp:8080-8090\n"
                           "SocketBindAllow=ipv6:udp:53\nSocketBindAllow=TCP:80\n"
                           "SocketBindAllow=udp:0\nSocketBindAllow=tcp:80 tcp:443\n"
                           "SocketBindDeny=ipv4:tcp:any\nSocketBindDeny=80-80\n"
                           "SocketBindDeny=IPV4:80\nSocketBindDeny=any\n",
                           {"SocketBindAllow", "SocketBindDeny"}) ==
              "SocketBindAllow=tcp80\nSocketBindAllow=ipv6:udp53\n"
              "SocketBindAllow=tcp8080-8090\nSocketBindDeny=any\nSocketBindDeny=80\n"
              "SocketBindDeny=ipv4:tcpany\n");
    }

    TEST_CASE("show - Delegate= takes any non-boolean as a controller list") {
        CHECK(show_service("ExecStart=/bin/true\nDelegate=cpu memory\nDelegate=no\n"
                           "Delegate=bogus\n",
                           {"Delegate"}) == "Delegate=yes\n");
        CHECK(show_service("ExecStart=/bin/true\nDelegate=\n", {"Delegate"}) == "Delegate=yes\n");
        CHECK(show_service("ExecStart=/bin/true\nDelegate=yes\nDelegate=off\n", {"Delegate"}) ==
              "Delegate=no\n");
    }

    TEST_CASE("show - system call filters") {
        CHECK(show_service("ExecStart=/bin/true\n"
                           "SystemCallFilter=~@mount ptrace:EPERM reboot:ENOSYS kexec_load:1 "
                           "personality rmdir:4095 open:eperm write:0 close:4096\n"
                           "SystemCallFilter=personality\nSystemCallLog=read:EPERM write\n",
                           {"SystemCallFilter", "SystemCallLog"}) ==
              "SystemCallFilter=~chroot fsconfig fsmount fsopen fspick kexec_load:EPERM mount "
              "mount_setattr move_mount open:EPERM open_tree pivot_root ptrace:EPERM "
              "reboot:ENOSYS rmdir:4095 umount umount2 write:0\n"
              "SystemCallLog=write\n");
        CHECK(show_service("ExecStart=/bin/true\nSystemCallFilter=~ptrace\nSystemCallFilter=\n",
                           {"SystemCallFilter", "SystemCallLog"}) ==
              "SystemCallFilter=~\nSystemCallLog=~\n");
        CHECK(show_service("ExecStart=/bin/true\nSystemCallFilter=~sys_debug_setcontext\n",
                           {"SystemCallFilter"}) == "SystemCallFilter=~switch_endian\n");
    }

    TEST_CASE("show - allow list admits @default and drops denied errnos") {
        std::string out = show_service(
            "ExecStart=/bin/true\nSystemCallFilter=read\nSystemCallFilter=~write:EPERM\n"
            "SystemCallFilter=open:EPERM close \"uname\"\n",
            {"SystemCallFilter"});
        CHECK(out.rfind("SystemCallFilter=arch_prctl brk cacheflush ", 0) == 0);
        CHECK(out.find(" close ") != std::string::npos);
        CHECK(out.find(" read ") != std::string::npos);
        CHECK(out.find(" open") == std::string::npos);
        CHECK(out.find("write") == std::string::npos);
        CHECK(out.find("uname") == std::string::npos);
    }

    TEST_CASE("show - error number and architectures") {
        CHECK(show_service("ExecStart=/bin/true\nSystemCallErrorNumber=EWOULDBLOCK\n"
                           "SystemCallErrorNumber=0\nSystemCallErrorNumber=KILL\n"
                           "SystemCallArchitectures=native x86-64 native bogus arm64 X86-64 "
                           "\"x86\" loongarch64 mips64-le-n32\n",
                           {"SystemCallArchitectures", "SystemCallErrorNumber"}) ==
              "SystemCallArchitectures=arm64 mips64-le-n32 native x86 x86-64\n"
              "SystemCallErrorNumber=11\n");
        CHECK(show_service("ExecStart=/bin/true\nSystemCallErrorNumber=EPERM\n"
                           "SystemCallErrorNumber=\n",
                           {"SystemCallErrorNumber"}) == "SystemCallErrorNumber=2147483646\n");
    }

    TEST_CASE("show - address families") {
        Strings property = {"RestrictAddressFamilies"};
        CHECK(show_service("ExecStart=/bin/true\nRestrictAddressFamilies=AF_UNIX AF_INET6\n"
                           "RestrictAddressFamilies=AF_INET AF_NETLINK\n",
                           property) ==
              "RestrictAddressFamilies=AF_INET AF_INET6 AF_NETLINK AF_UNIX\n");
        CHECK(show_service("ExecStart=/bin/true\nRestrictAddressFamilies=AF_INET\n"
                           "RestrictAddressFamilies=~AF_INET\n",
                           property) == "RestrictAddressFamilies=\n");
        CHECK(show_service("ExecStart=/bin/true\nRestrictAddressFamilies=none\n"
                           "RestrictAddressFamilies=~af_inet AF_LOCAL AF_ROUTE AF_UNSPEC\n",
                           property) == "RestrictAddressFamilies=~AF_INET AF_NETLINK AF_UNIX\n");
        CHECK(show_service("ExecStart=/bin/true\n", property) == "RestrictAddressFamilies=~\n");
    }

    TEST_CASE("show - namespaces print the allowed types") {
        struct Case {
            std::string_view lines;
            std::string_view expected;
        };
        for (const Case& entry :
             {Case{"~user net", "cgroup ipc mnt pid uts"},
              Case{"net ipc user\nRestrictNamespaces=~user", "ipc net"},
              Case{"no\nRestrictNamespaces=net", "no"}, Case{"yes\nRestrictNamespaces=net", "net"},
              Case{"yes\nRestrictNamespaces=~", "yes"},
              Case{"net\nRestrictNamespaces=net bogus", "net"}, Case{"NET", "no"},
              Case{"time", "yes"}, Case{"~time", "no"},
              Case{"cgroup ipc net mnt pid user uts", "no"}}) {
            INFO("RestrictNamespaces=", entry.lines);
            CHECK(show_service(
                      fmt::format("ExecStart=/bin/true\nRestrictNamespaces={}\n", entry.lines),
                      {"RestrictNamespaces"}) ==
                  fmt::format("RestrictNamespaces={}\n", entry.expected));
        }
    }

    TEST_CASE("show - path lists keep prefixes and legacy names") {
        std::string body =
            "ExecStart=/bin/true\n"
            "ReadWritePaths=/a\\x2db \"/q u\" -+/x +-/y relative /c/./d//e/ /f/../g\n"
            "ReadWriteDirectories=/legacy\n"
            "ReadWritePaths=-/h\n"
            "ReadOnlyPaths=/a\\ b '/c\"d' /e\\\\f\n";
        CHECK(show_service(body, {"ReadWritePaths", "ReadOnlyPaths"}) ==
              "ReadWritePaths=/ax2db \"/q u\" -+/x /c/d/e /legacy -/h\n"
              "ReadOnlyPaths=\"/a b\" \"/c\\\"d\" \"/e\\\\f\"\n");
    }

    TEST_CASE("show - directories are sorted by path component") {
        CHECK(show_service("ExecStart=/bin/true\nStateDirectory=zeta a-b a/b a\n",
                           {"StateDirectory"}) == "StateDirectory=a a/b a-b zeta\n");
        CHECK(show_service("ExecStart=/bin/true\n"
                           "StateDirectory=b a:link /abs private private/x privatefoo a ./c d/ "
                           "e//f \"g h\" i\\x2dj k\\:l a/../z .\n"
                           "RuntimeDirectory=r1:link\nConfigurationDirectory=c1:link c2\n",
                           {"RuntimeDirectory", "StateDirectory", "ConfigurationDirectory"}) ==
              "RuntimeDirectory=r1\n"
              "StateDirectory=a b c d e/f \"g h\" i-j k:l privatefoo\n"
              "ConfigurationDirectory=c2\n");
    }

    TEST_CASE("show - Description defaults to the unit name") {
        TempTree tree;
        tree.write(
            "/etc/systemd/system/a.service",
            "[Unit]\nDescription=Probe %n with  two  spaces\n[Service]\nExecStart=/bin/true\n");
        tree.write("/etc/systemd/system/b.service", "[Service]\nExecStart=/bin/true\n");
        CHECK(show(tree, "a.service", {"Id", "Description"}) ==
              "Id=a.service\nDescription=Probe a.service with  two  spaces\n");
        CHECK(show(tree, "b.service", {"Description"}) == "Description=b.service\n");
    }

    TEST_CASE("show - drop-in paths are quoted like list entries") {
        TempTree tree;
        tree.write("/etc/systemd/system/a.service", "[Service]\nExecStart=/bin/true\n");
        tree.write("/etc/systemd/system/a.service.d/with space.conf", "[Service]\nUMask=0077\n");
        tree.write("/etc/systemd/system/a.service.d/10-first.conf", "[Service]\n");
        CHECK(show(tree, "a.service", {"UMask", "DropInPaths"}) ==
              "UMask=0077\nDropInPaths=/etc/systemd/system/a.service.d/10-first.conf "
              "\"/etc/systemd/system/a.service.d/with space.conf\"\n");
    }

    // NOTE: systemd refuses to load a unit with a fatal setting (here an invalid prefix
    // combination) and then prints the values it had parsed before service_add_extras()
    // ran, so Type= is empty. unitguard prints the values of a unit that loads.
    TEST_CASE("show - unit systemd rejects prints an empty Type" * doctest::should_fail()) {
        CHECK(show_service("ExecStart=!!!/bin/true x\n", {"Type"}) == "Type=\n");
    }

    TEST_CASE("split_environment_value - words before a syntax error stay") {
        EnvironmentSplit split = split_environment_value(R"(OK=1 BAD=a\ b AFTER=2)");
        REQUIRE(split.assignments.size() == 1);
        CHECK(split.assignments[0].name == "OK");
        CHECK(split.assignments[0].value == "1");
        REQUIRE(split.problems.size() == 1);
        CHECK(split.problems[0].message == "invalid syntax, ignoring the rest of the value");
    }

    TEST_CASE("split_environment_value - invalid words are skipped") {
        EnvironmentSplit split = split_environment_value(
            "X=1 1BAD=2 V1 \xC3\xA9=1 _X=ok V2==x 'SQ=a\\tb\\x41' MID\"DLE=q r\"s");
        std::vector<std::string> entries;
        for (const EnvironmentAssignment& entry : split.assignments) {
            entries.push_back(entry.name + "=" + entry.value);
        }
        CHECK(entries == Strings{"X=1", "_X=ok", "V2==x", "SQ=a\tbA", "MIDDLE=q rs"});
        REQUIRE(split.problems.size() == 3);
        CHECK(split.problems[0].message == "invalid environment assignment '1BAD=2', ignoring");
        CHECK(split.problems[0].offset == 4);
    }

    TEST_CASE("split_environment_value - specifiers expand after unquoting") {
        auto expand = [](std::string_view text) -> Expected<std::string> {
            std::string out(text);
            if (std::size_t at = out.find("%i"); at != std::string::npos) {
                out.replace(at, 2, "web\\x2d01");
            }
            if (out.find("%z") != std::string::npos) return Error{"unknown specifier", {}};
            return out;
        };
        EnvironmentSplit split = split_environment_value("INSTANCE=%i BAD=%z", expand);
        REQUIRE(split.assignments.size() == 1);
        CHECK(split.assignments[0].value == "web\\x2d01");
        REQUIRE(split.problems.size() == 1);
        CHECK(split.problems[0].message ==
              "failed to resolve specifiers in 'BAD=%z': unknown specifier, ignoring");
    }

    TEST_CASE("merge_environment - a later value replaces in place") {
        Strings environment;
        merge_environment(environment, split_environment_value("A=1 B=2").assignments);
        merge_environment(environment, split_environment_value("C=3 A=override").assignments);
        CHECK(environment == Strings{"A=override", "B=2", "C=3"});
    }

    TEST_CASE("quote_for_show - quotes like systemctl show") {
        struct Case {
            std::string_view entry;
            std::string_view printed;
        };
        for (const Case& entry :
             {Case{"B=two words", "\"B=two words\""},
              Case{"D=quote \" inside", "\"D=quote \\\" inside\""}, Case{"G=$A", "\"G=\\$A\""},
              Case{"Q19=a\\b", "\"Q19=a\\\\b\""}, Case{"Q05=a'b", "\"Q05=a'b\""},
              Case{"Q18=a`b", "\"Q18=a\\`b\""}, Case{"Q30=a\tb", "\"Q30=a\\tb\""},
              Case{"Q31=a\nb", "\"Q31=a\\nb\""},
              Case{"Q32=a\x01"
                   "b",
                   "\"Q32=a\\001b\""},
              Case{"del\x7f", "\"del\\177\""}, Case{"bad\xff", "\"bad\\377\""},
              Case{"Q29=\xC3\xA9", "Q29=\xC3\xA9"},
              Case{"Q04=a]b#~{}=%,:@^+-_./", "Q04=a]b#~{}=%,:@^+-_./"}, Case{"", ""},
              Case{"*?[()<>|&;!", "\"*?[()<>|&;!\""}}) {
            INFO("entry: ", entry.entry);
            CHECK(quote_for_show(entry.entry) == entry.printed);
        }
    }

    TEST_CASE("is_valid_utf8 - systemd's rules") {
        CHECK(is_valid_utf8("plain \xC3\xA9"));
        CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong '/'
        CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate U+D800
        CHECK_FALSE(is_valid_utf8("\xEF\xBF\xBE"));  // noncharacter U+FFFE
        CHECK_FALSE(is_valid_utf8("\xC3"));          // truncated
    }
}

}  // namespace unitguard::linter
