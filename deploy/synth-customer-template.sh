#!/usr/bin/env bash
# Synthesizes the customer onboarding stack (no bootstrap, no CDK metadata) to the committed template the
# query API embeds. Needs the .NET SDK and node; no AWS credentials.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/deploy/templates/customer-onboarding.template.json"
mkdir -p "$(dirname "$out")"
dotnet run --project "$root/deploy/EmailList.Deploy/EmailList.Deploy.csproj" -c Release -- --customer-template "$out"
