#!/usr/bin/env bash
# Runs the send-path timing benchmark N times (each with a fresh Redis and send API) and summarizes the proxy
# overhead against issue 2's targets, since one run's p99 varies with the machine's speed by more than the margin.
# With --floor it also summarizes the bare forwarder's overhead (the floor for any proxy on this machine).
# Usage: bench/repeat.sh [runs=5] [bench/run.sh options; default --seconds 40 --warmup 20]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
shift || true
[ "$#" -gt 0 ] || set -- --seconds 40 --warmup 20
dotnet build -c Release "$root/bench/EmailList.Bench" -nologo -clp:ErrorsOnly >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  "$root/bench/run.sh" "$@" >"$work/run" || { echo "run $i failed" >&2; cat "$work/run" >&2; exit 1; }
  grep '^proxy overhead:' "$work/run" | sed "s|^|run $i/$runs: |"
  grep '^floor overhead' "$work/run" | sed "s|^|run $i/$runs: |" || true
  # "proxy overhead: p50 0.74 ms, p90 1.19 ms, p99 2.52 ms" -> "0.74 2.52"
  grep '^proxy overhead:' "$work/run" | awk '{ print $4, $10 }' >>"$work/proxy"
  grep '^floor overhead' "$work/run" | sed 's/.*: //' | awk '{ print $2, $8 }' >>"$work/floor" || true
done
summary() { # file, column, label, target
  sort -n -k"$2","$2" "$1" | awk -v c="$2" -v label="$3" -v target="$4" '
    { v[NR] = $c; if ($c <= target) met++ }
    END { printf "%s over %d runs: min %.2f, median %.2f, max %.2f ms; within %s ms in %d of %d\n",
          label, NR, v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR], target, met + 0, NR }'
}
summary "$work/proxy" 1 "overhead p50" 1
summary "$work/proxy" 2 "overhead p99" 3
if [ -s "$work/floor" ]; then
  summary "$work/floor" 1 "bare forwarder overhead p50" 1
  summary "$work/floor" 2 "bare forwarder overhead p99" 3
fi
