#!/usr/bin/env bash
# A broadcast at scale: N subscribed contacts on DynamoDB (dynalite), sent by the send API's /broadcasts and two
# dispatcher processes sharing a Redis send-rate gate, through the sandbox's SES at MaxSendRate. Prints the rate
# achieved, SES throttling, and from the sandbox's per-recipient counts: distinct recipients, duplicates, skipped.
# Exits non-zero when any contact got the broadcast twice or not at all.
# Usage: bench/broadcast.sh [--count 100000] [--rate 200] [--kill-one | --both] [--seeders 32]
#   --kill-one: SIGKILL one dispatcher once half the contacts were sent to; --both: seed once, then a broadcast without
#   and a second one with the kill, to the same list.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
[ -f "$root/tools/node/node_modules/dynalite/cli.js" ] || (cd "$root/tools/node" && npm ci --no-audit --no-fund >/dev/null)
dotnet build -c Release -nologo -clp:ErrorsOnly "$root/src/EmailList.SendApi" >/dev/null
dotnet build -c Release -nologo -clp:ErrorsOnly "$root/src/EmailList.Dispatcher" >/dev/null
dotnet build -c Release -nologo -clp:ErrorsOnly "$root/bench/EmailList.Bench.Broadcast" >/dev/null
# A port of its own, so a Redis left over from an earlier run can never answer for this one.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/tmp/emaillist-bench-broadcast-redis.log 2>&1 &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null; wait $redis_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
dotnet run -c Release --no-build --project "$root/bench/EmailList.Bench.Broadcast" -- --redis "127.0.0.1:$port" \
  --sendapi "$root/src/EmailList.SendApi/bin/Release/net10.0/EmailList.SendApi.dll" \
  --dispatcher "$root/src/EmailList.Dispatcher/bin/Release/net10.0/EmailList.Dispatcher.dll" "$@"
