#!/usr/bin/env bash
# pg-test-server.sh - a throw-away PostgreSQL 15 server for tests and benchmarks.
#
#   pg-test-server.sh start  <state-dir>   initdb + start, prints the JDBC URL
#   pg-test-server.sh env    <state-dir>   prints KC_PG_URL='...' and KC_PG_CONNINFO='...' (for eval)
#   pg-test-server.sh pause  <state-dir>   stops the server, keeps data and port
#   pg-test-server.sh resume <state-dir>   starts it again on the same port
#   pg-test-server.sh stop   <state-dir>   stops the server and deletes the state dir
#
# The server listens on 127.0.0.1 on a free port with its socket in the state
# dir, trusts local connections (user postgres, database kctest) and runs with
# fsync off: it is for tests only. PostgreSQL refuses to run as root, so as
# root the server runs as an unprivileged user (KC_PG_USER, default kcpgtest),
# created on first use.
set -euo pipefail

PG_BIN=${KC_PG_BIN:-/usr/lib/postgresql/15/bin}
RUN_USER=${KC_PG_USER:-kcpgtest}

die() {
    echo "pg-test-server: $*" >&2
    exit 1
}

usage() {
    die "usage: $0 start|env|pause|resume|stop <state-dir>"
}

[[ $# -eq 2 ]] || usage
cmd=$1
state=$2

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$RUN_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_user() {
    [[ $(id -u) -eq 0 ]] || return 0
    id -u "$RUN_USER" >/dev/null 2>&1 && return 0
    useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER" 2>/dev/null ||
        id -u "$RUN_USER" >/dev/null 2>&1 || die "cannot create user $RUN_USER"
}

free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

pg_start() {
    local port
    port=$(cat "$state/port")
    as_owner "$PG_BIN/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 \
        -o "-p $port -k $state/sock -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        start >/dev/null || {
        cat "$state/server.log" >&2 || true
        die "server did not start"
    }
}

pg_stop() {
    [[ -f $state/data/postmaster.pid ]] || return 0
    as_owner "$PG_BIN/pg_ctl" -D "$state/data" -m fast -w -t 60 stop >/dev/null || true
}

print_env() {
    local port
    port=$(cat "$state/port")
    # Quoted: the output is meant for eval.
    echo "KC_PG_URL='jdbc:postgresql://127.0.0.1:$port/kctest?user=postgres'"
    echo "KC_PG_CONNINFO='host=127.0.0.1 port=$port dbname=kctest user=postgres'"
}

case $cmd in
    start)
        [[ -x $PG_BIN/initdb ]] || die "no PostgreSQL binaries in $PG_BIN"
        if [[ -f $state/port && -f $state/data/postmaster.pid ]]; then
            die "a server is already running for $state (stop it first)"
        fi
        ensure_user
        rm -rf "$state"
        mkdir -p "$state/sock"
        free_port >"$state/port"
        if [[ $(id -u) -eq 0 ]]; then chown -R "$RUN_USER" "$state"; fi
        as_owner "$PG_BIN/initdb" -D "$state/data" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C >"$state/initdb.log" 2>&1 ||
            {
                cat "$state/initdb.log" >&2
                die "initdb failed"
            }
        pg_start
        as_owner "$PG_BIN/psql" -X -q -h "$state/sock" -p "$(cat "$state/port")" -U postgres \
            -d postgres -c "CREATE DATABASE kctest" >/dev/null ||
            die "cannot create database kctest"
        print_env | sed -n "s/^KC_PG_URL='\\(.*\\)'$/\\1/p" | tee "$state/url"
        ;;
    env)
        [[ -f $state/port ]] || die "no server state in $state"
        print_env
        ;;
    pause)
        [[ -f $state/port ]] || die "no server state in $state"
        pg_stop
        ;;
    resume)
        [[ -f $state/port ]] || die "no server state in $state"
        pg_start
        ;;
    stop)
        if [[ -d $state ]]; then
            pg_stop
            rm -rf "$state"
        fi
        ;;
    *)
        usage
        ;;
esac
