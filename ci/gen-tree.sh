#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Generates a synthetic root tree of systemd units for scale benchmarks: vendor units in
# OUTDIR/usr/lib/systemd/system, admin units and overrides in OUTDIR/etc/systemd/system.
# The tree mixes services, sockets, timers, paths, targets, slices and mounts, templates
# with enabled instances, alias symlinks, masks, .wants/.requires directories and twice as
# many drop-ins as units, with hardening directives and Exec lines (some `sh -c` scripts).
# The same UNITS always gives the same tree.
#
# Usage: ci/gen-tree.sh OUTDIR [UNITS]
#   OUTDIR must not exist yet, or be empty. UNITS is the number of unit files
#   (default 10000); the tree gets 2 * UNITS drop-ins.
set -euo pipefail

die() { echo "gen-tree: error: $*" >&2; exit 1; }

[[ $# -ge 1 && $# -le 2 && $1 != -* ]] || { sed -n '3,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
outdir=$1
units=${2:-10000}
[[ $units =~ ^[1-9][0-9]*$ && $units -ge 100 ]] || die "UNITS must be a number of at least 100, not '$units'"
if [[ -e $outdir ]]; then
    [[ -d $outdir && -z $(ls -A "$outdir") ]] || die "'$outdir' exists and is not empty; remove it or pick another"
fi
command -v python3 >/dev/null || die "python3 not found (Debian package python3)"
mkdir -p "$outdir"

python3 - "$outdir" "$units" <<'PY'
import os
import random
import sys

outdir, unit_count = sys.argv[1], int(sys.argv[2])
rng = random.Random(unit_count)
vendor_dir = os.path.join(outdir, "usr/lib/systemd/system")
admin_dir = os.path.join(outdir, "etc/systemd/system")
os.makedirs(vendor_dir)
os.makedirs(admin_dir)

WORDS = ["api", "web", "cache", "queue", "db", "metrics", "backup", "sync", "mail", "dns",
         "vpn", "log", "auth", "proxy", "search", "media", "billing", "report", "index",
         "notify", "storage", "scheduler", "gateway", "worker", "ingest", "export"]
HARDENING = [
    "ProtectSystem=strict", "ProtectSystem=full", "ProtectHome=yes", "ProtectHome=read-only",
    "PrivateTmp=yes", "PrivateDevices=yes", "NoNewPrivileges=yes", "ProtectKernelTunables=yes",
    "ProtectKernelModules=yes", "ProtectKernelLogs=yes", "ProtectControlGroups=yes",
    "ProtectClock=yes", "ProtectHostname=yes", "RestrictRealtime=yes", "RestrictSUIDSGID=yes",
    "LockPersonality=yes", "MemoryDenyWriteExecute=yes", "RestrictNamespaces=yes",
    "RestrictNamespaces=~user net", "SystemCallArchitectures=native",
    "SystemCallFilter=@system-service", "SystemCallFilter=~@privileged @resources",
    "SystemCallFilter=~ptrace process_vm_readv", "SystemCallErrorNumber=EPERM",
    "CapabilityBoundingSet=", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
    "AmbientCapabilities=CAP_NET_BIND_SERVICE", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
    "RestrictAddressFamilies=AF_UNIX", "UMask=0077", "DevicePolicy=closed",
    "IPAddressDeny=any", "IPAddressAllow=localhost", "PrivateNetwork=yes",
    "ProtectProc=invisible", "ProcSubset=pid", "RemoveIPC=yes", "KeyringMode=private",
]
LIMITS = ["LimitNOFILE=65536", "MemoryMax=512M", "CPUQuota=50%", "TasksMax=256",
          "Nice=5", "IOWeight=50", "TimeoutStopSec=30", "Restart=on-failure", "RestartSec=5s",
          "StartLimitBurst=5"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def link(path, target):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


def exec_lines(name, index):
    lines = [f"ExecStart=/usr/bin/{name.split('-')[0]}d --config /etc/{name}/config.toml "
             f"--listen 127.0.0.1:{8000 + index % 50000}"]
    kind = index % 7
    if kind == 0:
        lines.append(f"ExecStartPre=/bin/sh -c 'install -d -m 0750 /var/lib/{name} && "
                     f"chown {name}: /var/lib/{name}'")
    elif kind == 1:
        lines.append("ExecStartPost=/bin/sh -c 'for i in 1 2 3 4 5; do "
                     f"test -S /run/{name}/socket && exit 0; sleep 1; done; exit 1'")
    elif kind == 2:
        lines.append(f"ExecReload=/bin/kill -HUP $MAINPID")
    elif kind == 3:
        lines.append(f"ExecStartPre=/usr/bin/env {name.upper().replace('-', '_')}_MODE=check "
                     f"/usr/bin/{name.split('-')[0]}d --check")
        lines.append(f"ExecStopPost=-/bin/rm -f /run/{name}/pid")
    elif kind == 4:
        lines.append(f"ExecStartPre=+/bin/sh -c 'sysctl -q -w net.core.somaxconn=1024 || true'")
    return lines


def service_text(name, index, template=False):
    user = "nobody" if index % 5 == 0 else name.replace("@", "")[:31]
    lines = ["[Unit]", f"Description=Synthetic {name} service {index}",
             f"Documentation=man:{name.split('-')[0]}d(8)", "After=network-online.target",
             "Wants=network-online.target", "", "[Service]",
             "Type=" + ["simple", "notify", "exec", "forking", "oneshot"][index % 5]]
    if index % 5 == 3:
        lines.append(f"PIDFile=/run/{name}/pid")
    if index % 3 != 0:
        lines.append(f"User={user}")
        lines.append(f"Group={user}")
    if index % 4 == 0:
        lines.append("DynamicUser=yes")
    lines.append(f"Environment=LANG=C.UTF-8 INSTANCE={'%i' if template else name}")
    if index % 6 == 0:
        lines.append(f"EnvironmentFile=-/etc/default/{name}")
    lines.extend(exec_lines(name, index))
    lines.extend(rng.sample(HARDENING, 4 + index % 12))
    lines.extend(rng.sample(LIMITS, 2))
    lines.append(f"StateDirectory={name.replace('@', '')}")
    lines.append(f"RuntimeDirectory={name.replace('@', '')}")
    lines.extend(["", "[Install]", "WantedBy=multi-user.target"])
    return "\n".join(lines) + "\n"


def dropin_text(unit_type, index):
    if unit_type == "service":
        kind = index % 4
        if kind == 0:
            body = ["[Service]"] + rng.sample(HARDENING, 3)
        elif kind == 1:
            body = ["[Service]"] + rng.sample(LIMITS, 3)
        elif kind == 2:
            body = ["[Service]", "ExecStart=",
                    f"ExecStart=/usr/local/bin/override-{index} --foreground",
                    "SystemCallFilter=", "SystemCallFilter=@system-service @network-io"]
        else:
            body = ["[Unit]", "StartLimitIntervalSec=60", "", "[Service]",
                    f"Environment=OVERRIDE={index}", "ReadWritePaths=/var/lib/override"]
    elif unit_type == "socket":
        body = ["[Socket]", f"ListenStream=127.0.0.1:{20000 + index % 40000}", "Backlog=512"]
    elif unit_type == "timer":
        body = ["[Timer]", "OnCalendar=", f"OnCalendar=*-*-* {index % 24:02d}:{index % 60:02d}:00",
                "RandomizedDelaySec=15min"]
    elif unit_type == "mount":
        body = ["[Mount]", "Options=nodev,nosuid,noexec"]
    else:
        body = ["[Unit]", f"Description=Overridden unit {index}"]
    return "# Local override generated for scale tests.\n" + "\n".join(body) + "\n"


def other_text(unit_type, name, index, partner):
    if unit_type == "socket":
        return (f"[Unit]\nDescription=Socket of {partner}\n\n[Socket]\n"
                f"ListenStream=/run/{name}.sock\nSocketMode=0660\nService={partner}\n\n"
                "[Install]\nWantedBy=sockets.target\n")
    if unit_type == "timer":
        return (f"[Unit]\nDescription=Timer of {partner}\n\n[Timer]\nOnCalendar=daily\n"
                f"Persistent=true\nUnit={partner}\n\n[Install]\nWantedBy=timers.target\n")
    if unit_type == "path":
        return (f"[Unit]\nDescription=Watch for {partner}\n\n[Path]\n"
                f"PathChanged=/var/spool/{name}\nUnit={partner}\n\n"
                "[Install]\nWantedBy=paths.target\n")
    if unit_type == "target":
        return (f"[Unit]\nDescription=Synthetic target {index}\nRequires=basic.target\n"
                "After=basic.target\nAllowIsolate=no\n")
    if unit_type == "slice":
        return (f"[Unit]\nDescription=Synthetic slice {index}\n\n[Slice]\n"
                f"MemoryMax={256 + index % 1024}M\nCPUWeight={10 + index % 90}\n")
    if unit_type == "mount":
        where = "/" + name[: -len(".mount")].replace("-", "/")
        return (f"[Unit]\nDescription=Data volume {index}\n\n[Mount]\n"
                f"What=/dev/disk/by-label/data{index}\nWhere={where}\nType=ext4\n"
                "Options=noatime\n\n[Install]\nWantedBy=local-fs.target\n")
    raise ValueError(unit_type)


# Unit counts per type; services take what the other types leave.
shares = {"socket": 0.10, "timer": 0.10, "path": 0.05, "target": 0.08, "slice": 0.04,
          "mount": 0.05}
counts = {kind: int(unit_count * share) for kind, share in shares.items()}
counts["service"] = unit_count - sum(counts.values())

units = []  # (type, name, directory)
services = []
templates = []
for index in range(counts["service"]):
    base = f"{WORDS[index % len(WORDS)]}-{WORDS[(index // len(WORDS)) % len(WORDS)]}-{index:05d}"
    template = index % 10 == 9
    name = f"{base}@.service" if template else f"{base}.service"
    directory = admin_dir if index % 10 < 3 else vendor_dir
    write(os.path.join(directory, name), service_text(name[: -len(".service")], index, template))
    units.append(("service", name, directory))
    (templates if template else services).append((name, directory))
for unit_type in ("socket", "timer", "path", "target", "slice", "mount"):
    for index in range(counts[unit_type]):
        partner = services[index % len(services)][0]
        if unit_type in ("socket", "timer", "path"):
            name = partner[: -len(".service")] + "." + unit_type
            if index >= len(services):
                name = f"extra-{index:05d}-{name}"
        elif unit_type == "mount":
            name = f"srv-data{index:05d}.mount"
        else:
            name = f"synthetic-{WORDS[index % len(WORDS)]}-{index:05d}.{unit_type}"
        directory = vendor_dir if index % 4 else admin_dir
        write(os.path.join(directory, name), other_text(unit_type, name, index, partner))
        units.append((unit_type, name, directory))

# Enabled units: .wants symlinks in /etc, absolute targets as systemctl enable writes them.
for position, (unit_type, name, directory) in enumerate(units):
    if position % 3 == 0 or unit_type in ("target", "slice"):
        continue
    wanted_by = {"socket": "sockets.target", "timer": "timers.target", "path": "paths.target",
                 "mount": "local-fs.target"}.get(unit_type, "multi-user.target")
    inner = "/" + os.path.relpath(os.path.join(directory, name), outdir)
    link(os.path.join(admin_dir, wanted_by + ".wants", name), inner)
for position, (name, directory) in enumerate(services[:: 50]):
    inner = "/" + os.path.relpath(os.path.join(directory, name), outdir)
    link(os.path.join(admin_dir, "network-online.target.requires", name), inner)

# Template instances: three enabled instances each, one with its own drop-in directory.
for position, (name, directory) in enumerate(templates):
    inner = "/" + os.path.relpath(os.path.join(directory, name), outdir)
    for instance in ("alpha", "beta", f"port{9000 + position % 1000}"):
        instance_name = name.replace("@.service", f"@{instance}.service")
        link(os.path.join(admin_dir, "multi-user.target.wants", instance_name), inner)
    write(os.path.join(admin_dir, name.replace("@.service", "@alpha.service") + ".d",
                       "50-instance.conf"),
          "[Service]\nEnvironment=ROLE=primary\nCPUWeight=200\n")

# Aliases (symlinks named like another unit) and masks (symlinks to /dev/null).
for position, (name, directory) in enumerate(services[:: 30]):
    inner = "/" + os.path.relpath(os.path.join(directory, name), outdir)
    link(os.path.join(admin_dir, f"alias{position:05d}-" + name), inner)
for position, (name, directory) in enumerate(services[7:: 200]):
    if directory == vendor_dir:
        link(os.path.join(admin_dir, name), "/dev/null")

# Drop-ins: round robin over the units until there are twice as many as units. The ones
# in /etc override vendor drop-ins of the same name in /usr/lib.
dropin_target = 2 * unit_count
written = len(templates)
prefix_dropins = 0
for word in WORDS[:8]:
    write(os.path.join(vendor_dir, f"{word}-.service.d", "10-family.conf"),
          f"[Service]\nEnvironment=FAMILY={word}\nProtectHome=yes\n")
    prefix_dropins += 1
write(os.path.join(vendor_dir, "service.d", "10-defaults.conf"),
      "[Service]\nTimeoutStartSec=90\n")
written += prefix_dropins + 1
position = 0
while written < dropin_target:
    unit_type, name, directory = units[position % len(units)]
    round_number = position // len(units)
    base = [admin_dir, vendor_dir][(position + round_number) % 2]
    conf = f"{10 * (round_number + 1):02d}-{['hardening', 'limits', 'local'][position % 3]}.conf"
    write(os.path.join(base, name + ".d", conf), dropin_text(unit_type, position))
    written += 1
    position += 1

files = sum(len(names) for _, _, names in os.walk(outdir))
print(f"gen-tree: {outdir}: {len(units)} units ({', '.join(f'{counts[k]} {k}' for k in counts)}), "
      f"{written} drop-ins, {files} files and symlinks")
PY
