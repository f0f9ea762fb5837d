#!/usr/bin/env bash
# Webhook delivery benchmark (issue 19): events/s delivered to a local receiver while the ingester takes SES events
# over HTTP at a fixed rate into the embedded store. Figures go to stdout; record them in docs/benchmarks.md.
# Usage: bench/webhooks.sh [--rate 1000] [--seconds 20] [--writers 16]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet run -c Release --project "$root/bench/EmailList.Bench.Webhooks" -- "$@"
