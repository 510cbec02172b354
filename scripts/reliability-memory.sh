#!/usr/bin/env bash
#! R5, memory under abuse: a release server on its own database takes 2,000 failed sign-ins,
#! 100 oversized uploads and 100 files with a 20 MB header of commas; prints its resident
#! memory before, after and at the peak, and fails when the peak passes 300 MiB. A few minutes;
#! loopback only. Needs target/release/merit (the test command builds it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/db.sh
source scripts/db.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

port=${MERIT_MEMORY_PORT:-3108}
merit_db_recreate merit_memory
trap merit_server_stop EXIT
# Behind a (pretend) proxy, so each failed sign-in can come from its own address and really
# reach the password check instead of the per-address throttle; no general rate limit.
merit_server_start "$port" "target/memory-server.log" \
  DATABASE_URL="$MERIT_PG_URL/merit_memory" MERIT_DEMO=1 MERIT_TRUST_PROXY=1 \
  MERIT_RATE_LIMIT_PER_MINUTE=1000000
python3 scripts/reliability_memory.py "http://127.0.0.1:$port" "$MERIT_SERVER_PID" \
  --limit-mib "${MERIT_MEMORY_LIMIT_MIB:-300}"
