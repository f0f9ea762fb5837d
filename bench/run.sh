#!/usr/bin/env bash
# Runs the send-path benchmark on loopback: a throwaway redis-server, then the bench app (sandbox +
# send API in process) at a fixed request rate. Figures go to stdout; record them in docs/benchmarks.md.
# Usage: bench/run.sh [--rate 500] [--seconds 20]
#        bench/run.sh --cost 20000 [--rate 200 --warmup 10]   allocated bytes, CPU and GCs per POST /mail in the send API process
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# A port of its own, so a Redis left over from an earlier run can never answer for this one.
port="${BENCH_REDIS_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/tmp/emaillist-bench-redis.log 2>&1 &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null; wait $redis_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
dotnet run -c Release --project "$root/bench/EmailList.Bench" -- --redis "127.0.0.1:$port" "$@"
