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

RUN_USER=${KC_MYSQL_USER:-kcmysqltest}

die() {
    echo "mariadb-test-server: $*" >&2
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

# Runs SQL as root over the socket.
root_sql() {
    mariadb --no-defaults -uroot --socket="$state/sock" -e "$1"
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

print_env() {
    local port
    port=$(cat "$state/port")
    # Quoted: the output is meant for eval.
    echo "KC_MYSQL_URL='jdbc:mysql://127.0.0.1:$port/kctest?user=kc&password=kcpass'"
    echo "KC_MYSQL_CLI='--no-defaults -h127.0.0.1 -P$port -ukc -pkcpass kctest'"
}

case $cmd in
    start)
        command -v mariadbd >/dev/null || die "mariadbd is not installed (apt-get install mariadb-server)"
        if [[ -f $state/server.pid ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null; then
            die "a server is already running for $state (stop it first)"
        fi
        ensure_user
        rm -rf "$state"
        mkdir -p "$state"
        free_port >"$state/port"
        if [[ $(id -u) -eq 0 ]]; then chown -R "$RUN_USER" "$state"; fi
        as_owner mariadb-install-db --no-defaults --datadir="$state/data" \
            --auth-root-authentication-method=normal --skip-test-db \
            >"$state/install.log" 2>&1 || {
            cat "$state/install.log" >&2
            die "mariadb-install-db failed"
        }
        server_start
        root_sql "CREATE DATABASE kctest; CREATE USER 'kc'@'%' IDENTIFIED BY 'kcpass';
                  GRANT ALL ON *.* TO 'kc'@'%'; FLUSH PRIVILEGES;" ||
            die "cannot create database kctest"
        print_env | sed -n "s/^KC_MYSQL_URL='\\(.*\\)'$/\\1/p" | tee "$state/url"
        ;;
    env)
        [[ -f $state/port ]] || die "no server state in $state"
        print_env
        ;;
    pause)
        [[ -f $state/port ]] || die "no server state in $state"
        server_stop
        ;;
    resume)
        [[ -f $state/port ]] || die "no server state in $state"
        server_start
        ;;
    stop)
        if [[ -d $state ]]; then
            server_stop
            rm -rf "$state"
        fi
        ;;
    *)
        usage
        ;;
esac
