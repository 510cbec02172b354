#!/usr/bin/env bash
#! R4, faults: on a throwaway PostgreSQL cluster of its own (never the machine's shared server),
#! restarts PostgreSQL under load and kills the server during uploads, and checks that
#!   - while the database is down, /api/health/ready says 503 and requests fail with 503 fast
#!     (none waits longer than 5 s), and service is back within 5 s of the database;
#!   - after `kill -9` in the middle of uploads, every upload that was acknowledged (201) is there.
#! Prints what it measured; exits 1 when a check fails. About a minute; loopback only.
#! Needs target/release/merit (the test command builds it; `cargo leptos build --release`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

log() { printf '\033[1;34m[faults]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[faults] FAIL: %s\033[0m\n' "$*" >&2; failed=1; }
failed=0

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$bindir/initdb" ] || { echo "no PostgreSQL server binaries" >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d)
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work"
pg_port=${MERIT_FAULTS_PG_PORT:-54339}
port=${MERIT_FAULTS_PORT:-3107}
base="http://127.0.0.1:$port"
pg() { as_owner "$bindir/pg_ctl" -D "$work/data" -l "$work/pg.log" -w -t 60 "$@" >/dev/null; }
cleanup() {
  merit_server_stop
  pg stop -m immediate 2>/dev/null || true
  if [ -n "${MERIT_FAULTS_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

log "a throwaway cluster on 127.0.0.1:$pg_port"
as_owner "$bindir/initdb" -D "$work/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 \
  --no-instructions >"$work/initdb.log"
as_owner tee -a "$work/data/postgresql.conf" >/dev/null <<CONF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
CONF
pg start
as_owner "$bindir/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres merit_faults
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/merit_faults"
merit_server_start "$port" "$work/server.log" MERIT_DEMO=1 RUST_LOG=warn
now() { python3 scripts/reliability_load.py now; }

# --- PostgreSQL restarted under load ----------------------------------------------------------
log "reading under load for 20 s; PostgreSQL stops at 5 s and starts again at 11 s"
python3 scripts/reliability_load.py watch "$base" 20 "$work/watch.txt" &
load_pid=$!
sleep 5
down_at=$(now)
pg stop -m fast
sleep 1
ready=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/api/health/ready")
log "database down: /api/health/ready answers $ready"
[ "$ready" = 503 ] || fail "/api/health/ready answered $ready while the database was down"
sleep 5
up_at=$(now)
pg start
wait "$load_pid"

python3 - "$work/watch.txt" "$down_at" "$up_at" <<'PY' || failed=1
import sys
rows = [tuple(map(float, l.split()[:2])) + (int(l.split()[2]),) for l in open(sys.argv[1]) if l.strip()]
down, up = float(sys.argv[2]), float(sys.argv[3])
during = [r for r in rows if down + 0.5 < r[0] < up]
codes = sorted({r[2] for r in during})
slowest = max((r[1] - r[0] for r in during), default=0)
back = min((r[1] for r in rows if r[0] >= up and r[2] == 200), default=None)
print(f"  requests in all: {len(rows)}; during the outage: {len(during)}, statuses {codes}, slowest {slowest:.2f} s")
ok = True
# A request may still be served while PostgreSQL shuts down; one that fails must say 503.
if any(c not in (200, 503) for c in codes):
    print("  FAIL: during the outage requests must fail with 503"); ok = False
if slowest > 5:
    print("  FAIL: a request hung for more than 5 s"); ok = False
if back is None:
    print("  FAIL: service did not come back"); ok = False
else:
    print(f"  service back {back - up:.2f} s after the database started")
    if back - up > 5:
        print("  FAIL: more than 5 s"); ok = False
sys.exit(0 if ok else 1)
PY
grep -E '"level":"(ERROR|WARN)"' "$work/server.log" | grep -o '"error":"[^"]*' | sed 's/"error":"//' |
  sort | uniq -c | sort -rn | head -5 | sed 's/^/  server said: /'

# --- kill -9 during uploads ------------------------------------------------------------------
log "uploading 100 files, 8 at a time; kill -9 of the server once 10 are acknowledged"
python3 scripts/reliability_load.py uploads "$base" 100 >"$work/acked.txt" 2>"$work/uploads.err" &
upload_pid=$!
for _ in $(seq 1 1000); do
  [ "$(grep -vc '^#' "$work/acked.txt" || true)" -ge 10 ] && break
  sleep 0.01
done
kill -KILL "$MERIT_SERVER_PID"
wait "$MERIT_SERVER_PID" 2>/dev/null || true
MERIT_SERVER_PID=""
wait "$upload_pid" || true
grep -v '^#' "$work/acked.txt" >"$work/ids.txt" || true
acked=$(grep -c . "$work/ids.txt" || true)
merit_server_start "$port" "$work/server2.log" MERIT_DEMO=1
ids=$(paste -sd, "$work/ids.txt")
stored=0
if [ -n "$ids" ]; then
  stored=$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d merit_faults -tAc \
    "SELECT count(*) FROM competition_submissions WHERE id = ANY('{$ids}'::uuid[])")
fi
total=$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d merit_faults -tAc \
  "SELECT count(*) FROM competition_submissions s JOIN users u ON u.id = s.user_id
    WHERE u.email = 'alice@demo.test' AND s.file_name = 'p.csv'")
log "acknowledged before the kill: $acked; of them stored after restart: $stored; rows stored in all: $total"
[ "$acked" -gt 0 ] || fail "no upload was acknowledged before the kill (nothing was tested)"
[ "$acked" -lt 100 ] || fail "every upload finished before the kill (nothing was interrupted)"
[ "$stored" = "$acked" ] || fail "acknowledged uploads were lost"
curl -fs -o /dev/null "$base/api/health/ready" || fail "the restarted server is not ready"

if [ "$failed" = 0 ]; then log "R4 passed"; else exit 1; fi
