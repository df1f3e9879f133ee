#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server on loopback for the PostgreSQL test classes.
#
#   eval "$(scripts/pg-test-server.sh start)"   # init + start, prints: export TERASLICE_TEST_PG='...'
#   dotnet test tests/Master.Tests
#   scripts/pg-test-server.sh stop              # stop and remove everything
#   scripts/pg-test-server.sh status
#
# Environment: PGPORT (port to use; default: a free one from 54329 up), TERASLICE_PG_DIR (where the
# cluster lives; default ${TMPDIR:-/tmp}/teraslice-pg-test), PG_BIN (default /usr/lib/postgresql/15/bin).
# Trust auth on loopback and fsync off: for tests only, never for data anyone wants to keep.
# Progress goes to stderr, so stdout is only the export line.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${TERASLICE_PG_DIR:-${TMPDIR:-/tmp}/teraslice-pg-test}
DATA=$DIR/data
SOCK=$DIR/sock
ENV_FILE=$DIR/env
DATABASE=teraslice_test

log() { echo "pg-test-server: $*" >&2; }

# initdb and the server refuse to run as root: run them as postgres when we are root.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        (cd "$DIR" && runuser -u postgres -- "$@")
    else
        (cd "$DIR" && "$@")
    fi
}

running() { [ -f "$DATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port
    for port in $(seq 54329 54429); do
        if ! port_in_use "$port"; then echo "$port"; return 0; fi
    done
    log "no free port in 54329..54429; set PGPORT"
    return 1
}

start() {
    if [ -d "$DIR" ] && running && [ -f "$ENV_FILE" ]; then
        log "already running ($DIR)"
        cat "$ENV_FILE"
        return 0
    fi
    [ -x "$PG_BIN/initdb" ] || { log "$PG_BIN/initdb not found (apt-get install postgresql-15, or set PG_BIN)"; return 1; }

    stop_quietly
    mkdir -p "$DATA" "$SOCK"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$DIR"; fi
    chmod 700 "$DIR" "$DATA"

    local port=${PGPORT:-}
    [ -n "$port" ] || port=$(free_port)

    log "initdb in $DATA"
    as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; return 1; }

    log "starting on 127.0.0.1:$port"
    as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $SOCK -c fsync=off -c full_page_writes=off" start >&2 \
        || { cat "$DIR/server.log" >&2; return 1; }

    local tries=0
    until as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; do
        tries=$((tries + 1))
        [ "$tries" -lt 60 ] || { log "server did not become ready"; cat "$DIR/server.log" >&2; return 1; }
        sleep 0.5
    done

    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DATABASE"

    echo "export TERASLICE_TEST_PG='Host=127.0.0.1;Port=$port;Username=postgres;Database=$DATABASE'" >"$ENV_FILE"
    log "ready; the export line is also in $ENV_FILE"
    cat "$ENV_FILE"
}

stop_quietly() {
    if [ -f "$DATA/PG_VERSION" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop_quietly; log "stopped; removed $DIR" ;;
    status)
        if [ -d "$DIR" ] && running; then log "running ($DIR)"; cat "$ENV_FILE" 2>/dev/null || true
        else log "not running"; exit 3; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
