#!/usr/bin/env bash
# Removes a shop from the fleet, its data exported first: scripts/offboard-shop.mjs says how (docs/runbooks/offboard.md).
set -euo pipefail
exec node "$(dirname "$0")/offboard-shop.mjs" "$@"
