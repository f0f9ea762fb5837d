#!/usr/bin/env bash
# Scheduled send at scale: 10,000 mails due at the same second on the embedded default; its dispatcher sends them
# through the sandbox at the account's MaxSendRate. Prints how late the first and last left and the rate held.
# Usage: bench/schedule.sh [--count 10000] [--rate 200] [--lead 45] [--submitters 16]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build -c Release -nologo -clp:ErrorsOnly "$root/src/EmailList.Standalone" >/dev/null
dotnet run -c Release --project "$root/bench/EmailList.Bench.Schedule" -- \
  --standalone "$root/src/EmailList.Standalone/bin/Release/net10.0/EmailList.Standalone.dll" "$@"
