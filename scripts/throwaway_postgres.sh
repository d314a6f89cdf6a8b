#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the portability check
# (tests/postgres, `make test-postgres`, .ci/run): nothing of it outlives the
# check. The machine's own cluster, if any, is left alone.
#
#   eval "$(scripts/throwaway_postgres.sh start)"   # initdb into a new temp folder, start, print exports
#   scripts/throwaway_postgres.sh stop "$LAC_PG_DIR"  # stop it and remove the folder
#
# `start` installs PostgreSQL from the machine's packages when its server
# binaries are missing (CI machines start without it) and prints the
# LAC_PG_* settings dbt's `postgres` target and the tests read, and
# LAC_PG_DIR, the folder holding the cluster, its socket and its log.
set -euo pipefail

action=${1:?usage: throwaway_postgres.sh start | stop DIR}

pg_bin() {
    # Debian installs the server outside PATH, one folder per major version.
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then
        found=$(dirname "$(command -v pg_ctl)")
    fi
    echo "$found"
}

# PostgreSQL refuses to run as root: as root, the server runs as the
# packages' `postgres` user (created if missing).
as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$action" in
start)
    bin=$(pg_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "PostgreSQL server not found: installing it from the machine's packages" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin=$(pg_bin)
    fi
    # Its own folder under /tmp, readable by the server's user (a folder
    # inside another user's private temp folder would not be).
    dir=$(mktemp -d /tmp/lac-postgres.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$dir"
    fi
    # A free port, asked of the kernel, so the check never meets another server.
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # trust: the server listens on 127.0.0.1 only and lives for one check.
    as_server_user "$bin/initdb" --pgdata="$dir/data" --username=lac --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # fsync off: a throwaway cluster has nothing to keep after a crash, and
    # the shared 2-core machine spends less time waiting on the disk.
    # The server is started in the background and polled, not through
    # `pg_ctl --wait`, which gives up after 60 s of wall clock (PGCTLTIMEOUT):
    # a loaded 2-core machine can take longer. The wait ends when the server
    # answers, or fails, with its log, when its process has gone.
    as_server_user "$bin/postgres" -D "$dir/data" -h 127.0.0.1 -p "$port" -k "$dir" \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        >"$dir/server.log" 2>&1 </dev/null &
    server=$!
    until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        if ! kill -0 "$server" 2>/dev/null; then
            echo "PostgreSQL did not start:" >&2
            cat "$dir/server.log" >&2
            exit 1
        fi
        sleep 1
    done
    as_server_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U lac lac_warehouse
    echo "export LAC_PG_HOST=127.0.0.1 LAC_PG_PORT=$port LAC_PG_USER=lac" \
        "LAC_PG_DATABASE=lac_warehouse LAC_PG_DIR=$dir"
    ;;
stop)
    dir=${2:?usage: throwaway_postgres.sh stop DIR}
    case "$dir" in
    /tmp/lac-postgres.*) ;;
    *)
        echo "not a folder this script made: $dir" >&2
        exit 2
        ;;
    esac
    bin=$(pg_bin)
    if [ -f "$dir/data/postmaster.pid" ]; then
        # --no-wait, then wait for the pid file to go: no 60 s clock here either
        as_server_user "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --no-wait stop >/dev/null
        while [ -f "$dir/data/postmaster.pid" ]; do
            sleep 1
        done
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: throwaway_postgres.sh start | stop DIR" >&2
    exit 2
    ;;
esac
