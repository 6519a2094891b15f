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
# shellcheck source=scripts/test-server-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-server-common.sh"

PG_BIN=${KC_PG_BIN:-/usr/lib/postgresql/15/bin}
SERVER_NAME=pg-test-server
RUN_USER=${KC_PG_USER:-kcpgtest}
URL_VARIABLE=KC_PG_URL

server_check() {
    [[ -x $PG_BIN/initdb ]] || die "no PostgreSQL binaries in $PG_BIN"
}

server_running() {
    [[ -f $state/port && -f $state/data/postmaster.pid ]]
}

server_init() {
    as_owner mkdir -p "$state/sock"
    as_owner "$PG_BIN/initdb" -D "$state/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C >"$state/initdb.log" 2>&1 ||
        {
            cat "$state/initdb.log" >&2
            die "initdb failed"
        }
}

server_start() {
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

server_stop() {
    [[ -f $state/data/postmaster.pid ]] || return 0
    as_owner "$PG_BIN/pg_ctl" -D "$state/data" -m fast -w -t 60 stop >/dev/null || true
}

server_create_database() {
    as_owner "$PG_BIN/psql" -X -q -h "$state/sock" -p "$(cat "$state/port")" -U postgres \
        -d postgres -c "CREATE DATABASE kctest" >/dev/null
}

print_env() {
    local port
    port=$(cat "$state/port")
    # Quoted: the output is meant for eval.
    echo "KC_PG_URL='jdbc:postgresql://127.0.0.1:$port/kctest?user=postgres'"
    echo "KC_PG_CONNINFO='host=127.0.0.1 port=$port dbname=kctest user=postgres'"
}

test_server_main "$@"
