#!/usr/bin/env bash
# Lints both specs with Spectral's `spectral:oas` ruleset (.spectral.yaml).
# Needs Node.js; npx fetches the pinned CLI from the npm registry once.
# Exit status: Spectral's (non-zero on any error-severity finding).
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx --yes @stoplight/spectral-cli@6 lint --fail-severity=warn --ruleset .spectral.yaml spec/*.yaml
