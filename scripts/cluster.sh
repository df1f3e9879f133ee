#!/usr/bin/env bash
# A local 3-node cluster on loopback: node1 (master + worker, REST API on :5678), node2 and
# node3 (workers). They share one SQLite file (same host) unless TERASLICE_CONNECTION_STRING and
# TERASLICE_STORAGE=postgres say otherwise. Logs and data under ./data/cluster.
#
#   scripts/cluster.sh start [--workers N]   # build (Release) and start the three nodes
#   scripts/cluster.sh status
#   scripts/cluster.sh stop                  # graceful (SIGTERM), then waits for each node
set -euo pipefail
cd "$(dirname "$0")/.."

dir=data/cluster
dll=src/Node.Host/bin/Release/net10.0/teraslice.dll
workers=2
[ "${2:-}" = "--workers" ] && workers=${3:-2}

start_node() { # name api-mode api-port remote-port roles
    local name=$1 api=$2 api_port=$3 remote_port=$4 roles=$5
    mkdir -p "$dir/$name"
    local storage=(--storage "${TERASLICE_STORAGE:-sqlite}" --connection-string "${TERASLICE_CONNECTION_STRING:-Data Source=$PWD/$dir/teraslice.db}")
    nohup dotnet "$dll" --config hocon/cluster.conf --node-id "$name" --data-dir "$dir/$name" \
        --api "$api" --api-port "$api_port" --remote-port "$remote_port" --roles "$roles" \
        --seed-nodes 127.0.0.1:5679 --workers "$workers" "${storage[@]}" >"$dir/$name.log" 2>&1 &
    echo $! >"$dir/$name.pid"
    echo "started $name (pid $!, remote 127.0.0.1:$remote_port${api_port:+, api $api}) → $dir/$name.log"
}

case "${1:-}" in
start)
    dotnet build src/Node.Host -c Release -nologo -v q >/dev/null
    mkdir -p "$dir"
    start_node node1 on 5678 5679 master,worker
    sleep 3 # the seed first
    start_node node2 off 5688 5689 worker
    start_node node3 off 5698 5699 worker
    for _ in $(seq 1 60); do
        if curl -sf localhost:5678/v1/cluster/state >/dev/null; then
            nodes=$(curl -s localhost:5678/v1/cluster/state | grep -c '"node_id"' || true)
            [ "$nodes" -ge 3 ] && { echo "cluster up: $nodes nodes; curl localhost:5678/v1/cluster/state"; exit 0; }
        fi
        sleep 1
    done
    echo "the cluster did not come up within 60 s; see $dir/*.log" >&2
    exit 1
    ;;
status)
    for pidfile in "$dir"/*.pid; do
        [ -e "$pidfile" ] || continue
        name=$(basename "$pidfile" .pid)
        if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name running (pid $(cat "$pidfile"))"; else echo "$name stopped"; fi
    done
    ;;
stop)
    for pidfile in "$dir"/node3.pid "$dir"/node2.pid "$dir"/node1.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid"
            for _ in $(seq 1 90); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
            echo "stopped $(basename "$pidfile" .pid)"
        fi
        rm -f "$pidfile"
    done
    ;;
*)
    echo "usage: $0 start [--workers N] | status | stop" >&2
    exit 2
    ;;
esac
