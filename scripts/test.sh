#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this): build once, then each test project in
# turn (unit and actor specs, then the real-process integration tests, never in parallel on a
# 2-core machine). PostgreSQL 15 is started on loopback for the store specs when its binaries
# are installed (/usr/lib/postgresql/15/bin); without them those specs are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

started_pg=""
cleanup() {
    if [ -n "$started_pg" ]; then scripts/pg-test-server.sh stop || true; fi
}
trap cleanup EXIT

if [ -z "${TERASLICE_TEST_PG:-}" ] && [ -x /usr/lib/postgresql/15/bin/initdb ] && id postgres >/dev/null 2>&1; then
    eval "$(scripts/pg-test-server.sh start)"
    started_pg=yes
fi
if [ -z "${TERASLICE_TEST_PG:-}" ]; then
    echo "test.sh: no PostgreSQL 15 here; the PostgreSQL store specs will be skipped" >&2
fi

dotnet build Teraslice.Akka.sln -c "$configuration" -nologo -v q

for project in tests/Protocol.Tests tests/Operations.Tests tests/Master.Tests tests/Api.Tests tests/Node.Tests tests/PublicApi.Tests tests/Integration; do
    [ -d "$project" ] || continue
    echo "== $project"
    # normal: a line per test, and a failed test's message, stack and output
    dotnet test "$project" -c "$configuration" --no-build --nologo -v q --logger "console;verbosity=normal"
done

# the embedding examples, built and run to completion
scripts/examples.sh
