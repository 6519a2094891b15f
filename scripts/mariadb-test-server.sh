#!/usr/bin/env bash
# mariadb-test-server.sh - a throw-away MariaDB server for tests and benchmarks.
#
#   mariadb-test-server.sh start  <state-dir>   install + start, prints the JDBC URL
#   mariadb-test-server.sh env    <state-dir>   prints KC_MYSQL_URL='...' and the CLI flags (for eval)
#   mariadb-test-server.sh pause  <state-dir>   stops the server, keeps data and port
#   mariadb-test-server.sh resume <state-dir>   starts it again on the same port
#   mariadb-test-server.sh stop   <state-dir>   stops the server and deletes the state dir
#
# The server listens on 127.0.0.1 on a free port with its socket in the state
# dir; user kc (password kcpass) owns database kctest. Durability is off: it is
# for tests only. mariadbd refuses to run as root, so as root the server runs
# as an unprivileged user (KC_MYSQL_USER, default kcmysqltest), created on
# first use.
set -euo pipefail
# shellcheck source=scripts/test-server-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-server-common.sh"

SERVER_NAME=mariadb-test-server
RUN_USER=${KC_MYSQL_USER:-kcmysqltest}
URL_VARIABLE=KC_MYSQL_URL

server_check() {
    command -v mariadbd >/dev/null || die "mariadbd is not installed (apt-get install mariadb-server)"
}

server_running() {
    [[ -f $state/server.pid ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null
}

server_init() {
    as_owner mariadb-install-db --no-defaults --datadir="$state/data" \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$state/install.log" 2>&1 || {
        cat "$state/install.log" >&2
        die "mariadb-install-db failed"
    }
}

server_start() {
    local port
    port=$(cat "$state/port")
    as_owner mariadbd --no-defaults --datadir="$state/data" --socket="$state/sock" \
        --port="$port" --bind-address=127.0.0.1 --pid-file="$state/server.pid" \
        --log-error="$state/server.log" --skip-name-resolve --innodb-flush-log-at-trx-commit=0 \
        --sync-binlog=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=256M \
        --local-infile=1 --max-connections=100 </dev/null >>"$state/stderr.log" 2>&1 &
    for _ in $(seq 1 300); do
        if mariadb-admin --no-defaults -uroot --socket="$state/sock" ping >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    cat "$state/server.log" >&2 || true
    die "server did not start"
}

server_stop() {
    [[ -f $state/server.pid ]] || return 0
    local pid
    pid=$(cat "$state/server.pid")
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

server_create_database() {
    mariadb --no-defaults -uroot --socket="$state/sock" -e \
        "CREATE DATABASE kctest; CREATE USER 'kc'@'%' IDENTIFIED BY 'kcpass';
         GRANT ALL ON *.* TO 'kc'@'%'; FLUSH PRIVILEGES;"
}

print_env() {
    local port
    port=$(cat "$state/port")
    # Quoted: the output is meant for eval.
    echo "KC_MYSQL_URL='jdbc:mysql://127.0.0.1:$port/kctest?user=kc&password=kcpass'"
    echo "KC_MYSQL_CLI='--no-defaults -h127.0.0.1 -P$port -ukc -pkcpass kctest'"
}

test_server_main "$@"
