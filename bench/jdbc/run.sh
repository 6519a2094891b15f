#!/usr/bin/env bash
# run.sh <kc_jdbc_bench> <rows> [sqlite|pg|mysql|all]
# JDBC sink and source throughput beside each database's own bulk path in the
# same run: PostgreSQL `psql \copy` (sink) and `COPY (SELECT ...) TO STDOUT`
# (source); SQLite's `.import` (sink) and `sqlite3 SELECT` (source); MariaDB's
# `LOAD DATA LOCAL INFILE` (sink) and `mariadb --batch -e 'SELECT ...'` (source). Prints
# rows/s, the ratio to the baseline, and the source's peak RSS at two table
# sizes (memory must not grow with the table).
set -euo pipefail
bench=$1
rows=${2:-1000000}
which=${3:-all}
here=$(cd "$(dirname "$0")" && pwd)
pgscript=$here/../../scripts/pg-test-server.sh
myscript=$here/../../scripts/mariadb-test-server.sh
work=$(mktemp -d /tmp/kc-jdbc-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
    [[ -d $work/pg ]] && "$pgscript" stop "$work/pg" >/dev/null 2>&1 || true
    [[ -d $work/mysql ]] && "$myscript" stop "$work/mysql" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
rate() { python3 -c "print(f'{$1/($3-$2):.0f}')"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
small=$((rows / 10))

python3 - "$rows" "$work/rows.csv" <<'PY'
import sys, datetime
n = int(sys.argv[1])
base = datetime.datetime(2024, 1, 1)
with open(sys.argv[2], "w") as f:
    for i in range(n):
        ts = base + datetime.timedelta(milliseconds=i)
        f.write(f"{i},name-{i},{i*0.25},{ts.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]}\n")
PY

line() { printf '%-34s %12s rows/s   baseline %12s rows/s   ratio %s\n' "$@"; }

if [[ $which == all || $which == pg ]]; then
    url=$("$pgscript" start "$work/pg")
    eval "$("$pgscript" env "$work/pg")"
    psql_() { psql -X -q "$KC_PG_CONNINFO" "$@"; }
    psql_ -c "CREATE TABLE bench_copy (id BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL,
              amount DOUBLE PRECISION NOT NULL, ts TIMESTAMP NOT NULL)"
    t0=$(now); psql_ -c "\\copy bench_copy FROM '$work/rows.csv' CSV"; t1=$(now)
    copy_in=$(rate "$rows" "$t0" "$t1")
    ins=$("$bench" sink "$url" "$rows" insert bench_insert | field rows_per_s)
    line "PostgreSQL sink insert" "$ins" "$copy_in" "$(ratio "$ins" "$copy_in")"
    ups=$("$bench" sink "$url" "$rows" upsert bench_upsert | field rows_per_s)
    line "PostgreSQL sink upsert" "$ups" "$copy_in" "$(ratio "$ups" "$copy_in")"
    t0=$(now); psql_ -c "COPY (SELECT * FROM bench_copy) TO STDOUT" >/dev/null; t1=$(now)
    copy_out=$(rate "$rows" "$t0" "$t1")
    out=$("$bench" source "$url" "$rows" bench_copy)
    src=$(echo "$out" | field rows_per_s)
    line "PostgreSQL source" "$src" "$copy_out" "$(ratio "$src" "$copy_out")"
    psql_ -c "CREATE TABLE bench_small AS SELECT * FROM bench_copy WHERE id < $small;
              ALTER TABLE bench_small ALTER COLUMN id SET NOT NULL"
    rss_small=$("$bench" source "$url" "$small" bench_small | field peak_rss_kb)
    echo "PostgreSQL source peak RSS: $small rows ${rss_small} kB, $rows rows $(echo "$out" | field peak_rss_kb) kB"
fi

if [[ $which == all || $which == sqlite ]]; then
    db=$work/bench.db
    sqlite3 "$db" "CREATE TABLE bench_copy (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL,
                   amount REAL NOT NULL, ts DATETIME NOT NULL)"
    t0=$(now); sqlite3 "$db" -cmd ".mode csv" ".import $work/rows.csv bench_copy"; t1=$(now)
    imp=$(rate "$rows" "$t0" "$t1")
    ins=$("$bench" sink "jdbc:sqlite:$db" "$rows" insert bench_insert | field rows_per_s)
    line "SQLite sink insert" "$ins" "$imp" "$(ratio "$ins" "$imp")"
    ups=$("$bench" sink "jdbc:sqlite:$db" "$rows" upsert bench_upsert | field rows_per_s)
    line "SQLite sink upsert" "$ups" "$imp" "$(ratio "$ups" "$imp")"
    t0=$(now); sqlite3 "$db" "SELECT * FROM bench_copy" >/dev/null; t1=$(now)
    sel=$(rate "$rows" "$t0" "$t1")
    out=$("$bench" source "jdbc:sqlite:$db" "$rows" bench_copy)
    src=$(echo "$out" | field rows_per_s)
    line "SQLite source" "$src" "$sel" "$(ratio "$src" "$sel")"
    sqlite3 "$db" "CREATE TABLE bench_small (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL,
                   amount REAL NOT NULL, ts DATETIME NOT NULL);
                   INSERT INTO bench_small SELECT * FROM bench_copy WHERE id < $small"
    rss_small=$("$bench" source "jdbc:sqlite:$db" "$small" bench_small | field peak_rss_kb)
    echo "SQLite source peak RSS: $small rows ${rss_small} kB, $rows rows $(echo "$out" | field peak_rss_kb) kB"
fi

if [[ $which == all || $which == mysql ]]; then
    url=$("$myscript" start "$work/mysql")
    eval "$("$myscript" env "$work/mysql")"
    # shellcheck disable=SC2086  # the flags are words
    my() { mariadb $KC_MYSQL_CLI "$@"; }
    my -e "CREATE TABLE bench_copy (id BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL,
           amount DOUBLE NOT NULL, ts DATETIME(3) NOT NULL)"
    t0=$(now)
    my --local-infile=1 -e "LOAD DATA LOCAL INFILE '$work/rows.csv' INTO TABLE bench_copy
                            FIELDS TERMINATED BY ','"
    t1=$(now)
    load=$(rate "$rows" "$t0" "$t1")
    ins=$("$bench" sink "$url" "$rows" insert bench_insert | field rows_per_s)
    line "MariaDB sink insert" "$ins" "$load" "$(ratio "$ins" "$load")"
    ups=$("$bench" sink "$url" "$rows" upsert bench_upsert | field rows_per_s)
    line "MariaDB sink upsert" "$ups" "$load" "$(ratio "$ups" "$load")"
    t0=$(now); my --batch -e "SELECT * FROM bench_copy" >/dev/null; t1=$(now)
    sel=$(rate "$rows" "$t0" "$t1")
    out=$("$bench" source "$url" "$rows" bench_copy)
    src=$(echo "$out" | field rows_per_s)
    line "MariaDB source" "$src" "$sel" "$(ratio "$src" "$sel")"
    my -e "CREATE TABLE bench_small (id BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL,
           amount DOUBLE NOT NULL, ts DATETIME(3) NOT NULL);
           INSERT INTO bench_small SELECT * FROM bench_copy WHERE id < $small"
    rss_small=$("$bench" source "$url" "$small" bench_small | field peak_rss_kb)
    echo "MariaDB source peak RSS: $small rows ${rss_small} kB, $rows rows $(echo "$out" | field peak_rss_kb) kB"
fi
