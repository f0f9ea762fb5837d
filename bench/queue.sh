#!/usr/bin/env bash
# Ingest through the SQS path, as production takes events: one ingester instance long-polls the (sandbox's) queue, 10
# messages per receive, one EventBridge event per message, into SQLite. Prints events/s and CPU per event per run.
# Usage: bench/queue.sh [--events 20000] [--pollers 4] [--runs 3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet run -c Release --project "$root/bench/EmailList.Bench.Queue" -- "$@"
