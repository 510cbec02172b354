#!/usr/bin/env bash
#! R3, hostile input over HTTP: schemathesis generates requests from Merit's OpenAPI document
#! (valid and invalid bodies, parameters, ids, multipart uploads) against a release server on a
#! database of its own, signed in as an admin. Fails on any 5xx, counted by schemathesis and
#! again by the server's own request metrics; prints how many requests were made.
#!
#!   scripts/fuzz-api.sh [MAX_EXAMPLES]   # per operation; 50 in the test command, 200 for a long run
#!
#! Needs target/release/merit (the test command builds it) and PyPI for schemathesis (installed
#! once into target/schemathesis-venv). Loopback only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/db.sh
source scripts/db.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

max_examples=${1:-25}
port=${MERIT_FUZZ_PORT:-3109}
base="http://127.0.0.1:$port"
log() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*"; }

venv=target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  log "installing schemathesis into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi

merit_db_recreate merit_fuzz
token=$(head -c 32 /dev/urandom | base64 -w0 | tr -d '/+=')
trap merit_server_stop EXIT
merit_server_start "$port" target/fuzz-server.log \
  DATABASE_URL="$MERIT_PG_URL/merit_fuzz" MERIT_DEMO=1 MERIT_METRICS_TOKEN="$token" \
  MERIT_RATE_LIMIT_PER_MINUTE=1000000

cookie=$(curl -fs -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"admin@demo.test","password":"merit-demo"}' "$base/api/v1/auth/login" |
  awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^merit.sid=/ { print $2 }')
[ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }

requests_so_far() {
  curl -fs -H "authorization: Bearer $token" "$base/metrics" |
    awk '/^http_requests_total\{/ { n += $NF } END { printf "%d\n", n }'
}
server_errors() {
  curl -fs -H "authorization: Bearer $token" "$base/metrics" |
    awk '/^http_requests_total\{/ && /status="5[0-9][0-9]"/ { n += $NF } END { printf "%d\n", n }'
}

before=$(requests_so_far)
log "schemathesis, $max_examples examples per operation, as admin@demo.test"
# Signing out would end the session the run uses; everything else is fair game.
set +e
"$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
  --checks not_a_server_error \
  --phases examples,coverage,fuzzing \
  --max-examples "$max_examples" \
  --exclude-path /api/v1/auth/logout \
  --header "Cookie: $cookie" \
  --seed 20261129 \
  --workers 2 \
  --no-color
status=$?
set -e
after=$(requests_so_far)
errors=$(server_errors)
log "requests made: $((after - before)); answered with 5xx: $errors"
if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
  tail -n 40 target/fuzz-server.log >&2
  echo "FAIL: the fuzz run found server errors (schemathesis exit $status)" >&2
  exit 1
fi
if [ "$((after - before))" -lt 1000 ]; then
  echo "FAIL: fewer than 1,000 requests were made" >&2
  exit 1
fi
log "R3 fuzz run passed"
