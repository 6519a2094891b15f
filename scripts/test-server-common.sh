# test-server-common.sh - the plumbing the throw-away database servers for
# tests share (sourced by pg-test-server.sh and mariadb-test-server.sh):
# the command line, the unprivileged user a server runs as when the caller is
# root (PostgreSQL and MariaDB refuse root), a free port, and the
# start|env|pause|resume|stop life cycle around a state directory.
#
# The sourcing script sets SERVER_NAME (for messages), RUN_USER and
# URL_VARIABLE (the print_env line that holds the JDBC URL), defines
#   server_check            dies when the server's programs are missing
#   server_running          true when a server runs for $state
#   server_init             creates the data directory (as the owner)
#   server_start            starts on $(cat "$state/port"), waits until it answers
#   server_stop             stops it, keeping the data
#   server_create_database  creates database kctest
#   print_env               prints NAME='value' lines, URL_VARIABLE among them
# and then calls test_server_main "$@".

die() {
    echo "$SERVER_NAME: $*" >&2
    exit 1
}

usage() {
    die "usage: $0 start|env|pause|resume|stop <state-dir>"
}

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

require_state() {
    [[ -f $state/port ]] || die "no server state in $state"
}

test_server_main() {
    [[ $# -eq 2 ]] || usage
    local cmd=$1
    state=$2
    case $cmd in
        start)
            server_check
            if server_running; then
                die "a server is already running for $state (stop it first)"
            fi
            ensure_user
            rm -rf "$state"
            mkdir -p "$state"
            free_port >"$state/port"
            if [[ $(id -u) -eq 0 ]]; then chown -R "$RUN_USER" "$state"; fi
            server_init
            server_start
            server_create_database || die "cannot create database kctest"
            print_env | sed -n "s/^$URL_VARIABLE='\\(.*\\)'$/\\1/p" | tee "$state/url"
            ;;
        env)
            require_state
            print_env
            ;;
        pause)
            require_state
            server_stop
            ;;
        resume)
            require_state
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
}
