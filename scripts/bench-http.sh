#!/usr/bin/env bash
#! Benchmark (not a test): requests/s and latency (p50, p99) at 50 concurrent connections for
#! the pages and API calls that grow with the size of a company, on scale data, against a
#! release server on loopback. The floor, measured in the same run: `/api/health/ready`.
#!
#! A fresh database gets the demo data and `scripts/seed-scale.sh` (10,000 participants,
#! 200,000 scored submissions, 10,000 approved nominations); one scale participant gets the
#! demo password so around-me and the Leaderboard tab show a real rank. Each target runs
#! MERIT_BENCH_SECONDS (5) with wrk (Debian's; installed when missing), once the background
#! worker has stored the scale board's confidence bands (their time is printed). A few minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '\033[1;34m[bench-http]\033[0m %s\n' "$*"; }
# shellcheck source=scripts/db.sh
source scripts/db.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

[ -x target/release/merit ] || { echo "build first: cargo leptos build --release --precompress" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
fi
port=${MERIT_BENCH_PORT:-3110}
seconds=${MERIT_BENCH_SECONDS:-5}
connections=${MERIT_BENCH_CONNECTIONS:-50}
base="http://127.0.0.1:$port"
db=merit_bench_http
trap merit_server_stop EXIT

merit_db_recreate "$db"
# The general rate limit would turn a load test into a test of the rate limit.
merit_server_start "$port" target/bench-http-server.log DATABASE_URL="$MERIT_PG_URL/$db" MERIT_DEMO=1 \
  MERIT_RATE_LIMIT_PER_MINUTE=100000000
DATABASE_URL="$MERIT_PG_URL/$db" ./scripts/seed-scale.sh
psql "$MERIT_PG_URL/$db" -X -q -v ON_ERROR_STOP=1 -c \
  "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'alice@demo.test')
    WHERE email = 'scale5000@demo.test'"
cookie=$(merit_login "$base" scale5000@demo.test)
hr_cookie=$(merit_login "$base" hr@demo.test)
admin_cookie=$(merit_login "$base" admin@demo.test)
alice_cookie=$(merit_login "$base" alice@demo.test)
read -r competition slug < <(psql "$MERIT_PG_URL/$db" -XAt -F ' ' -c \
  "SELECT c.id, c.slug FROM competitions c JOIN competition_enrollments e ON e.competition_id = c.id
     JOIN users u ON u.id = e.user_id WHERE u.email = 'scale1@demo.test'")
cycle=$(psql "$MERIT_PG_URL/$db" -XAt -c "SELECT id FROM nomination_cycles WHERE name = 'Scale Recognition'")

# One line per target: name, requests/s, p50, p99, non-2xx count.
measure() { # name cookie path
  local name=$1 who=$2 path=$3 out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: $who" "$base$path")
  python3 - "$name" "$out" <<'PY'
import re, sys
name, out = sys.argv[1], sys.argv[2]
def latency(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
errors = re.search(r"Socket errors:.*", out)
print(f"{name:<44} {rps:9.0f} req/s   p50 {latency(50):8.2f} ms   p99 {latency(99):8.2f} ms"
      f"{'   non-2xx ' + bad.group(1) if bad else ''}{'   ' + errors.group(0) if errors else ''}")
PY
}

# The boards' confidence bands are worked out in the background after every change of the
# standings (here: 10,000 more participants). Wait for them, so the reads below carry them
# (the scale targets must hold with the bands on), and say how long the worker took.
log "waiting for the scale board's confidence bands (worked out in the background)"
bands_from=$(date +%s%N)
ready=f
for _ in $(seq 1 600); do
  ready=$(psql "$MERIT_PG_URL/$db" -XAt -c \
    "SELECT bands_version IS NOT DISTINCT FROM standings_version FROM competition_counts
      WHERE competition_id = '$competition'")
  [ "$ready" = t ] && break
  sleep 0.5
done
[ "$ready" = t ] || { echo "the confidence bands did not arrive within 300 s" >&2; exit 1; }
banded=$(psql "$MERIT_PG_URL/$db" -XAt -c \
  "SELECT count(*) FROM competition_bands WHERE competition_id = '$competition' AND board = 'public' AND low IS NOT NULL")
printf 'confidence bands: %s entries, 1,000 resamples, stored %d ms after the scale data\n' \
  "$banded" $(( ($(date +%s%N) - bands_from) / 1000000 ))

log "$connections connections, ${seconds} s each, on $(nproc) cores"
printf '%-44s %15s %16s %16s\n' target throughput median p99
measure "floor: /api/health/ready" "" /api/health/ready
measure "leaderboard API, page 1 (50 rows)" "$cookie" "/api/v1/competitions/$competition/leaderboard?page=1&pageSize=50"
measure "leaderboard API, around me" "$cookie" "/api/v1/competitions/$competition/leaderboard/around-me"
measure "Leaderboard tab (page)" "$cookie" "/competitions/$slug?tab=leaderboard"
measure "/competitions (page)" "$cookie" /competitions
measure "competition API (user context, rank)" "$cookie" "/api/v1/competitions/$competition"
measure "rankings page, 10,000 nominees (hr)" "$hr_cookie" "/nominations/$cycle/leaderboard"
measure "rankings API, 10,000 nominees (hr)" "$hr_cookie" "/api/v1/cycles/$cycle/rankings"
# The other pages, on the same data (10,000 more people, ~240,000 audit rows).
measure "audit log (admin)" "$admin_cookie" /admin/audit
measure "dashboard (admin)" "$admin_cookie" /
measure "stage weights (admin)" "$admin_cookie" /admin/stage-weights
measure "people (admin)" "$admin_cookie" /admin/people
measure "goal sheet (employee)" "$alice_cookie" /goals
measure "nominations (hr)" "$hr_cookie" /nominations
measure "dashboard (employee)" "$alice_cookie" /

# Last, as it changes the cycle: finalizing 10,000 approved nominations (one request, timed).
log "finalizing the scale cycle"
curl -sS -o /dev/null -w "finalize, 10,000 approved nominations        HTTP %{http_code} in %{time_total} s\n" \
  -X POST -H "Cookie: $hr_cookie" -H 'content-type: application/json' -d '{}' \
  "$base/api/v1/cycles/$cycle/finalize"
# A finalized cycle's pages come from its snapshot.
measure "rankings page, finalized (snapshot) (hr)" "$hr_cookie" "/nominations/$cycle/leaderboard"
measure "rankings API, finalized (snapshot) (hr)" "$hr_cookie" "/api/v1/cycles/$cycle/rankings"
