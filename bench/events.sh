#!/usr/bin/env bash
# Event store benchmark: ingest throughput into SQLite and dynalite, then 1,000,000 events for one tenant in
# SQLite and the first-page latency of QueryAsync. Figures go to stdout; record them in docs/benchmarks.md.
# Usage: bench/events.sh [--ingest 20000] [--dynamo-ingest 5000] [--writers 8] [--load 1000000] [--queries 1000] [--keep DIR]
#        [--mode all|http] [--http-ingest 20000] [--webhook none|one|both] [--rounds 3]
# HTTP ingest only (issue 19: before/after the webhook outbox): bench/events.sh --mode http --http-ingest 20000 --rounds 3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$root/tools/node/node_modules/dynalite/cli.js" ] || (cd "$root/tools/node" && npm ci --no-audit --no-fund)
dotnet run -c Release --project "$root/bench/EmailList.Bench.Events" -- "$@"
