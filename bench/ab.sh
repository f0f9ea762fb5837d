#!/usr/bin/env bash
# Compares the send API with and without some settings, in alternating runs (default, variant, default, variant, ...),
# so both see the same machine: on a shared 2-core VM one run's p99 moves with the machine by more than most changes do.
# Each run is bench/run.sh --seconds 30 --warmup 15 --floor; the variant's settings are environment variables, and
# SENDAPI_X=v reaches the send API process alone (see docs/benchmarks.md).
# Usage: bench/ab.sh PAIRS VAR=value [VAR=value ...]
#   e.g. bench/ab.sh 3 SENDAPI_DOTNET_GCgen0size=0x1000000
# Prints one line per run, then the median of each figure per arm.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ "$#" -ge 2 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
pairs="$1"
shift
dotnet build -c Release "$root/bench/EmailList.Bench" -nologo -clp:ErrorsOnly >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# "proxy overhead: p50 0.74 ms, p90 1.19 ms, p99 2.52 ms" -> "0.74 2.52"
figures() { grep "^$1" "$work/run" | sed 's/.*: //' | awk '{ printf "%s %s", $2, $8 }'; }
echo "run arm     | overhead p50 p99 | floor p50 p99 | over floor p50 p99 | send API CPU ms/req"
for i in $(seq 1 "$pairs"); do
  for arm in default variant; do
    settings=()
    [ "$arm" = default ] || settings=("$@")
    env "${settings[@]}" "$root/bench/run.sh" --seconds 30 --warmup 15 --floor >"$work/run" || { cat "$work/run" >&2; exit 1; }
    cpu="$(grep '^POST /mail via send API *| send API CPU' "$work/run" | sed 's/.*send API CPU \([0-9.]*\).*/\1/')"
    line="$(figures 'proxy overhead') $(figures 'floor overhead') $(figures 'send API over the floor') $cpu"
    echo "$arm $line" >>"$work/all"
    printf '%-3s %-7s | %s\n' "$i" "$arm" "$line"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { printf " %.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
for arm in default variant; do
  printf 'median  %-7s |' "$arm"
  for c in 2 3 4 5 6 7 8; do grep "^$arm " "$work/all" | cut -d' ' -f"$c" | median; done
  echo "   ($(grep -c "^$arm " "$work/all") runs)"
done
