#!/usr/bin/env bash
# Runs every test on this machine: installs/starts what the tests need (Redis image for
# Testcontainers via podman, dynalite, the AWS SDK for JavaScript), builds with warnings as
# errors, runs the tests and ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"

bash .ci/setup

export DOCKER_HOST="${DOCKER_HOST:-unix:///run/podman/podman.sock}"
export TESTCONTAINERS_RYUK_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build EmailList.sln -c Release -nologo -clp:ErrorsOnly
status=0
dotnet test EmailList.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  # A skipped xunit test leaves Counters' notExecuted at 0; only its result says outcome="NotExecuted".
  s="$({ grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" || true; } | wc -l)"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + s))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
