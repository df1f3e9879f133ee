#!/usr/bin/env bash
# Builds and runs the embedding examples to completion (scripts/test.sh runs this after the tests):
#  - examples/core-api: Onyx's core API call by call against a cluster in the process;
#  - examples/embedded-worker: a worker service embedding a node, run twice on one data dir: the
#    second start must get the first's execution back and run nothing again.
# Every run is bounded; a failure prints the run's output.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build examples/core-api -c "$configuration" -nologo -v q
dotnet build examples/embedded-worker -c "$configuration" -nologo -v q

work=$(mktemp -d /tmp/teraslice-examples-XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() { echo "examples.sh: $1" >&2; [ -f "${2:-}" ] && cat "$2" >&2; exit 1; }

expect() { # file text...
    local file=$1; shift
    for text in "$@"; do grep -qF -- "$text" "$file" || fail "expected \"$text\" in the output of $(basename "$file" .log)" "$file"; done
}

echo "== examples/core-api"
timeout 180 dotnet run -c "$configuration" --no-build --project examples/core-api >"$work/core-api.log" 2>&1 \
    || fail "examples/core-api exited with $?" "$work/core-api.log"
expect "$work/core-api.log" "(same: True)" "tour: Completed" "execution_status {\"status\":\"completed\"}" "forever: Killed" "done"
grep -v '^\[INFO\]' "$work/core-api.log"

for run in 1 2; do
    echo "== examples/embedded-worker (start $run)"
    timeout 180 dotnet run -c "$configuration" --no-build --project examples/embedded-worker -- \
        "--Teraslice:data-dir=$work/data" --Demo:ExitWhenDone=true >"$work/worker-$run.log" 2>&1 \
        || fail "examples/embedded-worker exited with $? (start $run)" "$work/worker-$run.log"
    expect "$work/worker-$run.log" "Job embedded-worker-demo Completed: 10 slices, 2000 records"
    grep -o 'execution [0-9a-f-]* (a second start' "$work/worker-$run.log" | head -1 >"$work/ex-$run" \
        || fail "no execution id in start $run" "$work/worker-$run.log"
done
cmp -s "$work/ex-1" "$work/ex-2" || fail "the second start ran the job again: $(cat "$work/ex-1") then $(cat "$work/ex-2")" "$work/worker-2.log"
echo "examples.sh: both examples ran to completion; the second start of embedded-worker got $(cut -d' ' -f2 "$work/ex-1") back"
