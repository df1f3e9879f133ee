#!/usr/bin/env bash
# Measures what a user sees of a master fail-over: three nodes on loopback with default settings
# (n1 and n2: master + worker, each with the API; n3: worker), a running job, reads of its stored
# execution and job on n2 every 100 ms, and kill -9 of n1 (the cluster master's node). Prints the
# slowest read, how many failed, and when the new master answered. Everything under a temporary
# folder, removed at the end; every loop is bounded.
#
#   scripts/failover-reads.sh                      # embedded SQLite shared by the three nodes
#   TERASLICE_STORAGE=postgres TERASLICE_CONNECTION_STRING='Host=127.0.0.1;...' scripts/failover-reads.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dll=src/Node.Host/bin/Release/net10.0/teraslice.dll
dotnet build src/Node.Host -c Release -nologo -v q >/dev/null
dir=$(mktemp -d /tmp/teraslice-failover-XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT

storage=(--storage "${TERASLICE_STORAGE:-sqlite}" --connection-string "${TERASLICE_CONNECTION_STRING:-Data Source=$dir/teraslice.db}")
start_node() { # name api api-port remote-port roles
    mkdir -p "$dir/$1"
    dotnet "$dll" --node-id "$1" --data-dir "$dir/$1" --api "$2" --api-port "$3" --remote-port "$4" --roles "$5" \
        --seed-nodes 127.0.0.1:25679 --workers 2 "${storage[@]}" >"$dir/$1.log" 2>&1 &
    pids+=($!)
}
wait_for() { # url seconds
    for _ in $(seq 1 "$2"); do curl -sf "$1" >/dev/null && return 0; sleep 1; done
    echo "failover-reads: $1 did not answer within $2 s" >&2; exit 1
}

start_node n1 on 25678 25679 master,worker
wait_for http://127.0.0.1:25678/v1 60
start_node n2 on 25688 25689 master,worker
start_node n3 off 0 25699 worker
wait_for http://127.0.0.1:25688/v1 60
for _ in $(seq 1 60); do
    [ "$(curl -s http://127.0.0.1:25678/v1/cluster/state | grep -o '"node_id"' | wc -l)" -ge 3 ] && break
    sleep 1
done

job='{"name":"failover-reads","lifecycle":"persistent","workers":2,"operations":[{"_op":"data_generator","size":100},{"_op":"delay","ms":50},{"_op":"noop"}]}'
reply=$(curl -sf -XPOST http://127.0.0.1:25678/v1/jobs -d "$job")
job_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["job_id"])' <<<"$reply")
ex_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["ex_id"])' <<<"$reply")
sleep 5
echo "job $job_id, execution $ex_id running; reading them on n2 every 100 ms, kill -9 of n1 in 3 s" >&2

probe() { # reads for 60 s; one line per read: seconds http-status
    local end=$((SECONDS + 60))
    while [ $SECONDS -lt $end ]; do
        for path in "/v1/ex/$ex_id" "/v1/jobs/$job_id"; do
            curl -s -o /dev/null -m 35 -w '%{time_total} %{http_code}\n' "http://127.0.0.1:25688$path" || echo "35 000"
        done
        sleep 0.1
    done
}
probe >"$dir/reads.txt" &
probe_pid=$!
sleep 3
kill -KILL "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
killed=$SECONDS
echo "kill -9 n1" >&2
# the new master answers live data (cluster state) once the singleton moved
master_after=""
for _ in $(seq 1 120); do
    if curl -sf -m 5 http://127.0.0.1:25688/v1/cluster/state >/dev/null && curl -sf -m 5 "http://127.0.0.1:25688/v1/jobs/$job_id/controller" >/dev/null; then
        master_after=$((SECONDS - killed)); break
    fi
    sleep 1
done
wait "$probe_pid"

reads=$(wc -l <"$dir/reads.txt")
failed=$(awk '$2 != "200"' "$dir/reads.txt" | wc -l)
slowest=$(sort -n "$dir/reads.txt" | tail -1 | cut -d' ' -f1)
echo "storage ${TERASLICE_STORAGE:-sqlite}, default settings: $reads reads of the stored execution and job on n2 over 60 s" \
     "around kill -9 of the master's node: $failed failed, the slowest $slowest s;" \
     "the new master answered live data ${master_after:-not within 120} s after the kill"
