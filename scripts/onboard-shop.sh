#!/usr/bin/env bash
# Adds a shop to the fleet: scripts/onboard-shop.mjs says how (docs/runbooks/new-shop.md).
set -euo pipefail
exec node "$(dirname "$0")/onboard-shop.mjs" "$@"
