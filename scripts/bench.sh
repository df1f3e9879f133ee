#!/usr/bin/env bash
# Builds the node and the benchmark harness in Release, then runs the harness.
# Arguments go to the harness (e.g. --workload w1 --mode e2e --runs 5).
# Result lines (JSON, one per run) go to stdout; build output and progress go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/Node.Host -c Release -nologo -v q >&2
dotnet build bench/Teraslice.Bench -c Release -nologo -v q >&2
exec dotnet run -c Release --no-build --project bench/Teraslice.Bench -- "$@"
