#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command against a private systemd user manager that loads units from a
# filesystem-layout tree, so `systemctl --user show` reports what systemd computes for it.
#
# Usage: ci/user-manager.sh [--log FILE] ROOT -- COMMAND [ARG...]
#
# ROOT is laid out like a host: ROOT/etc/systemd/system, ROOT/run/systemd/system,
# ROOT/usr/local/lib/systemd/system, ROOT/lib/systemd/system, ROOT/usr/lib/systemd/system
# (each optional). Inside a private mount namespace the user manager sees them as:
#
#   /etc/systemd/user                          <- ROOT/etc/systemd/system
#   /run/systemd/user                          <- ROOT/run/systemd/system
#   /run/systemd/ug-data/usr-local-lib/systemd/user <- ROOT/usr/local/lib/systemd/system
#   /run/systemd/ug-data/lib/systemd/user      <- ROOT/lib/systemd/system
#   /usr/lib/systemd/user                      <- ROOT/usr/lib/systemd/system
#
# The user search path of systemd 252 puts these directories in the same relative order
# as the system search path of Debian's systemd 252 build, which `systemd-analyze
# unit-paths` prints as /etc, /run, /usr/local/lib, /lib, /usr/lib. So FragmentPath and
# DropInPaths name the left-hand paths, and a caller maps them back with the table above.
# A ROOT/lib that is a symlink to usr/lib (merged /usr) is not mounted twice.
#
# Nothing else is on the search path: the host's own user units, ~/.config/systemd/user,
# /etc/xdg/systemd/user and the user generators are hidden. The manager starts only
# ug-empty.target, a target with DefaultDependencies=no kept in the private runtime
# directory, so it runs no unit from ROOT; `systemctl --user show` loads units on demand.
#
# COMMAND runs inside the namespace with XDG_RUNTIME_DIR pointing at the manager and
# UG_MANAGER_LOG naming the manager's live log: its console output, with lines ending in
# CR LF after a first line written by script(1). --log FILE receives a copy without both.
# The script exits with COMMAND's status, or 77 with a one-line reason when no manager
# can be started (not root, namespaces or cgroups not permitted, systemd missing, no
# start within 10 s).
#
# NOTE: absolute symlinks inside ROOT resolve against the host, not against ROOT, so
# fixtures use relative symlinks (or /dev/null for masking).
#
# Isolation: the script creates one cgroup below its own cgroup, enters a new mount, PID
# and cgroup namespace there, and mounts a cgroup2 view rooted at that cgroup. Without
# this the manager would create init.scope in the host's cgroup root and move every
# process of that cgroup into it. All mounts die with the namespace, and the cgroup is
# removed at exit.
set -uo pipefail

readonly kStartTimeoutSeconds=10
readonly kStopTimeoutSeconds=5
readonly kEmptyTarget=ug-empty.target

usage() {
    echo "usage: ci/user-manager.sh [--log FILE] ROOT -- COMMAND [ARG...]" >&2
    exit 2
}

skip() {
    echo "user-manager: cannot start a user manager: $*"
    exit 77
}

find_systemd() {
    local candidate
    for candidate in /lib/systemd/systemd /usr/lib/systemd/systemd; do
        if [[ -x $candidate ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# Prints the mount point of the cgroup2 hierarchy: /sys/fs/cgroup on unified hosts,
# /sys/fs/cgroup/unified on hybrid ones.
find_cgroup2_mount() {
    local candidate
    for candidate in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        if [[ $(stat -f -c %T "$candidate" 2>/dev/null) == cgroup2fs ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# Removes the harness cgroup and whatever the manager created below it. Processes leave
# a cgroup slightly after they exit, so rmdir is retried for up to five seconds.
remove_cgroup() {
    local dir=$1 attempt
    [[ -d $dir ]] || return 0
    for attempt in $(seq 50); do
        find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
        [[ -d $dir ]] || return 0
        sleep 0.1
    done
    echo "user-manager: warning: could not remove cgroup $dir" >&2
}

# Kills the first process of the PID namespace that unshare $1 started, which ends every
# process in the namespace. unshare itself ignores SIGINT and SIGTERM while it waits.
stop_namespace() {
    local init_pid
    init_pid=$(ps -o pid= --ppid "$1" 2>/dev/null)
    if [[ -n $init_pid ]]; then
        kill -s KILL $init_pid 2>/dev/null
    fi
}

run_outside() {
    local log_copy=""
    if [[ ${1:-} == --log ]]; then
        [[ $# -ge 2 ]] || usage
        log_copy=$(realpath -m -- "$2")
        shift 2
    fi
    [[ $# -ge 3 && $2 == -- ]] || usage
    local root
    root=$(realpath -e -- "$1") || { echo "user-manager: ROOT not found: '$1'" >&2; exit 2; }
    [[ -d $root ]] || { echo "user-manager: ROOT is not a directory: '$root'" >&2; exit 2; }
    shift 2

    [[ $(id -u) == 0 ]] || skip "must run as root (the manager mounts the unit tree)"
    command -v unshare >/dev/null || skip "unshare(1) not found"
    command -v systemctl >/dev/null || skip "systemctl not found"
    find_systemd >/dev/null || skip "systemd binary not found in /lib/systemd or /usr/lib/systemd"
    local dir
    for dir in /etc/systemd/user /usr/lib/systemd/user /run/systemd; do
        [[ -d $dir ]] || skip "mount point $dir does not exist on this host"
    done

    local unshare_flags=(--mount --cgroup --pid --fork --kill-child --mount-proc --propagation private)
    local probe_error
    probe_error=$(unshare "${unshare_flags[@]}" true 2>&1) \
        || skip "unshare not permitted: ${probe_error:-no message}"

    local cgroup2 own_cgroup
    cgroup2=$(find_cgroup2_mount) || skip "no cgroup2 hierarchy mounted under /sys/fs/cgroup"
    own_cgroup=$(sed -n 's/^0:://p' /proc/self/cgroup)
    local cgroup_dir="$cgroup2${own_cgroup%/}/ug-user-manager.$$"
    mkdir "$cgroup_dir" 2>/dev/null || skip "cannot create cgroup $cgroup_dir"
    trap 'remove_cgroup "$cgroup_dir"' EXIT

    # The subshell enters the new cgroup first, so that the cgroup namespace created by
    # unshare is rooted there. It runs in the background with the caller's stdin, so that
    # a signal to this script can end the namespace before the cgroup is removed.
    exec 3<&0
    (
        echo "$BASHPID" >"$cgroup_dir/cgroup.procs" || exit 77
        export UG_USER_MANAGER_STAGE=inside UG_ROOT="$root" UG_LOG_COPY="$log_copy"
        exec unshare "${unshare_flags[@]}" bash "$0" "$@"
    ) <&3 3<&- &
    local namespace_pid=$!
    trap 'stop_namespace "$namespace_pid"' INT TERM
    local status=0
    wait "$namespace_pid" || status=$?
    # A trapped signal interrupts wait before the namespace has ended.
    while kill -0 "$namespace_pid" 2>/dev/null; do
        status=0
        wait "$namespace_pid" || status=$?
    done
    trap - INT TERM
    remove_cgroup "$cgroup_dir"
    trap - EXIT
    exit "$status"
}

# Mounts an empty read-only tmpfs over an existing directory.
hide_dir() {
    [[ -d $1 ]] || return 0
    mount -t tmpfs -o ro,mode=755,size=64k ug-empty "$1"
}

# Bind-mounts ROOT/$1 read-only on $2, or hides $2 when ROOT has no such directory.
bind_tree() {
    local source="$UG_ROOT/$1" target=$2
    if [[ -d $source ]]; then
        mkdir -p "$target" 2>/dev/null
        mount --bind "$source" "$target" && mount -o remount,bind,ro "$target"
    else
        hide_dir "$target"
    fi
}

# Succeeds when both paths are the same directory, as lib and usr/lib are in a ROOT with
# a merged /usr.
same_dir() {
    [[ -d $1 && -d $2 && $1 -ef $2 ]]
}

mount_unit_trees() {
    bind_tree etc/systemd/system /etc/systemd/user
    bind_tree usr/lib/systemd/system /usr/lib/systemd/user
    mkdir -p /run/systemd/user
    bind_tree run/systemd/system /run/systemd/user

    mkdir -p /run/systemd/ug-data/usr-local-lib/systemd/user /run/systemd/ug-data/lib/systemd/user
    bind_tree usr/local/lib/systemd/system /run/systemd/ug-data/usr-local-lib/systemd/user
    if ! same_dir "$UG_ROOT/lib/systemd/system" "$UG_ROOT/usr/lib/systemd/system"; then
        bind_tree lib/systemd/system /run/systemd/ug-data/lib/systemd/user
    fi
}

# Hides every other directory that systemd 252 reads user units or generators from.
hide_host_user_dirs() {
    local home
    home=$(getent passwd "$(id -un)" | cut -d: -f6)
    local dir
    for dir in "$home/.config/systemd" "$home/.local/share/systemd" /etc/xdg/systemd \
        /usr/local/share/systemd /usr/share/systemd/user /usr/local/lib/systemd/user \
        /etc/systemd/user-generators /usr/local/lib/systemd/user-generators \
        /usr/lib/systemd/user-generators /lib/systemd/user-generators \
        /etc/systemd/user-environment-generators \
        /usr/local/lib/systemd/user-environment-generators \
        /usr/lib/systemd/user-environment-generators \
        /lib/systemd/user-environment-generators; do
        # /etc/xdg/systemd/user is a symlink to /etc/systemd/user on Debian; hiding the
        # parent keeps the unit tree from appearing under two names.
        if [[ -d $dir && ! -L $dir ]] && ! same_dir "$dir" /etc/systemd/user; then
            hide_dir "$dir"
        fi
    done
}

# The manager logs to /dev/console only when that is a terminal, because it reopens the
# console for logging and checks isatty(). The namespace therefore gets a pseudo-terminal
# from script(1) in place of /dev/console, and script copies its output into the log.
start_log_reader() {
    local ug=/run/systemd/ug attempt
    script --quiet --flush --command \
        "stty -onlcr; tty >$ug/console.tty; echo \$\$ >$ug/console.pid; exec sleep infinity" \
        "$UG_MANAGER_LOG" </dev/null >/dev/null 2>&1 &
    log_reader_pid=$!
    for attempt in $(seq 50); do
        [[ -s $ug/console.tty && -s $ug/console.pid ]] && break
        sleep 0.05
    done
    [[ -s $ug/console.tty ]] || return 1
    mount --bind "$(cat "$ug/console.tty")" /dev/console
}

start_manager() {
    local systemd
    systemd=$(find_systemd)
    mkdir -p "$XDG_RUNTIME_DIR/systemd/user"
    printf '[Unit]\nDescription=Empty start target of the test manager\nDefaultDependencies=no\n' \
        >"$XDG_RUNTIME_DIR/systemd/user/$kEmptyTarget"

    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/run/systemd/ug/home \
        XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" XDG_CONFIG_DIRS=/run/systemd/ug/xdg-config \
        XDG_DATA_DIRS=/run/systemd/ug-data/usr-local-lib:/run/systemd/ug-data/lib \
        "$systemd" --user --unit="$kEmptyTarget" --log-target=console --log-color=no \
        </dev/null >/dev/console 2>&1 &
    manager_pid=$!
}

wait_until_running() {
    local deadline=$((SECONDS + kStartTimeoutSeconds)) state
    while ((SECONDS < deadline)); do
        kill -0 "$manager_pid" 2>/dev/null || return 1
        if [[ -S $XDG_RUNTIME_DIR/systemd/private ]]; then
            state=$(systemctl --user is-system-running 2>/dev/null)
            [[ $state == running || $state == degraded ]] && return 0
        fi
        sleep 0.1
    done
    return 1
}

# SIGRTMIN+24 makes a user manager exit at once (systemd(1)); SIGTERM would try to start
# exit.target, which this manager does not have.
stop_manager() {
    local deadline=$((SECONDS + kStopTimeoutSeconds))
    kill -s "$(($(kill -l RTMIN) + 24))" "$manager_pid" 2>/dev/null
    while kill -0 "$manager_pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.1
    done
    kill -s KILL "$manager_pid" 2>/dev/null
    wait "$manager_pid" 2>/dev/null
}

# Prints the log without script(1)'s opening and closing lines and without the carriage
# returns that systemd adds when it writes to a terminal.
clean_log() {
    sed -e '/^Script started on /d' -e '/^Script done on /d' -e 's/\r$//' | sed -e '${/^$/d}'
}

# Ends the process that keeps the terminal open, after which script(1) writes its closing
# line and exits.
stop_log_reader() {
    local attempt
    sleep 0.1
    kill "$(cat /run/systemd/ug/console.pid 2>/dev/null)" 2>/dev/null
    for attempt in $(seq 20); do
        kill -0 "$log_reader_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$log_reader_pid" 2>/dev/null
    wait "$log_reader_pid" 2>/dev/null
    if [[ -n $UG_LOG_COPY ]]; then
        clean_log <"$UG_MANAGER_LOG" >"$UG_LOG_COPY" \
            || echo "user-manager: warning: could not copy the log to '$UG_LOG_COPY'" >&2
    fi
}

run_inside() {
    mount -t cgroup2 ug-cgroup2 /sys/fs/cgroup || skip "cannot mount a private cgroup2 view"
    mount -t tmpfs -o mode=755 ug-run /run/systemd || skip "cannot mount /run/systemd"
    # sd_booted() tests for this directory to tell whether systemd manages the system.
    mkdir -p /run/systemd/system /run/systemd/ug/home /run/systemd/ug/xdg-config \
        /run/systemd/ug/runtime
    chmod 700 /run/systemd/ug/runtime
    export XDG_RUNTIME_DIR=/run/systemd/ug/runtime
    export UG_MANAGER_LOG=/run/systemd/ug/manager.log

    hide_host_user_dirs
    mount_unit_trees || skip "cannot bind-mount the unit trees of '$UG_ROOT'"
    start_log_reader || skip "cannot redirect /dev/console to the log"
    start_manager
    if ! wait_until_running; then
        local reason="manager did not start within $kStartTimeoutSeconds s"
        kill -0 "$manager_pid" 2>/dev/null || reason="manager exited during start"
        stop_manager
        stop_log_reader
        tail -n 5 "$UG_MANAGER_LOG" >&2
        skip "$reason"
    fi

    unset DBUS_SESSION_BUS_ADDRESS UG_USER_MANAGER_STAGE
    "$@"
    local status=$?
    stop_manager
    stop_log_reader
    exit "$status"
}

if [[ ${UG_USER_MANAGER_STAGE:-} == inside ]]; then
    run_inside "$@"
else
    run_outside "$@"
fi
