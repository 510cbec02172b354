#!/usr/bin/env bash
#! R6, many instances as one: two release instances (A and B) on one database, behind Debian's
#! nginx rendered from deploy/nginx/merit.conf, all on loopback. Checks that
#!   - a session made on A works on B, and signing out on B ends it on A;
#!   - nginx spreads requests over both;
#!   - the sign-in throttle holds across both: 30 parallel wrong passwords for one account
#!     through nginx get exactly 5 × 401 and the rest 429;
#!   - the daily submission limit holds across both: 20 parallel uploads with a limit of 5 store
#!     exactly 5;
#!   - a rescoring job (a new answer-key version) runs once: claimed once, finished by one
#!     instance, one audit row;
#!   - kill -9 of A in the middle of uploads and reads through nginx: every acknowledged upload is
#!     stored, and B keeps serving the reads.
#! Prints what it measured; exits 1 when a check fails. About a minute; loopback only.
#! Needs target/release/merit (the test command builds it) and nginx (installed when missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

log() { printf '\033[1;34m[cluster]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[cluster] FAIL: %s\033[0m\n' "$*" >&2; failed=1; }
failed=0

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  log "installing Debian nginx"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# shellcheck source=scripts/db.sh
source scripts/db.sh
merit_db_recreate merit_cluster
export DATABASE_URL="$MERIT_PG_URL/merit_cluster"
sql() { psql "$DATABASE_URL" -tAqc "$1" </dev/null; }

port_a=${MERIT_CLUSTER_PORT:-3110}
port_b=$((port_a + 1))
port_lb=$((port_a + 2))
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"
lb="http://127.0.0.1:$port_lb"
work=$(mktemp -d)
pid_a="" pid_b="" nginx_pid=""
cleanup() {
  MERIT_SERVER_PID=$pid_a merit_server_stop
  MERIT_SERVER_PID=$pid_b merit_server_stop
  [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
  if [ -n "${MERIT_CLUSTER_KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# One session key for both, as every replica of a deployment shares it; behind one proxy.
key="$(head -c 64 /dev/urandom | base64 -w0)"
common=(MERIT_DEMO=1 MERIT_SESSION_KEY="$key" MERIT_TRUST_PROXY=1 MERIT_RATE_LIMIT_PER_MINUTE=100000)
log "instance A on $a, instance B on $b, one database (merit_cluster)"
merit_server_start "$port_a" "$work/a.log" "${common[@]}"
pid_a=$MERIT_SERVER_PID
merit_server_start "$port_b" "$work/b.log" "${common[@]}"
pid_b=$MERIT_SERVER_PID

# nginx from the deploy file: the two instances as upstreams, listening on loopback.
mkdir -p "$work/nginx/tmp"
chmod -R 777 "$work/nginx/tmp"
sed -e "s|^\( *\)server merit:3000 \(.*\)# merit-upstream|\1server 127.0.0.1:$port_a \2\n\1server 127.0.0.1:$port_b \2|" \
  -e "s|listen [0-9]*; *# merit-listen|listen 127.0.0.1:$port_lb;|" \
  deploy/nginx/merit.conf >"$work/nginx/merit.conf"
grep -q "127.0.0.1:$port_b" "$work/nginx/merit.conf" || { echo "could not render merit.conf" >&2; exit 1; }
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $work/nginx/merit.conf;
}
CONF
"$nginx_bin" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fs -o /dev/null "$lb/api/health/ready" && break; sleep 0.1; done
curl -fs -o /dev/null "$lb/api/health/ready" || { cat "$work/nginx/error.log" >&2; exit 1; }
log "nginx on $lb"

# --- one session, two instances ----------------------------------------------------------------
cookie=$(merit_login "$a" employee@demo.test)
me_b=$(curl -s -o "$work/me.json" -w '%{http_code}' -H "Cookie: $cookie" "$b/api/v1/users/me")
log "signed in on A; B answers /users/me with $me_b ($(grep -o '"email":"[^"]*"' "$work/me.json" || true))"
[ "$me_b" = 200 ] && grep -q '"email":"employee@demo.test"' "$work/me.json" ||
  fail "the session made on A does not work on B"
for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $cookie" "$lb/api/v1/users/me"; done
on_a=$(grep -c '"path":"/api/v1/users/me"' "$work/a.log" || true)
on_b=$(grep -c '"path":"/api/v1/users/me"' "$work/b.log" || true)
log "20 requests through nginx: A served $on_a, B served $((on_b - 1)) (plus the direct one)"
[ "$on_a" -ge 5 ] && [ "$on_b" -ge 6 ] || fail "nginx did not spread the requests over both instances"
out_b=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Cookie: $cookie" -H "Origin: $b" "$b/api/v1/auth/logout")
after_a=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$a/api/v1/users/me")
log "signed out on B ($out_b); the same cookie on A now gets $after_a"
[ "$after_a" = 401 ] || fail "signing out on B did not end the session on A"

# --- the sign-in throttle across instances -----------------------------------------------------
statuses=$(python3 scripts/reliability_load.py throttle "$lb" dave@demo.test 30)
log "30 parallel wrong passwords for dave through nginx: $statuses"
[ "$statuses" = '{"401": 5, "429": 25}' ] || fail "the throttle let through other than exactly 5 attempts"

# --- the daily submission limit across instances -----------------------------------------------
before=$(sql "SELECT count(*) FROM competition_submissions s JOIN users u ON u.id = s.user_id
               WHERE u.email = 'bob@demo.test' AND s.created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'")
statuses=$(python3 scripts/reliability_load.py daily "$lb" bob@demo.test 5 20)
after=$(sql "SELECT count(*) FROM competition_submissions s JOIN users u ON u.id = s.user_id
              WHERE u.email = 'bob@demo.test' AND s.created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'")
expected=$((5 > before ? 5 - before : 0))
log "daily limit 5, bob had $before today; 20 parallel uploads: $statuses; stored today now $after"
[ "$after" = "$((before + expected))" ] && [ "$(printf '%s' "$statuses" | grep -o '"201": [0-9]*' | grep -o '[0-9]*$')" = "$expected" ] ||
  fail "the daily limit did not accept exactly $expected uploads"

# --- a rescoring job runs once ------------------------------------------------------------------
job=$(python3 scripts/reliability_load.py rescore "$lb")
version=$(printf '%s' "$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
cid=$(printf '%s' "$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["competition"])')
row=$(sql "SELECT status || ' claims=' || claims || ' done=' || done || '/' || total
             FROM competition_rescoring_jobs WHERE competition_id = '$cid' AND version = $version")
audits=$(sql "SELECT count(*) FROM audit_logs WHERE action = 'competition.rescoring_finish'
               AND entity_id = '$cid' AND (payload->>'version')::int = $version")
ran_a=$(grep -c 'rescoring finished' "$work/a.log" || true)
ran_b=$(grep -c 'rescoring finished' "$work/b.log" || true)
log "answer key version $version: job $row; finished on A $ran_a time(s), on B $ran_b; audit rows $audits"
[[ "$row" == "done claims=1 "* ]] || fail "the rescoring job was not done after exactly one claim"
[ "$((ran_a + ran_b))" = 1 ] || fail "the rescoring job finished $((ran_a + ran_b)) times"
[ "$audits" = 1 ] || fail "the rescoring job wrote $audits audit rows"

# --- instance A lost in the middle of uploads and reads ----------------------------------------
log "through nginx: reads for 12 s and 200 uploads; kill -9 of A once 10 uploads are acknowledged"
python3 scripts/reliability_load.py watch "$lb" 12 "$work/watch.txt" &
watch_pid=$!
python3 scripts/reliability_load.py uploads "$lb" 200 >"$work/acked.txt" 2>"$work/uploads.err" &
upload_pid=$!
for _ in $(seq 1 1500); do
  [ "$(grep -vc '^#' "$work/acked.txt" || true)" -ge 10 ] && break
  sleep 0.01
done
killed_at=$(python3 scripts/reliability_load.py now)
kill -KILL "$pid_a"
wait "$pid_a" 2>/dev/null || true
pid_a=""
wait "$upload_pid" || true
wait "$watch_pid" || true
grep -v '^#' "$work/acked.txt" >"$work/ids.txt" || true
acked=$(grep -c . "$work/ids.txt" || true)
ids=$(paste -sd, "$work/ids.txt")
stored=0
[ -z "$ids" ] || stored=$(sql "SELECT count(*) FROM competition_submissions WHERE id = ANY('{$ids}'::uuid[])")
log "uploads acknowledged: $acked of 200; of them stored: $stored"
[ "$acked" -gt 10 ] || fail "no upload was acknowledged after the kill (B did not take over)"
[ "$stored" = "$acked" ] || fail "acknowledged uploads were lost"
python3 - "$work/watch.txt" "$killed_at" <<'PY' || failed=1
import sys
rows = [(float(l.split()[0]), float(l.split()[1]), int(l.split()[2])) for l in open(sys.argv[1]) if l.strip()]
killed = float(sys.argv[2])
after = [r for r in rows if r[0] > killed]
bad = [r for r in after if r[2] != 200]
print(f"  reads in all: {len(rows)}; after the kill: {len(after)}, of them failed: {len(bad)}"
      f" (statuses {sorted({r[2] for r in bad})})")
if len(after) < 10:
    print("  FAIL: too few reads after the kill"); sys.exit(1)
if bad:
    print("  FAIL: reads failed after the kill although B was serving"); sys.exit(1)
PY
ready=$(curl -s -o /dev/null -w '%{http_code}' "$lb/api/health/ready")
log "through nginx after the kill: /api/health/ready $ready"
[ "$ready" = 200 ] || fail "B does not serve through nginx"

if [ "$failed" = 0 ]; then log "R6 passed"; else exit 1; fi
