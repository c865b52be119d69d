#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds a root tree of real Debian 12 unit files for benchmarks and fidelity checks: the
# systemd units and sysctl.d files of about 85 server packages from Debian's archive, plus
# this machine's own units. The tree is laid out like a merged-/usr Debian 12 root
# (OUTDIR/lib is a symlink to usr/lib); symlinks keep their targets, absolute ones included.
#
# Usage: ci/debian-tree.sh OUTDIR
#   OUTDIR must not exist yet, or be empty. Downloaded packages, and the directories taken
#   from them, are kept in ${XDG_CACHE_HOME:-~/.cache}/unitguard/{debs,units}, so a second
#   run downloads and unpacks nothing.
set -euo pipefail

die() { echo "debian-tree: error: $*" >&2; exit 1; }
say() { echo "debian-tree: $*"; }

[[ $# -eq 1 && $1 != -* ]] || { sed -n '3,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
outdir=$1
if [[ -e $outdir ]]; then
    [[ -d $outdir && -z $(ls -A "$outdir") ]] || die "'$outdir' exists and is not empty; remove it or pick another"
fi
for tool in apt-cache apt-get dpkg-deb; do
    command -v "$tool" >/dev/null || die "'$tool' not found; this script needs Debian's apt and dpkg"
done

cache=${XDG_CACHE_HOME:-$HOME/.cache}/unitguard/debs
unpacked=${XDG_CACHE_HOME:-$HOME/.cache}/unitguard/units  # one folder per .deb file

# Server packages of Debian 12 that ship systemd units. A unit lives in the package named
# here, not always in the one users install (nginx.service is in nginx-common,
# postgresql@.service in postgresql-common).
packages=(
    # web, proxies, application servers
    nginx-common apache2 lighttpd haproxy squid varnish tomcat10 php8.2-fpm supervisor
    # remote access and file transfer
    openssh-server vsftpd proftpd-core rsync openbsd-inetd
    # databases, caches, queues
    postgresql-common mariadb-server redis-server memcached influxdb etcd-server
    rabbitmq-server mosquitto
    # DNS, DHCP, time, routing adverts
    bind9 unbound knot nsd pdns-server pdns-recursor dnsmasq kea-dhcp4-server
    kea-dhcp6-server kea-ctrl-agent chrony ntpsec openntpd radvd
    # mail
    postfix exim4-base dovecot-core opendkim opendmarc postgrey spamd clamav-daemon
    clamav-freshclam
    # printing and discovery
    cups-daemon avahi-daemon
    # logging and monitoring
    rsyslog prometheus prometheus-node-exporter prometheus-alertmanager
    prometheus-blackbox-exporter zabbix-agent zabbix-server-pgsql munin-node collectd-core
    icinga2-bin nagios-nrpe-server snmpd auditd
    # firewalls, VPNs, routing, anonymity
    fail2ban nftables conntrackd keepalived frr openvpn wireguard-tools strongswan-starter
    charon-systemd tor
    # containers and virtual machines
    docker.io containerd podman lxc libvirt-daemon-system
    # file sharing
    samba winbind nfs-kernel-server nfs-common rpcbind
    # clusters, chat, power
    corosync pacemaker prosody coturn nut-server
)

# Paths taken from each package and from this machine, relative to the root.
unit_dirs=(lib/systemd/system usr/lib/systemd/system etc/systemd/system)
sysctl_dirs=(lib/sysctl.d usr/lib/sysctl.d etc/sysctl.d)

# --- the .deb file of each package: one apt-cache call ------------------------------------

# Prints "package<TAB>file name that apt-get download writes" for each package Debian has.
list_deb_files() {
    apt-cache show --no-all-versions "${packages[@]}" 2>/dev/null | awk '
        /^Package: /      { p = $2 }
        /^Version: /      { v = $2; gsub(":", "%3a", v) }
        /^Architecture: / { a = $2 }
        /^$/ && p != ""   { print p "\t" p "_" v "_" a ".deb"; p = "" }
        END { if (p != "") print p "\t" p "_" v "_" a ".deb" }'
}

declare -A debfile=()
while IFS=$'\t' read -r pkg file; do debfile[$pkg]=$file; done < <(list_deb_files)
if [[ ${#debfile[@]} -eq 0 ]]; then
    say "apt-cache finds none of the packages; running apt-get update"
    if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
    "${sudo[@]}" apt-get update -q </dev/null || die "apt-get update failed; is Debian's archive reachable?"
    while IFS=$'\t' read -r pkg file; do debfile[$pkg]=$file; done < <(list_deb_files)
    [[ ${#debfile[@]} -gt 0 ]] || die "apt-cache still finds none of the packages; is this Debian 12?"
fi
for pkg in "${packages[@]}"; do
    [[ -n ${debfile[$pkg]:-} ]] || say "note: '$pkg' is not in this machine's archive, skipping"
done

# --- download what the cache lacks -------------------------------------------------------

mkdir -p "$cache"
fetch=()
for pkg in "${!debfile[@]}"; do
    [[ -f $cache/${debfile[$pkg]} ]] || fetch+=("$pkg")
done
if [[ ${#fetch[@]} -gt 0 ]]; then
    say "downloading ${#fetch[@]} packages into $cache"
    apt_opts=(-q)
    # As root, apt downloads as the user _apt, which cannot write to root's cache folder.
    [[ $(id -u) -ne 0 ]] || apt_opts+=(-o APT::Sandbox::User=root)
    (cd "$cache" && apt-get download "${apt_opts[@]}" "${fetch[@]}" </dev/null >/dev/null) \
        || die "apt-get download failed; is Debian's archive reachable?"
fi
# Drop older versions of these packages, so the cache does not grow with each point release.
for pkg in "${!debfile[@]}"; do
    for old in "$cache/${pkg}"_*.deb "$unpacked/${pkg}"_*.deb; do
        if [[ -e $old && ${old##*/} != "${debfile[$pkg]}" ]]; then rm -rf -- "$old"; fi
    done
done

# --- lay out the tree --------------------------------------------------------------------

mkdir -p "$outdir/usr/lib" "$outdir/etc"
ln -sfn usr/lib "$outdir/lib"
outdir=$(cd "$outdir" && pwd)

# Copies the unit and sysctl.d directories found under SRC_ROOT to DEST_ROOT; fails if
# there were none.
copy_dirs() {
    local src_root=$1 dest_root=$2 dir found=1
    for dir in "${unit_dirs[@]}" "${sysctl_dirs[@]}"; do
        [[ -d $src_root/$dir ]] || continue
        mkdir -p "$dest_root/$dir"
        cp -a "$src_root/$dir/." "$dest_root/$dir/"
        found=0
    done
    return "$found"
}

# Unpacks each package once into a scratch folder and keeps only those directories.
scratch=""
trap 'if [[ -n $scratch ]]; then rm -rf "$scratch"; fi' EXIT
empty=()
for pkg in "${packages[@]}"; do
    file=${debfile[$pkg]:-}
    [[ -n $file ]] || continue
    kept=$unpacked/$file
    if [[ ! -e $kept/.complete ]]; then
        scratch=$(mktemp -d)
        dpkg-deb -x "$cache/$file" "$scratch" || die "cannot unpack $cache/$file"
        rm -rf "$kept"
        mkdir -p "$kept"
        copy_dirs "$scratch" "$kept" || true
        touch "$kept/.complete"
        rm -rf "$scratch"
        scratch=""
    fi
    copy_dirs "$kept" "$outdir" || empty+=("$pkg")
done
[[ ${#empty[@]} -eq 0 ]] || say "note: no unit or sysctl.d file in: ${empty[*]}"

# This machine's own units (and sysctl.d). On merged-/usr hosts /lib/systemd/system is
# /usr/lib/systemd/system, so each real directory is copied once.
declare -A seen=()
for dir in "${unit_dirs[@]}" "${sysctl_dirs[@]}"; do
    [[ -d /$dir ]] || continue
    real=$(realpath "/$dir")
    [[ -z ${seen[$real]:-} ]] || continue
    seen[$real]=1
    mkdir -p "$outdir/$dir"
    cp -a "/$dir/." "$outdir/$dir/"
done

# --- count -------------------------------------------------------------------------------

# Unit directories of the tree, each real directory once (lib/ is a symlink to usr/lib/).
count_dirs=()
for dir in usr/lib/systemd/system etc/systemd/system; do
    [[ -d $outdir/$dir ]] && count_dirs+=("$outdir/$dir")
done
suffixes='service|socket|timer|path|mount|automount|swap|target|slice|scope|device'
units=$(find "${count_dirs[@]}" -mindepth 1 -maxdepth 1 \( -type f -o -type l \) \
    -regextype posix-extended -regex ".*\\.($suffixes)" | wc -l)
services=$(find "${count_dirs[@]}" -mindepth 1 -maxdepth 1 \( -type f -o -type l \) \
    -name '*.service' ! -name '*@.service' | wc -l)
dropins=$(find "${count_dirs[@]}" -mindepth 2 -maxdepth 2 \( -type f -o -type l \) \
    -path '*.d/*.conf' | wc -l)
sysctl=$(find "$outdir/usr/lib/sysctl.d" "$outdir/etc/sysctl.d" -name '*.conf' 2>/dev/null | wc -l)

say "tree in $outdir from $(( ${#debfile[@]} - ${#empty[@]} )) packages and this machine"
echo "units: $units ($services non-template services), drop-ins: $dropins, sysctl.d files: $sysctl"
